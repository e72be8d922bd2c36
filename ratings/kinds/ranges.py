"""A case standard whose key questions are known only in part: the values the measure its case-rating method
bands (the lowest result, or the mean) can then take, and key-question values giving a chosen one.

Each applicable key question is a closed range of percentages: a known result is a single point, a
``Between`` its range, ``unknown`` 0 to 100. A ``Figure`` (a percentage given for the standard, not for its
key questions) confines the lowest of the results, or their mean, to a range as well. The results meeting
every constraint form a connected set (a box cut by the figure: convex for a mean, star-shaped around its
lowest corner for a lowest), and the measure is continuous, so the values the measure can take are one closed
range. It is worked out exactly, in Fractions, and a band is possible exactly when it meets that range, its
edges included or not as the band includes them.

Witnesses come from a segment of results inside the constrained set along which the measure runs over the
whole range: the point of the segment where the measure takes the chosen value is found exactly.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping, Sequence

import attrs

from ..model.objects import UNKNOWN, Band, Between, Figure, KeyQuestionResult, Standard, Unknown
from .bands import bands_of
from .moves import HUNDRED

ZERO = Fraction(0)
LOWEST, MEAN = "lowest", "mean"
AGGREGATES = (LOWEST, MEAN)
#: each figure a file may give for a case standard, in words ("... of its key questions")
AGGREGATE_WORDS = {LOWEST: "the lowest of its key questions", MEAN: "the mean of its key questions"}


@attrs.frozen
class Box:
    """The applicable key questions of a standard (those not left out for want of cases), each with the
    lowest and highest result it can have."""

    ids: tuple[str, ...]
    low: tuple[Fraction, ...]
    high: tuple[Fraction, ...]


def box_of(standard: Standard, given: Mapping[str, Any] | Unknown | None) -> Box:
    """The ranges of a standard's applicable key questions (``given`` None or ``unknown``: every key question
    unknown)."""
    ids, low, high = [], [], []
    for q in standard.key_questions:
        value = given.get(q.id) if isinstance(given, Mapping) else UNKNOWN
        if value is None:
            continue
        if isinstance(value, KeyQuestionResult):
            lo = hi = value.percent
        elif isinstance(value, Between):
            lo, hi = value.low, value.high
        else:
            lo, hi = ZERO, HUNDRED
        ids.append(q.id)
        low.append(lo)
        high.append(hi)
    return Box(tuple(ids), tuple(low), tuple(high))


def measure_of(aggregate: str, values: Sequence[Fraction]) -> Fraction:
    return min(values) if aggregate == LOWEST else sum(values, ZERO) / len(values)


@attrs.frozen
class Segment:
    """Results at both ends of a segment inside the constrained set, and the range ``[low, high]`` of values
    the measure takes on it that meet every constraint: every value the measure can take."""

    start: tuple[Fraction, ...]
    end: tuple[Fraction, ...]
    low: Fraction
    high: Fraction


def segment(measure: str, box: Box, figure: Figure | None = None) -> Segment | None:
    """The segment for ``measure`` (``lowest`` or ``mean``) over ``box`` under ``figure``; None when no results
    meet every constraint (or no key question is applicable)."""
    if not box.ids:
        return None
    a, b = list(box.low), list(box.high)
    if figure is None or figure.aggregate == measure:
        low, high = measure_of(measure, a), measure_of(measure, b)
        if figure is not None:
            low, high = max(low, figure.low), min(high, figure.high)
        return Segment(tuple(a), tuple(b), low, high) if low <= high else None
    if measure == LOWEST:
        return _lowest_under_mean(a, b, figure.low, figure.high)
    return _mean_under_lowest(a, b, figure.low, figure.high)


def _lowest_under_mean(a: list[Fraction], b: list[Fraction], f_lo: Fraction, f_hi: Fraction) -> Segment | None:
    """The lowest result when the mean lies in ``[f_lo, f_hi]`` (a convex set: any segment stays inside)."""
    k = len(a)
    least, most = k * f_lo, k * f_hi  # the sum of the results lies between these
    if sum(a, ZERO) > most or sum(b, ZERO) < least:
        return None
    # the highest lowest: every result raised to t, as far as the sum allows, then topped up to the least sum
    t = _level(a, most, min(b))
    top = _topped_up([max(x, t) for x in a], b, least)
    # the lowest lowest: one result as low as the others (at their highest) let the sum still reach the least
    best = None
    for i in range(k):
        others_high, others_low = sum(b, ZERO) - b[i], sum(a, ZERO) - a[i]
        s = max(a[i], least - others_high)
        if s <= min(b[i], most - others_low) and (best is None or s < best[0]):
            best = (s, i)
    assert best is not None  # the set is not empty, and its lowest point's lowest result qualifies
    s, i = best
    rest = _topped_up([x for j, x in enumerate(a) if j != i], [x for j, x in enumerate(b) if j != i], least - s)
    bottom = rest[:i] + [s] + rest[i:]
    return Segment(tuple(bottom), tuple(top), min(bottom), min(top))


def _level(a: list[Fraction], total: Fraction, ceiling: Fraction) -> Fraction:
    """The highest t up to ``ceiling`` with the sum of max(a_i, t) at most ``total`` (given sum(a) <= total)."""
    if sum(max(x, ceiling) for x in a) <= total:
        return ceiling
    ordered = sorted(a)
    k = len(ordered)
    for j in range(1, k + 1):  # t lies between the j-th and (j+1)-th smallest: j results raised to it
        t = (total - sum(ordered[j:], ZERO)) / j
        if t >= ordered[j - 1] and (j == k or t <= ordered[j]):
            return min(t, ceiling)
    raise AssertionError("unreachable: the sum rises continuously past the total")  # pragma: no cover


def _topped_up(x: list[Fraction], b: list[Fraction], least: Fraction) -> list[Fraction]:
    """``x`` with results raised towards ``b``, in order, until their sum reaches ``least`` (raising a result
    never lowers the lowest)."""
    out, short = list(x), least - sum(x, ZERO)
    for j in range(len(out)):
        if short <= 0:
            break
        step = min(short, b[j] - out[j])
        out[j] += step
        short -= step
    return out


def _mean_under_lowest(a: list[Fraction], b: list[Fraction], f_lo: Fraction, f_hi: Fraction) -> Segment | None:
    """The mean when the lowest result lies in ``[f_lo, f_hi]``: every result at least ``f_lo``, one at most
    ``f_hi``. The set is star-shaped around its lowest corner, so the segment starts there."""
    corner = [max(x, f_lo) for x in a]
    if any(c > hi for c, hi in zip(corner, b)):
        return None
    # the highest mean: every result at its highest, but one brought down to f_hi where that costs least
    choices = [(hi - min(hi, f_hi), i) for i, (c, hi) in enumerate(zip(corner, b)) if c <= f_hi]
    if not choices:
        return None
    _, i = min(choices)
    end = list(b)
    end[i] = min(b[i], f_hi)
    return Segment(tuple(corner), tuple(end), measure_of(MEAN, corner), measure_of(MEAN, end))


def point_on(measure: str, seg: Segment, value: Fraction) -> tuple[Fraction, ...]:
    """The results on the segment where the measure is exactly ``value`` (which lies in its range)."""
    p0, p1 = seg.start, seg.end
    d = [y - x for x, y in zip(p0, p1)]
    if measure == MEAN:
        m0, m1 = measure_of(MEAN, p0), measure_of(MEAN, p1)
        s = ZERO if m1 == m0 else (value - m0) / (m1 - m0)
        return tuple(x + s * dx for x, dx in zip(p0, d))
    # the lowest is continuous along the segment: where it takes the value, some result is at it (or an end is)
    candidates = [ZERO, Fraction(1)] + [(value - x) / dx for x, dx in zip(p0, d) if dx]
    for s in candidates:
        if 0 <= s <= 1:
            point = tuple(x + s * dx for x, dx in zip(p0, d))
            if min(point) == value:
                return point
    raise AssertionError(f"no point of the segment has the lowest {value}")  # pragma: no cover


def meets_band(band: Band, low: Fraction, high: Fraction) -> Fraction | None:
    """A value in both the band and ``[low, high]``: the band's lower edge when it includes it, else the
    middle of the overlap; None when they do not meet."""
    left, left_in = (band.low, band.low_inclusive) if band.low >= low else (low, True)
    if band.low == low:
        left_in = band.low_inclusive
    right, right_in = (band.high, band.high_inclusive) if band.high <= high else (high, True)
    if band.high == high:
        right_in = band.high_inclusive
    if left < right:
        return left if left_in else (left + right) / 2
    if left == right and left_in and right_in:
        return left
    return None


def possible_ranks(standard: Standard, measure: str, given: Mapping[str, Any] | Unknown | None,
                   figure: Figure | None = None) -> tuple[int, ...]:
    """The ranks the standard can have: those of the bands meeting the measure's range."""
    seg = segment(measure, box_of(standard, given), figure)
    if seg is None:
        return ()
    bands = bands_of(standard).bands
    return tuple(sorted({b.rating.rank for b in bands if meets_band(b, seg.low, seg.high) is not None}))


def fill(standard: Standard, measure: str, given: Mapping[str, Any] | Unknown | None, rank: int,
         figure: Figure | None = None) -> dict[str, KeyQuestionResult]:
    """Values for the key questions not known exactly (``unknown`` or a range) that give ``rank`` and meet every
    constraint: a witness."""
    box = box_of(standard, given)
    seg = segment(measure, box, figure)
    if seg is None:
        raise ValueError(f"no results of {standard.id} meet the constraints")
    for band in bands_of(standard).bands:
        value = None if band.rating.rank != rank else meets_band(band, seg.low, seg.high)
        if value is not None:
            point = point_on(measure, seg, value)
            known = given if isinstance(given, Mapping) else {}
            return {q: KeyQuestionResult(v) for q, v in zip(box.ids, point)
                    if not isinstance(known.get(q), KeyQuestionResult)}
    raise ValueError(f"no value of {standard.id} gives rank {rank}")


def figure_range(aggregate: str, box: Box) -> tuple[Fraction, Fraction] | None:
    """The values the lowest (or the mean) of the results can take, before any figure; None without an
    applicable key question."""
    if not box.ids:
        return None
    return measure_of(aggregate, box.low), measure_of(aggregate, box.high)
