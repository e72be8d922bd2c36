"""Whole rule sets drawn at random, as YAML text, and what the engine makes of inspections rated under them.

The public strategy ``ratings.testing.rule_set_texts`` (here ``rule_sets``) writes valid rule sets of every
shape the format allows: 3-6 ratings with falling (not necessarily consecutive) points, one or two band sets with random thresholds
(whole, decimal or fractional, each bound inclusive or exclusive, ratings repeated or skipped), the
case-rating methods (the default and per standard, ``reported`` among a standard's own), judged, case, derived
and information standards,
counted or not, in one to three domains, decision rules of every condition kind (nested ``any``/``all``
too) on every kind of target including the overall rating, and the overall rating from bands on the mean
points, from score tables, or both; or a score and no overall rating, or neither.

The properties:

(a) the compiled fast path (``Engine.rate_many``), its traced form, ``ratings.rate`` with and without a
    trace, and a small reference evaluator written here from the format's description (independent of the
    package's code) all give the same ratings, caps, score, maximum, overall rating and overall limit;
(b) raising a key question's result (or a judgement) never lowers a standard, the score or the overall;
(c) on small rule sets, ``Engine.gap`` agrees with brute force over every way of adding 'Yes' cases.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import itertools
import json
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

import ratings
from ratings.testing.rule_set_strategies import NOT_RATED, reads_of, rule_set_texts as rule_sets

from conftest import rate_ordinary

try:  # the fast path's own entry, to make sure (a) really exercises it
    from ratings.engine.compile import fast_path
except ImportError:  # pragma: no cover - an internal module; (a) still compares the public results
    fast_path = None

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                      HealthCheck.filter_too_much])


def parsed(text: str) -> Any:
    """The data of a generated rule set's YAML text, parsed once per text (with libyaml when there is one):
    the inspections drawn for it, the reference evaluator and the tests all read the same text many times.
    Callers only read it."""
    return _parsed(text)


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# ================================================================================ inspections of a rule set


@st.composite
def key_question_values(draw, edges: list[Fraction], counts_only: bool = False, max_of: int = 12) -> Any:
    """A key question's result: a whole percentage, a decimal, a band edge (or a hair off it), counts, or
    None (no applicable cases)."""
    if counts_only:
        if draw(st.integers(0, 11)) == 11:  # rare, and not where hypothesis starts (0)
            return None
        of = draw(st.integers(1, max_of))
        return {"yes": draw(st.integers(0, of)), "of": of}
    kind = draw(st.sampled_from(["whole", "decimal", "edge", "edge", "count", "count", "none"]))
    if kind == "whole":
        return draw(st.integers(0, 100))
    if kind == "decimal":
        return float(Fraction(draw(st.integers(0, 10000)), 100))
    if kind == "edge":
        value = draw(st.sampled_from(edges)) + draw(st.sampled_from([0, 0, Fraction(-1, 100), Fraction(1, 100)]))
        value = min(max(value, Fraction(0)), Fraction(100))
        if value.denominator == 1:
            return int(value)
        if Fraction(repr(float(value))) == value:
            return float(value)
        return int(value)  # a threshold no decimal can hold: the whole percentage below it
    if kind == "count":
        of = draw(st.integers(1, max_of))
        return {"yes": draw(st.integers(0, of)), "of": of}
    return None


def scale_of(doc: Any, standard: dict[str, Any] | None) -> list[str]:
    """The names of the ratings a standard (or, given None, the overall) may have, best first: its scale's."""
    name = standard.get("scale") if standard is not None else \
        (doc["overall"].get("scale") if doc["overall"] != "none" else None)
    if name is None:
        return [r["name"] for r in doc["scale"]["ratings"]]
    return [r if isinstance(r, str) else r["name"] for r in doc["scales"][name]["ratings"]]


def judged_scales(text: str) -> dict[str, list[str]]:
    """Each judged standard's ratings, best first."""
    doc = parsed(text)
    return {s["id"]: scale_of(doc, s) for d in doc["domains"] for s in d["standards"] if s["kind"] == "judged"}


@st.composite
def inspections(draw, text: str, counts_only: bool = False, max_of: int = 12) -> dict[str, Any]:
    """An inspection (the mapping ``ratings.rate`` accepts) of the rule set whose YAML is ``text``; with
    ``counts_only`` (for the gap), every result as counts and judgements mostly good, so that case work has
    something to lift."""
    doc = parsed(text)
    edges = sorted({number(b[k]) for bs in doc["bands"].values() for b in bs["bands"]
                    for k in ("at_least", "above", "at_most", "below") if k in b})
    judgements, cases, scores = {}, {}, {}
    for d in doc["domains"]:
        for s in d["standards"]:
            if s["kind"] == "scored":  # each item scored in its range, now and then not scored (or the whole not rated)
                low, high = s["scores"]["lowest"], s["scores"]["highest"]
                if draw(st.integers(0, 29 if counts_only else 9)) == 9:
                    scores[s["id"]] = NOT_RATED.lower()
                    continue
                score = st.integers(low, high)
                scores[s["id"]] = {q: draw(score if counts_only else st.one_of(score, score, score, st.none()))
                                   for q in s["items"]}
            elif s["kind"] == "judged":
                own = scale_of(doc, s)
                good = own[:2] if counts_only and draw(st.integers(0, 3)) else own + [NOT_RATED.lower()]
                judgements[s["id"]] = draw(st.sampled_from(good))
            elif s["kind"] in ("case", "information"):
                if s["kind"] == "information" and draw(st.booleans()):
                    continue
                if s["kind"] == "case" and draw(st.integers(0, 29 if counts_only else 9)) == 9:
                    cases[s["id"]] = NOT_RATED.lower()
                    continue
                cases[s["id"]] = {q: draw(key_question_values(edges, counts_only, max_of))
                                  for q in s["key_questions"]}
    out = {"name": "generated inspection", "judgements": judgements, "cases": cases}
    return {**out, "scores": scores} if scores else out


# ========================================================================== the reference evaluator


def number(value: Any) -> Fraction:
    """A number of the rule set as its text reads: an int, a decimal, or ``n/d``."""
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    num, den = str(value).split("/")
    return Fraction(int(num), int(den))


def percent(value: Any) -> Fraction | None:
    """A key question's result as an exact percentage (None: no applicable cases)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return Fraction(100 * value["yes"], value["of"])
    return number(value)


class Reference:
    """The rule-set format's semantics, from its description: a rule set's YAML text in, ratings out.

    Ratings are ranks on their scale: the worst rating 1, the best len(scale), Not rated -1. A rating's name
    is on one scale only, so ``rank`` maps every scale's names; ``names`` gives each standard's (and the
    overall's) scale, best first."""

    def __init__(self, text: str):
        doc = parsed(text)
        scale = doc["scale"]["ratings"]
        self.rank = {r["name"]: len(scale) - i for i, r in enumerate(scale)}
        self.points = {len(scale) - i: r["points"] for i, r in enumerate(scale)}
        self.not_rated = doc["scale"]["not_rated"]
        self.top = max(self.points.values())
        self.scales = {None: [r["name"] for r in scale]}
        for name, other in (doc.get("scales") or {}).items():
            self.scales[name] = [r if isinstance(r, str) else r["name"] for r in other["ratings"]]
            self.rank.update({n: len(self.scales[name]) - i for i, n in enumerate(self.scales[name])})
        self.band_sets = {bid: self.bands(bs["bands"]) for bid, bs in doc["bands"].items()}
        self.rounding = {bid: bs.get("rounding") for bid, bs in doc["bands"].items()}
        self.method = doc.get("case_rating", {}).get("method")  # absent: every case standard has its own
        self.standards: dict[str, dict[str, Any]] = {}
        self.domains: dict[str, list[str]] = {}
        for d in doc["domains"]:  # a domain's groups: its rated standards of the rule set's scale
            self.domains[d["id"]] = [s["id"] for s in d["standards"] if s["kind"] != "information"
                                     and "scale" not in s]
            for s in d["standards"]:
                self.standards[s["id"]] = s
        self.rated = [s for s, std in self.standards.items() if std["kind"] != "information"]
        self.rules = doc.get("decision_rules") or []
        self.has_score, self.has_overall = doc["score"] != "none", doc["overall"] != "none"
        overall = doc["overall"] if self.has_overall else {}
        self.overall_scale = overall.get("scale")
        self.min_rated = overall.get("min_rated", 1)
        self.first_match = overall.get("rules") if overall.get("method") == "first_match" else None
        self.overall_bands = self.bands(overall["bands"]) if "bands" in overall else None
        self.tables = {}
        for table in overall.get("score_tables", []):
            rows = []
            for rating, text_range in table["ranges"].items():
                lo, _, hi = str(text_range).partition("-")
                rows.append((self.rank[rating], int(lo), int(hi or lo)))
            self.tables[table["maximum"]] = rows
        self.order = self.settling_order()

    def name(self, target: str, rank: int) -> str:
        """The name of ``rank`` on the scale of ``target`` (a standard, or overall)."""
        scale = self.scales[self.overall_scale if target == "overall" else self.standards[target].get("scale")]
        return self.not_rated if rank == -1 else scale[len(scale) - rank]

    def bands(self, items: list[dict[str, Any]]) -> list[tuple]:
        out = []
        for b in items:
            lo, lo_in = (number(b["at_least"]), True) if "at_least" in b else (number(b["above"]), False)
            hi, hi_in = (number(b["at_most"]), True) if "at_most" in b else (number(b["below"]), False)
            out.append((self.rank[b["rating"]], lo, lo_in, hi, hi_in))
        return out

    @staticmethod
    def classify(bands: list[tuple], value: Fraction) -> int:
        found = [rank for rank, lo, lo_in, hi, hi_in in bands
                 if (value > lo or (lo_in and value == lo)) and (value < hi or (hi_in and value == hi))]
        assert len(found) == 1, (bands, value)
        return found[0]

    def target(self, rule: dict[str, Any]) -> str:
        return rule["limits"] if "limits" in rule else rule["standard"]

    def reads(self, cond: dict[str, Any]) -> set[str]:
        return reads_of(cond, self.domains)

    def settling_order(self) -> list[str]:
        """Each standard after everything it reads (derived inputs, and the conditions of rules limiting it)."""
        needs = {s: set(self.standards[s].get("from", [])) for s in self.rated}
        for rule in self.rules:
            if self.target(rule) != "overall":
                needs[self.target(rule)] |= self.reads(rule["when"])
        order: list[str] = []
        while len(order) < len(self.rated):
            ready = [s for s in self.rated if s not in order and needs[s] <= set(order)]
            assert ready, "a cycle: the generator should never draw one"
            order.append(ready[0])
        return order

    def holds(self, cond: dict[str, Any], ranks: dict[str, int]) -> bool:
        if "any" in cond:
            return any(self.holds(c, ranks) for c in cond["any"])
        if "all" in cond:
            return all(self.holds(c, ranks) for c in cond["all"])
        for key, section, value in (("any_score", "scores", lambda v: v),
                                    ("any_key_question", "cases", percent)):  # the parts as the file gives them
            if key in cond:
                given = self.inspection[section][cond["standard"]]
                found = [value(v) for v in given.values() if v is not None] if isinstance(given, dict) else []
                found = [v for v in found if v is not None]
                (how, limit), = cond[key].items()
                return any(v <= number(limit) if how == "at_or_below" else v < number(limit) for v in found)
        if "standard" in cond:
            group = [cond["standard"]]
        elif "standards" in cond:
            group = list(cond["standards"])
        else:
            group = self.domains[cond["domain"]]
        rated = [ranks[s] for s in group if ranks[s] >= 0]
        if "at_or_above" in cond:
            reaching = sum(1 for r in rated if r >= self.rank[cond["at_or_above"]])
            if "at_least_count" in cond:  # the rising forms, in an overall method's rules
                return reaching >= cond["at_least_count"]
            if "at_least_share" in cond:
                return bool(rated) and Fraction(reaching, len(rated)) >= number(cond["at_least_share"])
            return reaching < cond["fewer_than"]
        matched = sum(1 for r in rated if r <= self.rank[cond["at_or_below"]])
        if "at_least_count" in cond:
            return matched >= cond["at_least_count"]
        if "at_least_share" in cond:
            return bool(rated) and Fraction(matched, len(rated)) >= number(cond["at_least_share"])
        return matched >= 1  # one standard: rated and at or below

    def case_rank(self, sid: str, given: Any) -> int:
        std = self.standards[sid]
        if isinstance(given, str):
            assert given.casefold() == self.not_rated.casefold()
            return -1
        if std["kind"] == "scored":  # percent_of_maximum: the total over the items scored times the highest
            assert std["method"] == "percent_of_maximum"
            scored = [v for v in given.values() if v is not None]
            if not scored:
                return -1
            measure = Fraction(100 * sum(scored), len(scored) * std["scores"]["highest"])
            return self.band_rank(std.get("bands", next(iter(self.band_sets))), measure)
        values = [percent(given[q]) for q in std["key_questions"]]
        values = [v for v in values if v is not None]
        if not values:
            return -1
        method = std.get("case_rating", {}).get("method", self.method)
        if method == "reported":  # reported, never rated
            return -1
        measure = min(values) if method == "lowest_key_question" else sum(values, Fraction(0)) / len(values)
        return self.band_rank(std.get("bands", next(iter(self.band_sets))), measure)

    def band_rank(self, bid: str, measure: Fraction) -> int:
        """The rank band set ``bid`` gives ``measure``: rounded first when the band set says so."""
        if self.rounding[bid]:
            measure = rounded(measure, **self.rounding[bid])
        return self.classify(self.band_sets[bid], measure)

    def apply_rules(self, target: str, ranks: dict[str, int], capped: dict[str, str]) -> None:
        for rule in self.rules:
            if self.target(rule) != target:
                continue
            cap = self.rank[rule["at_most"]]
            if ranks[target] > cap and self.holds(rule["when"], ranks):
                ranks[target] = cap
                capped[target] = rule["id"]

    def rate(self, inspection: dict[str, Any]) -> dict[str, Any]:
        self.inspection = inspection  # what conditions on a standard's parts read
        ranks: dict[str, int] = {}
        capped: dict[str, str] = {}
        for sid in self.rated:
            kind = self.standards[sid]["kind"]
            if kind == "judged":
                given = inspection["judgements"][sid]
                ranks[sid] = -1 if given.casefold() == self.not_rated.casefold() else self.rank[given]
            elif kind == "case":
                ranks[sid] = self.case_rank(sid, inspection["cases"][sid])
            elif kind == "scored":
                ranks[sid] = self.case_rank(sid, inspection["scores"][sid])
        for sid in self.order:
            std = self.standards[sid]
            if std["kind"] == "derived" and std["method"] == "first_match":  # its own rules, on its inputs
                rated = sum(1 for s in std["from"] if ranks[s] >= 0)
                ranks[sid] = -1 if rated < std.get("min_rated", 1) else next(
                    self.rank[rule["rating"]] for rule in std["rules"]
                    if rule.get("otherwise") or self.holds(rule["when"], ranks))
            elif std["kind"] == "derived":
                inputs = [ranks[s] for s in std["from"] if ranks[s] >= 0]
                ranks[sid] = min(inputs) if inputs else -1
            self.apply_rules(sid, ranks, capped)
        standards = {sid: (self.name(sid, ranks[sid]), capped.get(sid)) for sid in self.rated}
        counted = [sid for sid in self.rated if self.standards[sid].get("counted", "scale" not in self.standards[sid])
                   and ranks[sid] >= 0]
        n = len(counted)
        score, max_score = (sum(self.points[ranks[s]] for s in counted), self.top * n) if self.has_score \
            else (None, None)
        if not self.has_overall:
            return {"standards": standards, "score": score, "max_score": max_score, "overall": None,
                    "overall_limited_by": None}
        if self.first_match is not None:  # the first rule that holds, else otherwise; too few rated: Not rated
            ranks["overall"] = -1 if n < self.min_rated else next(
                self.rank[rule["rating"]] for rule in self.first_match
                if rule.get("otherwise") or self.holds(rule["when"], ranks))
        elif not n or n < self.min_rated:  # too few rated standards for an overall rating
            ranks["overall"] = -1
        elif self.top * n in self.tables:
            ranks["overall"] = next(rank for rank, lo, hi in self.tables[self.top * n] if lo <= score <= hi)
        else:
            ranks["overall"] = self.classify(self.overall_bands, Fraction(score, n))
        self.apply_rules("overall", ranks, capped)
        return {"standards": standards, "score": score, "max_score": max_score, "overall": self.name("overall", ranks["overall"]),
                "overall_limited_by": capped.get("overall")}


def rounded(value: Fraction, places: int, half: str) -> Fraction:
    """``value`` rounded to ``places`` decimals, a half up, down or to even, exactly."""
    scaled = value * 10 ** places
    whole = scaled.numerator // scaled.denominator
    rest = scaled - whole
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and (half == "up" or (half == "even" and whole % 2))):
        whole += 1
    return Fraction(whole, 10 ** places)


def summary(result: Any) -> dict[str, Any]:
    """What (a) compares, from a ``ratings`` result."""
    return {"standards": {sid: (str(r.rating), r.capped_by) for sid, r in result.standards.items()},
            "score": result.score, "max_score": result.max_score,
            "overall": None if result.overall is None else str(result.overall),
            "overall_limited_by": result.overall_limited_by}


# =================================================================================================== helpers


# One directory for the module, removed when the run ends (hypothesis and function-scoped fixtures don't mix).
RULE_SETS = tempfile.TemporaryDirectory(prefix="generated-rules-")


def write(text: str) -> Path:
    """The rule set in a file named by its content, so a name never stands for two rule sets."""
    path = Path(RULE_SETS.name) / f"{hashlib.sha256(text.encode()).hexdigest()[:20]}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def engine_for(text: str) -> tuple[Path, Any]:
    path = write(text)
    try:
        engine = ratings.Engine(str(path))
    except ratings.RatingsError as exc:  # a generator bug (or an engine that rejects a valid rule set)
        raise AssertionError(f"the generated rule set was rejected:\n{exc}\n---\n{text}") from None
    return path, engine


def show(text: str, inspection: Any) -> str:
    return f"\n--- rule set:\n{text}\n--- inspection:\n{json.dumps(inspection)}"


def rank(rating: Any) -> int:
    return rating.rank


# ==================================================================================================== tests


@settings(max_examples=60, **SETTINGS)
@given(text=rule_sets(), data=st.data())
def test_every_path_agrees_with_the_reference_evaluator(text, data):
    """On inspections of a generated rule set, Engine.rate_many (the compiled fast path, without and with a
    trace), the ordinary path (without and with a trace), ratings.rate naming the rule set, and the reference
    evaluator written here give every standard the same rating and capped_by, and the same score, max_score,
    overall and overall_limited_by; the engine's paths also give identical JSON."""
    path, engine = engine_for(text)
    reference = Reference(text)
    mappings = [data.draw(inspections(text)) for _ in range(4)]
    if fast_path is not None:
        fast = fast_path(engine.rules)
        for m in mappings:
            fast(copy.deepcopy(m))  # raises if the fast path would hand this shape to the ordinary path
    fast_results = engine.rate_many(copy.deepcopy(mappings), trace=False)
    traced_results = engine.rate_many(copy.deepcopy(mappings), trace=True)
    for m, fast_r, traced_r in zip(mappings, fast_results, traced_results):
        expected = reference.rate(m)
        plain_r = rate_ordinary(copy.deepcopy(m), engine.rules, trace=False)
        full_r = rate_ordinary(copy.deepcopy(m), engine.rules, trace=True)
        named_r = ratings.rate(copy.deepcopy(m), rules=str(path), trace=True)  # the fast path, by rate()
        for how, result in (("rate_many(trace=False)", fast_r), ("rate_many(trace=True)", traced_r),
                            ("ordinary(trace=False)", plain_r), ("ordinary(trace=True)", full_r),
                            ("rate(trace=True)", named_r)):
            assert summary(result) == expected, f"{how} disagrees with the reference" + show(text, m)
        assert json.dumps(fast_r.to_dict()) == json.dumps(plain_r.to_dict()), show(text, m)
        assert json.dumps(traced_r.to_dict()) == json.dumps(full_r.to_dict()), show(text, m)
        assert json.dumps(named_r.to_dict()) == json.dumps(full_r.to_dict()), show(text, m)


def highest_scores(text: str) -> dict[str, int]:
    return {s["id"]: s["scores"]["highest"] for d in parsed(text)["domains"] for s in d["standards"]
            if s["kind"] == "scored"}


@st.composite
def raised_inspection(draw, inspection: dict[str, Any], scales: dict[str, list[str]],
                      highest: dict[str, int]) -> dict[str, Any] | None:
    """The inspection with one key question's result, one item's score (up to ``highest``, by standard) or one
    judgement (on its scale: ``scales``) raised; None when nothing can rise."""
    raised = copy.deepcopy(inspection)
    options = []
    for sid, given in inspection["cases"].items():
        if isinstance(given, dict):
            for q, v in given.items():
                if v is None:
                    continue
                if isinstance(v, dict) and v["yes"] < v["of"]:
                    options.append(("count", sid, q))
                elif not isinstance(v, dict) and percent(v) < 100:
                    options.append(("percent", sid, q))
    for sid, given in inspection.get("scores", {}).items():
        for q, v in (given.items() if isinstance(given, dict) else ()):
            if v is not None and v < highest[sid]:
                options.append(("score", sid, q))
    for sid, j in inspection["judgements"].items():
        if j in scales[sid] and scales[sid].index(j) > 0:
            options.append(("judgement", sid, None))
    if not options:
        return None
    how, sid, q = draw(st.sampled_from(options))
    if how == "count":
        v = raised["cases"][sid][q]
        v["yes"] = draw(st.integers(v["yes"] + 1, v["of"]))
    elif how == "score":
        raised["scores"][sid][q] = draw(st.integers(inspection["scores"][sid][q] + 1, highest[sid]))
    elif how == "percent":
        v = percent(raised["cases"][sid][q])
        new = Fraction(draw(st.integers(int(v * 100) + 1, 10000)), 100)
        raised["cases"][sid][q] = int(new) if new.denominator == 1 else float(new)
    else:
        j, names = raised["judgements"][sid], scales[sid]
        raised["judgements"][sid] = draw(st.sampled_from(names[:names.index(j)]))
    return raised


@settings(max_examples=60, **SETTINGS)
@given(text=rule_sets(), data=st.data())
def test_raising_an_input_never_lowers_a_result(text, data):
    """Raising one key question's result (more 'Yes' cases of the same number, or a higher percentage) or one
    judgement never lowers any standard's rating, the score or the overall rating, and leaves max_score as
    it is; checked on both the fast path and the ordinary path."""
    path, engine = engine_for(text)
    scales = judged_scales(text)
    for _ in range(3):
        before = data.draw(inspections(text))
        after = data.draw(raised_inspection(before, scales, highest_scores(text)))
        if after is None:
            continue
        fast = engine.rate_many([copy.deepcopy(before), copy.deepcopy(after)], trace=False)
        slow = [ratings.rate(copy.deepcopy(m), rules=str(path), trace=False) for m in (before, after)]
        for low, high in (fast, slow):
            where = show(text, before) + f"\n--- raised:\n{json.dumps(after)}"
            for sid in low.standards:
                assert rank(high.standards[sid].rating) >= rank(low.standards[sid].rating), sid + where
            assert (high.score is None) == (low.score is None), where  # None: the rule set has no score
            assert high.score is None or high.score >= low.score, where
            assert high.max_score == low.max_score, where
            assert (high.overall is None) == (low.overall is None), where
            assert high.overall is None or rank(high.overall) >= rank(low.overall), where


def brute_force(path: Path, inspection: dict[str, Any], target: str, scope: str | None) -> tuple[int | None, int]:
    """The fewest extra 'Yes' cases, over every way of adding them to the key questions, that give the overall
    (or ``scope``) at least ``target``, each way rated by ratings.rate; None when no way does. Also returns
    the number of ways tried."""
    highest = highest_scores(path.read_text())
    slots = [("cases", sid, q, v["of"] - v["yes"]) for sid, given in inspection["cases"].items()
             if isinstance(given, dict) for q, v in given.items() if v is not None]
    slots += [("scores", sid, q, highest[sid] - v) for sid, given in inspection.get("scores", {}).items()
              if isinstance(given, dict) for q, v in given.items() if v is not None]
    ways = sorted(itertools.product(*(range(room + 1) for *_, room in slots)), key=sum)
    tried = 0
    for way in ways:
        m = copy.deepcopy(inspection)
        for (section, sid, q, _), extra in zip(slots, way):
            if section == "scores":
                m["scores"][sid][q] += extra
            else:
                m["cases"][sid][q]["yes"] += extra
        r = ratings.rate(m, rules=str(path), trace=False)
        tried += 1
        reached = r.overall if scope is None else r.standards[scope].rating
        target_rank = next(x.rank for x in r.rules.ratings_of(scope or "overall") if str(x) == target)
        if reached.rank >= target_rank:
            return sum(way), tried
    return None, tried


@settings(max_examples=50, **SETTINGS)
@given(text=st.one_of(rule_sets(small=True), rule_sets(small=True, scored=True)), data=st.data())
def test_gap_agrees_with_brute_force(text, data):
    """On small generated rule sets (two case standards of one or two key questions, every result given as
    counts of at most 4 cases; or two scored standards of one or two items on a short range),
    Engine.gap(inspection, target), for the overall rating and for one standard, says the target is reachable
    exactly when some way of adding 'Yes' cases (or points of score) reaches it (ratings.rate on every way),
    and then its extra is the fewest cases (points) any way needs, its changes add up to that, and making them
    reaches the target."""
    path, engine = engine_for(text)
    inspection = data.draw(inspections(text, counts_only=True, max_of=4))
    overall = [None, None] if engine.rules.overall is not None else []  # without one, gap asks for a standard
    scope = data.draw(st.sampled_from(overall + list(engine.rules.plan.ids)))
    names = [str(r) for r in engine.rules.ratings_of(scope or "overall")]  # the scope's scale
    # mostly a target above the current rating that every case judged 'Yes' would reach, so that the answer
    # is seldom 'already there' or 'out of reach' (both are still drawn)
    every_yes = copy.deepcopy(inspection)
    for given in every_yes["cases"].values():
        for v in given.values() if isinstance(given, dict) else ():
            if v is not None:
                v["yes"] = v["of"]
    top_scores = highest_scores(text)
    for sid, given in every_yes.get("scores", {}).items():
        for q in given if isinstance(given, dict) else ():
            if given[q] is not None:
                given[q] = top_scores[sid]
    now, best = engine.rate_many([copy.deepcopy(inspection), every_yes])
    current, highest = ((r.overall if scope is None else r.standards[scope].rating).rank for r in (now, best))
    within = [str(r) for r in engine.rules.ratings_of(scope or "overall") if current < r.rank <= highest]
    target = data.draw(st.sampled_from(within if within and data.draw(st.integers(0, 3)) else names))
    gap = engine.gap(copy.deepcopy(inspection), target) if scope is None else \
        engine.gap(copy.deepcopy(inspection), target, standard=scope)
    best, _ = brute_force(path, inspection, target, scope)
    where = show(text, inspection) + f"\n--- target: {target} for {scope or 'overall'}\n--- gap: {gap.to_dict()}"
    assert gap.reachable == (best is not None), where
    if best is None:
        assert gap.extra is None, where
        return
    assert gap.unit == ("score" if top_scores else "cases"), where
    assert gap.extra == best, where
    assert sum(c.points if top_scores else c.cases for c in gap.changes) == best, where
    changed = copy.deepcopy(inspection)
    for c in gap.changes:
        if top_scores:  # a scored item raised to a higher score
            assert c.after.score - changed["scores"][c.standard][c.question] == c.points, where
            changed["scores"][c.standard][c.question] = c.after.score
            continue
        assert c.after.of == changed["cases"][c.standard][c.question]["of"], where
        changed["cases"][c.standard][c.question] = {"yes": c.after.yes, "of": c.after.of}
    r = ratings.rate(changed, rules=str(path), trace=False)
    reached = r.overall if scope is None else r.standards[scope].rating
    assert reached.rank >= next(x.rank for x in r.rules.ratings_of(scope or "overall") if str(x) == target), where


def test_the_generator_covers_every_feature():
    """The generator draws every feature the properties claim to cover (a smoke test of the strategy: rule
    sets with score tables only, mixed, and bands only; both methods; derived and information standards;
    uncounted standards; every condition kind; rules on every kind of target), and every draw loads."""
    seen: set[str] = set()

    def features(text: str) -> set[str]:
        doc = parsed(text)
        overall = doc["overall"]
        out = {"score only" if doc["score"] != "none" else "neither"} if overall == "none" else \
            {overall["method"]} if "method" in overall else \
            {"tables" if "bands" not in overall else "mixed" if "score_tables" in overall else "bands-only"}
        out |= {"min_rated"} if overall != "none" and "min_rated" in overall else set()
        stack = [rule["when"] for rule in (overall.get("rules") or []) if overall != "none" and "when" in rule] \
            if overall != "none" else []
        while stack:
            c = stack.pop()
            stack += c.get("any", []) + c.get("all", [])
            if "at_or_above" in c and "fewer_than" not in c:
                out.add("rising")
        out.add(doc["case_rating"]["method"] if "case_rating" in doc else "no rule-set method")
        kinds = {s["kind"]: s for d in doc["domains"] for s in d["standards"]}
        out |= {f"kind:{k}" for k in kinds}
        out |= {"own-method" for d in doc["domains"] for s in d["standards"] if "case_rating" in s}
        out |= {f"derived:{s['method']}" for d in doc["domains"] for s in d["standards"] if s["kind"] == "derived"}
        out |= {s["case_rating"]["method"] for d in doc["domains"] for s in d["standards"] if "case_rating" in s}
        out |= {"uncounted" for d in doc["domains"] for s in d["standards"] if s.get("counted") is False}
        out |= {"another scale" for d in doc["domains"] for s in d["standards"] if "scale" in s}
        out |= {"overall on another scale"} if overall != "none" and "scale" in overall else set()
        out |= {"colour"} if "colour" in text else set()
        out |= {"rounding"} if any("rounding" in bs for bs in doc["bands"].values()) else set()
        for rule in doc.get("decision_rules") or []:
            target = rule.get("limits", rule.get("standard"))
            out.add("target:overall" if target == "overall" else f"target:{kinds_of[target]}")
            stack = [rule["when"]]
            while stack:  # a rule reading a scored standard
                c = stack.pop()
                stack += c.get("any", []) + c.get("all", [])
                if any(kinds_of.get(s) == "scored" for s in [c.get("standard"), *c.get("standards", [])]):
                    out.add("reads:scored")
            stack = [rule["when"]]
            while stack:
                c = stack.pop()
                for k in ("any", "all"):
                    if k in c:
                        out.add(k)
                        stack += c[k]
                for k in ("at_least_count", "at_least_share", "fewer_than", "domain", "any_score", "any_key_question"):
                    if k in c:
                        out.add(k)
                if "standard" in c and "at_or_below" in c:
                    out.add("single")
        return out

    @settings(max_examples=300, database=None, **SETTINGS)
    @given(rule_sets())
    def collect(text):
        ratings.load_rules(str(write(text)))
        nonlocal kinds_of
        kinds_of = {s["id"]: s["kind"] for d in parsed(text)["domains"] for s in d["standards"]}
        seen.update(features(text))

    kinds_of: dict[str, str] = {}
    collect()
    wanted = {"tables", "mixed", "bands-only", "min_rated", "first_match", "rising", "score only", "neither", "no rule-set method", "lowest_key_question", "mean_key_questions", "reported", "kind:judged",
              "kind:case", "kind:scored", "kind:derived", "kind:information", "own-method", "uncounted", "another scale",
              "overall on another scale", "colour", "rounding", "target:overall",
              "target:judged", "target:case", "target:scored", "target:derived", "reads:scored", "any_score",
              "derived:lowest", "derived:first_match",
              "any_key_question", "any", "all", "at_least_count",
              "at_least_share", "fewer_than", "domain", "single"}
    assert wanted <= seen, wanted - seen
