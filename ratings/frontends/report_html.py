"""``ratings report``: inspections as one self-contained HTML page, for people to open, print or send.

For each inspection: the ratings page as a report shows it, the reasons (the trace's sentences, and the
decision rules that limited a rating), a chart of each case standard's key questions against its bands with
the margin in cases, and, when case numbers are given, the probability of each rating (``confidence``).
Several inspections also get a comparison: a sortable table and a chart. Nothing here decides anything:
ratings, notes, margins and probabilities come from the result, the rule set and the analyses; the band
edges a chart draws are the rule set's own.

The page works offline and fetches nothing: inline CSS and SVG, no fonts, and one small script that only
makes the comparison table sortable (the page reads fully without it); a Content-Security-Policy allows
that style and that script alone, by their hashes.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING, Any, Callable, Iterable

import attrs

from ..kinds.bands import bands_of
from ..model.errors import RatingsError, one_line
from ..model.limits import DEFAULT_MAX_SECONDS
from ..model.objects import (BandSet, Between, Domain, Inspection, KeyQuestion, KeyQuestionResult, Rating,
                             Result, RuleSet, StandardResult, TraceEntry, Unknown)
from ..model.words import NO_OVERALL, approx, band_edges, band_text, fmt
from ..reading.files import yaml_files
from .render import (confidence_cells, confidence_columns, _cited, _margin_note, _margin_sentence, _pct, _score_text,
                     information_note, standard_notes)
from .tables import rating_or_possible as _rating_text

if TYPE_CHECKING:  # pragma: no cover
    from ..analyses.confidence import Confidence
    from ..analyses.verify import Verdict
    from .api import RulesRef

__all__ = ["Inspected", "inspect_files", "report_html"]


# ------------------------------------------------------------------------------------------- gathering


@attrs.frozen
class Inspected:
    """One file of a report: its result with what the analyses say of it, or the error that stopped it."""

    file: str
    result: Result | None = None
    inspection: Inspection | None = None
    confidence: Confidence | None = None  # when it could be worked out
    no_confidence: str | None = None  # why not, when it could not
    verdict: Verdict | None = None  # against the file's `published:`, when it has one
    error: str | None = None  # what stopped the file, one problem a line


def inspect_files(paths: Iterable[str], rules: RulesRef | None = None,
                  max_seconds: float | None = DEFAULT_MAX_SECONDS) -> list[Inspected]:
    """Every file named, and every YAML file in the folders named: one item each, in order, a bad file's
    item holding its error (as ``batch`` does), so that no file stops the others or goes missing."""
    from ..analyses.verify import error_text

    out = []
    for file in yaml_files(paths):
        try:
            out.append(_inspect(file, rules, max_seconds))
        except Exception as exc:  # this file's error, whatever it is: the others are still reported
            out.append(Inspected(file, error=error_text(file, exc)))
    return out


def _inspect(file: str, rules: RulesRef | None, max_seconds: float | None) -> Inspected:
    from ..analyses.confidence import confidence
    from ..analyses.verify import Verdict, verdict
    from ..loading.inspection import load_inspection  # inspection files only (not yet reports)
    from .api import rate_inspection

    rule_set, inspection = load_inspection(file, rules)
    result = rate_inspection(rule_set, inspection, trace=True, max_seconds=max_seconds)
    checked = None
    if inspection.published is not None:
        try:
            checked = verdict(rule_set, inspection, result, max_seconds)
        except RatingsError as exc:  # out of time on unknowns: said in the report, the rest still shown
            checked = Verdict(file, None, error=_messages(exc))
    try:
        return Inspected(file, result, inspection, confidence(rule_set, inspection, max_seconds), verdict=checked)
    except RatingsError as exc:  # no case numbers, unknowns, a method without a model, out of time
        return Inspected(file, result, inspection, no_confidence=_messages(exc), verdict=checked)


def _messages(exc: RatingsError) -> str:
    return "; ".join(p.message for p in exc.problems)


# ---------------------------------------------------------------------------------------------- the page


def report_html(items: list[Inspected], max_seconds: float | None = DEFAULT_MAX_SECONDS,
                title: str = "Inspection ratings") -> str:
    """The whole page: contents, the comparison (several files), each inspection, and the files that could
    not be rated. The same items always give the same bytes."""
    rated = [(n, item, item.result) for n, item in enumerate(items, 1) if item.result is not None]
    failed = [item for item in items if item.result is None]
    body = [f"<header><h1>{_e(title)}</h1>", _summary(items, failed), _contents(items, rated, failed),
            "</header>", "<main>"]
    if len(items) > 1:
        body.append(_comparison(items))
    body += [_inspection(n, item, result, max_seconds) for n, item, result in rated]
    if failed:
        body.append(_failures(failed))
    body.append("</main>")
    return _document(title, "\n".join(body), STYLE + _colours(result.rules for _, _, result in rated))


def _document(title: str, body: str, style: str = "") -> str:
    style = style or STYLE
    policy = (f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(SORT_SCRIPT)}'; "
              "base-uri 'none'; form-action 'none'")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}\n"
            f"<script>{SORT_SCRIPT}</script>\n</body>\n</html>\n")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _e(text: object) -> str:
    """Text for HTML: escaped, control characters shown as escapes (as in every other output)."""
    return escape(one_line(str(text)), quote=True)


def _summary(items: list[Inspected], failed: list[Inspected]) -> str:
    what = f"{len(items)} inspection file{'s' if len(items) != 1 else ''}"
    bad = (f"; <a href=\"#errors\">{len(failed)} could not be rated</a>" if failed else "")
    return f"<p>{what}, rated by <code>ratings</code>{_e(_version())}{bad}.</p>"


def _version() -> str:
    """The version rating them, so that a page sent on says what made it (empty when not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return " " + version("ratings")
    except PackageNotFoundError:
        return ""


def _contents(items: list[Inspected], rated: list[tuple[int, Inspected, Result]], failed: list[Inspected]) -> str:
    links = ['<li><a href="#comparison">Comparison</a></li>'] if len(items) > 1 else []
    links += [f'<li><a href="#i{n}">{_e(_name(item))}</a>'
              + (f' ({_e(_rating_text(result, None))})' if result.rules.overall is not None else "")
              + '</li>'
              for n, item, result in rated]
    if failed:
        links.append('<li><a href="#errors">Files that could not be rated</a></li>')
    return f'<nav aria-label="Contents"><ul>{"".join(links)}</ul></nav>'


def _name(item: Inspected) -> str:
    return (item.result.name if item.result is not None else None) or item.file


# ---------------------------------------------------------------------------------------------- ratings


def _tone(rules: RuleSet, rating: Rating | None) -> str:
    """The colour class of a rating: the colour its scale gives it (``colour:``), else its place on its scale
    (best first), whatever the scale's names; the rating's name is always printed beside or on its colour. A
    scale of up to four ratings takes the four tones from green to red, one of five or six the six (two more
    between them), so that no two ratings of a scale share a colour up to six."""
    scale = next((list(s) for s in (rules.scale, *(o.ratings for o in rules.scales.values())) if rating in s), [])
    if rating is None or rating not in scale:
        return "tn"
    colour = getattr(scale[scale.index(rating)], "colour", None)
    if colour is not None:
        return _colour_class(colour)
    order = TONE_ORDER if len(scale) > 4 else (0, 1, 2, 3)
    place = scale.index(rating)
    return f"t{order[round(place * (len(order) - 1) / (len(scale) - 1)) if len(scale) > 1 else 0]}"


def _badge(result: Result, sid: str | None) -> str:
    rating = result.overall if sid is None else result.standards[sid].rating
    return f'<span class="rating {_tone(result.rules, rating)}">{_e(_rating_text(result, sid))}</span>'


def _inspection(n: int, item: Inspected, result: Result, max_seconds: float | None) -> str:
    rules = result.rules
    meta = [f"File <code>{_e(item.file)}</code>", f"rated under <code>{_e(rules.id)}</code>: {_e(rules.title)}"]
    dating = result.dating
    if dating is not None and dating.fieldwork is not None:
        meta.append(f"fieldwork {_e(dating.fieldwork.describe())}")
    if dating is not None and dating.published is not None:
        meta.append(f"published {_e(dating.published.describe())}")
    said = [f"Note: {dating.note}"] if dating is not None and dating.note else []
    said += [f"Warning: {w}" for w in (dating.warnings if dating is not None else ())]
    parts = [f'<section class="inspection" id="i{n}" aria-labelledby="i{n}-h">',
             f'<h2 id="i{n}-h">{_e(result.name or "(unnamed inspection)")}</h2>',
             f'<p class="meta">{"; ".join(meta)}.</p>', *(f'<p class="meta">{_e(line)}</p>' for line in said),
             _headline(result), _published(item), _ratings_table(result), _charts(n, result), _limits(result), _why(result),
             _confidence(n, item, rules, max_seconds), "</section>"]
    return "\n".join(p for p in parts if p)


def _headline(result: Result) -> str:
    """The overall rating and the score, each left out where the rule set has none (the text page says so)."""
    parts = ([f"Overall rating {_badge(result, None)}"] if result.rules.overall is not None else []) + \
        ([f'<span class="score">Score {_e(_score_text(result))}</span>'] if result.rules.score is not None else [])
    return f'<p class="overall">{" ".join(parts)}</p>' if parts else ""


def _overall_and_score(result: Result) -> str:
    """The overall rating and score in words, for captions and links: what the rule set has of them."""
    return ", ".join(([f"overall {_rating_text(result, None)}"] if result.rules.overall is not None else [])
                     + ([f"score {_score_text(result)}"] if result.rules.score is not None else []))


def _published(item: Inspected) -> str:
    v = item.verdict
    if v is None:
        return ""
    if v.error is not None:
        return f'<p class="published">Published ratings: not checked: {_e(v.error)}</p>'
    if v.agrees:
        how = " (consistent with the unknowns)" if v.mode == "consistency" else ""
        return f'<p class="published">Published ratings: every published figure agrees{how}.</p>'
    rows = "".join(f"<li>{_e(d.field)}: published {_e(d.published_text)}, computed {_e(d.computed_text)}</li>"
                   for d in v.differences)
    return f'<div class="published"><p>Published ratings: <strong>disagree</strong></p><ul>{rows}</ul></div>'


def _ratings_table(result: Result) -> str:
    """The ratings page: the domains, each standard with its rating and the notes the text page gives."""
    rules = result.rules
    summary = _overall_and_score(result)
    out = [f'<table class="ratings"><caption>Ratings of {_e(result.name or "the inspection")}'
           f'{": " + _e(summary) if summary else ""}</caption>',
           '<thead><tr><th scope="col">Standard</th><th scope="col">Rating</th><th scope="col">Notes</th>'
           "</tr></thead>"]
    for domain in rules.domains:
        out.append(f'<tbody><tr class="domain"><th scope="rowgroup" colspan="3">{_e(_label(domain))}</th></tr>')
        for sid in domain.standards:
            standard = rules.standards[sid]
            if sid in result.standards:
                cells = _badge(result, sid), "; ".join(standard_notes(result.standards[sid], result.rules))
            elif sid in result.information:
                cells = '<span class="rating tn">for information</span>', information_note(result, sid)
            else:
                continue
            out.append(f'<tr><th scope="row">{_e(standard.label)}</th><td>{cells[0]}</td>'
                       f"<td>{_e(cells[1])}</td></tr>")
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _label(domain: Domain) -> str:
    return f"{domain.number} {domain.name}" if domain.number else domain.name


def _limits(result: Result) -> str:
    """The decision rules that limited a rating: what, from what to what, and the rule in words."""
    rules = result.rules
    by_id = {r.id: r for r in rules.decision_rules}
    rows = []
    for sid, sr in result.standards.items():
        if sr.capped_by:
            before = sr.judgement if sr.standard.kind == "judged" else sr.unlimited
            rows.append((sr.capped_by, sr.standard.label, before, sr.rating))
    if result.overall_limited_by:
        rows.append((result.overall_limited_by, "Overall rating", result.unlimited_overall, result.overall))
    if not rows:
        return "<h3>Decision rules</h3>\n<p>No decision rule limited any rating.</p>"
    body = "".join(f'<tr><th scope="row"><code>{_e(rule)}</code></th><td>{_e(what)}</td>'
                   f"<td>{_e(before)} to {_e(after)}</td>"
                   f"<td>{_e(by_id[rule].sentence(rules)) if rule in by_id else ''}</td></tr>"
                   for rule, what, before, after in rows)
    return ("<h3>Decision rules</h3>\n<table class=\"limits\"><caption>Decision rules that limited a rating"
            "</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Limited</th>"
            "<th scope=\"col\">From, to</th><th scope=\"col\">The rule</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _why(result: Result) -> str:
    """Every trace sentence, under the standard it explains; the score and overall last."""
    rules = result.rules
    by_standard: dict[str | None, list[TraceEntry]] = {}
    for entry in result.trace:
        by_standard.setdefault(entry.standard, []).append(entry)
    out = ['<h3>Why</h3>', '<div class="why">']
    for sid, standard in rules.standards.items():
        if sid not in result.standards:
            continue
        sentences = [_cited(e) for e in by_standard.get(sid, [])]
        margin = _margin_sentence(result.standards[sid].margin)
        items = "".join(f"<li>{_e(s)}</li>" for s in sentences + ([margin] if margin else []))
        out.append(f"<h4>{_e(standard.label)}: {_badge(result, sid)}</h4><ul>{items}</ul>")
    rest = by_standard.get(None, [])
    if rest:
        out.append("<h4>Score and overall rating</h4><ul>"
                   + "".join(f"<li>{_e(_cited(e))}</li>" for e in rest) + "</ul>")
    out.append("</div>")
    return "\n".join(out)


# ------------------------------------------------------------------------------------ case-standard charts

#: where on the chart a value of the measure lies, and how its axis writes it
Place = Callable[[Fraction], float]
Words = Callable[[Fraction], str]

TOP, ROW, BOTTOM = 44, 40, 52  # the chart's band names, one row per key question, the axis and margin
WIDTH, X0, X1 = 560, 12, 392  # the plot runs from X0 to X1, each key question named above its bar; values right
#: Every chart is WIDTH wide and laid out for its words at TEXT (in its own units), the largest size the page's
#: style draws them at (a phone's): drawn 380 px wide on a phone of 400, they are 10.8 px.
TEXT = 16
#: a character's advance as a share of the text's size, by kind of character, else for a capital or another
#: letter: a wide sans-serif's (DejaVu Sans, which Debian's browsers fall back to), so that the narrower fonts
#: of other systems fit too; bold is wider by BOLD
ADVANCES = ((".,:;'|!iljI", 0.3), ("ftr()[]-/", 0.42), ("mwMW%\u2026", 1.0), (" ", 0.32), ("0123456789", 0.64))
UPPER, LOWER, BOLD = 0.75, 0.62, 1.1


def _text_width(text: str, bold: bool = False, size: float = TEXT) -> float:
    """How wide ``text`` is drawn at ``size``, at most (see ADVANCES)."""
    return sum(map(_advance, text)) * size * (BOLD if bold else 1)


def _advance(char: str) -> float:
    for chars, share in ADVANCES:
        if char in chars:
            return share
    return UPPER if char.isupper() else LOWER


def _fitted(text: str, width: float, bold: bool = False) -> str:
    """``text`` cut to what fits in ``width`` of a chart's labels, ending with an ellipsis when cut (the whole
    text is in the element's title and in the table beside the chart)."""
    if _text_width(text, bold) <= width:
        return text
    cut = text
    while len(cut) > 1 and _text_width(cut.rstrip() + "\u2026", bold) > width:
        cut = cut[:-1]
    return cut.rstrip() + "\u2026"


def _wrapped(text: str, width: float, bold: bool = False) -> list[str]:
    """``text`` on as many lines as it takes, none wider than ``width`` (a word longer than that is cut)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _text_width(lines[-1] + " " + word, bold) <= width:
            lines[-1] += " " + word
        else:
            lines.append(_fitted(word, width, bold))
    return lines


def _charts(n: int, result: Result) -> str:
    """A chart for each rated case or scored standard; the others are named with the reason they have none."""
    rules = result.rules
    figures, without = [], []
    for k, (sid, sr) in enumerate(result.standards.items()):
        standard = rules.standards[sid]
        if not standard.measured:
            continue
        if isinstance(sr.results, dict) and any(r is not None for r in sr.results.values()):
            figures.append(_case_chart(result, sid, f"c{n}-{k}"))
        else:
            parts = "no item scored" if standard.kind == "scored" else "no key-question results"
            without.append(f"{standard.label} ({_rating_text(result, sid)}: {parts})")
    if not figures and not without:
        return ""
    kinds = {rules.standards[sid].kind for sid in result.standards if rules.standards[sid].measured}
    what = " and ".join(k for k in ("case", "scored") if k in kinds).capitalize()
    if any(rules.standards[sid].measured and rules.standards[sid].case_rating.banded for sid in result.standards):
        heading, bands = f"{what} standards against the bands", ("the shaded regions are the rating bands, the "
                                                                 "dashed lines their thresholds")
    else:  # every case standard is reported, not rated
        heading, bands = "Case standards' key questions", "these standards are reported, not rated: no band applies"
    bars = [*(["each key question's bar is its share of applicable cases judged 'Yes'"] if "case" in kinds else []),
            *(["each item's bar is its score as a share of the highest, and the dashed line the standard's total "
               "score as a share of the most its items could score, in points on the axis"] if "scored" in kinds
              else [])]
    out = [f'<h3 id="i{n}-charts">{heading}</h3>',
           f"<p class=\"hint\">{_first_up('; '.join(bars))}; {bands}.</p>",
           '<div class="charts">', *figures, "</div>"]
    if without:
        out.append(f"<p>No chart for {_e('; '.join(without))}.</p>")
    return "\n".join(out)


def _first_up(text: str) -> str:
    """The text with its first letter a capital, the rest as written ('Yes' stays 'Yes')."""
    return text[:1].upper() + text[1:]


def _case_chart(result: Result, sid: str, chart_id: str) -> str:
    sr = result.standards[sid]
    standard, rules, results = sr.standard, result.rules, sr.results
    assert results is not None  # _charts draws only a standard with results
    bands = bands_of(standard)
    questions = standard.key_questions
    plot_bottom = TOP + ROW * len(questions)
    height = plot_bottom + BOTTOM

    def x(value: Fraction) -> float:
        return X0 + (X1 - X0) * float((value - bands.low) / (bands.high - bands.low))

    banded = standard.case_rating.banded  # a standard reported but never rated is drawn without bands
    unit = functools.partial(standard.case_rating.axis_text, results=sr.results, unit=bands.unit)  # % or points
    svg = [_band_regions(rules, bands, x, plot_bottom, unit) if banded else _axis(bands, x, plot_bottom, None, unit)]
    described = []
    for row, q in enumerate(questions):
        shown, text = _key_question_row(sr, q, results.get(q.id), row, x)
        svg.append(shown)
        described.append(text)
    svg.append(_measure_line(sr, x, plot_bottom))
    svg.append(_figure_line(sr, x, plot_bottom))
    # what is said below the plot, a clause a line, so that none runs past the chart's edge
    below = [line for part in (_margin_note(sr.margin), _measure_note(sr), _figure_note(sr)) if part
             for clause in part.split("; ") for line in _wrapped(clause, WIDTH - X0 - 4, bold=True)]
    for i, line in enumerate(below):
        svg.append(f'<text x="{X0}" y="{plot_bottom + 42 + 18 * i}" class="margin">{_e(line)}</text>')
    height += 18 * max(len(below) - 1, 0)
    title = f"{standard.label}: {_rating_text(result, sid)}"
    bands_text = ("; ".join(f"{band_text(bands, b)} {b.rating}" for b in reversed(bands.bands)) if banded else
                  "none apply: the standard is reported, not rated")
    parts = "Items" if standard.kind == "scored" else "Key questions"
    desc = (f"{parts}: {'; '.join(described)}. Bands: {bands_text}."
            + (f" {_margin_sentence(sr.margin)}" if sr.margin is not None else ""))
    notes = "; ".join(standard_notes(sr, rules))
    return (f'<figure class="chart"><svg viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart_id}-t">{_e(title)}</title><desc id="{chart_id}-d">{_e(desc)}</desc>'
            + "".join(svg) + "</svg>"
            f"<figcaption><strong>{_e(standard.label)}</strong>: {_badge(result, sid)}"
            + (f" &middot; {_e(notes)}" if notes else "")
            + f'<br><span class="bands">Bands: {_e(bands_text)}.</span></figcaption></figure>')


def _band_regions(rules: RuleSet, bands: BandSet, x: Place, plot_bottom: int, unit: Words) -> str:
    """Each band shaded in its rating's colour and named above it (when the name fits), each threshold
    dashed and labelled on the axis."""
    out = []
    for band in bands.bands:
        left, right = x(band.low), x(band.high)
        out.append(f'<rect class="band {_tone(rules, band.rating)}" x="{left:.1f}" y="{TOP}" '
                   f'width="{right - left:.1f}" height="{plot_bottom - TOP}"><title>{_e(band_text(bands, band))}: '
                   f"{_e(band.rating)}</title></rect>")
    edges = sorted({b.low for b in bands.bands if b.low > bands.low})
    for edge in edges:
        out.append(f'<line class="edge" x1="{x(edge):.1f}" y1="{TOP - 4}" x2="{x(edge):.1f}" '
                   f'y2="{plot_bottom + 4}"/>')
    return "".join(out) + _band_names(bands, x) + _axis(bands, x, plot_bottom, edges, unit)


def _axis(bands: BandSet, x: Place, plot_bottom: int, edges: list[Fraction] | None, unit: Words) -> str:
    """The axis's labels: the range's ends, and each threshold when there are bands to draw; each as the
    standard's method writes a value of its measure (``unit``: a percentage, or points of a score)."""
    out = []
    for value in [bands.low, *(edges or []), bands.high]:
        anchor = "start" if value == bands.low else "end" if value == bands.high else "middle"
        out.append(f'<text class="axis" x="{x(value):.1f}" y="{plot_bottom + 18}" text-anchor="{anchor}">'
                   f"{_e(unit(value))}</text>")
    return "".join(out)


def _band_names(bands: BandSet, x: Place) -> str:
    """Each band's rating above it, on one line or two, centred on the band as far as its neighbours' names
    allow ('Requires improvement' above a band of 15 points leans over its wider neighbours); a name that
    cannot be placed over any of its band is left out (the caption always names every band)."""
    order = sorted(range(len(bands.bands)), key=lambda k: bands.bands[k].low)  # placed left to right
    ordered = [bands.bands[k] for k in order]
    spans = [(x(b.low), x(b.high)) for b in ordered]
    names = [_name_lines(str(b.rating).split(), right - left) for b, (left, right) in zip(ordered, spans)]
    widths = [max(_text_width(line) for line in lines) for lines in names]
    gap, edge = 8, 2
    starts = [(left + right - wide) / 2 for (left, right), wide in zip(spans, widths)]
    for k in range(len(starts)):  # pushed right of the name before it, then back left of the one after
        starts[k] = max(starts[k], starts[k - 1] + widths[k - 1] + gap if k else edge)
    for k in reversed(range(len(starts))):
        starts[k] = min(starts[k], (starts[k + 1] - gap if k + 1 < len(starts) else WIDTH - edge) - widths[k])
    out = [""] * len(order)  # drawn in the rule set's order of its bands
    for k, ((left, right), lines, wide, start) in enumerate(zip(spans, names, widths, starts)):
        before = starts[k - 1] + widths[k - 1] + gap if k else edge
        if start < before or start >= right or start + wide <= left:
            continue  # no room over its band
        first = TOP - 6 - TEXT * (len(lines) - 1)
        out[order[k]] = "".join(f'<text class="band-name" x="{start + wide / 2:.1f}" y="{first + TEXT * i}" '
                                f'text-anchor="middle">{_e(line)}</text>' for i, line in enumerate(lines))
    return "".join(out)


def _name_lines(words: list[str], width: float) -> list[str]:
    """The words on one line when they fit ``width``, else on the two lines least wide."""
    whole = " ".join(words)
    if len(words) < 2 or _text_width(whole) <= width:
        return [whole]
    splits = [[" ".join(words[:k]), " ".join(words[k:])] for k in range(1, len(words))]
    return min(splits, key=lambda lines: max(_text_width(line) for line in lines))


def _key_question_row(sr: StandardResult, q: KeyQuestion, value: KeyQuestionResult | Between | Unknown | None,
                      row: int, x: Place) -> tuple[str, str]:
    """One key question: its name, its bar and its value (its result, a range, unknown, or None for no
    applicable cases), the lowest marked in text as well as in tone. Returns the SVG and the same in words."""
    y = TOP + ROW * row
    lowest = q.id == sr.lowest
    tone = " lowest" if lowest else ""
    name = _fitted(q.id + (" (lowest)" if lowest else ""), WIDTH - X0 - 8, bold=lowest)
    label = f'<text class="kq{tone}" x="{X0 + 4}" y="{y + 17}">{_e(name)}<title>{_e(q.text)}</title></text>'
    shown = sr.standard.case_rating.value_text(value, band_edges(bands_of(sr.standard)))  # in the kind's words
    if isinstance(value, Between):  # known only within a range: the range drawn, lighter than a result
        said = f"from {fmt(value.low)}% to {fmt(value.high)}%"
        left, right = x(value.low), x(value.high)
        span = (f'<rect class="range" x="{left:.1f}" y="{y + 22}" width="{max(right - left, 1.5):.1f}" height="14">'
                f"<title>{_e(q.id)}: {_e(said)}</title></rect>")
        text = f'<text class="value" x="{X1 + 8}" y="{y + 34}">{_e(shown)}</text>'
        return label + span + text, f"{q.id} {said}"
    if not isinstance(value, KeyQuestionResult):
        said = "no applicable cases" if value is None and shown == "n/a" else shown
        return label + f'<text class="value" x="{X0 + 4}" y="{y + 34}">{_e(said)}</text>', f"{q.id} {said}"
    bar = (f'<rect class="bar{tone}" x="{X0}" y="{y + 22}" width="{max(x(value.percent) - X0, 1.5):.1f}" '
           f'height="14"><title>{_e(q.id)}: {_e(shown)}</title></rect>')
    text = f'<text class="value{tone}" x="{X1 + 8}" y="{y + 34}">{_e(shown)}</text>'
    return label + bar + text, f"{q.id} {shown}" + (" (lowest)" if lowest else "")


def _figure_line(sr: StandardResult, x: Place, plot_bottom: int) -> str:
    """A standard known only by its own figure (its lowest, or its mean, as the file gives it): drawn as a
    dotted line at it (a shaded stretch for a range), named in its title and below the chart."""
    figure = sr.figure
    if figure is None:
        return ""
    left, right = x(figure.low), x(figure.high)
    said = _figure_note(sr)
    if right - left < 1:
        return (f'<line class="figure" x1="{left:.1f}" y1="{TOP - 2}" x2="{left:.1f}" y2="{plot_bottom + 2}">'
                f"<title>{_e(said)}</title></line>")
    return (f'<rect class="figure" x="{left:.1f}" y="{TOP - 2}" width="{right - left:.1f}" '
            f'height="{plot_bottom - TOP + 4}"><title>{_e(said)}</title></rect>')


def _figure_note(sr: StandardResult) -> str:
    figure = sr.figure
    if figure is None:
        return ""
    value = f"{fmt(figure.low)}%" if figure.low == figure.high else f"{fmt(figure.low)}-{fmt(figure.high)}%"
    return f"dotted: its {figure.aggregate} as given, {value}"


def _measure_line(sr: StandardResult, x: Place, plot_bottom: int) -> str:
    """For a method rating by a measure other than one key question (a mean), that measure as a line, named
    below the chart (``_measure_note``)."""
    note = _measure_note(sr)
    if not note:
        return ""
    at = x(sr.detail.value)
    return (f'<line class="measure" x1="{at:.1f}" y1="{TOP - 2}" x2="{at:.1f}" y2="{plot_bottom + 2}">'
            f"<title>{_e(note)}</title></line>")


def _measure_note(sr: StandardResult) -> str:
    """The method's own note on the measure it banded, when that is not one key question's result."""
    detail = sr.detail
    if sr.lowest is not None or detail is None or detail.value is None:
        return ""
    return f"dashed line: {sr.standard.case_rating.note(detail, sr.results)}"


# ----------------------------------------------------------------------------------------------- confidence


def _confidence(n: int, item: Inspected, rules: RuleSet, max_seconds: float | None) -> str:
    budget = "no limit" if max_seconds is None else f"{approx(Fraction(max_seconds).limit_denominator(1000))} s"
    head = f'<h3 id="i{n}-confidence">How sure is each rating</h3>'
    if item.confidence is None:
        return (f"{head}\n<p>Not worked out: {_e(item.no_confidence)}</p>")
    answer = item.confidence
    names = confidence_columns(rules, answer)
    rows = [(rules.standards[sid].label, dist, answer.estimate[sid]) for sid, dist in answer.standards.items()]
    targets = list(answer.standards)
    if answer.overall is not None:  # a rule set without an overall rating has no row for it
        rows.append(("Overall", answer.overall, answer.estimate["overall"]))
        targets.append("overall")
    head_cells = "".join(f'<th scope="col">{_e(name)}</th>' for name in names)
    body = "".join(
        ('<tr class="total">' if k == len(rows) - 1 and answer.overall is not None else "<tr>") + f'<th scope="row">{_e(label)}</th>'
        + "".join(f"<td>{cell}</td>" for cell in confidence_cells(rules, target, dist, names))
        + f'<td><span class="rating {_tone(rules, _rating(rules, rated))}">{_e(rated)}</span></td></tr>'
        for k, ((label, dist, rated), target) in enumerate(zip(rows, targets)))
    assumptions = "".join(f"<li>{_e(a)}</li>" for a in answer.assumptions)
    return "\n".join([
        head,
        f'<table class="confidence"><caption>Probability of each rating, treating each key question as a sample '
        f"of the caseload</caption><thead><tr><th scope=\"col\">Standard</th>{head_cells}"
        f'<th scope="col">Rated</th></tr></thead><tbody>{body}</tbody></table>',
        _confidence_chart(n, rules, names, rows, answer.overall),
        f"<p class=\"model\">Model: {_e(answer.model)}</p><p>Assumptions:</p><ul>{assumptions}</ul>",
        f"<p class=\"budget\">Time budget: {_e(budget)} per search (<code>--max-seconds</code>).</p>"])


def _rating(rules: RuleSet, name: str | None) -> Rating | None:
    if name is None:
        return None
    try:
        return rules.rating(name)
    except KeyError:
        return None


def _confidence_chart(n: int, rules: RuleSet, names: list[str], rows: list[tuple[str, dict[str, float], str | None]],
                      overall: dict[str, float] | None) -> str:
    """Each row's probabilities as one stacked bar below its name, over an axis from 0% to 100%, with a legend
    of the ratings' colours (the table above gives every figure)."""
    left, right, step = X0, WIDTH - X0, 40
    plot = step * len(rows) + 4
    out = []
    for k, (label, dist, rated) in enumerate(rows):
        y, at = 4 + step * k, float(left)
        out.append(f'<text class="kq" x="{left}" y="{y + 14}">{_e(_fitted(label, right - left))}'
                   f"<title>{_e(label)}</title></text>")
        for name in names:
            share = dist.get(name, 0.0)
            if share <= 0:
                continue
            width = (right - left) * share
            out.append(f'<rect class="band {_tone(rules, _rating(rules, name))} solid" x="{at:.1f}" y="{y + 20}" '
                       f'width="{width:.1f}" height="16"><title>{_e(label)}: {_e(name)} '
                       f"{_pct(share)}</title></rect>")
            at += width
    out.append(_percent_axis(left, right, [(4 + step * k + 18, 4 + step * k + 38) for k in range(len(rows))],
                             plot + 16))
    legend, lines = _legend(rules, names, left, right, plot + 30)
    out.append(legend)
    height = plot + 30 + 20 * lines
    said = "Overall: " + (", ".join(f"{name} {_pct(overall.get(name, 0.0))}" for name in names)
                          if overall is not None else NO_OVERALL)
    return (f'<figure class="chart wide"><svg viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'role="img" aria-labelledby="p{n}-t p{n}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="p{n}-t">Probability of each rating, as stacked bars</title>'
            f'<desc id="p{n}-d">{_e(said)}. The table above gives every figure.</desc>'
            + "".join(out) + "</svg><figcaption>Each bar splits 100% among the ratings, best on the left, in the "
            "colours of the ratings page; the table above gives every figure.</figcaption></figure>")


def _percent_axis(left: int, right: int, spans: list[tuple[int, int]], y: int) -> str:
    """Dashed lines at 0%, 25% ... 100% over each stretch of ``spans`` (from, to), labelled at ``y``."""
    out = []
    for tick in range(0, 101, 25):
        x = left + (right - left) * tick / 100
        out += [f'<line class="edge" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}"/>' for top, bottom in spans]
        anchor = "start" if tick == 0 else "end" if tick == 100 else "middle"
        out.append(f'<text class="axis" x="{x:.1f}" y="{y}" text-anchor="{anchor}">{tick}%</text>')
    return "".join(out)


def _legend(rules: RuleSet, names: list[str], left: int, right: int, top: int) -> tuple[str, int]:
    """Each rating's colour and name, in the bars' order, wrapped within ``left`` to ``right``; and its lines."""
    at, row, out = float(left), 0, []
    for name in names:
        wide = 16 + _text_width(name) + 14
        if at + wide - 14 > right and at > left:
            at, row = float(left), row + 1
        y = top + 20 * row
        out.append(f'<rect class="band {_tone(rules, _rating(rules, name))} solid" x="{at:.1f}" y="{y}" '
                   f'width="12" height="12"/><text class="axis" x="{at + 16:.1f}" y="{y + 11}">{_e(name)}</text>')
        at += wide
    return "".join(out), row + 1


# ----------------------------------------------------------------------------------------------- comparison


def _comparison(items: list[Inspected]) -> str:
    columns = [("Inspection (file)", "text"), ("Rule set", "text"), ("Fieldwork", "text"), ("Score", "number"),
               ("Share of maximum", "number"), ("Overall rating", "number"),
               ("Lowered by decision rules", "number"), ("Probability of this overall rating", "number")]
    head = "".join(f'<th scope="col" data-type="{kind}">{_e(name)}</th>' for name, kind in columns)
    rows = [_comparison_row(n, item) for n, item in enumerate(items, 1)]
    return "\n".join([
        '<section id="comparison" aria-labelledby="comparison-h">', '<h2 id="comparison-h">Comparison</h2>',
        f'<div class="scroll"><table class="sortable comparison"><caption>{len(items)} inspection files '
        f"compared</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>",
        _comparison_chart(items), "</section>"])


def _cell(text: str, key: object = "", html: str | None = None) -> str:
    return f'<td data-sort="{_e(key)}">{html if html is not None else _e(text)}</td>'


def _comparison_row(n: int, item: Inspected) -> str:
    if item.result is None:
        return (f'<tr class="failed"><th scope="row" data-sort="{_e(item.file.lower())}"><code>{_e(item.file)}'
                "</code></th>" + _cell("", "") * 4 + _cell("", "", '<a href="#errors">could not be rated</a>')
                + _cell("", "") * 2 + "</tr>")
    result = item.result
    name = result.name or "(unnamed inspection)"
    window = result.dating.fieldwork if result.dating is not None else None
    fieldwork, fieldwork_key = (window.written, window.start.isoformat()) if window is not None else ("", "")
    share = Fraction(result.score, result.max_score) * 100 if result.score is not None and result.max_score else None
    lowered = sum(1 for sr in result.standards.values() if sr.capped_by) + bool(result.overall_limited_by)
    probabilities = item.confidence.overall if item.confidence is not None else None
    chance = (probabilities.get(str(result.overall)) if probabilities is not None and result.overall is not None
              else None)
    overall_rank = "" if result.overall is None else result.overall.rank
    return ("<tr>" + f'<th scope="row" data-sort="{_e(name.lower())}"><a href="#i{n}">{_e(name)}</a>'
            f'<br><code class="file">{_e(item.file)}</code></th>'
            + _cell(result.rules.id, result.rules.id) + _cell(fieldwork, fieldwork_key)
            + _cell(_score_text(result), result.score if result.score is not None else "")
            + (_cell(f"{approx(share)}%", f"{float(share):.6f}") if share is not None else _cell("", ""))
            + _cell("", overall_rank, _badge(result, None))
            + _cell(str(lowered), lowered)
            + _cell(_pct(chance) if chance is not None else "not worked out",
                    f"{chance:.12f}" if chance is not None else "")
            + "</tr>")


def _comparison_chart(items: list[Inspected]) -> str:
    """Each inspection's score as a share of its maximum, in the colour of its overall rating, with the
    score and the rating written beside it."""
    rated = [(n, item.result, item.result.score, item.result.max_score) for n, item in enumerate(items, 1)
             if item.result is not None and item.result.score is not None and item.result.max_score]
    if not rated:
        return "<p>No inspection has a score to chart.</p>"
    left, right, y = X0, WIDTH - X0, 6
    out, said = [], []
    for n, result, points, maximum in rated:
        share = Fraction(points, maximum)
        width = max((right - left) * float(share), 1.5)
        score = f"{result.score}/{result.max_score} ({approx(share * 100)}%), {_rating_text(result, None)}"
        name = result.name or "(unnamed inspection)"
        beside = left + width + 6 + _text_width(score) <= WIDTH - 2  # the score after its bar, or else below it
        out.append(f'<text class="kq" x="{left}" y="{y + 13}">{_e(_fitted(name, right - left))}</text>'
                   f'<rect class="band {_tone(result.rules, result.overall)} solid" x="{left}" y="{y + 18}" '
                   f'width="{width:.1f}" height="16"><title>{_e(name)}: {_e(score)}</title></rect>'
                   + (f'<text class="value" x="{left + width + 6:.1f}" y="{y + 31}">{_e(score)}</text>' if beside
                      else f'<text class="value" x="{left}" y="{y + 51}">{_e(_fitted(score, right - left))}</text>'))
        said.append(f"{name}: {score}")
        y += 44 if beside else 62
    height = y + 24
    axis = _percent_axis(left, right, [(2, height - 22)], height - 8)
    return (f'<figure class="chart wide"><svg viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'role="img" aria-labelledby="cmp-t cmp-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="cmp-t">Score as a share of the maximum, by inspection</title>'
            f'<desc id="cmp-d">{_e("; ".join(said))}.</desc>{axis}{"".join(out)}</svg>'
            "<figcaption>Score as a share of its maximum (frameworks differ in their maximum), in the colour of "
            "the overall rating, which is written beside each bar (or below it, when the bar leaves no room)."
            "</figcaption></figure>")


def _failures(failed: list[Inspected]) -> str:
    rows = "".join(f"<li><code>{_e(item.file)}</code><ul>"
                   + "".join(f"<li>Error: {_e(line)}</li>" for line in _errors(item)) + "</ul></li>"
                   for item in failed)
    return (f'<section id="errors" aria-labelledby="errors-h"><h2 id="errors-h">Files that could not be rated'
            f"</h2><p>{len(failed)} file{'s' if len(failed) != 1 else ''}, each with its problems:</p>"
            f"<ul>{rows}</ul></section>")


def _errors(item: Inspected) -> list[str]:
    """The problems of a file that could not be rated, one a line."""
    assert item.error is not None, item.file  # a file not rated holds its error (inspect_files)
    return item.error.splitlines()


# ---------------------------------------------------------------------------------------------- style, script

#: The ratings' colours, best first (the HMIP palette's order: greens, amber, red), each with text that
#: reads on it; a scale of another length takes them spread out.
TONES = (("#0b6e3d", "#fff", "#cfe8d9"), ("#7ab648", "#000", "#e4f1d8"), ("#f3a712", "#000", "#fdeccb"),
         ("#c4262e", "#fff", "#f6d3d4"),
         # for scales of five or six ratings: yellow-green between t1 and t2, orange between t2 and t3
         ("#c2cc2e", "#000", "#f1f4cf"), ("#e8661c", "#000", "#fad9c6"))
#: the tones from best to worst when a scale has more ratings than the first four tones
TONE_ORDER = (0, 1, 4, 2, 5, 3)


def _colour_class(colour: str) -> str:
    return "c" + _six(colour)


def _six(colour: str) -> str:
    """'#1a7' or '#1A7F37' as '1a7f37' (the loader checked the form)."""
    digits = colour[1:].lower()
    return "".join(d * 2 for d in digits) if len(digits) == 3 else digits


def _colours(rule_sets: Iterable[RuleSet]) -> str:
    """The style of each colour the rule sets give their ratings: the colour, black or white text (whichever
    reads better on it), and a tint of it for bands."""
    out = {}
    for rules in rule_sets:
        for rating in rules.all_ratings():
            if rating.colour is not None:
                hex6 = _six(rating.colour)
                channels = [int(hex6[i:i + 2], 16) for i in (0, 2, 4)]
                fg = "#000" if _luminance(channels) > 0.179 else "#fff"  # the WCAG contrast crossover
                tint = "#" + "".join(f"{round(255 - (255 - c) * 0.25):02x}" for c in channels)
                k = _colour_class(rating.colour)
                out[k] = f".rating.{k},.band.{k}.solid{{background:#{hex6};color:{fg};fill:#{hex6}}}.band.{k}{{fill:{tint}}}"
    return "".join(out[k] for k in sorted(out))


def _luminance(channels: list[int]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

STYLE = "".join([
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0 auto;"
    "padding:1rem 1.5rem;color:#111;line-height:1.4;max-width:75rem;overflow-wrap:break-word}",  # long ids break
    "h1{font-size:1.6rem}h2{font-size:1.35rem;border-bottom:2px solid #333;padding-bottom:.2rem;margin-top:2.5rem}",
    "h3{font-size:1.1rem;margin-top:1.6rem}h4{font-size:1rem;margin:1rem 0 .3rem}",
    # a table never wider than the page: one too wide scrolls within itself (a block holding the table's boxes)
    "table{border-collapse:collapse;margin:.5rem 0 1rem;display:block;max-width:100%;overflow-x:auto}"
    "caption{text-align:left;font-weight:600;padding:.3rem 0}",
    "th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}",
    "thead th{background:#eee}tr.domain th{background:#333;color:#fff}tr.total th,tr.total td{font-weight:700}",
    ".rating{display:inline-block;padding:.05rem .45rem;border-radius:.2rem;font-weight:600;white-space:nowrap}",
    *(f".rating.t{k},.band.t{k}.solid{{background:{bg};color:{fg};fill:{bg}}}.band.t{k}{{fill:{tint}}}"
      for k, (bg, fg, tint) in enumerate(TONES)),
    ".rating.tn{background:#e5e5e5;color:#111}.band.tn{fill:#eee}.band.tn.solid{fill:#888}",
    ".overall{font-size:1.15rem}.overall .score{margin-left:1rem;font-weight:600}",
    ".meta,.hint,.budget,figcaption{color:#333;font-size:.9rem}",
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:1rem}",
    # a chart is drawn at its own width at most (WIDTH: its words at their size), narrower on a narrow screen
    f"figure.chart{{margin:0 0 1rem;border:1px solid #ccc;padding:.5rem;max-width:{WIDTH}px}}"
    "figure.chart svg{width:100%;height:auto;display:block}",
    "svg text{font-family:inherit;font-size:15px;fill:#111}svg .band-name,svg .axis{font-size:12px;fill:#333}",
    "svg .bar{fill:#6b7280}svg .bar.lowest{fill:#111}svg text.lowest{font-weight:700}",
    "svg .edge{stroke:#333;stroke-dasharray:3 3}svg .measure{stroke:#111;stroke-width:2;stroke-dasharray:6 3}",
    "svg .margin{font-weight:700}svg .range{fill:#6b7280;fill-opacity:.4}",
    "svg line.figure{stroke:#111;stroke-width:2;stroke-dasharray:1 3}svg rect.figure{fill:#111;fill-opacity:.12}",
    "th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;text-align:left}",
    "th[aria-sort=ascending] button::after{content:' \\25B2'}th[aria-sort=descending] button::after{content:' \\25BC'}",
    ".why ul{margin:.2rem 0 .6rem}.why li{margin:.15rem 0}.failed th,.failed td{background:#fdf0f0}",
    "nav ul{columns:2}code{font-size:.9em}code.file{font-size:.8em;font-weight:400}",
    ".scroll{overflow-x:auto}.comparison{font-size:.92rem}"
    ".comparison th[scope=row]{min-width:12rem}.comparison td:nth-child(3){white-space:nowrap}",
    # a phone's width: every word of a chart drawn at the size its layout allows for (TEXT), as the charts are
    # drawn smaller (above 10 px at 400 px wide); tables in smaller letters, badges on two lines when need be
    "@media (max-width:40rem){body{padding:.5rem}"
    f"nav ul{{columns:1}}figure.chart{{padding:0}}svg text,svg .band-name,svg .axis{{font-size:{TEXT}px}}"
    "figure.chart figcaption{padding:0 .3rem .3rem}th,td{padding:.2rem .3rem}.rating{white-space:normal}"
    "table{font-size:.9rem}td code{overflow-wrap:anywhere}.limits td:last-child{min-width:12rem}"
    ".comparison th[scope=row]{min-width:0}}",
    "@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}"
    ".scroll{overflow:visible}table{display:table}"
    "section.inspection,#comparison,#errors{break-before:page}figure,tr,h4{break-inside:avoid}"
    "h2,h3,h4{break-after:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".charts{display:block}a{color:inherit;text-decoration:none}}",
])

#: Only sorts the comparison table: each heading becomes a button; a second press reverses the order; rows
#: without a value stay last. Without it the table reads in file order.
SORT_SCRIPT = """
(function () {
  function key(cell) { return cell.getAttribute('data-sort') || ''; }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead.rows[0].cells, body = table.tBodies[0];
    Array.prototype.forEach.call(body.rows, function (row, i) { row.setAttribute('data-order', i); });
    table.caption.appendChild(document.createTextNode(' (select a column heading to sort)'));
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = th.textContent;
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', function () {
        var up = th.getAttribute('aria-sort') !== 'ascending', numeric = th.getAttribute('data-type') === 'number';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]), order;
          if (x === '' || y === '') { order = (x === '') - (y === ''); }
          else {
            order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
            if (!up) { order = -order; }
          }
          return order || a.getAttribute('data-order') - b.getAttribute('data-order');
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
}());
"""


# ------------------------------------------------------------------------------------ for `ratings serve`


def inspect_source(source: Any, name: str, rules: Any = None,
                   max_seconds: float | None = DEFAULT_MAX_SECONDS) -> Inspected:
    """One inspection already read (a mapping, or a document tree), as a report's item named ``name``; its
    RatingsError raised (the server refuses the request with it)."""
    return attrs.evolve(_inspect(source, rules, max_seconds), file=name)


def page_style(rule_sets: Iterable[RuleSet]) -> str:
    """The report's style sheet with the colours of these rule sets: what a page showing parts of reports
    links to, under a policy that allows no inline style."""
    return STYLE + _colours(rule_sets)
