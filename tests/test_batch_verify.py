"""`ratings batch` rates many files (a bad one becomes a row with its error); `ratings verify` compares the
engine with published ratings, exactly when inputs are complete and for consistency when some are unknown."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import yaml

import ratings
from ratings.frontends.cli import main

from conftest import CHESHIRE_WEST, EXAMPLES, ROOT, CliRunner

BROKEN = ROOT / "tests" / "broken" / "inspections"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def folder(tmp_path: Path) -> Path:
    """A folder (with a subfolder) of the examples and two broken files."""
    shutil.copytree(EXAMPLES, tmp_path / "all")
    (tmp_path / "all" / "broken").mkdir()
    for name in ("percent-over-100.yaml", "invalid-yaml.yaml"):
        shutil.copy(BROKEN / name, tmp_path / "all" / "broken" / name)
    (tmp_path / "all" / "notes.txt").write_text("not an inspection")
    return tmp_path / "all"


def test_batch_json_rows_equal_rating_each_file_alone(tmp_path):
    where = folder(tmp_path)
    run = invoke("batch", where, "--format", "json")
    count = len(list(EXAMPLES.glob("*.yaml"))) + 2  # the examples and two broken files
    assert run.exit_code == 1 and run.stderr == f"Error: 2 of {count} files could not be rated\n"
    rows = json.loads(run.stdout)
    files = [r["file"] for r in rows]
    assert files == sorted(files, key=lambda f: Path(f).parts) and len(rows) == count
    assert not any(f.endswith(".txt") for f in files)
    for row in rows:
        alone = invoke("rate", row["file"], "--format", "json")
        if row["ok"]:
            assert json.dumps(row["result"], indent=2, ensure_ascii=False) + "\n" == alone.stdout
        else:
            assert alone.exit_code == 1
            assert ["Error: " + line for line in row["error"].splitlines()] == alone.stderr.splitlines()


def test_batch_csv_opens_as_a_table(tmp_path):
    where = folder(tmp_path)
    out = tmp_path / "ratings.csv"
    run = invoke("batch", where, "--output", out)
    assert run.exit_code == 1 and run.stdout == ""
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    header = table[0]
    assert header[:3] == ["file", "ok", "error"] and header[-5:] == ["score", "max_score", "overall", "rules", "name"]
    pdu = ratings.load_rules("hmip-probation-pdu-2021")
    standards = header[3:-5]
    assert standards[:9] == list(pdu.core.ids)
    assert len(set(standards)) == len(standards)
    by_file = {Path(row[0]).name: dict(zip(header, row)) for row in table[1:]}
    cw = by_file["cheshire-west-2023.yaml"]
    assert (cw["ok"], cw["leadership"], cw["court_work"], cw["score"], cw["max_score"], cw["overall"]) == \
        ("true", "Requires improvement", "Not rated", "7", "24", "Requires improvement")
    bad = by_file["percent-over-100.yaml"]
    assert bad["ok"] == "false" and "the percentage 101 is over 100" in bad["error"]
    assert all(len(row) == len(header) for row in table)


def test_batch_of_good_files_exits_0(tmp_path):
    run = invoke("batch", EXAMPLES, "--format", "json")
    assert run.exit_code == 0 and all(r["ok"] for r in json.loads(run.stdout))


def published(tmp_path: Path, name: str, changes: dict, drop=()) -> Path:
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    mapping["fieldwork"] = str(mapping["fieldwork"])
    for key in drop:
        del mapping["published"][key]
    for path, value in changes.items():
        target = mapping
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    path = tmp_path / name
    path.write_text(yaml.safe_dump(mapping, sort_keys=False))
    return path


def test_verify_exact(tmp_path):
    good = published(tmp_path, "agrees.yaml", {})
    bad = published(tmp_path, "disagrees.yaml", {"published.overall": "Good", "published.ratings.staff": "Outstanding"})
    none = published(tmp_path, "none.yaml", {}, drop=("ratings", "score", "max_score", "overall"))
    none.write_text(none.read_text().replace("published: {}\n", ""))
    run = invoke("verify", good, bad, none, "--format", "json")
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    assert (data["agree"], data["disagree"], data["unchecked"], data["errors"]) == (1, 1, 1, 0)
    files = {Path(f["file"]).name: f for f in data["files"]}
    assert files["agrees.yaml"] == {"file": str(good), "agrees": True, "mode": "exact", "differences": []}
    assert files["disagrees.yaml"]["differences"] == [
        {"field": "ratings.staff", "published": "Outstanding", "computed": "Good"},
        {"field": "overall", "published": "Good", "computed": "Requires improvement"}]
    assert files["none.yaml"]["agrees"] is None
    assert invoke("verify", good).exit_code == 0
    text = invoke("verify", good, bad).stdout
    assert "DISAGREES" in text and "overall: published Good, computed Requires improvement" in text
    assert text.splitlines()[-1] == "1 agree, 1 disagree, 0 unchecked, 0 errors"


def test_verify_with_unknowns_checks_consistency(tmp_path):
    # the judgements before the decision rules are not published: are the published ratings consistent?
    partial = published(tmp_path, "partial.yaml", {"judgements.leadership": "unknown",
                                                   "judgements.services": "unknown"})
    data = json.loads(invoke("verify", partial, "--format", "json").stdout)
    assert data["files"][0]["agrees"] is True and data["files"][0]["mode"] == "consistency"
    wrong = published(tmp_path, "wrong.yaml", {"judgements.leadership": "unknown", "published.ratings.leadership": "Good"})
    data = json.loads(invoke("verify", wrong, "--format", "json").stdout)
    assert data["files"][0]["agrees"] is False
    assert data["files"][0]["differences"][0] == {"field": "ratings.leadership", "published": "Good",
                                                  "computed": "Inadequate or Requires improvement"}


def test_verify_finds_values_possible_alone_but_not_together(tmp_path):
    # Leadership and Services unknown: each could be Inadequate, but a score of 7 needs both at
    # Requires improvement; publishing Leadership Inadequate with 7/24 cannot happen
    path = published(tmp_path, "together.yaml", {"judgements.leadership": "unknown",
                                                 "judgements.services": "unknown",
                                                 "published.ratings.leadership": "Inadequate"})
    data = json.loads(invoke("verify", path, "--format", "json").stdout)
    assert data["files"][0]["agrees"] is False
    assert data["files"][0]["differences"][0]["field"] == "together"


def test_verify_reports_files_it_cannot_read(tmp_path):
    run = invoke("verify", BROKEN / "percent-over-100.yaml")
    assert run.exit_code == 1 and "the percentage 101 is over 100" in run.stderr
    assert run.stdout.splitlines()[-1] == "0 agree, 0 disagree, 0 unchecked, 1 errors"
