"""The band set: ranges of a measure (a percentage, or mean points), each giving a rating.

Everything about bands is here: reading and checking them (they cover the range exactly once, and never
rate a higher value lower), the band holding a value (``BandSet.classify``, exact), the threshold of a
rating (for the analyses), and the compiled form (exact integer or float comparisons).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import attrs

from ..model import limits
from ..model.objects import Band, BandSet, Standard
from ..model.words import describe_band, fmt
from ..reading.reader import Reader, join
from ..reading.yaml_file import Node
from .base import Code

PROVENANCE = ("source", "confidence", "notes")


def read_band_sets(ctx: Any, node: Node, path: str) -> dict[str, BandSet]:
    """The rule set's ``bands:``, a mapping of band-set ids to band sets over 0-100 (a ``range``, if given,
    must say [0, 100]: every case-rating method bands a percentage)."""
    r = ctx.r
    if node.kind != "map" or not node.value:
        r.problem("expected a mapping of band-set ids to band sets", node, path)
        return {}
    out = {}
    ctx.band_set_names = list(node.value)
    for key, value in node.value.items():
        p = join(path, key)
        f = r.mapping(value, p, required=("measures", "bands"), optional=("unit", "range", "rounding") + PROVENANCE,
                      line=r.key_line(node, key))
        if f is None:
            continue
        bid = ctx.rule_id(Node("str", key, r.key_line(node, key), key), p)
        low, high = Fraction(0), Fraction(100)
        if "range" in f:
            seq = r.sequence(f["range"], join(p, "range"))
            if seq is not None and len(seq) != 2:
                r.problem("expected two numbers: [lowest, highest]", f["range"], join(p, "range"))
            elif seq is not None:
                lo = r.number(seq[0], join(p, "range[0]"))
                hi = r.number(seq[1], join(p, "range[1]"))
                if lo is not None and hi is not None and (lo, hi) != (low, high):
                    r.problem(_range_problem(lo, hi), f["range"], join(p, "range"))
        unit = r.text(f["unit"], join(p, "unit"), allow_empty=True) if "unit" in f else "%"
        band_set = read_band_set(ctx, f, value, p, bid, low, high, unit or "")
        if band_set is not None and bid is not None:
            out[bid] = band_set
    return out


def _range_problem(lo: Fraction, hi: Fraction) -> str:
    """Band sets rate percentages of cases, which run from 0 to 100: any other range is a mistake."""
    why = []
    if lo < 0 or hi > 100:
        why.append("no percentage lies outside 0 to 100, so a band there could never be reached")
    if lo > 0 or hi < 100:
        why.append("a percentage outside the range would have no band")
    return (f"the bands rate percentages, so the range must be [0, 100], not [{fmt(lo)}, {fmt(hi)}]: "
            + "; ".join(why))


def read_band_set(ctx: Any, f: dict[str, Node], node: Node, path: str, bid: str | None, low: Fraction,
                  high: Fraction, unit: str) -> BandSet | None:
    r = ctx.r
    measures = r.text(f["measures"], join(path, "measures")) if "measures" in f else None
    provenance = ctx.provenance(f, node, path, node.line)
    bands = _bands(ctx, f["bands"], join(path, "bands"), low, high, unit) if "bands" in f else None
    rounding = read_rounding(ctx, f["rounding"], join(path, "rounding")) if "rounding" in f else None
    if bid is None or measures is None or provenance is None or bands is None:
        return None
    if "rounding" in f and rounding is None:
        return None
    if rounding is not None:
        bands = rounding.unrounded(ctx, bands, low, high, f["bands"], join(path, "bands"))
        if bands is None:
            return None
    return BandSet(bid, measures, unit, low, high, bands, provenance, rounding)


HALF = ("up", "down", "even")


@attrs.frozen
class Rounding:
    """``rounding: {places: N, half: up|down|even}``: the measure rounded to N decimal places before banding.
    Each band is turned, once, into the band of the unrounded measure that gives the same rating, exactly
    (``unrounded``), so that classifying, thresholds, margins and every analysis need nothing more."""

    places: int
    half: str

    @property
    def step(self) -> Fraction:
        return Fraction(1, 10 ** self.places)

    def phrase(self) -> str:
        """'rounded to whole numbers, halves up'."""
        to = "whole numbers" if self.places == 0 else f"{self.places} decimal place{'s' if self.places != 1 else ''}"
        halves = {"up": "halves up", "down": "halves down", "even": "halves to even"}[self.half]
        return f"rounded to {to}, {halves}"

    def words(self) -> str:
        return f"{self.phrase()}, before banding"

    def at_least(self, bound: Fraction, inclusive: bool) -> tuple[Fraction, bool]:
        """The unrounded values whose rounding is >= ``bound`` (> it, when not ``inclusive``), as
        ``(E, inclusive)``: the values >= E (or > E)."""
        step = self.step
        k = math.ceil(bound / step) if inclusive else math.floor(bound / step) + 1  # the grid point reached
        edge = k * step - step / 2  # the value half way below it
        if self.half == "up":
            return edge, True
        if self.half == "down":
            return edge, False
        return edge, k % 2 == 0  # half to even: the half way value goes up to an even grid point only

    def unrounded(self, ctx: Any, bands: tuple[Band, ...], low: Fraction, high: Fraction, node: Node,
                  path: str) -> tuple[Band, ...] | None:
        out = []
        for band in bands:
            lo, lo_in = (low, True) if band.low == low and band.low_inclusive else \
                self.at_least(band.low, band.low_inclusive)
            if (band.high, band.high_inclusive) == (high, True):
                hi, hi_in = high, True
            else:
                above, above_in = self.at_least(band.high, not band.high_inclusive)
                hi, hi_in = above, not above_in
            lo, lo_in = (low, True) if lo < low else (lo, lo_in)
            hi, hi_in = (high, True) if hi > high else (hi, hi_in)
            if lo > hi or (lo == hi and not (lo_in and hi_in)):
                ctx.r.problem(f"the band {band.text} ('{band.rating}') holds no value once the measure is "
                              f"{self.phrase()}", node, path, band.line)
                return None
            out.append(attrs.evolve(band, low=lo, low_inclusive=lo_in, high=hi, high_inclusive=hi_in))
        return tuple(out)


def read_rounding(ctx: Any, node: Node, path: str) -> Rounding | None:
    r = ctx.r
    f = r.mapping(node, path, required=("places",), optional=("half",))
    if f is None or "places" not in f:
        return None
    places = r.integer(f["places"], join(path, "places"), minimum=0)
    if places is not None and places > limits.MAX_ROUNDING_PLACES:
        r.problem(f"at most {limits.MAX_ROUNDING_PLACES} decimal places", f["places"], join(path, "places"))
        places = None
    half = r.choice(f["half"], join(path, "half"), HALF, "way to round a half") if "half" in f else "up"
    if places is None or half is None:
        return None
    return Rounding(places, half)


def _bands(ctx: Any, node: Node, path: str, low: Fraction, high: Fraction, unit: str) -> tuple[Band, ...] | None:
    r = ctx.r
    items = r.sequence(node, path)
    if items is None:
        return None
    bands: list[Band] = []
    ok = True
    for i, item in enumerate(items):
        p = join(path, i)
        f = r.mapping(item, p, required=("rating",), optional=("words", "at_least", "above", "at_most", "below"))
        if f is None:
            ok = False
            continue
        rating = ctx.rating(f["rating"], join(p, "rating")) if "rating" in f else None
        words = r.text(f["words"], join(p, "words")) if "words" in f else None
        lower = [k for k in ("at_least", "above") if k in f]
        upper = [k for k in ("at_most", "below") if k in f]
        if len(lower) != 1:
            r.problem("give exactly one lower bound: 'at_least' (inclusive) or 'above' (exclusive)", item, p)
        if len(upper) != 1:
            r.problem("give exactly one upper bound: 'at_most' (inclusive) or 'below' (exclusive)", item, p)
        if len(lower) != 1 or len(upper) != 1 or rating is None:
            ok = False
            continue
        lo = r.number(f[lower[0]], join(p, lower[0]))
        hi = r.number(f[upper[0]], join(p, upper[0]))
        if lo is None or hi is None:
            ok = False
            continue
        band = Band(rating, words, lo, lower[0] == "at_least", hi, upper[0] == "at_most", item.line)
        if lo > hi or (lo == hi and not (band.low_inclusive and band.high_inclusive)):
            r.problem(f"the band {describe_band(band, unit)} is empty", item, p)
            ok = False
            continue
        if lo < low or hi > high:
            r.problem(f"the band {describe_band(band, unit)} goes outside the range {fmt(low)}-{fmt(high)}",
                      item, p)
            ok = False
            continue
        bands.append(band)
    if not ok:
        return None
    ordered = sorted(bands, key=lambda b: (b.low, not b.low_inclusive))
    if not _coverage(r, ordered, node, path, low, high, unit):
        return None
    for below, above in zip(ordered, ordered[1:]):
        if above.rating.rank < below.rating.rank:
            r.problem(f"bands must not rate a higher value lower: {describe_band(above, unit)} gives "
                      f"'{above.rating}' but {describe_band(below, unit)} gives '{below.rating}'",
                      node, path, above.line)
            return None
    return tuple(attrs.evolve(b, text=describe_band(b, unit, low, high)) for b in reversed(ordered))


def _coverage(r: Reader, ordered: list[Band], node: Node, path: str, low: Fraction, high: Fraction,
              unit: str) -> bool:
    """Bands must cover the range exactly once: no gap, no overlap."""
    ok = True
    first, last = ordered[0], ordered[-1]
    if first.low > low or not first.low_inclusive:
        r.problem(f"gap in the bands: no band covers {fmt(low)}{unit}"
                  + (f" up to {fmt(first.low)}{unit}" if first.low > low else ""), node, path, first.line)
        ok = False
    if last.high < high or not last.high_inclusive:
        r.problem(f"gap in the bands: no band covers {fmt(high)}{unit}"
                  + (f" down to {fmt(last.high)}{unit}" if last.high < high else ""), node, path, last.line)
        ok = False
    for a, b in zip(ordered, ordered[1:]):
        if a.high < b.low or (a.high == b.low and not a.high_inclusive and not b.low_inclusive):
            r.problem(f"gap in the bands between {describe_band(a, unit)} ('{a.rating}') and "
                      f"{describe_band(b, unit)} ('{b.rating}'): no band covers "
                      + (f"{fmt(a.high)}{unit}" if a.high == b.low else f"{fmt(a.high)}-{fmt(b.low)}{unit}"),
                      node, path, b.line)
            ok = False
        elif a.high > b.low or (a.high == b.low and a.high_inclusive and b.low_inclusive):
            r.problem(f"overlap in the bands: {describe_band(a, unit)} ('{a.rating}') and "
                      f"{describe_band(b, unit)} ('{b.rating}') both cover "
                      + (f"{fmt(b.low)}{unit}" if a.high == b.low else f"{fmt(b.low)}-{fmt(a.high)}{unit}"),
                      node, path, b.line)
            ok = False
    return ok


def bands_of(standard: Standard) -> BandSet:
    """A measured standard's band set: the loader builds no rule set with a measured standard without one."""
    bands = standard.bands
    assert bands is not None, f"{standard.id} has no bands"
    return bands


# ------------------------------------------------------------------------------------------ for the analyses


def threshold(bands: BandSet, rank: int) -> tuple[Fraction, bool] | None:
    """The values that give at least ``rank``: ``(T, inclusive)`` meaning ``value >= T`` (or ``> T``).

    None when no value does (no band has that rank or better). Bands never rate a higher value lower, so
    this is the lowest bound of any band at or above the rank."""
    best = None
    for band in bands.bands:
        if band.rating.rank >= rank and (best is None or (band.low, not band.low_inclusive) <
                                         (best.low, not best.low_inclusive)):
            best = band
    return None if best is None else (best.low, best.low_inclusive)


def meets(value: Fraction, limit: tuple[Fraction, bool]) -> bool:
    low, inclusive = limit
    return value >= low if inclusive else value > low


# ------------------------------------------------------------------------------------------ compiled form


def _literal(value: Fraction) -> str:
    """A threshold as a Python literal that compares exactly with ints and floats ('' when there is none)."""
    if value.denominator == 1:
        return str(value.numerator)
    as_float = float(value)
    if Fraction(as_float) == value:
        return repr(as_float)
    return ""


def first_passing(parts: list[tuple[int, str]]) -> str:
    """Nested conditionals giving the rank of the first test that passes (the last band takes the rest)."""
    expr = str(parts[-1][0])
    for rank, test in reversed(parts[:-1]):
        expr = f"({rank} if {test} else {expr})"
    return expr


def rank_expr(bands: BandSet, var: str, code: Code) -> str:
    """An expression giving the rank of a number ``var`` (an int, a float or a Fraction) in a band set,
    exactly: thresholds that no float can hold are compared as Fractions (``_exact`` of the value)."""
    parts = []
    for band in bands.bands:  # highest values first
        literal = _literal(band.low)
        op = ">=" if band.low_inclusive else ">"
        if literal:
            parts.append((band.rating.rank, f"{var} {op} {literal}"))
        else:
            parts.append((band.rating.rank, f"_exact({var}) {op} {code.const(band.low, 'T')}"))
    return first_passing(parts)


def count_expr(bands: BandSet, yes: str, of: str) -> str:
    """An expression giving the rank of ``yes`` cases out of ``of``, in exact integer arithmetic."""
    parts = []
    for band in bands.bands:
        num, den = band.low.numerator, band.low.denominator
        op = ">=" if band.low_inclusive else ">"
        parts.append((band.rating.rank, f"{100 * den} * {yes} {op} {num} * {of}"))
    return first_passing(parts)


def whole_table(bands: BandSet) -> list[int]:
    """The rank of each whole percentage 0-100 (for percentage band sets)."""
    return [bands.classify(Fraction(v)).rating.rank for v in range(101)]
