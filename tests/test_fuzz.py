"""Fuzzing: arbitrary and mutated inspection and rule-set files, fed to the library and the CLI. The only
outcomes allowed are a valid result or a RatingsError (exit code 0, or 1 with `Error:` lines): no other
exception, no traceback, no hang.

The suite runs a short version. For a long run, set RATINGS_FUZZ_EXAMPLES, e.g.

    RATINGS_FUZZ_EXAMPLES=25000 python -m pytest tests/test_fuzz.py -q

(each of the four fuzz tests runs that many inputs).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

import ratings
from ratings.frontends.cli import main
from ratings.frontends.render import result_text, rule_card_text

from conftest import ROOT, CliRunner

EXAMPLES = int(os.environ.get("RATINGS_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=dt.timedelta(seconds=10), database=None,
                suppress_health_check=list(HealthCheck))

INSPECTION_SEEDS = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "tests/broken/inspections").glob("*.yaml"))
RULE_SEEDS = ([ROOT / "tests/rulesets/mini.yaml"] + sorted((ROOT / "rules").glob("*.yaml"))
              + sorted((ROOT / "tests/broken/rules").glob("*.yaml")))
TOKENS = [":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!python/object:os.system ",
          "!custom ", "%", "\t", "\n", "  ", "yes", "no", "on", "null", "~", ".nan", ".inf", "-.inf", "1e9999",
          "0x1F", "0o17", "010", "'", '"', "#", "|", ">", "---", "...", "? ", "<<: ", "\u00e9", "\u2028", "\ufeff",
          "\x00", "\x85", "not rated", "Good", "Outstanding", "Requires improvement", "Inadequate", "101", "-5",
          "{yes: 35, of: 34}", "{yes: 0, of: 0}", "2023-13", "hmip-probation-pdu-2023", "../../etc/passwd",
          "\U0001f600"]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[Path]) -> bytes:
    """A seed file with a few random edits: spans deleted, tokens or random text inserted, lines moved,
    duplicated or re-indented, numbers replaced, bytes that are not UTF-8."""
    text = draw(st.sampled_from(seeds)).read_bytes().decode("utf-8", "replace")
    for _ in range(draw(st.integers(1, 5))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["delete", "insert", "token", "line", "dup", "indent", "number", "swap"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif op == "insert":
            text = text[:at] + draw(st.text(max_size=20)) + text[at:]
        elif op == "token":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif op == "line" and lines:
            other = draw(st.sampled_from(seeds)).read_text(errors="replace").split("\n")
            lines[draw(st.integers(0, len(lines) - 1))] = draw(st.sampled_from(other))
            text = "\n".join(lines)
        elif op == "dup" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1:])
        elif op == "indent" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = " " * draw(st.integers(0, 6)) + lines[i].lstrip()
            text = "\n".join(lines)
        elif op == "number":
            numbers = list(re.finditer(r"\d+(\.\d+)?", text))
            if numbers:
                m = draw(st.sampled_from(numbers))
                new = draw(st.one_of(st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=True).map(repr),
                                     st.sampled_from(["", "x", "1/2", "50%", "1e400", "NaN"])))
                text = text[:m.start()] + new + text[m.end():]
        elif op == "swap" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 19)) == 0:  # now and then, bytes that are not UTF-8
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


def anything() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                        st.sampled_from(["Good", "not rated", "71%", "yes", "2023-03"]), st.dates(),
                        st.decimals(allow_nan=True))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.one_of(st.text(max_size=12), st.booleans(),
                                                                                   st.integers()),
                                                                         inner, max_size=4)), max_leaves=12)


def valid_or_ratings_error(call) -> Any:
    try:
        return call()
    except ratings.RatingsError as exc:
        assert exc.problems and all(isinstance(str(p), str) for p in exc.problems)
        return exc


def check_cli(args: list[str]) -> None:
    run = CliRunner().invoke(main, args)
    assert run.exit_code in (0, 1), (run.exit_code, run.output, run.exception)
    assert "Traceback" not in run.output
    if run.exit_code == 1:
        assert run.stderr and all(line.startswith("Error: ") for line in run.stderr.splitlines()), run.stderr


@FUZZ
@given(data=mutated(INSPECTION_SEEDS))
def test_mutated_inspection_files(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "inspection.yaml"
    path.write_bytes(data)
    outcome = valid_or_ratings_error(lambda: ratings.rate(path))
    if isinstance(outcome, ratings.Result):
        json.dumps(outcome.to_dict())
        result_text(outcome)
    check_cli(["rate", str(path), "--format", "json"])


@FUZZ
@given(data=mutated(RULE_SEEDS), inspection=st.sampled_from(sorted((ROOT / "examples").glob("*.yaml"))))
def test_mutated_rule_set_files(tmp_path_factory, data, inspection):
    path = tmp_path_factory.mktemp("fuzz") / "rules.yaml"
    path.write_bytes(data)
    outcome = valid_or_ratings_error(lambda: ratings.load_rules(path))
    if isinstance(outcome, ratings.RuleSet):
        rule_card_text(outcome)
        rated = valid_or_ratings_error(lambda: ratings.rate(inspection, outcome))
        if isinstance(rated, ratings.Result):
            result_text(rated)
    check_cli(["rules", "check", str(path)])


@FUZZ
@given(text=st.text(max_size=300))
def test_arbitrary_text(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "any.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    valid_or_ratings_error(lambda: ratings.rate(path))
    valid_or_ratings_error(lambda: ratings.load_rules(path))


def cheshire_west() -> dict[str, Any]:
    base = yaml.safe_load((ROOT / "examples" / "cheshire-west-2023.yaml").read_text())
    base["fieldwork"] = str(base["fieldwork"])
    return base


CHESHIRE_WEST = cheshire_west()  # parsed once; each example changes its own deep copy
ANYTHING = anything()


@FUZZ
@given(data=st.data())
def test_mappings_with_random_parts(data):
    base = copy.deepcopy(CHESHIRE_WEST)
    target = base
    path = data.draw(st.lists(st.sampled_from(["judgements", "cases", "assessment", "keeping_safe", "staff",
                                                "court_work", "rules", "name"]), max_size=3))
    for key in path[:-1]:
        if isinstance(target, dict) and isinstance(target.get(key), dict):
            target = target[key]
    if isinstance(target, dict):
        target[path[-1] if path else data.draw(st.text(max_size=8))] = data.draw(ANYTHING)
    outcome = valid_or_ratings_error(lambda: ratings.rate(base))
    if isinstance(outcome, ratings.Result):
        json.dumps(outcome.to_dict())
