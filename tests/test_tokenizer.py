"""The model's tokenizer with the lexicon's suffixes, built at once (protocol_analytics/nlp/tokenizer.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from protocol_analytics.nlp.tokenizer import (
    SUFFIXED_TOKENIZER,
    _differs,
    add_suffixes,
    add_whole_words,
    suffixes_built_in,
    tokenizer_override,
    use_model_tokenizer,
)
from protocol_analytics.rules.lexicon import load_lexicon

COLON_DASH = ("(?<=[^\\W\\d_]:)[-–—]+",)


def _tokens(nlp, text: str) -> list[str]:
    return [t.text for t in nlp.tokenizer(text)]


def _rules(nlp) -> bytes:
    return nlp.tokenizer.to_bytes(exclude=["vocab"])


@pytest.mark.slow
def test_the_pipeline_tokenizer_is_built_once_and_is_the_one_set_afterwards():
    """make_nlp's tokenizer (built with the lexicon's suffixes) against the language's tokenizer given them
    afterwards, as before: the same rules byte for byte, the same tokens; and the model's own tokenizer file
    is seen to hold the language's rules, so it is not loaded again."""
    from protocol_analytics.config import model_name
    from protocol_analytics.nlp import UNUSED_COMPONENTS, make_nlp

    lex = load_lexicon()
    built = make_nlp()
    assert suffixes_built_in(built)
    before = spacy.load(model_name(), exclude=[*UNUSED_COMPONENTS, "tokenizer"])
    add_suffixes(before, lex.tokenizer_suffixes)
    add_whole_words(before, lex.tokenizer_whole_words)
    assert _rules(built) == _rules(before)
    text = "The Chair should:- e-mail the Clerk, who must reply within 5 days (see para. 4) at www.example.org."
    assert _tokens(built, text) == _tokens(before, text)
    assert _tokens(built, "The Chair should:-")[-3:] == ["should", ":", "-"]
    fresh = spacy.load(model_name(), exclude=[*UNUSED_COMPONENTS, "tokenizer"],
                       config=tokenizer_override(model_name(), lex.tokenizer_suffixes))
    assert not _differs((Path(fresh.path) / "tokenizer").read_bytes(), fresh.tokenizer, lex.tokenizer_suffixes)


def test_a_blank_model_saved_with_spacys_tokenizer_is_built_with_the_suffixes(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "plain")
    override = tokenizer_override(str(tmp_path / "plain"), COLON_DASH)
    assert override == {"nlp": {"tokenizer": {"@tokenizers": SUFFIXED_TOKENIZER, "suffixes": list(COLON_DASH)}}}
    loaded = spacy.load(tmp_path / "plain", exclude=["tokenizer"], config=override)
    assert suffixes_built_in(loaded)
    afterwards = spacy.blank("en")
    add_suffixes(afterwards, COLON_DASH)
    assert _rules(loaded) == _rules(afterwards)  # (every rule of spaCy's own tokenizer, and the suffixes)
    assert not _differs((tmp_path / "plain" / "tokenizer").read_bytes(), loaded.tokenizer, COLON_DASH)
    use_model_tokenizer(loaded, COLON_DASH, built_with_suffixes=True)
    assert _rules(loaded) == _rules(afterwards)  # (the saved file not loaded, the suffixes not added twice)
    assert _tokens(loaded, "Officers should:- reply") == ["Officers", "should", ":", "-", "reply"]


def test_a_saved_tokenizer_that_differs_is_loaded_and_given_the_suffixes(tmp_path):
    own = spacy.blank("en")
    own.tokenizer.add_special_case("parishclerk", [{"ORTH": "parish"}, {"ORTH": "clerk"}])
    own.to_disk(tmp_path / "own")
    override = tokenizer_override(str(tmp_path / "own"), COLON_DASH)
    loaded = spacy.load(tmp_path / "own", exclude=["tokenizer"], config=override)
    assert _tokens(loaded, "the parishclerk") == ["the", "parishclerk"]
    assert _differs((tmp_path / "own" / "tokenizer").read_bytes(), loaded.tokenizer, COLON_DASH)
    use_model_tokenizer(loaded, COLON_DASH, built_with_suffixes=suffixes_built_in(loaded))
    assert _tokens(loaded, "the parishclerk should:-") == ["the", "parish", "clerk", "should", ":", "-"]


def test_no_override_for_a_model_with_another_tokenizer_or_without_suffixes(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "other")
    config = tmp_path / "other" / "config.cfg"
    text = config.read_text(encoding="utf-8")
    assert "spacy.Tokenizer.v1" in text
    config.write_text(text.replace("spacy.Tokenizer.v1", "custom.WhitespaceTokenizer.v1"), encoding="utf-8")
    assert tokenizer_override(str(tmp_path / "other"), COLON_DASH) == {}
    spacy.blank("en").to_disk(tmp_path / "plain")
    assert tokenizer_override(str(tmp_path / "plain"), ()) == {}
    assert tokenizer_override(str(tmp_path / "missing"), COLON_DASH) == {}


def test_a_suffix_a_config_would_read_as_a_variable_is_added_after_the_load(tmp_path):
    """spaCy's config reads "${…}" as a variable: such a suffix is not put in the override, and is added to the
    loaded tokenizer as before."""
    odd = ("(?<=[a-z])\\${1,2}",)
    spacy.blank("en").to_disk(tmp_path / "plain")
    assert tokenizer_override(str(tmp_path / "plain"), odd) == {}
    loaded = spacy.load(tmp_path / "plain", exclude=["tokenizer"])
    assert not suffixes_built_in(loaded)
    use_model_tokenizer(loaded, odd, built_with_suffixes=suffixes_built_in(loaded))
    assert _tokens(loaded, "costs$$") == ["costs", "$$"]


def test_an_installed_model_package_has_its_config_found_without_loading_it():
    """An installed model package keeps its config.cfg in a data folder named from its meta.json."""
    from protocol_analytics.config import DEFAULT_MODEL, spacy_model_folder
    from protocol_analytics.nlp.tokenizer import model_data_path

    package = spacy_model_folder(DEFAULT_MODEL)
    assert package is not None and (package / "meta.json").is_file()
    assert not (package / "config.cfg").is_file()
    assert model_data_path(DEFAULT_MODEL).parent == package
    assert (model_data_path(DEFAULT_MODEL) / "config.cfg").is_file()
    assert spacy_model_folder("no_such_model_package") is None and spacy_model_folder("not a name/") is None
