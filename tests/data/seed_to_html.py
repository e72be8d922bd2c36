"""Writes cheshire-west-2023.html, an HTML rendering of cheshire-west-2023.txt (the report as copied as text),
laid out as the inspectorate's HTML reports are: headings, paragraphs, lists, footnote marks in <sup>, and a
<table> for the ratings page and for each key-question table (the lowest value in <strong>). The ratings page
is written whole, as the HTML publishes it (the text copy's first two rows are clipped).

Run from the repository: python tests/data/seed_to_html.py
"""

from __future__ import annotations

import html
import re
from pathlib import Path

HERE = Path(__file__).parent
SUPERSCRIPTS = {"¹": "1", "²": "2", "³": "3", "⁴": "4"}

RATINGS_PAGE = """<table class="ratings">
  <caption>Ratings</caption>
  <tr><th scope="col">Cheshire West PDU<br>Fieldwork started March 2023</th><th scope="col">Score</th>
      <th scope="col">7/24</th></tr>
  <tr><th scope="row" colspan="2">Overall rating</th><td>Requires improvement</td></tr>
  <tr><td>1.</td><th scope="row">Organisational delivery</th><td></td></tr>
  <tr><td>1.1</td><th scope="row">Leadership</th><td>Requires improvement</td></tr>
  <tr><td>1.2</td><th scope="row">Staff</th><td>Good</td></tr>
  <tr><td>1.3</td><th scope="row">Services</th><td>Requires improvement</td></tr>
  <tr><td>1.4</td><th scope="row">Information and facilities</th><td>Good</td></tr>
  <tr><td>2.</td><th scope="row">Court work and case supervision</th><td></td></tr>
  <tr><td>2.1</td><th scope="row">Court work</th><td>Not rated</td></tr>
  <tr><td>2.2</td><th scope="row">Assessment</th><td>Inadequate</td></tr>
  <tr><td>2.3</td><th scope="row">Planning</th><td>Inadequate</td></tr>
  <tr><td>2.4</td><th scope="row">Implementation and delivery</th><td>Inadequate</td></tr>
  <tr><td>2.5</td><th scope="row">Reviewing</th><td>Requires improvement</td></tr>
</table>"""


def inline(text: str) -> str:
    """Escaped text, with footnote marks as <sup> and typographic apostrophes as character references."""
    out = html.escape(text, quote=False).replace("'", "&#8217;")
    out = re.sub(r"<u>|</u>", "", out)
    for mark, digit in SUPERSCRIPTS.items():
        out = out.replace(mark, f'<sup><a href="#fn{digit}">{digit}</a></sup>')
    return out.replace("&lt;u&gt;", "").replace("&lt;/u&gt;", "")


def table(rows: list[str]) -> str:
    cells = [row.split("\t") for row in rows]
    values = [c[1].strip() for c in cells[1:]]
    lowest = min(values, key=lambda v: int(v.rstrip("%"))) if len(values) > 1 else None
    out = ['<table class="key-questions">', "  <tr>" + "".join(f"<th scope=\"col\">{inline(c)}</th>" for c in cells[0])
           + "</tr>"]
    for question, value in ((c[0], c[1].strip()) for c in cells[1:]):
        shown = f"<strong>{value}</strong>" if value == lowest else value
        out.append(f"  <tr><td>\n      {inline(question)}\n    </td><td>{shown}</td></tr>")
    return "\n".join(out + ["</table>"])


def blocks(text: str) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [b for b in out if b]


def render(text: str) -> str:
    body: list[str] = []
    for block in blocks(text):
        first = block[0].strip()
        if first.startswith("An inspection of"):
            continue  # the title, written below from the next block
        if first in ("Cheshire West PDU",) and not body:
            body.append(f"<h1>An inspection of probation services in: <span>{first}</span></h1>")
            continue
        if "Score\t7/24" in first:
            body.append(RATINGS_PAGE)
            continue
        if "\t" in first and first.split("\t")[0] in ("Key question", "Outcomes"):
            body.append(table(block))
            continue
        if "\t" in first:  # the contents
            body.append("<ol class=\"contents\">" + "".join(f"<li>{inline(l.split(chr(9))[0])}</li>" for l in block)
                        + "</ol>")
            continue
        if re.match(r"^\d\.(\d\.)? \w", first) and len(block) == 1 and len(first) < 60:
            level = 3 if re.match(r"^\d\.\d", first) else 2
            body.append(f"<h{level}>{inline(first)}</h{level}>")
            continue
        if first[0] in SUPERSCRIPTS:
            body.append(f'<p class="footnote" id="fn{SUPERSCRIPTS[first[0]]}">'
                        f"<sup>{SUPERSCRIPTS[first[0]]}</sup>{inline(' '.join(block)[1:])}</p>")
            continue
        items = [l for l in block]
        if all(l.lstrip()[:1] in "-•" or not l.startswith(("-", "•")) for l in items) and first[:1] in "-•":
            merged: list[str] = []
            for line in items:
                if line[:1] in "-•":
                    merged.append(line[1:].strip())
                else:
                    merged[-1] += "\n        " + line.strip()
            body.append("<ul>\n" + "\n".join(f"  <li>{inline(m)}</li>" for m in merged) + "\n</ul>")
            continue
        body.append("<p>" + inline("\n   ".join(l.strip() for l in block)) + "</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>Cheshire West PDU &ndash; HM Inspectorate of Probation</title>\n"
            "<style>table { border-collapse: collapse; } td, th { border: 1px solid #999; }</style>\n"
            "<script>var analytics = 'Overall rating Good';</script>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


if __name__ == "__main__":
    text = (HERE / "cheshire-west-2023.txt").read_text(encoding="utf-8")
    (HERE / "cheshire-west-2023.html").write_text(render(text), encoding="utf-8")
