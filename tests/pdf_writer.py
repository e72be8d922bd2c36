"""A tiny PDF writer for the tests of `ratings extract`: lays a report's text out on A4 pages as a report's
PDF has it, with no library and no network.

- Text is set in Helvetica (one of PDF's standard fonts, with WinAnsiEncoding), and long lines are wrapped at
  about 95 characters, as a page wraps a paragraph.
- A line with tabs is a table row: its cells are set in columns. A cell too long for its column is wrapped
  within it, and the other cells are set beside its first line, so a PDF reader gives the value of a wrapped
  key question inside the question's text ("... engaging the person on 71%" then "probation?").
- A footnote mark (a superscript digit) is set as a small raised digit straight after the word before it, so a
  PDF reader gives it glued to that word ("rating1").
"""

from __future__ import annotations

import textwrap

SUPERSCRIPTS = dict(zip("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890"))
TOP, BOTTOM, LEFT, LEADING, SIZE = 786, 56, 56, 14, 10
WRAP = 95
#: Columns of a table row, by its number of cells: each cell's x position and how many characters fit.
COLUMNS = {2: ((LEFT, 70), (470, 12)), 3: ((LEFT, 8), (100, 40), (350, 30)), 4: ((LEFT, 8), (100, 40), (350, 14),
                                                                                 (450, 10))}


def _string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (cp1252)."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _show(text: str) -> bytes:
    """Text-showing operators for one line, footnote marks small and raised, straight after the text before."""
    out, piece = [], ""
    for ch in text:
        if ch in SUPERSCRIPTS:
            if piece:
                out.append(_string(piece) + b" Tj")
                piece = ""
            out.append(b"/F1 6 Tf 4 Ts " + _string(SUPERSCRIPTS[ch]) + b" Tj /F1 %d Tf 0 Ts" % SIZE)
        else:
            piece += ch
    if piece:
        out.append(_string(piece) + b" Tj")
    return b" ".join(out)


class _Pages:
    def __init__(self) -> None:
        self.pages: list[list[bytes]] = [[]]
        self.y = TOP

    def at(self, x: int, y: int, text: str) -> None:
        if text.strip():
            self.pages[-1].append(b"BT /F1 %d Tf %d %d Td " % (SIZE, x, y) + _show(text) + b" ET")

    def advance(self, lines: int = 1) -> None:
        self.y -= LEADING * lines
        if self.y < BOTTOM:
            self.pages.append([])
            self.y = TOP

    def line(self, text: str) -> None:
        for piece in textwrap.wrap(text, WRAP, break_long_words=False) or [""]:
            self.at(LEFT, self.y, piece)
            self.advance()

    def row(self, cells: list[str]) -> None:
        columns = COLUMNS.get(len(cells), tuple((LEFT + 120 * i, 18) for i in range(len(cells))))
        wrapped = [textwrap.wrap(c, width, break_long_words=False) or [""] for c, (_, width) in zip(cells, columns)]
        for n in range(max(len(w) for w in wrapped)):
            for w, (x, _) in zip(wrapped, columns):
                if n < len(w):
                    self.at(x, self.y, w[n])
            self.advance()


def write_pdf(text: str) -> bytes:
    """The text as a PDF: one line of text per line (wrapped), a table row per line with tabs."""
    pages = _Pages()
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("\t")]
        if len([c for c in cells if c]) > 1:
            pages.row([c for c in cells if c])
        elif line.strip():
            pages.line(line.strip())
        else:
            pages.advance(0.5)
    return _document([b"\n".join(p) for p in pages.pages])


def _document(contents: list[bytes]) -> bytes:
    """The PDF file: catalog, page tree, font, and a page with its content stream for each page."""
    n = len(contents)
    page_ids = [4 + 2 * i for i in range(n)]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids) + b"] /Count %d >>" % n,
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for page, stream in zip(page_ids, contents):
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                         b" /Contents %d 0 R >>" % (page + 1))
        objects[page + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in sorted(objects))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
