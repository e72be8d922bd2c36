"""The library's objects at a prompt."""

from __future__ import annotations

from pathlib import Path

import ratings


def test_rule_sets_and_results_print_in_one_short_line():
    """A list of rule sets, or a result, printed at a prompt: one line each saying what it is, never every
    field (a rule set's repr was ~5 KB)."""
    shown = repr(ratings.bundled_rule_sets()[:2])
    assert len(shown) < 300 and shown.count("<RuleSet ") == 2
    result = ratings.rate(str(Path(__file__).parent.parent / "examples" / "cheshire-west-2023.yaml"))
    assert repr(result) == "<Result 'Cheshire West PDU' under hmip-probation-pdu-2021: overall Requires " \
                           "improvement, score 7/24>"
