"""The fast path: a rule set compiled to one Python function that validates and rates a plain mapping.

`Engine.rate_many` rates thousands of what-if variants. Reading each through the general loader costs
hundreds of microseconds; this path generates, from the rule set's data, straight-line code for the common
shape of input (judgements as rating names; key questions as whole or decimal percentages, ``{yes, of}``
counts or null; a standard as ``not rated``; an optional ``name`` and ``rules``) with every check the loader
makes on that shape. Anything else — another key, a misspelling, an ``unknown``, an out-of-range number, a
Fraction — makes the function give up (:class:`Slow`) and the caller takes the ordinary path, which gives the
result or the precise error. The ranks it computes go through the same core and the same result assembly as
the ordinary evaluator; a property test checks the two agree on every rule set.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable

from ._core import NOT_RATED, tuple_getter
from ._evaluate import CaseDetail, Evaluation, LazyInformation
from ._model import KeyQuestionResult, RuleSet
from ._yaml import _number


class Slow(Exception):
    """The input is not of the shape the fast path checks: take the ordinary path."""


def _literal(value: Fraction) -> str:
    """A threshold as a Python literal that compares exactly with ints and floats, or None."""
    if value.denominator == 1:
        return str(value.numerator)
    as_float = float(value)
    if Fraction(as_float) == value:
        return repr(as_float)
    return ""


def _rank_expr(bands, var: str, consts: dict[str, Any]) -> str:
    """An expression giving the rank of a number ``var`` (an int or a float) in a band set."""
    parts = []
    for band in bands.bands:  # highest values first
        literal = _literal(band.low)
        if literal:
            test = f"{var} {'>=' if band.low_inclusive else '>'} {literal}"
        else:
            name = f"T{len(consts)}"
            consts[name] = band.low
            test = f"_exact({var}) {'>=' if band.low_inclusive else '>'} {name}"
        parts.append((band.rating.rank, test))
    return _first_passing(parts)


def _first_passing(parts: list[tuple[int, str]]) -> str:
    """Nested conditionals giving the rank of the first test that passes (the last band takes the rest)."""
    expr = str(parts[-1][0])
    for rank, test in reversed(parts[:-1]):
        expr = f"({rank} if {test} else {expr})"
    return expr


def _count_expr(bands, yes: str, of: str) -> str:
    """An expression giving the rank of ``yes`` cases out of ``of``, in exact integer arithmetic."""
    parts = []
    for band in bands.bands:
        num, den = band.low.numerator, band.low.denominator
        test = f"{100 * den} * {yes} {'>=' if band.low_inclusive else '>'} {num} * {of}"
        parts.append((band.rating.rank, test))
    return _first_passing(parts)


def compile_fast(rules: RuleSet) -> Callable[[Any], tuple]:
    """The fast function for a rule set: ``fast(mapping) -> (name, ranks, log, score, n, overall_rank,
    ids of the information standards given)``, raising :class:`Slow` (or any exception) when the ordinary path must decide."""
    core = rules.core
    names = _rank_names(rules)
    consts: dict[str, Any] = {"Slow": Slow, "_exact": _exact, "RANK": names,
                              "NOT_RATED": frozenset(n for n, rank in names.items() if rank == NOT_RATED),
                              "OVERALL": core.overall,
                              # points by rank; Not rated (-1) reads the last entry, 0
                              "POINTS": [core.points.get(r, 0) for r in range(max(core.points) + 1)] + [0]}
    judged = [s for s in core.ids if rules.standards[s].kind == "judged"]
    cased = [s for s in core.ids if rules.standards[s].kind == "case"]
    info = list(core.information)
    out = ["def fast(m, type=type, int=int, float=float, dict=dict, len=len, str=str, Slow=Slow, RANK=RANK,",
           "         NOT_RATED=NOT_RATED, OVERALL=OVERALL, POINTS=POINTS, _exact=_exact):",
           "    if type(m) is not dict: raise Slow",
           "    k = len(m)",
           "    name = None",
           "    if 'name' in m:",
           "        name = m['name']",
           "        if type(name) is not str: raise Slow",
           "        name = name.strip()",
           "        if not name: raise Slow",
           "        k -= 1",
           "    if 'rules' in m:",
           "        if type(m['rules']) is not str or not m['rules'].strip(): raise Slow",
           "        k -= 1"]
    wanted = (1 if judged else 0) + (1 if cased or info else 0)
    out.append(f"    if k != {wanted}: raise Slow")
    if judged:
        out += ["    j = m['judgements']",
                f"    if type(j) is not dict or len(j) != {len(judged)}: raise Slow"]
        for sid in judged:
            out.append(f"    r{core.index[sid]} = RANK[j[{sid!r}]]")
    if cased or info:
        out += ["    c = m['cases']", "    if type(c) is not dict: raise Slow"]
        if info:
            out.append(f"    present = {len(cased)} + " + " + ".join(f"({s!r} in c)" for s in info))
            out.append("    if len(c) != present: raise Slow")
        else:
            out.append(f"    if len(c) != {len(cased)}: raise Slow")
    for sid in cased + info:
        standard = rules.standards[sid]
        i = core.index.get(sid)
        rated = standard.kind == "case"
        indent = "    "
        if not rated:
            out.append(f"    if {sid!r} in c:")
            indent = "        "
        table, other = _tables(standard.bands if rated else None, consts)
        values = ", ".join(f"{table}[v{n}] if type(v{n}) is int else {other}(v{n})"
                           for n in range(len(standard.key_questions)))
        fetch = "; ".join(f"v{n} = a[{q.id!r}]" for n, q in enumerate(standard.key_questions))
        out += [f"{indent}a = c[{sid!r}]",
                f"{indent}if type(a) is dict and len(a) == {len(standard.key_questions)}:",
                f"{indent}    {fetch}"]
        if len(standard.key_questions) > 1:
            out.append(f"{indent}    low = min({values})")
        else:
            out.append(f"{indent}    low = {values}")
        if rated:
            out += [f"{indent}    r{i} = low if low != 99 else -1",
                    f"{indent}elif a in NOT_RATED:",
                    f"{indent}    r{i} = -1",
                    f"{indent}else: raise Slow"]
        else:
            out.append(f"{indent}else: raise Slow")
    out.append("    log = []")
    for i in core.judged:
        for number, cap, inputs, limit, single, share, count in core.rules_of.get(i, ()):
            rated = " + ".join(f"(r{j} >= 0)" for j in inputs)
            matched = " + ".join(f"(0 <= r{j} <= {limit})" for j in inputs)
            if single:
                applies = f"({matched}) == 1"
            else:
                conds = ["rated > 0"]
                if count is not None:
                    conds.append(f"matched >= {count}")
                if share is not None:
                    conds.append(f"matched * {share[1]} >= {share[0]} * rated")
                out += [f"    rated = {rated}", f"    matched = {matched}"]
                applies = " and ".join(conds)
            out += [f"    applies = {applies}",
                    f"    before = r{i}",
                    f"    if applies and r{i} >= 0 and {cap} < r{i}: r{i} = {cap}",
                    f"    log.append(({number}, applies, before, r{i}))"]
    counted = [i for i in range(len(core.ids)) if core.counted[i]]
    out.append("    score = " + " + ".join(f"POINTS[r{i}]" for i in counted))
    out.append("    n = " + " + ".join(f"(r{i} >= 0)" for i in counted))
    ranks = ", ".join(f"r{i}" for i in range(len(core.ids)))
    informed = "(" + " + ".join(f"(({s!r},) if {s!r} in c else ())" for s in info) + ")" if info else "()"
    out.append(f"    return name, [{ranks}], log, score, n, (OVERALL[n][score] if n else -1), {informed}")
    tables = sorted(k for k in consts if k.startswith("B"))
    out[0] = out[0].replace("def fast(m, ", "def fast(m, " + "".join(f"{k}={k}, " for k in tables))
    namespace = dict(consts)
    exec(compile("\n".join(out), f"<fast path for {rules.id}>", "exec"), namespace)  # noqa: S102 - our own code
    return namespace["fast"]


def _tables(bands, consts: dict[str, Any]) -> tuple[str, str]:
    """For a band set (or None, for an information standard): a dict from each whole percentage 0-100 to
    its rank, and a function for the other shapes (float, counts, null), both added to ``consts``."""
    key = f"B{id(bands)}"
    if key + "_int" in consts:
        return key + "_int", key + "_other"
    if bands is None:
        table = {v: 0 for v in range(101)}
        rank_src = "0"
        count_src = "0"
    else:
        table = {v: band.rating.rank for v, band in enumerate(_whole_bands(bands))}
        rank_src = _rank_expr(bands, "v", consts)
        count_src = _count_expr(bands, "y", "o")
    source = "\n".join([
        "def other(v, type=type, int=int, float=float, dict=dict, len=len, Slow=Slow, _exact=_exact):",
        "    if v is None: return 99",
        "    t = type(v)",
        "    if t is float:",
        "        if not 0.0 <= v <= 100.0 or 0.0 < v < 1e-39: raise Slow",
        f"        return {rank_src}",
        "    if t is dict and len(v) == 2:",
        "        y = v['yes']; o = v['of']",
        "        if type(y) is not int or type(o) is not int or not 0 <= y <= o or o < 1: raise Slow",
        f"        return {count_src}",
        "    raise Slow"])
    namespace = dict(consts)
    exec(compile(source, "<fast path>", "exec"), namespace)  # noqa: S102 - our own code
    consts[key + "_int"] = table
    consts[key + "_other"] = namespace["other"]
    return key + "_int", key + "_other"


def _exact(value: int | float) -> Fraction:
    return Fraction(value) if type(value) is int else _number(repr(value))[1]


def _rank_names(rules: RuleSet) -> dict[str, int]:
    """Rating names the fast path accepts as they are (the loader also ignores case and spacing; others go
    the ordinary way)."""
    out = {}
    for rating in (*rules.scale, rules.not_rated):
        for spelling in (str(rating), str(rating).lower(), str(rating).capitalize(), str(rating).title()):
            out[spelling] = rating.rank
    return out


def _whole_bands(bands) -> list:
    """The band of each whole percentage 0-100."""
    return [bands.classify(Fraction(v)) for v in range(101)]


_WHOLE = {v: KeyQuestionResult(Fraction(v)) for v in range(101)}  # immutable, so shared
_ONLY_INT = {int}


def value_of(raw: Any) -> KeyQuestionResult | None:
    """A raw key-question value the fast path accepted, as the loader would have read it."""
    if raw is None:
        return None
    if type(raw) is int:
        return _WHOLE[raw]
    if type(raw) is dict:
        return KeyQuestionResult(Fraction(100 * raw["yes"], raw["of"]), raw["yes"], raw["of"])
    kind, number = _number(repr(raw))
    assert kind in ("int", "number") and not math.isnan(float(number))
    return KeyQuestionResult(Fraction(number))


class MappingEvaluation(Evaluation):
    """An evaluation of a mapping the fast path accepted, read into the loader's objects only when asked."""

    __slots__ = ()

    def judgement(self, sid: str):
        core = self.rules.core
        return core.rating_of[core.rank_names[self.source["judgements"][sid]]]

    def detail(self, sid: str):
        """Case details are the same for the same raw values, so they are kept with the rule set's core."""
        given = self.source["cases"][sid]
        core = self.rules.core
        if type(given) is not dict:  # 'not rated' (the fast path checked)
            found = core.details.get(sid)
            if found is None:
                found = core.details[sid] = super().detail(sid)
            return found
        values = core.values_of[sid](given)
        cache = core.details
        key = (sid, values)
        try:
            found = cache.get(key)
        except TypeError:  # counts: as (yes, of), to be hashable
            values = tuple(v if type(v) is not dict else (v["yes"], v["of"]) for v in values)
            key = (sid, values)
            found = cache.get(key)
        if found is not None:
            return found
        if len(cache) > 100_000:
            cache.clear()
        found = cache[key] = self._whole_detail(sid, values) or super().detail(sid)
        return found

    def _whole_detail(self, sid: str, values: tuple) -> CaseDetail | None:
        """The details when every result is a whole percentage: no Fractions needed (None otherwise)."""
        if set(map(type, values)) == _ONLY_INT:
            low = min(values)
            questions = self.rules.core.questions[sid]
            band = self.rules.core.whole_bands[sid][low]
            tied = () if values.count(low) == 1 else \
                tuple(q for v, q in zip(values, questions) if v == low)[1:]
            return CaseDetail(band.rating, questions[values.index(low)], _WHOLE[low], band, (), tied)
        return None

    def results(self, sid: str):
        given = self.source["cases"].get(sid)
        if type(given) is not dict:
            return None
        return {q.id: value_of(given[q.id]) for q in self.rules.standards[sid].key_questions}

    def information(self, ids: tuple[str, ...]) -> Any:
        return LazyInformation(self, ids)


def fast_path(rules: RuleSet) -> Callable[[Any], tuple]:
    """The compiled fast function of a rule set (compiled once, kept with the rule set's core)."""
    core = rules.core
    if core.fast is None:
        core.rank_names = _rank_names(rules)
        for sid, questions in core.questions.items():
            if questions:  # not a judged standard
                core.values_of[sid] = tuple_getter(questions)
            bands = rules.standards[sid].bands
            if bands is not None:
                core.whole_bands[sid] = _whole_bands(bands)
        core.fast = compile_fast(rules)
    return core.fast
