"""Resource bombs (issue 11, item 7): the bounds on what a rule set may hold, checking that stays near-linear
in the size of a rule set, and the time budget of every search (gap, confidence, unknowns, verify), after
which it stops with an error saying what it did establish. Rule sets too big to keep as broken files are
generated here; the bounds that one small file can break are in tests/broken/rules/."""

from __future__ import annotations

from pathlib import Path

import pytest

import ratings
from ratings.kinds import overall
from ratings.analyses import verify as verify_module
from ratings.analyses.verify import verify_file
from ratings.engine.plan import dependency_order
from ratings.frontends.cli import main
from ratings.model import limits
from ratings.reading.reader import suggestion

from conftest import CliRunner

BANDS = """
      - {rating: Outstanding, at_least: 80, at_most: 100}
      - {rating: Good, at_least: 65, below: 80}
      - {rating: Requires improvement, at_least: 50, below: 65}
      - {rating: Inadequate, at_least: 0, below: 50}"""


def rule_set(standards: int = 4, case: int = 0, domains: int = 1, key_questions: int = 2, rules: str = "") -> str:
    """A valid rule set of ``standards`` standards (the first ``case`` of them case standards, ids s0, s1, ...)
    in ``domains`` domains (d0, d1, ...), with ``rules`` as its decision rules."""
    per = -(-standards // domains)
    lines = [f"""id: big
title: big
service: testing
source: t
confidence: assumed
in_force: {{from: 2024-01, source: t, confidence: assumed}}
scale:
  ratings:
    - {{name: Outstanding, points: 3}}
    - {{name: Good, points: 2}}
    - {{name: Requires improvement, points: 1}}
    - {{name: Inadequate, points: 0}}
  not_rated: Not rated
  source: t
  confidence: assumed
case_rating: {{id: lowest, method: lowest_key_question, description: d, source: t, confidence: assumed}}
bands:
  case-bands:
    measures: m
    bands:{BANDS}
    source: t
    confidence: assumed
domains:"""]
    questions = "{" + ", ".join(f"q{k}: Q{k}?" for k in range(key_questions)) + "}"
    for d in range(domains):
        lines.append(f"  - {{id: d{d}, name: D{d}, source: t, confidence: assumed, standards: [")
        for i in range(d * per, min(standards, (d + 1) * per)):
            kind = f"case, key_questions: {questions}" if i < case else "judged"
            lines.append(f"      {{id: s{i}, name: S{i}, kind: {kind}}},")
        lines.append("    ]}")
    if rules:
        lines.append("decision_rules:\n" + rules)
    lines.append("""score: {id: score, description: d, source: t, confidence: assumed}
overall:
  id: overall
  measures: mean points
  bands:
    - {rating: Outstanding, above: 5/2, at_most: 3}
    - {rating: Good, above: 3/2, at_most: 5/2}
    - {rating: Requires improvement, above: 1/2, at_most: 3/2}
    - {rating: Inadequate, at_least: 0, at_most: 1/2}
  source: t
  confidence: assumed
""")
    return "\n".join(lines)


def rule(i: int, limits_what: str, when: str) -> str:
    return f"  - {{id: r{i}, limits: {limits_what}, at_most: Good, when: {when}, source: t, confidence: assumed}}\n"


def check(tmp_path, text: str) -> tuple[list[str], int]:
    """The error lines ``ratings rules check`` prints for a rule set, each as 'LINE: key: message', and its exit
    code."""
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    run = CliRunner().invoke(main, ["rules", "check", str(path)])
    prefix = f"Error: {path}:"
    assert all(line.startswith(prefix) for line in run.stderr.splitlines()), run.stderr
    return [line[len(prefix):] for line in run.stderr.splitlines()], run.exit_code


# --------------------------------------------------------------------------------------- bounds on rule sets


def test_the_generated_rule_set_is_valid(tmp_path):
    assert check(tmp_path, rule_set(10, 5, 2)) == ([], 0)


@pytest.mark.parametrize("text, message", [
    (rule_set(limits.MAX_STANDARDS + 1, domains=20),
     f"domains: too many standards ({limits.MAX_STANDARDS + 1:,}): a rule set may hold at most "
     f"{limits.MAX_STANDARDS:,}"),
    (rule_set(limits.MAX_DOMAINS + 1, domains=limits.MAX_DOMAINS + 1),
     f"domains: too many domains ({limits.MAX_DOMAINS + 1}): a rule set may hold at most {limits.MAX_DOMAINS}"),
    (rule_set(2, case=1, key_questions=limits.MAX_KEY_QUESTIONS + 1),
     f"domains[0].standards[0].key_questions: too many key questions ({limits.MAX_KEY_QUESTIONS + 1}): a "
     f"standard may hold at most {limits.MAX_KEY_QUESTIONS}"),
    (rule_set(2, rules="".join(rule(i, "overall", "{standard: s0, at_or_below: Inadequate}")
                               for i in range(limits.MAX_DECISION_RULES + 1))),
     f"decision_rules: too many decision rules ({limits.MAX_DECISION_RULES + 1:,}): a rule set may hold at most "
     f"{limits.MAX_DECISION_RULES:,}"),
])
def test_a_count_over_its_bound_is_refused_alone_with_its_line(tmp_path, text, message):
    """Each bound is reported with the file, line and key, and nothing else is: the oversized rule set is
    refused before it is read any further."""
    errors, code = check(tmp_path, text)
    assert code == 1
    assert [e.split(": ", 1)[1] for e in errors] == [message]
    assert errors[0].split(": ", 1)[0].isdigit()


def test_conditions_reading_too_many_standards_are_refused(tmp_path):
    """A rule over a domain reads every standard of it, and every rule's condition is compiled term by term,
    so the standards read by all conditions together are bounded."""
    per_rule = 500
    count = limits.MAX_CONDITION_READS // per_rule + 1
    rules = "".join(rule(i, "overall", "{domain: d0, at_or_below: Inadequate, at_least_count: 2}")
                    for i in range(count))
    errors, code = check(tmp_path, rule_set(per_rule, rules=rules))
    assert code == 1
    assert [e.split(": ", 1)[1] for e in errors] == [f"decision_rules: the conditions read too many standards ({count * per_rule:,}, counting "
                      f"every standard of each group every time it is read): decision rules may read at most "
                      f"{limits.MAX_CONDITION_READS:,} in all"]


def test_large_points_do_not_size_the_overall_table(tmp_path):
    """The overall rating from the score is kept as runs of one rank (at most one per band), not one entry per
    possible score: the top points allowed cost no more than 3."""
    path = tmp_path / "rules.yaml"
    path.write_text(rule_set(200, case=100).replace("points: 3}", f"points: {limits.MAX_POINTS}}}")
                    .replace("at_most: 3}", f"at_most: {limits.MAX_POINTS}}}"))
    step = ratings.load_rules(path).plan.overall_step
    assert len(step.cuts) == 201
    assert max(len(c) for c in step.cuts) <= 4
    assert step.rank(200, 200 * limits.MAX_POINTS) == 4 and step.rank(200, 0) == 1


@pytest.mark.parametrize("points", [3, limits.MAX_POINTS])
def test_the_compiled_overall_agrees_with_the_step_for_every_score(tmp_path, points):
    """Compiled code looks the overall up in a table of every score when that is small, and in the runs when
    it is not: either way, for every number of rated standards and every score, the same rank as the step's
    own ``rank``."""
    from ratings.kinds.base import Code

    path = tmp_path / "rules.yaml"
    path.write_text(rule_set(40, case=0).replace("points: 3}", f"points: {points}}}")
                    .replace("at_most: 3}", f"at_most: {points}}}"))
    step = ratings.load_rules(path).plan.overall_step
    assert (points * 40 * 40 <= overall.TABLE_CELLS) == (points == 3)  # both forms are exercised
    code = Code()
    step.emit(code)
    compiled = code.function("def overall(s, n):\n" + "\n".join(code.lines) + f"\n    return r{step.slot}",
                             "overall")
    for n in range(41):
        for score in range(points * n + 1):
            assert compiled(score, n) == step.rank(n, score), (n, score)


def test_a_long_chain_of_rules_is_ordered_without_recursion(tmp_path):
    """Each standard limited by the next: dependency order walks the chain without a Python recursion (which
    once overflowed the stack on a long chain) and puts every standard after the one it reads."""
    n = limits.MAX_STANDARDS - 1
    rules = "".join(rule(i, f"s{i}", f"{{standard: s{i + 1}, at_or_below: Inadequate}}") for i in range(n))
    path = tmp_path / "rules.yaml"
    path.write_text(rule_set(n + 1, rules=rules))
    order = ratings.load_rules(path).plan.order
    assert list(order) == [f"s{i}" for i in range(n, -1, -1)]


def test_dependency_order_still_reports_each_cycle_once():
    needs = {"a": [("b", "r1")], "b": [("c", "r2")], "c": [("a", "r3")], "d": [("a", "r4")]}
    order, cycles = dependency_order(needs)
    assert sorted(order) == ["a", "b", "c", "d"]
    assert cycles == [[("a", None), ("b", "r1"), ("c", "r2"), ("a", "r3")]]


def test_a_suggestion_too_costly_to_make_is_left_out():
    """A mistyped long name among a thousand long ids gets no suggestion rather than a slow one."""
    ids = [f"{'x' * 150}{i}" for i in range(1000)]
    assert suggestion("x" * 150 + "-1", ids) is None
    assert suggestion("s1O", ["s10", "s11", "s12"]) == "s10"  # a cheap one is still made


# ----------------------------------------------------------------------------------------- time budgets


@pytest.fixture
def thirty(tmp_path):
    """30 case standards, each but the last limited by a rule reading the next: a shape the search by counts
    leaves to the enumeration (every standard kept as it is), with far too many combinations for any search
    to finish in 0.01 s. (The rules never apply to the inspections below: no standard is Inadequate.)"""
    path = tmp_path / "thirty.yaml"
    chain = "".join(rule(i, f"s{i}", f"{{standard: s{i + 1}, at_or_below: Inadequate}}") for i in range(29))
    path.write_text(rule_set(30, case=30, rules=chain))
    return path


def inspection(tmp_path, rules, case: str, published: str = "") -> str:
    path = tmp_path / "inspection.yaml"
    lines = "".join(f"  s{i}: {case.format(yes=20 + i % 20)}\n" for i in range(30))
    path.write_text(f"name: Thirty\nrules: {rules}\ncases:\n{lines}{published}")
    return str(path)


KNOWN = "{{q0: {{yes: {yes}, of: 40}}, q1: {{yes: 30, of: 40}}}}"


def gave_up(exc: ratings.RatingsError, what: str) -> None:
    assert exc.message.startswith("gave up after 0.01 s: " + what), exc.message
    assert exc.message.endswith("; allow more time with --max-seconds (or max_seconds=)")


def test_gap_gives_up_saying_what_it_found(tmp_path, thirty):
    source = inspection(tmp_path, thirty, KNOWN)
    with pytest.raises(ratings.RatingsError) as info:
        ratings.gap(source, "Outstanding", max_seconds=0.01)
    gave_up(info.value, "")
    assert ("Outstanding can be reached" in info.value.message
            or "the cheapest way found so far to reach Outstanding takes" in info.value.message)
    assert "; the current rating is Good;" in info.value.message
    assert info.value.file == source


def test_confidence_gives_up_saying_how_far_it_got(tmp_path, thirty):
    source = inspection(tmp_path, thirty, KNOWN)
    with pytest.raises(ratings.RatingsError) as info:
        ratings.Engine(thirty).confidence(source, max_seconds=0.01)
    gave_up(info.value, "went through ")
    assert "of the 1,152,921,504,606,846,976 combinations of the case standards' ratings" in info.value.message


def test_unknowns_give_up_saying_what_they_found(tmp_path, thirty):
    source = inspection(tmp_path, thirty, "unknown")
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate(source, max_seconds=0.01)
    gave_up(info.value, "the 30 unknown inputs can be filled in 931,322,574,615,478,515,625 ways, too many to "
                        "search in time; ")


def test_verify_gives_up_as_that_files_error(tmp_path, thirty):
    source = inspection(tmp_path, thirty, "unknown", "published: {score: 30, overall: Good}\n")
    found = verify_file(source, max_seconds=0.01)
    assert found.agrees is None
    assert found.error.startswith(f"{source}: gave up after 0.01 s: the 30 unknown inputs")


@pytest.mark.parametrize("command", [
    ["gap", "{file}", "--target", "Outstanding"],
    ["confidence", "{file}"],
    ["rate", "{unknown}"],
    ["verify", "{unknown}"],
])
def test_every_search_command_takes_max_seconds(tmp_path, thirty, command):
    file = inspection(tmp_path, thirty, "unknown" if "{unknown}" in command else KNOWN,
                      "published: {score: 30, overall: Good}\n" if command[0] == "verify" else "")
    args = [a.format(file=file, unknown=file) for a in command] + ["--max-seconds", "0.01"]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 1
    assert f"Error: {file}: gave up after 0.01 s: " in run.stderr
    assert "Traceback" not in run.output


def test_batch_and_rules_test_take_max_seconds_for_each_file_and_case(tmp_path, thirty):
    """Issue 23 (6): every command that can be made to work long takes --max-seconds: batch (each file's
    search of its unknowns: that row's error) and rules test (each worked case's: that case's failure)."""
    file = inspection(tmp_path, thirty, "unknown")
    run = CliRunner().invoke(main, ["batch", str(file), "--max-seconds", "0.01"])
    assert run.exit_code == 1 and f",false,\"{file}: gave up after 0.01 s: the 30 unknown inputs" in run.stdout
    cases = tmp_path / "cases.tests.yaml"
    body = "\n".join("      " + line for line in Path(file).read_text().splitlines() if not line.startswith("rules:"))
    cases.write_text(f"rules: {thirty}\nworked_cases:\n  - name: thirty unknown\n    inspection:\n{body}\n"
                     "    expect: {overall: Good}\n")
    run = CliRunner().invoke(main, ["rules", "test", str(cases), "--max-seconds", "0.01"])
    assert run.exit_code == 1 and "worked case 'thirty unknown': gave up after 0.01 s: the 30 unknown" in run.stderr


def test_max_seconds_must_be_positive(tmp_path, thirty):
    run = CliRunner().invoke(main, ["rate", inspection(tmp_path, thirty, KNOWN), "--max-seconds", "0"])
    assert run.exit_code == 2 and "--max-seconds" in run.stderr
    with pytest.raises(ratings.RatingsError, match="the time budget must be a positive number of seconds"):
        ratings.rate(inspection(tmp_path, thirty, "unknown"), max_seconds=-1)


def test_no_limit_and_an_easy_search_finish(tmp_path):
    """A budget only ends a search that runs past it: small searches finish under the default or none."""
    path = tmp_path / "small.yaml"
    path.write_text(rule_set(3, case=3))
    source = tmp_path / "i.yaml"
    source.write_text(f"name: Small\nrules: {path}\ncases:\n"
                      + "".join(f"  s{i}: {{q0: unknown, q1: {{yes: 30, of: 40}}}}\n" for i in range(3)))
    assert [str(r) for r in ratings.rate(source, max_seconds=None).possible.overall] == [
        "Inadequate", "Requires improvement", "Good"]
    assert ratings.rate(source).possible.overall == ratings.rate(source, max_seconds=None).possible.overall


# ------------------------------------------------------------------------- contradictions noticed at once


def test_verify_names_a_published_score_and_overall_that_contradict_each_other(tmp_path, thirty, monkeypatch):
    """85/90 is Outstanding by the score's bands, and no decision rule could lower it to Inadequate: the
    verdict says so without searching the unknowns (the search is made to fail here to prove it)."""
    source = inspection(tmp_path, thirty, "unknown", "published: {score: 85, max_score: 90, overall: Inadequate}\n")

    def no_search(*args, **kwargs):
        raise AssertionError("searched")

    monkeypatch.setattr(verify_module, "rate_inspection", no_search)
    found = verify_file(source)
    assert found.agrees is False
    assert [d.to_dict() for d in found.differences] == [{
        "field": "score and overall", "published": "85/90 and Inadequate",
        "computed": "impossible together: a score of 85/90 gives Outstanding, and no decision rule limits the "
                    "overall rating to Inadequate"}]


def test_a_published_overall_above_what_the_score_gives(tmp_path, thirty):
    """Without a published maximum, a score of 10 is at best Good (10 of 12, from four rated standards)."""
    source = inspection(tmp_path, thirty, "unknown", "published: {score: 10, overall: Outstanding}\n")
    found = verify_file(source)
    assert found.agrees is False
    assert found.differences[0].computed == ("impossible together: a score of 10 gives Inadequate, Requires "
                                             "improvement or Good, and decision rules only lower the overall "
                                             "rating")
