"""Reading a report within bounds (issue 23, class 6). HTML: the project's own tokenizer, linear in the page's
length. PDF: compressed streams refused past a bound on what they inflate to, before pypdf reads them, and
the pages read within the time budget (`--max-seconds`).

Checked against the standard library's ``html.parser`` (the reader it replaced, kept here as the reference)
on well-formed pages drawn at random, and on the bundled report's HTML; and on pages built to be hostile
(unclosed tags, comments, declarations and quotes, a megabyte long), which the standard library takes
hours over or raises AssertionError on, and which must give one result or one located error, never hang.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratings.reading import report_text
from ratings.reading.report_text import html_lines

from conftest import ROOT


class Reference(report_text._HtmlText, HTMLParser):
    """The same handler driven by the standard library's parser."""

    def __init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        report_text._HtmlText.__init__(self)

    @property
    def line(self) -> int:
        return self.getpos()[0]

    @line.setter
    def line(self, value: int) -> None:  # the tokenizer's; the standard parser keeps its own
        pass


def reference_lines(text: str) -> list[tuple[str, str]]:
    parser = Reference()
    parser.feed(text)
    parser.close()
    parser.flush()
    return [(line.text, line.place) for line in parser.lines]


def ours(text: str) -> list[tuple[str, str]]:
    return [(line.text, line.place) for line in html_lines(text)]


WORDS = st.sampled_from(["Assessment", "Good", "72%", "a & b", "1 < 2", "x > y", "&amp;", "&#8211;", "&nbsp;",
                         "Requires\nimprovement", "  spaced  ", "Ø", "\t"])
TAGS = ["p", "div", "td", "th", "tr", "table", "span", "b", "sup", "li", "h2", "pre", "br", "script", "style",
        "title", "a"]


@st.composite
def elements(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = draw(st.sampled_from(["", ' class="x"', " id='y'", ' title="a>b"', " data-n=3"]))
    if tag == "br":
        return f"<br{attrs}>" if draw(st.booleans()) else f"<br{attrs}/>"
    if tag in ("script", "style"):
        return f"<{tag}>if (a < b) {{ x = '</p>'; }}</{tag}>"
    inner = draw(st.lists(WORDS if depth > 2 else st.one_of(WORDS, elements(depth + 1)), max_size=4))
    spelled = tag.upper() if draw(st.integers(0, 5)) == 0 else tag
    return f"<{spelled}{attrs}>{''.join(inner)}</{tag}>"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(elements(), WORDS, st.just("<!-- a comment -->"), st.just("<!DOCTYPE html>")),
                min_size=1, max_size=6))
def test_well_formed_pages_read_as_the_standard_library_reads_them(parts):
    page = "<html><body>\n" + "\n".join(parts) + "\n</body></html>"
    assert ours(page) == reference_lines(page), page


def test_the_bundled_report_reads_as_the_standard_library_reads_it():
    page = (ROOT / "tests" / "data" / "cheshire-west-2023.html").read_text(encoding="utf-8")
    assert ours(page) == reference_lines(page)


HOSTILE = {"unclosed start tags": "<a ", "unclosed comments": "<!--", "marked sections": "<![",
           "unclosed end tags": "</a", "processing instructions": "<?", "unclosed quotes": '<a b="',
           "declarations": "<!DOCTYPE ", "tags across lines": "<div\n", "attributes": "<a b='c' ",
           "character references": "&#", "bare angle brackets": "< ", "raw text": "<script>"}


@pytest.mark.parametrize("piece", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_page_is_read_in_one_pass(tmp_path, piece):
    """A megabyte of one construct, never closed, after a real paragraph: read in one pass (the standard
    library takes minutes at a twentieth of this size, or raises AssertionError), keeping the paragraph. Run
    as a command, which must end with a result or one error line, not hang (the timeout only guards the
    suite: it is far above any linear reading of a megabyte)."""
    page = "<html><body><p>HM Inspectorate of Probation</p>" + piece * (1_000_000 // len(piece))
    lines = ours(page)
    assert lines[0] == ("HM Inspectorate of Probation", "line 1")
    path = tmp_path / "hostile.html"
    path.write_text(page, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "ratings", "extract", str(path)], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert run.returncode == 1 and run.stdout == ""
    assert re.fullmatch(r"Error: .*hostile\.html: [^\n]+\n", run.stderr), run.stderr


def _pdf(pages: int, operators: int, filters: bytes = b"/FlateDecode") -> bytes:
    """A PDF of ``pages`` pages, each with one compressed content stream of ``operators`` text operators (7
    bytes each) after a line naming the inspectorate."""
    import zlib

    from pdf_writer import _document

    raw = b"BT /F1 10 Tf 56 786 Td (HM Inspectorate of Probation) Tj ET\n" + b"(x) Tj " * operators
    body = zlib.compress(raw, 9)
    return _document([b"X" * 10] * pages).replace(
        b"<< /Length 10 >>\nstream\nXXXXXXXXXX\nendstream",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(body), filters) + body + b"\nendstream")


@pytest.mark.parametrize("pages, operators, message", [
    (1, 200_000, "a compressed stream inflates past 1 MB"),  # 1.4 MB of text operators on one page
    (40, 130_000, "its compressed streams inflate past 32 MB together"),  # 0.9 MB a page, 36 MB in all
], ids=["one page", "many pages"])
def test_a_pdf_whose_streams_inflate_past_the_bound_is_refused_before_reading(tmp_path, pages, operators, message):
    pytest.importorskip("pypdf")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf(pages, operators))
    run = subprocess.run([sys.executable, "-m", "ratings", "extract", str(path)], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == f"Error: {path}: the PDF is not read: {message} (a report's pages hold a few hundred " \
                         "kilobytes of text each)\n"


def test_a_pdf_within_the_bounds_is_read_within_the_time_budget(tmp_path):
    """Pages under the bound that take long to read (seconds each, with pypdf): the budget stops the reading
    between pages, saying how far it got. The budget is far below what reading all 30 pages could take with
    any PDF library (checking the streams alone inflates 25 MB), so the test does not rest on pypdf's speed."""
    pytest.importorskip("pypdf")
    path = tmp_path / "slow.pdf"
    path.write_bytes(_pdf(30, 120_000))
    run = subprocess.run([sys.executable, "-m", "ratings", "extract", str(path), "--max-seconds", "0.01"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert (run.returncode, run.stdout) == (1, "")
    assert re.fullmatch(rf"Error: {re.escape(str(path))}: gave up after 0\.01 s: read \d+ of the PDF's pages; allow "
                        r"more time with --max-seconds \(or max_seconds=\)\n", run.stderr), run.stderr


def test_a_small_compressed_pdf_is_read():
    """The bound leaves a real report's pages alone: a compressed page of a few thousand operators is read."""
    pytest.importorskip("pypdf")
    lines = report_text.pdf_lines(_pdf(2, 2_000), "small.pdf")
    assert lines[0].text.startswith("HM Inspectorate of Probation") and lines[0].place == "page 1"
