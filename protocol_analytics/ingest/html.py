"""Web pages (.html, .htm): boilerplate removed, block elements as blocks, list numbers as text.

The page is decoded (BOM, then ``<meta charset>``, then UTF-8 / detection),
parsed with BeautifulSoup on lxml, stripped of navigation, banners, cookie
notices, forms, scripts and footers, and walked in document order. Headings,
paragraphs, list items and table cells become blocks; ``<ol>`` items get
``"1. "`` style numbers (``start``, ``type``, ``value`` and ``reversed``
respected), ``<ul>`` items ``"- "``.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import IngestError
from .base import ExtractedText, looks_binary, register_reader
from .numbering import to_letters, to_roman
from .text import Decoded, bom_of, decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

# Browsers decode these labels as windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "windows-1252",
              "cp1252", "iso_8859-1"}

DROP_TAGS = {"script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg",
             "canvas", "button", "select", "input", "textarea", "object", "embed", "map", "dialog",
             "head", "title", "meta", "link"}
DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog", "alertdialog"}
# id/class words that mark boilerplate: anywhere in a word ("mainmenu", "cookiebanner") ...
BOILERPLATE_SUBSTRINGS = ("cookie", "consent", "gdpr", "menu", "footer", "breadcrumb", "skiplink",
                          "skip-link", "skip-to", "masthead", "sitemap", "navbar", "navigation",
                          "social-share", "share-buttons")
# ... or as a whole part of it ("nav", "site-nav", "nav_main", "mainNav")
BOILERPLATE_PARTS = ("nav", "subnav", "topnav", "sidenav", "mainnav", "sidebar", "toolbar")
_SKIP_LINK = re.compile(r"^\s*skip\s+(to|navigation|over)\b", re.I)

BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5",
              "h6", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
              "blockquote", "pre", "dl", "dt", "dd", "address", "figure", "figcaption", "hr", "details",
              "summary", "center", "fieldset", "body", "html"}
PROTECTED = {"html", "body", "main", "article"}


def sniff_charset(data: bytes) -> str | None:
    """The encoding a page declares in ``<meta charset>`` / ``http-equiv`` (first 4 KB), if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, path: Path) -> Decoded:
    """Decode a page: a BOM wins, then the declared charset, then :func:`decode_bytes`."""
    declared = sniff_charset(data) if bom_of(data) is None else None
    if declared and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass
    return decode_bytes(data, path)


# --------------------------------------------------------------------------- boilerplate

def _tokens(value) -> str:
    if isinstance(value, (list, tuple)):
        value = " ".join(value)
    return (value or "").lower()


def _looks_boilerplate(tag) -> bool:
    if tag.name in PROTECTED:
        return False
    attrs = tag.attrs or {}
    role = _tokens(attrs.get("role"))
    if role in DROP_ROLES:
        return True
    names = _tokens(attrs.get("id")) + " " + _tokens(attrs.get("class"))
    for word in names.split():
        if any(s in word for s in BOILERPLATE_SUBSTRINGS):
            break
        if any(part in BOILERPLATE_PARTS for part in re.split(r"[-_.:]", word)):
            break
    else:
        return False
    # a wrapper whose class happens to say "nav" but holds the page's body is not boilerplate
    return tag.find("h1") is None and len(tag.find_all("p", limit=3)) < 3


def _hidden(tag) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or _tokens(attrs.get("aria-hidden")) == "true":
        return True
    style = _tokens(attrs.get("style")).replace(" ", "")
    return "display:none" in style or "visibility:hidden" in style


def _holds_content(tag) -> bool:
    return tag.find(["main", "article"]) is not None or tag.find(attrs={"role": "main"}) is not None


def strip_boilerplate(soup) -> None:
    """Remove scripts, navigation, banners, cookie notices, forms, site header/footer in place."""
    from bs4 import CData, Comment, Declaration, Doctype, ProcessingInstruction

    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Doctype, ProcessingInstruction,
                                                               Declaration, CData))):
        node.extract()
    for tag in soup.find_all(DROP_TAGS):
        if not tag.decomposed and not _holds_content(tag):
            tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if tag.decomposed:
            continue
        # a <header>/<footer> inside an article or section belongs to it (its title, its date)
        if tag.find_parent(["article", "main", "section"]) is None and not _holds_content(tag):
            tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if (_looks_boilerplate(tag) or _hidden(tag)) and not _holds_content(tag):
            tag.decompose()
    for a in soup.find_all("a"):
        if not a.decomposed and _SKIP_LINK.match(a.get_text(" ")):
            a.decompose()


# --------------------------------------------------------------------------- list markers

def ol_marker(n: int, kind: str) -> str:
    """The marker a browser shows for item n of an ``<ol type=kind>``."""
    if kind == "a":
        return f"{to_letters(n)}."
    if kind == "A":
        return f"{to_letters(n).upper()}."
    if kind == "i":
        return f"{to_roman(n)}."
    if kind == "I":
        return f"{to_roman(n).upper()}."
    return f"{n}."


def _int_attr(tag, name: str) -> int | None:
    try:
        return int(str(tag.get(name)).strip())
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- walk

class _Walker:
    """Collects blocks in document order; a list item's marker waits for its first text."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.marker: str | None = None

    def flush(self) -> None:
        text = "".join(self.current)
        text = "\n".join(re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n"))
        text = re.sub(r"\n{2,}", "\n", text).strip()
        if text:
            self.blocks.append(f"{self.marker} {text}" if self.marker else text)
            self.marker = None
        self.current = []

    def walk(self, node, pre: bool = False) -> None:
        from bs4 import NavigableString, Tag

        for child in list(node.children):
            if isinstance(child, NavigableString):
                text = str(child)
                self.current.append(text if pre else re.sub(r"\s+", " ", text))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.current.append("\n")
            elif name in ("ol", "ul", "menu", "dir"):
                self.flush()
                self.marker = None  # an item holding only a nested list shows no text of its own
                self.walk_list(child)
            elif name in ("td", "th"):
                self.flush()
                self.walk(child)
                self.flush()
            elif name in BLOCK_TAGS:
                self.flush()
                self.walk(child, pre=pre or name == "pre")
                self.flush()
            else:
                self.walk(child, pre=pre)

    def walk_list(self, lst) -> None:
        ordered = lst.name == "ol"
        items = [li for li in lst.find_all("li", recursive=False)]
        kind = str(lst.get("type") or "1").strip()
        reversed_ = ordered and lst.has_attr("reversed")
        start = _int_attr(lst, "start")
        if start is None:
            start = len(items) if reversed_ else 1
        n = start
        for child in lst.children:
            if getattr(child, "name", None) != "li":
                if getattr(child, "name", None):
                    self.flush()
                    self.walk(child)
                    self.flush()
                continue
            value = _int_attr(child, "value")
            if ordered and value is not None:
                n = value
            self.flush()
            self.marker = ol_marker(n, str(child.get("type") or kind)) if ordered else "-"
            self.walk(child)
            self.flush()
            self.marker = None
            n = n - 1 if reversed_ else n + 1


MAX_DEPTH = 500
"""Elements nested deeper than this are not followed: the walk recurses once per level."""


class TooDeep(Exception):
    def __init__(self, depth: int):
        super().__init__(f"elements nested {depth} deep")
        self.depth = depth


def nesting_depth(soup) -> int:
    """How deep the page's elements nest (counted without recursion)."""
    from bs4 import Tag

    deepest, stack = 0, [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))
    return deepest


def html_to_text(markup: str) -> str:
    """Plain text of an HTML page: boilerplate removed, one block per paragraph/heading/list item.
    Raises :class:`TooDeep` for a page nested deeper than :data:`MAX_DEPTH`."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    depth = nesting_depth(soup)
    if depth > MAX_DEPTH:
        raise TooDeep(depth)
    strip_boilerplate(soup)
    root = soup.find("main") or soup.find(attrs={"role": "main"})
    if root is None:
        articles = soup.find_all("article")
        root = articles[0] if len(articles) == 1 else (soup.body or soup)
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return "\n\n".join(walker.blocks)


@register_reader(".html", ".htm", ".xhtml")
def read_html(path: Path) -> ExtractedText:
    """Read a saved web page into the shared plain-text layout."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("PA001", path)
    if bom_of(data) is None and looks_binary(data):
        raise IngestError("PA002", path, fmt="HTML")
    decoded = decode_html(data, path)
    try:
        text = html_to_text(decoded.text)
    except TooDeep as exc:
        raise IngestError("PA017", path, depth=exc.depth, limit=MAX_DEPTH) from exc
    except Exception as exc:  # a parser failure on very broken markup
        raise IngestError("PA005", path, fmt="HTML", reason=f"{type(exc).__name__}: {exc}") from exc
    if len(re.sub(r"\s", "", text)) < 20:
        raise IngestError("PA012", path, fmt="web page")
    return ExtractedText(text=text, format="html", encoding=decoded.encoding, warnings=decoded.warnings,
                         notices=decoded.notices)
