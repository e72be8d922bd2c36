"""What an inspection is expected to come to: the ``expect:`` of a worked case, the ``published:`` section of
an inspection file (the ratings a report published), and how a result differs from it."""

from __future__ import annotations

import attrs

from ..model.objects import Result, RuleSet
from ..reading.reader import Reader, fold, join
from ..reading.yaml_file import Node

EXPECT_KEYS = ("ratings", "capped_by", "score", "max_score", "overall", "overall_limited_by")


@attrs.frozen
class Expected:
    """What an inspection must come to; any field may be left unsaid (None). Values keep their lines."""

    ratings: dict[str, tuple[str, int | None]] = attrs.field(factory=dict)
    capped_by: dict[str, tuple[str | None, int | None]] = attrs.field(factory=dict)
    score: tuple[int, int | None] | None = None
    max_score: tuple[int, int | None] | None = None
    overall: tuple[str, int | None] | None = None
    overall_limited_by: tuple[str | None, int | None] | None = None

    def differences(self, result: Result) -> list[tuple[str, str | int | None, str | int | None, int | None]]:
        """``(what, expected, actual, line)`` for every expectation the result does not meet."""
        out = []
        for sid, (rating, line) in self.ratings.items():
            actual = str(result.standards[sid].rating)
            if actual != rating:
                out.append((f"standard {sid}", rating, actual, line))
        for sid, (rule, line) in self.capped_by.items():
            actual = result.standards[sid].capped_by
            if actual != rule:
                out.append((f"standard {sid} capped_by", rule, actual, line))
        if self.overall_limited_by is not None and result.overall_limited_by != self.overall_limited_by[0]:
            out.append(("overall_limited_by", self.overall_limited_by[0], result.overall_limited_by,
                        self.overall_limited_by[1]))
        for field in ("score", "max_score", "overall"):
            want = getattr(self, field)
            if want is not None:
                actual = getattr(result, field)
                actual = actual if isinstance(actual, int) else str(actual)
                if actual != want[0]:
                    out.append((field, want[0], actual, want[1]))
        return out


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
    if all(key in also for key in f):
        return None
    rated = [s for s, std in rules.standards.items() if std.kind != "information"]
    names = {fold(str(x)): str(x) for x in (*rules.scale, rules.not_rated)}
    ratings: dict[str, tuple[str, int | None]] = {}
    if "ratings" in f:
        g = r.mapping(f["ratings"], join(path, "ratings"), optional=rated)
        for sid, value in (g or {}).items():
            if sid in rated:
                name = r.choice(value, join(join(path, "ratings"), sid), names.values(), "rating")
                if name is not None:
                    ratings[sid] = (name, value.line)
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
            n = r.integer(f[key], join(path, key), minimum=0)
            if n is not None:
                numbers[key] = (n, f[key].line)
    overall = None
    if "overall" in f:
        name = r.choice(f["overall"], join(path, "overall"), names.values(), "rating")
        if name is not None:
            overall = (name, f["overall"].line)
    limited = None
    if "overall_limited_by" in f:
        value = f["overall_limited_by"]
        if value.kind == "null":
            limited = (None, value.line)
        else:
            rid = r.choice(value, join(path, "overall_limited_by"),
                           [rule.id for rule in rules.decision_rules if rule.target == "overall"], "decision rule")
            if rid is not None:
                limited = (rid, value.line)
    return Expected(ratings, capped, numbers.get("score"), numbers.get("max_score"), overall, limited)


