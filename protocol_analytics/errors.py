"""Coded error and warning messages, kept in one place (spaCy style).

Every message names the file it is about and says what the user can do.
"""
from __future__ import annotations

from pathlib import Path


class Errors:
    PA001 = "{path}: the file is empty. Re-export the protocol or remove the file from the raw folder."
    PA002 = ("{path}: the file looks binary, not {fmt}. Check that it was saved in the format its "
             "extension says, or rename it with the right extension.")
    PA003 = ("{path}: the PDF has no text layer (probably a scan). Run OCR on it first "
             "(for example `ocrmypdf in.pdf out.pdf`) and put the OCR'd file in the raw folder.")
    PA004 = "{path}: the PDF is encrypted. Save an unencrypted copy (or supply the password) and re-run."
    PA005 = "{path}: the file could not be opened as {fmt} ({reason}). Re-save it from its source program."
    PA006 = ("{path}: the file is {size_mb:.3g} MB, over the {limit_mb:g} MB limit. Split it, or raise the "
             "limit with --max-mb.")
    PA007 = "{path}: no format reader for '{suffix}'. Supported: {supported}. Convert the file or remove it."
    PA008 = ("{path}: the text does not read as English (about {share:.0%} English function words). "
             "Supply an English version of the protocol.")
    PA009 = ("{path}: no clauses were found: the text has no paragraphs or list items of a protocol's body. "
             "Check that the file is a protocol and not a cover page or a form.")
    PA010 = "{path}: the same content as {other} (sha256 {sha256:.12}). Only the first is processed; remove one."
    PA011 = "{path}: the text could not be decoded ({reason}). Save it as UTF-8 and re-run."
    PA020 = "{path}: manifest row {row}: {problem}. Fix data/raw/councils.csv and re-run."
    PA021 = "{path}: the manifest could not be read ({reason}). Fix or remove data/raw/councils.csv."
    PA030 = "{path}: rule file is invalid: {problem}."
    PA031 = "table '{table}' failed its schema check: {problem}"
    PA040 = "council '{council}' is not in the processed tables.{hint} Known councils: {known}."
    PA041 = "no processed tables in {path}. Run `protocol-analytics build` first."
    PA042 = "{path}: no such {what}. Check the path (relative to {cwd})."
    PA043 = ("'{value}' is not a council type, a nation or a council of the processed tables.{hint} "
             "Council types: {types}. Nations: {nations}. Or name councils (by name or doc_id, comma-separated) "
             "or give a file of council names, one a line.")
    PA044 = "topic '{topic}' is not in the taxonomy.{hint} Topics: {known}."
    PA045 = "{path}: the file names no council (one council name or doc_id a line; '#' starts a comment)."
    PA047 = "nothing to export: give --xlsx FILE and/or --ig-script FILE."
    PA046 = "'{value}' selects no council of the processed tables{what}. {known}"
    PA012 = ("{path}: no body text was left in the {fmt} after removing navigation, menus, headers and "
             "footers. Save the page that holds the protocol itself (not an index or menu page), or export "
             "it as text.")
    PA013 = ("{path}: tagging failed ({reason}). This is a bug in protocol_analytics, not in the file: "
             "please report it with the file. The other files were processed.")


class Warnings:
    PA101 = "{path}: encoding detected as {encoding}, not UTF-8; the text was decoded from it."
    PA102 = "{path}: the manifest has no row for this file; council details were read from the document."
    PA103 = "{path}: manifest row for '{file}' names no file in the raw folder."
    PA104 = ("{path}: page(s) {pages} of {total} have no text layer (scanned?); their text is missing. "
             "Run OCR on the file (for example `ocrmypdf in.pdf out.pdf`) to include them.")


class ProtocolAnalyticsError(Exception):
    """Base class of the package's own errors."""


class IngestError(ProtocolAnalyticsError):
    """A raw file could not be turned into text. `code` is the PA0xx code."""

    def __init__(self, code: str, path: str | Path, **fields):
        self.code = code
        self.path = str(path)
        self.fields = fields
        super().__init__(getattr(Errors, code).format(path=path, **fields))

    @property
    def reason(self) -> str:
        return str(self)


class ManifestError(ProtocolAnalyticsError):
    """The manifest is broken as a whole (unreadable, wrong columns)."""


class RuleFileError(ProtocolAnalyticsError):
    """A packaged or user-supplied rule, lexicon or taxonomy file is invalid."""


class SchemaError(ProtocolAnalyticsError):
    """A table does not match its declared schema."""


class UserError(ProtocolAnalyticsError):
    """A mistake in what the user asked for (a name, a path, a filter): ``code`` is its PA0xx code. The command
    line prints it as one line, without a traceback."""

    def __init__(self, code: str, message: str | None = None, **fields):
        self.code = code
        super().__init__(message if message is not None else getattr(Errors, code).format(**fields))


class UnknownCouncilError(UserError):
    """A council named on the command line is not in the processed tables."""

    def __init__(self, message: str, code: str = "PA040"):
        super().__init__(code, message)


def did_you_mean(value: str, choices, n: int = 1) -> str:
    """' Did you mean 'X'?' for the closest of ``choices`` (difflib), or ''.

    >>> did_you_mean("Seaton Town Counsil", ["Seaton Town Council", "Ostbury Town Council"])
    " Did you mean 'Seaton Town Council'?"
    """
    import difflib

    choices = list(dict.fromkeys(str(c) for c in choices))
    lower = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(str(value).lower(), list(lower), n=n, cutoff=0.6)
    if not close and len(str(value).strip()) >= 3:  # a part of a name: 'Seaton' for 'Seaton Town Council'
        close = [c for c in lower if str(value).strip().lower() in c][:3]
    if not close:
        return ""
    return " Did you mean " + " or ".join(f"'{lower[c]}'" for c in close) + "?"


def listing(values, limit: int = 12) -> str:
    """'a, b, c' — at most ``limit`` values, then '… (N more)'.

    >>> listing(["a", "b", "c"], limit=2)
    'a, b … (1 more)'
    """
    values = list(values)
    if not values:
        return "none"
    head = ", ".join(str(v) for v in values[:limit])
    return head + (f" … ({len(values) - limit} more)" if len(values) > limit else "")
