"""The command line's own words."""

from __future__ import annotations

from conftest import CliRunner
from ratings.frontends.cli import main


def test_every_command_is_summed_up_in_a_whole_sentence():
    """The command lists (ratings --help, ratings rules --help) give each command a whole sentence, never one
    cut off with '...'."""
    for args in (["--help"], ["rules", "--help"]):
        run = CliRunner().invoke(main, args)
        listed = run.stdout.split("Commands:")[1].strip().splitlines()
        assert listed and all(line.rstrip().endswith(".") and "..." not in line for line in listed), listed


def test_verify_and_coverage_can_be_gates():
    """--strict makes verify fail on a file with nothing published to compare; --min makes rules coverage
    fail below a share of items exercised, saying which rule set and how much."""
    from conftest import EXAMPLES

    unchecked = str(EXAMPLES / "crc-2019-20.yaml")
    assert CliRunner().invoke(main, ["verify", unchecked]).exit_code == 0
    assert CliRunner().invoke(main, ["verify", unchecked, "--strict"]).exit_code == 1
    low = CliRunner().invoke(main, ["rules", "coverage", "hmip-probation-pdu-2021", "--min", "99"])
    assert low.exit_code == 1
    assert "Error: hmip-probation-pdu-2021: worked cases exercise 83.3% of its items, below --min 99%" in low.stderr
    assert CliRunner().invoke(main, ["rules", "coverage", "hmip-probation-pdu-2021", "--min", "80"]).exit_code == 0


def test_the_coverage_gate_compares_the_exact_share_not_the_rounded_figure():
    """10 of 12 items is 83.33...%: at or above --min 83.33, though printed as 83.3%; below --min 83.34."""
    def gate(least: str) -> int:
        return CliRunner().invoke(main, ["rules", "coverage", "hmip-probation-pdu-2021", "--min", least]).exit_code
    assert (gate("83.33"), gate("83.34")) == (0, 1)
