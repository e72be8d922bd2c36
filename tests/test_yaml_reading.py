"""Inspection and rule files are read as plain YAML 1.2 data: exact numbers, only true/false as booleans,
no tags, no duplicate keys, bounded size and alias expansion."""

from __future__ import annotations

from fractions import Fraction

import pytest
import yaml

import ratings
from ratings.reading.yaml_file import MAX_DEPTH, parse_text

from conftest import CHESHIRE_WEST


def value(text):
    return parse_text(f"x: {text}\n", "t.yaml").value["x"]


@pytest.mark.parametrize("text, kind, expected", [
    ("yes", "str", "yes"), ("no", "str", "no"), ("on", "str", "on"), ("off", "str", "off"),
    ("true", "bool", True), ("False", "bool", False),
    ("71", "int", 71), ("010", "int", 10), ("0x1F", "int", 31), ("62.5", "number", Fraction(125, 2)),
    ("0.1", "number", Fraction(1, 10)), ("1e2", "number", Fraction(100)),
    ("~", "null", None), ("null", "null", None), ("", "null", None),
    ("2023-03-20", "str", "2023-03-20"), ("1_000", "str", "1_000"), ("1:30", "str", "1:30"),
    ('"71"', "str", "71"), ("'true'", "str", "true"), ("!!str 71", "str", "71"),
])
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text, kind, expected):
    node = value(text)
    assert (node.kind, node.value) == (kind, expected)


def test_the_key_yes_stays_a_key_in_files(tmp_path):
    text = CHESHIRE_WEST.read_text().replace("keeping_safe: 32}", "keeping_safe: {yes: 11, of: 34}}")
    path = tmp_path / "counts.yaml"
    path.write_text(text)
    result = ratings.rate(path)
    assert result.standards["assessment"].results["keeping_safe"].yes == 11
    assert result.standards["assessment"].results["keeping_safe"].percent == Fraction(1100, 34)


def test_a_yaml_1_1_mapping_with_a_boolean_key_is_reported_not_guessed():
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text().replace("keeping_safe: 32}",
                                                               "keeping_safe: {yes: 11, of: 34}}"))
    assert True in mapping["cases"]["assessment"]["keeping_safe"]  # what YAML 1.1 does to 'yes'
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate(mapping)
    assert "boolean" in info.value.message and "yes" in info.value.message
    assert info.value.key == "cases.assessment.keeping_safe"


def test_aliases_expand_but_a_billion_laughs_fails_fast():
    ok = parse_text("a: &q [1, 2]\nb: *q\n", "t.yaml").to_python()
    assert ok == {"a": [1, 2], "b": [1, 2]}
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    letters = "abcdefghij"
    for prev, cur in zip(letters, letters[1:]):
        bomb += f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    with pytest.raises(ratings.RatingsError, match="expands to more than"):
        parse_text(bomb, "bomb.yaml")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 1000, 5000, 200_000])
@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")], ids=["lists", "mappings"])
def test_deep_nesting_is_one_located_error_without_recursion_errors(depth, opening, closing):
    """However deep, and whichever parser refuses first (ours at MAX_DEPTH, or libyaml's own limit, which
    PyYAML's newer wheels carry, in its words): one error line naming the file and the line, never a
    RecursionError."""
    with pytest.raises(ratings.RatingsError) as caught:
        parse_text(opening * depth + closing * depth, "deep.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("deep.yaml", 1)
    assert "\n" not in problem.message


def test_nesting_past_our_limit_but_within_every_parser_s_is_refused_in_our_words():
    with pytest.raises(ratings.RatingsError, match=f"nested more than {MAX_DEPTH} levels deep"):
        parse_text("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "deep.yaml")
    assert parse_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, "deep.yaml").kind == "seq"


def test_huge_numbers_are_not_materialised():
    node = value("1e999999999")
    assert node.kind == "special"


def test_large_files_are_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * 2_000_000 + "\n")
    with pytest.raises(ratings.RatingsError, match="larger than"):
        ratings.rate(path)
