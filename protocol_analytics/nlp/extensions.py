"""The one place the package's Doc extensions are registered."""
from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = ("pa_mentions", "pa_statements", "pa_escalations", "pa_aliases", "pa_procedure")
# set on the Doc before the pipeline runs, from the clause's whole document:
# pa_aliases: the actor aliases the document defines;
# pa_procedure: the escalation target "this procedure" means (the document is a grievance procedure …), or None


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
