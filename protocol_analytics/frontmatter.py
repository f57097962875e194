"""Council details found in a document's front matter (and, failing that, its file name)."""
from __future__ import annotations

import re

from .rules.labels import COUNCIL_TYPES
from .rules.segmentation import packaged_rules
from .segment import guess_title
from .segment.cues import EMAIL, PHONE, POSTCODE, WEB

_COUNCIL_NAME = re.compile(
    r"\b((?:(?:[A-Z][\w'’-]*|of|upon|on|under|in|by|the|and|le|with|St\.?)\s+){1,5}?"
    r"(?:County Borough|London Borough|Parish|Town|Community|Village|Neighbourhood|City|District|Borough|County|"
    r"Metropolitan Borough|Unitary)\s+Council)\b"
)
_DOMAIN_NAME = re.compile(r"^(?:www\.)?([a-z]+?)(parish|town|community|city|district|borough|county)"
                          r"(?:council|cl|c|tc|pc)?\b", re.I)


def _title_case(name: str) -> str:
    if name.isupper():
        small = {"OF", "UPON", "ON", "UNDER", "IN", "BY", "THE", "AND", "WITH", "LE"}
        def word(w: str, first: bool) -> str:
            parts = w.split("-")
            return "-".join(p.lower() if (p in small and not (first and k == 0)) else p.capitalize()
                            for k, p in enumerate(parts))

        return " ".join(word(w, i == 0) for i, w in enumerate(name.split()))
    return name


def find_council_name(lines: list[str]) -> str | None:
    """'X Parish Council' (or Town, Community, …) from the first lines that name one."""
    for line in lines:
        probe = _title_case(line.strip()) if line.isupper() else line
        m = _COUNCIL_NAME.search(probe)
        if m:
            name = re.sub(r"^(?:The|the|of|and)\s+", "", m.group(1)).strip()
            return name
    return None


def council_from_domain(lines: list[str]) -> str | None:
    for line in lines:
        for url in WEB.findall(line) + [e.split("@", 1)[1] for e in EMAIL.findall(line)]:
            host = re.sub(r"^https?://", "", url).split("/")[0]
            m = _DOMAIN_NAME.match(host.split(".")[0] if not host.startswith("www.") else host[4:].split(".")[0])
            if m and len(m.group(1)) >= 3:
                return f"{m.group(1).capitalize()} {m.group(2).capitalize()} Council"
    return None


def council_from_filename(stem: str) -> str:
    words = re.split(r"[-_\s]+", stem)
    return " ".join(w.capitalize() for w in words if w)


def council_type_of(name: str | None) -> str:
    if not name:
        return "unknown"
    low = name.lower()
    for kind in sorted(COUNCIL_TYPES, key=len, reverse=True):
        if re.search(rf"\b{kind} council\b", low):
            return kind.replace(" ", "_")
    return "unknown"


def front_matter_fields(lines: list[str], title: str, council: str | None) -> dict[str, str]:
    """address, telephone, email, web, adopted and reviewed lines found in front matter."""
    fields = {"address": [], "telephone": [], "email": [], "web": [], "adopted": [], "reviewed": []}
    address_open = True
    for line in lines:
        t = line.strip()
        if not t or t == title or (council and t.lower() == council.lower()):
            continue
        emails = EMAIL.findall(t)
        if emails:
            fields["email"] += emails
            address_open = False
            continue
        if PHONE.match(t):
            fields["telephone"].append(re.sub(r"^[A-Za-z.\s:]+", "", t).strip() or t)
            address_open = False
            continue
        if WEB.search(t) and len(t.split()) <= 6:
            fields["web"] += [w for w in WEB.findall(t)]
            continue
        if packaged_rules().front_matter.match(t):
            low = t.lower()
            if re.search(r"adopt|approv|agreed|ratif|mabwys", low):
                fields["adopted"].append(t)
            if re.search(r"review|updated", low):
                fields["reviewed"].append(t)
            continue
        if POSTCODE.search(t) or (address_open and re.match(r"^\d+\s+\w", t)):
            fields["address"].append(t)
            continue
        if address_open and fields["address"] and len(t.split()) <= 4 and not t.isupper():
            fields["address"].append(t)
    return {k: "; ".join(dict.fromkeys(v)) for k, v in fields.items()}


# ---------------------------------------------------------------- web-page clutter and nation

_WEB_CLUTTER = re.compile(
    r"\bcookies?\b|\bconsent\b|\bskip to\b|\b(?:main |site )?(?:menu|navigation)\b|^(?:home|search|contact us|"
    r"accessibility|privacy(?: policy| notice)?|sitemap|site map|log ?in|sign ?in|print|share|download|back|top)$|"
    r"\bback to top\b|\bshare (?:this|on|via)\b|\b(?:follow|like) us\b|\b(?:facebook|twitter|linkedin|instagram|whatsapp|"
    r"youtube)\b|\brelated (?:documents?|pages?|links?|content|information)\b|\bsee also\b|\bin this section\b|"
    r"\byou are here\b|\bbreadcrumb\b|©|\bcopyright\b|\ball rights reserved\b|\bpowered by\b|\bwebsite (?:by|design)\b|"
    r"\bthis (?:site|website) uses\b|\bwas this page (?:useful|helpful)\b|\b(?:page )?last (?:updated|modified)\b.*\d{4}|"
    r"\bfile type:|\b(?:pdf|docx?)\s*,?\s*\d+(?:\.\d+)?\s*[km]b\b|\bopens in a new (?:window|tab)\b",
    re.I)


def is_web_clutter(line: str) -> bool:
    """A line of a web page's furniture rather than of the document: cookie notices, menus, share links,
    'related documents', breadcrumbs, footers.

    >>> is_web_clutter("We use cookies to make this website work. Accept all cookies")
    True
    >>> is_web_clutter("Home | About | Councillors | Meetings | Contact")
    True
    >>> is_web_clutter("Member/Officer Relations Protocol")
    False
    """
    t = " ".join(str(line).split())
    if not t:
        return False
    parts = [p for p in re.split(r"\s[|•·»›>]\s|\s{3,}|\t", t) if p.strip()]
    if len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts):
        return True  # a menu on one line
    return bool(_WEB_CLUTTER.search(t))


def clean_front_matter(lines: list[str]) -> list[str]:
    """Front-matter lines without web-page clutter; a 'Related documents' heading takes the list under it."""
    out, in_related = [], False
    for line in lines:
        t = line.strip()
        if re.match(r"^(?:related|other|more) (?:documents?|pages?|links?|policies|information)\b|^see also\b|"
                    r"^in this section\b|^downloads?:?$", t, re.I):
            in_related = True
            continue
        if in_related and len(t.split()) <= 12 and not packaged_rules().front_matter.match(t):
            continue
        in_related = False
        if not is_web_clutter(t):
            out.append(line)
    return out


def clean_title(title: str, front_matter: list[str]) -> str:
    """The document's title with web clutter refused: a cookie notice or a menu is no title; the title is then
    found again among the cleaned front-matter lines.

    >>> clean_title("This website uses cookies", ["This website uses cookies", "Protocol on Member/Officer Relations"])
    'Protocol on Member/Officer Relations'
    """
    if title and not is_web_clutter(title):
        return title
    return guess_title(clean_front_matter(front_matter))


_WELSH_WORDS = frozenset("cyngor cymuned tref dinas sir y yr a ac ar gyfer gyda yn o i ei eu neu ond hefyd am "
                         "cynghorydd cynghorwyr clerc cadeirydd swyddog swyddogion polisi protocol croeso "
                         "cymraeg saesneg amdanom cysylltu".split())
_WELSH_ONLY = frozenset("cyngor cymuned cynghorydd cynghorwyr cadeirydd swyddog swyddogion gyda ar gyfer croeso "
                        "cymraeg amdanom cysylltu hefyd".split())


def nation_of(lines: list[str], council: str = "", body: str = "") -> str:
    """Nation read from the document when the manifest gives none: 'Wales' for a Welsh domain (.cymru,
    .wales, gov.wales), 'Cyngor …', a community council or Welsh-language lines; 'Scotland' for .scot;
    otherwise '' (unknown).

    >>> nation_of(["www.llanbedr-cc.cymru"]), nation_of(["Cyngor Cymuned Llanbedr"]), nation_of(["Ashcombe Parish Council"])
    ('Wales', 'Wales', '')
    """
    text = " ".join(list(lines) + [council])
    low = text.lower()
    if re.search(r"\.(?:cymru|wales)\b|\bgov\.wales\b|\bcyngor\b|\bcommunity council\b|\bllywodraeth\b", low):
        return "Wales"
    if re.search(r"\.scot\b|\bgov\.scot\b", low):
        return "Scotland"
    words = re.findall(r"[a-zâêîôûŵŷ']+", (low + " " + body[:3000].lower()))
    welsh = [w for w in words if w in _WELSH_WORDS]
    if sum(w in _WELSH_ONLY for w in welsh) >= 2 and len(welsh) >= 4:
        return "Wales"
    return ""


def document_metadata(seg, doc_id: str, row: dict | None) -> dict:
    """Council, type, nation and front-matter fields of a segmented text (:class:`SegmentedText`): the
    manifest row first, then the document, then the file name."""
    row = row or {}
    front = clean_front_matter(seg.front_matter)  # cookie notices, menus, share links, 'related documents' out
    title = clean_title(seg.title, seg.front_matter)
    found = find_council_name(front) or find_council_name([title])
    if not found:
        # a council name line above unnumbered paragraphs can be taken for a section heading
        for heading in getattr(seg, "headings", [])[:1]:
            name = find_council_name([heading])
            if name and name.lower() == re.sub(r"^(?:the\s+)", "", heading.strip(), flags=re.I).lower():
                found = name
    source = "document"
    if not found:
        found = council_from_domain(front)
        source = "domain"
    if not found:
        found = council_from_filename(doc_id)
        source = "filename"
    council = row.get("council") or found
    if row.get("council"):
        source = "manifest"
    fields = front_matter_fields(front, title, council)
    kind = row.get("council_type") or council_type_of(council)
    body = " ".join(c.text for c in getattr(seg, "clauses", [])[:20])
    nation = row.get("nation", "") or nation_of(seg.front_matter + [title], council, body)
    return {"council": council, "council_source": source, "council_type": kind, "nation": nation,
            "title": title, **fields, "front_matter": " | ".join(front)}
