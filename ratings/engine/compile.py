"""The fast path: a rule set compiled to one Python function that validates and rates a plain mapping.

`Engine.rate_many` rates thousands of what-if variants. Reading each through the general loader costs
hundreds of microseconds; this path generates straight-line code from the plan's own steps (each step's
``emit``, beside its ``apply``) for the common shape of input (judgements as rating names; key questions as
whole or decimal percentages, ``{yes, of}`` counts or null; a standard as ``not rated``; an optional
``name`` and ``rules``), with every check the loader makes on that shape. Anything else — another key, a
misspelling, an ``unknown``, an out-of-range number, a Fraction — makes the function give up
(:class:`Slow`) and the caller takes the ordinary path, which gives the result or the precise error.
The ranks it computes go to the same result assembly as the evaluator's (``result.py``). With a trace, a
second function is compiled from each step's ``emit_traced``, which reports to a list the same facts its
``apply`` reports to a tracer (a case standard's details left to be worked out when a sentence quotes
them), so the trace's sentences are the evaluator's own.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterator, Mapping

from ..kinds.base import NOT_RATED, Code, Slow, var
from ..kinds.case_rating import exact, exact_percent, raw_key, value_of
from ..model.objects import QuestionValue, Rating, RuleSet
from .plan import Plan, emit_settling, rank_names
from .result import Evaluation

__all__ = ["Slow", "fast_path", "MappingEvaluation", "value_of"]


def _constants(rules: RuleSet) -> dict[str, Any]:
    """What the generated code refers to."""
    names = rank_names(rules)
    return {"Slow": Slow, "_exact": exact, "RANK": names, "INFO": exact_percent,
            "NOT_RATED_NAMES": frozenset(n for n, rank in names.items() if rank == NOT_RATED)}


def compile_fast(rules: RuleSet, traced: bool = False) -> Callable[[Any], tuple[Any, ...]]:
    """The fast function: ``fast(mapping) -> (name, ranks, lowered, score, n, ids of the information
    standards given)``, raising :class:`Slow` (or any exception) when the ordinary path must decide.
    ``traced``: each step's ``emit_traced``, which also reports to a list what its ``apply`` reports to a
    tracer, returned last."""
    plan: Plan = rules.plan
    code = Code(_constants(rules))
    if traced:
        code.consts.update(RATING_OF=plan.rating_of, WORK_OUT=plan.cache["work_out"])
        code.line("T = []")
    judged = [s for s in plan.ids if plan.kind[s] == "judged"]
    cased = [s for s in plan.ids if plan.kind[s] == "case"]
    scored = [s for s in plan.ids if plan.kind[s] == "scored"]
    info = list(plan.information)
    code.line("if type(m) is not dict: raise Slow")
    code.line("k = len(m)")
    code.line("name = None")
    code.line("if 'name' in m:")
    code.line("    name = m['name']")
    code.line("    if type(name) is not str: raise Slow")
    code.line("    name = name.strip()")
    code.line("    if not name: raise Slow")
    code.line("    k -= 1")
    code.line("if 'rules' in m:")
    code.line("    if type(m['rules']) is not str or not m['rules'].strip(): raise Slow")
    code.line("    k -= 1")
    code.line(f"if k != {(1 if judged else 0) + (1 if cased or info else 0) + (1 if scored else 0)}: raise Slow")
    if judged:
        code.line("j = m['judgements']")
        code.line(f"if type(j) is not dict or len(j) != {len(judged)}: raise Slow")
    if cased or info:
        code.line("c = m['cases']")
        code.line("if type(c) is not dict: raise Slow")
        present = " + ".join([str(len(cased))] + [f"({s!r} in c)" for s in info])
        code.line(f"if len(c) != {present}: raise Slow")
    if scored:
        code.line("sc = m['scores']")
        code.line(f"if type(sc) is not dict or len(sc) != {len(scored)}: raise Slow")
    for step in plan.inputs:
        step.emit_traced(code) if traced else step.emit(code)
    for sid in info:
        questions = plan.questions[sid]
        code.line(f"if {sid!r} in c:")
        code.line(f"    a = c[{sid!r}]")
        code.line(f"    if type(a) is not dict or len(a) != {len(questions)}: raise Slow")
        for q in questions:  # checked as the loader would; whole percentages inline
            code.line(f"    v = a[{q!r}]")
            code.line("    if type(v) is not int or not 0 <= v <= 100: INFO(v)")
    code.line("L = []")
    emit_settling(plan, code, traced)
    ranks = ", ".join(var(i) for i in range(plan.slots))
    informed = "(" + " + ".join(f"(({s!r},) if {s!r} in c else ())" for s in info) + ")" if info else "()"
    code.line(f"return name, [{ranks}], L, s, n, {informed}" + (", T" if traced else ""))
    fast: Callable[[Any], tuple[Any, ...]] = code.function(
        "def fast(m, type=type, len=len, str=str, dict=dict):\n" + "\n".join(code.lines), "fast")
    return fast


def detail_by_values(rules: RuleSet, key: tuple[str, tuple[Any, ...] | None]) -> Any:
    """A case standard's details by ``(id, raw values as kinds/case_rating.raw_key gives them)``, kept with the
    plan (the same raw values always give the same details)."""
    cache = rules.plan.cache.setdefault("details", {})
    found = cache.get(key)
    if found is None:
        if len(cache) > 100_000:
            cache.clear()
        sid, values = key
        standard = rules.standards[sid]
        method = standard.case_rating
        results = None if values is None else {q: method.from_raw(v if type(v) is not tuple else {"yes": v[0], "of": v[1]})
                                               for q, v in zip(rules.plan.questions[sid], values)}
        found = cache[key] = standard.case_rating.rate(standard, results, rules.not_rated)
    return found


class MappingEvaluation(Evaluation):
    """An evaluation of a mapping the fast path accepted, read into the loader's objects only when asked."""

    __slots__ = ()

    def judgement(self, sid: str) -> Rating:
        plan: Plan = self.rules.plan
        return plan.rating_of[plan.cache["rank_names"][self.source["judgements"][sid]]]

    def detail(self, sid: str) -> Any:
        section = self.rules.standards[sid].case_rating.section
        return detail_by_values(self.rules, (sid, raw_key(self.source[section][sid], self.rules.plan.questions[sid])))

    def information(self, ids: tuple[str, ...]) -> "LazyInformation":
        return LazyInformation(self, ids)

    def results(self, sid: str) -> dict[str, QuestionValue] | None:
        method = self.rules.standards[sid].case_rating
        given = self.source[method.section if method is not None else "cases"].get(sid)
        if type(given) is not dict:
            return None
        read = method.from_raw if method is not None else value_of
        return {q: read(given[q]) for q in self.rules.plan.questions[sid]}


class LazyInformation(Mapping[str, Any]):
    """The information standards a mapping gave, read only when looked at."""

    __slots__ = ("ev", "ids", "_built")
    _built: dict[str, Any] | None

    def __init__(self, ev: MappingEvaluation, ids: tuple[str, ...]):
        self.ev, self.ids, self._built = ev, ids, None

    def _all(self) -> dict[str, Any]:
        if self._built is None:
            self._built = {sid: self.ev.results(sid) for sid in self.ids}
        return self._built

    def __getitem__(self, sid: str) -> Any:
        return self._all()[sid]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def fast_path(rules: RuleSet, traced: bool = False) -> Callable[[Any], tuple[Any, ...]]:
    """The compiled fast function of a rule set (compiled once, kept with the rule set's plan); ``traced``:
    the one that also returns the steps' reports."""
    plan: Plan = rules.plan
    if plan.fast is None:
        plan.cache["rank_names"] = rank_names(rules)
        plan.cache["work_out"] = functools.partial(detail_by_values, rules)
        plan.fast = compile_fast(rules)
    if not traced:
        return plan.fast
    found: Callable[[Any], tuple[Any, ...]] | None = plan.cache.get("fast traced")
    if found is None:
        found = plan.cache["fast traced"] = compile_fast(rules, traced=True)
    return found
