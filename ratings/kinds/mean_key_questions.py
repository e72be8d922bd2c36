"""Case-rating method ``mean_key_questions``: the band of the mean of the key questions' results.

The mean is exact (the mean of the exact percentages, counts giving fractions); key questions without
applicable cases are left out; a standard with none left is Not rated. Raising any result raises the mean,
so the method never lowers a rating when an input rises. The cheapest way to a higher band adds 'Yes'
judgements where one case moves the mean most: in the key questions with the fewest applicable cases.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable, Mapping

from ..model.errors import RatingsError
from ..model.objects import Band, KeyQuestionResult, Rating, Standard
from ..model.words import approx, band_in_words, bounds
from .bands import bands_of, meets, threshold
from .base import Code
from .case_rating import CaseDetail, CaseRatingMethod, exact_percent, left_out_clause
from .moves import HALF_POINT, HUNDRED, Change, Margin, raised, yes_cases
from .ranges import MEAN


class MeanKeyQuestions(CaseRatingMethod):
    name = "mean_key_questions"
    aggregate = MEAN
    summary = ("A case standard's rating is the band of the mean of its key questions' percentages; key "
               "questions without applicable cases are left out, and a standard with none left is Not rated.")

    def measure(self, standard: Standard, applicable: list[tuple[str, KeyQuestionResult]],
                left_out: tuple[str, ...]) -> CaseDetail:
        mean = sum((r.percent for _, r in applicable), Fraction(0)) / len(applicable)
        band = bands_of(standard).classify(mean)
        return CaseDetail(band.rating, band, mean, None, None, left_out)

    def band_sentence(self, standard: Standard, detail: CaseDetail) -> str:
        band, mean = detail.band, detail.value
        assert band is not None and mean is not None  # a band sentence is said of a banded detail, which has both
        words = f" ('{band.words}')" if band.words else ""
        left = left_out_clause(standard, detail)
        return (f"{standard.label} is {band.rating}: the mean of its key questions' results is "
                f"{approx(mean, bounds(band))}%, in the band {band_in_words(bands_of(standard), band)}"
                f"{words}{left}.")

    def note(self, detail: CaseDetail | None, results: Any) -> str:
        if detail is None or detail.value is None:
            return ""
        return self.note_words(f"{approx(detail.value, bounds(detail.band))}%")

    def note_words(self, value: str) -> str:
        return f"mean of key questions {value}"

    def add_json(self, out: dict[str, Any], detail: CaseDetail | None, results: Any = None) -> None:
        out["mean"] = None if detail is None or detail.value is None else float(detail.value)

    # ---------------------------------------------------------------------------------- fast path

    def emit_rank(self, code: Code, standard: Standard, values: list[str], target: str) -> None:
        bands = bands_of(standard)
        key = ("mean", bands.id)
        if key not in code.memo:
            def mean_rank(*raw: Any, classify: Callable[[Fraction], Band] = bands.classify) -> int:
                found = [p for p in map(exact_percent, raw) if p is not None]
                if not found:
                    return -1
                return classify(sum(found, Fraction(0)) / len(found)).rating.rank
            code.memo[key] = code.const(mean_rank, "M")
        code.line(f"{target} = {code.memo[key]}({', '.join(values)})")

    # ------------------------------------------------------------------------------ for the analyses

    def margin_between(self, applicable: list[KeyQuestionResult], with_cases: bool, here: tuple[Fraction, bool] | None,
                       above: tuple[Fraction, bool] | None) -> Margin:
        """Down and up both move the mean: by the cases that weigh most."""
        k = len(applicable)
        total = sum((r.percent for r in applicable), Fraction(0))
        mean = total / k
        down = down_points = up = up_points = None
        near = False
        if here is not None:
            down_points = mean - here[0]
            if with_cases:
                down = _cases_to_fall(applicable, k * here[0], here[1])
            near = abs(mean - here[0]) <= HALF_POINT
        if above is not None:
            up_points = _points_needed(total, k, above)
            if with_cases:
                found = _cases_to_gain(applicable, k * above[0], above[1])
                up = None if found is None else sum(n for _, n in found)
            near = near or abs(mean - above[0]) <= HALF_POINT
        return Margin(down, up, down_points, up_points, near, "the mean of its results")

    def options(self, standard: Standard, given: Mapping[str, Any], rank: int, unit: str,
                scale: tuple[Rating, ...]) -> list[tuple[int, int | Fraction, tuple[Change, ...]]]:
        applicable = [(q.id, given[q.id]) for q in standard.key_questions if given.get(q.id) is not None]
        results = [r for _, r in applicable]
        k = len(results)
        total = sum((r.percent for r in results), Fraction(0))
        out: list[tuple[int, int | Fraction, tuple[Change, ...]]] = [(rank, 0, ())]
        for better in sorted(r.rank for r in scale if r.rank > rank):
            limit = threshold(bands_of(standard), better)
            if limit is None:
                continue
            if unit == "cases":
                found = _cases_to_gain(results, k * limit[0], limit[1])
                if found is None:
                    continue
                changes = []
                for (qid, result), (_, n) in zip(applicable, sorted(found, key=lambda f: f[0])):
                    if n:
                        after = raised(result, cases=n)
                        changes.append(Change(standard.id, qid, result, after, n, after.percent - result.percent))
                out.append((better, sum(n for _, n in found), tuple(changes)))
            else:
                need = _points_needed(total, k, limit)
                if need > sum(HUNDRED - r.percent for r in results):
                    continue
                changes, left = [], need
                for qid, result in applicable:
                    step = min(left, HUNDRED - result.percent)
                    if step > 0:
                        changes.append(Change(standard.id, qid, result, raised(result, points=step), None, step))
                        left -= step
                out.append((better, need, tuple(changes)))
        return out

    def chance_at_least(self, standard: Standard, applicable: list[KeyQuestionResult], rank: int,
                        share_at_least: Callable[[KeyQuestionResult, Fraction], float]) -> float:
        raise RatingsError(f"'confidence' has no exact model for a rating from the mean of several key "
                           f"questions' true shares: {standard.label} is rated by {self.id} ({self.name})")


def _points_needed(total: Fraction, k: int, limit: tuple[Fraction, bool]) -> Fraction:
    """Percentage points to add across the key questions for their mean to reach the limit (an exclusive
    limit is passed at the next whole percentage)."""
    target = limit[0] if limit[1] else Fraction(math.floor(limit[0]) + 1)
    return max(Fraction(0), target * k - total)


def _cases(result: KeyQuestionResult) -> int:
    """A key question's number of applicable cases, which a margin or a change in cases needs."""
    assert result.of is not None, "counting in cases needs every key question's number of applicable cases"
    return result.of


def _cases_to_gain(results: list[KeyQuestionResult], goal: Fraction,
                   inclusive: bool) -> list[tuple[int, int]] | None:
    """The fewest extra 'Yes' cases lifting the sum of percentages to ``goal`` (or past it): one case on a
    key question of N applicable cases adds 100/N, so cases go first where N is smallest. Returns
    ``[(index, cases), ...]`` or None when the cases inspected cannot get there."""
    total = sum((r.percent for r in results), Fraction(0))
    if total > goal or (inclusive and total == goal):
        return [(i, 0) for i in range(len(results))]
    order = sorted(range(len(results)), key=lambda i: _cases(results[i]))
    out = {i: 0 for i in range(len(results))}
    for i in order:
        r = results[i]
        gain = HUNDRED / _cases(r)
        room = math.floor(_cases(r) - yes_cases(r))
        missing = goal - total
        n = math.ceil(missing / gain) if inclusive else math.floor(missing / gain) + 1
        n = max(0, min(room, n))
        out[i] = n
        total += n * gain
        if total > goal or (inclusive and total == goal):
            return sorted(out.items())
    return None


def _cases_to_fall(results: list[KeyQuestionResult], goal: Fraction, inclusive: bool) -> int | None:
    """The fewest 'Yes' judgements that, judged 'No', take the sum of percentages below ``goal`` (to it or
    below, for an exclusive limit): first where one case weighs most."""
    total = sum((r.percent for r in results), Fraction(0))
    count = 0
    for r in sorted(results, key=_cases):
        loss = HUNDRED / _cases(r)
        room = math.floor(yes_cases(r))
        excess = total - goal
        n = math.floor(excess / loss) + 1 if inclusive else math.ceil(excess / loss)
        n = max(0, min(room, n))
        count += n
        total -= n * loss
        if total < goal or (not inclusive and total == goal):
            return max(count, 1)
    return None


__all__ = ["MeanKeyQuestions", "meets"]
