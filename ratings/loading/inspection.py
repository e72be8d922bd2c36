"""The inspection loader: an inspection file (or mapping) in, a validated :class:`Inspection` out.

The file is checked against the rule set it is rated under, and every problem is reported at once, each
with its line and dotted key (``cases.assessment.keeping_safe``).
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from ..model.errors import InspectionError, Problem, Problems, RatingsError
from ..loading.expected import read_expected
from ..kinds import ranges
from ..kinds.ranges import AGGREGATES
from ..model.objects import (UNKNOWN, Award, Between, Figure, Inspection, KeyQuestionResult, Rating, RuleSet,
                             Unknown)
from ..model.words import fmt
from ..reading.reader import Reader, all_of, clip, fold, join, special_hint
from ..loading.registry import DEFAULT_SERVICE, check_service, in_force, load_rules, newest
from ..reading.yaml_file import STDIN_NAME, Format, Node, describe, display_name, from_python, read_file, short

TOP_KEYS = ("name", "rules", "service", "fieldwork", "source", "notes", "cases_inspected", "judgements", "cases",
            "published")
INSPECTION = Format("an inspection file", TOP_KEYS, ("name", "rules", "judgements", "cases"))


def read_source(source: str | os.PathLike | Mapping[str, Any] | Node) -> tuple[Node, str, Path | None]:
    """The document tree, the name to use in messages, and the directory relative paths start from."""
    if isinstance(source, Node):
        return source, "<mapping>", None
    if isinstance(source, Mapping):
        return from_python(dict(source)), "<mapping>", None
    if isinstance(source, (str, os.PathLike)):
        name = display_name(source)
        try:
            return read_file(source, name, form=INSPECTION), name, Path(source).parent
        except RatingsError as exc:
            raise InspectionError(exc.problems) from None
    raise InspectionError(f"cannot rate a {type(source).__name__}: give a file path or a mapping")


def choose_rule_set(root: Node, file: str, base: Path | None, override: Any = None) -> tuple[RuleSet, str | None]:
    """The rule set an inspection is rated under: ``override``, else the file's ``rules:``, else the one
    in force at its ``fieldwork:`` date, else the newest for its service; with how it was chosen when the
    file did not name it (None when it did)."""
    if override is not None:
        return load_rules(override), None
    problems = Problems(file)
    r = Reader(problems)
    fields = root.value if root.kind == "map" else {}
    if fields.get("rules") is None and fields.get("service") is not None:
        service = r.identifier(fields["service"], "service")
        if service is not None:
            try:
                check_service(service)
            except RatingsError as exc:
                raise InspectionError(Problem(exc.message, file, fields["service"].line, "service")) from None
    try:
        if fields.get("rules") is not None:
            ref = r.text(fields["rules"], "rules")
            if ref is not None:
                return load_rules(ref, base), None
        else:
            service = DEFAULT_SERVICE
            if fields.get("service") is not None:
                service = r.identifier(fields["service"], "service") or DEFAULT_SERVICE
            if fields.get("fieldwork") is not None:
                day = r.date(fields["fieldwork"], "fieldwork")
                if day is not None:
                    return in_force(service, day), f"the {service} rule set in force on {day}"
            elif not problems:
                return newest(service), f"the newest {service} rule set, as the file gives neither rules nor fieldwork"
    except RatingsError as exc:
        key = "rules" if fields.get("rules") is not None else (
            "fieldwork" if fields.get("fieldwork") is not None else "service")
        node = fields.get(key)
        first = exc.problems[0]
        if first.file is not None and first.line is not None:  # the rule-set file itself is broken
            raise
        raise InspectionError(Problem(first.message, file, node.line if node else None, key)) from None
    problems.raise_if_any(InspectionError)
    raise AssertionError("unreachable: a problem was reported above")  # pragma: no cover


def load_inspection(source: Any, rules: Any = None) -> tuple[RuleSet, Inspection]:
    """Read and validate an inspection (a file path or a mapping) and the rule set it is rated under.

    ``rules`` overrides the file's own ``rules:``/``fieldwork:``.
    """
    root, file, base = read_source(source)
    rule_set, chosen = choose_rule_set(root, file, base, rules)
    return rule_set, build_inspection(root, rule_set, file, chosen)


def build_inspection(root: Node, rule_set: RuleSet, file: str, chosen: str | None = None) -> Inspection:
    """Validate an inspection against a rule set. ``chosen`` says how the rule set was picked when the file
    did not name it; a failing file is then told which rule set it was checked against."""
    problems = Problems(file)
    builder = _InspectionBuilder(Reader(problems), rule_set, file)
    inspection = builder.build(root)
    if builder.shape_mismatch and chosen:
        problems.items.append(Problem(f"(checked against {rule_set.id}, {chosen}; name another with 'rules:')",
                                      file))
    problems.raise_if_any(InspectionError)
    assert inspection is not None
    return inspection


class _InspectionBuilder:
    def __init__(self, reader: Reader, rule_set: RuleSet, file: str):
        self.r = reader
        self.rules = rule_set
        self.file = file
        self.ratings = {fold(r): r for r in rule_set.scale}
        self.ratings[fold(rule_set.not_rated)] = rule_set.not_rated
        self.shape_mismatch = False  # standards or key questions unknown or missing: another rule set may fit
        self.cases_inspected: int | None = None
        self.figures: dict[str, Figure] = {}  # case standards given a figure of their own
        self.awards: dict[str, Award] = {}  # judged standards the inspectors awarded a rating

    def build(self, root: Node) -> Inspection | None:
        r = self.r
        judged = [s for s in self.rules.standards.values() if s.kind == "judged"]
        cased = [s for s in self.rules.standards.values() if s.kind == "case"]
        required = (["judgements"] if judged else []) + (["cases"] if cased else [])
        top = r.document(root, INSPECTION, required)
        if top is None:
            return None
        name = None
        if top.get("name") is not None:
            name = r.text(top["name"], "name")
        for key in ("source", "notes"):
            if top.get(key) is not None:
                r.text(top[key], key)
        fieldwork = r.date(top["fieldwork"], "fieldwork") if top.get("fieldwork") is not None else None
        if top.get("cases_inspected") is not None:
            self.cases_inspected = r.integer(top["cases_inspected"], "cases_inspected", minimum=1)
        judgements = self.judgements(top["judgements"], "judgements", r.key_line(root, "judgements")) \
            if "judgements" in top else {}
        cases = self.cases(top["cases"], "cases", r.key_line(root, "cases")) if "cases" in top else {}
        published = read_expected(top["published"], "published", self.rules, r) \
            if top.get("published") is not None else None
        if r.problems:
            return None
        if name is None and self.file not in ("<mapping>", STDIN_NAME):
            name = Path(self.file).stem
        return Inspection(name, judgements, cases, fieldwork, self.file, self.cases_inspected, published,
                          self.figures, self.awards)

    def standard_entries(self, node: Node, path: str, line: int | None, kinds: tuple[str, ...],
                         optional_kinds: tuple[str, ...] = ()) -> dict[str, Node] | None:
        """The entries of ``judgements`` or ``cases``: every standard of ``kinds`` present, no strangers."""
        r = self.r
        what = "judgements" if path == "judgements" else "case results"
        if node.kind != "map":
            r.problem(f"expected a mapping of standards to their {what}, found {describe(node)}", node, path)
            return None
        wanted = [s.id for s in self.rules.standards.values() if s.kind in kinds]
        allowed = wanted + [s.id for s in self.rules.standards.values() if s.kind in optional_kinds]
        suggested = set()
        if any(key not in allowed for key in node.value) or any(sid not in node.value for sid in wanted):
            self.shape_mismatch = True
        for key in node.value:
            if key in allowed:
                continue
            other = self.rules.standards.get(key)
            if other is not None and other.kind == "derived":
                r.problems.add(f"'{clip(key)}' is a derived standard: it is rated from "
                               f"{all_of(other.derived.inputs)}, never given", r.key_line(node, key), join(path, key))
            elif other is not None and other.kind == "judged":
                r.problems.add(f"'{clip(key)}' is a judged standard: give the inspectors' judgement under 'judgements'",
                               r.key_line(node, key), join(path, key))
            elif other is not None:
                r.problems.add(f"'{clip(key)}' is a case standard: give its key questions under 'cases'",
                               r.key_line(node, key), join(path, key))
            else:
                absent = [a for a in allowed if a not in node.value]
                noun = "judged" if path == "judgements" else "case"
                suggested.add(r.unknown_key(node, path, key, allowed, "standard",
                                            f"the {noun} standards of {self.rules.id} are {all_of(allowed)}",
                                            candidates=absent))
        for sid in wanted:
            if sid not in node.value and sid not in suggested:
                r.problem(f"missing standard '{sid}' ({self.rules.standards[sid].name}); "
                          "write 'not rated' if it was not rated", node, path, line)
        return node.value

    def rating(self, node: Node, path: str) -> Rating | None:
        if node.kind == "str":
            found = self.ratings.get(fold(" ".join(node.value.split())))
            if found is not None:
                return found
        names = [str(x) for x in self.rules.scale] + [str(self.rules.not_rated)]
        self.r.choice(node, path, names, "rating")  # reports the problem, with a suggestion
        return None

    def judgements(self, node: Node, path: str, line: int | None) -> dict[str, Rating]:
        entries = self.standard_entries(node, path, line, ("judged",))
        out: dict[str, Rating] = {}
        for sid, value in (entries or {}).items():
            if sid in self.rules.standards and self.rules.standards[sid].kind == "judged":
                if is_unknown(value):
                    out[sid] = UNKNOWN
                    continue
                if value.kind == "map":  # {awarded: R, reason: ...}: the inspectors' discretion
                    award = self.award(value, join(path, sid), self.rules.standards[sid])
                    if award is not None:
                        out[sid] = award.judgement
                        self.awards[sid] = award
                    continue
                rating = self.rating(value, join(path, sid))
                if rating is not None:
                    out[sid] = rating
        return {s: out[s] for s in self.rules.standards if s in out}

    def award(self, node: Node, path: str, standard: Any) -> Award | None:
        """``{awarded: R, reason: TEXT}`` (and ``judgement: J``, at least R, when the report gives it apart):
        a rating the inspectors awarded above a decision rule's limit, for a standard some rule limits."""
        r = self.r
        f = r.mapping(node, path, required=("awarded", "reason"), optional=("judgement",),
                      what="a rating, unknown, or {awarded: RATING, reason: TEXT}")
        if f is None or "awarded" not in f or "reason" not in f:
            return None
        awarded = self.rating(f["awarded"], join(path, "awarded"))
        reason = r.text(f["reason"], join(path, "reason"))
        judgement = self.rating(f["judgement"], join(path, "judgement")) if "judgement" in f else awarded
        if awarded is None or reason is None or judgement is None:
            return None
        for key, rating in (("awarded", awarded), ("judgement", judgement)):
            if not rating.rated:
                r.problem(f"an award is a rating of the scale, not '{rating}'; write 'not rated' in place of the "
                          "whole mapping if the standard was not rated", f.get(key, f["awarded"]), join(path, key))
                return None
        if judgement.rank < awarded.rank:
            r.problem(f"the award ({awarded}) is above the inspectors' judgement ({judgement}): an award is never "
                      "above their own judgement", f["judgement"], join(path, "judgement"))
            return None
        if not self.rules.rules_for(standard.id):
            r.problem(f"no decision rule of {self.rules.id} limits {standard.label}, so there is no limit to award "
                      f"a rating above: give the rating as the judgement ('{standard.id}: {awarded}')", node, path)
            return None
        return Award(awarded, reason, judgement)

    def cases(self, node: Node, path: str, line: int | None) -> dict[str, dict[str, KeyQuestionResult | None] | None]:
        entries = self.standard_entries(node, path, line, ("case",), ("information",))
        out: dict[str, dict[str, KeyQuestionResult | None] | None] = {}
        for sid, value in (entries or {}).items():
            standard = self.rules.standards.get(sid)
            if standard is None or standard.kind == "judged":
                continue
            p = join(path, sid)
            if is_unknown(value) and standard.kind == "case":
                out[sid] = UNKNOWN
                continue
            if value.kind == "str":
                rating = self.rating(value, p)
                if rating is not None and rating.rated:
                    self.r.problem(f"a case standard is rated from its key questions, not given a rating "
                                   f"('{rating}'); give each key question's percentage, or 'not rated'", value, p)
                elif rating is not None:
                    out[sid] = None
                continue
            if value.kind != "map":
                questions = ", ".join(q.id for q in standard.key_questions)
                self.r.problem(f"expected the key questions ({questions}) or 'not rated', found {describe(value)}",
                               value, p)
                continue
            results = self.key_questions(value, p, standard, self.r.key_line(node, sid))
            if results is not None:
                out[sid] = results
        return {s: out[s] for s in self.rules.standards if s in out}

    def key_questions(self, node: Node, path: str, standard: Any,
                      line: int | None) -> dict[str, KeyQuestionResult | None] | None:
        r = self.r
        ids = [q.id for q in standard.key_questions]
        aggregates = [a for a in AGGREGATES if a in node.value and a not in ids and standard.kind == "case"]
        suggested = set()
        if set(node.value) - set(aggregates) != set(ids) and not aggregates:
            self.shape_mismatch = True
        for key in node.value:
            if key not in ids and key not in aggregates:
                absent = [i for i in ids if i not in node.value]
                suggested.add(r.unknown_key(node, path, key, ids, "key question",
                                            f"the key questions of {standard.name} are {all_of(ids)}",
                                            candidates=absent))
        results: dict[str, KeyQuestionResult | None] = {}
        ok = True
        for q in standard.key_questions:
            if q.id not in node.value and aggregates:  # with the standard's figure, the rest may be left out
                results[q.id] = UNKNOWN
                continue
            if q.id not in node.value:
                if q.id not in suggested:
                    r.problem(f"missing key question '{q.id}' ({q.text}); write null if no case applied",
                              node, path, line)
                ok = False
                continue
            result = self.key_question(node.value[q.id], join(path, q.id))
            if result is False:
                ok = False
            else:
                results[q.id] = result
        if aggregates and ok:
            ok = self.figure(node, path, standard, aggregates, results)
        return results if ok else None

    def figure(self, node: Node, path: str, standard: Any, aggregates: list[str],
               results: dict[str, Any]) -> bool:
        """A percentage given for the standard, not its key questions (``lowest: P`` or ``mean: P``, P also
        ``{between: [LOW, HIGH]}``): kept as a constraint, checked against the key questions given."""
        r = self.r
        if len(aggregates) > 1:
            r.problem("give one figure for the standard: 'lowest' (its lowest key question) or 'mean' (the mean of "
                      "its key questions)", node, path)
            return False
        aggregate = aggregates[0]
        value, p = node.value[aggregate], join(path, aggregate)
        if value.kind == "map":
            found = r.between(value, p, self.percentage, "percentages from 0 to 100")
        else:
            one = self.percentage(value, p)
            found = None if one is None else (one, one)
        if found is None:
            return False
        figure = Figure(aggregate, *found)
        box = ranges.box_of(standard, results)
        allowed = ranges.figure_range(aggregate, box)
        what = "lowest of its key questions" if aggregate == "lowest" else "mean of its key questions"
        if allowed is None:
            r.problem(f"no key question of {standard.name} has applicable cases, so it has no {what}", value, p)
            return False
        if ranges.segment(aggregate, box, figure) is None:
            r.problem(f"the key questions given make the {what} {range_text(*allowed)}, never "
                      f"{range_text(figure.low, figure.high)}", value, p)
            return False
        self.figures[standard.id] = figure
        return True

    def key_question(self, node: Node, path: str) -> KeyQuestionResult | None | Unknown | bool:
        """A key question's result; ``None`` for no applicable cases; ``False`` after reporting a problem."""
        r = self.r
        if node.kind == "null":
            return None
        if is_unknown(node):
            return UNKNOWN
        if node.kind in ("int", "number"):
            value = self.percentage(node, path)
            return False if value is None else KeyQuestionResult(value, None, self.cases_inspected)
        if node.kind == "map" and "between" in node.value:  # known only approximately: an unknown in a range
            found = r.between(node, path, self.percentage, "percentages from 0 to 100")
            if found is None:
                return False
            low, high = found
            return KeyQuestionResult(low, None, self.cases_inspected) if low == high else Between(low, high)
        if node.kind == "map":
            f = r.mapping(node, path, required=("of",), optional=("yes", "percent"), line=node.line,
                          what="a percentage, {yes: Y, of: N} or {percent: P, of: N}")
            if f is None or "of" not in f:
                return False
            if ("yes" in f) == ("percent" in f):
                r.problem("give either 'yes' (cases judged 'Yes') or 'percent', with 'of' (applicable cases)",
                          node, path)
                return False
            of = r.integer(f["of"], join(path, "of"))
            if of is not None and of < 1:
                r.problem(f"'of' is the number of applicable cases and must be at least 1, not {of}; "
                          "write null if no case applied", f["of"], join(path, "of"))
                return False
            if "percent" in f:
                value = self.percentage(f["percent"], join(path, "percent"))
                return False if value is None or of is None else KeyQuestionResult(value, None, of)
            yes = r.integer(f["yes"], join(path, "yes"), minimum=0)
            if yes is None or of is None:
                return False
            if yes > of:
                r.problem(f"{yes} cases judged 'Yes' out of only {of}: 'yes' cannot be more than 'of'",
                          f["yes"], join(path, "yes"))
                return False
            return KeyQuestionResult(Fraction(100 * yes, of), yes, of)
        self.not_a_percentage(node, path, "a percentage from 0 to 100, {yes: Y, of: N}, unknown or null")
        return False

    def percentage(self, node: Node, path: str) -> Fraction | None:
        r = self.r
        if node.kind not in ("int", "number"):
            self.not_a_percentage(node, path, "a percentage from 0 to 100")
            return None
        value = node.value
        if not (type(value) is int and 0 <= value <= 100):  # whole percentages: no Fraction comparisons
            value = Fraction(value)
        if value < 0:
            r.problem(f"the percentage {short(node.text)} is negative; it must be from 0 to 100", node, path)
            return None
        if value > 100:
            r.problem(f"the percentage {short(node.text)} is over 100", node, path)
            return None
        return Fraction(value)

    def not_a_percentage(self, node: Node, path: str, expected: str) -> None:
        hint = ""
        if node.kind == "str" and node.value.strip().endswith("%"):
            hint = f"; write the number without '%' ({clip(node.value.strip().rstrip('%').strip())})"
        elif node.kind == "special":
            hint = f" ({special_hint(node)})"
        self.r.problem(f"expected {expected}, found {describe(node)}{hint}", node, path)


def range_text(low: Fraction, high: Fraction) -> str:
    """'45%', or 'from 33% to 40%'."""
    return f"{fmt(low)}%" if low == high else f"from {fmt(low)}% to {fmt(high)}%"


def is_unknown(node: Node) -> bool:
    return node.kind == "str" and fold(node.value.strip()) == "unknown"
