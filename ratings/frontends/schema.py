"""A JSON Schema (draft 2020-12) for the inspection files of one rule set, so that editors can check files
as they are typed. It says what one file can say on its own; what needs more (that 'yes' is at most 'of',
that a named rule-set file exists, that a rule set covers the fieldwork date) is left to `ratings rate`."""

from __future__ import annotations

from typing import Any

from ..kinds.ranges import AGGREGATE_WORDS
from ..loading.expected import absent_keys, counts_rating
from ..model.objects import RuleSet, Standard
from ..reading.reader import fold

_ISO = r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?"


def _any_case(word: str) -> str:
    """A pattern matching ``word`` in any ASCII case (JSON Schema's patterns have no flag for it)."""
    return "".join(f"[{c.upper()}{c}]" for c in word)


def _date_pattern(forms: tuple[str, ...]) -> str:
    """The spellings of dates the engine reads (reading/dates.py), of the forms given, as one pattern."""
    from ..reading.dates import MONTHS, SEASONS

    named = "(" + "|".join(_any_case(m) for m in MONTHS) + r")\s+\d{4}"
    parts = {"day": _ISO, "month": named, "range": f"{_ISO}\\s*/\\s*{_ISO}",
             "season": "(" + "|".join(_any_case(s) for s in SEASONS) + r")\s+\d{4}",
             "quarter": r"\d{4}-[Qq][1-4]"}
    return r"^\s*(" + "|".join(parts[f] for f in forms) + r")\s*$"
PATH_LIKE = r"[/\\]|\.ya?ml$"
FIGURES = {aggregate: f"{words[0].upper()}{words[1:]}' results, when the report gives no key question's."
           for aggregate, words in AGGREGATE_WORDS.items()}


def _spellings(name: str) -> list[str]:
    """The spellings of a rating an editor should accept (the engine also ignores ASCII case and extra spaces)."""
    return [s for s in dict.fromkeys([name, name.lower(), name.title(), name.capitalize()]) if fold(s) == fold(name)]


def _scored_entry(standard: Standard) -> dict[str, Any]:
    """A scored standard: each item a whole score in its range, unknown or null; or the whole 'not rated' or
    unknown."""
    method = standard.case_rating
    score = {"anyOf": [{"type": "integer", "minimum": method.lowest, "maximum": method.highest},
                       {"type": "null"}, {"$ref": "#/$defs/unknown"}]}
    items = {"type": "object", "additionalProperties": False, "required": [q.id for q in standard.key_questions],
             "properties": {q.id: {**score, "description": q.text} for q in standard.key_questions}}
    return {"description": standard.label,
            "anyOf": [{"$ref": "#/$defs/not_rated"}, {"$ref": "#/$defs/unknown"}, items]}


def inspection_schema(rules: RuleSet) -> dict[str, Any]:
    judged = [s for s in rules.standards.values() if s.kind == "judged"]
    cased = [s for s in rules.standards.values() if s.kind == "case"]
    informed = [s for s in rules.standards.values() if s.kind == "information"]

    def case_entry(standard: Standard, allow_not_rated: bool) -> dict[str, Any]:
        questions: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "required": [q.id for q in standard.key_questions],
            "properties": {q.id: {"$ref": "#/$defs/key_question", "description": q.text}
                           for q in standard.key_questions},
        }
        entry: dict[str, Any] = {"description": standard.label}
        options = [questions]
        if "units" not in questions["properties"]:  # each unit's key questions, pooled
            unit = {"anyOf": [{"type": "null"}, {**questions, "properties": {
                q.id: {"$ref": "#/$defs/unit_counts", "description": q.text} for q in standard.key_questions}}]}
            options.append({"type": "object", "additionalProperties": False, "required": ["units"],
                            "properties": {"units": {"description": "Each unit's (e.g. each PDU's) counts on "
                                                                    "every key question, pooled exactly.",
                                                     "type": "object", "minProperties": 1,
                                                     "additionalProperties": unit}}})
        if allow_not_rated:
            ids = [q.id for q in standard.key_questions]
            figures = [{"type": "object", "additionalProperties": False, "required": [aggregate],
                        "properties": {**questions["properties"],
                                       aggregate: {"$ref": "#/$defs/figure", "description": words}}}
                       for aggregate, words in FIGURES.items() if aggregate not in ids]
            entry["anyOf"] = [{"$ref": "#/$defs/not_rated"}, {"$ref": "#/$defs/unknown"}, *options, *figures]
        else:
            entry["anyOf"] = options
        return entry

    properties: dict[str, Any] = {
        "name": {"type": "string", "description": "The service inspected, as the report names it."},
        "rules": {"description": f"The rule set: '{rules.id}' or the path of a rule-set file.",
                  "anyOf": [{"const": rules.id}, {"type": "string", "pattern": PATH_LIKE}]},
        "service": {"description": "The kind of service, to choose the rule set by fieldwork date.",
                    "enum": [rules.service]},
        "fieldwork": {"type": "string", "pattern": _date_pattern(("day", "month", "range", "season", "quarter")),
                      "description": "When the fieldwork was: a day (2023-03-13), a month (2023-03 or March "
                                     "2023), a range (2023-03-13/2023-03-24), a season (autumn 2019) or a "
                                     "quarter (2019-Q4)."},
        "source": {"type": "string"},
        "notes": {"type": "string"},
        "cases_inspected": {"type": "integer", "minimum": 1,
                            "description": "Cases inspected: the number of applicable cases for percentages given "
                                           "without counts (used by gap, margins and confidence)."},
    }
    if rules.overall is not None:
        properties["overall"] = {
            "description": "The inspectors' departure from the overall method: the overall rating they awarded, "
                           "with their reason.",
            "type": "object", "additionalProperties": False, "required": ["awarded", "reason"],
            "properties": {"awarded": {"$ref": _ref("scale_rating", rules, "overall")}, "reason": {"type": "string"}}}
    required = []
    if judged:
        required.append("judgements")
        properties["judgements"] = {
            "description": "The inspectors' judgement on each judged standard, before the decision rules.",
            "type": "object",
            "additionalProperties": False,
            "required": [s.id for s in judged],
            "properties": {s.id: {"anyOf": [{"$ref": _ref("rating", rules, s.id)}, {"$ref": "#/$defs/unknown"}]
                                  + ([{"$ref": _ref("award", rules, s.id)}] if rules.rules_for(s.id) else []),
                                  "description": s.label} for s in judged},
        }
    scored = [s for s in rules.standards.values() if s.kind == "scored"]
    if scored:
        required.append("scores")
        properties["scores"] = {
            "description": "Per item of each scored standard, the inspectors' score; null when it was not scored.",
            "type": "object",
            "additionalProperties": False,
            "required": [s.id for s in scored],
            "properties": {s.id: _scored_entry(s) for s in scored},
        }
    if cased or informed:
        if cased:
            required.append("cases")
        properties["cases"] = {
            "description": "Per key question, the share of applicable cases judged 'Yes'.",
            "type": "object",
            "additionalProperties": False,
            "required": [s.id for s in cased],
            "properties": {**{s.id: case_entry(s, True) for s in cased},
                           **{s.id: case_entry(s, False) for s in informed}},
        }
    rated = [s for s in rules.standards.values() if s.kind != "information"]
    properties["published"] = {
        "description": "What the report published, for `ratings verify`: any of these.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "ratings": {"type": "object", "additionalProperties": False,
                        "properties": {s.id: {"$ref": _ref("ratings", rules, s.id), "description": s.label}
                                       for s in rated}},
            "capped_by": {"type": "object", "additionalProperties": False,
                          "properties": {s.id: {"anyOf": [{"enum": [r.id for r in rules.rules_for(s.id)]},
                                                          {"type": "null"}]}
                                         for s in rated}},
            "date": {"type": "string", "pattern": _date_pattern(("day", "month")),
                     "description": "When the report was published: a day (2023-06-29) or a month (2023-06 or "
                                    "June 2023)."},
            "score": {"$ref": "#/$defs/whole_or_range"},
            "max_score": {"$ref": "#/$defs/whole_or_range"},
            "overall": {"$ref": _ref("ratings", rules, "overall")},
            "counts": {**_counts_schema(rules, sum(1 for s in rated if counts_rating(s))),
                       "description": "How many of the rated standards have each rating."},
            "overall_limited_by": {"anyOf": [{"enum": [r.id for r in rules.rules_for("overall")]},
                                             {"type": "null"}]},
            "domain_counts": {"type": "object", "additionalProperties": False,
                              "description": "How many of each domain's rated standards have each rating.",
                              "properties": {d.id: _counts_schema(rules, sum(
                                  1 for s in d.standards if counts_rating(rules.standards[s])))
                                  for d in rules.domains}},
        },
    }
    for key in absent_keys(rules):  # what the rule set does without is never published
        del properties["published"]["properties"][key]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Inspection file rated under {rules.id}",
        "description": f"{rules.publisher + ': ' if rules.publisher else ''}{rules.title}. "
                       "Produced by `ratings schema`.",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
        "$defs": {
            **{name: value for scale in (None, *rules.scales) for name, value in _scale_defs(rules, scale).items()},
            "not_rated": {"enum": _spellings(str(rules.not_rated))},
            "unknown": {"enum": _spellings("unknown"),
                        "description": "Not known: the result lists every rating that remains possible."},
            "key_question": {
                "description": "A percentage (0-100), exact counts {yes: Y, of: N}, a percentage of a number of "
                               "cases {percent: P, of: N}, several units' counts {units: {UNIT: {yes: Y, of: N}}}, "
                               "unknown, or null for no applicable cases.",
                "anyOf": [
                    {"type": "number", "minimum": 0, "maximum": 100},
                    {"type": "object", "additionalProperties": False, "required": ["yes", "of"],
                     "properties": {"yes": {"type": "integer", "minimum": 0},
                                    "of": {"type": "integer", "minimum": 1}}},
                    {"type": "object", "additionalProperties": False, "required": ["percent", "of"],
                     "properties": {"percent": {"type": "number", "minimum": 0, "maximum": 100},
                                    "of": {"type": "integer", "minimum": 1}}},
                    {"type": "object", "additionalProperties": False, "required": ["units"],
                     "properties": {"units": {"description": "Each unit's (e.g. each PDU's) counts, pooled exactly.",
                                              "type": "object", "minProperties": 1,
                                              "additionalProperties": {"$ref": "#/$defs/unit_counts"}}}},
                    {"$ref": "#/$defs/between_percentages"},
                    {"$ref": "#/$defs/unknown"},
                    {"type": "null"},
                ],
            },
            "unit_counts": {
                "description": "One unit's counts {yes: Y, of: N}, or null for no applicable cases there (a "
                               "percentage cannot be pooled exactly).",
                "anyOf": [
                    {"type": "object", "additionalProperties": False, "required": ["yes", "of"],
                     "properties": {"yes": {"type": "integer", "minimum": 0},
                                    "of": {"type": "integer", "minimum": 1}}},
                    {"type": "null"},
                ],
            },
            "between_percentages": {
                "description": "Known only approximately: from LOW to HIGH percent, both included.",
                "type": "object", "additionalProperties": False, "required": ["between"],
                "properties": {"between": {"type": "array", "minItems": 2, "maxItems": 2,
                                           "items": {"type": "number", "minimum": 0, "maximum": 100}}}},
            "figure": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 100},
                                 {"$ref": "#/$defs/between_percentages"}]},
            "whole_or_range": {"anyOf": [{"type": "integer", "minimum": 0}, {"$ref": "#/$defs/whole_range"}]},
            "whole_range": {"type": "object", "additionalProperties": False, "required": ["between"],
                            "properties": {"between": {"type": "array", "minItems": 2, "maxItems": 2,
                                                       "items": {"type": "integer", "minimum": 0}}}},
        },
    }


def _ref(what: str, rules: RuleSet, target: str) -> str:
    """The definition of ``what`` (rating, scale_rating, ratings, award) on the scale of ``target``."""
    scale = rules.scale_of(target)
    return f"#/$defs/{what}" + (f"_{scale}" if scale else "")


def _scale_defs(rules: RuleSet, scale: str | None) -> dict[str, Any]:
    """The definitions of a rating on one scale (the rule set's when None): with Not rated, without, one or a
    list of those a report leaves possible, and an award."""
    ratings = [str(r) for r in (rules.scales[scale].ratings if scale else rules.scale)]
    tail = f"_{scale}" if scale else ""
    return {
        f"rating{tail}": {"enum": [s for name in ratings + [str(rules.not_rated)] for s in _spellings(name)]},
        f"scale_rating{tail}": {"enum": [s for name in ratings for s in _spellings(name)]},
        f"ratings{tail}": {"description": "A rating, or a list of the ratings the report leaves possible.",
                           "anyOf": [{"$ref": f"#/$defs/rating{tail}"},
                                     {"type": "array", "minItems": 1, "items": {"$ref": f"#/$defs/rating{tail}"}}]},
        f"award{tail}": {
            "description": "A rating the inspectors awarded above a decision rule's limit, with their reason "
                           "(and their judgement before the decision rules, when the report gives it apart).",
            "type": "object", "additionalProperties": False, "required": ["awarded", "reason"],
            "properties": {"awarded": {"$ref": f"#/$defs/scale_rating{tail}"}, "reason": {"type": "string"},
                           "judgement": {"$ref": f"#/$defs/scale_rating{tail}"}}},
    }


def _counts_schema(rules: RuleSet, most: int) -> dict[str, Any]:
    """``{RATING: N}`` for at most ``most`` standards (any spelling the reader takes)."""
    return {"type": "object", "additionalProperties": False,
            "properties": {name: {"anyOf": [{"type": "integer", "minimum": 0, "maximum": most},
                                            {"$ref": "#/$defs/whole_range"}]}
                           for r in rules.scale for name in _spellings(str(r))}}
