"""Synthetic rule sets for `bench.py`: the 2021 PDU rules widened to K case standards in domain two, with an
inspection whose key questions are counts out of 20, and the time each analysis takes on them.

Used when `bench/analyses_growth.py` (with its own `growth`) is not there.
"""

from __future__ import annotations

import copy
import random
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PDU_2021 = ROOT / "rules" / "hmip-probation-pdu-2021.yaml"
FIRST = ("assessment", "planning", "implementation_and_delivery", "reviewing", "court_work")
QUESTIONS = ("engagement", "desistance", "keeping_safe")
OF = 20
ANALYSES = ("gap --target Good", "confidence", "unknowns", "verify")


def standard_ids(k: int) -> list[str]:
    """K case-standard ids; Implementation and delivery (read by a decision rule) among them from K=3."""
    return list(FIRST[:k]) + [f"case_{i}" for i in range(len(FIRST) + 1, k + 1)]


def widened(k: int) -> dict:
    """The 2021 PDU rule set with domain two holding K case standards (and Outcomes, for information)."""
    rules = yaml.safe_load(PDU_2021.read_text())
    rules["id"] = f"synthetic-pdu-k{k}"
    rules["title"] = f"The 2021 PDU rules widened to {k} case standards (benchmark only)"
    domain = rules["domains"][1]
    template = next(s for s in domain["standards"] if s["id"] == "assessment")
    outcomes = next(s for s in domain["standards"] if s["id"] == "outcomes")
    standards = []
    for i, sid in enumerate(standard_ids(k)):
        s = copy.deepcopy(template)
        s.update(id=sid, number=f"2.{i + 1}", name=sid.replace("_", " ").capitalize())
        standards.append(s)
    outcomes = dict(outcomes, number=f"2.{k + 1}")
    domain["standards"] = standards + [outcomes]
    return rules


def inspection(k: int, seed: int = 2021, low: int = 6, high: int = 16) -> dict:
    """Judgements Good, every key question a count out of 20 (by default 6 to 16 'Yes': mostly Inadequate to
    Requires improvement, so that the overall is below Good and `gap` has work to do)."""
    rnd = random.Random(seed)
    cases: dict[str, Any] = {sid: {q: {"yes": rnd.randint(low, high), "of": OF} for q in QUESTIONS}
                             for sid in standard_ids(k)}
    return {"name": f"Synthetic, {k} case standards",
            "judgements": {"leadership": "Good", "staff": "Good", "services": "Good",
                           "information_and_facilities": "Good"},
            "cases": cases}


def with_unknowns(m: dict) -> dict:
    """The inspection with each case standard's first key question unknown."""
    m = copy.deepcopy(m)
    for kqs in m["cases"].values():
        kqs[QUESTIONS[0]] = "unknown"
    return m


def write(folder: Path, k: int) -> tuple[Path, Path, Path]:
    """The rule set, an inspection, and an inspection with unknowns and published ratings (those of one
    filling-in of its unknowns, so that `verify` has a consistent filling-in to find), as files in ``folder``."""
    import ratings

    rules = folder / f"synthetic-k{k}.yaml"
    rules.write_text(yaml.safe_dump(widened(k), sort_keys=False, width=1000))
    known = inspection(k)
    known_file = folder / f"inspection-k{k}.yaml"
    known_file.write_text(yaml.safe_dump(known, sort_keys=False))
    # for the unknowns, the other key questions are 13 to 20 of 20 (Good or Outstanding), so that the unknown
    # one can give each standard any rating: 4 ** K fillings-in, to be searched by counts, not one by one
    filled = inspection(k, seed=k, low=13, high=20)
    rnd = random.Random(-k)
    for kqs in filled["cases"].values():
        kqs[QUESTIONS[0]] = {"yes": rnd.randint(6, 20), "of": OF}
    result = ratings.rate(filled, str(rules), trace=False)
    unknown = with_unknowns(filled)
    unknown["published"] = {"ratings": {sid: str(s.rating) for sid, s in result.standards.items()
                                        if s.standard.kind != "information"},
                            "score": result.score, "max_score": result.max_score, "overall": str(result.overall)}
    unknown_file = folder / f"unknowns-k{k}.yaml"
    unknown_file.write_text(yaml.safe_dump(unknown, sort_keys=False))
    return rules, known_file, unknown_file


def timed(fn) -> float | str:
    """Seconds one call takes, or 'gave up after N s' when the analysis's time budget ran out."""
    from ratings import RatingsError

    start = time.perf_counter()
    try:
        out = fn()
    except RatingsError as exc:
        text = str(exc)
        if "gave up after" in text:
            return text[text.index("gave up after"):].split(":")[0]
        raise
    error = getattr(out, "error", None)  # verify_file turns every error into its verdict
    if error:
        if "gave up after" in error:
            return error[error.index("gave up after"):].split(":")[0]
        raise RuntimeError(error)
    return time.perf_counter() - start


def growth(ks=(4, 8, 14, 30), max_seconds: float = 5.0, folder: Path | None = None) -> dict[str, dict[int, Any]]:
    """{analysis: {K: seconds, or 'gave up after N s'}}: gap --target Good, confidence, rating with
    unknowns, and verify (rating with unknowns and checking the published ratings), on the widened rule sets.
    Each is timed once, after a run at the smallest K has loaded what it imports."""
    import tempfile

    import ratings
    from ratings.analyses.confidence import confidence
    from ratings.analyses.gap import gap
    from ratings.analyses.verify import verify_file

    folder = Path(tempfile.mkdtemp(prefix="ratings-growth-")) if folder is None else folder
    out: dict[str, dict[int, Any]] = {name: {} for name in ANALYSES}
    for i, k in enumerate(sorted(set(ks))):
        rules_file, known_file, unknown_file = write(folder, k)
        rule_set, known = ratings.load_inspection(known_file, str(rules_file))
        _, unknown = ratings.load_inspection(unknown_file, str(rules_file))
        calls = {
            "gap --target Good": lambda: gap(rule_set, known, "Good", max_seconds=max_seconds),
            "confidence": lambda: confidence(rule_set, known, max_seconds=max_seconds),
            "unknowns": lambda: ratings.rate(unknown_file, str(rules_file), max_seconds=max_seconds),
            "verify": lambda: verify_file(str(unknown_file), str(rules_file), max_seconds=max_seconds),
        }
        for name, call in calls.items():
            if i == 0:
                timed(call)  # warm-up: imports and caches
            out[name][k] = timed(call)
    return out
