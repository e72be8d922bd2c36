"""Moving a key question's result by whole cases (or by percentage points), exactly.

Used by the case-rating methods for what the analyses need (margins, the cheapest change reaching a rating,
the confidence model): how many more 'Yes' judgements lift a
result to a band's threshold, how many fewer push it below, in cases when the number of applicable cases is
known, and in percentage points when it is not.

A percentage given with a number of cases (``{percent, of}`` or ``cases_inspected``) but no count is read as
the whole number of cases it stands for: 32% of 34 is 11 cases (32.4%, printed 32%), so reaching 50% takes
6 more, not 6.12 rounded up. When no single count fits (a decimal percentage that is no whole count, or more
than 200 cases, where several counts print alike), the percentage is taken as exact and the counts as
fractional, rounded up to whole cases.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import attrs

from ..model.objects import ItemScore, KeyQuestionResult
from ..model.words import approx
from .bands import meets, threshold  # noqa: F401 - part of this module's vocabulary

HUNDRED = Fraction(100)
HALF = Fraction(1, 2)


def cases_of(result: KeyQuestionResult) -> int | None:
    """The number of cases judged 'Yes' behind a result: its count, or for a percentage with a number of
    cases, the one whole count whose percentage is the one given (exactly, or for a whole percentage, once
    rounded to a whole number as reports print them). None when there is no number of cases, or no single
    count fits."""
    if result.yes is not None:
        return result.yes
    of = result.of
    if of is None:
        return None
    exact = result.percent * of / HUNDRED
    if exact.denominator == 1:
        return exact.numerator
    if result.percent.denominator != 1:
        return None
    low = max(0, math.ceil((result.percent - HALF) * of / HUNDRED))
    high = min(of, math.floor((result.percent + HALF) * of / HUNDRED))
    return low if low == high else None


def cases_to_reach(result: KeyQuestionResult, limit: tuple[Fraction, bool]) -> int | None:
    """The fewest extra 'Yes' cases that bring the result to the limit (0 if it is there); None if the
    applicable cases are too few to get there. Needs ``result.of``."""
    if meets(result.percent, limit):
        return 0
    low, inclusive = limit
    of = result.of
    assert of is not None
    yes = yes_cases(result)
    gap = low * of / HUNDRED - yes
    k = max(1, math.ceil(gap) if inclusive else math.floor(gap) + 1)
    if yes + k > of:
        return None
    return k


def points_to_reach(result: KeyQuestionResult, limit: tuple[Fraction, bool]) -> Fraction:
    """Percentage points that bring the result to the limit (0 if there). An exclusive limit is reached at
    the next whole percentage, as reports print them."""
    if meets(result.percent, limit):
        return Fraction(0)
    low, inclusive = limit
    target = low if inclusive else Fraction(math.floor(low) + 1)
    return target - result.percent


def raised(result: KeyQuestionResult, cases: int | None = None, points: Fraction | None = None) -> KeyQuestionResult:
    """The result after ``cases`` more 'Yes' judgements, or ``points`` more percentage points."""
    if cases is not None:
        of = result.of
        assert of is not None, "moving a result by cases needs its number of cases"
        yes = cases_of(result)
        if yes is not None:
            return KeyQuestionResult(Fraction(100 * (yes + cases), of), yes + cases, of)
        return KeyQuestionResult(min(HUNDRED, result.percent + HUNDRED * cases / of), None, of)
    assert points is not None
    return KeyQuestionResult(min(HUNDRED, result.percent + points), result.yes, result.of)


def cases_to_fall_below(result: KeyQuestionResult, limit: tuple[Fraction, bool]) -> int | None:
    """The fewest 'Yes' judgements that, judged 'No', take the result below the limit; None when it is
    already below, or when no number of cases would (a limit of 0 inclusive)."""
    if not meets(result.percent, limit):
        return None
    low, inclusive = limit
    if inclusive and low <= 0:
        return None
    of = result.of
    assert of is not None
    yes = yes_cases(result)
    room = yes - low * of / HUNDRED  # cases above the limit
    return max(1, math.floor(room) + 1 if inclusive else math.ceil(room))


def points_above(result: KeyQuestionResult, limit: tuple[Fraction, bool]) -> Fraction | None:
    """How far the result is above the limit, in percentage points (None when below it)."""
    if not meets(result.percent, limit):
        return None
    return result.percent - limit[0]


HALF_POINT = Fraction(1, 2)


@attrs.frozen
class Margin:
    """How close a measured standard sits to another band: ``down``/``up`` in cases (None without case
    numbers), the same in percentage points, and whether a result is within half a point of an edge. A
    scored standard's margin (``scored``) is in points of its score: ``down_points``/``up_points`` are whole
    points and ``near_edge`` says one point either way changes its band. Its words are here, once."""

    down: int | None
    up: int | None
    down_points: Fraction | int | None
    up_points: Fraction | int | None
    near_edge: bool
    measure: str = "its lowest result"  # what the method bands, in the margin's words (the method says)
    scored: bool = False

    def note(self) -> str:
        """The margin as the ratings page's table shows it ('margin -2/+3 cases (near an edge)')."""
        if self.scored:
            sides = ([f"-{self.down_points}"] if self.down_points is not None else []) + \
                ([f"+{self.up_points}"] if self.up_points is not None else [])
            count = self.down_points if self.up_points is None else self.up_points if self.down_points is None else 2
            text = ("margin " + "/".join(sides) + (" point" if count == 1 else " points")) if sides else ""
        elif self.down is None and self.up is None:  # in percentage points: the measure's own distance down,
            # and the points needed across the key questions up (a sum, so said 'in all')
            down = ([] if self.down_points is None else [f"{self.measure} at its band's edge"] if not self.down_points
                    else [f"{self.measure} {_points(self.down_points)} above its band's edge"])
            up = [] if self.up_points is None else [f"{_points(self.up_points)} more in all to the next band"]
            text = "; ".join(down + up)
        else:
            sides = ([f"-{self.down}"] if self.down is not None else []) + \
                ([f"+{self.up}"] if self.up is not None else [])
            count = self.down if self.up is None else self.up if self.down is None else 2
            text = "margin " + "/".join(sides) + (" case" if count == 1 else " cases")
        return text + (" (near an edge)" if self.near_edge and text else "")

    def sentence(self) -> str:
        """The margin as the reasons say it ('Margin: 2 fewer 'Yes' judgements would lower it; ...')."""
        said = []
        if self.scored:
            if self.down_points is not None:
                said.append(f"{_points(self.down_points)} fewer in {self.measure} would lower it")
            if self.up_points is not None:
                said.append(f"{_points(self.up_points)} more would raise it")
        else:
            if self.down is not None:
                said.append(f"{self.down} fewer 'Yes' judgement{'s' if self.down != 1 else ''} would lower it")
            elif self.down_points is not None:
                said.append(f"{self.measure} is at its band's threshold" if not self.down_points else
                            f"{self.measure} is {_points(self.down_points)} above its band's threshold")
            if self.up is not None:
                said.append(f"{self.up} more 'Yes' judgement{'s' if self.up != 1 else ''} would raise it")
            elif self.up_points is not None:
                said.append(f"{_points(self.up_points)} more in all would raise it")
        text = "Margin: " + "; ".join(said) + "." if said else ""
        if self.near_edge and self.scored:
            text += " One point either way would change its band."
        elif self.near_edge:
            text += (" A result is within half a point of a band edge, so the whole percentages a report prints "
                     "cannot show which side of it the rating is.")
        return text.strip()


def _points(value: Fraction | int) -> str:
    """'1 point', '2.5 points'."""
    return f"{approx(Fraction(value))} point{'' if value == 1 else 's'}"


@attrs.frozen
class Change:
    """One key question's result raised, by whole cases (``cases``) or percentage ``points``."""

    standard: str
    question: str
    before: KeyQuestionResult
    after: KeyQuestionResult
    cases: int | None
    points: Fraction

    def to_dict(self, unit: str) -> dict[str, Any]:
        out: dict[str, Any] = {"standard": self.standard, "question": self.question,
                               "from": value_json(self.before, unit), "to": value_json(self.after, unit)}
        if unit == "cases":
            out["cases"] = self.cases
        elif unit == "score":  # points of a scored item: whole
            out["points"] = int(self.points)
        else:
            out["points"] = float(self.points)
        return out


def value_json(result: KeyQuestionResult, unit: str) -> dict[str, Any]:
    """A result as the JSON quotes it: in cases, the count (with the percentage as given, when the count was
    read from it)."""
    if unit == "score":
        assert isinstance(result, ItemScore), "only a scored item moves by points of a score"
        return {"score": result.score}
    if unit != "cases":
        return {"percent": float(result.percent)}
    if result.yes is not None:
        return {"yes": result.yes, "of": result.of}
    yes = cases_of(result)
    if yes is not None:
        return {"yes": yes, "of": result.of, "percent": float(result.percent)}
    return {"percent": float(result.percent), "of": result.of}


def yes_cases(result: KeyQuestionResult) -> Fraction:
    """The cases judged 'Yes' behind a result: whole when known or readable, else fractional."""
    yes = cases_of(result)
    if yes is not None:
        return Fraction(yes)
    assert result.of is not None, "cases behind a result need its number of cases"
    return result.percent * result.of / HUNDRED
