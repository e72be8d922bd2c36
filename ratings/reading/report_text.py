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
from pathlib import Path

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
class ReportText:
    """A report as lines of text. ``form`` is how it was read: ``text``, ``HTML`` or ``PDF``."""

    file: str
    form: str
    lines: tuple[ReportLine, ...]


def read_report(path: str | Path, display: str | None = None, budget: Deadline | None = None) -> ReportText:
    """Read a report file, telling its form from its content (a PDF's header, HTML's tags) or its name; a
    PDF's pages are read within ``budget``."""
    name = display or str(path)
    data = read_bytes(path, name, MAX_REPORT_BYTES, what=REPORT)
    return report_from_bytes(data, name, Path(path).suffix.lower(), budget)


def report_from_bytes(data: bytes, name: str, suffix: str = "", budget: Deadline | None = None) -> ReportText:
    if not data.strip():
        raise RatingsError(Problem("the file is empty", name))
    if data[:1024].lstrip().startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return ReportText(name, "PDF", pdf_lines(data, name, budget))
    if b"\x00" in data[:4096] or suffix == ".pdf":
        raise RatingsError(Problem(f"is not {REPORT}: it is neither text nor a PDF", name))
    text = _decode(data, name)
    if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(text[:_HTML_HEAD]):
        return ReportText(name, "HTML", html_lines(text))
    return ReportText(name, "text", tuple(ReportLine(line, f"line {n}")
                                          for n, line in enumerate(text.splitlines(), 1)))


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
#: How far into a page its start is looked for (comments before <html> included).
_HTML_HEAD = 65536


def looks_like_html(data: bytes) -> bool:
    """Whether a file starts as an HTML page does (a doctype, <html>, <head> or <body>, after comments)."""
    return _HTML_START.match(data[:_HTML_HEAD].decode("utf-8", "replace")) is not None


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte-order mark); an HTML page may name another encoding in its ``<meta>``."""
    declared = _CHARSET.search(data[:4096])
    encoding = "utf-8-sig"
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            raise RatingsError(Problem(f"names an encoding Python does not know: "
                                       f"{declared.group(1).decode('ascii', 'replace')!r}", name)) from None
        encoding = "utf-8-sig" if encoding == "utf-8" else encoding
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


def tokens(text: str, handler: "_HtmlText") -> None:
    """Read ``text`` as HTML in one pass, calling the handler's ``handle_starttag``, ``handle_endtag``,
    ``handle_startendtag`` and ``handle_data`` (character references resolved), with ``handler.line`` the
    line each call is at. Every search starts where the last ended and the scan never goes back, so the time
    is linear in the length, whatever the page."""
    lower = text.lower()
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
        nxt = _markup(text, lower, lt, handler, line)
        line += text.count("\n", lt, nxt)
        pos = nxt


def _markup(text: str, lower: str, at: int, handler: "_HtmlText", line: int) -> int:
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
    close = lower.find(f"</{name}", start.end())  # raw text: up to the end tag, never read as markup
    if close < 0:
        return len(text)
    finish = text.find(">", close)
    handler.handle_endtag(name)
    return len(text) if finish < 0 else finish + 1


class _HtmlText:
    def __init__(self) -> None:
        self.line = 1  # the line the tokenizer is at
        self.lines: list[ReportLine] = []
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
            self.lines.append(ReportLine(text, f"line {self.first_line}"))
        self.parts, self.first_line = [], None

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


def html_lines(text: str) -> tuple[ReportLine, ...]:
    """The text of an HTML page, a line per block (paragraph, heading, list item, table row)."""
    parser = _HtmlText()
    tokens(text, parser)
    parser.flush()
    return tuple(parser.lines)


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


def pdf_lines(data: bytes, name: str, budget: Deadline | None = None) -> tuple[ReportLine, ...]:
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
    lines: list[ReportLine] = []
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
            lines += [ReportLine(line, f"page {number}") for line in (page.extract_text() or "").splitlines()]
    except RatingsError:
        raise
    except Exception as exc:  # a broken PDF can fail anywhere inside pypdf: one clear error, not a traceback
        raise RatingsError(Problem(f"is not a PDF that can be read ({type(exc).__name__}: {exc})", name)) from None
    finally:
        noisy.setLevel(level)
    if not any(line.text.strip() for line in lines):
        raise RatingsError(Problem("the PDF holds no text (a scanned image?); copy the report's text into a file "
                                   "and extract from that", name))
    return tuple(lines)
