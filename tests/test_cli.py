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
