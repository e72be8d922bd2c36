"""Scored standards (``kind: scored``): items the inspectors score on a range of points, and a scored method
turning the scores into a rating.

```yaml
- id: safe
  name: Safe
  kind: scored
  scores: {lowest: 1, highest: 4}
  items: {learning_culture: Learning culture, safe_systems: "Safe systems, pathways and transitions"}
  method: percent_of_maximum
  bands: saf
```

An inspection gives ``scores: {safe: {learning_culture: 3, safe_systems: unknown, ...}}``: a whole number in
the range, ``unknown`` (scored, the score not known) or ``null`` (not scored: left out). A scored method is a
case-rating method (``case_rating.py``) whose parts are items rather than key questions: the standard goes
through the same step, margins and analyses' hooks, and speaks of points, never of cases. An item is not a
sample, so ``confidence`` holds the standard's rating as given. This module reads the standard's keys and
holds what every scored method shares; each method is a module of its own, registered in ``SCORED_METHODS``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Iterator, Mapping

import attrs

from ..model import limits
from ..model.objects import UNKNOWN, ItemScore, KeyQuestion, KeyQuestionResult, Provenance, Standard
from ..model.words import approx, questions
from ..reading.reader import join, one_of
from ..reading.yaml_file import Node
from .case_rating import CaseDetail, CaseRatingMethod

#: The keys a scored standard has besides those every standard has.
KEYS = ("scores", "items", "method", "bands")


@attrs.frozen
class ScoredMethod(CaseRatingMethod):
    """What every scored method shares: the range of an item's score, and the words of points."""

    lowest: int = 0
    highest: int = 1

    sampled = False  # the scores are the inspectors', not a sample of cases
    part = "item"

    def card(self) -> str:
        return f"{self.summary} Each item is scored {self.lowest} to {self.highest}."

    def takes_figure(self) -> bool:
        return False  # a scored standard is given by its items

    def reading(self) -> str:
        return f"{self.name} of items scored {self.lowest} to {self.highest}"

    def unit(self, given: Mapping[str, Any]) -> str:
        return "score"  # points of the items' scores

    section = "scores"
    section_var = "sc"

    def from_raw(self, raw: Any) -> ItemScore | None:
        return None if raw is None else self.item(raw)

    def axis_text(self, value: Fraction, results: Any, unit: str) -> str:
        """A percentage of the maximum as points of the score of the items scored, the whole points at or above
        it ('13' for 38.5% of 32)."""
        scored = sum(1 for r in (results or {}).values() if isinstance(r, ItemScore))
        if not scored:
            return f"{approx(value)}{unit}"
        maximum = scored * self.highest
        return str(math.ceil(value * maximum / 100))

    def value_text(self, result: Any, edges: Any = ()) -> str:
        """An item's value as the ratings page shows it."""
        if result is None:
            return "not scored"
        if result is UNKNOWN:
            return "unknown"
        return f"{result.score} of {self.highest}"

    def item(self, score: int) -> ItemScore:
        return ItemScore.scored(score, self.highest)

    def representatives(self, standard: Standard) -> Iterator[dict[str, ItemScore | None]]:
        """Scores of the items giving each distinct measure once (``rules diff``); a method that cannot list
        them is refused in one line naming it."""
        raise self.cannot("list the scores giving each of its measures, which a diff compares", standard)

    def not_sampled(self) -> str:
        """What ``confidence`` says of a standard rated by this method."""
        return "the items are the inspectors' scores, not a sample of cases, so the rating is held as given"

    def left_out_clause(self, standard: Standard, detail: CaseDetail) -> str:
        if not detail.left_out:
            return ""
        return f"; {questions(standard, detail.left_out)} {'was' if len(detail.left_out) == 1 else 'were'} not scored and left out"


def item_score(result: KeyQuestionResult) -> int:
    """The score of one of a scored standard's parts, each an item's score as the loader reads it."""
    assert isinstance(result, ItemScore), "a scored standard's parts are its items' scores"
    return result.score


def scores_of(given: Mapping[str, Any]) -> tuple[int, int, int]:
    """``(total of the known scores, items scored and known, items scored but unknown)``."""
    known = [r.score for r in given.values() if isinstance(r, ItemScore)]
    unknown = sum(1 for r in given.values() if r is UNKNOWN)
    return sum(known), len(known), unknown


def read_scored(ctx: Any, f: dict[str, Node], node: Node, path: str, sid: str | None,
                provenance: Provenance | None, methods: Mapping[str, type[ScoredMethod]]
                ) -> tuple[tuple[KeyQuestion, ...], ScoredMethod | None]:
    """A scored standard's ``scores``, ``items`` and ``method`` (its ``bands`` are read as a case standard's):
    its items, and its method with the range of scores."""
    r = ctx.r
    for key in ("scores", "items", "method"):
        if key not in f:
            what = {"scores": "the range of an item's score, e.g. {lowest: 1, highest: 4}",
                    "items": "a mapping of item ids to their names",
                    "method": f"how the items' scores give the rating ({one_of(methods)})"}[key]
            r.problem(f"missing key '{key}': {what}", node, path)
    score_range = _range(ctx, f["scores"], join(path, "scores")) if "scores" in f else None
    items = ctx.key_questions(f["items"], join(path, "items"), "item ids to their names") if "items" in f else ()
    method = None
    if "method" in f:
        name = r.text(f["method"], join(path, "method"))
        if name is not None and name not in methods:
            r.problem(f"unknown scored method '{name}'; expected {one_of(methods)}", f["method"], join(path, "method"))
        elif name is not None:
            method = methods[name]
    if method is None or score_range is None or provenance is None or sid is None:
        return items, None
    return items, method(f"{sid}-scoring", method.summary, provenance, node.line, *score_range)


def _range(ctx: Any, node: Node, path: str) -> tuple[int, int] | None:
    r = ctx.r
    f = r.mapping(node, path, required=("lowest", "highest"), what="{lowest: N, highest: M}")
    if f is None or "lowest" not in f or "highest" not in f:
        return None
    low = r.integer(f["lowest"], join(path, "lowest"), minimum=0)
    high = r.integer(f["highest"], join(path, "highest"), minimum=1)
    if low is None or high is None:
        return None
    if high > limits.MAX_ITEM_SCORE:
        r.problem(f"an item's score may be at most {limits.MAX_ITEM_SCORE}, not {high}", f["highest"],
                  join(path, "highest"))
        return None
    if low >= high:
        r.problem(f"the lowest score must be below the highest ({low} is not below {high})", f["lowest"],
                  join(path, "lowest"))
        return None
    return low, high


def lowest_total(threshold: tuple[Fraction, bool], maximum: int) -> int:
    """The lowest total of points whose share of ``maximum`` (as a percentage) meets a band's threshold."""
    low, inclusive = threshold
    exact = low * maximum / 100
    return math.ceil(exact) if inclusive else math.floor(exact) + 1


__all__ = ["KEYS", "ScoredMethod", "read_scored", "item_score", "scores_of", "lowest_total"]
