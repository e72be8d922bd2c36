"""Dates as reports publish them: `fieldwork:` as a day, a month, a range, a season or a quarter (other
spellings refused with the one they most likely mean), `published: {date}`, the rule set chosen from the
fieldwork, else from the publication date with that assumption stated, and a warning (not an error) for each
date outside the period of a rule set named for the file."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, strategies as st
import yaml

import ratings
from ratings.frontends.cli import main
from ratings.reading.dates import DateRefused, read_window

from conftest import CHESHIRE_WEST, CliRunner, every_judgement_good

D = dt.date


@pytest.mark.parametrize("written, start, end, form", [
    ("2023-03-13", D(2023, 3, 13), D(2023, 3, 13), "day"),
    ("2023-03", D(2023, 3, 1), D(2023, 3, 31), "month"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("March 2023", D(2023, 3, 1), D(2023, 3, 31), "month"),
    ("SEPTEMBER  2019", D(2019, 9, 1), D(2019, 9, 30), "month"),
    ("2023-03-13/2023-03-24", D(2023, 3, 13), D(2023, 3, 24), "range"),
    ("2023-03/2023-04", D(2023, 3, 1), D(2023, 4, 30), "range"),
    ("spring 2020", D(2020, 3, 1), D(2020, 5, 31), "season"),
    ("Summer 2021", D(2021, 6, 1), D(2021, 8, 31), "season"),
    ("autumn 2019", D(2019, 9, 1), D(2019, 11, 30), "season"),
    ("2019-Q1", D(2019, 1, 1), D(2019, 3, 31), "quarter"),
    ("2019-Q4", D(2019, 10, 1), D(2019, 12, 31), "quarter"),
    # as reports print them, each with one meaning
    ("13 March 2023", D(2023, 3, 13), D(2023, 3, 13), "day"),
    ("1st Sept 2023", D(2023, 9, 1), D(2023, 9, 1), "day"),
    ("March 13, 2023", D(2023, 3, 13), D(2023, 3, 13), "day"),
    ("Mar 2023", D(2023, 3, 1), D(2023, 3, 31), "month"),
    ("13-24 March 2023", D(2023, 3, 13), D(2023, 3, 24), "range"),
    ("13 to 24 March 2023", D(2023, 3, 13), D(2023, 3, 24), "range"),
    ("28 February to 3 March 2023", D(2023, 2, 28), D(2023, 3, 3), "range"),
])
def test_each_spelling_read_means_its_window(written, start, end, form):
    window = read_window(written)
    assert (window.start, window.end, window.form) == (start, end, form)


@pytest.mark.parametrize("written, hint", [
    ("fall 2019", "did you mean 'autumn 2019'?"),
    ("Q4 2019", "did you mean '2019-Q4'?"),
    ("winter 2019", "winter is not read, as it spans two years: give its months, e.g. '2019-12/2020-02' or "
                    "'2018-12/2019-02'"),
    ("2019/20", "a financial year is not read: give its months, e.g. '2019-04/2020-03'"),
    ("13/03/2023", "write a day as year-month-day: '2023-03-13' if the day comes first"),
])
def test_other_spellings_are_refused_with_the_one_meant(written, hint):
    with pytest.raises(DateRefused) as info:
        read_window(written)
    assert str(info.value) == (
        "expected a day (2023-03-13), a month (2023-03 or March 2023), a range (2023-03-13/2023-03-24), a season "
        f"(autumn 2019) or a quarter (2019-Q4), found '{written}'; {hint}")


def pdu2021(**top) -> dict:
    """Cheshire West's results (2021 PDU framework), with the top-level keys given and its own rules and
    fieldwork taken out."""
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    mapping["cases"]["planning"]["engagement"] = 68  # no {yes: ...} counts: yaml.safe_load reads 'yes' as True
    del mapping["rules"], mapping["fieldwork"]
    mapping.update(top)
    return mapping


def rate_json(tmp_path, mapping: dict, *args: str) -> dict:
    path = tmp_path / "inspection.yaml"
    path.write_text(yaml.safe_dump(mapping, sort_keys=False))
    run = CliRunner().invoke(main, ["rate", str(path), "--format", "json", *args])
    assert run.exit_code == 0, run.output
    return json.loads(run.stdout)


def rate_text(tmp_path, mapping: dict, *args: str) -> str:
    path = tmp_path / "inspection.yaml"
    path.write_text(yaml.safe_dump(mapping, sort_keys=False))
    run = CliRunner().invoke(main, ["rate", str(path), *args])
    assert run.exit_code == 0, run.output
    return run.stdout


@pytest.mark.parametrize("fieldwork, service, expected", [
    ("March 2023", "probation-pdu", "hmip-probation-pdu-2021"),
    ("2023-03-13/2023-03-24", "probation-pdu", "hmip-probation-pdu-2021"),
    ("summer 2023", "probation-pdu", "hmip-probation-pdu-2021"),
    ("autumn 2023", "probation-pdu", "hmip-probation-pdu-2023"),
    ("2023-Q4", "probation-pdu", "hmip-probation-pdu-2023"),
    ("autumn 2019", "youth-justice", "hmip-youth-2018"),
    ("2019-Q4", "probation-crc", "hmip-probation-crc-2019"),
])
def test_a_fieldwork_window_within_one_period_chooses_that_rule_set(fieldwork, service, expected):
    rules = ratings.load_rules(expected)
    mapping = {"service": service, "fieldwork": fieldwork, **every_judgement_good(rules)}
    result = ratings.rate(mapping)
    assert result.rules.id == expected
    dates = result.to_dict()["dates"]
    assert dates["rules_chosen_by"] == "fieldwork" and dates["note"] is None and dates["warnings"] == []
    assert dates["fieldwork"]["as_written"] == fieldwork


def test_a_window_straddling_two_periods_is_refused_naming_both():
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate(pdu2021(fieldwork="2023-08-14/2023-09-08"))
    assert info.value.key == "fieldwork"
    assert info.value.message == (
        "the fieldwork 2023-08-14/2023-09-08 (2023-08-14 to 2023-09-08) straddles the periods of "
        "hmip-probation-pdu-2021 (2021-06-01 to 2023-08-31) and hmip-probation-pdu-2023 (2023-09-01 to now); "
        "name one with 'rules:' (a rule set is never chosen by one end of the dates alone)")


def test_the_publication_date_chooses_when_fieldwork_is_not_given_and_the_output_says_so(tmp_path):
    mapping = pdu2021(published={"date": "June 2023", "overall": "Requires improvement"})
    data = rate_json(tmp_path, mapping)
    assert data["rules"] == "hmip-probation-pdu-2021"
    note = ("hmip-probation-pdu-2021 was chosen from the publication date, June 2023 (2023-06-01 to 2023-06-30), "
            "as the file gives no fieldwork: it was in force then (2021-06-01 to 2023-08-31), and the fieldwork, "
            "some months before publication, is assumed to fall in the same period. Give 'fieldwork:' or "
            "'rules:' to be sure.")
    assert data["dates"] == {"fieldwork": None,
                             "published": {"from": "2023-06-01", "until": "2023-06-30", "as_written": "June 2023"},
                             "rules_chosen_by": "publication date", "note": note, "warnings": []}
    text = rate_text(tmp_path, mapping)
    assert " ".join(text.split("\n\n")[0].split()).endswith("Note: " + note)


def test_a_publication_soon_after_a_period_began_warns_of_the_rule_set_before(tmp_path):
    rules = ratings.load_rules("hmip-youth-2021")
    mapping = {"service": "youth-justice", "published": {"date": "2021-10-05"}, **every_judgement_good(rules)}
    data = rate_json(tmp_path, mapping)
    assert data["rules"] == "hmip-youth-2021"
    assert data["dates"]["warnings"] == [
        "hmip-youth-2021 came into force on 2021-07-01, less than six months before publication: fieldwork before "
        "then was under hmip-youth-2018; name it with 'rules:' if so."]
    assert "Warning: hmip-youth-2021 came into force on 2021-07-01" in rate_text(tmp_path, mapping)


@pytest.mark.parametrize("how", ["file", "option", "engine"])
def test_a_fieldwork_outside_the_named_rule_sets_period_is_a_warning_not_an_error(tmp_path, how):
    mapping = pdu2021(fieldwork="autumn 2019")
    if how == "file":
        mapping["rules"] = "hmip-probation-pdu-2021"
        data = rate_json(tmp_path, mapping)
    elif how == "option":
        mapping["rules"] = "hmip-probation-pdu-2023"  # overridden by --rules
        data = rate_json(tmp_path, mapping, "--rules", "hmip-probation-pdu-2021")
    else:
        data = ratings.Engine("hmip-probation-pdu-2021").rate(mapping).to_dict()
    warning = ("The fieldwork, autumn 2019 (2019-09-01 to 2019-11-30), lies outside the period of "
               "hmip-probation-pdu-2021 (2021-06-01 to 2023-08-31).")
    assert data["overall"] == "Requires improvement"  # rated all the same
    assert data["dates"]["rules_chosen_by"] == "named"
    assert data["dates"]["warnings"] == [warning]
    if how == "file":
        assert " ".join(rate_text(tmp_path, mapping).split()).count("Warning: " + warning) == 1


@pytest.mark.parametrize("dates, warnings", [
    ({"fieldwork": "2023-08-14/2023-09-08"},
     ["Part of the fieldwork, 2023-08-14/2023-09-08 (2023-08-14 to 2023-09-08), lies outside the period of "
      "hmip-probation-pdu-2021 (2021-06-01 to 2023-08-31)."]),
    ({"published": {"date": "2021-02"}},
     ["The publication date, 2021-02 (2021-02-01 to 2021-02-28), is before the period of hmip-probation-pdu-2021 "
      "(2021-06-01 to 2023-08-31) began."]),
    ({"published": {"date": "2023-11-20"}},
     ["The publication date, 2023-11-20, is after the period of hmip-probation-pdu-2021 (2021-06-01 to "
      "2023-08-31) ended; the fieldwork, some months before publication, may still fall within it."]),
    ({"fieldwork": "2023-07", "published": {"date": "2023-11-20"}}, []),  # published after fieldwork in period
    ({"fieldwork": "2023-03-20", "published": {"date": "2023-06-29"}}, []),
])
def test_dates_beside_a_named_rule_set(tmp_path, dates, warnings):
    data = rate_json(tmp_path, pdu2021(rules="hmip-probation-pdu-2021", **dates))
    assert data["dates"]["warnings"] == warnings
    assert data["dates"]["note"] is None


def test_without_rules_or_dates_the_newest_rule_set_is_named_as_an_assumption(tmp_path):
    rules = ratings.load_rules("hmip-probation-pdu-2023")
    mapping = every_judgement_good(rules)
    data = rate_json(tmp_path, mapping)
    assert data["dates"] == {"fieldwork": None, "published": None, "rules_chosen_by": "newest",
                             "note": "hmip-probation-pdu-2023 is the newest probation-pdu rule set: the file gives "
                                     "no rules, fieldwork or publication date to choose by.", "warnings": []}


def test_a_named_rule_set_and_no_dates_leave_the_output_as_it_was(tmp_path):
    mapping = pdu2021(rules="hmip-probation-pdu-2021")
    data = rate_json(tmp_path, mapping)
    assert "dates" not in data
    assert rate_text(tmp_path, mapping).split("\n")[2] == ""  # the name, the rule set, then the ratings page
    assert ratings.rate(mapping).to_dict() == ratings.rate(tmp_path / "inspection.yaml").to_dict()


def test_the_inspection_keeps_the_first_day_of_its_fieldwork():
    _, inspection = ratings.load_inspection(pdu2021(fieldwork="autumn 2022"))
    assert inspection.fieldwork == D(2022, 9, 1)
    assert inspection.dating.fieldwork.end == D(2022, 11, 30)


def test_a_publication_date_alone_is_nothing_to_verify(tmp_path):
    path = tmp_path / "dated.yaml"
    path.write_text(yaml.safe_dump(pdu2021(rules="hmip-probation-pdu-2021", published={"date": "2023-06-29"})))
    run = CliRunner().invoke(main, ["verify", str(path)])
    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines()[0] == f"unchecked  {path}: no published ratings"


@given(st.one_of(st.text(max_size=40), st.from_regex(r"\A[0-9QqA-Za-z /\-–.,]{0,30}\Z")))
def test_any_text_is_read_as_a_window_or_refused_with_a_reason(text):
    try:
        window = read_window(text)
    except DateRefused as exc:
        assert str(exc)
    else:
        assert window.start <= window.end and window.form in ("day", "month", "range", "season", "quarter")
