"""ratings.testing.published_records and ratings.verify: every record a rating would publish is one verify
accepts, and a record saying something else is refused, naming what (bundled and generated rule sets)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

import ratings
from ratings.testing import inspections, published_records, rule_sets

from conftest import CHESHIRE_WEST

RULE_SETS = [r.id for r in ratings.bundled_rule_sets()]


@pytest.mark.parametrize("rule_set", RULE_SETS)
@settings(max_examples=30)
@given(data=st.data())
def test_verify_accepts_every_record_the_rating_would_publish(rule_set, data):
    rules = ratings.load_rules(rule_set)
    inspection = data.draw(inspections(rules, not_rated=True, results="either", edges=True))
    published = data.draw(published_records(ratings.rate(inspection, rules), vague=True))
    verdict = ratings.verify({**inspection, "published": published}, rules=rules)
    assert verdict.agrees is True and verdict.mode == "exact", verdict.to_dict()


@settings(max_examples=40, deadline=None)
@given(rules=rule_sets(), data=st.data())
def test_verify_accepts_them_under_generated_rule_sets_and_refuses_a_changed_rating(rules, data):
    inspection = data.draw(inspections(rules, not_rated=True, results="either", edges=True))
    result = ratings.rate(inspection, rules)
    published = data.draw(published_records(result))
    assert ratings.verify({**inspection, "published": published}, rules=rules).agrees is True
    sid = data.draw(st.sampled_from(sorted(s for s, sr in result.standards.items()
                                           if sr.standard.kind != "information")))
    names = [str(r) for r in rules.ratings_of(sid)] + [str(rules.not_rated)]  # its own scale
    wrong = data.draw(st.sampled_from([n for n in names if n != str(result.standards[sid].rating)]))
    changed = {**published, "ratings": {**published.get("ratings", {}), sid: wrong}}
    verdict = ratings.verify({**inspection, "published": changed}, rules=rules)
    assert verdict.agrees is False
    assert [d.field for d in verdict.differences] == [f"ratings.{sid}"]
    assert verdict.differences[0].published == wrong


def test_the_records_include_rough_values_when_vague():
    """With vague=True some ratings are lists of two and some numbers ranges; without, never."""
    rules = ratings.load_rules("hmip-probation-pdu-2021")
    seen: set[str] = set()

    @settings(max_examples=200, database=None)
    @given(st.data())
    def collect(data):
        vague = data.draw(st.booleans())
        record = data.draw(published_records(ratings.rate(data.draw(inspections(rules)), rules), vague=vague))
        values = [*record.get("ratings", {}).values(), record.get("overall"), record.get("score"),
                  record.get("max_score"), *record.get("counts", {}).values()]
        for value in values:
            shape = "list" if isinstance(value, list) else "between" if isinstance(value, dict) else "exact"
            seen.add(f"{shape} {'vague' if vague else 'plain'}")
        assert record  # never empty

    collect()
    assert {"list vague", "between vague", "exact vague", "exact plain"} <= seen
    assert not {"list plain", "between plain"} & seen


def test_a_result_with_unknowns_is_refused(tmp_path):
    path = tmp_path / "open.yaml"
    path.write_text(CHESHIRE_WEST.read_text(encoding="utf-8").replace("  leadership: Good", "  leadership: unknown",
                                                                       1), encoding="utf-8")
    result = ratings.rate(path)
    assert result.possible is not None
    with pytest.raises(ValueError, match="without unknowns"):
        published_records(result)


def test_verify_raises_for_a_bad_input_and_says_none_when_nothing_was_published():
    with pytest.raises(ratings.RatingsError):
        ratings.verify({"rules": "hmip-probation-pdu-2021", "judgements": {"leadership": "Splendid"}})
    assert ratings.verify("examples/pdu-2024.yaml").agrees is None


def test_the_verdict_is_the_files_entry_in_the_commands_json():
    """ratings.verify gives, for each example, exactly the entry `ratings verify --format json` gives it."""
    import json

    from conftest import CliRunner

    from conftest import EXAMPLES
    from ratings.frontends.cli import main

    files = sorted(str(p.relative_to(EXAMPLES.parent)) for p in EXAMPLES.glob("*.yaml"))
    run = CliRunner().invoke(main, ["verify", *[str(EXAMPLES.parent / f) for f in files], "--format", "json"])
    entries = json.loads(run.stdout)["files"]
    assert [ratings.verify(EXAMPLES.parent / f).to_dict() for f in files] == entries
