"""Derived-standard method ``first_match``: the rating of the first of the standard's own rules whose condition
holds, else its ``otherwise`` rating, as the overall method of that name gives the overall rating
(``overall_first_match.py``, whose rules, order proof and sentences it shares). Its rules read only the
standards in ``from``; the standard may be on another scale (a category of concern decided from the areas'
grades).

```yaml
- id: concern
  name: Category of concern
  kind: derived
  from: [quality, leadership, safeguarding]
  method: first_match
  scale: concern                  # optional
  min_rated: 2                    # optional: fewer of 'from' rated -> Not rated
  rules:
    - {id: special-measures, rating: Special measures, when: {standard: safeguarding, at_or_below: Not met}}
    - {rating: No concern, otherwise: true}
```
"""

from __future__ import annotations

from typing import Any

from ..model.objects import Provenance, RuleSet, Standard
from ..reading.reader import join
from ..reading.yaml_file import Node
from .base import NOT_RATED, Code, Ranks
from .conditions import Condition
from .overall_first_match import Choice, choices_card, first_that_holds, read_choices, why_it_holds


class FirstMatchDerivation:
    """One derived standard's rules (a configured method: ``read`` makes one per standard)."""

    name = "first_match"
    summary = "the rating of the first of its rules that holds, else its otherwise rating"
    keys = ("rules", "min_rated")  # its own keys on the standard
    any_scale = True  # its ratings are its rules' own: the standard may be on another scale
    names_its_rule = True  # results say which rule gave the rating ("by")

    def __init__(self, choices: tuple[Choice, ...], slots: tuple[int, ...], min_rated: int):
        self.choices, self.slots, self.min_rated = choices, slots, min_rated
        self.own_rules = choices  # each with its id and provenance: what a rating may rest on

    def read_slots(self, slots: tuple[int, ...]) -> tuple[int, ...]:
        """The slots its rating reads: its inputs', then its rules' facts (conditions on a standard's parts)."""
        return tuple(dict.fromkeys((*slots, *(s for c in self.choices if c.when is not None
                                              for s in c.when.read_slots))))

    @classmethod
    def read(cls, ctx: Any, f: dict[str, Node], node: Node, path: str, sid: str, inputs: tuple[str, ...],
             provenance: Provenance, scale: str | None) -> "FirstMatchDerivation | None":
        r = ctx.r
        if "rules" not in f:
            r.problem("missing key 'rules': the rules, in order, whose first to hold gives this standard's rating",
                      node, path)
            return None
        min_rated = 1
        if "min_rated" in f:
            min_rated = r.integer(f["min_rated"], join(path, "min_rated"), minimum=1)
            if min_rated is not None and min_rated > len(inputs):
                r.problem(f"at least {min_rated} of the {len(inputs)} standards it is rated from can never be "
                          "rated", f["min_rated"], join(path, "min_rated"))
                return None
        choices = read_choices(ctx, f["rules"], join(path, "rules"), sid, provenance, scale, f"the rating of {sid}")
        if choices is None or min_rated is None:
            return None
        outside = [s for c in choices if c.when is not None for s in (*c.when.reads, *_parts_read(c.when))
                   if s not in inputs]
        if outside:
            r.problem(f"the rules of {sid} read {outside[0]}, which is not among the standards it is rated from "
                      f"('from')", f["rules"], join(path, "rules"))
            return None
        return cls(choices, tuple(ctx.slots[s] for s in inputs), min_rated)

    # ------------------------------------------------------------------------------------------ rating

    def decide(self, ranks: Ranks) -> tuple[int, int]:
        """(rank, the number of the rule that gave it, or -1 when too few inputs are rated), from the ranks by
        slot (a mapping or a list)."""
        if sum(1 for s in self.slots if ranks[s] >= 0) < self.min_rated:
            return NOT_RATED, -1
        return first_that_holds(self.choices, ranks)

    def combine(self, ranks: tuple[int, ...], every: Ranks | None = None) -> int:
        """The rank from the ranks of ``read_slots`` (in that order), or from every slot's (``every``)."""
        return self.decide(every if every is not None else dict(zip(self.read_slots(self.slots), ranks)))[0]

    def cites(self, ranks: Ranks) -> list[tuple[str, Provenance]]:
        """The rule that gave the rating (a sentence rests on it too)."""
        i = self.decide(ranks)[1]
        return [(self.choices[i].id, self.choices[i].provenance)] if i >= 0 else []

    def matched(self, ranks: Ranks) -> str | None:
        i = self.decide(ranks)[1]
        return self.choices[i].id if i >= 0 else None

    def expr(self, code: Code, variables: list[str]) -> str:
        rated = " + ".join(f"({v} >= 0)" for v in variables)
        out = str(self.choices[-1].rating.rank)
        for choice in reversed(self.choices[:-1]):
            out = f"({choice.rating.rank} if {choice.condition.expr(code)} else {out})"
        return f"(-1 if ({rated}) < {self.min_rated} else {out})"

    # ----------------------------------------------------------------------------------------- words

    def note(self, inputs: tuple[str, ...]) -> str:
        return "first rule that holds, of " + ", ".join(inputs)

    def sentence(self, rules: RuleSet, standard: Standard, rank: int, inputs: dict[str, int],
                 every: Ranks | None = None) -> str:
        """``every``: the ranks of ``read_slots`` by slot (the facts its rules read among them)."""
        ranks = every
        assert ranks is not None  # the step's sentence gives them (DerivedStep.explain)
        rating = rules.plan.rating_of[rank]
        i = self.decide(ranks)[1]
        if i < 0:
            return (f"{standard.label} is {rating}: fewer than {self.min_rated} of the standards it is rated from "
                    "are rated.")
        return f"{standard.label} is {rating} by its rules: {why_it_holds(rules, self.choices, i, ranks)}."

    def card(self, rules: RuleSet) -> list[str]:
        return choices_card(rules, self.choices)


def _parts_read(condition: Condition) -> tuple[str, ...]:
    """The standards whose parts a condition reads (conditions on a standard's parts), nested ones too."""
    from .conditions import PartCondition

    if isinstance(condition, PartCondition):
        return (condition.standard,)
    return tuple(s for part in getattr(condition, "parts", ()) for s in _parts_read(part))
