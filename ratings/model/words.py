"""How numbers, bands and lists of standards are written in sentences (shared by every kind of rule's
explanations and by the text output)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable

from .objects import Band, BandSet, Between, KeyQuestionResult, QuestionValue, RuleSet


#: What outputs say in place of a part a framework does not have (``score: none``, ``overall: none``)
NO_SCORE = "none (this framework gives no score)"
NO_OVERALL = "none (this framework gives no overall rating)"


def fmt(value: Fraction) -> str:
    """A number exactly, as a report would print it: 50, 62.5, 0.5, 64.99995; other fractions as a/b."""
    num, den = value.numerator, value.denominator
    if den == 1:
        return str(num)
    for places in range(1, 7):  # a short exact decimal
        if (num * 10 ** places) % den == 0:
            return _decimals(num * 10 ** places // den, places)
    return f"{num}/{den}"


def _decimals(scaled: int, places: int) -> str:
    """The number ``scaled / 10**places`` written with ``places`` decimals."""
    whole, part = divmod(abs(scaled), 10 ** places)
    return f"{'-' if scaled < 0 else ''}{whole}.{part:0{places}d}"


def approx(value: Fraction, edges: Iterable[Fraction] = ()) -> str:
    """A number for reading: exact when short (32, 62.5, 0.875), else rounded to one decimal place (32.4), or
    to as many more as it takes for the printed number to stand on the same side of each of ``edges`` (the
    band edges it is compared with), and of 0, as the number itself: 64.99999999999999999 against an edge
    at 65 prints in full, never as 65.0, and a number above 0 never as 0.0. When no rounding does, exact (a/b).
    """
    exact = fmt(value)
    if "/" not in exact and len(exact) <= 6:
        return exact
    sides = [(edge, _side(value, edge)) for edge in {Fraction(0), *edges}]
    for places in range(1, _MAX_PLACES + 1):
        scaled = round(value * 10 ** places)  # half to even, exactly
        if all(_side(Fraction(scaled, 10 ** places), edge) == side for edge, side in sides):
            return _decimals(scaled, places)
    return exact


_MAX_PLACES = 100  # more than any two numbers of a file (at most 40 digits each) need to be told apart


def _side(value: Fraction, edge: Fraction) -> int:
    return (value > edge) - (value < edge)


def band_edges(band_set: BandSet) -> tuple[Fraction, ...]:
    """The numbers a value is compared with to find its band: every band's two bounds."""
    return tuple(x for band in band_set.bands for x in (band.low, band.high))


def bounds(band: Band | None) -> tuple[Fraction, ...]:
    """A band's two bounds: a value printed on the same side of both is printed in its band (bands do not
    overlap), so on the same side of every other edge too."""
    return (band.low, band.high) if band is not None else ()


def describe_band(band: Band, unit: str = "%", lowest: Fraction | None = None,
                  highest: Fraction | None = None) -> str:
    """A band in words: '80% or more', '65% to under 80%', 'under 50%'."""
    lo, hi = f"{fmt(band.low)}{unit}", f"{fmt(band.high)}{unit}"
    at_bottom = lowest is not None and band.low == lowest and band.low_inclusive
    at_top = highest is not None and band.high == highest and band.high_inclusive
    if at_top and at_bottom:
        return f"{lo} to {hi}"
    if at_top:
        return f"{lo} or more" if band.low_inclusive else f"over {lo}"
    if at_bottom:
        return f"under {hi}" if not band.high_inclusive else f"{hi} or less"
    left = lo if band.low_inclusive else f"over {lo}"
    right = hi if band.high_inclusive else f"under {hi}"
    return f"{left} to {right}"


def band_words(band: Band) -> str:
    """A band as its rule set words it, else by its ends ('80% or more'; '0.5 to 1.5')."""
    return band.text or f"{band.low} to {band.high}"


def band_text(band_set: BandSet, band: Band) -> str:
    return band.text or describe_band(band, band_set.unit, band_set.low, band_set.high)


def band_in_words(band_set: BandSet, band: Band) -> str:
    """The band as a sentence names it: with the rounding, when the measure is rounded before banding."""
    rounding = band_set.rounding
    return band_text(band_set, band) + (f" (once {rounding.phrase()})" if rounding is not None else "")


def bounds_text(band: Band) -> str:
    """A band's two bounds in words: 'above 0.5 and at most 1.5'."""
    low = f"{'at least' if band.low_inclusive else 'above'} {fmt(band.low)}"
    high = f"{'at most' if band.high_inclusive else 'below'} {fmt(band.high)}"
    return f"{low} and {high}"


def percent_text(result: KeyQuestionResult, edges: Iterable[Fraction] = ()) -> str:
    """``32%``, or ``11 of 34 (32.4%)`` when counts were given; never rounded across one of ``edges`` (see
    :func:`approx`)."""
    pct = f"{approx(result.percent, edges)}%"
    return f"{result.yes} of {result.of} ({pct})" if result.yes is not None else pct


def cases_text(result: KeyQuestionResult, edges: Iterable[Fraction] = ()) -> str:
    """``32% of cases``, or ``11 of 34 cases (32.4%)`` when counts were given; never rounded across one of
    ``edges`` (see :func:`approx`)."""
    if result.yes is None and result.percent.denominator == 1:
        return f"{result.percent.numerator}% of cases"
    pct = f"{approx(result.percent, edges)}%"
    return f"{result.yes} of {result.of} cases ({pct})" if result.yes is not None else f"{pct} of cases"


def and_list(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def or_list(items: Iterable[Any]) -> str:
    said = [str(i) for i in items]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]


def names(rules: RuleSet, ids: Iterable[str]) -> str:
    """Standards as a report lists them: '2.2 Assessment, 2.3 Planning and 2.4 Implementation and delivery'."""
    return and_list(rules.standards[i].label for i in ids)


def questions(standard: Any, ids: Iterable[str]) -> str:
    """Key questions as a report names them, by their own words: '"Does planning ...?" and "Does ...?"' (their
    ids are the file's keys, not the framework's words)."""
    words = {q.id: q.text for q in standard.key_questions}
    return and_list(f'"{words[i]}"' for i in ids)


_SHARES = {(1, 2): "half", (1, 3): "a third", (2, 3): "two thirds", (1, 4): "a quarter",
           (3, 4): "three quarters", (1, 1): "all"}


def share_text(share: Fraction) -> str:
    return _SHARES.get((share.numerator, share.denominator)) or fmt(share)


def verb(count: int) -> str:
    return "is" if count == 1 else "are"


def question_text(r: QuestionValue, edges: Iterable[Fraction] | None = None) -> str:
    """A key question's result as the pages show it: a percentage, a range ('30-34%'), 'unknown', or 'n/a'
    (no applicable cases)."""
    if isinstance(r, KeyQuestionResult):
        return percent_text(r, edges or ())
    if isinstance(r, Between):
        return f"{fmt(r.low)}-{fmt(r.high)}%"
    return "unknown" if r is not None else "n/a"
