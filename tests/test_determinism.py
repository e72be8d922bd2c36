"""The same input gives byte-identical output, across runs and across Python hash seeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

CASES = [["rate", str(p), "--format", fmt] for p in sorted(EXAMPLES.glob("*.yaml")) for fmt in ("text", "json")]
CASES += [["rules", "show", "hmip-youth-2021"], ["rules", "list", "--format", "json"],
          ["schema", "--rules", "hmip-probation-nps-2019"],
          ["rate", str(ROOT / "tests/broken/inspections/several-problems.yaml")],
          ["rules", "check", str(ROOT / "tests/broken/rules/several-problems.yaml")]]
SEEDS = ("0", "1", "4242")

# A hash seed is fixed when the interpreter starts, so each seed needs its own process; one process per seed
# runs every case (each in a fresh CliRunner), rather than one process per case and seed.
EVERY_CASE = f"""
import json, sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from conftest import CliRunner
from ratings.frontends.cli import main
out = []
for args in json.loads(sys.argv[1]):
    run = CliRunner().invoke(main, args)
    crash = None if run.exception is None or isinstance(run.exception, SystemExit) else repr(run.exception)
    out.append([run.exit_code, run.stdout_bytes.decode("latin-1"), run.stderr_bytes.decode("latin-1"), crash])
sys.stdout.write(json.dumps(out))
"""


def run_every_case(seed: str) -> list[tuple]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-c", EVERY_CASE, json.dumps(CASES)], capture_output=True, env=env,
                          cwd=ROOT, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return [tuple(outcome) for outcome in json.loads(done.stdout)]


@pytest.fixture(scope="module")
def outputs() -> dict[str, list[tuple]]:
    return {seed: run_every_case(seed) for seed in SEEDS}


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a).replace(str(ROOT) + "/", ""))
def test_output_is_identical_across_hash_seeds(args, outputs):
    i = CASES.index(args)
    assert all(outputs[seed][i][3] is None for seed in SEEDS), [outputs[seed][i][3] for seed in SEEDS]
    assert len({outputs[seed][i] for seed in SEEDS}) == 1


@pytest.mark.parametrize("i", [1, len(CASES) - 2])
def test_the_real_command_prints_what_the_cases_were_run_with(i, outputs):
    """The cases run in-process (click's runner); `python -m ratings` itself prints the same bytes."""
    done = subprocess.run([sys.executable, "-m", "ratings", *CASES[i]], capture_output=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONHASHSEED="0"))
    code, out, err, _ = outputs["0"][i]
    assert (done.returncode, done.stdout.decode("latin-1"), done.stderr.decode("latin-1")) == (code, out, err)
