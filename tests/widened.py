"""The 2021 PDU rules widened to K case standards, and inspections of them: rule sets shaped like the bundled
ones (domain two's decision rule counts a share of its rated standards, another reads one standard) but as
wide as a regional or future framework might be. Used by tests/test_counts.py and bench/analyses_growth.py.
"""

from __future__ import annotations

import random
from pathlib import Path

import ratings

PDU_2021 = Path(__file__).resolve().parent.parent / "rules" / "hmip-probation-pdu-2021.yaml"
QUESTIONS = ("engagement", "desistance", "keeping_safe")
JUDGED = ("leadership", "staff", "services", "information_and_facilities")
# implementation_and_delivery first: a decision rule reads it, so every width keeps it
NAMED = ("implementation_and_delivery", "assessment", "planning", "reviewing", "court_work")


def case_ids(k: int) -> list[str]:
    """The ids of the K case standards of domain two."""
    return list(NAMED[:k]) + [f"case_{i}" for i in range(len(NAMED), k)]


def widened_rules(k: int) -> str:
    """The 2021 PDU rule set's text with domain two holding ``k`` case standards (``k`` >= 1)."""
    text = PDU_2021.read_text()
    start = text.index("      - id: court_work\n")
    end = text.index("      - id: outcomes\n")
    standards = "".join(_standard(sid, n) for n, sid in enumerate(case_ids(k), start=1))
    return (text[:start] + standards + text[end:]).replace("id: hmip-probation-pdu-2021", f"id: widened-{k}")


def _standard(sid: str, n: int) -> str:
    questions = "".join(f"          {q}: Is {q.replace('_', ' ')} in {sid} sufficient?\n" for q in QUESTIONS)
    return (f"      - id: {sid}\n        number: \"2.{n}\"\n        name: {sid.replace('_', ' ').title()}\n"
            f"        kind: case\n        statement: Case standard {sid}.\n        key_questions:\n{questions}")


def load_widened(k: int, folder: Path) -> ratings.RuleSet:
    path = folder / f"widened-{k}.yaml"
    path.write_text(widened_rules(k))
    return ratings.load_rules(path)


def widened_inspection(k: int, seed: int = 0, of: int = 20, unknown: bool = False) -> dict:
    """An inspection of the widened rules: counts out of ``of``, judgements mostly Outstanding (so that
    every target is within reach of case work); with ``unknown``, one key question of each case standard,
    every third case standard as a whole (it may be Not rated) and the leadership judgement are unknown."""
    rnd = random.Random(seed)
    judgements = {sid: rnd.choice(["Good", "Outstanding", "Outstanding"]) for sid in JUDGED}
    cases = {}
    for n, sid in enumerate(case_ids(k)):
        entry = {q: {"yes": rnd.randint(of // 4, of), "of": of} for q in QUESTIONS}
        if unknown:
            entry[rnd.choice(QUESTIONS)] = "unknown"
        cases[sid] = "unknown" if unknown and n % 3 == 2 else entry
    if unknown:
        judgements["leadership"] = "unknown"
    return {"name": f"widened {k}", "judgements": judgements, "cases": cases}
