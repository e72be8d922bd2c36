"""The broken-file corpus: every file in tests/broken/ is wrong in one (or a few) ways, and says in its
`# expect: LINE: MESSAGE` header lines exactly which error lines the command must print.

Each must exit with code 1 and print exactly those `Error: FILE:LINE: message` lines on stderr (no
traceback, nothing on stdout); the library must raise a RatingsError with the same problems.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import ratings
from ratings.frontends.cli import main

from conftest import CliRunner

BROKEN = Path(__file__).parent / "broken"
EXPECT = re.compile(rb"^# expect: (.*)$", re.M)
# files that cannot carry a header
SIDECAR = {"empty.yaml": ["1: the file is empty"]}


def expected(path: Path) -> list[str]:
    if path.name in SIDECAR:
        return SIDECAR[path.name]
    found = [m.decode("utf-8") for m in EXPECT.findall(path.read_bytes())]
    assert found, f"{path} has no '# expect:' line"
    return found


def cases(kind: str) -> list[Path]:
    return sorted((BROKEN / kind).glob("*.yaml"))


def relative(path: Path) -> str:
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


@pytest.mark.parametrize("path", cases("inspections"), ids=lambda p: p.name)
def test_broken_inspection_file(path, monkeypatch):
    monkeypatch.chdir(BROKEN.parent.parent)
    shown = relative(path)
    run = CliRunner().invoke(main, ["rate", shown])
    assert run.exit_code == 1, run.output
    assert run.stdout == ""
    assert run.stderr.splitlines() == [f"Error: {shown}:{line}" for line in expected(path)]
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate(shown)
    assert [str(p) for p in info.value.problems] == [f"{shown}:{line}" for line in expected(path)]
    first = info.value.problems[0]
    assert (info.value.file, info.value.line, info.value.key) == (first.file, first.line, first.key)


@pytest.mark.parametrize("path", cases("rules"), ids=lambda p: p.name)
def test_broken_rule_set_file(path, monkeypatch):
    monkeypatch.chdir(BROKEN.parent.parent)
    shown = relative(path)
    run = CliRunner().invoke(main, ["rules", "check", shown])
    assert run.exit_code == 1, run.output
    assert run.stdout == ""
    assert run.stderr.splitlines() == [f"Error: {shown}:{line}" for line in expected(path)]
    with pytest.raises(ratings.RuleSetError):
        ratings.load_rules(shown)


@pytest.mark.parametrize("path", cases("words"), ids=lambda p: p.name)
def test_broken_words_file(path, monkeypatch):
    """A words file of a publisher's reports (rules/reports/) is read as strictly as a rule set: each of
    these says exactly which problems (file, line, key) reading it must raise."""
    from ratings.loading.publisher_words import load_publisher_words

    monkeypatch.chdir(BROKEN.parent.parent)
    shown = relative(path)
    with pytest.raises(ratings.RatingsError) as info:
        load_publisher_words(shown)
    assert [str(p) for p in info.value.problems] == [f"{shown}:{line}" for line in expected(path)]


def test_every_error_line_names_a_line_and_most_name_a_key():
    problems = []
    for path in cases("inspections") + cases("rules") + cases("words"):
        for line in expected(path):
            number, _, message = line.partition(": ")
            assert number.isdigit(), (path.name, line)
            problems.append(message)
    assert problems


def test_the_real_command_exits_1_without_a_traceback(tmp_path):
    path = BROKEN / "inspections" / "percent-over-100.yaml"
    run = subprocess.run([sys.executable, "-m", "ratings", "rate", str(path)], capture_output=True, text=True,
                         cwd=tmp_path)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr == f"Error: {path}:{expected(path)[0]}\n"


def test_a_very_large_file_is_refused_before_it_is_parsed(tmp_path):
    # generated here rather than kept in the corpus: the corpus stays small
    path = tmp_path / "very-large.yaml"
    path.write_bytes(b"name: x\n" + b"# padding\n" * 100_000)
    run = CliRunner().invoke(main, ["rate", str(path)])
    assert run.exit_code == 1
    assert run.stderr == (f"Error: {path}: file is larger than 1,000,000 bytes; this is not an inspection or "
                          "rule-set file\n")
