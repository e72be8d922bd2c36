"""Other scales (issue 22): `scales:` beside the rule set's scale, a judged standard on one (`scale: NAME`),
an overall rating by rules on one (a category of concern), and `colour` on any rating.

Checked against the published rules, written here independently of the rule sets: Ofsted's categories of
concern as the National Education Union states them, over every combination of grades; and against what the
outputs must say (never counted, never scored, the JSON naming the scale, the page's colours). The generated
rule-set properties (tests/test_generated_rule_sets.py) draw other scales too.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re

import pytest

import ratings
from ratings.frontends.cli import main

from conftest import CHESHIRE_WEST, ROOT, CliRunner

OFSTED = ROOT / "docs" / "example-rules" / "ofsted-report-cards-2025.yaml"
SCHOOL = ROOT / "docs" / "example-rules" / "ofsted-school-example.yaml"
AREAS = ("inclusion", "curriculum_and_teaching", "achievement", "attendance_and_behaviour", "personal_development",
         "leadership_and_governance", "early_years", "sixth_form")
EXPECTED, NEEDS, URGENT = "Expected standard", "Needs attention", "Urgent improvement"


def category(grades: dict[str, str], safeguarding: str) -> str:
    """The NEU's words: special measures when Leadership and governance needs urgent improvement and another
    area does too, or safeguarding is not met; requires significant improvement when any area needs urgent
    improvement (Leadership and governance alone included), or safeguarding is not met; else none."""
    urgent = {area for area, grade in grades.items() if grade == URGENT}
    leadership = "leadership_and_governance" in urgent
    if leadership and (urgent - {"leadership_and_governance"} or safeguarding == "Not met"):
        return "Special measures"
    if urgent or safeguarding == "Not met":
        return "Requires significant improvement"
    return "No category of concern"


@pytest.fixture(scope="module")
def ofsted() -> ratings.RuleSet:
    return ratings.load_rules(OFSTED)


def test_every_combination_gives_the_category_the_published_rules_give(ofsted):
    """3^8 x 2 = 13,122 report cards (each area Expected standard, Needs attention or Urgent improvement;
    safeguarding met or not), each rated by the fast path, and a sample by the ordinary path."""
    combos = [(dict(zip(AREAS, grades)), safeguarding)
              for grades in itertools.product((EXPECTED, NEEDS, URGENT), repeat=len(AREAS))
              for safeguarding in ("Met", "Not met")]
    mappings = [{"judgements": {**grades, "safeguarding": safeguarding}} for grades, safeguarding in combos]
    engine = ratings.Engine(ofsted)
    for (grades, safeguarding), result in zip(combos, engine.rate_many(mappings, trace=False)):
        assert str(result.overall) == category(grades, safeguarding), (grades, safeguarding)
        assert result.standards["safeguarding"].counted is False
    for mapping, (grades, safeguarding) in list(zip(mappings, combos))[::331]:
        assert str(engine.evaluate(engine.load(mapping)).overall) == category(grades, safeguarding)


def test_the_json_names_the_other_scales_and_hmips_gains_no_key():
    data = ratings.rate(SCHOOL).to_dict()
    assert data["standards"]["safeguarding"] == {"name": "Safeguarding", "rating": "Met", "points": None,
                                                 "counted": False, "scale": "safeguarding", "judgement": "Met",
                                                 "capped_by": None}
    assert (data["overall"], data["overall_scale"], data["score"]) == ("No category of concern", "concern", None)
    hmip = ratings.rate(CHESHIRE_WEST).to_dict()
    assert "overall_scale" not in hmip and not any("scale" in s for s in hmip["standards"].values())


def test_a_standard_on_another_scale_is_never_counted(tmp_path):
    """Not in `counts` (whose ratings are the rule set's scale's), nor in a domain's counts and shares, nor in
    min_rated: CQC's regulations breached beside five Good key questions is five Good, one Breach."""
    result = ratings.rate({"rules": "cqc-adult-social-care-2014", "judgements": {
        "safe": "Good", "effective": "Good", "caring": "Good", "responsive": "Good", "well_led": "Good",
        "regulations": "Breach"}})
    assert (str(result.overall), result.overall_by) == ("Requires improvement", "breach")
    path = tmp_path / "home.json"
    path.write_text(json.dumps({"rules": "cqc-adult-social-care-2014", "judgements": {
        "safe": "Good", "effective": "Good", "caring": "Good", "responsive": "Good", "well_led": "Good",
        "regulations": "Breach"}, "published": {"counts": {"Good": 5, "Breach": 1}}}))
    run = CliRunner().invoke(main, ["verify", str(path)])
    assert run.exit_code == 1
    assert "published.counts.Breach: unknown rating 'Breach'" in run.stderr


def test_the_page_draws_each_rating_in_its_scales_colour(tmp_path):
    out = tmp_path / "page.html"
    assert CliRunner().invoke(main, ["report", str(SCHOOL), "-o", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    # the rule set's colours: Exceptional dark green, Met dark green, Urgent improvement red
    assert ".rating.c0b6e3d,.band.c0b6e3d.solid{background:#0b6e3d;color:#fff" in style
    assert '<span class="rating c0b6e3d">Met</span>' in page
    assert '<span class="rating cc2cc2e">Expected standard</span>' in page
    # the Content-Security-Policy allows exactly that style
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in page


def test_the_template_card_and_confidence_say_each_standards_own_ratings():
    template = CliRunner().invoke(main, ["template", "--rules", str(OFSTED)]).stdout
    assert "# Safeguarding (Met, Not met or Not graded)" in template
    card = CliRunner().invoke(main, ["rules", "show", str(OFSTED)]).stdout
    assert "Scale concern\n  No category of concern, Requires significant improvement, Special measures (best first)" \
        in card
    assert "Safeguarding [safeguarding]: judged on scale safeguarding, not counted" in card
    answer = ratings.confidence(SCHOOL)
    assert answer.standards["safeguarding"] == {"Met": 1.0, "Not met": 0.0}
    assert answer.overall == {"No category of concern": 1.0, "Requires significant improvement": 0.0,
                              "Special measures": 0.0}
    text = CliRunner().invoke(main, ["confidence", str(SCHOOL)]).stdout
    row = next(line for line in text.splitlines() if line.strip().startswith("Safeguarding"))
    assert row.split() == ["Safeguarding", "100%", "0", "0", "Met"]  # blank under the other scales' ratings


def test_unknowns_and_gap_work_on_the_scale_of_what_they_ask_about(ofsted):
    school = {"rules": str(OFSTED), "judgements": {**dict.fromkeys(AREAS, EXPECTED), "sixth_form": "not graded",
                                                   "safeguarding": "unknown"}}
    result = ratings.rate(school)
    # worst first, as every list of what remains possible is
    assert [str(r) for r in result.possible.standards["safeguarding"]] == ["Not met", "Met"]
    assert [str(r) for r in result.possible.overall] == ["Requires significant improvement", "No category of concern"]
    with pytest.raises(ratings.RatingsError, match="unknown target rating 'Good'.*the ratings are No category of "
                                                   "concern, Requires significant improvement, Special measures"):
        ratings.gap({**school, "judgements": {**school["judgements"], "safeguarding": "Met"}}, "Good")


def test_a_diff_needs_the_same_scales(tmp_path):
    same = ratings.diff(str(OFSTED), str(OFSTED)) if hasattr(ratings, "diff") else None
    run = CliRunner().invoke(main, ["rules", "diff", str(OFSTED), str(OFSTED)])
    assert run.exit_code == 0, run.stderr
    assert same is None or same.differ == 0
    other = tmp_path / "other.yaml"
    other.write_text(OFSTED.read_text(encoding="utf-8").replace("{name: Not met,", "{name: Unmet,").replace(
        "at_or_below: Not met", "at_or_below: Unmet"), encoding="utf-8")
    run = CliRunner().invoke(main, ["rules", "diff", str(OFSTED), str(other)])
    assert run.exit_code == 1
    assert "have different other scales ('scales')" in run.stderr


@pytest.mark.parametrize("command", [
    ["rate", "{school}", "--rules", "{rules}"],
    ["rate", "{school}", "--rules", "{rules}", "--format", "json"],
    ["gap", "{school}", "--rules", "{rules}", "--target", "No category of concern"],
    ["confidence", "{school}", "--rules", "{rules}"],
    ["verify", "{school}", "--rules", "{rules}"],
    ["report", "{school}", "--rules", "{rules}", "-o", "{page}"],
    ["rules", "show", "{rules}"],
    ["rules", "check", "{rules}"],
    ["rules", "test", "{tests}"],
    ["template", "--rules", "{rules}"],
    ["schema", "--rules", "{rules}"],
], ids=lambda c: " ".join(c[:2]))
def test_a_rule_set_with_other_scales_works_from_a_file_through_every_command(tmp_path, command):
    """Issue 22: a rule set written in YAML alone, outside the package (Ofsted's report cards, with two other
    scales and colours), rates, explains, gaps, verifies and reports through --rules PATH."""
    school = tmp_path / "school.yaml"
    school.write_text("\n".join(line for line in SCHOOL.read_text().splitlines() if not line.startswith("rules:")))
    args = [a.format(school=school, rules=OFSTED, page=tmp_path / "page.html",
                     tests=OFSTED.with_name("ofsted-report-cards-2025.tests.yaml")) for a in command]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 0, run.stderr
    assert "Traceback" not in run.output and "Error" not in run.stderr
