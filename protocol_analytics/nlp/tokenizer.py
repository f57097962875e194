"""The model's tokenizer as the rules need it: spaCy's own, with the lexicon's suffixes and whole words.

``make_nlp`` loads a model without its tokenizer's file: spaCy builds the language's tokenizer first, and for
the packaged model the file holds the same rules byte for byte (loading them again cost about 40 ms a
process). Where the model's config names spaCy's own tokenizer, spaCy builds it with the lexicon's suffixes
added (:func:`tokenizer_override`, the registered ``SUFFIXED_TOKENIZER``): setting them afterwards
compiled the suffix pattern a second time and loaded every special case again (55 ms a process, on a
rebuild's critical path). :func:`use_model_tokenizer` then loads the model's own file only where it differs
from the language's, and adds the suffixes to it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, load_config, registry

from ..config import spacy_model_folder

SUFFIXED_TOKENIZER = "protocol_analytics.Tokenizer.v1"  # spaCy's tokenizer with the lexicon's suffixes
SPACY_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}


def suffix_rules(suffixes) -> list[str]:
    """The lexicon's suffix patterns as rules of a suffix list (each matched at the end of a token)."""
    return [f"(?:{s})" for s in suffixes]


def _suffix_tail(suffixes) -> str:
    """What the lexicon's suffixes add to a suffix pattern: ``|(?:s)$`` for each, as spaCy joins suffix rules."""
    return "".join(f"|{rule}$" for rule in suffix_rules(suffixes))


@registry.tokenizers(SUFFIXED_TOKENIZER)
def create_tokenizer_with_suffixes(suffixes: list[str]):
    """spaCy's ``spacy.Tokenizer.v1`` (the language's rules), its suffix rules followed by ``suffixes``."""

    def tokenizer_factory(nlp):
        from spacy.tokenizer import Tokenizer

        rules = nlp.Defaults
        own = list(rules.suffixes or ())
        return Tokenizer(
            nlp.vocab,
            rules=rules.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(rules.prefixes).search if rules.prefixes else None,
            suffix_search=compile_suffix_regex([*own, *suffix_rules(suffixes)]).search if own else None,
            infix_finditer=compile_infix_regex(rules.infixes).finditer if rules.infixes else None,
            token_match=rules.token_match,
            url_match=rules.url_match,
        )

    return tokenizer_factory


def model_data_path(model: str) -> Path | None:
    """The folder of a model's config.cfg: the model folder itself, or an installed model package's data
    folder (named from its meta.json, as spaCy's ``load_model_from_init_py`` names it); None if not found."""
    folder = spacy_model_folder(model)
    if folder is None or (folder / "config.cfg").is_file():
        return folder
    try:
        meta = json.loads((folder / "meta.json").read_bytes())
        data = folder / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if (data / "config.cfg").is_file() else None


def tokenizer_override(model: str, suffixes) -> dict:
    """``spacy.load``'s config override that builds the model's tokenizer with the lexicon's ``suffixes`` at
    once; {} when there are none, or the model's config names a tokenizer other than spaCy's own."""
    folder = model_data_path(model)
    if not suffixes or folder is None or any("${" in str(x) for x in suffixes):  # (a config reads "${…}" as a
        return {}  # variable: such a suffix is added after the load instead)
    try:
        block = load_config(folder / "config.cfg", interpolate=False)["nlp"]["tokenizer"]
    except Exception:  # (a config spaCy itself will report on when it loads the model)
        return {}
    if dict(block) != SPACY_TOKENIZER:
        return {}
    return {"nlp": {"tokenizer": {"@tokenizers": SUFFIXED_TOKENIZER, "suffixes": list(suffixes)}}}


def suffixes_built_in(nlp) -> bool:
    """Whether ``nlp``'s tokenizer was built by :data:`SUFFIXED_TOKENIZER` (its config says what was built, whatever
    was asked of the model's loader)."""
    return nlp.config["nlp"].get("tokenizer", {}).get("@tokenizers") == SUFFIXED_TOKENIZER


def use_model_tokenizer(nlp, suffixes, built_with_suffixes: bool) -> None:
    """Give ``nlp`` (loaded without its tokenizer's file) the model's saved tokenizer where it differs from
    the language's, and the lexicon's ``suffixes`` (already there when ``built_with_suffixes``)."""
    saved = Path(nlp.path) / "tokenizer" if nlp.path is not None else None
    if saved is not None and saved.is_file() and _differs(saved.read_bytes(), nlp.tokenizer,
                                                            suffixes if built_with_suffixes else ()):
        nlp.tokenizer.from_disk(saved, exclude=["vocab"])
        built_with_suffixes = False
    if not built_with_suffixes:
        add_suffixes(nlp, suffixes)


def _differs(saved: bytes, tokenizer, added) -> bool:
    """Whether a saved tokenizer's rules differ from ``tokenizer``'s, the suffixes it was built with
    (``added``) left out."""
    own = tokenizer.to_bytes(exclude=["vocab"])
    if not added:
        return saved != own
    import srsly

    mine, theirs = srsly.msgpack_loads(own), srsly.msgpack_loads(saved)
    tail = _suffix_tail(added)
    pattern = mine.get("suffix_search")
    if not isinstance(pattern, str) or not pattern.endswith(tail):
        return True
    mine["suffix_search"] = pattern[:-len(tail)]
    return mine != theirs


def add_suffixes(nlp, suffixes) -> None:
    """Let ``nlp``'s tokenizer split off the lexicon's suffixes too (a lead-in's ":-" in "The Chair should:-",
    which spaCy keeps on the word, hiding the modal from the tagger)."""
    search = nlp.tokenizer.suffix_search
    if suffixes and search is not None:  # the model's own suffixes, whichever they are, then the lexicon's
        nlp.tokenizer.suffix_search = re.compile(search.__self__.pattern + _suffix_tail(suffixes)).search


def add_whole_words(nlp, words) -> None:
    """Keep the lexicon's hyphenated words one token ("e-mail"), so that "You can e-mail us" has a verb."""
    from spacy.symbols import ORTH

    for word in words:
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])
