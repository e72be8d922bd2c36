"""Reading an inspection report as lines of text: plain text (as copied from a report), the HTML the
inspectorate publishes (read by a small tokenizer of our own, linear in the page's length), or a PDF (read
with pypdf, the optional extra ``pdf``, imported only when a PDF is read).

Why not the standard library's ``html.parser``: on a few hundred kilobytes of unclosed tags or comments it
takes minutes (its time grows with the square of the length), and some malformed declarations make it raise
``AssertionError``. A report needs only tags' names, text and character references, which the tokenizer
below reads in one pass, as a browser would (an unclosed comment runs to the end; a tag never closed is
dropped; a ``<`` that starts nothing is text).

Nothing here knows what a report says: each line keeps where it came from ("line 315", "page 4"), for the
extraction (``loading/extract.py``) to say where it found each value. A table's cells are kept apart by a
tab, as a report copied as text has them.
"""

from __future__ import annotations

import codecs
import html
import io
import logging
import re
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

import attrs

from ..model.errors import Problem, RatingsError
from ..model.limits import Deadline
from .yaml_file import read_bytes

#: A report in any form is refused past this size (a long report's PDF is a few megabytes).
MAX_REPORT_BYTES = 50_000_000
#: Pages of a PDF read at most.
MAX_PDF_PAGES = 2_000
#: What one compressed stream of a PDF may inflate to (a page's content; an object stream, which holds many of
#: the file's objects, more), and all of them together (images aside). A report's page holds tens of
#: kilobytes of text operators; pypdf takes about five seconds and fifty megabytes to read a page of one
#: megabyte of them (measured with pypdf 7.1), so a page past that is no report's.
MAX_STREAM_BYTES = 1_000_000
MAX_OBJECT_STREAM_BYTES = 8_000_000
MAX_STREAMS_BYTES = 32_000_000

REPORT = "an inspection report (plain text, HTML or PDF)"


@attrs.frozen
class ReportLine:
    text: str
    place: str  # where in the file: "line 315" (text, HTML) or "page 4" (PDF)


@attrs.frozen
class ReportLines(Sequence[ReportLine]):
    """A report's lines, kept compactly: all their text as UTF-8 in one bytes object (a text file's own bytes,
    unchanged), with where each line starts and ends in it and its place (a line's number in the file, or a
    page's). A line is made (decoded) when it is asked for. Why: a line kept as its own string and place takes
    about four times its length in memory (a report of a megabyte, four), this about once."""

    data: bytes | bytearray  # (a bytearray as written, not copied: no line is written after)
    starts: array[int]
    ends: array[int]
    places: array[int]
    unit: str  # "line" or "page"

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, n: int) -> ReportLine: ...
    @overload
    def __getitem__(self, n: slice) -> Sequence[ReportLine]: ...

    def __getitem__(self, n: int | slice) -> ReportLine | Sequence[ReportLine]:
        if isinstance(n, slice):
            return [self[k] for k in range(*n.indices(len(self)))]
        return ReportLine(self.text(n), f"{self.unit} {self.places[n]}")

    def __iter__(self) -> Iterator[ReportLine]:
        return (self[n] for n in range(len(self)))

    def text(self, n: int) -> str:
        """The n-th line's text (without making its place)."""
        return self.data[self.starts[n]:self.ends[n]].decode("utf-8", "surrogatepass")


class _Lines:
    """Lines written one by one into :class:`ReportLines`."""

    def __init__(self, unit: str) -> None:
        self.unit = unit
        self.data = bytearray()
        self.starts, self.places = array("i"), array("i")

    def add(self, text: str, place: int) -> None:
        self.starts.append(len(self.data))
        self.places.append(place)
        self.data += text.encode("utf-8", "surrogatepass")  # (a codec may give a lone surrogate)

    def __len__(self) -> int:
        return len(self.starts)

    def done(self) -> ReportLines:
        ends = self.starts[1:]
        ends.append(len(self.data))
        return ReportLines(self.data, array("i", self.starts), ends, array("i", self.places), self.unit)


@attrs.frozen
class ReportText:
    """A report as lines of text. ``form`` is how it was read: ``text``, ``HTML`` or ``PDF``."""

    file: str
    form: str
    lines: ReportLines


def read_report(path: str | Path, display: str | None = None, budget: Deadline | None = None) -> ReportText:
    """Read a report file, telling its form from its content (a PDF's header, HTML's tags) or its name; a
    PDF's pages are read within ``budget``."""
    name = display or str(path)
    data = read_bytes(path, name, MAX_REPORT_BYTES, what=REPORT)
    return report_from_bytes(data, name, Path(path).suffix.lower(), budget)


def report_from_bytes(data: bytes, name: str, suffix: str = "", budget: Deadline | None = None) -> ReportText:
    if not data or data.isspace():  # (the same spaces as strip(), with no copy of the whole made)
        raise RatingsError(Problem("the file is empty", name))
    if data[:1024].lstrip().startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return ReportText(name, "PDF", pdf_lines(data, name, budget))
    if b"\x00" in data[:4096] or suffix == ".pdf":
        raise RatingsError(Problem(f"is not {REPORT}: it is neither text nor a PDF", name))
    encoding = _encoding(data, name)
    if encoding != "utf-8-sig":
        text = _decode(data, name, encoding)
        if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(text[:_HTML_HEAD]):
            return ReportText(name, "HTML", html_lines(text))
        return ReportText(name, "text", text_lines(text.encode("utf-8", "surrogatepass")))
    _check_utf8(data, name)
    head = data[:3 + 4 * _HTML_HEAD].decode(encoding, "ignore")[:_HTML_HEAD]  # (ignored: a character cut off)
    if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(head):
        return ReportText(name, "HTML", html_lines(_decode(data, name, encoding)))
    return ReportText(name, "text", text_lines(data, 3 if data.startswith(codecs.BOM_UTF8) else 0))


#: Where str.splitlines() ends a line, in UTF-8 (each sequence is one character there, and nothing else).
_LINE_BREAK = re.compile(rb"\r\n|[\n\r\x0b\x0c\x1c-\x1e]|\xc2\x85|\xe2\x80[\xa8\xa9]")


def text_lines(data: bytes, start: int = 0) -> ReportLines:
    """The lines of a text in UTF-8 (from ``start``), as ``str.splitlines()`` gives them (a break at the end
    ends the last line), numbered from 1. The bytes are kept as they are: no copy of the text is made."""
    starts, ends = array("i"), array("i")
    for m in _LINE_BREAK.finditer(data, start):
        starts.append(start)
        ends.append(m.start())
        start = m.end()
    if start < len(data):
        starts.append(start)
        ends.append(len(data))
    return ReportLines(data, starts, ends, array("i", range(1, len(starts) + 1)), "line")


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
#: How far into a page its start is looked for (comments before <html> included).
_HTML_HEAD = 65536


def looks_like_html(data: bytes) -> bool:
    """Whether a file starts as an HTML page does (a doctype, <html>, <head> or <body>, after comments)."""
    return _HTML_START.match(data[:_HTML_HEAD].decode("utf-8", "replace")) is not None


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _encoding(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte-order mark); an HTML page may name another encoding in its ``<meta>``."""
    declared = _CHARSET.search(data[:4096])
    if not declared:
        return "utf-8-sig"
    try:
        encoding = codecs.lookup(declared.group(1).decode("ascii")).name
    except LookupError:
        raise RatingsError(Problem(f"names an encoding Python does not know: "
                                   f"{declared.group(1).decode('ascii', 'replace')!r}", name)) from None
    return "utf-8-sig" if encoding == "utf-8" else encoding


#: How much of a text in UTF-8 is checked at a time.
_CHECKED = 1 << 16


def _check_utf8(data: bytes, name: str) -> None:
    """That the text is UTF-8 (with or without a byte-order mark), piece by piece, so that no copy of the whole
    is made; where it is not, the error is :func:`_decode`'s."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    view = memoryview(data)
    try:
        for k in range(0, len(data), _CHECKED):
            decoder.decode(view[k:k + _CHECKED], final=k + _CHECKED >= len(data))
    except UnicodeDecodeError:
        _decode(data, name, "utf-8-sig")
        raise  # (not reached: _decode fails where the pieces did)
    finally:
        view.release()


def _decode(data: bytes, name: str, encoding: str) -> str:
    declared = _CHARSET.search(data[:4096])
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise RatingsError(Problem(f"is not {REPORT}: its text is not {encoding.replace('-sig', '').upper()} "
                                   f"(byte {exc.start + 1})", name)) from None
    except (LookupError, ValueError):  # a codec that is no text encoding (base64, zlib, rot13), or that fails
        raise RatingsError(Problem(f"names an encoding that does not decode text: "
                                   f"{declared.group(1).decode('ascii', 'replace')!r}; save the page as UTF-8"
                                   if declared else f"is not {REPORT}: its text cannot be decoded", name)) from None


# ------------------------------------------------------------------------------------------------------- HTML

#: Elements that start a new line; table cells are kept apart by a tab, as in a report copied as text.
_BLOCKS = frozenset("""address article aside blockquote br caption dd details div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead
    title tr ul""".split())
_CELLS = frozenset(("td", "th"))
_HIDDEN = frozenset(("script", "style", "template", "noscript", "svg", "math", "iframe", "object"))
#: A footnote mark in <sup>: "1", "*", "[footnote 2]"; dropped (other superscripts, like "st" in 1st, are kept).
_FOOTNOTE_MARK = re.compile(r"\s*\[?\s*(?:footnote\s*)?[0-9*†‡§¶]{1,3}\s*\]?\s*", re.I)


#: A start tag's name and the rest of it up to its '>', quotes respected; possessive, so never backtracking
_START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*+)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>""")
_END_TAG = re.compile(r"</([a-zA-Z][^\s/>]*+)[^>]*+>")
#: Elements whose content is raw text up to their end tag, never read as markup (as ``html.parser`` has them)
_RAW = frozenset(("script", "style"))
#: The end of each: found in any case of ASCII letters, as "</SCRIPT" (no lower-cased copy of the page made).
_RAW_END = {name: re.compile(f"</{name}", re.I | re.A) for name in _RAW}


def tokens(text: str, handler: "_HtmlText") -> None:
    """Read ``text`` as HTML in one pass, calling the handler's ``handle_starttag``, ``handle_endtag``,
    ``handle_startendtag`` and ``handle_data`` (character references resolved), with ``handler.line`` the
    line each call is at. Every search starts where the last ended and the scan never goes back, so the time
    is linear in the length, whatever the page."""
    pos, line, n = 0, 1, len(text)
    while pos < n:
        lt = text.find("<", pos)
        end = n if lt < 0 else lt
        if end > pos:
            handler.line = line
            handler.handle_data(html.unescape(text[pos:end]))
            line += text.count("\n", pos, end)
            pos = end
        if lt < 0:
            break
        nxt = _markup(text, lt, handler, line)
        line += text.count("\n", lt, nxt)
        pos = nxt


def _markup(text: str, at: int, handler: "_HtmlText", line: int) -> int:
    """Read the markup at ``at`` (a '<'); return where the text after it starts."""
    handler.line = line
    if text.startswith("<!--", at):  # a comment: to its end, or to the end of the page
        close = text.find("-->", at + 4)
        return len(text) if close < 0 else close + 3
    if text.startswith("<![CDATA[", at):
        close = text.find("]]>", at + 9)
        return len(text) if close < 0 else close + 3
    if text.startswith(("<!", "<?"), at):  # a declaration or a processing instruction: to the next '>'
        close = text.find(">", at + 2)
        return len(text) if close < 0 else close + 1
    end = _END_TAG.match(text, at)
    if end is not None:
        handler.handle_endtag(end.group(1).lower())
        return end.end()
    start = _START_TAG.match(text, at)
    if start is None:
        if at + 1 < len(text) and (text[at + 1].isalpha() or text[at + 1] == "/"):
            return len(text)  # a tag never closed: dropped, with the rest of the page, as a browser does
        handler.handle_data("<")  # a '<' that starts nothing is text
        return at + 1
    name = start.group(1).lower()
    if start.group(2).rstrip().endswith("/"):
        handler.handle_startendtag(name, [])
        return start.end()
    handler.handle_starttag(name, [])
    if name not in _RAW:
        return start.end()
    closing = _RAW_END[name].search(text, start.end())  # raw text: up to the end tag, never read as markup
    if closing is None:
        return len(text)
    close = closing.start()
    finish = text.find(">", close)
    handler.handle_endtag(name)
    return len(text) if finish < 0 else finish + 1


class _HtmlText:
    def __init__(self) -> None:
        self.line = 1  # the line the tokenizer is at
        self.written = _Lines("line")
        self.parts: list[str] = []
        self.first_line: int | None = None
        self.hidden = 0  # inside <script>, <style>, ...
        self.sup: list[str] | None = None  # the text of a <sup> being read
        self.pre = 0

    def flush(self) -> None:
        text = "".join(self.parts)
        if not self.pre:  # spaces were collapsed piece by piece; now across pieces and around cell breaks
            text = re.sub(r" *\t *", "\t", re.sub(" {2,}", " ", text)).strip(" \t")
        if text.strip():
            assert self.first_line is not None  # (set with the first piece of text that is not blank)
            self.written.add(text, self.first_line)
        self.parts, self.first_line = [], None

    @property
    def lines(self) -> ReportLines:
        return self.written.done()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "sup":
            self.sup = []
        elif tag in _CELLS and "".join(self.parts).strip():
            self.parts.append("\t")  # the next cell of the same row
        elif tag in _BLOCKS:
            self.flush()
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "sup" and self.sup is not None:
            text, self.sup = "".join(self.sup), None
            if not _FOOTNOTE_MARK.fullmatch(text):
                self.add(text)
        elif tag in _BLOCKS and tag not in _CELLS:
            self.flush()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.sup is not None:
            self.sup.append(data)
            return
        self.add(data)

    def add(self, data: str) -> None:
        line = self.line
        pieces = data.split("\n") if self.pre else [data]
        for n, piece in enumerate(pieces):
            if n:
                self.flush()
            if self.first_line is None and piece.strip():  # the line where the block's text starts
                self.first_line = line + n + (0 if self.pre else data[:len(data) - len(data.lstrip())].count("\n"))
            self.parts.append(piece if self.pre else re.sub(r"[ \t\r\n\f]+", " ", piece))


def html_lines(text: str) -> ReportLines:
    """The text of an HTML page, a line per block (paragraph, heading, list item, table row)."""
    parser = _HtmlText()
    tokens(text, parser)
    parser.flush()
    return parser.lines


# -------------------------------------------------------------------------------------------------------- PDF


_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def check_streams(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams (images aside: text is not read from them) inflate past
    ``MAX_STREAM_BYTES`` each or ``MAX_STREAMS_BYTES`` together, before pypdf reads any: each is inflated
    here in pieces, never past the bound, so the check itself is bounded."""
    import zlib

    total = 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 2048):m.start()]
        head = head[head.rfind(b"obj") + 1:] if b"obj" in head else head  # this object's dictionary
        if b"/FlateDecode" not in head or b"/Image" in head:
            continue
        most = MAX_OBJECT_STREAM_BYTES if b"/ObjStm" in head else MAX_STREAM_BYTES
        end = data.find(b"endstream", m.end())
        body = data[m.end():end if end >= 0 else len(data)]
        inflater, size = zlib.decompressobj(), 0
        try:
            for k in range(0, len(body), 65536):
                size += len(inflater.decompress(body[k:k + 65536], most + 1 - size))
                while inflater.unconsumed_tail and size <= most:
                    size += len(inflater.decompress(inflater.unconsumed_tail, most + 1 - size))
                if size > most:
                    break
        except zlib.error:
            continue  # not zlib after all, or damaged: pypdf says what it makes of it
        total += size
        if size > most or total > MAX_STREAMS_BYTES:
            what = (f"a compressed stream inflates past {most / 1_000_000:g} MB" if size > most
                    else f"its compressed streams inflate past {MAX_STREAMS_BYTES // 1_000_000} MB together")
            raise RatingsError(Problem(f"the PDF is not read: {what} (a report's pages hold a few hundred "
                                       "kilobytes of text each)", name))


def pdf_lines(data: bytes, name: str, budget: Deadline | None = None) -> ReportLines:
    """The text of each page of a PDF, by pypdf (the optional extra ``pdf``), within ``budget``."""
    try:
        import pypdf
    except ImportError:
        raise RatingsError(Problem("reading a PDF needs the optional extra 'pdf' (the pypdf library): "
                                   "pip install 'ratings[pdf]'", name)) from None
    check_streams(data, name)
    noisy = logging.getLogger("pypdf")
    level = noisy.level
    noisy.setLevel(logging.ERROR)  # pypdf warns about harmless oddities of many real PDFs
    lines = _Lines("page")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise RatingsError(Problem("the PDF is encrypted with a password", name))
        for number, page in enumerate(reader.pages, 1):
            if budget is not None:
                budget.check(f"read {number - 1} of the PDF's pages", name)
            if number > MAX_PDF_PAGES:
                raise RatingsError(Problem(f"the PDF has more than {MAX_PDF_PAGES:,} pages; "
                                           "this is not an inspection report", name))
            for line in (page.extract_text() or "").splitlines():
                lines.add(line, number)
    except RatingsError:
        raise
    except Exception as exc:  # a broken PDF can fail anywhere inside pypdf: one clear error, not a traceback
        raise RatingsError(Problem(f"is not a PDF that can be read ({type(exc).__name__}: {exc})", name)) from None
    finally:
        noisy.setLevel(level)
    read = lines.done()
    if not any(line.text.strip() for line in read):
        raise RatingsError(Problem("the PDF holds no text (a scanned image?); copy the report's text into a file "
                                   "and extract from that", name))
    return read
