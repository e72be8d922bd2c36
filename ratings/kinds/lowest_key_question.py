"""Case-rating method ``lowest_key_question``: the band of the lowest key-question result.

HMIP: "the rating for the standard is driven by the lowest score on each of the key questions, which is
placed in a rating band". Key questions without applicable cases are left out; the first of equally low
ones is named. Because bands never rate a higher value lower, the standard reaches a rating exactly when
every key question reaches that rating's threshold, which makes the analyses simple and exact.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Mapping

from ..model.objects import BandSet, KeyQuestionResult, Rating, Standard
from ..model.words import band_in_words, bounds, cases_text, percent_text, questions
from .bands import bands_of, count_expr, meets, rank_expr, threshold, whole_table
from .base import Code
from .case_rating import COUNT_LIMIT, CaseDetail, CaseRatingMethod, left_out_clause
from .moves import (HALF_POINT, Change, Margin, cases_to_fall_below, cases_to_reach, points_above,
                    points_to_reach, raised)
from .ranges import LOWEST


class LowestKeyQuestion(CaseRatingMethod):
    name = "lowest_key_question"
    aggregate = LOWEST
    summary = ("A case standard's rating is the band of its lowest key-question percentage; key questions "
               "without applicable cases are left out, and a standard with none left is Not rated.")

    def measure(self, standard: Standard, applicable: list[tuple[str, KeyQuestionResult]],
                left_out: tuple[str, ...]) -> CaseDetail:
        lowest, result = applicable[0]
        num, den = result.percent.numerator, result.percent.denominator
        tied: list[str] = []
        for qid, other in applicable[1:]:  # compared exactly in integers; the first of equals wins
            left, right = other.percent.numerator * den, num * other.percent.denominator
            if left < right:
                lowest, result, num, den, tied = qid, other, other.percent.numerator, other.percent.denominator, []
            elif left == right:
                tied.append(qid)
        band = bands_of(standard).classify(result.percent)
        return CaseDetail(band.rating, band, result.percent, lowest, result, left_out, tuple(tied))

    def band_sentence(self, standard: Standard, detail: CaseDetail) -> str:
        q = next(k for k in standard.key_questions if k.id == detail.lowest)
        band, result = detail.band, detail.result
        assert band is not None and result is not None  # a band sentence is said of a banded detail, which has both
        words = f" ('{band.words}')" if band.words else ""
        extra = ""
        if detail.tied:
            extra += f" ({questions(standard, detail.tied)} {'is' if len(detail.tied) == 1 else 'are'} equally low)"
        extra += left_out_clause(standard, detail)
        return (f"{standard.label} is {band.rating}: its lowest key question, \"{q.text}\", "
                f"was judged 'Yes' in {cases_text(result, bounds(band))}, in the band "
                f"{band_in_words(bands_of(standard), band)}{words}{extra}.")

    def note(self, detail: CaseDetail | None, results: Any) -> str:
        if detail is None or detail.lowest is None:
            return ""
        return self.note_words(f"{detail.lowest} {percent_text(results[detail.lowest], bounds(detail.band))}")

    def note_words(self, value: str) -> str:
        return f"lowest: {value}"

    # ---------------------------------------------------------------------------------- fast path

    def emit_rank(self, code: Code, standard: Standard, values: list[str], target: str) -> None:
        """The lowest rank among the key questions' bands (the band of the lowest value, since bands never
        rate a higher value lower): whole percentages by table, other shapes by a compiled function; 99
        stands for a key question without applicable cases."""
        bands = bands_of(standard)
        key = ("lowest", bands.id)
        if key not in code.memo:
            table = code.const({v: rank for v, rank in enumerate(whole_table(bands))}, "W")
            code.memo[key] = (table, code.const(_other_values(code, bands), "F"))
        table, other = code.memo[key]
        for n, v in enumerate(values):  # the lowest, compared inline (no call to min)
            rank = f"{table}[{v}] if type({v}) is int else {other}({v})"
            code.line(f"low = {rank}" if n == 0 else f"x = {rank}; low = x if x < low else low")
        code.line(f"{target} = low if low != 99 else -1")

    # ------------------------------------------------------------------------------ for the analyses

    def margin_between(self, applicable: list[KeyQuestionResult], with_cases: bool, here: tuple[Fraction, bool] | None,
                       above: tuple[Fraction, bool] | None) -> Margin:
        """Down: the cheapest key question to push below; up: every key question to the next threshold."""
        down = down_points = up = up_points = None
        near = False
        if here is not None:
            down_points = min(p for p in (points_above(r, here) for r in applicable) if p is not None)
            if with_cases:
                falls = [cases_to_fall_below(r, here) for r in applicable]
                down = min(f for f in falls if f is not None)
            near = any(abs(r.percent - here[0]) <= HALF_POINT for r in applicable)
        if above is not None:
            up_points = sum((points_to_reach(r, above) for r in applicable), Fraction(0))
            if with_cases:
                needed = [cases_to_reach(r, above) for r in applicable]
                reachable = [n for n in needed if n is not None]
                up = sum(reachable) if len(reachable) == len(needed) else None
            lowest = min(r.percent for r in applicable)
            near = near or abs(lowest - above[0]) <= HALF_POINT
        return Margin(down, up, down_points, up_points, near, "its lowest result")

    def options(self, standard: Standard, given: Mapping[str, Any], rank: int, unit: str,
                scale: tuple[Rating, ...]) -> list[tuple[int, int | Fraction, tuple[Change, ...]]]:
        """The cheapest way to at least a rating raises every key question below its threshold just to it."""
        applicable = [(q.id, given[q.id]) for q in standard.key_questions if given.get(q.id) is not None]
        out: list[tuple[int, int | Fraction, tuple[Change, ...]]] = [(rank, 0, ())]
        for better in sorted(r.rank for r in scale if r.rank > rank):
            limit = threshold(bands_of(standard), better)
            if limit is None:
                continue
            changes: list[Change] = []
            total: int | Fraction = 0  # cases, or percentage points
            for qid, result in applicable:
                if unit == "cases":
                    k = cases_to_reach(result, limit)
                    if k is None:
                        break
                    if k:
                        after = raised(result, cases=k)
                        changes.append(Change(standard.id, qid, result, after, k, after.percent - result.percent))
                        total += k
                else:
                    points = points_to_reach(result, limit)
                    if points:
                        changes.append(Change(standard.id, qid, result, raised(result, points=points), None, points))
                        total += points
            else:
                out.append((better, total, tuple(changes)))
        return out

    def chance_at_least(self, standard: Standard, applicable: list[KeyQuestionResult], rank: int,
                        share_at_least: Callable[[KeyQuestionResult, Fraction], float]) -> float:
        """Every key question's true share must reach the threshold: independent, so a product."""
        bands = bands_of(standard)
        limit = threshold(bands, rank)
        if limit is None:
            return 0.0
        if limit[0] <= bands.low:
            return 1.0
        p = 1.0
        for r in applicable:
            p *= share_at_least(r, limit[0])
        return p


def _other_values(code: Code, bands: BandSet) -> Any:
    """A compiled function giving the rank of a raw value that is not a whole number: a float, counts, or
    None (99: no applicable cases); Slow for anything else."""
    source = "\n".join([
        "def other(v, type=type, int=int, float=float, dict=dict, len=len, Slow=Slow, _exact=_exact):",
        "    if v is None: return 99",
        "    t = type(v)",
        "    if t is float:",
        "        if not 0.0 <= v <= 100.0 or 0.0 < v < 1e-39: raise Slow",
        f"        return {rank_expr(bands, 'v', code)}",
        "    if t is dict and len(v) == 2:",
        "        y = v['yes']; o = v['of']",
        f"        if type(y) is not int or type(o) is not int or not 0 <= y <= o or not 1 <= o < {COUNT_LIMIT}: raise Slow",
        f"        return {count_expr(bands, 'y', 'o')}",
        "    raise Slow"])
    return code.function(source, "other")


__all__ = ["LowestKeyQuestion", "meets"]
