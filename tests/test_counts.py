"""The search by counts (ratings/analyses/counts.py) gives exactly what the enumeration of every combination
gives: gap (cost, changes, tied alternatives), confidence (every distribution), unknowns (every possibility)
and verify (every verdict), on small random inspections of the 2021 PDU rules widened to K case standards
(tests/widened.py) and of the bundled and test rule sets; and its states grow polynomially with K."""

from __future__ import annotations

import contextlib
import functools
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import ratings
from ratings.analyses import counts
from ratings.analyses.confidence import confidence
from ratings.analyses.counts import Varying
from ratings.analyses.gap import gap, options_for
from ratings.analyses.possible import possibilities
from ratings.analyses.verify import verdict
from ratings.frontends.api import rate_inspection
from ratings.model.errors import RatingsError

from test_unknowns import with_unknowns
from widened import case_ids, load_widened, widened_inspection

FOLDER = tempfile.TemporaryDirectory()  # removed when the interpreter exits
RULESETS = Path(__file__).parent / "rulesets"
OTHERS = ["hmip-probation-pdu-2023", "hmip-probation-crc-2019", "hmip-youth-2021", RULESETS / "mini.yaml",
          RULESETS / "kinds.yaml"]


@functools.lru_cache(maxsize=None)
def widened(k: int) -> ratings.RuleSet:
    return load_widened(k, Path(FOLDER.name))


@functools.lru_cache(maxsize=None)
def other(ref) -> ratings.RuleSet:
    return ratings.load_rules(ref)


@contextlib.contextmanager
def enumerating():
    """Run the analyses as they were: every combination (the reference)."""
    counts.ENUMERATE = True
    try:
        yield
    finally:
        counts.ENUMERATE = False


def both(analysis):
    """The analysis by counts and by enumeration: each its answer, or its error's message."""
    def run():
        try:
            return analysis()
        except RatingsError as exc:
            return str(exc)
    found = run()
    with enumerating():
        return found, run()


@st.composite
def small_inspections(draw, rules, unknowns=False, max_cases=8):
    """Counts of at most ``max_cases`` cases; a few key questions without applicable cases, a few standards
    not rated; with ``unknowns``, some judgements, key questions and whole standards unknown."""
    scale = [str(r) for r in rules.scale]
    judgements = {s: draw(st.sampled_from(scale + (["unknown"] if unknowns else [])))
                  for s, std in rules.standards.items() if std.kind == "judged"}
    cases = {}
    for sid, std in rules.standards.items():
        if std.kind != "case":
            continue
        whole = draw(st.sampled_from(["rated"] * 6 + ["not rated"] + (["unknown"] if unknowns else [])))
        if whole != "rated":
            cases[sid] = whole
            continue
        entry = {}
        for q in std.key_questions:
            of = draw(st.integers(1, max_cases))
            entry[q.id] = draw(st.sampled_from([{"yes": draw(st.integers(0, of)), "of": of}] * 5 + [None]
                                               + (["unknown"] if unknowns else [])))
        cases[sid] = entry
    return {"judgements": judgements, "cases": cases}


widths = st.integers(1, 5)


def check_gap(rules, inspection, target, standard):
    by_counts, enumerated = both(lambda: gap(rules, inspection, target, standard).to_dict())
    assert by_counts == enumerated


def check_confidence(rules, inspection):
    by_counts, enumerated = both(lambda: confidence(rules, inspection))
    if isinstance(enumerated, str):
        assert by_counts == enumerated
        return
    assert by_counts.estimate == enumerated.estimate
    for mine, theirs in [(by_counts.overall, enumerated.overall),
                         *zip(by_counts.standards.values(), enumerated.standards.values())]:
        assert set(mine) == set(theirs)  # both to 12 places: a rounding step apart at most
        assert all(abs(mine[r] - theirs[r]) <= 1.01e-12 for r in mine), (mine, theirs)


def check_possible(rules, inspection):
    by_counts, enumerated = both(lambda: possibilities(rules, inspection))
    for found in (by_counts, enumerated):
        assert set(found.witnesses) == {(s, str(r)) for s, rs in found.standards.items() for r in rs} | \
            {("overall", str(r)) for r in found.overall}
    assert (by_counts.standards, by_counts.overall, by_counts.score, by_counts.max_score) == \
        (enumerated.standards, enumerated.overall, enumerated.score, enumerated.max_score)
    from ratings.analyses.possible import filled
    from ratings.engine.evaluate import evaluate
    for (sid, rating), witness in by_counts.witnesses.items():
        result = evaluate(rules, filled(rules, inspection, witness))
        assert str(result.overall if sid == "overall" else result.standards[sid].rating) == rating


def check_verify(rules, mapping, data):
    """A published score, overall and some ratings, each possible on its own (so that the verdict turns on
    whether one filling-in gives them all at once) or not."""
    engine = ratings.Engine(rules)
    found = possibilities(rules, engine.load(mapping))
    published = {"overall": str(data.draw(st.sampled_from(found.overall + list(rules.scale))))}
    if data.draw(st.booleans()):
        published["score"] = data.draw(st.integers(found.score[0], found.score[1]))
    sids = data.draw(st.lists(st.sampled_from(sorted(found.standards)), max_size=3, unique=True))
    published["ratings"] = {sid: str(data.draw(st.sampled_from(found.standards[sid]))) for sid in sids}
    inspection = engine.load({**mapping, "published": published})

    def run():
        return verdict(rules, inspection, rate_inspection(rules, inspection, trace=False)).to_dict()

    by_counts, enumerated = both(run)
    assert by_counts == enumerated


# ------------------------------------------------------------------------------ the widened PDU rules


@settings(max_examples=60, deadline=None)
@given(k=widths, data=st.data())
def test_gap_by_counts_is_the_enumerations(k, data):
    rules = widened(k)
    inspection = ratings.Engine(rules).load(data.draw(small_inspections(rules)))
    target = data.draw(st.sampled_from([str(r) for r in rules.scale]))
    standard = data.draw(st.sampled_from([None, None, *rules.core.ids]))
    check_gap(rules, inspection, target, standard)


@settings(max_examples=40, deadline=None)
@given(k=widths, data=st.data())
def test_confidence_by_counts_is_the_enumerations(k, data):
    rules = widened(k)
    check_confidence(rules, ratings.Engine(rules).load(data.draw(small_inspections(rules))))


@settings(max_examples=60, deadline=None)
@given(k=widths, data=st.data())
def test_unknowns_by_counts_are_the_enumerations(k, data):
    rules = widened(k)
    check_possible(rules, ratings.Engine(rules).load(data.draw(small_inspections(rules, unknowns=True))))


@settings(max_examples=60, deadline=None)
@given(k=widths, data=st.data())
def test_verify_by_counts_is_the_enumerations(k, data):
    rules = widened(k)
    check_verify(rules, data.draw(small_inspections(rules, unknowns=True)), data)


# ------------------------------------------------------------- bundled and test rule sets, every shape


@pytest.mark.parametrize("ref", OTHERS, ids=str)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_every_analysis_by_counts_on_other_rule_sets(ref, data):
    """Including rules that limit a case standard, derived standards and ``any``/``all`` (kinds.yaml), where
    some standards are kept as they are rather than summed."""
    rules = other(ref)
    engine = ratings.Engine(rules)
    known = engine.load(data.draw(small_inspections(rules, max_cases=5)))
    check_gap(rules, known, data.draw(st.sampled_from([str(r) for r in rules.scale])),
              data.draw(st.sampled_from([None, *rules.core.ids])))
    check_confidence(rules, known)
    mapping = data.draw(with_unknowns(rules))
    check_possible(rules, engine.load(mapping))
    check_verify(rules, mapping, data)


def test_the_shapes_it_sums():
    """Standards no rule limits and no derivation reads are summed; the others are kept as they are."""
    pdu = widened(5)
    assert {pdu.core.ids[i] for i in counts.shape(pdu.core).summable} >= set(case_ids(5))
    assert "leadership" not in {pdu.core.ids[i] for i in counts.shape(pdu.core).summable}  # a rule limits it
    kinds = other(RULESETS / "kinds.yaml")
    summed = {kinds.core.ids[i] for i in counts.shape(kinds.core).summable}
    assert "planning" not in summed and "staff" not in summed  # limited by rules


# ----------------------------------------------------------------------------------------- growth


def states(k: int) -> int:
    """The states the gap to Outstanding goes through on the widened rules."""
    rules = widened(k)
    inspection = ratings.Engine(rules).load(widened_inspection(k))
    core = rules.core
    current = rate_inspection(rules, inspection, trace=False)
    varying = []
    for sid in case_ids(k):
        i = core.index[sid]
        ranks = tuple(o[0] for o in options_for(rules, inspection, sid, current.standards[sid].rating.rank, "cases"))
        varying.append(Varying(i, ranks))
    search = counts.usable(core, varying)
    assert search is not None
    return sum(len(layer) for layer in search.reach(ratings.model.limits.Deadline(None)).links)


def test_the_states_grow_polynomially():
    found = {k: states(k) for k in (10, 20, 30)}
    assert all(found[k] <= k ** 3 for k in found), found
    assert found[30] <= 3 ** 4 * found[10], found  # at most K to the fourth; every combination: 4 ** 20 times


def test_thirty_case_standards_finish():
    rules = widened(30)
    engine = ratings.Engine(rules)
    known = engine.load(widened_inspection(30))
    for target in ("Good", "Outstanding"):
        assert gap(rules, known, target).reachable
    assert sum(confidence(rules, known).overall.values()) == pytest.approx(1)
    partial = engine.load(widened_inspection(30, unknown=True))
    found = possibilities(rules, partial)
    assert len(found.overall) >= 2
    published = {**widened_inspection(30, unknown=True),
                 "published": {"overall": str(found.overall[-1]), "score": found.score[1]}}
    inspection = engine.load(published)
    assert verdict(rules, inspection, rate_inspection(rules, inspection, trace=False)).agrees is not None
