"""Benchmarks of `ratings` on this machine, printed as the Markdown table the README carries, with the
targets of issue 12 and whether each is met.

    pip install .[bench]                       # ratings as a user installs it, and the JSON-Logic peer
    .venv/bin/python bench/bench.py

Each timing is the best (for the library) or the median (for commands, which include process start-up) of
several runs, after a warm-up. The variants are what-if copies of the Cheshire West inspection with random
whole-number percentages, so that no two are alike. Two peers rate the same variants in the same run, and
the bench first asserts that they agree with `ratings` on every one: the 2021 PDU rules written by hand in
Python (the floor), and the same rules as JSON-Logic (generated from the loaded rule set by
`json_logic_rules.py`) run by panzi-json-logic, a pure-Python JSON-Logic interpreter. The analyses' growth
comes from `analyses_growth.growth` when that file is there, else from `synthetic.growth`; each analysis
stops at its own time budget, so the bench cannot hang. Peak memory is measured in a child process.
"""

from __future__ import annotations

import copy
import importlib.metadata
import inspect
import os
import random
import resource
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
RULES = "hmip-probation-pdu-2021"
KS = (4, 8, 14, 30)  # case standards, for the analyses' growth
BUDGET = 5.0  # seconds: each analysis's max_seconds in the growth rows
MILLION = 1_000_000


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
    """CPU seconds per item, the best of ``repeat`` runs after a warm-up (CPU time, so that other work on a
    shared machine counts for less)."""
    fn()  # warm-up
    return min(timeit.repeat(fn, number=1, repeat=repeat, timer=time.process_time)) / items


def median_wall(args: list[str], runs: int, cwd: Path = ROOT) -> tuple[float, float]:
    """The median wall time of running a command, and the median CPU time (user and system) it took."""
    times, cpu = [], []
    for _ in range(runs):
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime)
    return statistics.median(times), statistics.median(cpu)


def met(ok: bool | None) -> str:
    return "" if ok is None else "met" if ok else "**not met**"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs per rating" if seconds < 1e-4 else f"{seconds * 1e6:.0f} µs per rating"


# ---------------------------------------------------------------------------------------------- JSON-Logic


def json_logic_peer(engine: "ratings.Engine", many: list[dict]):
    """(name, a function rating one mapping) for the JSON-Logic peer, after checking that it agrees with
    `ratings` on every variant; None when no JSON-Logic package is installed."""
    try:
        from json_logic import jsonLogic
    except ImportError:
        return None
    import json

    from json_logic_rules import json_logic_rules, rate

    rules = json.loads(json.dumps(json_logic_rules(engine.rules)))  # as they would be stored: plain JSON
    for m, result in zip(many, engine.rate_many(many)):  # the peer must agree, or the comparison means nothing
        got = rate(jsonLogic, rules, m)
        assert (got["score"], got["max_score"], got["overall"]) == \
            (result.score, result.max_score, str(result.overall)), (m, got)
        for sid, s in result.standards.items():
            if s.standard.kind != "information":
                assert got[sid] == (-1 if s.rating.points is None else s.rating.points), (m, sid, got)
    try:
        name = f"panzi-json-logic {importlib.metadata.version('panzi-json-logic')}"
    except importlib.metadata.PackageNotFoundError:
        name = "json_logic"
    return name, lambda m: rate(jsonLogic, rules, m)


# ---------------------------------------------------------------------------------------- analyses' growth


def analyses_growth() -> tuple[str, dict[str, dict[int, float | str]]]:
    """(where the figures come from, {analysis: {K: seconds, or 'gave up after N s'}})."""
    try:
        import analyses_growth

        kwargs = {"ks": KS}
        if "max_seconds" in inspect.signature(analyses_growth.growth).parameters:
            kwargs["max_seconds"] = BUDGET
        rows = analyses_growth.growth(**kwargs)
        out: dict[str, dict[int, float | str]] = {}
        for row in rows:
            out.setdefault(row.analysis, {})[row.k] = (
                row.seconds if row.finished else f"gave up after {row.seconds:.0f} s")
        if out:
            return "`bench/analyses_growth.py` (widened rule sets of `tests/widened.py`)", out
    except Exception as exc:  # not there, or of another shape: measure with the bench's own rule sets
        print(f"(analyses_growth: {type(exc).__name__}: {str(exc)[:200]}; using synthetic.growth)",
              file=sys.stderr)
    from synthetic import growth

    return "`bench/synthetic.py`", growth(KS, max_seconds=BUDGET)


def growth_cell(times: dict[int, float | str]) -> tuple[str, bool]:
    cells, ok = [], True
    for k in KS:
        t = times.get(k)
        if t is None:
            cells.append(f"K={k}: not run")
            ok = False
        elif isinstance(t, str):
            cells.append(f"K={k}: {t}")
            ok = ok and k not in (14, 30)
        else:
            cells.append(f"K={k}: {t * 1e3:.1f} ms" if t < 1 else f"K={k}: {t:.2f} s")
            ok = ok and not (k == 14 and t > 0.1) and not (k == 30 and t > 1.0)
    return ", ".join(cells), ok


# -------------------------------------------------------------------------------------------- peak memory


def memory_child(mode: str) -> None:
    """Run in a child process: rate a million mappings through `Engine.rate_many` and print the peak resident
    memory (ru_maxrss) before and after, in MiB, and the CPU seconds."""
    engine = ratings.Engine(RULES)
    many = variants(1000)
    engine.rate_many(many)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kept: list = []
    start = time.process_time()
    for _ in range(MILLION // len(many)):
        results = engine.rate_many(many)  # 1,000 at a time
        if mode == "keep":
            kept.extend(results)
    took = time.process_time() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    print(f"{before / scale:.0f} {after / scale:.0f} {took:.1f} {len(kept)}")


def peak_memory(mode: str) -> str:
    out = subprocess.run([sys.executable, __file__, "--memory", mode], capture_output=True, text=True, check=True)
    before, after, took, _ = out.stdout.split()
    return f"peak {after} MiB ({before} MiB before rating; {took} s CPU)"


# -------------------------------------------------------------------------------------------------- main


def main() -> None:
    rows: list[tuple[str, str, str, str]] = []
    engine = ratings.Engine(RULES)
    many = variants(1000)
    core = engine.rules.core

    def row(measure: str, result: str, target: str = "", ok: bool | None = None) -> None:
        rows.append((measure, result, target, met(ok)))

    for m, result in zip(many, engine.rate_many(many)):  # the peer must agree, or the comparison means nothing
        assert by_hand(m)[1:] == (result.score, result.max_score, str(result.overall)), m
    peer = json_logic_peer(engine, many)

    # issue 12's table, in its order, each beside json-logic on the same 1,000 variants
    fast = best_per_item(lambda: engine.rate_many(many, trace=False), len(many))
    row("library fast path, `Engine.rate_many`, no trace, results not read (2021 PDU, 1,000 distinct "
        "variants)", us(fast), "at most 5 µs", fast <= 5e-6)

    def read_all() -> None:
        for r in engine.rate_many(many):
            r.overall, [s.rating for s in r.standards.values()]

    per = best_per_item(read_all, len(many))
    row("library fast path, no trace, reading every standard's rating and the overall",
        f"{us(per)} ({per / fast:.1f}× the figure with nothing read)",
        "at most twice the figure with nothing read", per <= 2 * fast)

    def cold() -> None:
        core.sentences.clear()
        core.cache.pop("details", None)
        engine.rate_many(many, trace=True)

    per = best_per_item(cold, len(many), repeat=3)
    row("library fast path, `Engine.rate_many(trace=True)`, first sight of every variant", us(per),
        "at most 15 µs", per <= 15e-6)
    per = best_per_item(lambda: engine.rate_many(many, trace=True), len(many))
    row("library fast path, with trace, variants seen before (sentences cached)", us(per), "at most 25 µs",
        per <= 25e-6)

    # the trace's sentences are written when it is read: what reading all of them costs, on first sight
    # (no sentence or detail kept from before) and when the sentences have been written before
    def cold_read() -> None:
        core.sentences.clear()
        core.cache.pop("details", None)
        for result in engine.rate_many(many, trace=True):
            tuple(result.trace)

    per = best_per_item(cold_read, len(many), repeat=3)
    row("library fast path, with trace, every sentence read, first sight of every variant", us(per))
    per = best_per_item(lambda: [tuple(r.trace) for r in engine.rate_many(many, trace=True)], len(many))
    row("library fast path, with trace, every sentence read, variants seen before", us(per))

    jl = None
    if peer is not None:
        name, rate_jl = peer
        jl = best_per_item(lambda: [rate_jl(m) for m in many], len(many), repeat=5)
        row(f"peer: json-logic ({name}, pure Python), the same rules as JSON-Logic, checked equal on every "
            "variant", us(jl))
    else:
        row("peer: json-logic", "not measured: `pip install .[bench]` installs it")
    per = best_per_item(lambda: [by_hand(m) for m in many], len(many))
    row("peer: the same rules as a hand-written Python function (no checks, no reasons; the floor)", us(per))

    some = many[:200]
    for label, fn in (
            (f"`ratings.rate(mapping, \"{RULES}\")`, with trace (the default: what a library user writes)",
             lambda: [ratings.rate(m, RULES) for m in some]),
            ("`Engine.rate(mapping)`, with trace (the default)", lambda: [engine.rate(m) for m in some])):
        per = best_per_item(fn, len(some), repeat=5)
        if jl is None:
            row(label, us(per), "at least 8× faster than json-logic (not measured)")
        else:
            than = f"{jl / per:.1f}× faster than" if per <= jl else f"{per / jl:.1f}× slower than"
            row(label, f"{us(per)} ({than} json-logic)", "at least 8× faster than json-logic", jl >= 8 * per)
    # the ordinary path: read and check the mapping into an Inspection, then evaluate step by step (what a
    # mapping of another shape, or a file, goes through)
    per = best_per_item(lambda: [engine.evaluate(engine.load(m), trace=False) for m in some], len(some), repeat=3)
    row("ordinary path, `Engine.evaluate(Engine.load(mapping))`, no trace (for comparison)", us(per))
    per = best_per_item(lambda: [engine.evaluate(engine.load(m)) for m in some], len(some), repeat=3)
    row("ordinary path, `Engine.evaluate(Engine.load(mapping))`, with trace", us(per))
    per = best_per_item(lambda: [ratings.rate(EXAMPLE) for _ in range(100)], 100, repeat=3)
    row("`ratings.rate(file)`, with trace (YAML read, checked, rated, explained)", f"{per * 1e3:.2f} ms per file")

    if COMMAND.exists():
        wall, cpu = median_wall([str(COMMAND), "rate", str(EXAMPLE)], runs=15)
        row("`ratings rate FILE`, cold start to exit (median of 15, wall clock)",
            f"{wall * 1e3:.0f} ms ({cpu * 1e3:.0f} ms CPU)", "at most 80 ms", wall <= 0.080)
        # the floor under any design with these core dependencies: start Python and import them, nothing else
        for label, code in (("Python start-up alone (`python -c pass`)", "pass"),
                            ("the floor: Python start-up and importing pyyaml, attrs and click (no ratings)",
                             "import yaml, attrs, click")):
            wall, cpu = median_wall([sys.executable, "-c", code], runs=15)
            row(f"for comparison, {label}, median of 15", f"{wall * 1e3:.0f} ms ({cpu * 1e3:.0f} ms CPU)")
        folder = Path(tempfile.mkdtemp(prefix="ratings-bench-"))
        try:
            for i, v in enumerate(copy.deepcopy(many)):
                v["name"] = f"Variant {i}"
                (folder / f"variant-{i:04d}.yaml").write_text(yaml.safe_dump(v, sort_keys=False))
            out = folder.parent / f"{folder.name}.json"
            wall, cpu = median_wall([str(COMMAND), "batch", str(folder), "--format", "json", "--output", str(out)],
                                    runs=3)
            row("`ratings batch` over 1,000 files (JSON with traces; wall clock)", f"{wall:.2f} s ({cpu:.2f} s CPU)",
                "under 2 s", wall < 2)
            out.unlink(missing_ok=True)
        finally:
            shutil.rmtree(folder)
    else:
        row("`ratings rate FILE` / `ratings batch`", "not measured: no `ratings` command beside this Python")

    rule_set, inspection = ratings.load_inspection(EXAMPLE)
    for target in ("Good", "Outstanding"):
        per = best_per_item(lambda: [gap(rule_set, inspection, target) for _ in range(20)], 20)
        row(f"`gap --target {target}` (Cheshire West, 2021 PDU, in cases)", f"{per * 1e3:.2f} ms",
            "well under 50 ms", per < 0.050)
    per = best_per_item(lambda: [confidence(rule_set, inspection) for _ in range(20)], 20)
    row("`confidence` (Cheshire West, 2021 PDU)", f"{per * 1e3:.2f} ms", "well under 50 ms", per < 0.050)

    source, growth = analyses_growth()
    for name, times in growth.items():
        cell, ok = growth_cell(times)
        row(f"`{name}` over K case standards (the 2021 PDU rules widened, counts out of 20; wall clock)", cell,
            "at most 100 ms at K=14, 1 s at K=30", ok)

    row("peak memory, a million ratings through `Engine.rate_many`, 1,000 at a time, results dropped "
        "(child process, `ru_maxrss`)", peak_memory("chunks"))
    row("peak memory, a million ratings through `Engine.rate_many`, every result kept", peak_memory("keep"))

    load = os.getloadavg()[0]
    print(f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores (load average {load:.1f} at the end), "
          f"Python {sys.version.split()[0]}, ratings {ratings.__version__}:\n")
    print("| measure | result | target | |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    targets = [r for r in rows if r[3]]
    print(f"\n{sum(r[3] == 'met' for r in targets)} of {len(targets)} targets met. Library figures are CPU time, "
          f"the best of several runs; the analyses' growth comes from {source}, each analysis with a budget of "
          f"{BUDGET:g} s.")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        memory_child(sys.argv[2])
    else:
        main()
