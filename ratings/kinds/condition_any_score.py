"""Condition ``any_score``: a scored standard with an item scored at or below (or below) a score.

``{standard: S, any_score: {at_or_below: 1}}`` holds when some item of S is scored 1 or lower (items not
scored are not looked at; a standard Not rated has none). It reads S's scores, not its rating, so a rule
limiting S itself may use it ("a score of 1 in any quality statement stops the key question being rated
Outstanding"). Raising a score only takes an item out of those at the limit, so it holds less as scores rise.
"""

from __future__ import annotations

from typing import Any, Mapping

import attrs

from ..model.objects import ItemScore, Standard
from ..reading.yaml_file import Node
from .base import Slow
from .conditions import PartCondition, read_part_condition


@attrs.frozen
class AnyScore(PartCondition[int]):
    keyword = "any_score"
    part = "item"
    article = "an"

    @classmethod
    def read(cls, ctx: Any, node: Node, path: str) -> "AnyScore | None":
        return read_part_condition(ctx, node, path, cls, "scored", _score)

    def shows(self, given: Mapping[str, object] | None) -> bool:
        return any(isinstance(r, ItemScore) and self.under(r.score) for r in (given or {}).values())

    def shows_raw(self, raw: Any) -> bool:
        return self.shows({q: None if v is None else _item(v) for q, v in raw.items()})

    def value_words(self) -> str:
        return f"scored {self.limit} or lower" if self.inclusive else f"scored below {self.limit}"


def _item(value: Any) -> ItemScore:
    if type(value) is not int:
        raise Slow
    return ItemScore.scored(value, 1)  # only the score is compared


def _score(ctx: Any, standard: Standard, node: Node, path: str) -> int | None:
    method = standard.case_rating
    low, high = (method.lowest, method.highest) if method is not None else (0, 0)
    value: int | None = ctx.r.integer(node, path)
    if value is not None and not low <= value <= high:
        ctx.r.problem(f"{standard.name}'s items are scored {low} to {high}, so {value} is no score of it", node, path)
        return None
    return value
