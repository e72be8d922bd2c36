"""Derived-standard method ``lowest``: the lowest rating among the rated standards it is derived from; Not
rated when none of them is rated. A rising input rating never lowers it."""

from __future__ import annotations

from ..model.objects import Provenance, RuleSet, Standard
from ..model.words import and_list
from .base import NOT_RATED, Code, Ranks


def lowest_rated(*ranks: int) -> int:
    return min((r for r in ranks if r >= 0), default=NOT_RATED)


class Lowest:
    name = "lowest"
    summary = "the lowest rating among the rated standards it is derived from (Not rated when none is)"
    keys: tuple[str, ...] = ()  # no keys of its own on the standard
    any_scale = False  # its rating is one of its inputs': on the rule set's scale
    names_its_rule = False
    own_rules: tuple[()] = ()  # no rules of its own

    def cites(self, ranks: Ranks) -> list[tuple[str, Provenance]]:
        """The rules of its own a sentence rests on besides the derivation: none."""
        return []

    def read_slots(self, slots: tuple[int, ...]) -> tuple[int, ...]:
        """The slots its rating reads: its inputs'."""
        return slots

    def note(self, inputs: tuple[str, ...]) -> str:
        """What the ratings page shows beside the rating."""
        return "lowest of " + ", ".join(inputs)

    def combine(self, ranks: tuple[int, ...], every: Ranks | None = None) -> int:
        return lowest_rated(*ranks)

    def expr(self, code: Code, variables: list[str]) -> str:
        return f"{code.const(lowest_rated, 'D')}({', '.join(variables)})"

    def sentence(self, rules: RuleSet, standard: Standard, rank: int, inputs: dict[str, int],
                 every: Ranks | None = None) -> str:
        rating_of = rules.plan.rating_of
        listed = and_list(f"{rules.standards[s].label} {rating_of[r]}" for s, r in inputs.items())
        if rank < 0:
            return f"{standard.label} is {rating_of[rank]}: none of the standards it is rated from is rated ({listed})."
        return f"{standard.label} is {rating_of[rank]}: the lowest rating among {listed}."
