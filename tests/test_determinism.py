"""The same input gives byte-identical output, across runs and across Python hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT

CASES = [["rate", str(p), "--format", fmt] for p in sorted(EXAMPLES.glob("*.yaml")) for fmt in ("text", "json")]
CASES += [["rules", "show", "hmip-youth-2021"], ["rules", "list", "--format", "json"],
          ["schema", "--rules", "hmip-probation-nps-2019"],
          ["rate", str(ROOT / "tests/broken/inspections/several-problems.yaml")],
          ["rules", "check", str(ROOT / "tests/broken/rules/several-problems.yaml")]]


def run(args: list[str], seed: str) -> tuple[int, bytes, bytes]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-m", "ratings", *args], capture_output=True, env=env, cwd=ROOT)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a).replace(str(ROOT) + "/", ""))
def test_output_is_identical_across_hash_seeds(args):
    outputs = {run(args, seed) for seed in ("0", "1", "4242")}
    assert len(outputs) == 1
