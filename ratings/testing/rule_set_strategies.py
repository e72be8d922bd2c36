"""A hypothesis strategy for whole rule sets: valid rule sets of every shape the format allows.

Needs the ``testing`` extra (``pip install "ratings[testing]"``, which installs hypothesis).

:func:`rule_set_texts` draws a rule set's YAML text (to write to a file, or to read as data);
:func:`rule_sets` draws it loaded. Drawn: 3-6 ratings with falling (not necessarily consecutive) points, one
or two band sets with random thresholds (whole, decimal or fractional, each bound inclusive or exclusive,
ratings repeated or skipped), the case-rating methods (the default and per standard; a standard's own may
be ``reported``, which never rates), judged, case, scored (the scored methods of the registry), derived
and information standards, counted or not, in one to three domains, decision rules of every condition kind
(nested ``any``/``all`` too) on every kind of target including the overall rating, and the overall rating
from bands on the mean points, from score tables, or both, sometimes with a ``min_rated``; or a score and no
overall rating, or neither
(``score: none``, ``overall: none``); the rule set's own case-rating method left out where every case
standard has its own. Standards are ``j0, j1, ...`` (judged),
``c0, ...`` (case), ``s0, ...`` (scored), ``v0, ...`` (derived) and ``i0`` (information); key questions (and
items) ``q0, q1, ...``.

>>> from hypothesis import given, settings, strategies as st
>>> import ratings
>>> from ratings.testing import inspections, rule_sets
>>> @settings(max_examples=10, deadline=None)
... @given(rule_sets(), st.data())
... def test_the_score_is_within_the_maximum(rules, data):
...     result = ratings.rate(data.draw(inspections(rules)), rules)
...     assert result.score is None or 0 <= result.score <= result.max_score
>>> test_the_score_is_within_the_maximum()
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence, TypeVar

from ._hypothesis import st

from ..kinds import CASE_RATING_METHODS, DERIVED_METHODS, OVERALL_METHODS, SCORED_METHODS
from ..model.objects import CONFIDENCE, RuleSet

__all__ = ["rule_set_texts", "rule_sets", "RATING_POOL", "NOT_RATED"]

RATING_POOL = ["Outstanding", "Good", "Requires improvement", "Inadequate", "Excellent", "Adequate", "Weak",
               "Poor", "Very good", "Satisfactory", "Fair", "Unsatisfactory"]
#: other scales (``scales:``), best first: one for findings some judged standards are on, one the overall
#: may be on; no name of them is in the pool
FINDINGS = ["Met", "Partly met", "Not met"]
CONCERN = ["No concern", "Some concern", "Serious concern", "Special measures"]
NOT_RATED = "Not rated"
#: the case-rating methods, from the registry (a method registered there is drawn at once): those rating from
#: bands may be a rule set's default; a case standard's own may also be one that never rates (``reported``),
#: drawn less often
METHODS = [name for name, method in CASE_RATING_METHODS.items() if method.banded]
OWN_METHODS = METHODS * 3 + [name for name, method in CASE_RATING_METHODS.items() if not method.banded]
#: the scored methods, from the registry (``kind: scored``)
SCORED = sorted(SCORED_METHODS)
#: the standards whose parts a condition may read, by id: a scored standard's lowest and highest score, None
#: for a case standard (its key questions' percentages)
Parts = dict[str, "tuple[int, int] | None"]
T = TypeVar("T")


def yaml_number(value: Fraction, as_text: bool) -> Any:
    """A number as a rule-set file may write it: a whole number, a decimal, or text such as ``125/2``."""
    if value.denominator == 1:
        return int(value)
    if not as_text:
        f = float(value)
        if Fraction(repr(f)) == value:
            return f
    return f"{value.numerator}/{value.denominator}"


def _provenance(confidence: str) -> dict[str, str]:
    return {"source": "generated", "confidence": confidence}


#: a rule's source and confidence (a strategy built once: building strategies on every draw costs more than
#: drawing from them)
PROVENANCE = st.sampled_from(CONFIDENCE).map(_provenance)


def _permuted(draw: st.DrawFn, items: Sequence[T]) -> list[T]:
    """``items`` in a drawn order (shrinking towards the order given), as ``st.permutations`` draws it, without
    building a strategy for them."""
    out = list(items)
    for i in range(len(out) - 1):
        j = draw(st.integers(i, len(out) - 1))
        out[i], out[j] = out[j], out[i]
    return out


def _holds_a_rounded_value(band: dict[str, Any], places: int) -> bool:
    """Whether some value rounded to ``places`` decimals lies in the band (else rounding would empty it)."""
    low = _fraction(band.get("at_least", band.get("above")))
    high = _fraction(band.get("at_most", band.get("below")))
    step = Fraction(1, 10 ** places)
    k = -(-low // step)  # the first grid point at or above the lower bound
    if "above" in band and k * step == low:
        k += 1
    point = k * step
    return point < high or (point == high and "at_most" in band)


def _fraction(value: Any) -> Fraction:
    return Fraction(value) if not isinstance(value, float) else Fraction(repr(value))


def _colour(draw: st.DrawFn) -> dict[str, str]:
    """Now and then a colour for a rating, as the web writes it (six digits or three)."""
    if draw(st.integers(0, 4)):
        return {}
    digits = "".join(_pick(draw, "0123456789abcdefABCDEF") for _ in range(_pick(draw, [3, 6])))
    return {"colour": "#" + digits}


def _pick(draw: st.DrawFn, choices: Sequence[T]) -> T:
    """One of ``choices`` (shrinking towards the first), without building a strategy for them."""
    return choices[draw(st.integers(0, len(choices) - 1))]


def _coin(draw: st.DrawFn) -> bool:
    """A drawn boolean (``draw(st.booleans())``: a function of its own, as the right of an ``and`` would have a
    type checker infer the draw's type from the left)."""
    return draw(st.booleans())


def values_in(draw: st.DrawFn, low: Fraction, high: Fraction) -> Fraction:
    """An exact value in [low, high]: whole, a half, a third, a quarter, a tenth..."""
    d = _pick(draw, [1, 1, 1, 2, 3, 4, 10])
    return Fraction(draw(st.integers(int(low * d), int(high * d))), d)


def band_list(draw: st.DrawFn, low: Fraction, high: Fraction, names_worst_first: list[str],
              least: int = 1) -> list[dict[str, Any]]:
    """Bands covering [low, high] exactly once, never rating a higher value lower, with random thresholds,
    random inclusive/exclusive bounds, and ratings repeated or skipped; with ``least`` > 1, at least that
    many bands, of different ratings."""
    k = draw(st.integers(least, min(6, len(names_worst_first) + (1 if least == 1 else 0))))
    cuts = sorted({values_in(draw, low, high) for _ in range(k - 1)})
    upper_side = []  # for each cut: does the value at the cut belong to the band above it?
    for c in cuts:
        if c == low:
            upper_side.append(False)  # the band below is the single point [low, low]
        elif c == high:
            upper_side.append(True)  # the band above is the single point [high, high]
        else:
            upper_side.append(draw(st.booleans()))
    indices = sorted(draw(st.lists(st.integers(0, len(names_worst_first) - 1), min_size=len(cuts) + 1,
                                   max_size=len(cuts) + 1, unique=least > 1)))
    as_text = draw(st.booleans())
    bands = []
    for i, rating in enumerate(indices):
        band: dict[str, Any] = {"rating": names_worst_first[rating]}
        if i == 0:
            band["at_least"] = yaml_number(low, as_text)
        elif upper_side[i - 1]:
            band["at_least"] = yaml_number(cuts[i - 1], as_text)
        else:
            band["above"] = yaml_number(cuts[i - 1], as_text)
        if i == len(indices) - 1:
            band["at_most"] = yaml_number(high, as_text)
        elif upper_side[i]:
            band["below"] = yaml_number(cuts[i], as_text)
        else:
            band["at_most"] = yaml_number(cuts[i], as_text)
        bands.append(band)
    return _permuted(draw, bands) if draw(st.booleans()) else list(reversed(bands))


def score_table(draw: st.DrawFn, maximum: int, names_worst_first: list[str]) -> dict[str, Any]:
    """A score table for one maximum: a random monotone cut of 0..maximum among some of the ratings."""
    most = min(len(names_worst_first), maximum + 1)
    chosen = sorted(draw(st.lists(st.integers(0, len(names_worst_first) - 1), min_size=1, max_size=most,
                                  unique=True)))
    starts = sorted(draw(st.lists(st.integers(1, maximum), min_size=len(chosen) - 1, max_size=len(chosen) - 1,
                                  unique=True)))
    bounds = [0] + starts + [maximum + 1]
    ranges = {}
    for i, rating in enumerate(chosen):
        lo, hi = bounds[i], bounds[i + 1] - 1
        ranges[names_worst_first[rating]] = f"{lo}-{hi}" if lo != hi or draw(st.booleans()) else lo
    items = list(ranges.items())
    items = _permuted(draw, items)
    return {"maximum": maximum, "ranges": dict(items), **draw(PROVENANCE)}


def reads_of(cond: dict[str, Any], domains: dict[str, list[str]]) -> set[str]:
    """Every rated standard a condition reads (a domain: its non-information standards)."""
    if "any" in cond or "all" in cond:
        return set().union(*(reads_of(c, domains) for c in (cond["any"] if "any" in cond else cond["all"])))
    if "any_score" in cond or "any_key_question" in cond:
        return set()  # a standard's parts, not its rating
    if "standard" in cond:
        return {cond["standard"]}
    if "standards" in cond:
        return set(cond["standards"])
    return set(domains[cond["domain"]])


def rising_conditions(draw: st.DrawFn, allowed: list[str], domains: dict[str, list[str]], names: list[str],
                      depth: int = 0, scaled: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """A condition that holds more as ratings rise (enough of a group at or above a rating), or ``any``/``all``
    of them: only an overall method's rules may use one. Groups are of standards on the rule set's scale (not
    those of ``scaled``)."""
    allowed = [s for s in allowed if s not in (scaled or {})]
    if depth < 1 and draw(st.integers(0, 3)) == 0:
        kind = _pick(draw, ["any", "all"])
        return {kind: [rising_conditions(draw, allowed, domains, names, depth + 1)
                       for _ in range(draw(st.integers(1, 2)))]}
    usable_domains = [d for d, ids in domains.items() if ids and set(ids) <= set(allowed)]
    g: dict[str, str | list[str]]
    if usable_domains and _coin(draw):
        d = _pick(draw, usable_domains)
        g, size = {"domain": d}, len(domains[d])
    else:
        ids = draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=min(4, len(allowed)), unique=True))
        g, size = {"standards": ids}, len(ids)
    rating = _pick(draw, names)
    if draw(st.booleans()):
        return {**g, "at_or_above": rating, "at_least_count": draw(st.integers(1, size))}
    den = draw(st.integers(1, 4))
    return {**g, "at_or_above": rating, "at_least_share": yaml_number(Fraction(draw(st.integers(1, den)), den),
                                                                      draw(st.booleans()))}


def first_match(draw: st.DrawFn, rated: list[str], domains: dict[str, list[str]], names: list[str],
                scaled: dict[str, list[str]] | None = None, given: list[str] | None = None,
                parts: Parts | None = None, prefix: str = "m") -> list[dict[str, Any]]:
    """The rules of a ``first_match`` overall rating, in an order that never lowers it as a rating rises:
    rules holding less as ratings rise, their ratings rising down the list, then rules holding more, their
    ratings falling, then ``otherwise``, between the two. The ratings given are ``given`` (the overall's
    scale; default ``names``), those the conditions compare with ``names`` (and ``scaled``'s)."""
    given = given or names
    worst_first = list(reversed(given))
    middle = draw(st.integers(0, len(given) - 1))
    lower = sorted(draw(st.lists(st.integers(0, middle), max_size=3)))
    higher = sorted(draw(st.lists(st.integers(middle, len(given) - 1), max_size=2)), reverse=True)
    out = [{"id": f"{prefix}{i}", "rating": worst_first[k],
            "when": conditions(draw, rated, domains, names, scaled=scaled, parts=parts)} for i, k in enumerate(lower)]
    out += [{"rating": worst_first[k], "when": rising_conditions(draw, rated, domains, names, scaled=scaled)}
            for k in higher]
    return out + [{"rating": worst_first[middle], "otherwise": True}]


def part_condition(draw: st.DrawFn, parts: Parts) -> dict[str, Any]:
    """A condition on one standard's parts (``parts``: by standard, a scored one's lowest and highest score,
    or None for a case standard): a key question below a percentage, or an item at or below a score."""
    sid = _pick(draw, sorted(parts))
    how = _pick(draw, ["below", "at_or_below"])
    scores = parts[sid]
    if scores is not None:
        return {"standard": sid, "any_score": {how: draw(st.integers(*scores))}}
    return {"standard": sid, "any_key_question": {how: yaml_number(values_in(draw, Fraction(0), Fraction(100)),
                                                                   draw(st.booleans()))}}


def conditions(draw: st.DrawFn, allowed: list[str], domains: dict[str, list[str]], names: list[str],
               depth: int = 0, scaled: dict[str, list[str]] | None = None,
               parts: Parts | None = None) -> dict[str, Any]:
    """A condition of any kind reading only the ``allowed`` standards; one on another scale (``scaled``: its
    ratings, by standard) read alone, with a rating of its scale; with ``parts``, now and then one on a
    standard's parts (which reads no rating, so any standard's)."""
    if parts and draw(st.integers(0, 5)) == 0:
        return part_condition(draw, parts)
    scaled = scaled or {}
    on_scale = [s for s in allowed if s not in scaled]
    usable_domains = [d for d, ids in domains.items() if ids and set(ids) <= set(on_scale)]
    kinds = ["single_below", "count", "share", "above"] if on_scale else ["single_below", "single_above"]
    if any(s in scaled for s in allowed):
        kinds += ["single_below", "single_above"]
    if depth < 2:
        kinds += ["any", "all"]
    kind = _pick(draw, kinds)
    if kind in ("any", "all"):
        return {kind: [conditions(draw, allowed, domains, names, depth + 1, scaled, parts)
                       for _ in range(draw(st.integers(1, 3)))]}
    if kind in ("single_below", "single_above"):
        sid = _pick(draw, allowed)
        rating = _pick(draw, scaled.get(sid, names))
        return {"standard": sid, "at_or_below": rating} if kind == "single_below" else \
            {"standard": sid, "at_or_above": rating, "fewer_than": 1}
    allowed = on_scale
    rating = _pick(draw, names)

    def group() -> tuple[dict[str, Any], int]:
        if usable_domains and _coin(draw):
            d = _pick(draw, usable_domains)
            return {"domain": d}, len(domains[d])
        ids = draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=min(4, len(allowed)), unique=True))
        return {"standards": ids}, len(ids)

    if kind == "above":
        if draw(st.integers(0, 3)) == 0:
            return {"standard": _pick(draw, allowed), "at_or_above": rating, "fewer_than": 1}
        g, size = group()
        return {**g, "at_or_above": rating, "fewer_than": draw(st.integers(1, size))}
    g, size = group()
    if kind == "count":
        return {**g, "at_or_below": rating, "at_least_count": draw(st.integers(1, size))}
    den = draw(st.integers(1, 4))
    share = Fraction(draw(st.integers(1, den)), den)
    return {**g, "at_or_below": rating, "at_least_share": yaml_number(share, draw(st.booleans()))}


@st.composite
def rule_set_texts(draw: st.DrawFn, small: bool = False, scored: bool = False) -> str:
    """The YAML text of a valid rule set (see the module's docstring); ``small`` for brute force: two case
    standards of one or two key questions, one or two judged, at most one derived; ``small`` and ``scored``:
    two scored standards of one or two items scored on a short range in place of the case standards. Not
    small, scored standards are drawn now and then beside the case standards.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(rule_set_texts())
    ... def test_each_text_is_the_generated_rule_set(text):
    ...     assert text.startswith("id: generated\\n")
    >>> test_each_text_is_the_generated_rule_set()
    """
    n_ratings = draw(st.integers(3, 6))
    names = draw(st.lists(st.sampled_from(RATING_POOL), min_size=n_ratings, max_size=n_ratings, unique=True))
    if draw(st.booleans()):
        points = list(range(n_ratings - 1, -1, -1))
    else:
        points = sorted(draw(st.lists(st.integers(0, 9), min_size=n_ratings, max_size=n_ratings, unique=True)),
                        reverse=True)
    worst_first = list(reversed(names))
    top = points[0]

    band_ids = ["case-bands"] if draw(st.booleans()) or small else ["case-bands", "strict-bands"]
    band_sets: dict[str, dict[str, Any]] = {
        bid: {"measures": "share of cases",
              "bands": band_list(draw, Fraction(0), Fraction(100), worst_first, 3 if small else 1),
              **draw(PROVENANCE)} for bid in band_ids}
    for band_set in band_sets.values():  # now and then the measure rounded before banding
        places = draw(st.integers(0, 2))
        rounding = {"places": places, "half": _pick(draw, ["up", "down", "even"])}
        if draw(st.integers(0, 3)) == 0 and all(_holds_a_rounded_value(b, places)
                                                for b in band_set["bands"]):
            band_set["rounding"] = rounding

    n_judged = draw(st.integers(1, 2 if small else 3))
    n_case = (0 if scored else 2) if small else draw(st.integers(1, 3))
    n_scored = (2 if scored else 0) if small else _pick(draw, [0, 0, 1, 2])
    n_derived = draw(st.integers(0, 1 if small else 2))
    n_info = 0 if small else _pick(draw, [0, 0, 0, 1])
    judged = [f"j{i}" for i in range(n_judged)]
    # a quarter of the time, one or two judged standards on another scale (findings), never counted
    findings = FINDINGS if draw(st.booleans()) else FINDINGS[::2]
    scaled = {f"f{i}": findings for i in range(draw(st.integers(1, 2)))} if draw(st.integers(0, 3)) == 0 else {}
    cased = [f"c{i}" for i in range(n_case)]
    scores = [f"s{i}" for i in range(n_scored)]
    derived = [f"v{i}" for i in range(n_derived)]
    info = [f"i{i}" for i in range(n_info)]

    # a random order in which everything a standard reads comes before it
    order = _permuted(draw, judged + list(scaled) + cased + scores)
    inputs: dict[str, list[str]] = {}
    for v in derived:  # rated from standards of the rule set's scale
        p = draw(st.integers(1, len(order)))
        while all(s in scaled for s in order[:p]):
            p += 1
        choices = [s for s in order[:p] if s not in scaled]
        inputs[v] = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=min(3, len(choices)), unique=True))
        order = order[:p] + [v] + order[p:]
    rated = list(order)

    standards: dict[str, dict[str, Any]] = {}
    for sid in judged:
        standards[sid] = {"id": sid, "name": f"Judged {sid}", "kind": "judged"}
    for sid in scaled:
        standards[sid] = {"id": sid, "name": f"Finding {sid}", "kind": "judged", "scale": "findings"}
    for sid in cased + info:
        n_q = draw(st.integers(1, 2 if small else 3))
        qs = {f"q{k}": f"Question {k} of {sid}?" for k in range(n_q)}
        s: dict[str, Any] = {"id": sid, "name": f"Case {sid}", "kind": "case" if sid in cased else "information",
                             "key_questions": qs}
        if sid in cased:
            if len(band_ids) > 1 or draw(st.booleans()):
                s["bands"] = _pick(draw, band_ids)
            if draw(st.booleans()):
                own: dict[str, Any] = {"method": _pick(draw, OWN_METHODS)}
                if draw(st.booleans()):
                    own["id"] = f"{sid}-rating"
                    own["description"] = "its own method"
                standards[sid] = {**s, "case_rating": own}
                continue
        standards[sid] = s
    for sid in scores:
        low = draw(st.integers(0, 1))
        s = {"id": sid, "name": f"Scored {sid}", "kind": "scored",
             "scores": {"lowest": low, "highest": draw(st.integers(low + 1, low + (3 if small else 4)))},
             "items": {f"q{k}": f"Item {k} of {sid}" for k in range(draw(st.integers(1, 2 if small else 3)))},
             "method": _pick(draw, SCORED)}
        if len(band_ids) > 1 or draw(st.booleans()):
            s["bands"] = _pick(draw, band_ids)
        standards[sid] = s
    for sid in derived:  # the derived methods, from the registry
        method = _pick(draw, sorted(DERIVED_METHODS))
        standards[sid] = {"id": sid, "name": f"Derived {sid}", "kind": "derived", "from": inputs[sid],
                          "method": method}
        if method == "first_match":  # its own rules, reading only the standards it is derived from
            standards[sid]["rules"] = first_match(draw, inputs[sid], {}, names, prefix=f"{sid}-m")
            if draw(st.integers(0, 3)) == 0:
                standards[sid]["min_rated"] = draw(st.integers(1, len(inputs[sid])))
    counted = {sid: draw(st.integers(0, 3)) > 0 and sid not in scaled for sid in rated}
    if not any(counted.values()):
        counted[_pick(draw, [s for s in rated if s not in scaled])] = True
    for sid in rated:
        if sid in scaled:
            continue
        if not counted[sid]:
            standards[sid]["counted"] = False
        elif draw(st.integers(0, 5)) == 0:
            standards[sid]["counted"] = True

    # domains: every one holds at least one standard
    listing = _permuted(draw, list(standards))
    n_domains = draw(st.integers(1, min(3, len(listing))))
    home = {sid: i for i, sid in enumerate(listing[:n_domains])}
    for sid in listing[n_domains:]:
        home[sid] = draw(st.integers(0, n_domains - 1))
    domain_ids = [f"d{i}" for i in range(n_domains)]
    members = {d: [s for s in listing if domain_ids[home[s]] == d] for d in domain_ids}
    # what a domain's groups read: its rated standards of the rule set's scale
    domain_rated = {d: [s for s in ids if s not in info and s not in scaled] for d, ids in members.items()}
    domains = [{"id": d, "name": f"Domain {d}", **draw(PROVENANCE),
                "standards": [standards[s] for s in members[d]]} for d in domain_ids]

    # what the framework publishes beyond its standards: mostly a score and an overall rating read from it; a
    # score alone; or neither (HMI Prisons, HMICFRS PEEL)
    parts = _pick(draw, ["both", "both", "both", "both", "score", "neither"])
    # the overall's method, from the registry, so that a method added there is drawn here at once; one that
    # is not read from the score needs none
    method = _pick(draw, ["from_score", *sorted(OVERALL_METHODS)])  # from_score (three forms) twice as often
    if method != "from_score" and parts != "both":
        parts = "by rules" if draw(st.booleans()) else parts
    # an overall by rules may be on another scale (a category of concern)
    concern = CONCERN[:draw(st.integers(2, 4))] if method != "from_score" and draw(st.integers(0, 3)) == 0 \
        else None
    # conditions on a standard's parts (not on small rule sets, whose analyses are checked by brute force: the
    # analyses refuse them)
    read_parts: Parts = {} if small else {**{sid: None for sid in cased},
                                         **{sid: (standards[sid]["scores"]["lowest"],
                                                  standards[sid]["scores"]["highest"]) for sid in scores}}
    rules = []
    for i in range(draw(st.integers(0, 3 if small else 4))):
        targets = [s for s in rated if rated.index(s) > 0] + (["overall"] if parts in ("both", "by rules") else [])
        if not targets:
            break
        target = _pick(draw, targets)
        allowed = rated if target == "overall" else rated[:rated.index(target)]
        rule: dict[str, Any] = {"id": f"r{i}"}
        if target == "overall" or draw(st.integers(0, 3)) > 0:
            rule["limits"] = target
        else:
            rule["standard"] = target
        scale = concern if target == "overall" and concern else scaled.get(target, names)  # the target's scale
        rule["at_most"] = draw(st.sampled_from(scale[1:] if draw(st.integers(0, 4)) else scale))  # mostly one to lower
        rule["when"] = conditions(draw, allowed, domain_rated, names, scaled=scaled, parts=read_parts)
        rules.append({**rule, **draw(PROVENANCE)})

    n_counted = sum(counted.values())
    maxima = [top * n for n in range(1, n_counted + 1)]
    mode = _pick(draw, ["bands", "bands", "mixed", "tables"]) if method == "from_score" else method
    overall: dict[str, Any] = {"id": "overall", "measures": "mean points"}
    if method != "from_score":
        overall["method"] = method
        overall["rules"] = first_match(draw, rated, domain_rated, names, scaled, concern, read_parts)
        if concern:
            overall["scale"] = "concern"
    elif mode != "tables":
        overall["bands"] = band_list(draw, Fraction(0), Fraction(top), worst_first, 3 if small else 1)
    if mode in ("mixed", "tables"):
        chosen = maxima if mode == "tables" else draw(st.lists(st.sampled_from(maxima), unique=True, max_size=3))
        if chosen:
            overall["score_tables"] = [score_table(draw, m, worst_first) for m in _permuted(draw, chosen)]
    if draw(st.integers(0, 3)) == 0:  # too few rated standards: the overall is Not rated
        overall["min_rated"] = draw(st.integers(1, n_counted))
    overall.update(draw(PROVENANCE))

    doc: dict[str, Any] = {
        "id": "generated",
        "title": "A generated rule set",
        "service": "testing",
        **draw(PROVENANCE),
        "in_force": {"from": "2024-01", **draw(PROVENANCE)},
        "scale": {"ratings": [{"name": n, "points": p, **_colour(draw)} for n, p in zip(names, points)],
                  "not_rated": NOT_RATED, **draw(PROVENANCE)},
        "case_rating": {"id": "case-rating", "method": _pick(draw, METHODS), "description": "d",
                        **draw(PROVENANCE)},
        "bands": band_sets,
        "domains": domains,
    }
    others = {**({"findings": findings} if scaled else {}), **({"concern": concern} if concern else {})}
    if others:
        doc = {**{k: v for k, v in doc.items() if k != "domains"},
               "scales": {name: {"ratings": [{"name": n, **_colour(draw)} if draw(st.booleans()) else n
                                             for n in ratings], **draw(PROVENANCE)}
                          for name, ratings in others.items()},
               "domains": doc["domains"]}
    if all("case_rating" in standards[sid] for sid in cased) and draw(st.booleans()):
        del doc["case_rating"]  # every case standard has its own method: the rule set's is optional
    if rules or _coin(draw):
        doc["decision_rules"] = rules
    doc["score"] = {"id": "score", "description": "sum of points", **draw(PROVENANCE)} \
        if parts in ("both", "score") or (parts == "by rules" and draw(st.booleans())) else "none"
    doc["overall"] = overall if parts in ("both", "by rules") else "none"
    import yaml

    # libyaml's emitter when there is one: the same text as yaml.safe_dump's, several times faster
    return yaml.dump(doc, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                     allow_unicode=True, width=120)


def rule_sets(small: bool = False, scored: bool = False) -> st.SearchStrategy[RuleSet]:
    """A valid rule set, loaded (see :func:`rule_set_texts`); its id is ``generated``, and it has no file.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(rule_sets())
    ... def test_each_has_a_scale_of_three_to_six_ratings(rules):
    ...     assert rules.id == "generated"
    ...     assert 3 <= len(rules.scale) <= 6
    >>> test_each_has_a_scale_of_three_to_six_ratings()
    """
    return rule_set_texts(small, scored).map(_load)


def _load(text: str) -> RuleSet:
    from ..loading.rule_set import load_rule_set_bytes

    return load_rule_set_bytes(text.encode("utf-8"), "<generated rule set>")
