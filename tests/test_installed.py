"""The installed `ratings` command (pip install ., not only editable) works from any folder and finds the
bundled rule sets inside the package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import CHESHIRE_WEST


def installed_command() -> Path:
    script = Path(sys.executable).parent / "ratings"
    assert script.exists(), "install the package first (see the README): the `ratings` command is missing"
    return script


def test_rate_from_another_folder(tmp_path):
    run = subprocess.run([str(installed_command()), "rate", str(CHESHIRE_WEST), "--format", "json"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert (data["score"], data["max_score"], data["overall"]) == (7, 24, "Requires improvement")


def test_rules_list_finds_the_bundled_rule_sets(tmp_path):
    run = subprocess.run([str(installed_command()), "rules", "list"], capture_output=True, text=True,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "hmip-probation-pdu-2021" in run.stdout


def test_python_m_ratings_works_too(tmp_path):
    run = subprocess.run([sys.executable, "-m", "ratings", "--help"], capture_output=True, text=True,
                         cwd=tmp_path)
    assert run.returncode == 0 and "rate" in run.stdout
