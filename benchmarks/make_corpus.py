"""Synthetic corpora of council member/officer protocols, for benchmarks and scale tests.

Each synthetic protocol recombines whole sections of the bundled protocols
(``data/raw``, cut up with :func:`protocol_analytics.segment.segment_text`) and
varies what differs between real councils:

* the council: an invented place name and type (parish, town, community,
  city, district, borough), which also appears in the clause text;
* the front matter: title wording, address block, contact lines, adoption
  line, sometimes a web page's navigation or a contents list;
* numbering: ``1.1`` under ``1.0`` headings, ``- 1.1`` (Seaton style),
  flattened ``1.`` on every clause (lists copied from web pages), one
  consecutive ``1. 2. 3.`` sequence under unnumbered headings; list items as
  ``(a)``, ``a)``, ``(i)``, ``•``, ``-`` or ``–``;
* section order and how many clauses of each section are kept;
* the words for the actors: Members / Councillors / Cllrs; officers / staff /
  employees; Clerk / Town Clerk / Parish Clerk;
* the format: mostly ``.txt``, some ``.md`` and ``.html`` (``--formats``).

Deterministic for a given seed: protocol ``i`` of a corpus depends only on
(seed, i), so a corpus of 50 is the first 50 protocols of a corpus of 200.

    python benchmarks/make_corpus.py 200 /tmp/corpus --seed 1
"""
from __future__ import annotations

import argparse
import csv
import html
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW = ROOT / "data" / "raw"

# ------------------------------------------------------------------ source sections


@dataclass
class Item:
    text: str


@dataclass
class SourceClause:
    text: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Section:
    title: str
    clauses: list[SourceClause]
    source: str  # the council it came from
    source_names: tuple[str, ...] = ()


def _source_names(raw_dir: Path) -> dict[str, tuple[str, ...]]:
    """Names (and short place names) of the bundled councils, by file name, to swap for the new council's."""
    names: dict[str, tuple[str, ...]] = {}
    manifest = raw_dir / "councils.csv"
    if manifest.exists():
        with open(manifest, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names[row["file"]] = (row["council"],)
    return names


def load_sections(raw_dir: Path = DEFAULT_RAW) -> list[Section]:
    """Every section of every bundled protocol, with its top-level clauses and their list items."""
    from protocol_analytics.segment import segment_text

    names = _source_names(raw_dir)
    sections: list[Section] = []
    for path in sorted(raw_dir.glob("*.txt")):
        seg = segment_text(path.read_text(encoding="utf-8"))
        by_id: dict[str, SourceClause] = {}
        top_of: dict[str, str] = {}
        current: Section | None = None
        for c in seg.clauses:
            title = c.section_title or ""
            if current is None or title != current.title:
                current = Section(title=title, clauses=[], source=path.name,
                                  source_names=names.get(path.name, ()))
                sections.append(current)
            text = " ".join(c.text.split())
            if not text:
                continue
            top = top_of.get(c.parent_id) if c.parent_id else None
            if c.parent_id and c.parent_id in by_id:
                top = c.parent_id
            if top is not None and top in by_id:
                by_id[top].items.append(Item(text))
                top_of[c.clause_id] = top
            else:
                clause = SourceClause(text)
                by_id[c.clause_id] = clause
                top_of[c.clause_id] = c.clause_id
                current.clauses.append(clause)
    return [s for s in sections if s.clauses]


# ------------------------------------------------------------------ councils

_PREFIX = ["Ash", "Brad", "Bramp", "Char", "Cold", "Dun", "East", "Elm", "Fern", "Gold", "Hay", "Holl", "Kings",
           "Lang", "Lit", "Mar", "Mill", "Nor", "Oak", "Pen", "Ridg", "Stan", "Thorn", "Wes", "Whit", "Yar",
           "Hather", "Ald", "Bex", "Crow", "Dray", "Fair", "Glen", "Hart", "Ivy", "Kel", "Lynd", "Moss"]
_SUFFIX = ["ford", "ton", "bury", "ley", "field", "wick", "combe", "ham", "stead", "worth", "by", "mouth",
           "well", "den", "hurst", "minster", "bridge", "thorpe", "dale", "cott"]
_QUALIFIER = ["", "", "", "", "", "Upper ", "Great ", "Little ", "Long ", "North ", "South "]
_TAIL = ["", "", "", "", "", "", " St Mary", " on Sea", " and District", "-on-the-Hill"]
_TYPES = [("Parish", 45), ("Town", 30), ("Community", 8), ("City", 5), ("District", 7), ("Borough", 5)]
_COUNTIES = ["Devon", "West Sussex", "Norfolk", "Cumbria", "Kent", "Shropshire", "Powys", "Gwynedd", "Dorset"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_WELSH_MONTHS = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi",
                 "Hydref", "Tachwedd", "Rhagfyr"]
_TITLES = ["Protocol on Member/Officer Relations", "Member and Officer Relations Protocol",
           "MEMBER / OFFICER RELATIONS PROTOCOL", "Councillor and Staff Protocol",
           "Protocol for Councillor and Employee Relations", "Member-Officer Protocol",
           "Code of Practice on Relations between Councillors and Staff"]
_GENERIC_TITLES = ["General", "Other matters", "Working together", "Standards of behaviour", "Communication"]


@dataclass
class Council:
    place: str
    kind: str

    @property
    def name(self) -> str:
        return f"{self.place} {self.kind} Council"

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def make_council(rng: random.Random, taken: set[str]) -> Council:
    for attempt in range(50):
        place = rng.choice(_QUALIFIER) + rng.choice(_PREFIX) + rng.choice(_SUFFIX) + rng.choice(_TAIL)
        if attempt > 20:
            place += f" and {rng.choice(_PREFIX)}{rng.choice(_SUFFIX)}"
        kind = rng.choices([k for k, _ in _TYPES], weights=[w for _, w in _TYPES])[0]
        council = Council(place, kind)
        if council.name not in taken:
            taken.add(council.name)
            return council
    raise RuntimeError("could not invent a new council name")


# ------------------------------------------------------------------ wording


@dataclass
class Wording:
    members: tuple[str, str]  # plural, singular
    officers: tuple[str, str]
    clerk: str


_MEMBER_STYLES = [("Members", "Member"), ("members", "member"), ("Councillors", "Councillor"),
                  ("councillors", "councillor"), ("Cllrs", "councillor")]
_OFFICER_STYLES = [("officers", "officer"), ("Officers", "Officer"), ("staff", "member of staff"),
                   ("employees", "employee")]
_TITLED_OFFICERS = ("monitoring", "proper", "financial", "chief", "protection", "returning", "executive",
                    "senior", "statutory", "responsible")

_MEMBER_RE = re.compile(r"\b(?:(an?|An?) )?(members?|councillors?|cllrs?)\b(?! of (?:the public|staff))", re.I)
_OFFICER_RE = re.compile(r"\b(?:(an?|An?) )?(officers?|employees?)\b", re.I)
_CLERK_RE = re.compile(r"\b(?:Town |Parish )?Clerk\b")
_COUNCIL_KIND_RE = re.compile(r"\bthe (?:Parish|Town|Community) Council\b")


def _article(word: str, original: str | None) -> str:
    if not original:
        return ""
    art = "an" if word[0].lower() in "aeiou" else "a"
    return (art.capitalize() if original[0].isupper() else art) + " "


def _swap(match: re.Match, plural: str, singular: str) -> str:
    article, word = match.group(1), match.group(2)
    is_plural = word.lower().endswith("s")
    new = plural if is_plural else singular
    before = match.string[:match.start()]
    if word[0].isupper() and not new[0].isupper() and (not before.strip() or re.search(r"[.:;!?]['\"’)]*\s+$", before)):
        new = new[0].upper() + new[1:]
    return _article(new, article) + new


def vary_wording(text: str, wording: Wording, council: Council, source_names: tuple[str, ...]) -> str:
    for name in source_names:
        text = text.replace(name, council.name)
    text = _COUNCIL_KIND_RE.sub(f"the {council.kind} Council", text)
    text = _MEMBER_RE.sub(lambda m: _swap(m, *wording.members), text)

    def officer(m: re.Match) -> str:
        before = text[max(0, m.start() - 12):m.start()].lower().split()
        if before and before[-1] in _TITLED_OFFICERS:
            return m.group(0)
        return _swap(m, *wording.officers)

    text = _OFFICER_RE.sub(officer, text)
    text = _CLERK_RE.sub(wording.clerk, text)
    return text


def make_wording(rng: random.Random, council: Council) -> Wording:
    clerks = {"Town": ["Town Clerk", "Clerk"], "Parish": ["Parish Clerk", "Clerk"]}.get(council.kind, ["Clerk"])
    return Wording(rng.choice(_MEMBER_STYLES), rng.choice(_OFFICER_STYLES), rng.choice(clerks))


# ------------------------------------------------------------------ layout


@dataclass
class Layout:
    numbering: str  # dotted | dash_dotted | flat | consecutive
    heading: str  # "n.0" | "n" | "n." (dotted styles only)
    items: str  # (a) | a) | (i) | • | - | –
    upper_headings: bool


_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def _item_marker(style: str, j: int) -> str:
    if style == "(a)":
        return f"({chr(97 + j)})" if j < 26 else "-"
    if style == "a)":
        return f"{chr(97 + j)})" if j < 26 else "-"
    if style == "(i)":
        return f"({_ROMAN[j]})" if j < len(_ROMAN) else "-"
    return style


def make_layout(rng: random.Random) -> Layout:
    numbering = rng.choices(["dotted", "dash_dotted", "flat", "consecutive"], weights=[45, 20, 15, 20])[0]
    items = rng.choice(["(a)", "a)", "(i)", "•", "-", "–"])
    return Layout(numbering, rng.choice(["n.0", "n", "n."]), items, rng.random() < 0.3)


@dataclass
class Protocol:
    council: Council
    title: str
    front: list[str]
    sections: list[tuple[str, list[SourceClause]]]
    layout: Layout
    web_chrome: bool = False

    @property
    def n_clauses(self) -> int:
        return sum(len(c.items) + 1 for _, cl in self.sections for c in cl)


def make_protocol(rng: random.Random, pool: list[Section], council: Council) -> Protocol:
    wording = make_wording(rng, council)
    layout = make_layout(rng)
    n_sections = rng.randint(4, 8)
    chosen: list[Section] = []
    titles: set[str] = set()
    # the first section is an introduction/purpose section when the pool has one
    intros = [s for s in pool if re.match(r"(?i)(introduction|purpose|policy statement|why we)", s.title)]
    candidates = [rng.choice(intros)] if intros else []
    candidates += rng.sample(pool, min(len(pool), n_sections * 2))
    for s in candidates:
        key = s.title.lower()
        if key in titles or len(chosen) >= n_sections:
            continue
        titles.add(key)
        chosen.append(s)
    body = chosen[1:]
    rng.shuffle(body)
    chosen = chosen[:1] + body
    sections = []
    for s in chosen:
        keep = s.clauses if rng.random() < 0.6 else s.clauses[:max(1, rng.randint(1, len(s.clauses)))]
        clauses = [SourceClause(vary_wording(c.text, wording, council, s.source_names),
                                [Item(vary_wording(i.text, wording, council, s.source_names)) for i in c.items])
                   for c in keep]
        for c in clauses:
            if c.items and not c.text.endswith(":"):
                c.text = c.text.rstrip(".;,") + ":"
        title = s.title or rng.choice(_GENERIC_TITLES)
        title = title.title() if title.isupper() else title
        title = vary_wording(title, wording, council, s.source_names)
        if layout.upper_headings:
            title = title.upper()
        sections.append((title, clauses))

    title = rng.choice(_TITLES)
    front = make_front_matter(rng, council, title)
    return Protocol(council, title, front, sections, layout, web_chrome=rng.random() < 0.1)


def make_front_matter(rng: random.Random, council: Council, title: str) -> list[str]:
    """Lines above the first section: name, maybe an address and contacts, the title, an adoption line."""
    lines: list[str] = []
    name = council.name.upper() if rng.random() < 0.3 else council.name
    if council.kind == "Community" and rng.random() < 0.5:
        lines.append(f"Cyngor Cymuned {council.place}")
    lines.append(name)
    if rng.random() < 0.2:
        lines.append(f"Constitution - Part {rng.randint(2, 6)}: Codes and Protocols")
    domain = f"{re.sub(r'[^a-z]', '', council.place.lower())}{council.kind.lower()}council.gov.uk"
    if rng.random() < 0.6:
        lines += [f"{rng.randint(1, 120)} {rng.choice(['High Street', 'Market Place', 'Church Lane', 'Station Road'])}",
                  council.place, rng.choice(_COUNTIES),
                  f"{rng.choice('ABCDEHKLMNPRST')}{rng.choice('ABDEHLNRSTWXY')}{rng.randint(1, 29)} "
                  f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"]
    if rng.random() < 0.6:
        lines.append(f"Telephone: 01{rng.randint(200, 999)} {rng.randint(100000, 999999)}")
        lines.append(f"Email: clerk@{domain}")
    if rng.random() < 0.4:
        lines.append(f"www.{domain}")
    lines.append(title)
    day, month, year = rng.randint(1, 28), rng.randrange(12), rng.randint(2015, 2025)
    lines.append(rng.choice([
        f"Adopted by Full Council on {day} {_MONTHS[month]} {year} (Minute {rng.randint(10, 250)}/{year % 100:02d})",
        f"Approved by Full Council: {day} {_MONTHS[month]} {year}          Review due: {_MONTHS[month]} {year + 2}",
        f"Last reviewed: {day} {_MONTHS[month]} {year} (Standards Committee)",
        f"Mabwysiadwyd / Adopted: {day} {_WELSH_MONTHS[month]} / {_MONTHS[month]} {year}"
        if council.kind == "Community" else f"Adopted {day} {_MONTHS[month]} {year}.",
    ]))
    return lines


# ------------------------------------------------------------------ rendering


def _heading(layout: Layout, n: int, title: str) -> str:
    if layout.numbering in ("flat", "consecutive"):
        return title
    number = {"n.0": f"{n}.0", "n": f"{n}", "n.": f"{n}."}[layout.heading]
    if layout.numbering == "dash_dotted" and layout.heading == "n":
        number = f"{n}."
    return f"{number} {title}"


def render_text(p: Protocol) -> str:
    out: list[str] = []
    if p.web_chrome:
        out += ["Skip to content", "Home", "About Us", "Your Councillors", "Meetings", "Policies", "Contact",
                f"Home  >  Policies  >  {p.title}", ""]
    for line in p.front:
        out += [line, ""]
    lay = p.layout
    counter = 0
    for n, (title, clauses) in enumerate(p.sections, start=1):
        out += [_heading(lay, n, title), ""]
        for k, c in enumerate(clauses, start=1):
            counter += 1
            if lay.numbering == "dotted":
                marker = f"{n}.{k}"
            elif lay.numbering == "dash_dotted":
                marker = f"- {n}.{k}"
            elif lay.numbering == "flat":
                marker = "1."
            else:
                marker = f"{counter}."
            out.append(f"{marker} {c.text}")
            if c.items:
                if lay.numbering in ("dash_dotted", "dotted"):
                    indent = " " if lay.numbering == "dash_dotted" else ""
                else:
                    indent = "   "
                for j, item in enumerate(c.items):
                    out.append(f"{indent}{_item_marker(lay.items, j)} {item.text}")
            out.append("")
    return "\n".join(out) + "\n"


def render_markdown(p: Protocol) -> str:
    out = [f"# {p.title}", ""]
    for line in p.front:
        if line != p.title:
            out += [line, ""]
    lay = p.layout
    for n, (title, clauses) in enumerate(p.sections, start=1):
        out += [f"## {_heading(lay, n, title)}", ""]
        for k, c in enumerate(clauses, start=1):
            marker = f"{n}.{k}" if lay.numbering in ("dotted", "dash_dotted") else f"{k}."
            out += [f"{marker} {c.text}", ""]
            if c.items:
                for item in c.items:
                    out.append(f"- {item.text}")
                out.append("")
    return "\n".join(out)


def render_html(p: Protocol) -> str:
    e = html.escape
    lay = p.layout
    body: list[str] = [f"<h1>{e(p.title)}</h1>"]
    body += [f"<p>{e(line)}</p>" for line in p.front if line != p.title]
    for n, (title, clauses) in enumerate(p.sections, start=1):
        body.append(f"<h2>{e(_heading(lay, n, title))}</h2>")
        if lay.numbering in ("flat", "consecutive"):
            body.append("<ol>")
            for c in clauses:
                body.append(f"<li><p>{e(c.text)}</p>{_html_items(c, lay)}</li>")
            body.append("</ol>")
        else:
            for k, c in enumerate(clauses, start=1):
                body.append(f"<p>{n}.{k} {e(c.text)}</p>{_html_items(c, lay)}")
    nav = "".join(f"<li><a href='#'>{x}</a></li>" for x in ("Home", "Meetings", "Policies", "Contact"))
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{e(p.title)} | {e(p.council.name)}</title></head>\n<body>\n"
            f"<header><nav><ul>{nav}</ul></nav></header>\n<main>\n" + "\n".join(body) +
            f"\n</main>\n<footer><p>&copy; {e(p.council.name)}</p></footer>\n</body></html>\n")


def _html_items(c: SourceClause, lay: Layout) -> str:
    if not c.items:
        return ""
    e = html.escape
    tag = "ol type='a'" if lay.items in ("(a)", "a)") else ("ol type='i'" if lay.items == "(i)" else "ul")
    close = tag.split()[0]
    return f"<{tag}>" + "".join(f"<li>{e(i.text)}</li>" for i in c.items) + f"</{close}>"


# ------------------------------------------------------------------ corpus


def generate_corpus(n: int, out_dir: str | Path, seed: int = 0, formats: tuple[str, ...] = ("txt", "md", "html"),
                    raw_dir: Path = DEFAULT_RAW) -> list[Path]:
    """Write ``n`` synthetic protocols to ``out_dir``; returns their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pool = load_sections(raw_dir)
    taken: set[str] = set()
    weights = {"txt": 85, "md": 10, "html": 5}
    fmts = [f for f in formats if f in weights] or ["txt"]
    paths = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        council = make_council(rng, taken)
        protocol = make_protocol(rng, pool, council)
        fmt = rng.choices(fmts, weights=[weights[f] for f in fmts])[0]
        text = {"txt": render_text, "md": render_markdown, "html": render_html}[fmt](protocol)
        path = out_dir / f"{i:05d}-{council.slug}.{fmt}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of protocols")
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--formats", default="txt,md,html", help="comma-separated subset of txt,md,html")
    args = parser.parse_args(argv)
    paths = generate_corpus(args.n, args.out_dir, seed=args.seed, formats=tuple(args.formats.split(",")))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} protocols ({words} words) -> {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
