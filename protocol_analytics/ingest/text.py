"""Plain text and Markdown: encoding detected, Markdown syntax reduced to text."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import IngestError, Warnings
from .base import ExtractedText, looks_binary, register_reader


def decode_bytes(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Decode bytes as UTF-8, else as the encoding charset-normalizer detects."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig", warnings
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("PA011", path, reason="no text encoding fits its bytes")
    encoding = best.encoding
    warnings.append(Warnings.PA101.format(path=path, encoding=encoding))
    return str(best), encoding, warnings


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
    if looks_binary(data):
        raise IngestError("PA002", path, fmt="text")
    text, encoding, warnings = decode_bytes(data, path)
    return ExtractedText(text=text.replace("\r\n", "\n").replace("\r", "\n"), format="txt",
                         encoding=encoding, warnings=warnings)


@register_reader(".md", ".markdown")
def read_markdown(path: Path) -> ExtractedText:
    extracted = read_text(path)
    extracted.text = markdown_to_text(extracted.text)
    extracted.format = "md"
    return extracted
