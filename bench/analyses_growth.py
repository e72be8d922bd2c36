"""How the analyses grow with the number of case standards: the 2021 PDU rules widened to K case standards
(tests/widened.py), counts out of 20, one inspection per K.

    .venv/bin/python bench/analyses_growth.py [K ...]        # default K = 4 8 14 30

Each figure is the best of a few runs (one for slow ones) of gap to Good and to Outstanding, confidence,
what unknowns leave possible (one key question of each case standard, every third standard as a whole and
one judgement unknown) and verify (the same inspection with a published score and overall). A search that
runs past ``max_seconds`` stops; its row says so.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import attrs
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import ratings  # noqa: E402
from ratings.analyses.confidence import confidence  # noqa: E402
from ratings.analyses.gap import gap  # noqa: E402
from ratings.analyses.possible import possibilities  # noqa: E402
from ratings.analyses.verify import verify_file  # noqa: E402
from ratings.model.errors import RatingsError  # noqa: E402
from widened import load_widened, widened_inspection  # noqa: E402

ANALYSES = ("gap Good", "gap Outstanding", "confidence", "unknowns", "verify")


@attrs.frozen
class Row:
    """One analysis at one width: its time in seconds, and whether it finished within the budget."""

    k: int
    analysis: str
    seconds: float
    finished: bool = True


def growth(ks: tuple[int, ...] = (4, 8, 14, 30), max_seconds: float = 20.0, repeat: int = 3) -> list[Row]:
    """The time of each analysis at each number of case standards."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for k in ks:
            for name, run in _runs(k, Path(folder), max_seconds).items():
                rows.append(_timed(k, name, run, repeat))
    return rows


def _runs(k: int, folder: Path, max_seconds: float) -> dict[str, Callable[[], object]]:
    rules = load_widened(k, folder)
    engine = ratings.Engine(rules)
    known = engine.load(widened_inspection(k))
    partial = engine.load(widened_inspection(k, unknown=True))
    published = folder / f"published-{k}.yaml"
    found = possibilities(rules, partial, max_seconds)
    mapping = {**widened_inspection(k, unknown=True), "rules": str(folder / f"widened-{k}.yaml"),
               "published": {"score": found.score[1], "overall": str(found.overall[-1])}}
    published.write_text(yaml.safe_dump(mapping))
    return {
        "gap Good": lambda: gap(rules, known, "Good", max_seconds=max_seconds),
        "gap Outstanding": lambda: gap(rules, known, "Outstanding", max_seconds=max_seconds),
        "confidence": lambda: confidence(rules, known, max_seconds),
        "unknowns": lambda: possibilities(rules, partial, max_seconds),
        "verify": lambda: _verified(published, rules, max_seconds),
    }


def _verified(path: Path, rules: ratings.RuleSet, max_seconds: float) -> object:
    verdict = verify_file(str(path), rules, max_seconds)
    if verdict.error is not None:
        raise RatingsError(verdict.error)
    return verdict


def _timed(k: int, name: str, run: Callable[[], object], repeat: int) -> Row:
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            run()
        except RatingsError:
            return Row(k, name, time.perf_counter() - start, False)
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
        if took > 1.0:  # slow: one run says enough
            break
    return Row(k, name, best)


def table(rows: list[Row]) -> str:
    lines = ["| K | " + " | ".join(ANALYSES) + " |", "|---:|" + "---:|" * len(ANALYSES)]
    for k in dict.fromkeys(r.k for r in rows):
        cells = {r.analysis: (f"{1000 * r.seconds:.1f} ms" if r.finished else f"> {r.seconds:.0f} s (gave up)")
                 for r in rows if r.k == k}
        lines.append(f"| {k} | " + " | ".join(cells.get(a, "") for a in ANALYSES) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    widths = tuple(int(a) for a in sys.argv[1:]) or (4, 8, 14, 30)
    print(table(growth(widths)))
