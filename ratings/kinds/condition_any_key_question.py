"""Condition ``any_key_question``: a case standard with a key question below (or at or below) a percentage.

``{standard: S, any_key_question: {below: 50}}`` holds when some key question of S with applicable cases is
below 50% (key questions without applicable cases are not looked at; a standard Not rated has none). It reads
S's key questions, not its rating, so a rule limiting S itself may use it. A key question rising only takes
it out of those below the limit, so the condition holds less as results rise.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping

import attrs

from ..model.objects import KeyQuestionResult, Standard
from ..model.words import fmt
from ..reading.yaml_file import Node
from .case_rating import exact_percent
from .conditions import PartCondition, read_part_condition


@attrs.frozen
class AnyKeyQuestion(PartCondition[Fraction]):
    keyword = "any_key_question"
    part = "key question"

    @classmethod
    def read(cls, ctx: Any, node: Node, path: str) -> "AnyKeyQuestion | None":
        return read_part_condition(ctx, node, path, cls, "case", _percentage)

    def shows(self, given: Mapping[str, object] | None) -> bool:
        return any(isinstance(r, KeyQuestionResult) and self.under(r.percent) for r in (given or {}).values())

    def shows_raw(self, raw: Any) -> bool:
        found = [exact_percent(v) for v in raw.values()]
        return any(p is not None and self.under(p) for p in found)

    def value_words(self) -> str:
        return f"at {fmt(self.limit)}% or lower" if self.inclusive else f"below {fmt(self.limit)}%"


def _percentage(ctx: Any, standard: Standard, node: Node, path: str) -> Fraction | None:
    value: Fraction | None = ctx.r.number(node, path, "a percentage")
    if value is not None and not 0 <= value <= 100:
        ctx.r.problem(f"a percentage is from 0 to 100, not {fmt(value)}", node, path)
        return None
    return value
