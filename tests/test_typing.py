"""The annotations users see hold (the package ships ``py.typed``): a type checker reading code that uses the
library flags what would fail at run time — a value unknowns leave open, or a rule set does without, used as
if it were always there — and accepts the same code once it checks for None. Only the user's code is reported
(``--follow-imports=silent``): what is checked is what the library promises, through its public names."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("mypy")  # the `test` extra installs it

# the checkout, whose package is what the user's code imports (each run's working directory is elsewhere, so
# the user's code is not read with the settings of pyproject.toml's [tool.mypy], the package's own strict check)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def check(tmp_path_factory):
    where = tmp_path_factory.mktemp("typing")

    def run(code: str) -> list[int]:
        """The lines of ``code`` the type checker reports an error on."""
        (where / "use.py").write_text(textwrap.dedent(code).lstrip("\n"))
        found = subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", "--ignore-missing-imports",
                                "--no-error-summary", "--show-error-codes", "--cache-dir", str(where / "cache"),
                                str(where / "use.py")], capture_output=True, text=True, timeout=300, cwd=where,
                               env={**os.environ, "MYPYPATH": str(ROOT)})
        assert found.returncode in (0, 1), found.stdout + found.stderr  # 2: mypy itself failed
        return sorted({int(line.split(":")[1]) for line in found.stdout.splitlines() if ": error:" in line})
    return run


def test_values_unknowns_leave_open_are_optional_to_a_type_checker(check):
    assert check("""
        import ratings
        result = ratings.rate("inspection.yaml")
        score: int = result.score
        overall: ratings.Rating = result.overall
        rating: ratings.Rating = result.standards["leadership"].rating
        name: str = result.rules.id
    """) == [3, 4, 5]


def test_code_that_checks_for_none_is_accepted(check):
    assert check("""
        import ratings
        result = ratings.rate("inspection.yaml")
        if result.score is not None and result.max_score is not None:
            share: float = result.score / result.max_score
        if result.overall is not None:
            points: int | None = result.overall.points
        for sid, standard in result.standards.items():
            said: str = f"{sid}: {standard.rating}"
        engine = ratings.Engine("hmip-probation-pdu-2021")
        many: list[ratings.Result] = engine.rate_many([{}])  # errors raise: every item a Result
        each: list[ratings.Result | ratings.RatingsError] = engine.rate_many([{}], errors="return")
    """) == []

