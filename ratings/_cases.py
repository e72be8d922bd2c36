"""Worked cases: inspections with the ratings they must get, written in YAML beside a rule set.

A rule-set author tests a framework without writing Python::

    rules: hmip-probation-pdu-2021      # a bundled id, or a path relative to this file
    worked_cases:
      - name: Cheshire West PDU (HMIP, June 2023)
        source: the published ratings page      # optional
        inspection:                             # as in an inspection file (its `rules:` is not needed)
          judgements: {...}
          cases: {...}
        expect:                                 # any of these
          ratings: {leadership: Requires improvement, court_work: Not rated}
          capped_by: {leadership: leadership-limited-by-case-supervision, staff: null}
          score: 7
          max_score: 24
          overall: Requires improvement

``ratings rules test FILE`` runs them; the test suite runs every file in ``rules/tests/``. A failure names the
file and line, the case, the standard, and the expected and actual values.
"""

from __future__ import annotations

from pathlib import Path
import attrs

from ._errors import Problem, Problems, RatingsError, RuleSetError
from ._evaluate import evaluate
from ._inspection import build_inspection
from ._model import Result, RuleSet
from ._reader import Reader, join
from ._registry import load_rules
from ._trace import TraceRecorder
from ._yaml import Node, read_file

EXPECT_KEYS = ("ratings", "capped_by", "score", "max_score", "overall")


@attrs.frozen
class Expected:
    """What an inspection must come to; any field may be left unsaid (None). Values keep their lines."""

    ratings: dict[str, tuple[str, int | None]] = attrs.field(factory=dict)
    capped_by: dict[str, tuple[str | None, int | None]] = attrs.field(factory=dict)
    score: tuple[int, int | None] | None = None
    max_score: tuple[int, int | None] | None = None
    overall: tuple[str, int | None] | None = None

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
        for field in ("score", "max_score", "overall"):
            want = getattr(self, field)
            if want is not None:
                actual = getattr(result, field)
                actual = actual if isinstance(actual, int) else str(actual)
                if actual != want[0]:
                    out.append((field, want[0], actual, want[1]))
        return out


def read_expected(node: Node, path: str, rules: RuleSet, r: Reader) -> Expected | None:
    """The ``expect:`` (or ``published:``) section: ratings by standard, capped_by, score, max_score, overall."""
    f = r.mapping(node, path, optional=EXPECT_KEYS)
    if f is None:
        return None
    if not f:
        r.problem(f"say what to expect: any of {', '.join(EXPECT_KEYS)}", node, path)
        return None
    rated = [s for s, std in rules.standards.items() if std.kind != "information"]
    names = {str(x).casefold(): str(x) for x in (*rules.scale, rules.not_rated)}
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
        judged = [s for s in rated if rules.standards[s].kind == "judged"]
        g = r.mapping(f["capped_by"], join(path, "capped_by"), optional=judged)
        rule_ids = [rule.id for rule in rules.decision_rules]
        for sid, value in (g or {}).items():
            if sid not in judged:
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
    return Expected(ratings, capped, numbers.get("score"), numbers.get("max_score"), overall)


@attrs.frozen
class WorkedCase:
    name: str
    file: str
    line: int | None
    inspection: Node
    expected: Expected


@attrs.frozen
class CaseOutcome:
    """The outcome of one worked case: ``failures`` is empty when it passed."""

    case: WorkedCase
    failures: tuple[str, ...]
    result: Result | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def load_worked_cases(path: str | Path) -> tuple[RuleSet, list[WorkedCase]]:
    """Read a worked-cases file and the rule set it names; raise RatingsError for any problem."""
    file = str(path)
    root = read_file(path, file)
    problems = Problems(file)
    r = Reader(problems)
    top = r.mapping(root, "", required=("rules", "worked_cases"), optional=("notes",), line=1,
                    what="a worked-cases file (a mapping with rules and worked_cases)")
    ref = r.text(top["rules"], "rules") if top is not None and "rules" in top else None
    problems.raise_if_any()
    assert top is not None and ref is not None
    try:
        rules = load_rules(ref, Path(path).parent)
    except RuleSetError as exc:
        if exc.line is not None:
            raise
        raise RatingsError(Problem(exc.message, file, top["rules"].line, "rules")) from None
    cases = []
    items = r.sequence(top["worked_cases"], "worked_cases") if "worked_cases" in top else None
    for i, item in enumerate(items or []):
        p = join("worked_cases", i)
        f = r.mapping(item, p, required=("name", "inspection", "expect"), optional=("source", "notes"))
        if f is None or any(k not in f for k in ("name", "inspection", "expect")):
            continue
        name = r.text(f["name"], join(p, "name"))
        expected = read_expected(f["expect"], join(p, "expect"), rules, r)
        if f["inspection"].kind != "map":
            r.problem("expected the inspection as a mapping (judgements, cases)", f["inspection"],
                      join(p, "inspection"))
            continue
        if name is not None and expected is not None:
            cases.append(WorkedCase(name, file, item.line, f["inspection"], expected))
    problems.raise_if_any()
    return rules, cases


def run_worked_case(rules: RuleSet, case: WorkedCase) -> CaseOutcome:
    where = f"{case.file}:{case.line}" if case.line else case.file
    try:
        inspection = build_inspection(case.inspection, rules, case.file)
    except RatingsError as exc:
        return CaseOutcome(case, tuple(f"{p.location()}: worked case '{case.name}': invalid inspection: "
                                       f"{p.key + ': ' if p.key else ''}{p.message}" for p in exc.problems))
    result = evaluate(rules, inspection, TraceRecorder(rules))
    failures = []
    for what, want, got, line in case.expected.differences(result):
        place = f"{case.file}:{line}" if line else where
        failures.append(f"{place}: worked case '{case.name}': {what}: expected {want}, got {got}")
    return CaseOutcome(case, tuple(failures), result)


def run_worked_cases(path: str | Path) -> list[CaseOutcome]:
    """Run every worked case of a file against the rule set it names."""
    rules, cases = load_worked_cases(path)
    return [run_worked_case(rules, case) for case in cases]


def bundled_case_files() -> list[Path]:
    from ._registry import bundled_dir

    return sorted((bundled_dir() / "tests").glob("*.yaml"))


__all__ = ["CaseOutcome", "WorkedCase", "load_worked_cases", "run_worked_case", "run_worked_cases",
           "bundled_case_files", "read_expected", "Expected"]
