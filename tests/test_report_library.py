"""Reports where the library and `ratings batch` take a path: told from inspection files by their content and
extracted in memory exactly as `ratings rate REPORT` does, their gaps on the result (`Result.gaps`), the
verdict and the inspection, and in batch's rows.

The seed report (tests/data/cheshire-west-2023.txt, its HTML rendering, and a PDF made from it here) is
checked against examples/cheshire-west-2023.yaml, the inspection file a person wrote by hand from it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import ratings
from ratings.frontends.cli import main

from conftest import CHESHIRE_WEST, ROOT, CliRunner

DATA = Path(__file__).parent / "data"
SEED = DATA / "cheshire-west-2023.txt"
NOT_A_REPORT = DATA / "not-a-report.txt"
REVIEWING_ROWS = (
    "Does reviewing focus sufficiently on supporting the compliance and engagement of the person on probation?\t74%\n",
    "Does reviewing focus sufficiently on supporting desistance?\t74%\n",
    "Does reviewing focus sufficiently on keeping other people safe?\t59%\n",
)


@pytest.fixture(params=["text", "HTML", "PDF"])
def seed_report(request, tmp_path) -> Path:
    """The seed report in each form a user has it in."""
    if request.param == "PDF":
        pytest.importorskip("pypdf")
        from pdf_writer import write_pdf

        path = tmp_path / "cheshire-west.pdf"
        path.write_bytes(write_pdf(SEED.read_text(encoding="utf-8")))
        return path
    return {"text": SEED, "HTML": DATA / "cheshire-west-2023.html"}[request.param]


def without_reviewing(tmp_path: Path) -> Path:
    """The seed without Reviewing's three key-question results: those are its gaps."""
    text = SEED.read_text(encoding="utf-8")
    for row in REVIEWING_ROWS:
        assert row in text
        text = text.replace(row, "")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def assert_rated_as_the_example(result: ratings.Result) -> None:
    """Every standard's rating, the score, the maximum and the overall of the hand-written example."""
    example = ratings.rate(CHESHIRE_WEST)
    assert {s: r.rating for s, r in result.standards.items()} == {s: r.rating for s, r in example.standards.items()}
    assert (result.score, result.max_score, result.overall) == (example.score, example.max_score, example.overall)
    assert result.name == example.name and result.rules.id == example.rules.id


# ------------------------------------------------------------------------------------------------ the library


def test_rate_of_the_seed_report_gives_the_hand_written_examples_ratings_and_no_gaps(seed_report):
    result = ratings.rate(seed_report)
    assert_rated_as_the_example(result)
    assert result.gaps == ()  # a report, and nothing missing from it
    assert result.to_dict()["gaps"] == []


def test_an_inspection_files_result_has_no_gaps_and_its_json_no_gaps_key():
    result = ratings.rate(CHESHIRE_WEST)
    assert result.gaps is None and "gaps" not in result.to_dict()
    rule_set, inspection = ratings.load_inspection(CHESHIRE_WEST)
    assert inspection.gaps is None


def test_the_engines_path_taking_calls_take_the_seed_report(seed_report):
    engine = ratings.Engine("hmip-probation-pdu-2021")
    assert_rated_as_the_example(engine.rate(seed_report))
    inspection = engine.load(seed_report)  # the two halves of engine.rate, the gaps carried between them
    assert inspection.gaps == () and engine.evaluate(inspection).gaps == ()
    many = engine.rate_many([seed_report, CHESHIRE_WEST])
    assert_rated_as_the_example(many[0])
    assert_rated_as_the_example(many[1])
    assert (many[0].gaps, many[1].gaps) == ((), None)
    verdict = engine.verify(seed_report)
    assert (verdict.agrees, verdict.gaps) == (True, ())


def test_verify_of_the_seed_report_agrees_with_what_it_published(seed_report):
    verdict = ratings.verify(seed_report)
    assert (verdict.agrees, verdict.mode, verdict.differences, verdict.gaps) == (True, "exact", (), ())
    assert ratings.verify(CHESHIRE_WEST).gaps is None  # an inspection file: no extraction, no gaps


def test_a_reports_gaps_are_the_results_and_the_same_as_the_commands_warning_lines(tmp_path):
    """Reviewing's results missing: Reviewing is unknown (0 to 3 points, so a score of 6 to 9 of 24), and the
    result lists each gap, exactly the lines `ratings rate REPORT` warns of."""
    path = without_reviewing(tmp_path)
    result = ratings.rate(path)
    assert result.score is None and result.possible.score == (6, 9)
    assert {f"cases.reviewing.{q}: not found in the report" for q in ("engagement", "desistance", "keeping_safe")} \
        <= set(result.gaps)
    run = CliRunner().invoke(main, ["rate", str(path), "--format", "json"])
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines() == [f"Warning: {path}: {gap}" for gap in result.gaps]
    assert json.loads(run.stdout) == result.to_dict()  # the command's JSON, its gaps included
    assert ratings.verify(path).gaps == result.gaps


def test_rules_given_read_and_rate_the_report_as_extract_does_under_them():
    assert_rated_as_the_example(ratings.rate(SEED, "hmip-probation-pdu-2021"))
    other = "hmip-probation-pdu-2023"  # not the one in force at its fieldwork: read under it all the same
    result = ratings.rate(SEED, other)
    extraction = ratings.extract(SEED, other)
    assert result.rules.id == other
    assert result.gaps == (*(str(g) for g in extraction.gaps), *extraction.warnings)
    as_file = ratings.rate(extraction.mapping, other).to_dict()
    assert {k: v for k, v in result.to_dict().items() if k != "gaps"} == as_file


def test_an_unrecognisable_text_is_refused_with_the_commands_message():
    with pytest.raises(ratings.RatingsError) as raised:
        ratings.rate(NOT_A_REPORT)
    run = CliRunner().invoke(main, ["rate", str(NOT_A_REPORT)])
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [f"Error: {p}" for p in raised.value.problems]
    assert "this is not an inspection file" in raised.value.message
    with pytest.raises(ratings.RatingsError) as again:
        ratings.verify(NOT_A_REPORT)
    assert again.value.problems == raised.value.problems


def test_extracting_a_report_counts_against_max_seconds():
    """The report's reading is bounded by the call's budget, as `ratings rate REPORT --max-seconds` bounds it."""
    with pytest.raises(ratings.RatingsError) as raised:
        ratings.rate(SEED, max_seconds=1e-9)
    assert raised.value.message.startswith("gave up after 1e-09 s")


# ------------------------------------------------------------------------------------------------ batch


def batch(*args: str) -> tuple[int, str, str]:
    run = CliRunner().invoke(main, ["batch", *args])
    return run.exit_code, run.stdout, run.stderr


def test_batch_rates_a_report_beside_an_inspection_file_and_says_which_was_a_report(tmp_path):
    gappy = without_reviewing(tmp_path)
    code, out, err = batch(str(SEED), str(CHESHIRE_WEST), str(gappy))
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["file"] for r in rows] == [str(SEED), str(CHESHIRE_WEST), str(gappy)]
    assert [(r["report"], r["gaps"]) for r in rows] == [("true", "0"), ("false", ""),
                                                        ("true", str(len(ratings.rate(gappy).gaps)))]
    example = ratings.rate(CHESHIRE_WEST)
    for row in rows[:2]:
        assert row["ok"] == "true" and row["overall"] == str(example.overall)
        assert (row["score"], row["max_score"]) == (str(example.score), str(example.max_score))
        assert all(row[sid] == str(s.rating) for sid, s in example.standards.items())
    assert rows[2]["reviewing"].endswith(" (unknowns)") and rows[2]["score"] == ""  # left open by its gaps


def test_batch_json_gives_each_report_its_result_with_its_gaps(tmp_path):
    gappy = without_reviewing(tmp_path)
    code, out, _ = batch(str(SEED), str(CHESHIRE_WEST), str(gappy), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [row["result"] for row in rows] == [ratings.rate(p).to_dict() for p in (SEED, CHESHIRE_WEST, gappy)]
    assert rows[0]["result"]["gaps"] == [] and "gaps" not in rows[1]["result"]
    assert rows[2]["result"]["gaps"] == list(ratings.rate(gappy).gaps)


def test_batch_xlsx_has_the_report_columns(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "batch.xlsx"
    code, _, _ = batch(str(SEED), str(CHESHIRE_WEST), "--format", "xlsx", "-o", str(out))
    assert code == 0
    sheet = openpyxl.load_workbook(out)["inspections"]
    header, *rows = [[c.value for c in line] for line in sheet.iter_rows()]
    assert header[-2:] == ["report", "gaps"]
    assert [row[-2:] for row in rows] == [[True, 0], [False, None]]


def test_a_batch_of_inspection_files_only_has_the_table_it_always_had():
    code, out, _ = batch(str(CHESHIRE_WEST))
    assert code == 0
    header = next(csv.reader(io.StringIO(out)))
    example = ratings.rate(CHESHIRE_WEST)
    assert header == ["file", "ok", "error", *example.standards, "score", "max_score", "overall", "rules", "name"]


def test_batch_refuses_an_unrecognisable_text_in_its_row_with_the_commands_message():
    code, out, err = batch(str(NOT_A_REPORT), str(SEED))
    assert code == 1 and err == "Error: 1 of 2 files could not be rated\n"
    rows = list(csv.DictReader(io.StringIO(out)))
    with pytest.raises(ratings.RatingsError) as raised:
        ratings.rate(NOT_A_REPORT)
    assert rows[0]["ok"] == "false" and rows[0]["error"] == str(raised.value.problems[0])
    assert (rows[1]["ok"], rows[1]["report"], rows[1]["gaps"]) == ("true", "true", "0")


def test_a_folder_yields_its_inspection_files_only_reports_are_taken_when_named(tmp_path):
    """Folders are searched for *.yaml and *.yml as before: a report in one is not rated (a folder may hold
    any text), but the same report named is."""
    (tmp_path / "cheshire-west.yaml").write_bytes(CHESHIRE_WEST.read_bytes())
    (tmp_path / "cheshire-west.txt").write_bytes(SEED.read_bytes())
    code, out, _ = batch(str(tmp_path))
    assert code == 0 and [r["file"] for r in csv.DictReader(io.StringIO(out))] == [
        str(tmp_path / "cheshire-west.yaml")]
    code, out, _ = batch(str(tmp_path), str(tmp_path / "cheshire-west.txt"))
    assert code == 0 and [r["report"] for r in csv.DictReader(io.StringIO(out))] == ["false", "true"]


def test_verify_of_several_files_mixing_reports_and_inspection_files(tmp_path):
    gappy = without_reviewing(tmp_path)
    run = CliRunner().invoke(main, ["verify", str(SEED), str(CHESHIRE_WEST), str(gappy), "--format", "json"])
    assert run.exit_code == 0, run.stderr
    files = json.loads(run.stdout)["files"]
    assert [f["agrees"] for f in files] == [True, True, True]
    assert [f.get("gaps") for f in files] == [[], None, list(ratings.rate(gappy).gaps)]
    assert run.stderr.splitlines() == [f"Warning: {gappy}: {gap}" for gap in ratings.rate(gappy).gaps]


def test_gap_and_confidence_take_a_report_as_the_inspection_file_extract_makes_of_it(tmp_path):
    """The analyses read the report in memory as they would read the file `ratings extract` writes from it."""
    extracted = tmp_path / "cheshire-west.yaml"
    extracted.write_text(ratings.extract(SEED).to_yaml(tmp_path), encoding="utf-8")
    from_report, from_file = ratings.gap(SEED, "Good"), ratings.gap(extracted, "Good")
    assert (from_report.reachable, from_report.extra, from_report.changes) == \
        (from_file.reachable, from_file.extra, from_file.changes)
    assert ratings.confidence(SEED).to_dict() == ratings.confidence(extracted).to_dict()
    assert ratings.Engine("hmip-probation-pdu-2021").confidence(SEED).to_dict() == \
        ratings.confidence(extracted).to_dict()


@pytest.mark.parametrize("name", ["broken.yaml", "broken.txt", "-"])
def test_a_broken_inspection_file_is_refused_with_its_own_error_never_read_as_a_report(tmp_path, name):
    """An inspection file with a YAML mistake holds a report's words ('fieldwork', 'rating'), yet it is an
    inspection file — by its name, or by starting with an inspection file's key — and its mistake is the
    error, never a report with every rating unknown."""
    text = "fieldwork: 20 March 2023\npublished: {overall: Good}\njudgements: [\n"
    path = tmp_path / name
    if name != "-":
        path.write_text(text)
    run = CliRunner().invoke(main, ["rate", "-" if name == "-" else str(path), "--rules", "hmip-probation-pdu-2023"],
                             input=text if name == "-" else None)
    assert run.exit_code == 1 and ":4: invalid YAML" in run.stderr and "Warning" not in run.stderr
    if name != "-":
        with pytest.raises(ratings.RatingsError):
            ratings.rate(path)


def test_a_report_read_under_a_rule_set_with_scored_standards_leaves_their_scores_unknown_as_gaps():
    """Items' scores are not read from a report's text: under a rule set with scored standards each is
    unknown and a gap, and the report is still rated (its ratings as ranges), never an internal error."""
    result = ratings.rate(ROOT / "tests" / "data" / "cheshire-west-2023.txt", rules="cqc-adult-social-care-2023")
    scored = [sid for sid, s in result.rules.standards.items() if s.kind == "scored"]
    assert scored and all(f"scores.{sid}: not read" in " ".join(result.gaps) for sid in scored)
