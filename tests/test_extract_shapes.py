"""Issue 25: `ratings extract` reads a report for whatever it gives, in the shapes real reports come in.

Each report text here is constructed in one shape (openings only, the overall rating only in prose, each
title form, youth, region and approved-premises layouts, tables copied column by column, wrapped and
run-together titles, paraphrased key questions); each is checked against the values a person reads off it,
written beside it. A value the text does not give is a gap, and the file is still written; only a text with
nothing of a report in it is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ratings
from ratings.frontends.cli import main
from ratings.loading.inspection import load_inspection

from conftest import CliRunner

DATA = Path(__file__).parent / "data"
SEEDS = Path("/work/shared/seeds")

#: The opening pages of a 2025 PDU report, as a web page cut short gives them: a title, the imprint, the
#: fieldwork date and the foreword, saying the overall rating in prose. Nothing else.
OPENINGS = """An inspection of probation services in:
Exampletown PDU
HM Inspectorate of Probation, May 2025

Foreword
We conducted fieldwork beginning 3 March 2025. We inspected 40 cases. Leadership was strong, although
three standards were rated 'Inadequate'. Overall, Exampletown PDU has been rated as 'Requires improvement'.
"""


def extract_text(tmp_path: Path, text: str, name: str = "report.txt", rules: str | None = None
                 ) -> ratings.Extraction:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ratings.extract(path, rules)


def gaps(x: ratings.Extraction) -> dict[str, str]:
    return {g.key: g.message for g in x.gaps}


# ------------------------------------------------------------------------------- 1. read what is there


def test_the_openings_only_are_read_for_what_they_give_and_the_rest_is_listed(tmp_path):
    """Read off the text: Exampletown PDU, fieldwork 3 March 2025, 40 cases, overall Requires improvement;
    its title names a PDU, and the one PDU rule set in force in March 2025 is hmip-probation-pdu-2023. The
    'three standards were rated Inadequate' sentence is no overall rating."""
    path = tmp_path / "openings.txt"
    path.write_text(OPENINGS, encoding="utf-8")
    out = tmp_path / "openings.yaml"
    run = CliRunner().invoke(main, ["extract", str(path), "-o", str(out)])
    assert run.exit_code == 0, run.stderr
    x = ratings.extract(path)
    assert x.rules.id == "hmip-probation-pdu-2023"
    m = x.mapping
    assert (m["name"], m["fieldwork"], m["cases_inspected"]) == ("Exampletown PDU", "2025-03-03", 40)
    assert m["published"] == {"overall": "Requires improvement"}
    assert x.places["published.overall"] == "line 7"
    assert gaps(x)["published.score"] == "not found in the report"
    assert gaps(x)["cases.assessment.engagement"] == "not found in the report"
    assert "for the kind of service its title names (probation-pdu)" in x.chosen
    listed = [line for line in run.stderr.splitlines()]
    assert f"Warning: {path}: published.score: not found in the report" in listed
    assert len(listed) == len(x.gaps)
    load_inspection(out)  # a valid inspection file, unknowns and all


def test_a_web_page_cut_short_is_read_as_its_text_is(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in OPENINGS.splitlines() if line)
    x = extract_text(tmp_path, f"<!DOCTYPE html><html><body><h1>{body}", name="page.html")
    assert x.report.form == "HTML"
    assert (x.mapping["name"], x.mapping["published"]["overall"]) == ("Exampletown PDU", "Requires improvement")


@pytest.mark.parametrize("sentence, overall", [
    ("Exampletown PDU has been rated as 'Requires improvement'.", "Requires improvement"),
    ("We inspected the PDU's work, which resulted in a rating of 'Inadequate'.", "Inadequate"),
    ("We have given the PDU an overall rating of 'Good'.", "Good"),
    ("The PDU was rated 'Requires improvement' overall.", "Requires improvement"),
    ("Overall, the PDU was rated as 'Good'.", "Good"),
    ("We have rated these arrangements as 'Outstanding' overall.", "Outstanding"),
    ("Exampletown PDU is rated as 'Inadequate' in this area.", None),  # a standard's
    ("Exampletown PDU is rated as 'Inadequate' for planning.", None),
    ("Leadership has been rated as 'Good'.", None),
    ("Overall, leadership in the PDU was rated as 'Good'.", None),  # Leadership's, not the overall
    ("Overall, probation services in Exampletown PDU were rated as 'Good'.", "Good"),
    ("Three standards were rated 'Inadequate', which rules out an overall rating of 'Good' or 'Outstanding'.", None),
    ("This supports the overall rating of 'Requires improvement' for services rather than 'Inadequate'.", None),
    ("Three standards were rated 'Inadequate'. Overall, the quality of work was poor.", None),
])
def test_the_overall_rating_in_prose(tmp_path, sentence, overall):
    """The foreword's phrasings of the overall rating (issue 25's, and their kin), and sentences that rate one
    standard, list possibilities or state a hypothesis, which are not the overall."""
    head = "An inspection of probation services in: Exampletown PDU\nWe conducted fieldwork beginning 3 March 2025.\n"
    x = extract_text(tmp_path, head + sentence + "\n")
    assert x.mapping.get("published", {}).get("overall") == overall
    if overall is None:
        assert gaps(x)["published.overall"] == "not found in the report"


def test_the_youth_foreword_phrasing(tmp_path):
    text = ("An inspection of youth justice services in Exampleshire\nWe conducted fieldwork beginning 4 May 2022.\n"
            "Overall, the YJS was rated as 'Good'.\n")
    x = extract_text(tmp_path, text)
    assert x.rules.id == "hmip-youth-2021"
    assert (x.mapping["name"], x.mapping["published"]["overall"]) == ("Exampleshire", "Good")


def test_the_ratings_page_and_the_prose_differing_is_a_gap_naming_both(tmp_path):
    text = OPENINGS + "Ratings\nOverall rating\tGood\n"
    x = extract_text(tmp_path, text)
    assert "overall" not in x.mapping.get("published", {})
    assert gaps(x)["published.overall"] == ("found 2 times with different values: Requires improvement (the text, "
                                            "line 7) and Good (the ratings page, line 9)")


def test_the_ratings_page_and_the_prose_agreeing_is_one_value_found_in_both_places(tmp_path):
    x = extract_text(tmp_path, OPENINGS + "Ratings\nOverall rating\tRequires improvement\n")
    assert x.mapping["published"]["overall"] == "Requires improvement"
    assert x.places["published.overall"] == "line 7, line 9"


@pytest.mark.parametrize("seed", ["000_a30aa6b520c030e0.txt", "001_4a89af4d3f233a94.txt",
                                  "003_0a0ffc5ded57d321.txt", "004_72b5b9d10bc7130f.txt"])
def test_news_articles_about_an_inspection_are_refused_saying_what_was_looked_for(tmp_path, seed):
    """News articles name the inspectorate in their sentences, but hold no title, no imprint, no rating said
    as a report says it and no fieldwork date: refused, the message saying what was looked for."""
    path = SEEDS / seed
    if not path.exists():
        pytest.skip("the shared seeds are not on this machine")
    run = CliRunner().invoke(main, ["extract", str(path)])
    assert run.exit_code == 1 and run.stdout == ""
    assert "looked for its title ('An inspection of ...'), the inspectorate's name on a line of its own" in run.stderr
    assert "this does not look like an inspection report" in run.stderr


def test_a_thematic_report_is_refused_as_no_inspection_of_one_service(tmp_path):
    text = "A thematic inspection of work with people convicted of sexual offences\nHM Inspectorate of Probation\n"
    with pytest.raises(ratings.RatingsError, match="not an inspection of one service but a thematic or national "
                                                   "report .*it rates no service"):
        extract_text(tmp_path, text)


# ------------------------------------------------------------------------------------ 2. one command


SEED = DATA / "cheshire-west-2023.txt"


@pytest.mark.parametrize("form", ["text", "HTML", "PDF", "stdin"])
def test_verify_of_the_seed_report_agrees_in_one_command(tmp_path, form):
    """`ratings verify REPORT`: extracted in memory, rated, and compared with the ratings, the score (7/24)
    and the overall (Requires improvement) the report published; nothing missing, so nothing on stderr."""
    if form == "PDF":
        pytest.importorskip("pypdf")
        from pdf_writer import write_pdf

        path = tmp_path / "cheshire-west.pdf"
        path.write_bytes(write_pdf(SEED.read_text(encoding="utf-8")))
    else:
        path = {"text": SEED, "HTML": DATA / "cheshire-west-2023.html", "stdin": "-"}[form]
    run = CliRunner().invoke(main, ["verify", str(path), "--format", "json"],
                             input=SEED.read_bytes() if form == "stdin" else None)
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr
    import json

    found = json.loads(run.stdout)
    assert (found["agree"], found["disagree"]) == (1, 0)
    assert found["files"][0]["gaps"] == [] and found["files"][0]["mode"] == "exact"


def test_verify_of_a_report_that_disagrees_says_so(tmp_path):
    """The seed with its score misprinted as 9/24: the ratings give 7/24, so verify disagrees (exit 1)."""
    path = tmp_path / "report.txt"
    path.write_text(SEED.read_text(encoding="utf-8").replace("Score\t7/24", "Score\t9/24"), encoding="utf-8")
    run = CliRunner().invoke(main, ["verify", str(path)])
    assert run.exit_code == 1 and "0 agree, 1 disagree" in run.stdout


def test_rate_of_a_report_with_gaps_rates_the_unknowns_as_ranges_and_lists_them(tmp_path):
    """The seed without Reviewing's three results and without its ratings page rows for Reviewing: Reviewing
    is unknown, so the score is a range (Reviewing 0 to 3 points: 6 to 9 of 24) and stderr lists the gaps."""
    text = SEED.read_text(encoding="utf-8")
    for row in ("Does reviewing focus sufficiently on supporting the compliance and engagement of the person on "
                "probation?\t74%\n", "Does reviewing focus sufficiently on supporting desistance?\t74%\n",
                "Does reviewing focus sufficiently on keeping other people safe?\t59%\n"):
        assert row in text
        text = text.replace(row, "")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    run = CliRunner().invoke(main, ["rate", str(path), "--format", "json"])
    assert run.exit_code == 0, run.stderr
    import json

    result = json.loads(run.stdout)
    assert result["score"] is None and result["possible"]["score"] == {"min": 6, "max": 9}
    assert f"Warning: {path}: cases.reviewing.engagement: not found in the report" in run.stderr.splitlines()


def test_an_inspection_file_is_still_read_as_one_and_a_text_that_is_neither_gets_the_file_error(tmp_path):
    run = CliRunner().invoke(main, ["verify", str(Path(__file__).parent.parent / "examples" /
                                                 "cheshire-west-2023.yaml"), "--format", "json"])
    assert run.exit_code == 0 and '"gaps"' not in run.stdout  # no extraction: no gaps key
    run = CliRunner().invoke(main, ["rate", str(DATA / "not-a-report.txt")])
    assert run.exit_code == 1
    assert "this is not an inspection file: expected a mapping with 'name', 'rules'" in run.stderr


# ---------------------------------------------------------------------------------- 3. titles and names


@pytest.mark.parametrize("title, fieldwork, name, rules", [
    ("An inspection of probation services in:\nExampletown PDU", "3 March 2025", "Exampletown PDU",
     "hmip-probation-pdu-2023"),
    ("An inspection of probation services: North East region", "6 May 2024", "North East region",
     "hmip-probation-region-2023"),
    ("An inspection of probation services in: Humberside, Lincolnshire & North Yorkshire Community "
     "Rehabilitation Company", "6 January 2020", "Humberside, Lincolnshire & North Yorkshire Community "
     "Rehabilitation Company", "hmip-probation-crc-2019"),
    ("An inspection of Dorset, Devon and Cornwall Community Rehabilitation Company", "5 November 2018",
     "Dorset, Devon and Cornwall Community Rehabilitation Company", "hmip-probation-crc-2018"),
    ("An inspection of probation services in:\nNorth West division", "2 September 2019",
     "North West division", "hmip-probation-nps-2019"),
    ("An inspection of youth offending services in Wigan", "4 May 2022", "Wigan", "hmip-youth-2021"),
    ("An inspection of youth justice services in Exampleshire", "4 May 2022", "Exampleshire", "hmip-youth-2021"),
    ("An inspection of youth justice work with children and victims in Exampleshire", "2 June 2025",
     "Exampleshire", "hmip-youth-2025"),
    ("An inspection of Exampletown Approved Premises", "1 September 2025", "Exampletown Approved Premises",
     "hmip-approved-premises-2025"),
])
def test_every_title_form_gives_the_name_and_the_kind_of_service(tmp_path, title, fieldwork, name, rules):
    """Title pages with nothing else but the fieldwork date and the overall rating: the name is read off the
    title, and the rule set is the one in force for the kind of service the title names."""
    text = (f"{title}\nHM Inspectorate of Probation\nOur fieldwork began on {fieldwork}.\n"
            "Overall rating\tGood\n")
    x = extract_text(tmp_path, text)
    assert (x.mapping["name"], x.rules.id) == (name, rules)
    assert x.mapping["published"]["overall"] == "Good"
    assert "name" not in gaps(x)


def test_youth_titles_before_2021_leave_the_two_youth_frameworks_for_the_user_to_name(tmp_path):
    """In 2019-21 both the youth framework and the small-services one were in force, and a title does not
    say which: an error naming both, never a guess; named, the report is read."""
    text = "An inspection of youth offending services in Wigan\nOur fieldwork began on 4 November 2019.\n"
    with pytest.raises(ratings.RatingsError, match="its title fits hmip-youth-2018, hmip-youth-2018-small, so the rule set it "
                                                   "was inspected under cannot be told"):
        extract_text(tmp_path, text)
    assert extract_text(tmp_path, text, rules="hmip-youth-2018").mapping["name"] == "Wigan"


@pytest.mark.parametrize("lines, damage, candidate", [
    ("An inspection of probation services in:\nWarwickshireHM Inspectorate of Probation",
     "it runs into the inspectorate's name", "Warwickshire"),
    ("An inspection of probation services in:\nCheshire\nWest PDU", "the next line, 'West PDU', may complete it",
     "Cheshire West PDU"),
    ("An inspection of probation services in Cheshire\nWest PDU", "the next line, 'West PDU', may complete it",
     "Cheshire West PDU"),
    ("An inspection of probation services in:\nCheshire West PDU June 2023", "it holds a date", None),
])
def test_a_damaged_name_is_a_gap_with_the_candidate_never_taken(tmp_path, lines, damage, candidate):
    """A PDF's text runs the title into the line below it, or wraps it before 'West PDU': the name read is
    not taken, and the gap says why and what it may have been."""
    x = extract_text(tmp_path, SEED.read_text(encoding="utf-8").replace(
        "An inspection of probation services in:\n\nCheshire West PDU", lines, 1))
    assert "name" not in x.mapping
    message = gaps(x)["name"]
    assert damage in message and "looks damaged, so it is not taken" in message
    assert (f"it may be {candidate!r}" in message) if candidate else "it may be" not in message
    assert x.mapping["published"]["overall"] == "Requires improvement"  # the rest is read as ever
    assert "#   name: the title's name" in x.to_yaml()  # the candidate is in the file's comments


def test_a_running_header_and_the_imprint_are_no_second_name(tmp_path):
    """A CRC report's running header ('Inspection of probation services: ... CRC 2') and imprint ('HMI
    Probation, May 2020') are not titles: the one name stands."""
    text = ("An inspection of probation services in: Exampleshire Community Rehabilitation Company\n"
            "HMI Probation, May 2020\nThe fieldwork for this inspection started on 06 January 2020.\n"
            "Inspection of probation services: Exampleshire CRC 2\nOverall rating\tRequires improvement\n")
    x = extract_text(tmp_path, text)
    assert x.mapping["name"] == "Exampleshire Community Rehabilitation Company"
    assert x.mapping["fieldwork"] == "2020-01-06" and x.rules.id == "hmip-probation-crc-2019"


# ------------------------------------------------------------------------- 4. key questions by structure

ASSESSMENT_ROWS = ("Does assessment focus sufficiently on engaging the person on probation?\t71%",
                   "Does assessment focus sufficiently on the factors linked to offending and desistance?\t76%",
                   "Does assessment focus sufficiently on keeping other people safe?\t32%")


def with_assessment_rows(*rows: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    for old, new in zip(ASSESSMENT_ROWS, rows):
        assert old in text
        text = text.replace(old, new)
    return text


def test_reworded_key_questions_are_matched_by_their_place_in_the_standards_table(tmp_path):
    """The seed with 2.2 Assessment's three questions reworded (as a framework may reword them): each row is
    taken for the rule set's question it is closest to (71, 76, 32 as printed), with the report's wording in
    a comment and a Warning line each; verify still agrees."""
    path = tmp_path / "reworded.txt"
    path.write_text(with_assessment_rows(
        "Does assessment sufficiently analyse the factors linked to offending and desistance?\t76%",  # order changed
        "Does assessment sufficiently focus on engaging with the person on probation?\t71%",
        "Does assessment sufficiently focus on keeping other people safe?\t32%"), encoding="utf-8")
    x = ratings.extract(path)
    assert x.mapping["cases"]["assessment"] == {"engagement": 71, "desistance": 76, "keeping_safe": 32}
    assert x.gaps == ()
    assert [w.split(":")[0] for w in x.warnings] == ["cases.assessment.engagement", "cases.assessment.desistance",
                                                     "cases.assessment.keeping_safe"]
    assert x.notes["cases.assessment.engagement"] == ("the report's wording: Does assessment sufficiently focus on "
                                                      "engaging with the person on probation? | 71%")
    assert "# the report's wording: Does assessment sufficiently focus on engaging" in x.to_yaml()
    run = CliRunner().invoke(main, ["verify", str(path)])
    assert run.exit_code == 0 and "1 agree" in run.stdout
    assert len([line for line in run.stderr.splitlines() if line.startswith("Warning: ")]) == 3


def test_two_rows_equally_close_to_two_questions_are_gaps_not_guesses(tmp_path):
    """Two rows worded alike (71% and 32%) for the two questions not found by their words: which is which
    cannot be told, so both are gaps naming the rows; the third, found by its words, stands."""
    x = extract_text(tmp_path, with_assessment_rows(
        "Does assessment focus sufficiently on the person?\t71%", ASSESSMENT_ROWS[1],
        "Does assessment focus sufficiently on the person?\t32%"))
    assert x.mapping["cases"]["assessment"] == {"engagement": "unknown", "desistance": 76, "keeping_safe": "unknown"}
    message = gaps(x)["cases.assessment.engagement"]
    assert message.startswith("not found by its words, and its standard's key-question table has more than one "
                              "row it may be: 'Does assessment focus sufficiently on the person? | 71%' (line 315)")
    assert "keeping_safe" in str(x.gaps) and x.warnings == ()


def test_a_row_like_no_question_is_taken_for_none(tmp_path):
    x = extract_text(tmp_path, with_assessment_rows(ASSESSMENT_ROWS[0], ASSESSMENT_ROWS[1],
                                                    "Were the case records kept up to date?\t32%"))
    assert x.mapping["cases"]["assessment"]["keeping_safe"] == "unknown"
    assert gaps(x)["cases.assessment.keeping_safe"] == "not found in the report"


# ---------------------------------------------------------------------------------------------- 5. layouts

RATINGS_PAGE_ROWS = """Ove\terall rating\tRequires improvement\t
1.\tOrganisational delivery\t\t
1.1\tLeadership\tRequires improvement\t
1.2\tStaff\tGood\t
1.3\tServices\tRequires improvement\t
1.4\tInformation and facilities\tGood\t
2.\tCourt work and case supervision\t\t
2.1\tCourt work\tNot rated\t
2.2\tAssessment\tInadequate\t
2.3\tPlanning\tInadequate\t
2.4\tImplementation and delivery\tInadequate\t
2.5\tReviewing\tRequires improvement\t
"""
#: The same page as a viewer gives it column by column: the numbers, then the names, then the ratings.
RATINGS_PAGE_COLUMNS = """Overall rating
1.
1.1
1.2
1.3
1.4
2.
2.1
2.2
2.3
2.4
2.5
Organisational delivery
Leadership
Staff
Services
Information and facilities
Court work and case supervision
Court work
Assessment
Planning
Implementation and delivery
Reviewing
Requires improvement
Requires improvement
Good
Requires improvement
Good
Not rated
Inadequate
Inadequate
Inadequate
Requires improvement
"""


def seed_without_sections() -> str:
    """The seed's openings and ratings page only (its sections, which repeat each rating, cut off)."""
    text = SEED.read_text(encoding="utf-8")
    return text[:text.index("\nRecommendations\n")] + "\n"


def test_a_ratings_page_read_column_by_column_is_paired_in_order(tmp_path):
    """Read off the page: Overall Requires improvement; Leadership RI, Staff Good, Services RI, Information
    and facilities Good, Court work Not rated, Assessment, Planning, Implementation and delivery Inadequate,
    Reviewing RI: the same as the row-by-row page gives."""
    rows = seed_without_sections()
    assert RATINGS_PAGE_ROWS in rows
    by_rows = extract_text(tmp_path, rows, name="rows.txt").mapping["published"]
    x = extract_text(tmp_path, rows.replace(RATINGS_PAGE_ROWS, RATINGS_PAGE_COLUMNS), name="columns.txt")
    assert x.mapping["published"] == by_rows
    assert x.mapping["published"]["ratings"]["reviewing"] == "Requires improvement"
    assert x.mapping["published"]["overall"] == "Requires improvement"


def test_a_ratings_page_whose_columns_do_not_line_up_gives_gaps_not_the_next_cell(tmp_path):
    """One rating missing from the column: which name it belonged to cannot be told, so no rating of the
    column is taken (never 'Requires improvement', the first rating, for the last name)."""
    broken = RATINGS_PAGE_COLUMNS.replace("Good\nNot rated\n", "Not rated\n", 1)
    x = extract_text(tmp_path, seed_without_sections().replace(RATINGS_PAGE_ROWS, broken),
                     rules="hmip-probation-pdu-2021")
    assert "ratings" not in x.mapping.get("published", {}) or not x.mapping["published"]["ratings"]
    message = gaps(x)["published.ratings.reviewing"]
    assert message.startswith("not found in the report: its table (line ") and \
        "is read column by column, and its 10 cells and 9 values do not line up" in message
    assert x.mapping["published"]["overall"] == "Requires improvement"  # the foreword's prose still gives it


def test_a_key_question_table_read_column_by_column(tmp_path):
    """Read off the table: engagement 71%, desistance 76%, keeping other people safe 32%."""
    column = ("Key question\n" + "\n".join(r.split("\t")[0] for r in ASSESSMENT_ROWS) + "\nPercentage 'Yes'\n"
              + "\n".join(r.split("\t")[1] for r in ASSESSMENT_ROWS) + "\n")
    text = SEED.read_text(encoding="utf-8").replace("Key question\tPercentage 'Yes'\n" + "\n".join(ASSESSMENT_ROWS)
                                                    + "\n", column)
    assert column in text
    x = extract_text(tmp_path, text)
    assert x.mapping["cases"]["assessment"] == {"engagement": 71, "desistance": 76, "keeping_safe": 32}
    assert x.gaps == ()


def test_a_page_header_inside_a_key_question_table(tmp_path):
    """A table crossing a page: the running header and the page number between two rows are passed over, and
    the reworded row after them is still matched by its place in the table."""
    text = with_assessment_rows(
        ASSESSMENT_ROWS[0] + "\nInspection of probation services: Cheshire West PDU\n12",
        ASSESSMENT_ROWS[1], "Does assessment sufficiently focus on keeping other people safe?\t32%")
    x = extract_text(tmp_path, text)
    assert x.mapping["cases"]["assessment"] == {"engagement": 71, "desistance": 76, "keeping_safe": 32}


@pytest.mark.parametrize("broken", ["implemen-\ntation", "implemen\u00adtation", "implemen- tation"])
def test_hyphenation_as_pdfs_give_it(tmp_path, broken):
    """A word of a key question broken at a line end, by a soft hyphen, or by a hyphen and a space."""
    old = "the implementation and delivery of services effectively support desistance"
    text = SEED.read_text(encoding="utf-8").replace(old, old.replace("implementation", broken))
    x = extract_text(tmp_path, text)
    assert x.mapping["cases"]["implementation_and_delivery"]["desistance"] == 35
    assert x.gaps == () and x.warnings == ()  # found by its words, not by its place in the table


# ------------------------------------------------------------------------ youth, region, approved premises

YOUTH = """An inspection of youth justice services in Exampleshire
HM Inspectorate of Probation, September 2022
We conducted fieldwork beginning 4 May 2022. We inspected 26 cases.
Overall, Exampleshire YJS was rated as 'Good'.
Ratings
Overall rating\tGood
1.1\tGovernance and leadership\tGood
1.2\tStaff\tOutstanding
1.3\tPartnerships and services\tGood
1.4\tInformation and facilities\tGood
2.1\tAssessment\tGood
2.2\tPlanning\tRequires improvement
2.3\tImplementation and delivery\tGood
2.4\tReviewing\tGood
3.1\tAssessment\tOutstanding
3.2\tPlanning\tGood
3.3\tImplementation and delivery\tGood
3.4\tOut-of-court disposal policy and provision\tGood
4.1\tResettlement policy and provision\tRequires improvement
2.1 Assessment
Key question\tPercentage 'Yes'
Does assessment sufficiently analyse how to support the child's desistance?\t77%
Does assessment sufficiently analyse how to keep the child safe?\t69%
Does assessment sufficiently analyse how to keep other people safe?\t73%
3.1 Assessment
Key question\tPercentage 'Yes'
Does assessment sufficiently analyse how to support the child's desistance?\t90%
Does assessment sufficiently analyse how to keep the child safe?\t85%
Does assessment sufficiently analyse how to keep other people safe?\t82%
"""


def test_a_youth_report_layout(tmp_path):
    """Read off it: Exampleshire, 4 May 2022, 26 cases, overall Good; Staff Outstanding, court Planning
    Requires improvement, out-of-court Assessment Outstanding, Resettlement Requires improvement; court
    assessment 77/69/73 and out-of-court assessment 90/85/82 (the same questions, told apart by section)."""
    x = extract_text(tmp_path, YOUTH)
    assert x.rules.id == "hmip-youth-2021"
    m = x.mapping
    assert (m["name"], m["fieldwork"], m["cases_inspected"]) == ("Exampleshire", "2022-05-04", 26)
    published = m["published"]
    assert published["overall"] == "Good" and x.places["published.overall"] == "line 4, line 6"
    assert {k: published["ratings"][k] for k in ("staff", "court_planning", "out_of_court_assessment",
                                                 "resettlement_policy_and_provision")} == {
        "staff": "Outstanding", "court_planning": "Requires improvement", "out_of_court_assessment": "Outstanding",
        "resettlement_policy_and_provision": "Requires improvement"}
    assert m["cases"]["court_assessment"] == {"desistance": 77, "safety_and_wellbeing": 69, "keeping_safe": 73}
    assert m["cases"]["out_of_court_assessment"] == {"desistance": 90, "safety_and_wellbeing": 85,
                                                     "keeping_safe": 82}


REGION = """An inspection of probation services: Exampleshire region
HM Inspectorate of Probation, March 2025
Our fieldwork took place from 4 to 15 November 2024.
Overall, the region has been rated as 'Requires improvement'.
Overall rating\tRequires improvement
1.1\tLeadership\tRequires improvement
1.2\tStaffing\tInadequate
2.1\tDesistance\tRequires improvement
2.2\tPublic protection\tInadequate
2.3\tResettlement\tGood
2.4\tUnpaid work\tGood
2.5\tCourt work\tGood
2.6\tVictim work\tOutstanding
2.1 Desistance
Key question\tPercentage 'Yes'
Does assessment sufficiently focus on the factors linked to offending and desistance?\t62%
Does planning sufficiently focus on reducing reoffending and supporting desistance?\t58%
Does the delivery of services effectively support desistance?\t51%
Does reviewing sufficiently focus on supporting desistance?\t55%
"""


def test_a_region_report_layout_with_its_key_questions_matched_by_place(tmp_path):
    """Read off it: Exampleshire region, fieldwork 4 November 2024, overall Requires improvement, Victim work
    Outstanding, Staffing Inadequate; Desistance's four questions, worded otherwise than the rule set's
    paraphrases, matched by their place in its table: 62, 58, 51, 55."""
    x = extract_text(tmp_path, REGION)
    assert x.rules.id == "hmip-probation-region-2023"
    m = x.mapping
    assert (m["name"], m["fieldwork"]) == ("Exampleshire region", "2024-11-04")
    assert m["published"]["overall"] == "Requires improvement"
    assert (m["published"]["ratings"]["victim_work"], m["published"]["ratings"]["staffing"]) == ("Outstanding",
                                                                                                 "Inadequate")
    assert m["cases"]["desistance"] == {"assessment": 62, "planning": 58, "implementation_and_delivery": 51,
                                        "reviewing": 55}
    assert len(x.warnings) == 4 and all(w.startswith("cases.desistance.") for w in x.warnings)


APPROVED_PREMISES = """An inspection of Exampletown Approved Premises
HM Inspectorate of Probation, December 2025
Fieldwork for this inspection began on 8 September 2025.
Foreword
We found a well-led approved premises, which resulted in a rating of 'Good'.
Ratings
1\tLeadership and governance\tGood
2\tStaffing\tRequires improvement
3\tSafety\tGood
4\tPublic protection\tGood
5\tRehabilitation\tOutstanding
"""


def test_an_approved_premises_report_layout(tmp_path):
    """Read off it: Exampletown Approved Premises, 8 September 2025, overall Good (said only in the
    foreword), the five standards' ratings as printed."""
    x = extract_text(tmp_path, APPROVED_PREMISES)
    assert x.rules.id == "hmip-approved-premises-2025"
    m = x.mapping
    assert (m["name"], m["fieldwork"]) == ("Exampletown Approved Premises", "2025-09-08")
    assert m["published"]["overall"] == "Good"
    assert m["published"]["ratings"] == {"leadership_and_governance": "Good", "staffing": "Requires improvement",
                                         "safety": "Good", "public_protection": "Good", "rehabilitation": "Outstanding"}
    run = CliRunner().invoke(main, ["verify", str(tmp_path / "report.txt")])
    assert run.exit_code == 0 and "1 agree" in run.stdout  # its published ratings give Good under the rule set


# ---------------------------------------------------------------------------------------------- 6. bounded


def test_extract_gives_up_past_max_seconds_saying_so(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(SEED.read_text(encoding="utf-8") * 20, encoding="utf-8")
    run = CliRunner().invoke(main, ["extract", str(path), "--max-seconds", "0.0001"])
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr.startswith(f"Error: {path}: gave up after 0.0001 s: read the report's words")


def test_key_question_tables_read_are_bounded_whatever_the_report_repeats(tmp_path, monkeypatch):
    """A text repeating a standard's heading and an unmatched table thousands of times: at most MAX_TABLES
    tables are matched (each match a bounded search), so the work does not grow with the repetitions."""
    from ratings.loading import extract as module
    from ratings.loading.key_question_tables import MAX_TABLES

    calls = []
    real = module.match
    monkeypatch.setattr(module, "match", lambda *a: calls.append(1) or real(*a))
    text = "2.2 Assessment\nKey question\tPercentage 'Yes'\nDoes it work?\t50%\n" * 2000
    extract_text(tmp_path, "An inspection of probation services in: X PDU\n" + text, rules="hmip-probation-pdu-2021")
    assert 0 < len(calls) <= MAX_TABLES


def test_a_title_line_of_any_length_is_read_in_bounded_time(tmp_path):
    """The title's pattern sees at most a title's length of a line, so a line of millions of spaces after
    'An inspection of ... in:' is no title (and no slow search): the name is a gap."""
    x = extract_text(tmp_path, "An inspection of probation services in: " + " " * 2_000_000 + "X PDU\n"
                     "Overall rating\tGood\n", rules="hmip-probation-pdu-2021")
    assert "name" not in x.mapping and x.mapping["published"]["overall"] == "Good"
