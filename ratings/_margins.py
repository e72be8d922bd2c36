"""How close a case standard sits to another rating.

- ``down``: the fewest 'Yes' judgements that, judged 'No' instead, would lower the rating (on whichever key
  question is cheapest); ``up``: the fewest extra 'Yes' judgements that would raise it one rating (every key
  question below the next band's threshold must reach it). In cases when every key question's number of
  applicable cases is known, else None; the same in percentage points is always given.
- ``near_edge``: some result is within half a percentage point of a threshold that matters (the current
  band's lower edge for any key question, the next band's for the lowest), so the whole percentages printed
  in a report cannot show which side it is on.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Mapping

import attrs

from ._model import KeyQuestionResult, Rating, Standard
from ._steps import cases_to_fall_below, cases_to_reach, points_above, points_to_reach, threshold

HALF_POINT = Fraction(1, 2)


@attrs.frozen
class Margin:
    down: int | None  # cases
    up: int | None
    down_points: Fraction | None
    up_points: Fraction | None
    near_edge: bool


def margin(standard: Standard, results: Mapping[str, KeyQuestionResult | None], rating: Rating) -> Margin | None:
    """The margins of a rated case standard (None when it is Not rated)."""
    applicable = [r for r in results.values() if r is not None and isinstance(r, KeyQuestionResult)]
    if not rating.rated or not applicable or len(applicable) != sum(1 for r in results.values() if r is not None):
        return None
    bands = standard.bands
    with_cases = all(r.of is not None for r in applicable)
    here = threshold(bands, rating.rank)
    better = [b.rating.rank for b in bands.bands if b.rating.rank > rating.rank]
    above = threshold(bands, min(better)) if better else None
    down = down_points = up = up_points = None
    near = False
    if here is not None and not (here[0] <= bands.low and here[1]):
        down_points = min(points_above(r, here) for r in applicable)
        if with_cases:
            falls = [cases_to_fall_below(r, here) for r in applicable]
            down = min(f for f in falls if f is not None)
        near = any(abs(r.percent - here[0]) <= HALF_POINT for r in applicable)
    if above is not None:
        up_points = sum((points_to_reach(r, above) for r in applicable), Fraction(0))
        if with_cases:
            needed = [cases_to_reach(r, above) for r in applicable]
            up = None if None in needed else sum(needed)
        lowest = min(r.percent for r in applicable)
        near = near or abs(lowest - above[0]) <= HALF_POINT
    return Margin(down, up, down_points, up_points, near)
