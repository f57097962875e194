"""The label vocabularies (``data/labels.yaml``: roles, duties, escalation targets, topics), read once, and
the other fixed vocabularies of the tables: council types, nations, and the order of duties."""
from __future__ import annotations

from functools import lru_cache

from ..config import PACKAGE_DATA, read_rule_file
from ..errors import Errors, RuleFileError

LABELS_FILE = PACKAGE_DATA / "labels.yaml"
VOCABULARIES = ("roles", "duties", "escalation_targets", "topics")

DUTY_ORDER = ("obligation", "prohibition", "permission", "expectation")
"""The duties in labels.yaml's order: a clause's ``duties`` list and the role × duty columns follow it."""
DUTY_STRENGTH = {"obligation": 4, "prohibition": 3, "expectation": 2, "permission": 1}
"""How strong a duty is, for coverage's ``strongest_duty`` (obligation > prohibition > expectation > permission)."""

COUNCIL_TYPES = ("parish", "town", "community", "village", "neighbourhood", "city", "district", "borough",
                 "county", "unitary", "metropolitan", "county borough", "london borough")
NATIONS = ("England", "Wales", "Scotland", "Northern Ireland", "")


@lru_cache(maxsize=1)
def load_labels() -> dict[str, tuple[str, ...]]:
    """Every vocabulary of labels.yaml as a tuple of its ids, in the file's order.

    >>> load_labels()["duties"] == DUTY_ORDER
    True
    """
    data = read_rule_file(LABELS_FILE)
    if not isinstance(data, dict) or any(not isinstance(data.get(k), dict) for k in VOCABULARIES):
        raise RuleFileError(Errors.PA030.format(path=LABELS_FILE, problem=f"expected the mappings {VOCABULARIES}"))
    return {k: tuple(data[k]) for k in VOCABULARIES}


def label_ids() -> dict[str, set[str]]:
    """Every vocabulary of labels.yaml as a set of its ids."""
    return {k: set(v) for k, v in load_labels().items()}
