"""Scored method ``percent_of_maximum``: the band of the items' total score as a percentage of its maximum.

CQC's single assessment framework: "we total the scores ... and divide by the maximum possible score to get a
percentage" (11 of 16 is 69%, Good). The maximum is the items scored times the highest score; items not
scored are left out, and a standard with none scored is Not rated. Raising any item's score raises the
total, so the method never lowers a rating when an input rises. Every margin and change is in points of the
score: the cheapest way to a higher band adds the fewest points, on the lowest-scored items first.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Iterator, Mapping

from ..model.objects import UNKNOWN, Band, Figure, ItemScore, KeyQuestionResult, Rating, Standard
from ..model.words import approx, band_in_words, bounds
from .bands import bands_of, threshold
from .base import NOT_RATED, Code, Slow
from .case_rating import CaseDetail
from .moves import Change, Margin
from .scored import ScoredMethod, item_score, lowest_total, scores_of


class PercentOfMaximum(ScoredMethod):
    name = "percent_of_maximum"
    summary = ("A scored standard's rating is the band of its items' total score as a percentage of the most "
               "they could score (the items scored times the highest score), exactly; items not scored are left "
               "out, and a standard with none scored is Not rated.")

    def measure(self, standard: Standard, applicable: list[tuple[str, KeyQuestionResult]],
                left_out: tuple[str, ...]) -> CaseDetail:
        total = sum(item_score(r) for _, r in applicable)
        value = Fraction(100 * total, len(applicable) * self.highest)
        band = bands_of(standard).classify(value)
        return CaseDetail(band.rating, band, value, None, None, left_out)

    def _totals(self, value: Fraction, detail: CaseDetail, standard: Standard) -> tuple[int, int]:
        scored = len(standard.key_questions) - len(detail.left_out)
        maximum = scored * self.highest
        return int(value * maximum / 100), maximum

    def band_sentence(self, standard: Standard, detail: CaseDetail) -> str:
        band, value = detail.band, detail.value
        assert band is not None and value is not None  # a band sentence is said of a banded detail, which has both
        total, maximum = self._totals(value, detail, standard)
        words = f" ('{band.words}')" if band.words else ""
        scored = maximum // self.highest
        return (f"{standard.label} is {band.rating}: its {scored} item{'s' if scored != 1 else ''} scored {total} "
                f"of a possible {maximum} ({approx(value, bounds(band))}%), in the band "
                f"{band_in_words(bands_of(standard), band)}{words}{self.left_out_clause(standard, detail)}.")

    def note(self, detail: CaseDetail | None, results: Any) -> str:
        if detail is None or detail.value is None:
            return ""
        scored = [r.score for r in results.values() if isinstance(r, ItemScore)]
        return f"score {sum(scored)} of {len(scored) * self.highest} ({approx(detail.value, bounds(detail.band))}%)"

    def add_json(self, out: dict[str, Any], detail: CaseDetail | None, results: Any = None) -> None:
        scored = [r for r in (results or {}).values() if isinstance(r, ItemScore)]
        value = None if detail is None else detail.value
        out["total"] = sum(r.score for r in scored) if value is not None else None
        out["maximum"] = len(scored) * self.highest if value is not None else None
        out["percent"] = float(value) if value is not None else None

    # ---------------------------------------------------------------------------------- fast path

    def emit_rank(self, code: Code, standard: Standard, values: list[str], target: str) -> None:
        bands = bands_of(standard)
        key = ("percent_of_maximum", bands.id, self.lowest, self.highest)
        if key not in code.memo:
            def rank(*raw: Any, classify: Callable[[Fraction], Band] = bands.classify, low: int = self.lowest,
                     high: int = self.highest) -> int:
                total = scored = 0
                for v in raw:
                    if v is None:
                        continue
                    if type(v) is not int or not low <= v <= high:
                        raise Slow
                    total += v
                    scored += 1
                return classify(Fraction(100 * total, scored * high)).rating.rank if scored else -1
            code.memo[key] = code.const(rank, "PM")
        code.line(f"{target} = {code.memo[key]}({', '.join(values)})")

    # ------------------------------------------------------------------------------ for the analyses

    def margin(self, standard: Standard, results: Mapping[str, Any], rating: Rating) -> Margin | None:
        """In points of the score: the fewest fewer that take it below its band, and the fewest more that
        reach the next (None where no score of the items scored would)."""
        total, scored, unknown = scores_of(results)
        if not rating.rated or not scored or unknown:
            return None
        bands, maximum = bands_of(standard), scored * self.highest
        here = threshold(bands, rating.rank)
        better = [b.rating.rank for b in bands.bands if b.rating.rank > rating.rank]
        above = threshold(bands, min(better)) if better else None  # None at the top band only
        down = up = None
        if here is not None:
            below = lowest_total(here, maximum) - 1  # the highest total below the band
            down = total - below if below >= scored * self.lowest else None
        if above is not None:
            reach = lowest_total(above, maximum)
            up = reach - total if reach <= maximum else None
        return Margin(None, None, down, up, 1 in (down, up), "its score", scored=True)

    def options(self, standard: Standard, given: Mapping[str, Any], rank: int, unit: str,
                scale: tuple[Rating, ...]) -> list[tuple[int, int | Fraction, tuple[Change, ...]]]:
        """Each better band the items scored can reach, by the fewest more points, given to the lowest-scored
        items first (each up to the highest score)."""
        scored = [(q.id, given[q.id]) for q in standard.key_questions if isinstance(given.get(q.id), ItemScore)]
        total, maximum = sum(r.score for _, r in scored), len(scored) * self.highest
        out: list[tuple[int, int | Fraction, tuple[Change, ...]]] = [(rank, 0, ())]
        for better in sorted(r.rank for r in scale if r.rank > rank):
            limit = threshold(bands_of(standard), better)
            if limit is None or not scored:
                continue
            need = lowest_total(limit, maximum) - total
            if need > maximum - total:
                continue
            changes, left = [], need
            for qid, result in sorted(scored, key=lambda s: s[1].score):
                step = min(left, self.highest - result.score)
                if step > 0:
                    changes.append(Change(standard.id, qid, result, self.item(result.score + step), None,
                                          Fraction(step)))
                    left -= step
            out.append((better, max(need, 0), tuple(changes)))
        return out

    def possible_ranks(self, standard: Standard, given: Mapping[str, Any], figure: Figure | None = None
                       ) -> tuple[int, ...]:
        """Every rank some scores of the unknown items give (an unknown item is scored, its score unknown)."""
        total, known, unknown = scores_of(given)
        if not known and not unknown:
            return (NOT_RATED,)
        maximum = (known + unknown) * self.highest
        classify = bands_of(standard).classify
        return tuple(sorted({classify(Fraction(100 * t, maximum)).rating.rank
                             for t in range(total + unknown * self.lowest, total + unknown * self.highest + 1)}))

    def fill(self, standard: Standard, given: Mapping[str, Any], rank: int, figure: Figure | None = None
             ) -> dict[str, ItemScore]:
        """Scores for the unknown items giving ``rank``: the lowest total that does, spread from the first."""
        total, known, unknown = scores_of(given)
        maximum = (known + unknown) * self.highest
        classify = bands_of(standard).classify
        for t in range(total + unknown * self.lowest, total + unknown * self.highest + 1):
            if classify(Fraction(100 * t, maximum)).rating.rank == rank:
                extra, out = t - total - unknown * self.lowest, {}
                for q in standard.key_questions:
                    if given.get(q.id) is UNKNOWN:
                        step = min(extra, self.highest - self.lowest)
                        out[q.id] = self.item(self.lowest + step)
                        extra -= step
                return out
        raise ValueError(f"no scores give rank {rank}")  # the search asks only for ranks possible_ranks gave

    def representatives(self, standard: Standard) -> Iterator[dict[str, ItemScore | None]]:
        """Scores of the items giving each distinct percentage of the maximum once (for ``rules diff``): the
        first k items scored, totals spread from the first, the rest not scored."""
        items = [q.id for q in standard.key_questions]
        seen: set[Fraction] = set()
        for k in range(len(items), 0, -1):
            for total in range(k * self.lowest, k * self.highest + 1):
                value = Fraction(100 * total, k * self.highest)
                if value in seen:
                    continue
                seen.add(value)
                extra, given = total - k * self.lowest, {}
                for n, q in enumerate(items):
                    step = min(extra, self.highest - self.lowest) if n < k else 0
                    given[q] = self.item(self.lowest + step) if n < k else None
                    extra -= step
                yield given

    def chance_at_least(self, standard: Standard, applicable: list[KeyQuestionResult], rank: int,
                        share_at_least: Callable[[KeyQuestionResult, Fraction], float]) -> float:
        raise AssertionError("a scored standard is not a sample")  # confidence holds it as given (sampled)


__all__ = ["PercentOfMaximum"]
