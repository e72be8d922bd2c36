"""What an inspection is expected to come to: the ``expect:`` of a worked case, the ``published:`` section of
an inspection file (the ratings a report published), and how a result differs from it."""

from __future__ import annotations

from typing import Any

import attrs

from ..model.objects import Result, RuleSet, Standard
from ..model.words import or_list
from ..reading.reader import Reader, clip, fold, join, suggestion
from ..reading.reader import one_of as one_of_words
from ..reading.yaml_file import Node

EXPECT_KEYS = ("ratings", "capped_by", "score", "max_score", "overall", "overall_limited_by", "counts",
               "domain_counts")


@attrs.frozen
class Span:
    """A published number: exactly ``low`` (written as one number), or anything from ``low`` to ``high``
    (``{between: [LOW, HIGH]}``, both included)."""

    low: int
    high: int
    line: int | None = None

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.low <= value <= self.high

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def to_json(self) -> int | dict[str, list[int]]:
        return self.low if self.exact else {"between": [self.low, self.high]}


@attrs.frozen
class OneOf:
    """A published rating: one name, or the set of ratings the report leaves possible (a list)."""

    names: tuple[str, ...]
    line: int | None = None

    def __contains__(self, value: object) -> bool:
        return value in self.names

    @property
    def exact(self) -> bool:
        return len(self.names) == 1

    def to_json(self) -> str | list[str]:
        return self.names[0] if self.exact else list(self.names)


def shown(value: Any) -> str:
    """A published or computed value as text: '7', 'from 1 to 3', 'Requires improvement or Inadequate'."""
    if isinstance(value, dict) and "between" in value:
        low, high = value["between"]
        return f"from {low} to {high}"
    if isinstance(value, (list, tuple)):
        return or_list(value)
    return "null" if value is None else str(value)


@attrs.frozen
class Expected:
    """What an inspection must come to; any field may be left unsaid (None). Values keep their lines."""

    ratings: dict[str, OneOf] = attrs.field(factory=dict)
    capped_by: dict[str, tuple[str | None, int | None]] = attrs.field(factory=dict)
    score: Span | None = None
    max_score: Span | None = None
    overall: OneOf | None = None
    overall_limited_by: tuple[str | None, int | None] | None = None
    counts: dict[str, Span] = attrs.field(factory=dict)  # by rating: how many rated standards have it
    domain_counts: dict[str, dict[str, Span]] = attrs.field(factory=dict)  # the same, by domain id

    def differences(self, result: Result) -> list[tuple[str, Any, Any, int | None]]:
        """``(what, expected, actual, line)`` for every expectation the result does not meet; expected values as
        JSON gives them (a number, a rating, ``{"between": [LOW, HIGH]}``, a list of ratings)."""
        out: list[tuple[str, Any, Any, int | None]] = []
        for sid, want in self.ratings.items():
            actual = _open_or(result, result.standards[sid].rating, sid)
            if actual not in want:
                out.append((f"standard {sid}", want.to_json(), actual, want.line))
        for sid, (rule, line) in self.capped_by.items():
            capped = result.standards[sid].capped_by
            if capped != rule:
                out.append((f"standard {sid} capped_by", rule, capped, line))
        if self.overall_limited_by is not None and result.overall_limited_by != self.overall_limited_by[0]:
            out.append(("overall_limited_by", self.overall_limited_by[0], result.overall_limited_by,
                        self.overall_limited_by[1]))
        for field in ("score", "max_score", "overall"):
            expected: Span | OneOf | None = getattr(self, field)
            if expected is not None:
                value = getattr(result, field)
                found = value if isinstance(value, int) else _open_or(result, value, field)
                if found not in expected:
                    out.append((field, expected.to_json(), found, expected.line))
        for name, span in self.counts.items():
            count = rating_count(result, name)
            if count not in span:
                out.append((f"counts {name}", span.to_json(), count, span.line))
        for domain, wanted in self.domain_counts.items():
            for name, span in wanted.items():
                count = rating_count(result, name, domain)
                if count not in span:
                    out.append((f"domain_counts {domain} {name}", span.to_json(), count, span.line))
        return out


def _open_or(result: Result, value: Any, field: str) -> str:
    """A value as text; one the unknowns leave open (None), as what remains possible: 'Good or Outstanding
    (unknowns)', '5 to 7 (unknowns)'."""
    if value is not None or result.possible is None:
        return str(value)
    p = result.possible
    if field in ("score", "max_score"):
        low, high = getattr(p, field) or (None, None)
        return f"{low} to {high} (unknowns)"
    options = p.overall if field == "overall" else p.standards[field]
    return " or ".join(map(str, options)) + " (unknowns)"


def rating_count(result: Result, name: str, domain: str | None = None) -> int:
    """How many of the result's standards (of one domain, or all) are rated ``name`` (every rated standard:
    judged, case, derived)."""
    return sum(1 for sid, sr in result.standards.items() if sr.rating is not None and str(sr.rating) == name
               and (domain is None or sr.standard.domain == domain))


def read_expected(node: Node, path: str, rules: RuleSet, r: Reader, also: tuple[str, ...] = ()) -> Expected | None:
    """The ``expect:`` (or ``published:``) section: ratings by standard, capped_by, score, max_score, overall.
    ``also``: keys allowed beside them that the caller reads (``published.date``); None when only those are
    given (nothing to compare)."""
    f = r.mapping(node, path, optional=EXPECT_KEYS + also)
    if f is None:
        return None
    if not f:
        r.problem(f"say what to expect: any of {', '.join(EXPECT_KEYS + also)}", node, path)
        return None
    for key in absent_keys(rules):
        if key in f:
            part = "score" if "score" in key else "overall rating"
            r.problem(f"{rules.id} gives no {part} ('{part.split()[0]}: none'), so there is none to compare",
                      f.pop(key), join(path, key))
    if all(key in also for key in f):
        return None
    rated = [s for s, std in rules.standards.items() if std.kind != "information"]
    def names(target: str) -> list[str]:  # the ratings of its scale, and Not rated
        return [str(x) for x in (*rules.ratings_of(target), rules.not_rated)]

    ratings: dict[str, OneOf] = {}
    if "ratings" in f:
        g = r.mapping(f["ratings"], join(path, "ratings"), optional=rated)
        for sid, value in (g or {}).items():
            if sid in rated:
                found = one_of(r, value, join(join(path, "ratings"), sid), names(sid))
                if found is not None:
                    ratings[sid] = found
    capped: dict[str, tuple[str | None, int | None]] = {}
    if "capped_by" in f:
        g = r.mapping(f["capped_by"], join(path, "capped_by"), optional=rated)
        rule_ids = [rule.id for rule in rules.decision_rules if rule.target != "overall"]
        for sid, value in (g or {}).items():
            if sid not in rated:
                continue
            if value.kind == "null":
                capped[sid] = (None, value.line)
            else:
                rid = r.choice(value, join(join(path, "capped_by"), sid), rule_ids, "decision rule")
                if rid is not None:
                    capped[sid] = (rid, value.line)
    numbers = {}
    for key in ("score", "max_score"):
        if key in f:
            n = span(r, f[key], join(path, key), "scores")
            if n is not None:
                numbers[key] = n
    overall = one_of(r, f["overall"], join(path, "overall"), names("overall")) if "overall" in f else None
    counts = read_counts(r, f["counts"], join(path, "counts"), rules) if "counts" in f else {}
    by_domain = read_domain_counts(r, f["domain_counts"], join(path, "domain_counts"), rules) \
        if "domain_counts" in f else {}
    limited: tuple[str | None, int | None] | None = None
    if "overall_limited_by" in f:
        value = f["overall_limited_by"]
        if value.kind == "null":
            limited = (None, value.line)
        else:
            rid = r.choice(value, join(path, "overall_limited_by"),
                           [rule.id for rule in rules.decision_rules if rule.target == "overall"], "decision rule")
            if rid is not None:
                limited = (rid, value.line)
    return Expected(ratings, capped, numbers.get("score"), numbers.get("max_score"), overall, limited, counts,
                    by_domain)


def absent_keys(rules: RuleSet) -> tuple[str, ...]:
    """The keys of EXPECT_KEYS naming a part the rule set does without."""
    return (("score", "max_score") if rules.score is None else ()) + \
        (("overall", "overall_limited_by") if rules.overall is None else ())


def span(r: Reader, node: Node, path: str, what: str) -> Span | None:
    """A whole number, or ``{between: [LOW, HIGH]}`` of them (none negative)."""
    if node.kind == "map":
        found = r.between(node, path, lambda n, p: r.integer(n, p, minimum=0), what)
        return None if found is None else Span(found[0], found[1], node.line)
    n = r.integer(node, path, minimum=0)
    return None if n is None else Span(n, n, node.line)


def one_of(r: Reader, node: Node, path: str, names: list[str]) -> OneOf | None:
    """A rating, or a list of the ratings the report leaves possible."""
    if node.kind != "seq":
        name = r.choice(node, path, names, "rating")
        return None if name is None else OneOf((name,), node.line)
    items = r.sequence(node, path) or []
    found = [r.choice(item, join(path, i), names, "rating") for i, item in enumerate(items)]
    if not items or None in found:
        return None
    return OneOf(tuple(n for n in names if n in found), node.line)  # in the scale's order, once each


def read_domain_counts(r: Reader, node: Node, path: str, rules: RuleSet) -> dict[str, dict[str, Span]]:
    """``domain_counts: {DOMAIN: {RATING: N}}``: ``counts`` for the rated standards of each domain named."""
    if node.kind != "map":
        r.problem("expected a mapping of domains to counts, e.g. {key_questions: {Inadequate: 2}}", node, path)
        return {}
    domains = {d.id: d for d in rules.domains}
    out: dict[str, dict[str, Span]] = {}
    for key, value in node.value.items():
        if key not in domains:
            near = suggestion(key, list(domains))
            r.problems.add(f"no domain '{clip(key)}' in {rules.id}; " + (f"did you mean '{near}'? " if near else "")
                           + f"the domains are {one_of_words(list(domains))}", r.key_line(node, key),
                           join(path, clip(key)))
            continue
        rated = [s for s in domains[key].standards if counts_rating(rules.standards[s])]
        out[key] = read_counts(r, value, join(path, key), rules, len(rated), f"{domains[key].name} has")
    return out


def counts_rating(standard: Standard) -> bool:
    """Whether ``counts`` counts the standard: rated, on the rule set's scale (never one on another scale)."""
    return standard.kind != "information" and standard.scale is None


def read_counts(r: Reader, node: Node, path: str, rules: RuleSet, total: int | None = None,
                whose: str | None = None) -> dict[str, Span]:
    """``counts: {RATING: N}``: how many of the rated standards (every standard on the rule set's scale but
    those for information, or ``total`` of a domain's) have each rating; N also ``{between: [LOW, HIGH]}``."""
    if node.kind != "map":
        r.problem("expected a mapping of ratings to how many standards have them, e.g. {Inadequate: 2}", node,
                  path)
        return {}
    scale = [str(x) for x in rules.scale]
    if total is None:
        total = sum(1 for s in rules.standards.values() if counts_rating(s))
    out: dict[str, Span] = {}
    for key, value in node.value.items():
        name = next((x for x in scale if fold(x) == fold(" ".join(key.split()))), None)
        if name is None:
            near = suggestion(key, scale)
            r.problems.add(f"unknown rating '{clip(key)}'; " + (f"did you mean '{near}'? " if near else "")
                           + f"expected {one_of_words(scale)}", r.key_line(node, key), join(path, clip(key)))
            continue
        if name in out:
            r.problems.add(f"'{clip(key)}' is {name} again: give each rating's count once", r.key_line(node, key),
                           join(path, clip(key)))
            continue
        found = span(r, value, join(path, key), "numbers of standards")
        if found is not None and found.low > total:
            r.problem(f"{whose or rules.id + ' has'} only {total} standards that can be rated, not {found.low}",
                      value, join(path, key))
        elif found is not None:
            out[name] = found
    return out


