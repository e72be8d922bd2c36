"""`ratings extract`: an inspection file from an inspection report, matched by the rule set's own texts.

The seed report (tests/data/cheshire-west-2023.txt, the Cheshire West PDU report as copied as text) must give
every value that examples/cheshire-west-2023.yaml was written with by hand, and `ratings verify` must agree
with every rating it published, 7/24 and Requires improvement; so must an HTML rendering of it
(cheshire-west-2023.html) and a PDF made from it here (tests/pdf_writer.py). Variants of the seed text check
each tolerance (wrapped lines, "per cent", footnote marks, table layouts), and that a value missing or given
twice with different values is listed, never guessed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import ratings
from ratings.analyses.verify import verify_file
from ratings.frontends.cli import main
from ratings.loading.inspection import load_inspection

from conftest import CHESHIRE_WEST, ROOT, CliRunner

DATA = Path(__file__).parent / "data"
SEED = DATA / "cheshire-west-2023.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
CARE_RULES = ROOT / "docs" / "example-rules" / "care-2027.yaml"

#: What examples/cheshire-west-2023.yaml (written by hand from the report) says, and the report published.
CASES = {
    "court_work": "not rated",
    "assessment": {"engagement": 71, "desistance": 76, "keeping_safe": 32},
    "planning": {"engagement": 68, "desistance": 68, "keeping_safe": 38},
    "implementation_and_delivery": {"engagement": 53, "desistance": 35, "keeping_safe": 41},
    "reviewing": {"engagement": 74, "desistance": 74, "keeping_safe": 59},
    "outcomes": {"progress": 53},
}
PUBLISHED = {
    "ratings": {"leadership": "Requires improvement", "staff": "Good", "services": "Requires improvement",
                "information_and_facilities": "Good", "court_work": "Not rated", "assessment": "Inadequate",
                "planning": "Inadequate", "implementation_and_delivery": "Inadequate",
                "reviewing": "Requires improvement"},
    "score": 7, "max_score": 24, "overall": "Requires improvement",
}


def extract_text(tmp_path: Path, text: str, name: str = "report.txt", rules=None) -> ratings.Extraction:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ratings.extract(path, rules)


def written(tmp_path: Path, extraction: ratings.Extraction) -> Path:
    out = tmp_path / "extracted.yaml"
    out.write_text(extraction.to_yaml(tmp_path), encoding="utf-8")
    return out


def assert_seed_values(x: ratings.Extraction) -> None:
    """Every value of the hand-written example, found, and nothing missing."""
    assert x.gaps == ()
    assert x.rules.id == "hmip-probation-pdu-2021"
    m = x.mapping
    assert (m["name"], m["fieldwork"], m["cases_inspected"]) == ("Cheshire West PDU", "2023-03-20", 34)
    assert m["cases"] == CASES
    assert m["published"] == PUBLISHED
    assert m["judgements"] == {s: PUBLISHED["ratings"][s] for s in
                               ("leadership", "staff", "services", "information_and_facilities")}


# ------------------------------------------------------------------------------------------ the round trip


def test_the_seed_report_extracts_to_every_value_of_the_hand_written_example():
    x = ratings.extract(SEED)
    assert_seed_values(x)
    assert x.places["cases.assessment.keeping_safe"] == "line 317"  # where the report gives it
    assert "in force on 2023-03-20" in x.chosen  # chosen from the fieldwork date and the fit


def test_round_trip_verify_agrees_with_every_published_rating_the_score_and_the_overall(tmp_path):
    out = tmp_path / "cheshire-west.yaml"
    run = CliRunner().invoke(main, ["extract", str(SEED), "-o", str(out)])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "")
    verdict = verify_file(str(out))
    assert verdict.agrees is True, verdict.to_dict()
    run = CliRunner().invoke(main, ["verify", str(out)])
    assert run.exit_code == 0 and "1 agree, 0 disagree" in run.stdout
    result = ratings.rate(out)
    assert (result.score, result.max_score, str(result.overall)) == (7, 24, "Requires improvement")


def test_the_extracted_file_rates_as_the_hand_written_example_except_the_unpublished_judgements(tmp_path):
    """The report gives Leadership's and Services' ratings after the decision rules, not the inspectors'
    judgements before them (the example assumes Good): the extracted file takes the published rating as the
    judgement, which rates every standard, the score and the overall the same, and says so beside them."""
    x = ratings.extract(SEED)
    extracted, example = ratings.rate(written(tmp_path, x)), ratings.rate(CHESHIRE_WEST)
    for sid, standard in example.standards.items():
        assert extracted.standards[sid].rating == standard.rating, sid
        assert extracted.standards[sid].percentages == standard.percentages, sid
    assert (extracted.score, extracted.max_score, extracted.overall) == (example.score, example.max_score,
                                                                          example.overall)
    differ = {sid for sid, s in example.standards.items() if s.judgement != extracted.standards[sid].judgement}
    assert differ == {"leadership", "services"}
    assert "leadership-limited-by-case-supervision holds here" in x.notes["judgements.leadership"]
    assert "services-limited-by-implementation-and-delivery holds here" in x.notes["judgements.services"]
    assert "judgements.staff" not in x.notes  # no rule limits Staff: its rating is its judgement
    assert "# the rating the report gives, after the decision rules" in x.to_yaml()


def test_the_html_rendering_extracts_the_same_values():
    """tests/data/cheshire-west-2023.html (headings, paragraphs, <table>s, footnote marks in <sup>, character
    references, and a <script> saying 'Overall rating Good' that must be ignored)."""
    x = ratings.extract(DATA / "cheshire-west-2023.html")
    assert x.report.form == "HTML"
    assert_seed_values(x)
    assert x.places["published.overall"] == "line 33, line 43"  # the foreword, then the ratings table


def test_a_pdf_made_from_the_seed_extracts_the_same_values(tmp_path):
    """A PDF laid out as a report's (tests/pdf_writer.py): wrapped lines, table values beside the first line
    of a wrapped question, footnote marks glued to the word before them."""
    pytest.importorskip("pypdf")
    from pdf_writer import write_pdf

    pdf = tmp_path / "cheshire-west.pdf"
    pdf.write_bytes(write_pdf(SEED_TEXT))
    x = ratings.extract(pdf)
    assert x.report.form == "PDF"
    assert_seed_values(x)
    assert x.places["cases.assessment.engagement"].startswith("page ")
    assert verify_file(str(written(tmp_path, x))).agrees is True


def test_a_pdf_without_the_extra_is_a_clear_error(tmp_path, monkeypatch):
    from pdf_writer import write_pdf

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(write_pdf("Ratings"))
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf now fails, as without the extra
    run = CliRunner().invoke(main, ["extract", str(pdf)])
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr == (f"Error: {pdf}: reading a PDF needs the optional extra 'pdf' (the pypdf library): "
                          "pip install 'ratings[pdf]'\n")


# ------------------------------------------------------------------------------------------ tolerances


def test_wrapped_lines_and_words_broken_at_a_line_end(tmp_path):
    """Every line wrapped at 40 characters (questions, ratings rows, the title), and a word of a key question
    hyphenated across a line end."""
    text = SEED_TEXT.replace("the implementation and delivery of services effectively support desistance",
                             "the implemen-\ntation and delivery of services effectively support desistance")
    wrapped = "\n".join(piece for line in text.splitlines()
                        for piece in (textwrap.wrap(line, 40, break_on_hyphens=False) or [""]))
    assert "Does assessment focus sufficiently on\nengaging the person on probation? 71%" in wrapped
    assert_seed_values(extract_text(tmp_path, wrapped))


def test_per_cent_percent_and_case(tmp_path):
    text = (SEED_TEXT.replace("probation?\t71%", "probation?\t71 per cent")
            .replace("desistance?\t76%", "desistance?\t76 percent")
            .replace("Does planning focus sufficiently on keeping other people safe?",
                     "DOES PLANNING FOCUS   SUFFICIENTLY ON KEEPING OTHER PEOPLE SAFE?"))
    assert "71 per cent" in text and "76 percent" in text
    assert_seed_values(extract_text(tmp_path, text))


def test_footnote_marks_superscript_glued_and_symbols(tmp_path):
    text = (SEED_TEXT.replace("probation?\t71%", "probation?¹\t71%")
            .replace("desistance?\t76%", "desistance?2\t76%")       # a PDF's footnote mark, glued
            .replace("other people safe?\t32%", "other people safe?*\t32%")
            .replace("2.2\tAssessment", "2.2\tAssessment3")
            .replace("Score\t7/24", "Score†\t7/24"))
    assert_seed_values(extract_text(tmp_path, text))


def test_a_standard_numbered_with_a_letter_and_a_digit_is_found(tmp_path):
    """"V1 Work with victims" (youth 2025 numbers its victims standards V1, V1.1, V1.2): the digit glued to
    the single letter is the standard's number, not a footnote mark, so its rating is read like the others."""
    report = tmp_path / "youth.txt"
    report.write_text("An inspection of youth justice work with children and victims in Exampleshire\n"
                      "Overall rating: Requires improvement\nWork with children: Good\n"
                      "V1 Work with victims: Requires improvement\nV1.1 Casework with victims: Requires improvement\n"
                      "V1.2 Organisational arrangements for victims: Good\n", encoding="utf-8")
    found = ratings.extract(report, rules="hmip-youth-2025")
    assert found.mapping["published"]["ratings"] == {
        "work_with_children": "Good", "work_with_victims": "Requires improvement",
        "victims_casework": "Requires improvement", "victims_organisation": "Good"}
    assert "published.ratings.work_with_victims" not in {g.key for g in found.gaps}


def test_table_layouts_value_first_and_value_on_a_line_of_its_own(tmp_path):
    text = (SEED_TEXT.replace("Does assessment focus sufficiently on engaging the person on probation?\t71%",
                              "71%\tengagement\tDoes assessment focus sufficiently on engaging the person on "
                              "probation?")
            .replace("Does planning focus sufficiently on engaging the person on probation?\t68%",
                     "Does planning focus sufficiently on engaging the\nperson on probation?\n68%"))
    assert_seed_values(extract_text(tmp_path, text))


def test_a_value_starting_the_next_row_is_never_taken_for_the_row_before(tmp_path):
    """With values before their questions, the question whose own value is missing does not take the next
    row's: it is listed as found without a value."""
    rows = ("71%  engagement  Does assessment focus sufficiently on engaging the person on probation?\n"
            "     desistance  Does assessment focus sufficiently on the factors linked to offending and desistance?\n"
            "32%  keeping_safe  Does assessment focus sufficiently on keeping other people safe?\n")
    x = extract_text(tmp_path, SEED_TEXT.replace("Cheshire West PDU is rated as 'Inadequate' in this area",
                                                 rows + "Cheshire West PDU is rated as 'Inadequate' in this area"))
    assert x.mapping["cases"]["assessment"] == {"engagement": 71, "desistance": 76, "keeping_safe": 32}
    lines = SEED_TEXT.replace("desistance?\t76%", "desistance?").replace(
        "Cheshire West PDU is rated as 'Inadequate' in this area",
        rows + "Cheshire West PDU is rated as 'Inadequate' in this area")
    x = extract_text(tmp_path, lines)
    assert x.mapping["cases"]["assessment"]["desistance"] == "unknown"
    assert [str(g) for g in x.gaps] == ["cases.assessment.desistance: the key question is in the report, but "
                                        "with no percentage beside it"]


@pytest.mark.parametrize("sentence, fieldwork", [
    ("Our fieldwork took place from 20-24 March 2023.", "2023-03-20"),
    ("Fieldwork: 20th to 24th March 2023", "2023-03-20"),
    ("Fieldwork started March 2023", "2023-03"),
    ("Fieldwork started March 2023. We conducted fieldwork over a week beginning 20 March 2023.", "2023-03-20"),
])
def test_the_fieldwork_date_as_precise_as_the_report_gives_it(tmp_path, sentence, fieldwork):
    x = extract_text(tmp_path, f"{sentence}\n2.2\tAssessment\tInadequate\n", rules="hmip-probation-pdu-2021")
    assert x.mapping["fieldwork"] == fieldwork and "fieldwork" not in [g.key for g in x.gaps]


def test_fieldwork_dates_that_disagree_are_listed(tmp_path):
    x = extract_text(tmp_path, "Fieldwork began 20 March 2023.\nFieldwork began 3 April 2023.\n2.2 Assessment "
                               "Inadequate\n", rules="hmip-probation-pdu-2021")
    assert "fieldwork" not in x.mapping
    assert str(x.gaps[1]) == ("fieldwork: found 2 times with different values: 2023-03-20 (line 1) and 2023-04-03 "
                              "(line 2)")


def test_counts_beside_percentages_are_kept_and_checked(tmp_path):
    text = (SEED_TEXT.replace("probation?\t71%", "probation?\t71% (24 of 34)")
            .replace("desistance?\t76%", "desistance?\t26/34 (76%)")
            .replace("other people safe?\t32%", "other people safe?\t32% (20 of 34)"))
    x = extract_text(tmp_path, text)
    assert x.mapping["cases"]["assessment"] == {"engagement": {"yes": 24, "of": 34},
                                                "desistance": {"yes": 26, "of": 34}, "keeping_safe": "unknown"}
    assert [str(g) for g in x.gaps] == ["cases.assessment.keeping_safe: 20 of 34 is not 32% as printed beside it"]


# ---------------------------------------------------------------------------------------------- gaps


def test_a_missing_value_is_written_unknown_and_listed_in_the_file_and_on_stderr(tmp_path):
    report = tmp_path / "report.txt"
    # and a rating left off the ratings page: given once, in its section, it is found
    report.write_text(SEED_TEXT.replace("Does assessment focus sufficiently on keeping other people safe?\t32%\n", "")
                      .replace("2.4\tImplementation and delivery\tInadequate", "2.4\tImplementation and delivery"),
                      encoding="utf-8")
    run = CliRunner().invoke(main, ["extract", str(report)])
    assert run.exit_code == 0  # the file is written: the gap is listed, not an error
    assert run.stderr.splitlines() == [
        f"Warning: {report}: cases.assessment.keeping_safe: not found in the report"]
    assert "    keeping_safe: unknown               # not found in the report\n" in run.stdout
    assert "#   cases.assessment.keeping_safe: not found in the report\n" in run.stdout
    assert "1 value was not found in the report" in run.stdout
    out = tmp_path / "out.yaml"
    out.write_text(run.stdout, encoding="utf-8")
    result = ratings.rate(out)  # the file is valid: the unknown is rated as what remains possible
    assert result.to_dict()["possible"]["standards"]["assessment"] == ["Inadequate", "Requires improvement", "Good"]


def test_a_value_found_twice_with_different_values_is_listed_not_guessed(tmp_path):
    summary = ("Summary of key questions\n"
               "Does assessment focus sufficiently on keeping other people safe?\t35%\n"
               "Does planning focus sufficiently on keeping other people safe?\t38%\n")
    text = SEED_TEXT + "\n" + summary + "2.3\tPlanning\tRequires improvement\n"
    x = extract_text(tmp_path, text)
    assert x.mapping["cases"]["assessment"]["keeping_safe"] == "unknown"
    assert x.mapping["cases"]["planning"]["keeping_safe"] == 38  # found twice, the same: no gap
    assert "planning" not in x.mapping["published"]["ratings"]
    assert x.mapping["judgements"]["leadership"] == "Requires improvement"
    assert [str(g) for g in x.gaps] == [
        "cases.assessment.keeping_safe: found 2 times with different values: 32% (line 317) and 35% (line 456)",
        "published.ratings.planning: found 3 times with different values: Inadequate (line 77), Inadequate "
        "(line 343) and Requires improvement (line 458)"]
    yaml_text = x.to_yaml()
    assert "    keeping_safe: unknown               # found 2 times with different values: 32% (line 317) and " \
           "35% (line 456)\n" in yaml_text
    assert "# 2 values were not found in the report, or found more than once with different values" in yaml_text
    # with an unknown, whether a decision rule holds cannot be told: the note says the rule may apply
    assert "may have lowered the inspectors' judgement" in x.notes["judgements.leadership"]


def test_everything_missing_from_a_fragment_is_listed(tmp_path):
    x = extract_text(tmp_path, "Ratings\n2.2\tAssessment\tInadequate\n2.3\tPlanning\tInadequate\n",
                     rules="hmip-probation-pdu-2021")
    assert x.mapping["published"] == {"ratings": {"assessment": "Inadequate", "planning": "Inadequate"}}
    keys = [g.key for g in x.gaps]
    assert keys[:3] == ["name", "fieldwork", "cases_inspected"]
    assert "judgements.leadership" not in keys and "published.ratings.leadership" in keys
    assert {"published.score", "published.overall", "cases.outcomes.progress"} <= set(keys)
    assert x.mapping["judgements"]["leadership"] == "unknown"
    assert "outcomes" not in x.mapping["cases"]  # optional in the file: left out, and listed
    load_inspection(written(tmp_path, x))  # still a valid inspection file


# ---------------------------------------------------------------------------------- errors, choices, rules


@pytest.mark.parametrize("content, message", [
    ((DATA / "not-a-report.txt").read_bytes(),
     "found none of the ratings and key-question results of the bundled rule sets"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "is not an inspection report (plain text, HTML or PDF): it is neither text "
                                         "nor a PDF"),
    (b"", "the file is empty"),
    (b"caf\xe9 latin-1", "is not an inspection report (plain text, HTML or PDF): its text is not UTF-8 (byte 4)"),
    (b"%PDF-1.4\nnot really a PDF", "is not a PDF that can be read"),
], ids=["news-article", "binary", "empty", "not-utf8", "broken-pdf"])
def test_a_file_that_is_not_a_report_is_a_clear_error(tmp_path, content, message):
    if content.startswith(b"%PDF"):
        pytest.importorskip("pypdf")
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    out = tmp_path / "out.yaml"
    run = CliRunner().invoke(main, ["extract", str(path), "-o", str(out)])
    assert run.exit_code == 1 and run.stdout == "" and not out.exists()
    assert run.stderr.startswith(f"Error: {path}: {message}") and run.stderr.count("\n") == 1, run.stderr


def test_a_named_rule_set_that_finds_nothing_in_a_text_with_nothing_of_a_report_is_an_error(tmp_path):
    with pytest.raises(ratings.RatingsError, match="found none of the ratings and key-question results of "
                                                   "hmip-youth-2021, nor anything else an HM Inspectorate of "
                                                   "Probation inspection report gives: looked for its title"):
        extract_text(tmp_path, (DATA / "not-a-report.txt").read_text(encoding="utf-8"), rules="hmip-youth-2021")


def test_a_named_rule_set_reads_a_report_that_gives_none_of_its_results_for_what_it_gives(tmp_path):
    """Issue 25 (1): a title is enough to recognise a report; what it lacks is a gap, and the file is written."""
    x = extract_text(tmp_path, "An inspection of youth offending services in: Nowhere\n", rules="hmip-youth-2021")
    assert x.mapping["name"] == "Nowhere" and x.places["name"] == "line 1"
    assert "published.overall" in {g.key for g in x.gaps}
    assert "its title (line 1)" in x.chosen
    load_inspection(written(tmp_path, x))


def test_a_fieldwork_date_no_bundled_rule_set_covers_is_an_error(tmp_path):
    with pytest.raises(ratings.RatingsError, match="no bundled rule set was in force on 2015-03-03, the fieldwork "
                                                   "date the report gives; name one with --rules"):
        extract_text(tmp_path, "We conducted fieldwork beginning 3 March 2015.\n2.2 Planning Inadequate\n")


def test_a_title_without_a_colon_names_the_service_and_a_sentence_does_not(tmp_path):
    x = extract_text(tmp_path, "An inspection of youth offending services in Wigan\n2.2 Planning Inadequate\n",
                     rules="hmip-youth-2021")
    assert x.mapping["name"] == "Wigan"
    sentence = ("An inspection of youth offending services in Wigan and Leigh was carried out by a team of "
                "inspectors over two weeks, and this report sets out what they found in the cases they read.")
    x = extract_text(tmp_path, sentence + "\n2.2 Planning Inadequate\n", rules="hmip-youth-2021")
    assert "name" not in x.mapping and x.gaps[0].key == "name"


def test_a_report_fitting_several_rule_sets_equally_is_an_error_not_a_guess(tmp_path):
    with pytest.raises(ratings.RatingsError, match="equally well .* name one with --rules"):
        extract_text(tmp_path, "Ratings\n2.1\tAssessment\tInadequate\n2.2\tPlanning\tInadequate\n")


def test_a_new_framework_extracts_with_no_code_change(tmp_path):
    """A fictional framework (docs/example-rules/care-2027.yaml) and a report in its words: key questions,
    counts, a derived standard's published rating; the rule-set path is written relative to the file."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "riverside.yaml"
    run = CliRunner().invoke(main, ["extract", str(DATA / "riverside-care-report.txt"), "--rules", str(CARE_RULES),
                                    "-o", str(out)])
    assert (run.exit_code, run.stderr) == (0, "")
    text = out.read_text(encoding="utf-8")
    assert re.search(r'^rules: "\.\./.*docs/example-rules/care-2027\.yaml"$', text, re.M)
    x = ratings.extract(DATA / "riverside-care-report.txt", CARE_RULES)
    assert x.mapping["cases"]["support"] == {"plans": {"yes": 15, "of": 20}, "reviews": {"yes": 14, "of": 20},
                                             "move_on": {"yes": 12, "of": 20}}
    assert x.mapping["published"]["ratings"]["safety"] == "Good"
    assert verify_file(str(out)).agrees is True
    loaded = ratings.load_rules(CARE_RULES)  # a rule set given loaded is written by its file, too
    assert ratings.extract(DATA / "riverside-care-report.txt", loaded).rules_path == str(CARE_RULES)
    hand_written = ratings.rate(ROOT / "docs" / "example-rules" / "riverside-care.yaml")
    assert ratings.rate(out).to_dict()["standards"] == hand_written.to_dict()["standards"]


def test_a_key_question_text_two_standards_share_goes_to_the_section_it_is_in(tmp_path):
    """hmip-youth-2021 asks the same questions of court (2.1) and out-of-court (3.1) assessment."""
    question = "Does assessment sufficiently analyse how to support the child's desistance?"
    report = (f"2.1 Assessment\nKey question\tPercentage 'Yes'\n{question}\t70%\n"
              f"3.1 Assessment\nKey question\tPercentage 'Yes'\n{question}\t40%\n")
    x = extract_text(tmp_path, report, rules="hmip-youth-2021")
    assert x.mapping["cases"]["court_assessment"]["desistance"] == 70
    assert x.mapping["cases"]["out_of_court_assessment"]["desistance"] == 40


def test_names_that_need_quoting_are_written_so_they_read_back(tmp_path):
    text = SEED_TEXT.replace("\nCheshire West PDU\n", '\nCheshire: "West" # PDU\n', 1)
    x = extract_text(tmp_path, text)
    assert x.mapping["name"] == 'Cheshire: "West" # PDU'
    assert 'name: "Cheshire: \\"West\\" # PDU"' in x.to_yaml()
    assert load_inspection(written(tmp_path, x))[1].name == 'Cheshire: "West" # PDU'


def test_the_library_and_the_command_write_the_same_file(tmp_path):
    run = CliRunner().invoke(main, ["extract", str(SEED)])
    assert run.exit_code == 0
    assert run.stdout == ratings.extract(SEED).to_yaml()
    header = " ".join(line[2:] for line in run.stdout.splitlines() if line.startswith("# "))
    assert header.startswith("Extracted by `ratings extract` from cheshire-west-2023.txt (plain text) under "
                             "hmip-probation-pdu-2021, the best fit of the rule sets in force on 2023-03-20 (the "
                             "fieldwork): 22 ratings and key-question results found")


# ------------------------------------------------------------------------------------------- hostile input


def ratings_cli(*args, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """The command in its own process: a hang fails the test by its timeout rather than hanging it."""
    return subprocess.run([sys.executable, "-m", "ratings", *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=60)


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    run = ratings_cli("extract", fifo)
    assert (run.returncode, run.stdout, run.stderr) == (
        1, "", f"Error: {fifo}: is not a regular file but a FIFO (a named pipe); give an inspection report "
               "(plain text, HTML or PDF)\n")


@pytest.mark.parametrize("to", ["stdout", "-o"])
def test_output_that_cannot_be_written_is_one_error_line(to):
    if to == "-o":
        run = ratings_cli("extract", SEED, "-o", "/dev/full")
    else:
        with open("/dev/full", "w") as full:
            run = ratings_cli("extract", SEED, stdout=full)
    assert run.returncode == 1
    assert run.stderr.startswith("Error: cannot write output: ") and run.stderr.endswith(
        "No space left on device\n"), run.stderr


def test_control_characters_in_a_report_never_reach_the_terminal_or_the_file_raw(tmp_path):
    text = SEED_TEXT.replace("\nCheshire West PDU\n", "\nCheshire \x1b[2J West\x9b PDU\n", 1)
    report = tmp_path / "rep\x1bort.txt"
    report.write_text(text.replace("other people safe?\t32%", "other people safe?"), encoding="utf-8")
    run = CliRunner().invoke(main, ["extract", str(report)])
    assert run.exit_code == 0
    assert "\x1b" not in run.stdout + run.stderr and "\x9b" not in run.stdout + run.stderr
    assert 'name: "Cheshire \\\\x1b[2J West\\\\x9b PDU"' in run.stdout  # shown as an escape, as in error lines
    assert run.stderr.startswith(f"Warning: {tmp_path}/rep\\x1bort.txt: cases.assessment.keeping_safe:")


def _every_codec() -> list[str]:
    import encodings.aliases

    return sorted(set(encodings.aliases.aliases.values()) | {"rot13", "punycode", "idna", "undefined"})


@pytest.mark.parametrize("codec", _every_codec())
def test_a_page_naming_any_codec_is_read_or_refused_in_one_line(tmp_path, codec):
    """Issue 23 (2): a `<meta charset>` may name any codec Python has, some of which are not text encodings
    (base64, zlib, rot13) or fail on the bytes (punycode): each is read, or refused with one located line,
    never LookupError or another exception."""
    page = tmp_path / "report.html"
    page.write_bytes(b'<html><head><meta charset="' + codec.encode() + b'"></head><body><p>HM Inspectorate of '
                     b"Probation</p></body></html>")
    try:
        ratings.extract(page)
    except ratings.RatingsError as exc:
        assert len(exc.problems) == 1 and exc.problems[0].file == str(page)


HUGE = "9" * 5000


@pytest.mark.parametrize("old, new", [
    ("We inspected 34 cases", f"We inspected {HUGE} cases"),  # cases inspected
    ("Score\t7/24", f"Score\t{HUGE}/24"), ("Score\t7/24", f"Score\t7/{HUGE}"),  # the score
    ("desistance?\t76%", f"desistance?\t{HUGE}%"),  # a key question's percentage
    ("beginning 20 March 2023", "beginning 20 March 99999"), ("beginning 20 March 2023", "beginning 20 March 0"),
    ("beginning 20 March 2023", "beginning 31 February 2023"),  # dates that are none
    ("HM Inspectorate of Probation, June 2023", f"HM Inspectorate of Probation, June {HUGE}"),
], ids=["cases", "score", "maximum", "percentage", "year 99999", "year 0", "31 February", "published"])
def test_numbers_and_dates_a_report_prints_never_raise(tmp_path, old, new):
    """Issue 23 (1): a report's numbers past any a file may hold, and dates that are none, are values not
    found (a gap, with a warning), never ValueError from int() or date arithmetic."""
    assert old in SEED_TEXT
    report = tmp_path / "report.txt"
    report.write_text(SEED_TEXT.replace(old, new, 1), encoding="utf-8")
    extraction = ratings.extract(report)
    assert HUGE not in extraction.to_yaml()


def test_a_value_the_file_may_not_hold_is_a_gap_not_an_abort(monkeypatch, tmp_path):
    """Issue 23 (10): a value found in a report that an inspection file may not hold (none of the bundled
    reports has one; here the reader is made to find 0 cases inspected and a percentage of 150) is left out or
    unknown with the loader's reason as a gap, and the file is still written and rates; no internal name."""
    from ratings.loading import extract as module

    found_cases = module._Builder.case_results

    def case_results(self, ratings_found):
        out = found_cases(self, ratings_found)
        out["assessment"]["engagement"] = 150
        return out

    monkeypatch.setattr(module._Builder, "cases_inspected", lambda self: 0)
    monkeypatch.setattr(module._Builder, "case_results", case_results)
    extraction = module.extract(ROOT / "tests" / "data" / "cheshire-west-2023.txt")
    gaps = {g.key: g.message for g in extraction.gaps}
    assert gaps["cases_inspected"].startswith("found in the report (the report), but not usable: ")
    assert gaps["cases.assessment.engagement"].startswith("found in the report (line 315), but not usable: ")
    assert "cases_inspected" not in extraction.mapping
    assert extraction.mapping["cases"]["assessment"]["engagement"] == "unknown"
    path = tmp_path / "out.yaml"
    path.write_text(extraction.to_yaml(str(tmp_path)))
    assert ratings.rate(path).possible is not None  # it rates, with what remains possible
    assert not any("<extracted>" in m for m in gaps.values())
