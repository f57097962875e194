"""spaCy pipeline with the package's own components (pa_role_mentions, pa_deontic, pa_escalation)."""
from __future__ import annotations

from functools import lru_cache

from ..config import model_name, spacy_model_folder
from ..errors import UserError
from ..rules.lexicon import load_lexicon
from .spacy_import import import_spacy

import_spacy()  # (without its command line: before the components, which import it)

from . import components  # noqa: E402, F401  (registers the factories)
from .attributes import replace_attribute_ruler  # noqa: E402
from .lemmas import replace_lemmatizer  # noqa: E402
from .tokenizer import add_whole_words, suffixes_built_in, tokenizer_override, use_model_tokenizer  # noqa: E402

# what the rules read: POS tags, lemmas, the parse and its sentences; NER is never used
UNUSED_COMPONENTS = ("ner",)
PA_COMPONENTS = ("pa_role_mentions", "pa_deontic", "pa_escalation")
# clauses nlp.pipe runs through the model at once: the model's arrays grow with the batch, so 64 (not spaCy's
# 256 or more) keeps a process's memory about 70 MB lower at the same speed (benchmarks/README.md)
PIPE_BATCH = 64


def _numpy_blas_available() -> bool:
    """Whether to load the model with thinc's CPU ops doing matrix products through numpy's BLAS, not blis.

    On the machines measured, numpy's OpenBLAS multiplies the tok2vec layer's matrices about three times
    faster than the blis kernels thinc uses by default, and tags and parses came out identical
    (benchmarks/README.md). Not when the current ops are not numpy's (a GPU): those are left alone.
    """
    from thinc.api import NumpyOps, get_current_ops

    return type(get_current_ops()) is NumpyOps


def make_nlp(model: str | None = None, lexicon_path: str | None = None, spacy_defaults: bool = False):
    """Load a spaCy model (default: the packaged small English model) and add our components.

    Two substitutions make it faster without changing its output: numpy's BLAS for thinc's matrix products
    (:func:`_numpy_blas_available`) and the attribute ruler compiled to look-ups (``pa_attribute_lookup``).
    ``spacy_defaults=True`` keeps the model exactly as spaCy loads it.
    """
    import contextlib

    import spacy  # deferred for start-up speed: importing the package does not load spaCy
    from thinc.api import use_ops

    name = model or model_name()
    numpy_blas = not spacy_defaults and _numpy_blas_available()
    exclude = list(UNUSED_COMPONENTS) + ([] if spacy_defaults else ["tokenizer", *_disabled_components(name)])
    lexicon = None if spacy_defaults else load_lexicon(lexicon_path)
    override = {} if lexicon is None else tokenizer_override(name, lexicon.tokenizer_suffixes)
    try:
        with use_ops("numpy", use_blis=False) if numpy_blas else contextlib.nullcontext():
            nlp = spacy.load(name, exclude=exclude, config=override)
    except OSError as exc:
        raise UserError("PA057", model=name) from exc
    if lexicon is not None:
        # the lexicon's tokens (nlp/tokenizer.py), then the fast configuration: the ruler's output by look-ups
        # (nlp/attributes.py), the lemmatizer's with each answer kept (nlp/lemmas.py)
        use_model_tokenizer(nlp, lexicon.tokenizer_suffixes, suffixes_built_in(nlp))
        add_whole_words(nlp, lexicon.tokenizer_whole_words)
        replace_attribute_ruler(nlp)
        replace_lemmatizer(nlp)
    for component in PA_COMPONENTS:
        nlp.add_pipe(component, config={"lexicon_path": lexicon_path})
    return nlp


def _disabled_components(model: str) -> list[str]:
    """The components a model's package or folder marks as disabled (its meta.json): its pipeline never runs
    them, so loading them (the packaged model's sentence recogniser: its weights and config) is time lost."""
    import json

    folder = spacy_model_folder(model)
    try:
        disabled = json.loads((folder / "meta.json").read_bytes()).get("disabled", []) if folder else []
    except (OSError, ValueError):
        return []
    return [str(name) for name in disabled] if isinstance(disabled, list) else []


def pipeline_lexicon(nlp=None):
    """The lexicon ``nlp``'s components were built with (the packaged one without a pipeline), so that
    tagging reads one rule set throughout."""
    if nlp is not None and "pa_deontic" in getattr(nlp, "pipe_names", ()):
        return nlp.get_pipe("pa_deontic").lex
    return load_lexicon()


def default_nlp(model: str | None = None):
    """The process's one pipeline for ``model`` (default: the configured one), loaded on first use: the
    serial build, pool and Dask workers and tagging without a pipeline all share it."""
    return _loaded(model or model_name())


@lru_cache(maxsize=2)
def _loaded(model: str):
    return make_nlp(model)


def pipeline_loaded() -> bool:
    """Whether this process holds a pipeline in its model cache (:func:`default_nlp`)."""
    info = getattr(_loaded, "cache_info", None)
    return info is not None and info().currsize > 0


def release_pipelines() -> None:
    """Drop this process's pipelines from the model cache (a build that loaded one for its documents gives
    its memory back before the corpus-wide tables); the next :func:`default_nlp` loads again."""
    import gc

    clear = getattr(_loaded, "cache_clear", None)
    if clear is not None:
        clear()
        gc.unfreeze()  # (a command's process freezes what it loads, the model too: collected with the rest now)
        gc.collect()  # (a pipeline's objects refer to each other)
