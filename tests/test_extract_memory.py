"""Extract's memory (issue 25, item 6): never more than a few times the report's size.

The bound, as docs/extract.md says it: the peak of Python's allocations (tracemalloc) while ``extract`` reads a
text or HTML report from its file and extracts it is at most five times the file's size, plus a megabyte. The
report is the bundled one made 25 times as long (about a megabyte), each copy's prose varied so that a long
report also has a long report's many distinct words (bench/extract_memory.py measures the same reports, and
longer ones). Where a report's words were kept as a string per occurrence, with a list of places per word,
the peak was over twenty times the size (and reading the file alone took the 50 MB size bound at once).
"""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratings.loading.extract import extract
from ratings.reading.report_text import report_from_bytes, text_lines

from conftest import ROOT

SEED_TEXT = ROOT / "tests" / "data" / "cheshire-west-2023.txt"
SEED_HTML = ROOT / "tests" / "data" / "cheshire-west-2023.html"
TIMES_THE_SIZE = 5
FIXED = 1_000_000  # bytes: what extract takes whatever the report (the seed alone peaks at about 0.4 MB)
COPIES = 25


def varied(text: str, copy: int) -> str:
    """Every seventh word of each line of prose (200 characters or more) given a suffix naming the copy."""
    tag = "q" + "".join(chr(ord("a") + int(d)) for d in str(copy))
    return "\n".join(" ".join(w + tag if copy and k % 7 == 3 and w.isalpha() else w
                              for k, w in enumerate(line.split(" "))) if len(line) >= 200 else line
                     for line in text.split("\n"))


def long_report(form: str) -> str:
    if form == "txt":
        return "".join(varied(SEED_TEXT.read_text(encoding="utf-8"), c) for c in range(COPIES))
    page = SEED_HTML.read_text(encoding="utf-8")
    head, rest = page.split("<main>")
    body, tail = rest.split("</main>")
    return f"{head}<main>{''.join(varied(body, c) for c in range(COPIES))}</main>{tail}"


@pytest.mark.parametrize("form", ["txt", "html"])
def test_extract_takes_at_most_five_times_the_reports_size(tmp_path, form):
    seed = extract(SEED_TEXT, max_seconds=None)  # (also loads the rule sets, once per process: not counted)
    path = tmp_path / f"long.{form}"
    path.write_text(long_report(form), encoding="utf-8")
    size = path.stat().st_size
    assert size > 1_000_000
    tracemalloc.start()
    try:
        x = extract(path, max_seconds=None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= TIMES_THE_SIZE * size + FIXED, f"{peak / size:.1f} times the size"
    # read through: every copy gives the seed's ratings and results, so they settle as the seed's
    assert x.rules.id == seed.rules.id and x.found == seed.found
    assert x.mapping["judgements"] == seed.mapping["judgements"] and x.mapping["cases"] == seed.mapping["cases"]


BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@given(st.lists(st.one_of(st.sampled_from(BREAKS), st.text(st.characters(
    blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=5)), max_size=12), st.booleans())
def test_a_text_is_split_into_lines_as_str_splitlines_splits_it(pieces, bom):
    """A text report's lines, kept as offsets into its bytes, are the lines Python's own splitlines() gives,
    numbered from 1, whatever the line breaks (and with a byte-order mark, after it)."""
    text = "".join(pieces)
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    lines = text_lines(data, 3 if bom else 0)
    assert [line.text for line in lines] == text.splitlines()
    assert [line.place for line in lines] == [f"line {n}" for n in range(1, len(text.splitlines()) + 1)]
    if text.strip() and not text.lstrip().startswith("<"):
        assert [line.text for line in report_from_bytes(data, "r.txt").lines] == text.splitlines()
