"""Benchmarks of `ratings` on this machine, printed as the Markdown table the README carries.

    .venv/bin/python bench/bench.py            # after `pip install .` (not editable), as a user installs it

Each timing is the best (for the library) or the median (for commands, which include process start-up) of
several runs, after a warm-up. The variants are what-if copies of the Cheshire West inspection with random
whole-number percentages, so that no two are alike.
"""

from __future__ import annotations

import copy
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

import yaml

import ratings
from ratings.analyses.confidence import confidence
from ratings.analyses.gap import gap

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cheshire-west-2023.yaml"
COMMAND = Path(sys.executable).parent / "ratings"


def base() -> dict:
    mapping = yaml.safe_load(EXAMPLE.read_text())
    for key in ("published", "fieldwork", "source", "cases_inspected"):
        mapping.pop(key, None)
    return mapping


def variants(count: int, seed: int = 2023) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    template = base()
    for _ in range(count):
        v = copy.deepcopy(template)
        for sid, kqs in v["cases"].items():
            if isinstance(kqs, dict) and sid != "outcomes":
                for q in kqs:
                    kqs[q] = rnd.randint(0, 100)
        for sid in v["judgements"]:
            v["judgements"][sid] = rnd.choice(["Outstanding", "Good", "Requires improvement", "Inadequate"])
        out.append(v)
    return out


RANK = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
NAMES = {v: k for k, v in RANK.items()}


def by_hand(m: dict) -> tuple:
    """The peer: the 2021 PDU rules written out by hand for whole percentages (no checks, no explanations):
    the floor any engine of these rules is measured against."""
    def band(kqs: dict) -> int:
        low = min(kqs.values())
        return 3 if low >= 80 else 2 if low >= 65 else 1 if low >= 50 else 0

    c, j = m["cases"], m["judgements"]
    cases = [band(c[s]) if isinstance(c[s], dict) else -1
             for s in ("court_work", "assessment", "planning", "implementation_and_delivery", "reviewing")]
    judged = [RANK[j[s]] for s in ("leadership", "staff", "services", "information_and_facilities")]
    rated = [r for r in cases if r >= 0]
    if rated and 2 * sum(1 for r in rated if r == 0) >= len(rated):
        judged[0] = min(judged[0], 1)
    if cases[3] == 0:
        judged[2] = min(judged[2], 1)
    points = judged + rated
    score, n = sum(points), len(points)
    overall = 0 if 6 * score <= n * 3 else 1 if 2 * score <= n * 3 else 2 if 6 * score <= 5 * n * 3 else 3
    return [NAMES[r] for r in judged], score, 3 * n, NAMES[overall]


def best_per_item(fn, items: int, repeat: int = 7) -> float:
    fn()  # warm-up
    return min(timeit.repeat(fn, number=1, repeat=repeat)) / items


def median_wall(args: list[str], runs: int, cwd: Path = ROOT) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    engine = ratings.Engine("hmip-probation-pdu-2021")
    many = variants(1000)
    core = engine.rules.core

    per = best_per_item(lambda: engine.rate_many(many, trace=False), len(many))
    rows.append(("library fast path, `Engine.rate_many`, no trace (2021 PDU, 1,000 distinct variants)",
                 f"{per * 1e6:.1f} µs per rating", "at most 5 µs"))
    for m, result in zip(many, engine.rate_many(many)):  # the peer must agree, or the comparison means nothing
        assert by_hand(m)[1:] == (result.score, result.max_score, str(result.overall)), m
    per = best_per_item(lambda: [by_hand(m) for m in many], len(many))
    rows.append(("peer: the same rules as a hand-written Python function (no checks, no reasons; the floor)",
                 f"{per * 1e6:.1f} µs per rating", ""))

    def read_all() -> None:
        for r in engine.rate_many(many):
            r.overall, [s.rating for s in r.standards.values()]

    per = best_per_item(read_all, len(many))
    rows.append(("library fast path, no trace, reading every standard's rating and the overall",
                 f"{per * 1e6:.1f} µs per rating", ""))

    def cold() -> None:
        core.sentences.clear()
        core.cache.pop("details", None)
        engine.rate_many(many, trace=True)

    per = best_per_item(cold, len(many), repeat=3)
    rows.append(("library fast path, with trace, first sight of every variant",
                 f"{per * 1e6:.1f} µs per rating", "at most 25 µs"))
    per = best_per_item(lambda: engine.rate_many(many, trace=True), len(many))
    rows.append(("library fast path, with trace, variants seen before (sentences cached)",
                 f"{per * 1e6:.1f} µs per rating", "at most 25 µs"))
    some = many[:200]
    per = best_per_item(lambda: [ratings.rate(m, engine.rules, trace=False) for m in some], len(some), repeat=3)
    rows.append(("ordinary path, `ratings.rate(mapping)`, no trace (for comparison)",
                 f"{per * 1e6:.0f} µs per rating", ""))
    per = best_per_item(lambda: [ratings.rate(m, engine.rules) for m in some], len(some), repeat=3)
    rows.append(("ordinary path, `ratings.rate(mapping)`, with trace", f"{per * 1e6:.0f} µs per rating", ""))
    per = best_per_item(lambda: [ratings.rate(EXAMPLE) for _ in range(100)], 100, repeat=3)
    rows.append(("`ratings.rate(file)`, with trace (YAML read, checked, rated, explained)",
                 f"{per * 1e3:.2f} ms per file", ""))

    if COMMAND.exists():
        wall = median_wall([str(COMMAND), "rate", str(EXAMPLE)], runs=15)
        rows.append(("`ratings rate FILE`, cold start to exit", f"{wall * 1e3:.0f} ms", "under 150 ms"))
        folder = Path(tempfile.mkdtemp(prefix="ratings-bench-"))
        try:
            for i, v in enumerate(many):
                v["name"] = f"Variant {i}"
                (folder / f"variant-{i:04d}.yaml").write_text(yaml.safe_dump(v, sort_keys=False))
            out = folder.parent / f"{folder.name}.json"
            wall = median_wall([str(COMMAND), "batch", str(folder), "--format", "json", "--output", str(out)], runs=3)
            rows.append(("`ratings batch` over 1,000 files (JSON with traces)", f"{wall:.2f} s", "under 2 s"))
            out.unlink(missing_ok=True)
        finally:
            shutil.rmtree(folder)
    else:
        rows.append(("`ratings rate FILE` / `ratings batch`", "not measured: no `ratings` command beside this "
                     "Python", ""))

    rule_set, inspection = ratings.load_inspection(EXAMPLE)
    for target in ("Good", "Outstanding"):
        per = best_per_item(lambda: [gap(rule_set, inspection, target) for _ in range(20)], 20)
        rows.append((f"`gap --target {target}` (Cheshire West, 2021 PDU, in cases)", f"{per * 1e3:.2f} ms",
                     "well under 50 ms"))
    per = best_per_item(lambda: [confidence(rule_set, inspection) for _ in range(20)], 20)
    rows.append(("`confidence` (Cheshire West, 2021 PDU)", f"{per * 1e3:.2f} ms", "well under 50 ms"))

    print(f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}, ratings {ratings.__version__}:\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
