"""Plain text and Markdown: encoding detected, Markdown syntax reduced to text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IngestError, Warnings
from .base import ExtractedText, looks_binary, register_reader

BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xef\xbb\xbf", "utf-8"),
        (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
"""Byte order marks and their encodings, UTF-32's before UTF-16's (FF FE 00 00 starts with FF FE)."""


def bom_of(data: bytes) -> tuple[bytes, str] | None:
    """The byte order mark ``data`` starts with and its encoding, or None."""
    return next(((mark, encoding) for mark, encoding in BOMS if data.startswith(mark)), None)


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # coded warnings: rows of `errors`


def decode_replacing(data: bytes, encoding: str) -> tuple[str, int, int]:
    """``data`` decoded with every undecodable byte sequence replaced by U+FFFD; how many were replaced, and
    the byte offset of the first (-1 when none)."""
    try:
        return data.decode(encoding), 0, -1
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode(encoding, "replace")
    return text, text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd"), first


def _replaced(text: str, n: int, first: int, path: Path, encoding: str) -> Decoded:
    decoded = Decoded(text, encoding)
    if n:
        decoded.notices.append(("PA105", Warnings.PA105.format(path=path, n=n, encoding=encoding, offset=first)))
    return decoded


def decode_bytes(data: bytes, path: Path) -> Decoded:
    """Decode bytes: by their byte order mark; else as UTF-8, a few bad bytes replaced (and reported) when
    the rest is UTF-8; else as the encoding charset-normalizer detects."""
    bom = bom_of(data)
    if bom is not None:
        mark, encoding = bom
        return _replaced(*decode_replacing(data[len(mark):], encoding), path=path, encoding=encoding)
    text, n, first = decode_replacing(data, "utf-8")
    if not n:
        return Decoded(text, "utf-8")
    # valid UTF-8 characters beyond ASCII outnumber the bad bytes: UTF-8 with a few damaged bytes, which no
    # legacy code page would read better (it would garble every one of the good characters instead)
    if sum(ord(ch) > 127 for ch in text) - n >= n:
        return _replaced(text, n, first, path, "utf-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("PA011", path, reason="no text encoding fits its bytes")
    encoding = best.encoding
    return Decoded(str(best), encoding, [Warnings.PA101.format(path=path, encoding=encoding)])


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def markdown_to_text(text: str) -> str:
    """Reduce Markdown to the plain layout readers share (headings as lines, markers kept)."""
    out = []
    for line in text.splitlines():
        m = _MD_HEADING.match(line)
        if m:
            line = m.group(1)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3), line)
        line = re.sub(r"^\s*>\s?", "", line)
        if re.fullmatch(r"\s*([-*_]\s*){3,}", line):
            line = ""
        out.append(line)
    return "\n".join(out)


@register_reader(".txt", ".text")
def read_text(path: Path) -> ExtractedText:
    data = Path(path).read_bytes()
    if not data.strip():
        raise IngestError("PA001", path)
    if bom_of(data) is None and looks_binary(data):
        raise IngestError("PA002", path, fmt="text")
    decoded = decode_bytes(data, path)
    return ExtractedText(text=decoded.text.replace("\r\n", "\n").replace("\r", "\n"), format="txt",
                         encoding=decoded.encoding, warnings=decoded.warnings, notices=decoded.notices)


@register_reader(".md", ".markdown")
def read_markdown(path: Path) -> ExtractedText:
    extracted = read_text(path)
    extracted.text = markdown_to_text(extracted.text)
    extracted.format = "md"
    return extracted
