"""Hostile input, second round (issue 11, items 2, 5 and 9), where a broken file in tests/broken/ cannot say
it all: files that are not ours are never quoted, whichever way they are named; numbers have one bound and
one message in files and mappings alike, and any numeric scalar is read exactly; a printed number never
stands on the other side of a band edge than the number itself; YAML 1.2's non-specific tag makes text;
names match ignoring ASCII case only."""

from __future__ import annotations

import numbers
import os
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ratings
from ratings.frontends.cli import main
from ratings.frontends.schema import inspection_schema
from ratings.model.words import approx
from ratings.reading.yaml_file import MAX_NUMBER_DIGITS, parse_text

from conftest import CliRunner

MINI = Path(__file__).parent / "rulesets" / "mini.yaml"
TOO_LARGE = "(far too large or too precise a number to use here)"


def inspection(keeping_safe=32, leadership="Good") -> dict:
    """An inspection under hmip-probation-pdu-2021, as a mapping; assessment's keeping_safe as given."""
    return {"rules": "hmip-probation-pdu-2021",
            "judgements": {"leadership": leadership, "staff": "Good", "services": "Good",
                           "information_and_facilities": "Good"},
            "cases": {"court_work": "not rated",
                      "assessment": {"engagement": 71, "desistance": 76, "keeping_safe": keeping_safe},
                      "planning": {"engagement": 68, "desistance": 68, "keeping_safe": 38},
                      "implementation_and_delivery": {"engagement": 53, "desistance": 35, "keeping_safe": 41},
                      "reviewing": {"engagement": 74, "desistance": 74, "keeping_safe": 59}}}


def inspection_text(keeping_safe: str) -> str:
    return (f"rules: hmip-probation-pdu-2021\n"
            "judgements: {leadership: Good, staff: Good, services: Good, information_and_facilities: Good}\n"
            "cases:\n  court_work: not rated\n"
            f"  assessment: {{engagement: 71, desistance: 76, keeping_safe: {keeping_safe}}}\n"
            "  planning: {engagement: 68, desistance: 68, keeping_safe: 38}\n"
            "  implementation_and_delivery: {engagement: 53, desistance: 35, keeping_safe: 41}\n"
            "  reviewing: {engagement: 74, desistance: 74, keeping_safe: 59}\n")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# ------------------------------------------------------------------- 2. files that are not ours

SECRET = "hunter2"
FOREIGN = {  # each holds the secret where a message could quote it: text, keys, tags, anchors, values
    "text": f"root:x:0:0:{SECRET}:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
    "a private key": f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}AAAAB3NzaC1yc2E\n-----END OPENSSH PRIVATE KEY-----\n",
    "a mapping": f"password: {SECRET}\n",
    "a list": f"- {SECRET}\n",
    "invalid YAML": f"[database]\n{SECRET} = x: y\n",
    "invalid YAML after a key": f"{SECRET}:\n  x: 1\n   y: 2\n",
    "duplicate keys": f"{SECRET}: 1\n{SECRET}: 2\n",
    "a tag": f"x: !{SECRET} 1\n",
    "a bad !!int": f"x: !!int {SECRET}\n",
    "an undefined alias": f"*{SECRET}: gray95\n",
    "a key that is a list": f"[{SECRET}]: 1\n",
}


def assert_refused(result, what: str, listed: bool = False) -> None:
    """Refused with exit code 1 and the kind of file expected, quoting none of it; ``listed``: the command
    lists each file it reads on stdout (``rules test``), so the refused one appears there by name only."""
    assert result.exit_code == 1
    if listed:
        assert result.stdout.startswith("ERROR ") and SECRET not in result.stdout
    else:
        assert result.stdout == ""
    assert SECRET not in result.stderr
    assert f"this is not {what}: expected a mapping with" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_file_that_is_not_ours_is_refused_without_quoting_it(tmp_path, content):
    path = tmp_path / "foreign"
    path.write_text(content)
    assert_refused(run("rate", str(path)), "an inspection file")
    assert_refused(run("rules", "check", str(path)), "a rule-set file")
    assert_refused(run("rules", "test", str(path)), "a worked-cases file", listed=True)
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate(path)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("content", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_rule_set_path_climbing_to_a_file_that_is_not_ours_is_refused_without_quoting_it(tmp_path, content):
    (tmp_path / "passwd").write_text(content)
    folder = tmp_path / "inspections" / "2024"
    folder.mkdir(parents=True)
    path = folder / "pdu.yaml"
    path.write_text(inspection_text("32").replace("rules: hmip-probation-pdu-2021", "rules: ../../passwd"))
    result = run("rate", str(path))
    assert_refused(result, "a rule-set file")
    assert result.stderr.startswith("Error: ../../passwd:")


@pytest.mark.skipif(not os.access("/etc/passwd", os.R_OK), reason="no readable /etc/passwd here")
def test_rules_naming_the_system_password_file_prints_none_of_it(tmp_path):
    first_line = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]
    path = tmp_path / "pdu.yaml"
    path.write_text(inspection_text("32").replace("rules: hmip-probation-pdu-2021", "rules: /etc/passwd"))
    for result in (run("rate", str(path)), run("rate", "/etc/passwd"), run("rules", "check", "/etc/passwd")):
        assert result.exit_code == 1
        assert first_line[:8] not in result.stderr
        assert "expected a mapping with" in result.stderr


def test_a_binary_file_is_refused_without_quoting_it(tmp_path):
    for data in (SECRET.encode() + b"\x00\x01\x02", SECRET.encode() + b"\xff\xfe", b"\x7fELF" + SECRET.encode()):
        path = tmp_path / "binary"
        path.write_bytes(data)
        result = run("rate", str(path))
        assert result.exit_code == 1
        assert SECRET not in result.stderr


def test_a_file_that_is_ours_still_gets_every_detail(tmp_path):
    # one key of ours is enough: the rest is reported in full, keys and suggestions and where YAML broke
    path = tmp_path / "nearly.yaml"
    path.write_text(inspection_text("32").replace("judgements:", "judgments:"))
    assert "unknown key 'judgments'; did you mean 'judgements'?" in run("rate", str(path)).stderr
    path.write_text("name: x\n  judgements: : :\n")
    assert "invalid YAML just after name" in run("rate", str(path)).stderr
    path.write_text("{}\n")  # an empty mapping has nothing to quote: say what is missing
    assert "missing key 'judgements'" in run("rate", str(path)).stderr


def test_a_mapping_with_none_of_our_keys_is_not_an_inspection():
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate({SECRET: 1})
    assert info.value.message.startswith("this is not an inspection file: expected a mapping with 'name', ")
    assert SECRET not in str(info.value)


# ------------------------------------------------------------------------------------- 5. numbers

def refusal(source) -> str:
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate(source)
    return str(info.value)


@pytest.mark.parametrize("huge", [10 ** 5000, -10 ** 5000, 10 ** MAX_NUMBER_DIGITS, Fraction(1, 10 ** 5000),
                                  Decimal(10) ** 5000, Decimal("1e-5000"), 1e300],
                         ids=["10**5000", "-10**5000", "10**40", "1/10**5000", "Decimal 10**5000",
                              "Decimal 1e-5000", "1e300"])
def test_a_number_beyond_the_bound_in_a_mapping_is_one_clear_error(huge):
    assert refusal(inspection(keeping_safe=huge)).endswith(TOO_LARGE)
    with pytest.raises(ratings.RatingsError) as info:  # the fast path gives way to the same error
        ratings.Engine("hmip-probation-pdu-2021").rate_many([inspection(keeping_safe=huge)])
    assert str(info.value).endswith(TOO_LARGE)


def test_a_huge_whole_number_anywhere_in_a_mapping_is_an_error_not_a_traceback():
    source = dict(inspection(), cases_inspected=10 ** 5000)
    assert "cases_inspected: expected a whole number, found the number 1.000e+5000" in refusal(source)
    source = inspection(keeping_safe={"yes": 10 ** 5000, "of": 10 ** 5000})
    assert "expected a whole number, found the number 1.000e+5000" in refusal(source)


def test_files_and_mappings_share_one_bound_on_numbers(tmp_path):
    within = "64." + "9" * (MAX_NUMBER_DIGITS - 2)  # 40 digits: read exactly, just below the edge at 65
    beyond = within + "9"
    path = tmp_path / "pdu.yaml"
    path.write_text(inspection_text(within))
    assert str(ratings.rate(path).standards["assessment"].rating) == "Requires improvement"
    assert str(ratings.rate(inspection(Decimal(within))).standards["assessment"].rating) == "Requires improvement"
    path.write_text(inspection_text(beyond))
    from_file, from_mapping = refusal(path), refusal(inspection(Decimal(beyond)))
    assert from_file.endswith(TOO_LARGE) and from_mapping.endswith(TOO_LARGE)
    assert from_file.partition(": ")[2] == from_mapping.partition(": ")[2]


class Float64(float):
    """Stands in for numpy.float64: a float subclass whose repr is not a number."""

    def __repr__(self) -> str:
        return f"np.float64({float.__repr__(self)})"


class Float32:
    """Stands in for numpy.float32: a real number that is no float, convertible with float()."""

    def __init__(self, value: float):
        self.value = value

    def __float__(self) -> float:
        return self.value

    def __repr__(self) -> str:
        return f"np.float32({self.value})"


class Int64:
    """Stands in for numpy.int64: an integer that is no int, convertible with __index__."""

    def __init__(self, value: int):
        self.value = value

    def __index__(self) -> int:
        return self.value

    def __repr__(self) -> str:
        return f"np.int64({self.value})"


class Bool:
    """Stands in for numpy.bool_: it converts to a float, but is no number and refuses __index__."""

    def __init__(self, value: bool):
        self.value = value

    def __float__(self) -> float:
        return float(self.value)

    def __index__(self) -> int:
        raise TypeError("a boolean is not an integer")


numbers.Real.register(Float32)
numbers.Integral.register(Int64)


class LyingFloat(float):
    """A float subclass whose repr says another number than its value."""

    def __repr__(self) -> str:
        return "10.0"


@pytest.mark.parametrize("value, exact", [
    (Decimal("64.99"), Fraction(6499, 100)), (Decimal("65"), Fraction(65)), (Fraction(129, 2), Fraction(129, 2)),
    (Float64(65.0), Fraction(65)), (Float64(64.9), Fraction(649, 10)), (Float32(65.5), Fraction(131, 2)),
    (Int64(65), Fraction(65)), (LyingFloat(70.0), Fraction(70)),
], ids=["Decimal 64.99", "Decimal 65", "Fraction", "float64 65.0", "float64 64.9", "float32", "int64", "lying repr"])
def test_any_numeric_scalar_is_read_exactly_by_its_value(value, exact):
    expected = ratings.rate(inspection(keeping_safe=exact))
    for result in (ratings.rate(inspection(keeping_safe=value)),
                   ratings.Engine("hmip-probation-pdu-2021").rate_many([inspection(keeping_safe=value)])[0]):
        assert result.standards["assessment"].results["keeping_safe"].percent == exact
        assert result.standards["assessment"].rating == expected.standards["assessment"].rating


def test_numpy_scalars_are_read_exactly():
    np = pytest.importorskip("numpy")
    for value, exact in ((np.float64(65.0), Fraction(65)), (np.float64(64.9), Fraction(649, 10)),
                         (np.int64(65), Fraction(65)), (np.float32(65.5), Fraction(131, 2))):
        result = ratings.rate(inspection(keeping_safe=value))
        assert result.standards["assessment"].results["keeping_safe"].percent == exact
    refusal(inspection(keeping_safe=np.bool_(True)))  # a boolean is no number


@pytest.mark.parametrize("value", [True, False, Bool(True)], ids=["True", "False", "numpy-like bool"])
def test_booleans_are_not_numbers(value):
    message = refusal(inspection(keeping_safe=value))
    assert "found the boolean" in message or "values of type Bool are not allowed" in message


# ----------------------------------------------------------------- 5. numbers printed beside their band

JUST_BELOW = "64.99999999999999999"


def test_a_percentage_just_below_an_edge_is_never_printed_on_the_edge(tmp_path):
    path = tmp_path / "pdu.yaml"
    path.write_text(inspection_text(JUST_BELOW))
    result = ratings.rate(path)
    assert str(result.standards["assessment"].rating) == "Requires improvement"
    text = run("rate", str(path)).stdout
    assert "65.0%" not in text and "0.0 points" not in text
    assert f"lowest: keeping_safe {JUST_BELOW}%" in text  # the ratings table's note
    assert f">  {JUST_BELOW}%  keeping_safe" in text  # the key questions' table
    assert f"was judged 'Yes' in {JUST_BELOW}%" in " ".join(text.split())  # the trace sentence
    assert "0.00000000000000001 points more in all to the next band" in text  # the margin
    gap = run("gap", str(path), "--target", "Good").stdout
    assert f"keeping_safe  {JUST_BELOW}% -> 65%" in gap and "65.0%" not in gap


def test_usual_numbers_print_as_before():
    assert [approx(Fraction(1100, 34)), approx(Fraction(125, 2)), approx(Fraction(71)), approx(Fraction(1, 3))] \
        == ["32.4", "62.5", "71", "0.3"]


def test_a_mean_of_points_is_not_rounded_onto_its_band_edge():
    assert approx(Fraction(37, 15), [Fraction(5, 2)]) == "2.47"  # 2.4666...: "2.5" would meet the band
    assert approx(Fraction(200, 3), [Fraction(200, 3)]) == "200/3"  # on an edge no decimal can show: exact


@given(st.fractions(min_value=-10 ** 6, max_value=10 ** 6, max_denominator=10 ** 25),
       st.lists(st.fractions(min_value=-10 ** 6, max_value=10 ** 6, max_denominator=10 ** 25), max_size=4))
def test_a_printed_number_stands_on_the_same_side_of_every_edge_and_of_zero(value, edges):
    shown = Fraction(approx(value, edges))
    for edge in [Fraction(0), *edges]:
        assert (shown > edge) == (value > edge) and (shown < edge) == (value < edge)


# ---------------------------------------------------------------------------------- 9. YAML 1.2

def test_the_non_specific_tag_makes_text_and_leaves_collections_alone():
    root = parse_text("a: ! 65\nb: ! true\nc: ! [1, 2]\nd: ! {x: 1}\ne: !!int 65\n", "t.yaml").to_python()
    assert root == {"a": "65", "b": "true", "c": [1, 2], "d": {"x": 1}, "e": 65}


@pytest.mark.parametrize("name", ["Outſtanding", "Requireſ improvement"])
def test_a_look_alike_of_a_rating_is_refused_on_every_path(name):
    assert "unknown rating" in refusal(inspection(leadership=name))
    with pytest.raises(ratings.RatingsError):
        ratings.Engine("hmip-probation-pdu-2021").rate_many([inspection(leadership=name)])
    with pytest.raises(ratings.RatingsError, match="unknown target rating"):
        ratings.gap(inspection(), name)


def test_ascii_case_is_still_ignored():
    result = ratings.rate(inspection(leadership="  requires   IMPROVEMENT "))
    assert str(result.standards["leadership"].judgement) == "Requires improvement"


def test_a_non_ascii_rating_name_matches_only_as_written_apart_from_ascii_case(tmp_path):
    path = tmp_path / "accents.yaml"
    path.write_text(MINI.read_text().replace("Outstanding", "Élevé"))
    rules = ratings.load_rules(path)
    mapping = {"judgements": {"leadership": "Élevé", "staff": "Good"},
               "cases": {"assessment": {"engagement": 70, "keeping_safe": 70},
                         "planning": {"engagement": 70, "keeping_safe": 70}}}
    mapping["judgements"]["leadership"] = "ÉLEVé"  # its ASCII letters in upper case: the same name
    assert str(ratings.rate(mapping, rules).standards["leadership"].judgement) == "Élevé"
    for spelling in ("élevé", "ÉLEVÉ"):  # a change of case beyond ASCII: another name
        mapping["judgements"]["leadership"] = spelling
        with pytest.raises(ratings.RatingsError, match="unknown rating"):
            ratings.rate(mapping, rules)
        with pytest.raises(ratings.RatingsError, match="unknown rating"):
            ratings.Engine(rules).rate_many([mapping])
    assert "élevé" not in str(inspection_schema(rules))
