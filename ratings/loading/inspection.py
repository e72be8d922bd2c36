"""The inspection loader: an inspection file (or mapping) in, a validated :class:`Inspection` out.

The file is checked against the rule set it is rated under, and every problem is reported at once, each
with its line and dotted key (``cases.assessment.keeping_safe``).
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Mapping

import attrs

from ..model.errors import InspectionError, Problem, Problems, RatingsError
from ..loading.expected import read_expected
from ..loading.pooled import UNITS, is_pooled, pooled_question, pooled_standard, read_yes_of
from ..kinds import ranges
from ..kinds.ranges import AGGREGATES
from ..model.objects import (UNKNOWN, Award, Between, Figure, Inspection, KeyQuestionResult, QuestionValue, Rating,
                             RuleSet, Standard, Unknown)
from ..model.words import fmt
from ..reading.reader import Reader, all_of, clip, fold, join, special_hint
from ..loading.registry import DEFAULT_SERVICE, check_service, in_force_during, load_rules, newest, preceding
from ..reading.yaml_file import STDIN_NAME, Format, Node, describe, display_name, from_python, read_file, short

if TYPE_CHECKING:  # pragma: no cover
    from ..model.dates import DateWindow, Dating


def window(r: Reader, node: Node, path: str, forms: tuple[str, ...] | None = None) -> "DateWindow | None":
    """A date node read as a window (``reading/dates.py``, imported only when a file gives a date: most files
    rated in bulk give none, and every command's start pays for what it imports)."""
    from ..reading.dates import FORMS, window as read

    return read(r, node, path, forms or FORMS)

TOP_KEYS = ("name", "rules", "service", "fieldwork", "source", "notes", "cases_inspected", "judgements", "cases",
            "scores", "overall", "published")
INSPECTION = Format("an inspection file", TOP_KEYS, ("name", "rules", "judgements", "cases"),
                    (("a rule-set file", ("domains", "scale", "in_force", "decision_rules"),
                      "check it with 'ratings rules check FILE', or name it with 'rules:' in an inspection "
                      "file"),))


def read_source(source: str | os.PathLike[str] | Mapping[str, Any] | Node) -> tuple[Node, str, Path | None]:
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


#: The forms a publication date may take: a day, or a month when the report gives no more.
PUBLISHED_FORMS = ("day", "month")
#: Days after a rule set's period began within which a publication date may still belong to fieldwork under
#: the rule set before it (reports are published some months after fieldwork: Cheshire West, fieldwork March
#: 2023, was published in June).
PUBLICATION_LAG_DAYS = 183


@attrs.frozen
class Choice:
    """How the rule set was chosen: ``by`` (see :class:`Dating`), ``how`` in words for error messages (None
    when the file or the caller named it), the ``note`` stating an assumption, and ``warnings``."""

    by: str
    how: str | None = None
    note: str | None = None
    warnings: tuple[str, ...] = ()


def choose_rule_set(root: Node, file: str, base: Path | None, override: Any = None) -> tuple[RuleSet, Choice]:
    """The rule set an inspection is rated under: ``override``, else the file's ``rules:``, else the one in
    force during its ``fieldwork:``, else the one in force on its publication date (``published: {date}``),
    else the newest for its service; with how it was chosen."""
    if override is not None:
        return load_rules(override), Choice("named")
    problems = Problems(file)
    r = Reader(problems)
    fields = root.value if root.kind == "map" else {}
    published = fields.get("published")
    dated = published.value.get("date") if published is not None and published.kind == "map" else None
    if fields.get("rules") is None and fields.get("service") is not None:
        service = r.identifier(fields["service"], "service")
        if service is not None:
            try:
                check_service(service)
            except RatingsError as exc:
                raise InspectionError(Problem(exc.message, file, fields["service"].line, "service")) from None
    key, node = "service", fields.get("service")
    try:
        if fields.get("rules") is not None:
            key, node = "rules", fields["rules"]
            ref = r.text(node, "rules")
            if ref is not None:
                return load_rules(ref, base), Choice("named")
        else:
            service = DEFAULT_SERVICE
            if fields.get("service") is not None:
                service = r.identifier(fields["service"], "service") or DEFAULT_SERVICE
            if fields.get("fieldwork") is not None:
                key, node = "fieldwork", fields["fieldwork"]
                fieldwork = window(r, node, "fieldwork")
                if fieldwork is not None:
                    return by_fieldwork(service, fieldwork)
            elif dated is not None:
                key, node = "published.date", dated
                day = window(r, dated, "published.date", PUBLISHED_FORMS)
                if day is not None:
                    return by_publication(service, day)
            elif not problems:
                rule_set = newest(service)
                return rule_set, Choice(
                    "newest", f"the newest {service} rule set, as the file gives no rules, fieldwork or "
                    "publication date",
                    f"{rule_set.id} is the newest {service} rule set: the file gives no rules, fieldwork or "
                    "publication date to choose by.")
    except RatingsError as exc:
        first = exc.problems[0]
        if first.file is not None and first.line is not None:  # the rule-set file itself is broken
            raise
        raise InspectionError(Problem(first.message, file, node.line if node else None, key)) from None
    problems.raise_if_any(InspectionError)
    raise AssertionError("unreachable: a problem was reported above")  # pragma: no cover


def _during(day: DateWindow) -> str:
    return f"on {day.start}" if day.form == "day" else f"during {day.describe()}"


def by_fieldwork(service: str, fieldwork: DateWindow) -> tuple[RuleSet, Choice]:
    rule_set = in_force_during(service, fieldwork, "the fieldwork")
    return rule_set, Choice("fieldwork", f"the {service} rule set in force {_during(fieldwork)}", None,
                            outside_period(rule_set, fieldwork, None))


def by_publication(service: str, day: DateWindow) -> tuple[RuleSet, Choice]:
    """The rule set in force on the publication date, assuming the fieldwork (some months earlier) fell in
    the same period; a warning when the period began so shortly before that it may not have."""
    rule_set = in_force_during(service, day, "the publication date", "on")
    period = rule_set.in_force
    note = (f"{rule_set.id} was chosen from the publication date, {day.describe()}, as the file gives no "
            f"fieldwork: it was in force then ({period.describe()}), and the fieldwork, some months before "
            "publication, is assumed to fall in the same period. Give 'fieldwork:' or 'rules:' to be sure.")
    earlier = preceding(rule_set)
    warnings = []
    if earlier is not None and (day.start - period.start).days < PUBLICATION_LAG_DAYS:
        warnings.append(f"{rule_set.id} came into force on {period.start}, less than six months before "
                        f"publication: fieldwork before then was under {earlier.id}; name it with 'rules:' if "
                        "so.")
    return rule_set, Choice("publication date", f"the {service} rule set in force {_during(day)}, the "
                                                "publication date", note, tuple(warnings))


def outside_period(rule_set: RuleSet, fieldwork: DateWindow | None, published: DateWindow | None) -> tuple[str, ...]:
    """A warning for each date outside the period of a rule set named for the file: the fieldwork (wholly or
    in part), and a publication date before the period began, or after it ended when no fieldwork is given
    (publication follows fieldwork, so a report published after the period may still come under it)."""
    period = rule_set.in_force
    span = f"the period of {rule_set.id} ({period.describe()})"
    out = []
    if fieldwork is not None:
        if not period.overlaps(fieldwork.start, fieldwork.end):
            out.append(f"The fieldwork, {fieldwork.describe()}, lies outside {span}.")
        elif not (period.covers(fieldwork.start) and period.covers(fieldwork.end)):
            out.append(f"Part of the fieldwork, {fieldwork.describe()}, lies outside {span}.")
    if published is not None:
        if published.end < period.start:
            out.append(f"The publication date, {published.describe()}, is before {span} began.")
        elif fieldwork is None and period.end is not None and published.start > period.end:
            out.append(f"The publication date, {published.describe()}, is after {span} ended; the fieldwork, "
                       "some months before publication, may still fall within it.")
    return tuple(out)


def load_inspection(source: Any, rules: Any = None) -> tuple[RuleSet, Inspection]:
    """Read and validate an inspection (a file path or a mapping) and the rule set it is rated under.

    ``rules`` overrides the file's own ``rules:``/``fieldwork:``/``published: {date}``.
    """
    root, file, base = read_source(source)
    rule_set, chosen = choose_rule_set(root, file, base, rules)
    return rule_set, build_inspection(root, rule_set, file, chosen)


def build_inspection(root: Node, rule_set: RuleSet, file: str, chosen: Choice | None = None) -> Inspection:
    """Validate an inspection against a rule set. ``chosen`` says how the rule set was picked (None: the
    caller named it); a failing file is then told which rule set it was checked against."""
    problems = Problems(file)
    choice = chosen or Choice("named")
    builder = _InspectionBuilder(Reader(problems), rule_set, file, choice)
    inspection = builder.build(root)
    if builder.shape_mismatch and choice.how:
        caution = "".join(f" {w}" for w in choice.warnings)
        problems.items.append(Problem(f"(checked against {rule_set.id}, {choice.how}; name another with "
                                      f"'rules:'.{caution})" if caution else
                                      f"(checked against {rule_set.id}, {choice.how}; name another with 'rules:')",
                                      file))
    problems.raise_if_any(InspectionError)
    assert inspection is not None
    return inspection


class _InspectionBuilder:
    def __init__(self, reader: Reader, rule_set: RuleSet, file: str, choice: Choice):
        self.r = reader
        self.choice = choice
        self.rules = rule_set
        self.file = file
        self.ratings: dict[str, dict[str, Rating]] = {}  # by standard (or overall): its scale's, by spelling
        self.shape_mismatch = False  # standards or key questions unknown or missing: another rule set may fit
        self.cases_inspected: int | None = None
        self.figures: dict[str, Figure] = {}  # case standards given a figure of their own
        self.awards: dict[str, Award] = {}  # judged standards the inspectors awarded a rating

    def build(self, root: Node) -> Inspection | None:
        r = self.r
        judged = [s for s in self.rules.standards.values() if s.kind == "judged"]
        cased = [s for s in self.rules.standards.values() if s.kind == "case"]
        scored = [s for s in self.rules.standards.values() if s.kind == "scored"]
        required = (["judgements"] if judged else []) + (["cases"] if cased else []) + (["scores"] if scored else [])
        top = r.document(root, INSPECTION, required)
        if top is None:
            return None
        name = None
        if top.get("name") is not None:
            name = r.text(top["name"], "name")
        for key in ("source", "notes"):
            if top.get(key) is not None:
                r.text(top[key], key)
        fieldwork = window(r, top["fieldwork"], "fieldwork") if top.get("fieldwork") is not None else None
        if top.get("cases_inspected") is not None:
            self.cases_inspected = r.integer(top["cases_inspected"], "cases_inspected", minimum=1)
        judgements = self.judgements(top["judgements"], "judgements", r.key_line(root, "judgements")) \
            if "judgements" in top else {}
        cases = self.cases(top["cases"], "cases", r.key_line(root, "cases")) if "cases" in top else {}
        if "scores" in top:
            cases = {**cases, **self.scores(top["scores"], "scores", r.key_line(root, "scores"))}
            cases = {s: cases[s] for s in self.rules.standards if s in cases}
        overall = self.overall_award(top["overall"], "overall") if top.get("overall") is not None else None
        published = read_expected(top["published"], "published", self.rules, r, also=("date",)) \
            if top.get("published") is not None else None
        published_date = self.published_date(top.get("published"), fieldwork)
        if r.problems:
            return None
        if name is None and self.file not in ("<mapping>", STDIN_NAME):
            name = Path(self.file).stem
        return Inspection(name, judgements, cases, fieldwork.start if fieldwork else None, self.file,
                          self.cases_inspected, published, self.dating(fieldwork, published_date),
                          self.figures, self.awards, overall)

    def overall_award(self, node: Node, path: str) -> Award | None:
        """``overall: {awarded: R, reason: TEXT}``: the inspectors departing from the overall method (CQC's
        principles "will normally" apply), with their reason. The award is the overall rating."""
        r = self.r
        if self.rules.overall is None:
            r.problem(f"{self.rules.id} gives no overall rating ('overall: none'), so none can be awarded", node,
                      path)
            return None
        f = r.mapping(node, path, required=("awarded", "reason"), what="{awarded: RATING, reason: TEXT}")
        if f is None or "awarded" not in f or "reason" not in f:
            return None
        awarded = self.rating(f["awarded"], join(path, "awarded"))
        reason = r.text(f["reason"], join(path, "reason"))
        if awarded is None or reason is None:
            return None
        if not awarded.rated:
            r.problem(f"an award is a rating of the scale, not '{awarded}'", f["awarded"], join(path, "awarded"))
            return None
        return Award(awarded, reason, awarded)

    def published_date(self, node: Node | None, fieldwork: DateWindow | None) -> DateWindow | None:
        """``published.date``: a day or a month, not before the fieldwork began."""
        if node is None or node.kind != "map" or node.value.get("date") is None:
            return None
        dated = node.value["date"]
        day = window(self.r, dated, "published.date", PUBLISHED_FORMS)
        if day is not None and fieldwork is not None and day.end < fieldwork.start:
            self.r.problem(f"the publication date, {day.describe()}, is before the fieldwork began "
                           f"({fieldwork.start})", dated, "published.date")
            return None
        return day

    def dating(self, fieldwork: DateWindow | None, published: DateWindow | None) -> Dating | None:
        """What the output says of the dates: how the rule set was chosen and any date outside its period
        (None when there is nothing to say)."""
        choice = self.choice
        warnings = choice.warnings
        if choice.by == "named":
            warnings += outside_period(self.rules, fieldwork, published)
        if not (fieldwork or published or choice.note or warnings):
            return None
        from ..model.dates import Dating

        return Dating(fieldwork, published, choice.by, choice.note, warnings)

    def standard_entries(self, node: Node, path: str, line: int | None, kinds: tuple[str, ...],
                         optional_kinds: tuple[str, ...] = ()) -> dict[str, Node] | None:
        """The entries of ``judgements`` or ``cases``: every standard of ``kinds`` present, no strangers."""
        r = self.r
        what = {"judgements": "judgements", "scores": "items' scores"}.get(path, "case results")
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
            elif other is not None and other.kind == "scored":
                r.problems.add(f"'{clip(key)}' is a scored standard: give its items' scores under 'scores'",
                               r.key_line(node, key), join(path, key))
            elif other is not None and other.kind == "judged":
                r.problems.add(f"'{clip(key)}' is a judged standard: give the inspectors' judgement under 'judgements'",
                               r.key_line(node, key), join(path, key))
            elif other is not None:
                r.problems.add(f"'{clip(key)}' is a case standard: give its key questions under 'cases'",
                               r.key_line(node, key), join(path, key))
            else:
                absent = [a for a in allowed if a not in node.value]
                noun = {"judgements": "judged", "scores": "scored"}.get(path, "case")
                suggested.add(r.unknown_key(node, path, key, allowed, "standard",
                                            f"the {noun} standards of {self.rules.id} are {all_of(allowed)}",
                                            candidates=absent))
        for sid in wanted:
            if sid not in node.value and sid not in suggested:
                r.problem(f"missing standard '{sid}' ({self.rules.standards[sid].name}); "
                          "write 'not rated' if it was not rated", node, path, line)
        entries: dict[str, Node] = node.value  # a map node's value
        return entries

    def rating(self, node: Node, path: str, target: str = "overall") -> Rating | None:
        """A rating on the scale of ``target`` (a standard's id or ``overall``), or Not rated."""
        ratings = self.ratings.get(target)
        if ratings is None:
            ratings = self.ratings[target] = {fold(x): x for x in (*self.rules.ratings_of(target),
                                                                   self.rules.not_rated)}
        if node.kind == "str":
            found = ratings.get(fold(" ".join(node.value.split())))
            if found is not None:
                return found
        self.r.choice(node, path, [str(x) for x in ratings.values()], "rating")  # reports it, with a suggestion
        return None

    def judgements(self, node: Node, path: str, line: int | None) -> dict[str, Rating | Unknown]:
        entries = self.standard_entries(node, path, line, ("judged",))
        out: dict[str, Rating | Unknown] = {}
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
                rating = self.rating(value, join(path, sid), sid)
                if rating is not None:
                    out[sid] = rating
        return {s: out[s] for s in self.rules.standards if s in out}

    def award(self, node: Node, path: str, standard: Standard) -> Award | None:
        """``{awarded: R, reason: TEXT}`` (and ``judgement: J``, at least R, when the report gives it apart):
        a rating the inspectors awarded above a decision rule's limit, for a standard some rule limits."""
        r = self.r
        f = r.mapping(node, path, required=("awarded", "reason"), optional=("judgement",),
                      what="a rating, unknown, or {awarded: RATING, reason: TEXT}")
        if f is None or "awarded" not in f or "reason" not in f:
            return None
        awarded = self.rating(f["awarded"], join(path, "awarded"), standard.id)
        reason = r.text(f["reason"], join(path, "reason"))
        judgement = self.rating(f["judgement"], join(path, "judgement"), standard.id) if "judgement" in f \
            else awarded
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

    def cases(self, node: Node, path: str, line: int | None) -> dict[str, Mapping[str, QuestionValue] | Unknown | None]:
        entries = self.standard_entries(node, path, line, ("case",), ("information",))
        out: dict[str, Mapping[str, QuestionValue] | Unknown | None] = {}
        for sid, value in (entries or {}).items():
            standard = self.rules.standards.get(sid)
            if standard is None or standard.kind == "judged":
                continue
            p = join(path, sid)
            if is_unknown(value) and standard.kind == "case":
                out[sid] = UNKNOWN
                continue
            if value.kind == "str":
                if self.not_rated(value, p, sid, "a case standard is rated from its key questions",
                                  "give each key question's percentage"):
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

    def not_rated(self, value: Node, path: str, sid: str, rated_from: str, instead: str) -> bool:
        """Whether a standard rated from its parts is given as 'not rated'; a rating given in place of its parts
        is reported."""
        rating = self.rating(value, path, sid)
        if rating is not None and rating.rated:
            self.r.problem(f"{rated_from}, not given a rating ('{rating}'); {instead}, or 'not rated'", value, path)
            return False
        return rating is not None

    def scores(self, node: Node, path: str,
               line: int | None) -> dict[str, Mapping[str, QuestionValue] | Unknown | None]:
        """``scores: {STANDARD: {ITEM: N | unknown | null}}`` for the scored standards (a whole standard may be
        'not rated' or unknown): each item an ``ItemScore``, UNKNOWN, or None when it was not scored."""
        entries = self.standard_entries(node, path, line, ("scored",))
        out: dict[str, Mapping[str, QuestionValue] | Unknown | None] = {}
        for sid, value in (entries or {}).items():
            standard = self.rules.standards.get(sid)
            if standard is None or standard.kind != "scored":
                continue
            p = join(path, sid)
            if is_unknown(value):
                out[sid] = UNKNOWN
            elif value.kind == "str":
                if self.not_rated(value, p, sid, "a scored standard is rated from its items' scores",
                                  "give each item's score"):
                    out[sid] = None
            elif value.kind != "map":
                self.r.problem(f"expected the items' scores ({', '.join(q.id for q in standard.key_questions)}) "
                               f"or 'not rated', found {describe(value)}", value, p)
            else:
                items = self.items(value, p, standard, self.r.key_line(node, sid))
                if items is not None:
                    out[sid] = items
        return out

    def items(self, node: Node, path: str, standard: Standard, line: int | None) -> dict[str, QuestionValue] | None:
        r = self.r
        method = standard.case_rating
        ids = [q.id for q in standard.key_questions]
        suggested = set()
        if set(node.value) != set(ids):
            self.shape_mismatch = True
        for key in node.value:
            if key not in ids:
                absent = [i for i in ids if i not in node.value]
                suggested.add(r.unknown_key(node, path, key, ids, "item",
                                            f"the items of {standard.name} are {all_of(ids)}", candidates=absent))
        out: dict[str, QuestionValue] = {}
        ok = True
        for q in standard.key_questions:
            if q.id not in node.value:
                if q.id not in suggested:
                    r.problem(f"missing item '{q.id}' ({q.text}); write null if it was not scored", node, path, line)
                ok = False
                continue
            value, p = node.value[q.id], join(path, q.id)
            if value.kind == "null":
                out[q.id] = None
            elif is_unknown(value):
                out[q.id] = UNKNOWN
            elif value.kind == "int" and method.lowest <= value.value <= method.highest:
                out[q.id] = method.item(value.value)
            else:
                r.problem(f"expected a whole score from {method.lowest} to {method.highest}, unknown, or null (not "
                          f"scored), found {describe(value)}", value, p)
                ok = False
        return out if ok else None

    def key_questions(self, node: Node, path: str, standard: Standard,
                      line: int | None) -> Mapping[str, QuestionValue] | None:
        r = self.r
        ids = [q.id for q in standard.key_questions]
        if is_pooled(node, ids):
            return pooled_standard(r, node, path, standard)
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
        results: dict[str, QuestionValue] = {}
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

    def figure(self, node: Node, path: str, standard: Standard, aggregates: list[str],
               results: dict[str, QuestionValue]) -> bool:
        """A percentage given for the standard, not its key questions (``lowest: P`` or ``mean: P``, P also
        ``{between: [LOW, HIGH]}``): kept as a constraint, checked against the key questions given."""
        r = self.r
        if len(aggregates) > 1:
            r.problem("give one figure for the standard: 'lowest' (its lowest key question) or 'mean' (the mean of "
                      "its key questions)", node, path)
            return False
        aggregate = aggregates[0]
        value, p = node.value[aggregate], join(path, aggregate)
        method = standard.case_rating
        if not method.takes_figure():
            r.problem(f"{standard.name} is rated by {method.id} (method {method.name}), which cannot read a figure "
                      "of the standard's own: give its key questions", value, p)
            return False
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
        what = ranges.AGGREGATE_WORDS[aggregate].removeprefix("the ")
        if allowed is None:
            r.problem(f"no key question of {standard.name} has applicable cases, so it has no {what}", value, p)
            return False
        if ranges.segment(aggregate, box, figure) is None:
            r.problem(f"the key questions given make the {what} {range_text(*allowed)}, never "
                      f"{range_text(figure.low, figure.high)}", value, p)
            return False
        self.figures[standard.id] = figure
        return True

    def key_question(self, node: Node, path: str) -> QuestionValue | Literal[False]:
        """A key question's result; ``None`` for no applicable cases; ``False`` after reporting a problem."""
        r = self.r
        if node.kind == "null":
            return None
        if is_unknown(node):
            return UNKNOWN
        if node.kind in ("int", "number"):
            value = self.percentage(node, path)
            return False if value is None else KeyQuestionResult(value, None, self.cases_inspected)
        if node.kind == "map" and UNITS in node.value:
            return pooled_question(r, node, path)
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
            if "percent" in f:
                of = r.integer(f["of"], join(path, "of"))
                if of is not None and of < 1:
                    r.problem(f"'of' is the number of applicable cases and must be at least 1, not {of}; "
                              "write null if no case applied", f["of"], join(path, "of"))
                    return False
                value = self.percentage(f["percent"], join(path, "percent"))
                return False if value is None or of is None else KeyQuestionResult(value, None, of)
            counts = read_yes_of(r, f, node, path)
            if counts is None:
                return False
            yes, of = counts
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
