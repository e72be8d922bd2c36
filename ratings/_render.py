"""Text for people: a result as a report's ratings page plus the reasons, and a rule set as a card."""

from __future__ import annotations

import textwrap
from typing import Iterable

from ._model import Result, RuleSet, Standard
from ._rules import band_text, fmt
from ._trace import approx, bounds_text, percent_text, score_table, share_text

WIDTH = 100


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_on_hyphens=False) or [indent.rstrip()]


def _table(rows: list[tuple[str, ...]], indent: str = "") -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [(indent + "  ".join(c.ljust(w) for c, w in zip(r, widths))).rstrip() for r in rows]


def _number(text: str | None) -> str:
    return text or ""


def _cited(entry) -> str:
    """A trace entry's reason, ending with the rule it applied unless the sentence already names it."""
    if entry.rule is None or entry.rule in entry.reason:
        return entry.reason
    return f"{entry.reason} [{entry.rule}]"


def result_text(result: Result) -> str:
    """The ratings page (standards, score, overall) followed by why each rating is what it is."""
    rules = result.rules
    lines = [result.name or "(unnamed inspection)",
             f"Rated under {rules.id}: {rules.publisher + ', ' if rules.publisher else ''}{rules.title}", ""]
    rows: list[tuple[str, ...]] = [("", "Overall rating", str(result.overall), ""),
                                   ("", "Score", f"{result.score}/{result.max_score}", "")]
    for domain in rules.domains:
        rows.append((_number(domain.number), domain.name, "", ""))
        for sid in domain.standards:
            standard = rules.standards[sid]
            if sid in result.standards:
                sr = result.standards[sid]
                note = ""
                if sr.capped_by:
                    note = f"judgement {sr.judgement}; limited by a decision rule"
                elif sr.lowest is not None:
                    note = f"lowest: {sr.lowest} {percent_text(sr.results[sr.lowest])}"
                if sr.rating.rated and not sr.counted:
                    note = (note + "; " if note else "") + "not counted in the score"
                rows.append((_number(standard.number), standard.name, str(sr.rating), note))
            elif sid in result.information:
                shown = ", ".join(f"{q} {percent_text(r) if r else 'no applicable cases'}"
                                  for q, r in result.information[sid].items())
                rows.append((_number(standard.number), standard.name, "(not rated)", f"for information: {shown}"))
    lines += _table(rows)
    lines += ["", "Why"]
    by_standard: dict[str | None, list] = {}
    for entry in result.trace:
        by_standard.setdefault(entry.standard, []).append(entry)
    for sid, standard in rules.standards.items():
        if sid not in result.standards:
            continue
        sr = result.standards[sid]
        lines.append("")
        lines.append(f"  {standard.label}: {sr.rating}")
        if standard.kind == "case" and sr.results is not None:
            qrows = []
            for q in standard.key_questions:
                r = sr.results.get(q.id)
                mark = ">" if q.id == sr.lowest else " "
                qrows.append((mark, (percent_text(r) if r is not None else "n/a").rjust(4), q.id,
                              q.text + (" (paraphrase)" if q.paraphrase else "")))
            lines += _table(qrows, "    ")
        for entry in by_standard.get(sid, []):
            lines += _wrap(_cited(entry), "      ", "    ")
    lines.append("")
    for entry in by_standard.get(None, []):
        lines += _wrap(_cited(entry), "    ", "  ")
    return "\n".join(lines) + "\n"


def rule_list_text(rule_sets: Iterable[RuleSet]) -> str:
    rows = [("id", "service", "in force (fieldwork)", "title")]
    for r in rule_sets:
        rows.append((r.id, r.service, r.in_force.describe(), r.title))
    return "\n".join(_table(rows)) + "\n"


def _provenance(p, indent: str = "    ") -> list[str]:
    out = _wrap(f"Source ({p.confidence}): {p.source}", indent + "  ", indent)
    if p.notes:
        out += _wrap(f"Note: {p.notes}", indent + "  ", indent)
    return out


def _standard_kind(standard: Standard) -> str:
    if standard.kind == "judged":
        return "judged" + ("" if standard.counted else ", not counted")
    if standard.kind == "information":
        return "for information only: never rated or counted"
    return f"case ({standard.bands.id})" + ("" if standard.counted else ", rated but not counted")


def rule_card_text(rules: RuleSet) -> str:
    """A readable card of a whole rule set: scale, bands, standards, decision rules, score tables."""
    lines = [f"{rules.id}: {rules.title}"]
    meta = [f"service: {rules.service}"] + ([f"publisher: {rules.publisher}"] if rules.publisher else [])
    lines.append("  " + "; ".join(meta))
    lines += _provenance(rules.provenance, "  ")
    lines.append(f"  In force for fieldwork from {rules.in_force.describe()}")
    lines += _provenance(rules.in_force.provenance)
    if rules.path:
        lines.append(f"  File: {rules.path}")

    lines += ["", "Rating scale"]
    scale = ", ".join(f"{r} {r.points}" for r in rules.scale)
    lines.append(f"  {scale} points; {rules.not_rated} scores nothing and shrinks the maximum.")

    lines += ["", f"Case standards [{rules.case_rating.id}]"]
    lines += _wrap(rules.case_rating.description, "  ")
    lines += _provenance(rules.case_rating.provenance)

    for band_set in rules.band_sets.values():
        lines += ["", f"Bands [{band_set.id}]: {band_set.measures}"]
        lines += _table([(band_text(band_set, b), b.words or "", str(b.rating)) for b in band_set.bands], "  ")
        lines += _provenance(band_set.provenance)

    lines += ["", "Standards"]
    for domain in rules.domains:
        lines.append(f"  {(domain.number + ' ') if domain.number else ''}{domain.name} [{domain.id}]")
        for sid in domain.standards:
            s = rules.standards[sid]
            lines.append(f"    {s.label} [{s.id}]: {_standard_kind(s)}")
            if s.key_questions:
                lines += _table([(q.id, q.text + (" (paraphrase)" if q.paraphrase else ""))
                                 for q in s.key_questions], "        ")

    lines += ["", "Decision rules"]
    if not rules.decision_rules:
        lines.append("  none: every judgement stands as given")
    for rule in rules.decision_rules:
        lines.append(f"  {rule.id}")
        lines += _wrap(rule_sentence(rules, rule), "      ", "    ")
        lines += _provenance(rule.provenance)

    counted = [s for s in rules.standards.values() if s.counted]
    lines += ["", f"Score [{rules.score.id}]"]
    lines += _wrap(rules.score.description, "  ")
    lines += _provenance(rules.score.provenance)
    lines += ["", f"Overall rating [{rules.overall.id}]: {rules.overall.measures}"]
    header = ("maximum", *[str(r) for r in reversed(rules.scale)])
    rows = [header]
    for n in range(len(counted), 0, -1):
        by_rating = {str(r): f"{lo}-{hi}" if lo != hi else str(lo) for r, lo, hi in score_table(rules, n)}
        table = " (published table)" if rules.top_points * n in rules.overall.tables else ""
        rows.append((f"{rules.top_points * n} ({n} rated){table}", *[by_rating.get(h, "-") for h in header[1:]]))
    lines += _table(rows, "  ")
    if rules.overall.bands is not None:
        lines += _wrap("Maxima without a published table: the band of the mean points per rated standard, "
                       + "; ".join(f"{bounds_text(b)} is {b.rating}" for b in reversed(rules.overall.bands.bands))
                       + ".", "    ", "  ")
    lines += _provenance(rules.overall.provenance)
    for table in rules.overall.tables.values():
        lines.append(f"  Published table for {table.maximum}:")
        lines += _provenance(table.provenance)
    return "\n".join(lines) + "\n"


def rule_sentence(rules: RuleSet, rule) -> str:
    """A decision rule in words."""
    target = rules.standards[rule.standard].name
    cond = rule.when
    if cond.single:
        when = f"{rules.standards[cond.standards[0]].name} is {cond.at_or_below} or lower"
    else:
        group = cond.group or ", ".join(rules.standards[s].name for s in cond.standards)
        how = []
        if cond.at_least_share is not None:
            how.append(f"at least {share_text(cond.at_least_share)} of the rated standards")
        if cond.at_least_count is not None:
            how.append(f"at least {cond.at_least_count} of the rated standards")
        when = f"{' and '.join(how)} of {group} {'is' if cond.at_least_count == 1 else 'are'} {cond.at_or_below} or lower"
    text = f"{target} is at most {rule.at_most} when {when}."
    if rule.description:
        text += f" {rule.description}"
    return text


__all__ = ["result_text", "rule_card_text", "rule_list_text", "approx"]
