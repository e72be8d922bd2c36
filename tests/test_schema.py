"""`ratings schema` gives a JSON Schema that editors can use: valid draft 2020-12, accepting every example and
every inspection the engine accepts, and rejecting the broken-file corpus (except what one file's shape
cannot show)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, strategies as st

import ratings
from ratings.frontends.cli import main
from ratings.frontends.schema import inspection_schema
from ratings.reading.yaml_file import read_file
from ratings.testing import inspections

from conftest import EXAMPLES, ROOT, CliRunner

BROKEN = ROOT / "tests" / "broken" / "inspections"
# What a schema of one file's shape cannot see, and why.
BEYOND_A_SCHEMA = {
    "yes-over-of.yaml": "that 'yes' is at most 'of' compares two values",
    "missing-rule-set-file.yaml": "whether a named rule-set file exists",
    "fieldwork-before-any-rule-set.yaml": "which dates a rule set covers",
    "fieldwork-straddles-two-rule-sets.yaml": "which dates a rule set covers",
    "fieldwork-range-backwards.yaml": "that a range begins before it ends compares two dates",
    "published-date-before-fieldwork.yaml": "that publication follows the fieldwork compares two dates",
    "published-date-before-any-rule-set.yaml": "which dates a rule set covers",
    "percent-nan.yaml": "NaN is not a JSON number, and every comparison with it passes",
    "between-reversed.yaml": "that a range's ends are in order compares two values",
    "figure-range-reversed.yaml": "that a range's ends are in order compares two values",
    "published-score-range-reversed.yaml": "that a range's ends are in order compares two values",
    "figure-impossible.yaml": "whether the key questions given can have a standard's figure",
    "figure-no-applicable-cases.yaml": "whether the key questions given can have a standard's figure",
    "award-above-judgement.yaml": "that an award is at most the judgement compares two values",
    "published-counts-rating-twice.yaml": "that two keys name the same rating, ignoring case, compares them",
}


def as_json(value):
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


_CHECKED: dict[str, jsonschema.Draft202012Validator] = {}


def validator(rules) -> jsonschema.Draft202012Validator:
    """A validator for the rule set's schema, once the schema itself has passed the draft 2020-12 meta-schema.
    Checking a schema takes most of a second, so each distinct schema (by its JSON text) is checked once and
    its validator reused; a schema that fails is never kept, so it fails every test that asks for it."""
    schema = inspection_schema(rules)
    key = json.dumps(schema, sort_keys=True)
    if key not in _CHECKED:
        jsonschema.Draft202012Validator.check_schema(schema)
        _CHECKED[key] = jsonschema.Draft202012Validator(schema)
    return _CHECKED[key]


@pytest.mark.parametrize("rule_set", [r.id for r in ratings.bundled_rule_sets()])
def test_the_schema_is_valid_json_schema(rule_set):
    validator(ratings.load_rules(rule_set))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_schema_accepts_every_example(path):
    rules = ratings.rate(path).rules
    errors = list(validator(rules).iter_errors(as_json(read_file(path).to_python())))
    assert errors == []


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.name)
def test_the_schema_rejects_the_broken_corpus(path):
    try:
        data = as_json(read_file(path).to_python())
    except ratings.RatingsError:
        return  # not YAML data at all (syntax, encoding, tags, duplicates, empty): no schema gets to see it
    errors = list(validator(ratings.load_rules("hmip-probation-pdu-2021")).iter_errors(data))
    if path.name in BEYOND_A_SCHEMA:
        assert errors == [], "now caught by the schema: remove it from BEYOND_A_SCHEMA"
    else:
        assert errors, f"the schema accepts {path.name}"


class _ByRuleSet(dict):
    """Each bundled rule set and its schema's validator, made on first use (not at import, so that a schema
    that fails its meta-schema check fails the tests that use it, not the collection of the module)."""

    def __missing__(self, rule_set: str):
        rules = ratings.load_rules(rule_set)
        self[rule_set] = rules, validator(rules)
        return self[rule_set]


RULES_AND_VALIDATORS = _ByRuleSet()


@pytest.mark.parametrize("rule_set", [r.id for r in ratings.bundled_rule_sets()])
@given(data=st.data())
def test_the_schema_accepts_whatever_the_engine_accepts(rule_set, data):
    rules, check = RULES_AND_VALIDATORS[rule_set]
    inspection = data.draw(inspections(rules, not_rated=True, results="either", edges=True))
    ratings.rate(inspection)
    assert list(check.iter_errors(as_json(inspection))) == []


def test_the_command_prints_the_schema_of_the_named_rule_set():
    run = CliRunner().invoke(main, ["schema", "--rules", "hmip-youth-2021"])
    assert run.exit_code == 0
    schema = json.loads(run.stdout)
    assert schema == inspection_schema(ratings.load_rules("hmip-youth-2021"))
    assert "resettlement_policy_and_provision" in schema["properties"]["judgements"]["required"]
    default = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    assert default["title"] == "Inspection file rated under hmip-probation-pdu-2023"


def test_an_unknown_rule_set_is_an_error():
    run = CliRunner().invoke(main, ["schema", "--rules", "nope"])
    assert run.exit_code == 1 and run.stderr.startswith("Error: no rule set 'nope'")


def test_the_schema_is_usable_from_a_file(tmp_path):
    path = tmp_path / "schema.json"
    path.write_text(CliRunner().invoke(main, ["schema", "--rules", "hmip-probation-pdu-2021"]).stdout)
    schema = json.loads(Path(path).read_text())
    jsonschema.validate(as_json(read_file(EXAMPLES / "cheshire-west-2023.yaml").to_python()), schema)
