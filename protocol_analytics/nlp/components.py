"""Thin spaCy components around the rules in :mod:`protocol_analytics.nlp.rules`."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..rules.lexicon import load_lexicon
from . import extensions  # noqa: F401  (registers Doc._.pa_*)
from .rules import ActorResolver, escalation_hits, expand_addressees, role_mentions, statements_of_sentence, text_of


class _LexiconComponent:
    def __init__(self, nlp: Language, name: str, lexicon_path: str | None):
        self.name = name
        self.lex = load_lexicon(lexicon_path)


@Language.factory("pa_role_mentions", default_config={"lexicon_path": None}, assigns=["doc._.pa_mentions"])
def make_role_mentions(nlp: Language, name: str, lexicon_path: str | None):
    return RoleMentions(nlp, name, lexicon_path)


class RoleMentions(_LexiconComponent):
    """Actor names (councillor, officer, clerk …) with their character spans.

    ``doc._.pa_aliases`` holds the actor aliases the clause's document defines ("staff ('Officers')");
    :func:`protocol_analytics.tag.clause_docs` sets it on each clause's Doc.
    """

    def __call__(self, doc: Doc) -> Doc:
        doc._.pa_mentions = role_mentions(text_of(doc), self.lex, doc._.pa_aliases or ())
        return doc


@Language.factory("pa_deontic", default_config={"lexicon_path": None}, assigns=["doc._.pa_statements"],
                  requires=["doc._.pa_mentions", "token.dep", "token.lemma"])
def make_deontic(nlp: Language, name: str, lexicon_path: str | None):
    return Deontic(nlp, name, lexicon_path)


class Deontic(_LexiconComponent):
    """Deontic statements: duty type, cue, the actor it governs, its condition."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.pa_mentions if doc._.pa_mentions is not None else role_mentions(text_of(doc), self.lex)
        resolver = ActorResolver(doc, mentions, self.lex, [])
        statements = []
        for sent in doc.sents:
            statements += statements_of_sentence(sent, mentions, resolver, self.lex)
        expand_addressees(statements, mentions)
        doc._.pa_statements = statements
        return doc


@Language.factory("pa_escalation", default_config={"lexicon_path": None}, assigns=["doc._.pa_escalations"])
def make_escalation(nlp: Language, name: str, lexicon_path: str | None):
    return Escalation(nlp, name, lexicon_path)


class Escalation(_LexiconComponent):
    """Where a concern goes: candidate escalation targets with evidence."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.pa_escalations = escalation_hits(doc, self.lex)
        return doc
