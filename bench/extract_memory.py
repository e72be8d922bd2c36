"""Memory and time of ``ratings extract`` as the report grows (issue 25, item 6: never more than a few times the
report's size in memory).

    .venv/bin/python bench/extract_memory.py [COPIES ...]     # default 1 5 25 100

Each report is the bundled Cheshire West report (tests/data/cheshire-west-2023.txt, and its HTML
tests/data/cheshire-west-2023.html) made COPIES times as long: its text repeated, each copy's prose varied
(every seventh word of a long line given a suffix of its own), so that a long report also has a long report's
many distinct words and is not just the same words again. For each, the file's size, the peak of Python's
allocations while ``extract(path)`` runs (tracemalloc: the file read, its words indexed and read under every
rule set considered), that peak as a multiple of the size, and the wall time (the best of a few runs, without
tracemalloc, which slows allocation down). A warm-up extract first, so that the rule sets loaded once per
process are not counted.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ratings.loading.extract import extract  # noqa: E402

SEED_TEXT = ROOT / "tests" / "data" / "cheshire-west-2023.txt"
SEED_HTML = ROOT / "tests" / "data" / "cheshire-west-2023.html"
#: A line this long is prose (tables' rows, headings and the ratings page are shorter): it is the one varied.
PROSE = 200
_BODY = re.compile(r"(?s)(.*<main>)(.*)(</main>.*)")


def varied(text: str, copy: int) -> str:
    """The text with every seventh word of each long line given a suffix naming the copy ("assessmentqb")."""
    if not copy:
        return text
    tag = "q" + "".join(chr(ord("a") + int(d)) for d in str(copy))
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if len(line) >= PROSE:
            words = line.split(" ")
            lines[n] = " ".join(w + tag if k % 7 == 3 and w.isalpha() else w for k, w in enumerate(words))
    return "\n".join(lines)


def long_text(copies: int) -> str:
    seed = SEED_TEXT.read_text(encoding="utf-8")
    return "".join(varied(seed, c) for c in range(copies))


def long_html(copies: int) -> str:
    m = _BODY.match(SEED_HTML.read_text(encoding="utf-8"))
    assert m is not None, "the seed's HTML has a <main>"
    return m.group(1) + "".join(varied(m.group(2), c) for c in range(copies)) + m.group(3)


def measure(path: Path, repeat: int) -> tuple[int, float]:
    """The peak of traced allocations while extracting, and the best wall time of ``repeat`` runs."""
    tracemalloc.start()
    try:
        extract(path, max_seconds=None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        extract(path, max_seconds=None)
        best = min(best, time.perf_counter() - start)
    return peak, best


def main(copies: tuple[int, ...]) -> None:
    extract(SEED_TEXT, max_seconds=None)  # warm-up: the rule sets and words files, loaded once per process
    print("| report | size | peak (tracemalloc) | peak / size | time |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for form, make in (("text", long_text), ("HTML", long_html)):
            for n in copies:
                path = Path(folder) / f"report-{n}.{'txt' if form == 'text' else 'html'}"
                path.write_text(make(n), encoding="utf-8")
                size = path.stat().st_size
                peak, seconds = measure(path, repeat=3 if size < 2_000_000 else 1)
                print(f"| {form} x{n} | {size / 1e6:.2f} MB | {peak / 1e6:.1f} MB | {peak / size:.1f} "
                      f"| {seconds:.2f} s |", flush=True)


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (1, 5, 25, 100))
