"""Council details found in a document's front matter (and, failing that, its file name)."""
from __future__ import annotations

import re

from .segment import _EMAIL, _PHONE, _POSTCODE, _WEB
from .segment_rules import packaged_rules

COUNCIL_TYPES = ("parish", "town", "community", "village", "neighbourhood", "city", "district", "borough",
                 "county", "unitary", "metropolitan", "county borough", "london borough")

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
        for url in _WEB.findall(line) + [e.split("@", 1)[1] for e in _EMAIL.findall(line)]:
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
        emails = _EMAIL.findall(t)
        if emails:
            fields["email"] += emails
            address_open = False
            continue
        if _PHONE.match(t):
            fields["telephone"].append(re.sub(r"^[A-Za-z.\s:]+", "", t).strip() or t)
            address_open = False
            continue
        if _WEB.search(t) and len(t.split()) <= 6:
            fields["web"] += [w for w in _WEB.findall(t)]
            continue
        if packaged_rules().front_matter.match(t):
            low = t.lower()
            if re.search(r"adopt|approv|agreed|ratif|mabwys", low):
                fields["adopted"].append(t)
            if re.search(r"review|updated", low):
                fields["reviewed"].append(t)
            continue
        if _POSTCODE.search(t) or (address_open and re.match(r"^\d+\s+\w", t)):
            fields["address"].append(t)
            continue
        if address_open and fields["address"] and len(t.split()) <= 4 and not t.isupper():
            fields["address"].append(t)
    return {k: "; ".join(dict.fromkeys(v)) for k, v in fields.items()}
