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

from ..model.errors import Problem, Problems, RatingsError, RuleSetError, one_line
from ..model.limits import DEFAULT_MAX_SECONDS
from .possible import rate_inspection
from ..loading.expected import Expected, read_expected, shown
from ..loading.inspection import build_inspection
from ..model.objects import Result, RuleSet
from ..reading.reader import Reader, join
from ..loading.registry import load_rules
from ..reading.yaml_file import Format, Node, display_name, read_file

WORKED_CASES = Format("a worked-cases file", ("rules", "worked_cases", "notes"), ("rules", "worked_cases"))


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
    file = display_name(path)
    root = read_file(path, file, form=WORKED_CASES)
    problems = Problems(file)
    r = Reader(problems)
    top = r.document(root, WORKED_CASES, required=("rules", "worked_cases"))
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


def run_worked_case(rules: RuleSet, case: WorkedCase,
                    max_seconds: float | None = DEFAULT_MAX_SECONDS) -> CaseOutcome:
    where = f"{case.file}:{case.line}" if case.line else case.file
    named = one_line(case.name)  # the case's name is the author's text: one line in every message
    try:
        inspection = build_inspection(case.inspection, rules, case.file)
    except RatingsError as exc:
        return CaseOutcome(case, tuple(f"{p.location()}: worked case '{named}': invalid inspection: "
                                       f"{p.key + ': ' if p.key else ''}{p.message}" for p in exc.problems))
    try:  # unknowns go the way they always go: what remains possible, within the time budget
        result = rate_inspection(rules, inspection, max_seconds=max_seconds)
    except RatingsError as exc:
        return CaseOutcome(case, tuple(f"{p.location()}: worked case '{named}': {p.message}"
                                       for p in exc.problems))
    failures = []
    for what, want, got, line in case.expected.differences(result):
        place = f"{case.file}:{line}" if line else where
        failures.append(f"{place}: worked case '{named}': {what}: expected {shown(want)}, got {shown(got)}")
    return CaseOutcome(case, tuple(failures), result)




def run_worked_cases(path: str | Path, max_seconds: float | None = DEFAULT_MAX_SECONDS) -> list[CaseOutcome]:
    """Run every worked case of a file against the rule set it names; a case with unknowns searches what
    remains possible within ``max_seconds`` (None: no limit)."""
    rules, cases = load_worked_cases(path)
    return [run_worked_case(rules, case, max_seconds) for case in cases]


def bundled_case_files() -> list[Path]:
    from ..loading.registry import bundled_dir
    from ..reading.files import SUFFIXES

    return sorted(p for p in (bundled_dir() / "tests").iterdir() if p.suffix in SUFFIXES and p.is_file())


__all__ = ["CaseOutcome", "WorkedCase", "load_worked_cases", "run_worked_case", "run_worked_cases",
           "bundled_case_files", "read_expected", "Expected"]  # the last two re-exported from loading.expected
