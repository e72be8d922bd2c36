"""The peer for `bench.py`: a rule set written as JSON-Logic rules, generated from the loaded rule set, and
evaluated by a pure-Python JSON-Logic interpreter.

JSON-Logic has no variables, so the rules are a list of named steps, evaluated in order, each step's value
stored under ``r`` in the data so that later steps can read it with ``{"var": "r.<name>"}`` (how a JSON-Logic
user chains rules). Standards are held as their points (-1 for Not rated), which rise with the rating, so
that "at or below a rating" compares points:

- a case standard rated by its lowest key question: ``low.S`` is -1 when the standard is ``not rated``, else
  the ``min`` of its key questions; ``S`` is one ``if`` chain: -1 when ``low.S`` is, else over the band
  edges (``>=`` for an inclusive lower bound, ``>`` for an exclusive one), highest band first;
- a judged standard: its judgement's points looked up in a table of the scale kept with the rules,
  ``{"var": [{"cat": ["points.", {"var": "judgements.S"}]}, -1]}``;
- each decision rule, in file order: ``rated.ID`` and ``matched.ID`` count (with ``+`` over ``if`` 1 else 0)
  the group's rated standards and those at or below the rating (``{"<=": [0, S, limit]}``); the condition is
  ``matched * den >= num * rated`` with ``rated > 0`` for a share num/den (``matched >= N`` for a count,
  ``{"<=": [0, S, limit]}`` for one standard); the target becomes ``if(target > cap and condition, cap,
  target)``;
- ``score`` is the ``+`` of ``max(0, S)`` over the counted standards, ``n`` the count of those rated,
  ``max_score`` is ``n`` times the top points;
- ``overall``: Not rated when ``n`` is 0, else an ``if`` chain over the overall bands on the mean points,
  compared without division (``score * den > n * num`` for a bound num/den), giving the rating's name.

Only what the bundled 2021 PDU rules use is generated (lowest key question, judged standards,
``at_or_below`` conditions, score, overall bands on the mean); anything else raises NotImplementedError. It
reads whole percentages and ``not rated``, the shape of the bench's variants (no counts, no checks, no
reasons), so it does less than `ratings` does.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable


def _whole(x: Fraction) -> int:
    if Fraction(x).denominator != 1:
        raise NotImplementedError(f"band edge {x} is not a whole number")
    return int(x)


def _band_chain(value: dict, band_set: Any) -> list:
    """The arguments of an ``if`` chain giving the points of the band holding ``value``."""
    args: list = []
    bands = band_set.bands  # highest first
    for band in bands[:-1]:
        args += [{">=" if band.low_inclusive else ">": [value, _whole(band.low)]}, band.rating.points]
    return args + [bands[-1].rating.points]


def json_logic_rules(rules: Any) -> dict:
    """The rule set as JSON-Logic: ``{"points": {rating: points}, "steps": [[name, rule], ...]}``, the steps
    to evaluate in order (see the module's docstring)."""
    points = [r.points for r in rules.scale]  # best first
    if any(p is None or p < 0 for p in points) or points != sorted(set(points), reverse=True):
        raise NotImplementedError("points that do not rise with the rating")
    steps: list[tuple[str, dict]] = []
    for s in rules.standards.values():
        if s.kind == "case":
            if type(s.case_rating).__name__ != "LowestKeyQuestion":
                raise NotImplementedError(f"case-rating method of {s.id}")
            # a default of 0 for `var`: some interpreters evaluate every branch of `if`, and `min` of nulls fails
            low = {"min": [{"var": [f"cases.{s.id}.{q.id}", 0]} for q in s.key_questions]}
            steps.append((f"low.{s.id}", {"if": [{"==": [{"var": f"cases.{s.id}"}, "not rated"]}, -1, low]}))
            steps.append((s.id, {"if": [{"<": [{"var": f"r.low.{s.id}"}, 0]}, -1,
                                        *_band_chain({"var": f"r.low.{s.id}"}, s.bands)]}))
        elif s.kind == "judged":
            steps.append((s.id, {"var": [{"cat": ["points.", {"var": f"judgements.{s.id}"}]}, -1]}))
        elif s.kind != "information":
            raise NotImplementedError(f"{s.kind} standards")
    for rule in rules.decision_rules:  # the bundled rules read only case standards, so file order will do
        w = rule.when
        if type(w).__name__ != "AtOrBelow" or rule.target == "overall":
            raise NotImplementedError(f"decision rule {rule.id}")
        limit = w.at_or_below.points

        def at_or_below(sid: str) -> dict:
            return {"<=": [0, {"var": f"r.{sid}"}, limit]}

        if w.single:
            condition = at_or_below(w.standards[0])
        else:
            steps.append((f"rated.{rule.id}", {"+": [{"if": [{">=": [{"var": f"r.{sid}"}, 0]}, 1, 0]}
                                                       for sid in w.standards]}))
            steps.append((f"matched.{rule.id}", {"+": [{"if": [at_or_below(sid), 1, 0]} for sid in w.standards]}))
            matched, rated = {"var": f"r.matched.{rule.id}"}, {"var": f"r.rated.{rule.id}"}
            if w.at_least_count is not None:
                condition = {">=": [matched, w.at_least_count]}
            else:
                share = w.at_least_share
                condition = {"and": [{">": [rated, 0]}, {">=": [{"*": [matched, share.denominator]},
                                                                {"*": [rated, share.numerator]}]}]}
        target, cap = {"var": f"r.{rule.target}"}, rule.at_most.points
        steps.append((rule.target, {"if": [{"and": [{">": [target, cap]}, condition]}, cap, target]}))
    counted = [s.id for s in rules.standards.values() if s.counted]
    steps.append(("score", {"+": [{"max": [0, {"var": f"r.{sid}"}]} for sid in counted]}))
    steps.append(("n", {"+": [{"if": [{">=": [{"var": f"r.{sid}"}, 0]}, 1, 0]} for sid in counted]}))
    steps.append(("max_score", {"*": [{"var": "r.n"}, rules.top_points]}))
    overall = rules.overall
    if overall.tables or overall.bands is None:
        raise NotImplementedError("published score tables")
    args = [{"==": [{"var": "r.n"}, 0]}, str(rules.not_rated)]
    for band in overall.bands.bands[:-1]:
        low = band.low
        args += [{">=" if band.low_inclusive else ">": [{"*": [{"var": "r.score"}, low.denominator]},
                                                        {"*": [{"var": "r.n"}, low.numerator]}]}, str(band.rating)]
    steps.append(("overall", {"if": args + [str(overall.bands.bands[-1].rating)]}))
    return {"points": {str(r): r.points for r in rules.scale}, "steps": [list(step) for step in steps]}


def rate(json_logic: Callable[[Any, Any], Any], rules: dict, m: dict) -> dict:
    """Evaluate the rules' steps on one inspection mapping; every step's value, by name (``score``,
    ``max_score``, ``overall``, each standard's points)."""
    r: dict = {"low": {}, "rated": {}, "matched": {}}
    data = {"cases": m["cases"], "judgements": m["judgements"], "points": rules["points"], "r": r}
    for key, rule in rules["steps"]:
        head, dot, tail = key.partition(".")
        if dot:
            r[head][tail] = json_logic(rule, data)
        else:
            r[key] = json_logic(rule, data)
    return r
