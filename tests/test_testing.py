"""ratings.testing, for testing one's own rule sets: its strategies (realistic by default, each option doing
what it says), every example in its docstrings (run as doctests), the error without the `testing` extra,
the deprecated ratings.strategies, and the pytest plugin collecting worked-case files in any repository."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
import textwrap
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

import ratings
import ratings.testing
from ratings.testing import as_yaml, inspection_files, inspections, near_edges, rule_set_texts, rule_sets

from conftest import ROOT

pytest_plugins = ["pytester"]

PDU = ratings.load_rules("hmip-probation-pdu-2021")
YOUTH = ratings.load_rules("hmip-youth-2021")


# ------------------------------------------------------------------------------------------ doctests


@pytest.mark.parametrize("module", ["ratings.testing", "ratings.testing.strategies",
                                    "ratings.testing.rule_set_strategies", "ratings.testing.published"])
def test_every_docstring_example_runs(module):
    """Each example in the module's docstrings runs and prints what it shows (pasted into Python, it
    works)."""
    found = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert found.attempted > 0
    assert found.failed == 0


# -------------------------------------------------------------------------------------------- options


@settings(max_examples=40)
@given(inspections(PDU))
def test_by_default_everything_is_rated_with_counts(mapping):
    """The default is realistic: every judgement a rating, every key question counts, so every standard is
    rated and the overall is a rating of the scale."""
    assert all(v in PDU.scale for v in mapping["judgements"].values())
    for sid, entry in mapping["cases"].items():
        assert all(set(r) == {"yes", "of"} and 0 <= r["yes"] <= r["of"] for r in entry.values()), sid
    result = ratings.rate(mapping, PDU)
    assert result.overall in PDU.scale
    assert all(s.rating.rated for s in result.standards.values())


def test_each_option_widens_what_is_drawn():
    """Over many draws, each option shows what it adds: Not rated standards and key questions without
    cases, unknowns, percentages, values at band thresholds, results as reports give them roughly."""
    seen: set[str] = set()
    edges = set(near_edges(PDU)) - {0, 100}

    @settings(max_examples=100, database=None)
    @given(st.data())
    def look(data):
        for options, tag in (({"not_rated": True}, "not rated"), ({"unknowns": True}, "unknown"),
                             ({"results": "percentages"}, "percentages"), ({"edges": True}, "edge"),
                             ({"results": "percentages", "edges": True}, "edge percent"),
                             ({"rough": True}, "rough")):
            mapping = data.draw(inspections(PDU, **options))
            values = [v for e in mapping["cases"].values() if isinstance(e, dict) for v in e.values()]
            whole = list(mapping["judgements"].values()) + list(mapping["cases"].values())
            if tag == "not rated" and ("not rated" in whole or "Not rated" in whole or None in values):
                seen.add(tag)
            if tag == "unknown" and "unknown" in whole + values:
                seen.add(tag)
            if tag == "percentages":
                assert all(not isinstance(v, dict) for v in values)
                seen.add(tag)
            if tag == "edge" and any(isinstance(v, dict) and Fraction(100 * v["yes"], v["of"]) in (50, 65, 80)
                                     for v in values):
                seen.add(tag)
            if tag == "edge percent" and any(v in edges for v in values):
                seen.add(tag)
            if tag == "rough":  # a range, a standard's figure alone, an award where a rule limits it
                shapes = {"between" for v in values if isinstance(v, dict) and "between" in v}
                shapes |= {"figure" for e in mapping["cases"].values() if isinstance(e, dict)
                           and set(e) & {"lowest", "mean"}}
                shapes |= {"award" for sid, j in mapping["judgements"].items() if isinstance(j, dict)
                           and PDU.rules_for(sid)}
                seen.update(f"rough {shape}" for shape in shapes)

    look()
    assert seen == {"not rated", "unknown", "percentages", "edge", "edge percent", "rough between", "rough figure",
                    "rough award"}


@settings(max_examples=20)
@given(st.data())
def test_any_option_gives_files_the_command_accepts(tmp_path_factory, data):
    """An inspection file drawn with every option rates (with unknowns, what remains possible)."""
    text = data.draw(inspection_files(YOUTH, not_rated=True, unknowns=True, results="either", edges=True))
    path = tmp_path_factory.getbasetemp() / "drawn.yaml"
    path.write_text(text)
    ratings.rate(str(path))


@settings(max_examples=40, deadline=None)
@given(rule_set_texts(), st.data())
def test_every_option_gives_files_that_rate_as_the_mapping_does_under_generated_rule_sets(tmp_path_factory, text,
                                                                                            data):
    """Under rule sets with thresholds no decimal holds (100/3 ± a hair), an inspection drawn with every option,
    rough values too, written as a file, loads and rates as the mapping does: every range end and figure is a
    number a file can hold."""
    folder = tmp_path_factory.mktemp("drawn")
    (folder / "rules.yaml").write_text(text, encoding="utf-8")
    rules = ratings.load_rules(str(folder / "rules.yaml"))
    mapping = data.draw(inspections(rules, not_rated=True, unknowns=True, results="either", edges=True,
                                    rough=True))
    (folder / "drawn.yaml").write_text(as_yaml(mapping), encoding="utf-8")
    assert refused_or(lambda: outcome(ratings.rate(str(folder / "drawn.yaml"), rules))) == \
        refused_or(lambda: outcome(ratings.rate(mapping, rules)))


def refused_or(rate):
    """What rating comes to, or the refusal (a rule reading the parts of a standard with unknowns: the search
    of unknowns refuses it, in one line), which must then be the same both ways."""
    try:
        return rate()
    except ratings.RatingsError as exc:
        assert "cannot weigh rule" in str(exc), exc
        return str(exc)


def outcome(result):
    """What a rating comes to (not its sentences, which quote values as each input gave them)."""
    data = result.to_dict()
    return ({sid: (s["rating"], s.get("possible")) for sid, s in data["standards"].items()},
            data["score"], data["max_score"], data["overall"], data.get("possible"))


@settings(max_examples=15, deadline=None)
@given(rule_sets(), st.data())
def test_drawn_rule_sets_rate_drawn_inspections(rules, data):
    """ratings.testing.rule_sets draws loaded rule sets; inspections of them rate."""
    result = ratings.rate(data.draw(inspections(rules, not_rated=True)), rules)
    assert result.score is None if rules.score is None else 0 <= result.score <= result.max_score


def test_a_bad_option_is_refused():
    with pytest.raises(ValueError, match="results must be one of counts, percentages, either"):
        inspections(PDU, results="counted")


# ------------------------------------------------------------------------------------ without hypothesis


def test_without_hypothesis_the_error_names_the_extra():
    """Importing ratings.testing works (the plugin needs it); a strategy without hypothesis installed is an
    error saying which extra installs it, not a bare 'No module named hypothesis'."""
    code = textwrap.dedent("""
        import sys
        sys.modules["hypothesis"] = None  # as if not installed
        import ratings, ratings.testing, ratings.testing.pytest_plugin
        try:
            from ratings.testing import inspections
        except ModuleNotFoundError as exc:
            print(exc)
        try:
            ratings.testing.rule_sets
        except ImportError as exc:
            print(exc)
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ['ratings.testing needs hypothesis, which the \'testing\' extra installs: '
                                       'pip install "ratings[testing]"'] * 2


def test_the_plugin_and_ratings_testing_load_nothing_of_the_library():
    """pytest loads the plugin in every project where ratings is installed: it must cost nothing there."""
    code = ("import sys, ratings.testing.pytest_plugin, ratings.testing; "
            "print(sorted(m for m in sys.modules if m.startswith(('ratings', 'hypothesis', 'yaml', 'attrs'))))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['ratings', 'ratings.testing', 'ratings.testing.pytest_plugin']"


def test_ratings_testing_is_an_attribute_of_ratings():
    code = "import ratings; print(ratings.testing.inspections.__module__, 'testing' in dir(ratings))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.split() == ["ratings.testing.strategies", "True"], run.stderr


def test_the_old_module_still_works_and_says_it_is_deprecated():
    sys.modules.pop("ratings.strategies", None)
    with pytest.warns(DeprecationWarning, match="use ratings.testing"):
        old = importlib.import_module("ratings.strategies")

    @settings(max_examples=10)
    @given(old.inspections(PDU))
    def rates(mapping):
        ratings.rate(mapping, PDU)

    rates()


# ------------------------------------------------------------------------------------------ the plugin

CASES = """\
rules: rules.yaml
worked_cases:
  - name: everything Good
    inspection:
      judgements: {leadership: Good, staff: Good, services: Good, information_and_facilities: Good}
      cases:
        court_work: not rated
        assessment: {engagement: 70, desistance: 70, keeping_safe: 70}
        planning: {engagement: 70, desistance: 70, keeping_safe: 70}
        implementation_and_delivery: {engagement: 70, desistance: 70, keeping_safe: 70}
        reviewing: {engagement: 70, desistance: 70, keeping_safe: 70}
    expect: {overall: Good, score: 16}
  - name: a wrong expectation
    inspection:
      judgements: {leadership: Good, staff: Good, services: Good, information_and_facilities: Good}
      cases:
        court_work: not rated
        assessment: {engagement: 70, desistance: 70, keeping_safe: 30}
        planning: {engagement: 70, desistance: 70, keeping_safe: 30}
        implementation_and_delivery: {engagement: 70, desistance: 70, keeping_safe: 70}
        reviewing: {engagement: 70, desistance: 70, keeping_safe: 70}
    expect:
      ratings: {leadership: Good}
"""


@pytest.fixture
def project(pytester):
    """A repository of one's own: a rule set and a worked-case file beside it."""
    (pytester.path / "rules.yaml").write_text((ROOT / "rules" / "hmip-probation-pdu-2021.yaml").read_text())
    (pytester.path / "rules.tests.yaml").write_text(CASES)
    return pytester


def test_the_plugin_collects_one_test_per_case_and_names_what_failed(project):
    """Each case is one test named by the case; a failure names the file and line, the case, the standard,
    and the expected and actual values."""
    run = project.runpytest("-v", "-p", "no:cacheprovider")
    run.assert_outcomes(passed=1, failed=1)
    run.stdout.fnmatch_lines(["*rules.tests.yaml::everything Good PASSED*",
                              "*rules.tests.yaml::a wrong expectation FAILED*"])
    line = CASES.splitlines().index("      ratings: {leadership: Good}") + 1
    run.stdout.fnmatch_lines([f"*rules.tests.yaml:{line}: worked case 'a wrong expectation': standard leadership: "
                              "expected Good, got Requires improvement"])


def test_worked_cases_in_rules_tests_are_collected_too(project):
    (project.path / "rules" / "tests").mkdir(parents=True)
    (project.path / "rules.tests.yaml").rename(project.path / "rules" / "tests" / "mine.yaml")
    text = (project.path / "rules" / "tests" / "mine.yaml").read_text().replace("rules: rules.yaml",
                                                                                "rules: ../../rules.yaml")
    (project.path / "rules" / "tests" / "mine.yaml").write_text(text)
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1, failed=1)


def test_the_patterns_are_an_ini_option(project):
    """`ratings_worked_cases` chooses the files; empty, it collects none; -p no:ratings turns it off."""
    (project.path / "rules.tests.yaml").rename(project.path / "framework.cases.yaml")
    project.makeini("[pytest]\nratings_worked_cases = *.cases.yaml\n")
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1, failed=1)
    project.makeini("[pytest]\nratings_worked_cases =\n")
    assert project.runpytest("-p", "no:cacheprovider").ret == pytest.ExitCode.NO_TESTS_COLLECTED
    project.makeini("[pytest]\nratings_worked_cases = *.cases.yaml\n")
    assert project.runpytest("-p", "no:cacheprovider", "-p", "no:ratings").ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_a_broken_worked_case_file_is_a_collection_error_listing_its_problems(project):
    (project.path / "rules.tests.yaml").write_text(CASES.replace("overall: Good", "overall: Grand"))
    run = project.runpytest("-p", "no:cacheprovider")
    assert run.ret == pytest.ExitCode.INTERRUPTED
    run.stdout.fnmatch_lines(["*ERROR collecting rules.tests.yaml*",
                              "*rules.tests.yaml:12: worked_cases[[]0[]].expect.overall: unknown rating 'Grand'*"])
    assert "Traceback" not in run.stdout.str()
