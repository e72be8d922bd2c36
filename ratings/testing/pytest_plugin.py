"""The pytest plugin: worked-case files collected as tests, one test per case, in any repository.

Registered (entry point ``pytest11``, name ``ratings``) when ``ratings`` is installed; ``-p no:ratings``
turns it off. pytest collects every file matching the ini option ``ratings_worked_cases`` (default
``*.tests.yaml *.tests.yml rules/tests/*.yaml rules/tests/*.yml``; a pattern with a ``/`` matches the end
of the path, one without matches the file's name; an empty value collects nothing)::

    # pyproject.toml
    [tool.pytest.ini_options]
    ratings_worked_cases = ["frameworks/*.cases.yaml"]

A failing case is reported as ``ratings rules test`` reports it: the file and line, the case, the standard,
and the expected and actual values. A file that cannot be read is a collection error listing its problems.

This module imports nothing of the library until pytest meets a worked-case file: pytest loads it in every
project where ``ratings`` is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import pytest

if TYPE_CHECKING:  # pragma: no cover - the library is imported only when a worked-case file is met
    from ..analyses import worked_cases
    from ..model.objects import RuleSet

INI = "ratings_worked_cases"
DEFAULT_PATTERNS = ["*.tests.yaml", "*.tests.yml", "rules/tests/*.yaml", "rules/tests/*.yml"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(INI, type="args", default=DEFAULT_PATTERNS,
                  help="ratings: glob patterns of worked-case files to collect as tests (default: %(default)s)")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    if any(file_path.match(pattern) for pattern in parent.config.getini(INI)):
        return WorkedCaseFile.from_parent(parent, path=file_path)
    return None


class CannotRead(Exception):
    """The worked-case file (or the rule set it names) has problems: each is one line."""


class CaseFailed(Exception):
    """A worked case came to something else than its ``expect:``: one line per difference."""


class WorkedCaseFile(pytest.File):
    """A worked-case file: one test per case."""

    def collect(self) -> Iterator[pytest.Item]:
        from ..analyses.worked_cases import load_worked_cases
        from ..model.errors import RatingsError

        try:
            rules, cases = load_worked_cases(self.path)
        except RatingsError as exc:
            raise CannotRead("\n".join(str(p) for p in exc.problems)) from None
        seen: dict[str, int] = {}
        for case in cases:
            name = _one_line(case.name).replace("::", ":")  # one line; '::' would split the test's id
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:  # two cases of one name: both run, under ids that differ
                name = f"{name} ({seen[name]})"
            yield WorkedCase.from_parent(self, name=name, rules=rules, case=case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CannotRead):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class WorkedCase(pytest.Item):
    """One worked case, rated under its file's rule set and checked against its ``expect:``."""

    def __init__(self, *, rules: RuleSet, case: worked_cases.WorkedCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rules, self.case = rules, case

    def runtest(self) -> None:
        from ..analyses.worked_cases import run_worked_case

        outcome = run_worked_case(self.rules, self.case)
        if not outcome.passed:
            raise CaseFailed("\n".join(outcome.failures))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CaseFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.case.line - 1 if self.case.line else None  # pytest counts lines from 0
        return self.path, line, f"worked case: {_one_line(self.case.name)}"


def _one_line(text: str) -> str:
    """A case's name on one line, control characters escaped (imported when a case is collected, not before)."""
    from ..model.errors import one_line

    return one_line(text) or ""
