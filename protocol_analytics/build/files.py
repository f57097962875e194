"""The raw folder's files: which ones the build reads, which it refuses, and each one's doc_id."""
from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..ingest import supported_suffixes
from ..ingest.manifest import MANIFEST_NAME

IGNORED_NAMES = {MANIFEST_NAME, "README.md", "README.txt", ".gitkeep", ".DS_Store"}


def discover(raw_dir: Path) -> tuple[list[Path], list[tuple[Path, str, dict]]]:
    """Raw files the build reads, in a stable order (hidden files and the manifest skipped), and the
    entries it refuses, each with its error code and message fields: links that lead out of the raw
    folder or nowhere, and special files (FIFOs, sockets, devices), which are never opened."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise UserError("PA042", path=raw_dir, what="raw folder", cwd=os.getcwd())
    root = raw_dir.resolve()
    files, refused = [], []
    for path in sorted(raw_dir.rglob("*")):
        if path.name in IGNORED_NAMES or any(p.startswith(".") for p in path.relative_to(raw_dir).parts):
            continue
        try:
            target = path.resolve(strict=True)
            mode = target.stat().st_mode
        except (OSError, RuntimeError) as exc:  # dangling, or a loop (RuntimeError before Python 3.13)
            refused.append((path, "PA015", {"reason": getattr(exc, "strerror", None) or str(exc)}))
            continue
        if path.is_symlink() and not target.is_relative_to(root):
            refused.append((path, "PA014", {"target": target}))
        elif stat.S_ISREG(mode):
            files.append(path)
        elif not stat.S_ISDIR(mode):  # a folder is walked (a link to one inside the raw folder is not needed)
            refused.append((path, "PA016", {"kind": _file_kind(mode)}))
    return files, refused


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
             (stat.S_ISBLK, "block device"))
    return next((name for test, name in kinds if test(mode)), "special file")


def discover_files(raw_dir: Path) -> list[Path]:
    """Raw files the build reads, in a stable order (hidden files and the manifest skipped)."""
    return discover(raw_dir)[0]


MAX_DOC_ID_BYTES = 100
"""A doc_id names files (text/DOC_ID.txt, temporary files beside it): longer ones are cut and hashed."""


def assign_doc_ids(files: list[Path], raw_dir: Path) -> dict[str, str]:
    """Every file's doc_id, by its path relative to the raw folder: the name without its extension.

    Files sharing a name stem (a.txt and a.pdf; x/a.txt and y/a.txt) are named by their whole relative
    path instead (a-txt, x-a-txt); a file in the raw folder itself only by its siblings. An id longer than
    MAX_DOC_ID_BYTES is cut and given a short hash of the path; ids still shared by two files (a/x.txt and
    a-x-txt.txt) get one too, a longer one while any is still shared. Every id is unique and bounded.
    """
    supported = set(supported_suffixes())
    rels = [path.relative_to(raw_dir) for path in files]
    readable: dict[str, list[Path]] = {}
    for rel in rels:
        if rel.suffix.lower() in supported:
            readable.setdefault(rel.stem, []).append(rel)
    ids = {}
    for rel in rels:
        namesakes = [o for o in readable.get(rel.stem, []) if o != rel]
        if rel.parent == Path(".") or any(o.parent == rel.parent for o in namesakes):
            namesakes = [o for o in namesakes if o.parent == rel.parent]
        ids[str(rel)] = bounded_id(re.sub(r"[^\w-]+", "-", rel.as_posix()).strip("-") if namesakes else rel.stem, rel)
    for length in (8, 16, 64):
        counts = Counter(ids.values())
        shared = [rel for rel, doc_id in ids.items() if counts[doc_id] > 1]
        for rel in shared:
            ids[rel] = f"{ids[rel]}-{_path_hash(rel, length)}"
    return ids


def _path_hash(rel, length: int = 8) -> str:
    return hashlib.sha256(str(rel).encode()).hexdigest()[:length]


def bounded_id(doc_id: str, rel) -> str:
    """``doc_id`` cut to MAX_DOC_ID_BYTES (in UTF-8) with a hash of the path, when it is longer."""
    if len(doc_id.encode()) <= MAX_DOC_ID_BYTES:
        return doc_id
    return f"{doc_id.encode()[:MAX_DOC_ID_BYTES - 9].decode(errors='ignore')}-{_path_hash(rel)}"


@dataclass(frozen=True)
class RawFile:
    """A raw file the build makes a document of: its path relative to the raw folder, its sha256, its
    manifest row and its doc_id."""
    rel: str
    sha: str
    row: dict | None
    doc_id: str
