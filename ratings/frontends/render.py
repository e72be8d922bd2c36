"""Text for people: a result as a report's ratings page plus the reasons, and a rule set as a card."""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Iterable, ParamSpec, Sequence

from ..kinds.bands import bands_of
from ..model.dates import Dating
from ..model.errors import one_line
from ..model.objects import (PooledResult, Provenance, Rating, Result, RuleSet, Standard, StandardResult,
                             TraceEntry)
from ..model.words import (NO_OVERALL, NO_SCORE, and_list, approx, band_edges, band_text, bounds_text,
                           question_text)
from .tables import inspection_table, rating_or_possible as _rating_text

if TYPE_CHECKING:  # pragma: no cover
    from ..analyses.confidence import Confidence
    from ..analyses.coverage import Coverage
    from ..analyses.diff import Diff
    from ..analyses.gap import Gap
    from ..analyses.verify import Hypothesis, Row, Verdict
    from ..kinds.moves import Change, Margin

WIDTH = 100
P = ParamSpec("P")


def for_terminal(text: str) -> str:
    """Text safe to print: a control character in a name, an id or a file name (an escape sequence that would
    recolour or rewrite the terminal) shown as an escape, as in error lines; the lines themselves kept."""
    return "\n".join(map(one_line, text.split("\n")))


def _printed(render: Callable[P, str]) -> Callable[P, str]:
    """A renderer whose whole output passes :func:`for_terminal`, so that no user text can escape it."""

    @functools.wraps(render)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
        return for_terminal(render(*args, **kwargs))

    return wrapper


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_on_hyphens=False) or [indent.rstrip()]


def _table(rows: Sequence[tuple[str | None, ...]], indent: str = "") -> list[str]:
    """The rows aligned in columns; a cell of None is empty."""
    cells = [tuple(one_line(c) or "" for c in r) for r in rows]  # a cell is one line, whatever text it quotes
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    return [(indent + "  ".join(c.ljust(w) for c, w in zip(r, widths))).rstrip() for r in cells]


def _number(text: str | None) -> str:
    return text or ""


def _cited(entry: TraceEntry) -> str:
    """A trace entry's reason, ending with the rule it applied unless the sentence already names it."""
    if entry.rule is None or entry.rule in entry.reason:
        return entry.reason
    return f"{entry.reason} [{entry.rule}]"


def _score_text(result: Result) -> str:
    if result.rules.score is None:
        return NO_SCORE
    if result.score is not None and result.max_score is not None:
        return f"{result.score}/{result.max_score}"
    low, high = result.possible.score
    lo_max, hi_max = result.possible.max_score
    return f"{low} to {high} out of {lo_max if lo_max == hi_max else f'{lo_max} to {hi_max}'} (unknowns)"


def _margin_note(margin: Margin | None) -> str:
    return "" if margin is None else margin.note()


def _margin_sentence(margin: Margin | None) -> str:
    return "" if margin is None else margin.sentence()


def standard_notes(sr: StandardResult, rules: RuleSet) -> list[str]:
    """What the ratings page says beside a standard's rating: a decision rule's limit, how the rating was
    reached (the case-rating method's own note), the margin, and whether it is counted."""
    standard = sr.standard
    notes = []
    award = getattr(sr, "award", None)
    if award is not None and award.above_limit:
        notes.append(f"awarded above decision rule {award.limited_by} (limit {award.limit})")
    elif award is not None:
        notes.append("awarded by the inspectors" + ("; the limit depends on the unknowns" if award.limit_open else ""))
    elif sr.capped_by and standard.kind == "judged":
        notes.append(f"judgement {sr.judgement}; limited by a decision rule")
    elif sr.capped_by:
        notes.append(f"{'band' if standard.measured else 'derived'} {sr.unlimited}; limited by "
                     "a decision rule")
    elif standard.kind == "judged" and sr.judgement is None:
        notes.append("judgement unknown")
    elif standard.kind == "derived":
        # its inputs as the framework names them ('2.1 Assessment'), not by the rule set's ids
        notes.append(standard.derived.method.note(tuple(rules.standards[s].label for s in standard.derived.inputs)))
    elif standard.measured and sr.detail is not None and isinstance(sr.results, dict):
        notes.append(standard.case_rating.note(sr.detail, sr.results))
    elif standard.measured and sr.results is not None:  # known in part: the range its measure can take
        notes.append(standard.case_rating.open_note(standard, sr.results, sr.figure))
    notes.append(_margin_note(sr.margin))
    if standard.scale is not None:
        notes.append(f"on scale {standard.scale}, not counted")
    elif sr.rating is not None and sr.rating.rated and not sr.counted:
        notes.append("not counted in the score")
    return [note for note in notes if note]


def information_note(result: Result, sid: str) -> str:
    """What the ratings page says of a standard reported for information only."""
    return ", ".join(f"{q} {question_text(r)}" for q, r in result.information[sid].items()) + "; never rated"


def _assumptions_text(result: Result) -> list[str]:
    """The lines saying which rules the rating rests on that are inferred or assumed (none when all are
    confirmed)."""
    found = result.assumptions
    if not found:
        return []
    said = ", ".join(f"{a.rule} ({a.confidence})" for a in found)
    return [""] + _wrap(f"Rests on {len(found)} rule{'s' if len(found) != 1 else ''} not confirmed: {said}.", "  ", "")


@_printed
def result_text(result: Result) -> str:
    """The ratings page (standards, score, overall) followed by why each rating is what it is."""
    rules = result.rules
    lines = [one_line(result.name or "(unnamed inspection)"),  # user text: one line each, never a forged one
             one_line(f"Rated under {rules.id}: {rules.publisher + ', ' if rules.publisher else ''}{rules.title}")]
    lines += dating_lines(result.dating)
    lines.append("")
    limited = (f"score alone: {result.unlimited_overall}; limited by decision rule {result.overall_limited_by}"
               if result.overall_limited_by else "")
    if result.overall_award is not None:  # the inspectors' departure from the overall method
        limited = f"awarded by the inspectors; {rules.overall.id} gives {result.overall_award.limit}"
    rows: list[tuple[str, ...]] = [("", "Overall rating", _rating_text(result, None), limited),
                                   ("", "Score", _score_text(result), "")]
    for domain in rules.domains:
        rows.append((_number(domain.number), domain.name, "", ""))
        for sid in domain.standards:
            standard = rules.standards[sid]
            if sid in result.standards:
                notes = standard_notes(result.standards[sid], rules)
                rows.append((_number(standard.number), standard.name, _rating_text(result, sid), "; ".join(notes)))
            elif sid in result.information:
                rows.append((_number(standard.number), standard.name, "for information", information_note(result, sid)))
    lines += _table(rows)
    lines += _assumptions_text(result)
    lines += ["", "Why"]
    by_standard: dict[str | None, list[TraceEntry]] = {}
    for entry in result.trace:
        by_standard.setdefault(entry.standard, []).append(entry)
    for sid, standard in rules.standards.items():
        if sid not in result.standards:
            continue
        sr = result.standards[sid]
        lines.append("")
        lines.append(one_line(f"  {standard.label}: {_rating_text(result, sid)}"))
        if standard.measured and isinstance(sr.results, dict):
            qrows = []
            for q in standard.key_questions:
                r = sr.results.get(q.id)
                mark = ">" if q.id == sr.lowest else " "
                value = standard.case_rating.value_text(r, band_edges(bands_of(standard)))
                marks = (["paraphrase"] if q.paraphrase else []) + \
                    ([f"pooled from {len(r.units)} units"] if isinstance(r, PooledResult) else [])
                qrows.append((mark, value.rjust(4), q.id, q.text + (f" ({'; '.join(marks)})" if marks else "")))
            lines += _table(qrows, "    ")
        for entry in by_standard.get(sid, []):
            lines += _wrap(_cited(entry), "      ", "    ")
        sentence = _margin_sentence(sr.margin)
        if sentence:
            lines += _wrap(sentence, "      ", "    ")
    lines.append("")
    for entry in by_standard.get(None, []):
        lines += _wrap(_cited(entry), "    ", "  ")
    return "\n".join(lines) + "\n"


def dating_lines(dating: Dating | None) -> list[str]:
    """Beneath the rule set's name: the assumption its choice rests on, and each date outside its period."""
    if dating is None:
        return []
    lines = _wrap(f"Note: {dating.note}", "  ", "") if dating.note else []
    for warning in dating.warnings:
        lines += _wrap(f"Warning: {warning}", "  ", "")
    return lines


@_printed
def rule_list_text(rule_sets: Iterable[RuleSet]) -> str:
    """The rule sets, grouped by publisher (each inspectorate under its name), in one aligned table."""
    by_publisher: dict[str, list[RuleSet]] = {}
    for r in rule_sets:
        by_publisher.setdefault(r.publisher or "(no publisher)", []).append(r)
    rows: list[tuple[str, ...]] = [("id", "service", "in force (fieldwork)", "title")]
    for publisher in sorted(by_publisher):
        rows.append((f"{publisher}:", "", "", ""))
        rows += [(r.id, r.service, r.in_force.describe(), r.title) for r in by_publisher[publisher]]
    return "\n".join(_table(rows)) + "\n"


def _provenance(p: Provenance, indent: str = "    ") -> list[str]:
    out = _wrap(f"Source ({p.confidence}): {p.source}", indent + "  ", indent)
    if p.notes:
        out += _wrap(f"Note: {p.notes}", indent + "  ", indent)
    return out


def _standard_kind(rules: RuleSet, standard: Standard) -> str:
    counted = "" if standard.counted else ", rated but not counted"
    if standard.kind == "judged" and standard.scale is not None:
        return f"judged on scale {standard.scale}, not counted"
    if standard.kind == "judged":
        return "judged" + ("" if standard.counted else ", not counted")
    if standard.kind == "information":
        return "for information only: never rated or counted"
    if standard.kind == "derived":
        d = standard.derived
        on = f", on scale {standard.scale}, not counted" if standard.scale is not None else counted
        return f"derived: {d.method.summary}, of {', '.join(d.inputs)}" + on
    own = "" if standard.case_rating is rules.case_rating else f", {standard.case_rating.name}"
    return f"{standard.kind} ({bands_of(standard).id}{own})" + counted


@_printed
def rule_card_text(rules: RuleSet) -> str:
    """A readable card of a whole rule set: scale, bands, standards, decision rules, score tables."""
    lines = [one_line(f"{rules.id}: {rules.title}")]
    meta = [f"service: {rules.service}"] + ([f"publisher: {rules.publisher}"] if rules.publisher else [])
    lines.append(one_line("  " + "; ".join(meta)))
    lines += _provenance(rules.provenance, "  ")
    lines.append(f"  In force for fieldwork from {rules.in_force.describe()}")
    lines += _provenance(rules.in_force.provenance)
    if rules.path:
        lines.append(f"  File: {rules.path}")

    lines += ["", "Rating scale"]
    if rules.score is not None:
        points = ", ".join(f"{r} {r.points}" for r in rules.scale)
        lines.append(f"  {points} points; {rules.not_rated} scores nothing and shrinks the maximum.")
    else:
        lines.append(f"  {', '.join(map(str, rules.scale))} (best first); or {rules.not_rated}.")
    for scale in rules.scales.values():  # other value sets: never scored or counted
        lines += ["", f"Scale {scale.name}",
                  one_line(f"  {', '.join(map(str, scale.ratings))} (best first); or {rules.not_rated}; never "
                           "scored or counted.")]
        lines += _provenance(scale.provenance)

    if rules.case_rating is not None:
        lines += ["", one_line(f"Case standards [{rules.case_rating.id}]: method {rules.case_rating.name}")]
        lines += _wrap(rules.case_rating.description, "  ")
        lines += _provenance(rules.case_rating.provenance)
    elif any(s.kind == "case" for s in rules.standards.values()):
        lines += ["", "Case standards: each with its own method"]
    for s in rules.standards.values():
        if s.kind == "case" and s.case_rating is not rules.case_rating:
            lines.append(one_line(f"  {s.label} [{s.case_rating.id}]: method {s.case_rating.name}"))
            lines += _wrap(s.case_rating.description, "      ", "    ")
            lines += _provenance(s.case_rating.provenance, "      ")
    scored = [s for s in rules.standards.values() if s.kind == "scored"]
    if scored:
        lines += ["", "Scored standards: each rated from its items' scores"]
    alike: dict[str, list[Standard]] = {}  # standards whose methods say the same, said once
    for s in scored:
        alike.setdefault(s.case_rating.card(), []).append(s)
    for card, group in alike.items():
        lines += _wrap(one_line(", ".join(f"{s.label} [{s.case_rating.id}]" for s in group)
                                + f": method {group[0].case_rating.name}"), "    ", "  ")
        lines += _wrap(card, "      ", "    ")

    for band_set in rules.band_sets.values():
        rounded = f", {band_set.rounding.words()}" if band_set.rounding is not None else ""
        lines += ["", f"Bands [{band_set.id}]: {band_set.measures}{rounded}"]
        lines += _table([(band_text(band_set, b), b.words or "", str(b.rating)) for b in band_set.bands], "  ")
        lines += _provenance(band_set.provenance)

    lines += ["", "Standards"]
    for domain in rules.domains:
        lines.append(one_line(f"  {(domain.number + ' ') if domain.number else ''}{domain.name} [{domain.id}]"))
        for sid in domain.standards:
            s = rules.standards[sid]
            lines.append(one_line(f"    {s.label} [{s.id}]: {_standard_kind(rules, s)}"))
            if s.kind == "derived" and s.derived.method.own_rules:  # its own rules, one sentence each
                lines += [one_line(f"        {line}") for line in s.derived.method.card(rules)]
            if s.key_questions:
                lines += _table([(q.id, q.text + (" (paraphrase)" if q.paraphrase else ""))
                                 for q in s.key_questions], "        ")

    lines += ["", "Decision rules"]
    if not rules.decision_rules:
        lines.append("  none: every judgement stands as given")
    for rule in rules.decision_rules:
        lines.append(f"  {rule.id}")
        lines += _wrap(rule.sentence(rules), "      ", "    ")
        lines += _provenance(rule.provenance)

    lines += _score_card(rules) + _overall_card(rules)
    return "\n".join(lines) + "\n"


def _score_card(rules: RuleSet) -> list[str]:
    if rules.score is None:
        return ["", f"Score: {NO_SCORE}"]
    lines = ["", f"Score [{rules.score.id}]"]
    lines += _wrap(rules.score.description, "  ")
    return lines + _provenance(rules.score.provenance)


def _overall_card(rules: RuleSet) -> list[str]:
    if rules.overall is None:
        return ["", f"Overall rating: {NO_OVERALL}"]
    if not rules.overall.reads_score:  # given by its own rules: the kind's sentences
        scale = rules.scale_of("overall")
        lines = ["", f"Overall rating [{rules.overall.id}]: {rules.overall.measures}"
                 + (f" (on scale {scale})" if scale else "") + "; the first that holds"]
        for sentence in rules.overall.card(rules):
            lines += _wrap(sentence, "      ", "    ")
        return lines + _provenance(rules.overall.provenance)
    counted = [s for s in rules.standards.values() if s.counted]
    lines = ["", f"Overall rating [{rules.overall.id}]: {rules.overall.measures}"]
    header = ("maximum", *[str(r) for r in reversed(rules.scale)])
    rows = [header]
    for n in range(len(counted), rules.overall.min_rated - 1, -1):
        by_rating = {str(r): f"{lo}-{hi}" if lo != hi else str(lo) for r, lo, hi in score_table(rules, n)}
        table = " (published table)" if rules.top_points * n in rules.overall.tables else ""
        rows.append((f"{rules.top_points * n} ({n} rated){table}", *[by_rating.get(h, "-") for h in header[1:]]))
    lines += _table(rows, "  ")
    if rules.overall.min_rated > 1:
        lines += _wrap(f"With fewer than {rules.overall.min_rated} counted standards rated, the overall rating "
                       f"is {rules.not_rated}.", "    ", "  ")
    if rules.overall.bands is not None:
        lines += _wrap("Maxima without a published table: the band of the mean points per rated standard, "
                       + "; ".join(f"{bounds_text(b)} is {b.rating}" for b in reversed(rules.overall.bands.bands))
                       + ".", "    ", "  ")
    lines += _provenance(rules.overall.provenance)
    for table in rules.overall.tables.values():
        lines.append(f"  Published table for {table.maximum}:")
        lines += _provenance(table.provenance)
    return lines


def score_table(rules: RuleSet, n: int) -> list[tuple[Rating, int, int]]:
    """For ``n`` rated standards: each overall rating with its lowest and highest score (lowest rating first)."""
    out = []
    for rating in reversed(rules.scale):
        lo, hi = rules.plan.overall_step.score_range(n, rating.rank)
        if lo >= 0:
            out.append((rating, lo, hi))
    return out


__all__ = ["result_text", "rule_card_text", "rule_list_text", "gap_text", "confidence_text", "approx"]


@_printed
def gap_text(answer: Gap, rules: RuleSet, inspection_name: str | None) -> str:
    """What it would take, for people."""
    unit = "cases" if answer.unit == "cases" else "percentage points"
    what = "the overall rating" if answer.scope == "overall" else rules.standards[answer.scope].label
    lines = [one_line(f"{inspection_name or '(unnamed inspection)'}: what would make {what} {answer.target}")]
    if not answer.reachable:
        work = "higher scores" if answer.unit == "score" else "case work"
        lines += _wrap(f"Not reachable by {work} alone: {answer.reason}", "  ", "")
        return "\n".join(lines) + "\n"
    if not answer.changes:
        assert answer.reason is not None  # reached with no change: the reason says what it is already
        now = answer.reason.removeprefix("already ")
        above = "" if now == str(answer.target) else f", above the {answer.target} asked for"
        lines.append(f"Nothing: it is {now} already{above}.")
        return "\n".join(lines) + "\n"
    result = answer.result
    assert answer.extra is not None and result is not None  # reached by changes: their cost, and the rating with them
    extra = answer.extra if answer.unit != "points" else approx(Fraction(answer.extra))
    if answer.unit == "score":
        lines.append(f"At the fewest, {extra} more point{'s' if extra != 1 else ''} of the items' scores:")
    else:
        lines.append(f"At the fewest, {extra} more {unit} judged 'Yes':" if answer.unit == "cases" else
                     f"At the fewest, {extra} {unit} more judged 'Yes' (the file gives no case counts: give counts "
                     "or cases_inspected to answer in cases):")
    lines += _change_rows(answer.changes, answer.unit, rules)
    if answer.alternatives:
        lines.append(f"Other ways that cost as little ({len(answer.alternatives)}):")
        for alt in answer.alternatives[:10]:
            lines += _change_rows(alt, answer.unit, rules, "    ")
            lines.append("")
        if len(answer.alternatives) > 10:
            lines.append(f"  ... and {len(answer.alternatives) - 10} more (see --format json)")
    lines += ["", f"Rated again with these changes: score {_score_text(result)}, overall "
                  f"{_rating_text(result, None)}"]
    rows = []
    for sid, sr in result.standards.items():
        rows.append((rules.standards[sid].label, str(sr.rating)))
    lines += _table(rows, "  ")
    return "\n".join(lines) + "\n"


def _change_rows(changes: Iterable[Change], unit: str, rules: RuleSet, indent: str = "  ") -> list[str]:
    rows = []
    for c in changes:
        label = rules.standards[c.standard].label
        edges = band_edges(bands_of(rules.standards[c.standard]))  # each percentage on its side of each edge
        if unit == "score":
            method = rules.standards[c.standard].case_rating
            move = f"{method.value_text(c.before)} -> {method.value_text(c.after)}"
            cost = f"+{int(c.points)} point{'s' if c.points != 1 else ''}"
        elif unit == "cases" and c.before.yes is not None:
            move = f"{c.before.yes} -> {c.after.yes} of {c.before.of}"
            cost = f"+{c.cases}"
        elif unit == "cases" and c.after.yes is not None:  # a count read from the percentage given
            assert c.cases is not None  # a change in cases says how many
            move = (f"{approx(c.before.percent, edges)}% ({c.after.yes - c.cases} of {c.before.of}) -> {c.after.yes} "
                    f"of {c.before.of}")
            cost = f"+{c.cases}"
        elif unit == "cases":
            move = f"{approx(c.before.percent, edges)}% -> {approx(c.after.percent, edges)}% of {c.before.of}"
            cost = f"+{c.cases}"
        else:
            move = f"{approx(c.before.percent, edges)}% -> {approx(c.after.percent, edges)}%"
            cost = f"+{approx(c.points)} points"
        if isinstance(c.before, PooledResult):  # the units' cases together: which unit gains them is not said
            move += f" (pooled from {len(c.before.units)} units)"
        rows.append((label, c.question, move, cost))
    return _table(rows, indent)


def confidence_columns(rules: RuleSet, answer: Confidence) -> list[str]:
    """The ratings a table of probabilities has a column for: the rule set's scale, then each other scale a
    row is on, best first; then Not rated, when some row may be."""
    targets = [*answer.standards, *(["overall"] if answer.overall is not None else [])]
    used = {rules.scale_of(t) for t in targets}
    names = [str(r) for r in rules.scale] + [str(r) for name, scale in rules.scales.items() if name in used
                                             for r in scale.ratings]
    if any(str(rules.not_rated) in dist for dist in (*answer.standards.values(), answer.overall or {})):
        names.append(str(rules.not_rated))
    return names


def confidence_cells(rules: RuleSet, target: str, dist: dict[str, float], names: list[str]) -> list[str]:
    """A row's probabilities under those columns: blank under a rating off its scale."""
    own = {str(r) for r in (*rules.ratings_of(target), rules.not_rated)}
    return [_pct(dist.get(n, 0.0)) if n in own else "" for n in names]


@_printed
def confidence_text(answer: Confidence, result: Result) -> str:
    """How sure each rating is, for people."""
    rules = result.rules
    names = confidence_columns(rules, answer)
    rows: list[tuple[str | None, ...]] = [("", *names, "rated")]
    for sid, dist in answer.standards.items():
        rows.append((rules.standards[sid].label, *confidence_cells(rules, sid, dist, names), answer.estimate[sid]))
    if answer.overall is not None:
        rows.append(("Overall", *confidence_cells(rules, "overall", answer.overall, names),
                     answer.estimate["overall"]))
    lines = [one_line(f"{result.name or '(unnamed inspection)'}: how sure is each rating ({rules.id})"), ""]
    lines += _table(rows, "  ")
    if answer.overall is None:
        lines.append(f"  Overall: {NO_OVERALL}")
    lines += [""] + _wrap(f"Model: {answer.model}", "  ", "")
    lines.append("Assumptions:")
    for a in answer.assumptions:
        lines += _wrap(f"- {a}", "    ", "  ")
    return "\n".join(lines) + "\n"


def _pct(p: float) -> str:
    if p < 1e-12:
        return "0"
    if p > 1 - 1e-12:
        return "100%"
    if p < 0.0005:
        return "<0.1%"
    if p > 0.9995:
        return ">99.9%"
    return f"{p * 100:.1f}%"


def batch_csv(rows: Iterable[Row], excel: bool = False) -> str:
    """One row per file (the columns of :func:`tables.inspection_table`). RFC 4180 quoting, UTF-8; every text
    cell passes :func:`csv_cell`, so that a spreadsheet opening the file runs nothing. ``excel``: a byte-order
    mark first, so that Excel reads the file as UTF-8 (without it, it guesses the system's code page)."""
    import csv
    import io

    header, table = inspection_table(rows)
    out = io.StringIO()
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    for cells in table:
        writer.writerow(csv_cell(("true" if c else "false") if isinstance(c, bool) else c) for c in cells)
    return out.getvalue()


#: What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str | int | None) -> str | int | None:
    """A cell as written: a number as it is (scores are never negative); text on one line with control
    characters escaped, and a quote put before text a spreadsheet would run as a formula ('=1+1', '-2+3',
    '@SUM(...)'), as OWASP advises, the text otherwise intact."""
    if not isinstance(value, str):
        return value
    return "'" + one_line(value) if value.startswith(FORMULA_STARTS) else one_line(value)


@_printed
def verify_text(verdicts: Iterable[Verdict], agree: int, disagree: int, unchecked: int, errors: int) -> str:
    lines = []
    for v in verdicts:
        if v.error is not None:
            lines.append(f"error      {v.file}")
        elif v.agrees is None:
            lines.append(f"unchecked  {v.file}: no published ratings")
        elif v.agrees:
            lines.append(f"agrees     {v.file}" + (" (consistent with the unknowns)" if v.mode == "consistency" else ""))
        else:
            lines.append(f"DISAGREES  {v.file}")
            for d in v.differences:
                lines.append(f"             {d.field}: published {d.published_text}, computed {d.computed_text}")
    lines.append(f"{agree} agree, {disagree} disagree, {unchecked} unchecked, {errors} errors")
    return "\n".join(lines) + "\n"


@_printed
def hypotheses_text(hypotheses: Sequence[Hypothesis]) -> str:
    """``verify --rules A --rules B ...``: per rule set, how many files it is consistent with and which it
    contradicts, with the values in conflict; then the rule sets consistent with every file."""
    lines = []
    for h in hypotheses:
        tally = h.tally
        label = h.rules if h.rules == h.rule_set.id else f"{h.rules} ({h.rule_set.id})"
        checked = tally.agree + tally.disagree
        others = "".join(f", {n} {what}" for n, what in ((tally.unchecked, "unchecked (nothing published)"),
                                                         (tally.errors, "could not be rated")) if n)
        said = f"contradicts {tally.disagree}:" if tally.disagree else "contradicts none"
        lines.append(f"{label}: consistent with {tally.agree} of {checked} file{'' if checked == 1 else 's'} "
                     f"checked{others}; {said}")
        for v in h.contradicts:
            lines.append(f"  {v.file}")
            lines += [f"    {d.field}: published {d.published_text}, computed {d.computed_text}"
                      for d in v.differences]
        lines += [f"  error: {v.file}" for v in h.verdicts if v.error is not None]
    fits = [h.rules for h in hypotheses if h.fits_all]
    lines.append("")
    lines += _wrap("Consistent with every file: " + (", ".join(fits) if fits else "none of the rule sets"), "  ", "")
    return "\n".join(lines) + "\n"


@_printed
def diff_text(answer: Diff) -> str:
    """``ratings rules diff``: how many situations differ, and for each output that differs the simplest
    situation where it does, as an inspection file."""
    first, second = answer.names
    lines = []
    only = [(first, answer.first, answer.only_first), (second, answer.second, answer.only_second)]
    for name, rules, ids in only:
        if ids:
            lines.append(one_line(f"Only in {name}: " + ", ".join(
                f"{rules.standards[s].label} ({rules.standards[s].kind})" for s in ids) + "."))
    for part in answer.not_compared:
        having = first if getattr(answer.first, part) is not None else second
        what_part = "an overall rating" if part == "overall" else "a score"
        lines.append(f"Only {having} gives {what_part}: it is not compared.")
    kinds = [i.kind for i in answer.inputs]
    parts = [f"a judgement of each of the {kinds.count('judged')} judged standards"]
    parts += [f"a rating of each of the {kinds.count('case')} case standards"] if "case" in kinds or \
        "scored" not in kinds else []
    parts += [f"a rating of each of the {kinds.count('scored')} scored standards"] if "scored" in kinds else []
    what = f"A situation is {and_list(parts)}, Not rated included"
    scale = len(answer.first.scale) + 1
    if any(len(i.options) > scale for i in answer.inputs if i.kind == "case"):
        what += "; a case rating split where the two band the same results differently"
    if "scored" in kinds:
        what += "; a scored standard's ratings as the two give them to the same scores"
    what += "."
    if not answer.differ:
        lines += [f"{first} and {second} agree in all {answer.situations:,} situations.", what]
        return "\n".join(lines) + "\n"
    share = f"{100 * answer.differ / answer.situations:.1f}%"
    lines += [f"{first} and {second} differ in {answer.differ:,} of {answer.situations:,} situations ({share}).",
              what]
    shown: list[list[str]] = []  # the examples printed so far: one that serves again is named, not repeated
    for d in answer.differences:
        field = "The overall rating" if d.field == "overall" else "The score" if d.field == "score" else \
            answer.first.standards[d.field].label
        example = _example_lines(d.example) + \
            ([f"  (for {second}:)"] + _example_lines(d.example_second) if d.example_second is not None else [])
        which = "the same example" if example in shown else "the simplest"
        lines += ["", one_line(f"{field} differs in {d.situations:,} situations; {which} gives {d.first} under "
                               f"{first} and {d.second} under {second}" + ("." if example in shown else ":"))]
        if example not in shown:
            lines += example
            shown.append(example)
    return "\n".join(lines) + "\n"


def _example_lines(example: dict[str, Any]) -> list[str]:
    """An example inspection as the lines of its file (each standard on one line), indented."""
    import yaml

    from ..analyses.diff import as_json

    body = {k: v for k, v in as_json(example).items() if k != "name"}
    text = yaml.safe_dump(body, default_flow_style=None, sort_keys=False, width=10_000, allow_unicode=True)
    return ["    " + line for line in text.splitlines()]


@_printed
def coverage_text(reports: Iterable[Coverage]) -> str:
    """``ratings rules coverage``: for each rule set, what its worked cases exercise and what none does."""
    lines = []
    for report in reports:
        total, covered = len(report.items), report.covered
        percent = f"{100 * covered / total:.0f}%" if total else "100%"
        where = f" ({report.rules.path})" if report.rules.path and Path(report.rules.path).is_file() else ""
        cases = f"{report.cases} worked case exercises" if report.cases == 1 else \
            f"{report.cases} worked cases exercise"
        lines.append(f"{report.rules.id}{where}: {cases} {covered} of {total} ({percent})")
        for item in report.items:
            at = f" (line {item.line})" if item.line else ""
            mark = f"{len(item.cases)} case{'s' if len(item.cases) != 1 else ''}" if item.covered else "NOT COVERED"
            lines.append(f"  {mark:<12} {item.kind}: {item.what}{at}")
        if report.skipped:
            lines.append(f"  ({len(report.skipped)} cases with an invalid inspection, or with unknowns (no one "
                         "rating to follow through the rules), were left out: `ratings rules test` rates them)")
    return "\n".join(lines) + "\n"
