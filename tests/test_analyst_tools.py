"""The analyst's tools (issue 14, part 3): `batch --format xlsx` and `--excel`, `ratings.to_frame`,
`ratings template`, `-` for standard input wherever a file is read, and `.yml` wherever `.yaml` is."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ratings
from ratings.frontends.cli import main
from ratings.frontends.tables import STANDARD_COLUMNS
from ratings.loading import registry

from conftest import CHESHIRE_WEST, EXAMPLES, ROOT, CliRunner

openpyxl = pytest.importorskip("openpyxl")  # both installed by the `test` extra; skipped cleanly without
pd = pytest.importorskip("pandas")

PDU_2021_CASES = ROOT / "rules" / "tests" / "hmip-probation-pdu-2021.yaml"
BROKEN = ROOT / "tests" / "broken" / "inspections" / "percent-over-100.yaml"


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def with_name(tmp_path: Path, name: str) -> Path:
    """Cheshire West under another name (one a spreadsheet would take for a formula, say)."""
    text = CHESHIRE_WEST.read_text().replace("name: Cheshire West PDU", f"name: {json.dumps(name)}")
    path = tmp_path / "renamed.yaml"
    path.write_text(text)
    return path


# --- batch --format xlsx -----------------------------------------------------------------------------------

def test_xlsx_has_a_row_per_file_as_the_csv_and_a_row_per_standard_per_rated_file(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "in")
    shutil.copy(BROKEN, tmp_path / "in" / "broken.yaml")
    out = tmp_path / "batch.xlsx"
    run = invoke("batch", tmp_path / "in", "--format", "xlsx", "-o", out)
    files = len(list(EXAMPLES.glob("*.yaml"))) + 1  # the examples and the broken file
    assert run.exit_code == 1 and run.stderr == f"Error: 1 of {files} files could not be rated\n"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["inspections", "standards"]

    rows = list(book["inspections"].iter_rows(values_only=True))
    csv_rows = list(csv.reader(io.StringIO(invoke("batch", tmp_path / "in").stdout)))
    assert list(rows[0]) == csv_rows[0] and len(rows) == len(csv_rows) == files + 1
    for sheet_row, csv_row in zip(rows[1:], csv_rows[1:]):  # the same cells; numbers and flags typed
        assert ["" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in sheet_row] \
            == csv_row
    cheshire = next(r for r in rows if r[0].endswith("cheshire-west-2023.yaml"))
    assert cheshire[1] is True and cheshire[rows[0].index("score")] == 7 and cheshire[rows[0].index("overall")] \
        == "Requires improvement"
    broken = next(r for r in rows if r[0].endswith("broken.yaml"))
    assert broken[1] is False and "over 100" in broken[2]

    standards = list(book["standards"].iter_rows(values_only=True))
    assert standards[0] == ("file", *STANDARD_COLUMNS)
    rated = [ratings.rate(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    assert len(standards) - 1 == sum(len(r.standards) for r in rated)  # one row per standard per rated file
    header = standards[0]
    assessment = next(dict(zip(header, r)) for r in standards
                      if r[0].endswith("cheshire-west-2023.yaml") and r[header.index("standard")] == "assessment")
    assert (assessment["rating"], assessment["points"], assessment["lowest_question"], assessment["lowest_percent"],
            assessment["margin_up"]) == ("Inadequate", 0, "keeping_safe", 32, 6)


def test_xlsx_stores_text_a_spreadsheet_would_run_as_text(tmp_path):
    out = tmp_path / "batch.xlsx"
    assert invoke("batch", with_name(tmp_path, "=HYPERLINK(\"x\")\x1b"), "--format", "xlsx", "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    for sheet, column in (("inspections", "name"), ("standards", "inspection")):
        header = [c.value for c in book[sheet][1]]
        cell = book[sheet].cell(row=2, column=header.index(column) + 1)
        assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")\\x1b'  # text, control escaped


def test_xlsx_needs_an_output_file_and_says_which_extra_it_needs(tmp_path, monkeypatch):
    run = invoke("batch", CHESHIRE_WEST, "--format", "xlsx")
    assert run.exit_code == 2 and "--format xlsx writes a binary file: name it with --output FILE" in run.stderr
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if not installed
    run = invoke("batch", CHESHIRE_WEST, "--format", "xlsx", "-o", tmp_path / "x.xlsx")
    assert run.exit_code == 1 and run.stdout == "" and not (tmp_path / "x.xlsx").exists()
    assert run.stderr == ("Error: --format xlsx needs openpyxl, which is not installed: "
                          "pip install 'ratings[xlsx]'\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_xlsx_that_cannot_be_written_is_one_error_line():
    script = Path(sys.executable).parent / "ratings"
    run = subprocess.run([str(script), "batch", str(CHESHIRE_WEST), "--format", "xlsx", "-o", "/dev/full"],
                         capture_output=True, text=True)
    assert (run.returncode, run.stdout, run.stderr) == (1, "", "Error: cannot write output: No space left on device\n")


# --- CSV for Excel -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("excel", [False, True])
def test_csv_cells_are_formula_safe_with_or_without_excel_and_excel_adds_a_byte_order_mark(tmp_path, excel):
    run = invoke("batch", with_name(tmp_path, "-1+2"), *(["--excel"] if excel else []))
    assert run.exit_code == 0
    raw = run.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf") is excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["name"] == "'-1+2"  # a quote before text a spreadsheet would compute
    assert (rows[0]["score"], rows[0]["max_score"]) == ("7", "24")  # numbers stay numbers
    plain = invoke("batch", with_name(tmp_path, "-1+2")).stdout_bytes
    assert raw == (b"\xef\xbb\xbf" if excel else b"") + plain  # the mark is the only difference


def test_excel_is_for_csv_only():
    run = invoke("batch", CHESHIRE_WEST, "--format", "json", "--excel")
    assert run.exit_code == 2 and "--excel shapes CSV output" in run.stderr


# --- ratings.to_frame --------------------------------------------------------------------------------------

def test_frame_has_one_row_per_standard_per_inspection():
    results = [ratings.rate(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    frame = ratings.to_frame(results)
    assert list(frame.columns) == ["result", *STANDARD_COLUMNS]
    assert len(frame) == sum(len(r.standards) for r in results)
    for k, result in enumerate(results):  # every standard of every inspection, once, in rule-set order
        rows = frame[frame["result"] == k]
        assert set(rows["inspection"]) == {result.name}
        assert list(rows["standard"]) == list(result.standards)
        assert list(rows["rating"]) == [str(s.rating) for s in result.standards.values()]
        assert set(rows["overall"]) == {str(result.overall)}
        if result.score is None:  # a framework without a score: the column is empty (pandas' missing value)
            assert rows["score"].isna().all()
        else:
            assert set(rows["score"]) == {result.score}


def test_frame_values_for_cheshire_west():
    frame = ratings.to_frame(ratings.rate(CHESHIRE_WEST)).set_index("standard")  # one result is fine too
    leadership, assessment, court = frame.loc["leadership"], frame.loc["assessment"], frame.loc["court_work"]
    assert (leadership["rating"], leadership["judgement"], leadership["capped_by"], leadership["points"]) == \
        ("Requires improvement", "Good", "leadership-limited-by-case-supervision", 1)
    assert (leadership["domain"], leadership["domain_name"], leadership["number"]) == \
        ("organisational_delivery", "Organisational delivery", "1.1")
    assert (assessment["lowest_question"], assessment["lowest_percent"], assessment["margin_up"]) == \
        ("keeping_safe", 32.0, 6)
    assert court["rating"] == "Not rated" and court["points"] is pd.NA and not court["counted"]
    assert str(frame["points"].dtype) == "Int64" and str(frame["rating"].dtype) == "string"


def test_frame_with_unknowns_leaves_the_rating_open_and_says_what_is_possible(tmp_path):
    path = tmp_path / "open.yaml"
    path.write_text(CHESHIRE_WEST.read_text().replace("leadership: Good", "leadership: unknown"))
    frame = ratings.to_frame(ratings.rate(path)).set_index("standard")
    assert frame.loc["leadership", "rating"] is pd.NA
    assert frame.loc["leadership", "possible"] == "Inadequate or Requires improvement"


def test_frame_refuses_what_is_not_a_result_and_names_its_extra(monkeypatch):
    engine = ratings.Engine("hmip-probation-pdu-2021")
    items = engine.rate_many([{"name": "x"}], errors="return")
    with pytest.raises(TypeError, match="item 0 is a InspectionError"):
        ratings.to_frame(items)  # an error item is never dropped in silence
    assert "to_frame" in ratings.__all__
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ratings.RatingsError, match=re.escape("pip install 'ratings[pandas]'")):
        ratings.to_frame(ratings.rate(CHESHIRE_WEST))


# --- ratings template --------------------------------------------------------------------------------------

def filled(template: str, judgement, percent: int, score: int = 3) -> str:
    """The template with every judgement (``judgement(id)``), key question (``percent``) and scored item
    (``score``) given (information standards stay commented)."""
    out = []
    section = None
    for line in template.splitlines():
        if line and not line.startswith((" ", "#")):
            section = line.split(":")[0]
        if line.lstrip().startswith("#"):
            pass
        elif line.startswith("    ") and line.endswith(": unknown"):
            line = line.replace(": unknown", f": {score if section == 'scores' else percent}")
        elif line.startswith("  ") and line.endswith(": unknown"):
            line = line.replace(": unknown", f": {judgement(line.split(':')[0].strip())}")
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("rule_set", [r.id for r in ratings.bundled_rule_sets()])
def test_template_lists_every_standard_and_question_and_rates_when_filled_in(tmp_path, rule_set):
    rules = ratings.load_rules(rule_set)
    run = invoke("template", "--rules", rule_set)
    assert run.exit_code == 0, run.stderr
    text = run.stdout
    comments = " ".join(" ".join(line.lstrip(" #").split()) for line in text.splitlines()
                        if line.lstrip().startswith("#"))
    for s in rules.standards.values():
        if s.kind in ("judged", "case", "scored"):
            assert re.search(rf"^  {s.id}:", text, re.M), s.id
        for q in s.key_questions:  # each question's text as a comment, wrapped
            assert " ".join(q.text.split()) in comments
    # unfilled: every input unknown, so a rating with unknowns: every value open, nothing refused
    path = tmp_path / "new.yaml"
    path.write_text(text)
    open_result = ratings.rate(path)
    if never_rated(rules):  # nothing it counts is ever rated: the overall is Not rated, whatever the inputs
        assert open_result.overall == "Not rated"
    else:
        assert open_result.overall is None and len(open_result.possible.overall) > 1
    # filled in: the same ratings as the same values given as a mapping
    def good(sid: str) -> str:  # Good, or on another scale its second best (Breach of Met, Breach)
        return "Good" if rules.standards[sid].scale is None else str(rules.ratings_of(sid)[1])

    path.write_text(filled(text, good, 70))
    mapping = {"rules": rule_set,
               "judgements": {s.id: good(s.id) for s in rules.standards.values() if s.kind == "judged"},
               "cases": {s.id: {q.id: 70 for q in s.key_questions}
                         for s in rules.standards.values() if s.kind == "case"}}
    scores = {s.id: {q.id: 3 for q in s.key_questions} for s in rules.standards.values() if s.kind == "scored"}
    mapping.update({"scores": scores} if scores else {})
    got, want = ratings.rate(path), ratings.rate(mapping)
    assert got.overall is not None and got.name == "new"
    assert {k: v.rating for k, v in got.standards.items()} == {k: v.rating for k, v in want.standards.items()}
    assert (got.score, got.max_score, got.overall) == (want.score, want.max_score, want.overall)


def never_rated(rules) -> bool:
    """Whether no counted standard of the rule set can ever be rated (a small youth service's: its case
    standards are reported, not rated, and its judged standards are not counted)."""
    from ratings.model.objects import UNKNOWN

    return all(not s.counted or (s.kind == "case" and s.case_rating.possible_ranks(
        s, {q.id: UNKNOWN for q in s.key_questions}) == (-1,)) for s in rules.standards.values()
        if s.kind != "information")


def test_template_information_standards_are_optional_and_rate_when_uncommented(tmp_path):
    text = filled(invoke("template", "--rules", "hmip-probation-pdu-2021").stdout, lambda sid: "Good", 70)
    assert "  # outcomes:" in text
    uncommented = re.sub(r"^  # (  |outcomes:)", r"  \1", text, flags=re.M)
    path = tmp_path / "with-outcomes.yaml"
    path.write_text(uncommented.replace("progress: unknown", "progress: 53"))
    assert ratings.rate(path).to_dict()["information"]["outcomes"]["percentages"] == {"progress": 53.0}


def test_template_to_a_file_never_overwrites_and_names_a_rule_set_file_from_where_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("rules").mkdir()
    shutil.copy(ROOT / "tests" / "rulesets" / "mini.yaml", "rules/mini.yml")
    Path("inspections").mkdir()
    run = invoke("template", "--rules", "rules/mini.yml", "-o", "inspections/new.yaml")
    assert run.exit_code == 0 and run.stdout == ""
    written = Path("inspections/new.yaml").read_text()
    assert "\nrules: ../rules/mini.yml\n" in written  # a relative path, from the new file, as `rules:` is read
    assert ratings.rate("inspections/new.yaml").rules.id == "mini-2024"
    assert "\nrules: rules/mini.yml\n" in invoke("template", "--rules", "rules/mini.yml").stdout  # to stdout
    absolute = tmp_path / "rules" / "mini.yml"
    assert f"\nrules: {absolute}\n" in invoke("template", "--rules", absolute).stdout  # kept as given
    Path("inspections/new.yaml").write_text("mine")
    run = invoke("template", "-o", "inspections/new.yaml")
    assert run.exit_code == 1 and "exists already: not replaced (give --force to replace it" in run.stderr
    assert Path("inspections/new.yaml").read_text() == "mine"
    assert invoke("template", "-o", "inspections/new.yaml", "--force").exit_code == 0  # --force replaces it
    assert Path("inspections/new.yaml").read_text().startswith("# An inspection to rate under")


# --- '-' is standard input ---------------------------------------------------------------------------------

def test_rate_gap_and_confidence_read_standard_input():
    text = CHESHIRE_WEST.read_text()
    for command in (["rate"], ["gap", "--target", "Good"], ["confidence"]):
        from_file = invoke(*command, CHESHIRE_WEST, "--format", "json")
        from_stdin = invoke(*command, "-", "--format", "json", input=text)
        assert from_stdin.exit_code == 0 and from_stdin.stdout == from_file.stdout, command


def test_batch_and_verify_read_standard_input_as_one_entry():
    run = invoke("batch", "-", EXAMPLES / "pdu-2024.yaml", "--format", "json", input=CHESHIRE_WEST.read_text())
    rows = json.loads(run.stdout)
    assert [r["file"] for r in rows] == ["<stdin>", str(EXAMPLES / "pdu-2024.yaml")]
    assert rows[0]["result"] == ratings.rate(CHESHIRE_WEST).to_dict()
    run = invoke("verify", "-", input=CHESHIRE_WEST.read_text())
    assert run.exit_code == 0 and run.stdout.startswith("agrees     <stdin>\n")


def test_errors_in_standard_input_name_it_stdin():
    text = CHESHIRE_WEST.read_text().replace("keeping_safe: 32", "keeping_safe: 320")
    run = invoke("rate", "-", input=text)
    assert run.exit_code == 1 and run.stdout == ""
    assert re.fullmatch(r"Error: <stdin>:\d+: cases\.assessment\.keeping_safe: the percentage 320 is over 100\n",
                        run.stderr)
    assert invoke("rate", "-", input="").stderr == "Error: <stdin>:1: the file is empty\n"


def test_rule_sets_and_worked_cases_read_standard_input():
    rules_text = (ROOT / "rules" / "hmip-probation-pdu-2021.yaml").read_text()
    run = invoke("rules", "check", "-", input=rules_text)
    assert run.exit_code == 0 and run.stdout.startswith("<stdin>: OK: hmip-probation-pdu-2021, ")
    shown = invoke("rules", "show", "-", input=rules_text).stdout
    assert shown == invoke("rules", "show", "hmip-probation-pdu-2021").stdout.replace(
        "File: hmip-probation-pdu-2021.yaml", "File: <stdin>")
    run = invoke("rate", CHESHIRE_WEST, "--rules", "-", "--format", "json", input=rules_text)
    assert json.loads(run.stdout)["overall"] == "Requires improvement"
    run = invoke("rules", "test", "-", input=PDU_2021_CASES.read_text())
    assert run.exit_code == 0 and "ok    <stdin>: " in run.stdout and " 0 failed" in run.stdout


def test_a_rule_set_named_inside_a_file_is_never_standard_input(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(CHESHIRE_WEST.read_text().replace("rules: hmip-probation-pdu-2021", 'rules: "-"'))
    run = invoke("rate", path, input=(ROOT / "rules" / "hmip-probation-pdu-2021.yaml").read_text())
    assert run.exit_code == 1 and "no rule set '-'" in run.stderr


def test_the_installed_command_reads_a_real_pipe(tmp_path):
    script = Path(sys.executable).parent / "ratings"
    run = subprocess.run([str(script), "rate", "-", "--format", "json"], input=CHESHIRE_WEST.read_bytes(),
                         capture_output=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["score"] == 7


def test_the_library_reads_standard_input_too(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CHESHIRE_WEST.read_bytes())))
    result = ratings.rate("-")
    assert (result.name, result.score, str(result.overall)) == ("Cheshire West PDU", 7, "Requires improvement")


# --- .yml wherever .yaml -----------------------------------------------------------------------------------

def test_yml_is_read_wherever_yaml_is(tmp_path):
    shutil.copy(ROOT / "rules" / "hmip-probation-pdu-2021.yaml", tmp_path / "pdu.yml")
    inspection = tmp_path / "cw.yml"
    inspection.write_text(CHESHIRE_WEST.read_text().replace("rules: hmip-probation-pdu-2021", "rules: pdu.yml"))
    assert ratings.rate(inspection).score == 7  # an inspection .yml naming a rule set .yml beside it
    assert json.loads(invoke("rate", CHESHIRE_WEST, "--rules", tmp_path / "pdu.yml", "--format", "json").stdout)[
        "score"] == 7
    assert invoke("rules", "check", tmp_path / "pdu.yml").exit_code == 0
    assert invoke("rules", "show", tmp_path / "pdu.yml").stdout.startswith("hmip-probation-pdu-2021: ")
    cases = tmp_path / "cases.yml"
    cases.write_text(PDU_2021_CASES.read_text().replace("rules: hmip-probation-pdu-2021", "rules: pdu.yml"))
    assert invoke("rules", "test", cases).exit_code == 0
    for command in (["batch", "--format", "json"], ["verify", "--format", "json"], ["gap", "--target", "Good"],
                    ["confidence"], ["template", "--rules"]):
        assert invoke(*command, inspection if command[0] != "template" else tmp_path / "pdu.yml").exit_code == 0


def test_a_bundled_rule_set_may_end_yml(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "hmip-youth-2021.yaml").rename(tmp_path / "rules" / "hmip-youth-2021.yml")
    (tmp_path / "rules" / "tests" / "hmip-youth-2021.yaml").rename(tmp_path / "rules" / "tests" / "youth.yml")
    monkeypatch.setattr(registry, "bundled_dir", lambda: tmp_path / "rules")
    monkeypatch.setattr(registry, "_BUNDLED", {})
    assert "hmip-youth-2021" in registry.bundled_ids()
    assert ratings.load_rules("hmip-youth-2021").path.endswith("hmip-youth-2021.yml")
    run = invoke("rules", "test")
    assert run.exit_code == 0 and "youth.yml" in run.stdout


def test_an_xlsx_holds_what_xml_cannot_as_escapes(tmp_path):
    """Issue 23 (7): a name XML 1.0 cannot hold (a file named with U+FFFE or U+FFFF, a surrogate) still gives a
    well-formed workbook, the character shown escaped as the terminal and the CSV show a control character."""
    openpyxl = pytest.importorskip("openpyxl")
    odd = tmp_path / "odd\ufffe\uffff.yaml"
    shutil.copy(CHESHIRE_WEST, odd)
    out = tmp_path / "out.xlsx"
    run = CliRunner().invoke(main, ["batch", str(odd), "--format", "xlsx", "--output", str(out)])
    assert run.exit_code == 0, run.output
    sheet = openpyxl.load_workbook(out)["inspections"]
    assert sheet.cell(row=2, column=1).value == str(tmp_path / "odd\\ufffe\\uffff.yaml")


def test_frame_rows_have_a_key_when_a_pdu_is_inspected_twice():
    """Two inspections of the same PDU (the same name): the documented pivot gives one row for each, by the
    result's place in the list, where one by name would fail on the duplicates."""
    twice = [ratings.rate(CHESHIRE_WEST), ratings.rate(CHESHIRE_WEST)]
    frame = ratings.to_frame(twice)
    wide = frame.pivot(index="result", columns="standard", values="rating")
    assert list(wide.index) == [0, 1] and wide.loc[1, "leadership"] == "Requires improvement"
    with pytest.raises(ValueError):
        frame.pivot(index="inspection", columns="standard", values="rating")
