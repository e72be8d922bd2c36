"""A skeleton inspection file for a rule set (``ratings template``): every judged standard, every case standard
and each of its key questions, left ``unknown``, with the standards' statements and the key questions' texts
as comments. Everything in it comes from the loaded rule set.

Left unfilled it is a valid inspection whose every input is unknown: ``ratings rate`` reports what remains
possible. Each value filled in narrows that, until the file is an ordinary inspection.
"""

from __future__ import annotations

import textwrap

from ..model.errors import RatingsError, one_line
from ..model.objects import RuleSet, Standard
from ..model.words import or_list

WIDTH = 100


def inspection_template(rules: RuleSet, rules_ref: str | None = None) -> str:
    """The skeleton file's text. ``rules_ref`` is what its ``rules:`` names (default: the rule set's id)."""
    ratings = _plain(or_list([*rules.scale, rules.not_rated]))  # the names are the rule set's text
    lines = [
        f"# An inspection to rate under {rules.id}: {_plain(rules.title)}",
        "# Written by `ratings template`. Replace each `unknown` with what the report gives, then run",
        "# `ratings rate` on this file. A value left `unknown` is treated as not known: `ratings rate` then",
        "# says which ratings remain possible.",
        "",
        f"rules: {_key(rules_ref or rules.id)}",
        "# Optional: remove the '# ' of a line to give it.",
        "# name: ...          # the service inspected, as the report names it (else the file's name)",
        "# fieldwork: ...     # when the fieldwork was: 2024-03-18, 2024-03, March 2024, 2024-03-11/2024-03-22,",
        "#                    # autumn 2024 or 2024-Q4",
        "# source: ...        # where the figures come from, e.g. the report's address",
        "# cases_inspected: ...  # the number of cases inspected, when the report gives only percentages",
    ]
    judged = [s for s in rules.standards.values() if s.kind == "judged"]
    if judged:
        lines += ["", "judgements:          # the inspectors' judgements BEFORE the decision rules:",
                  f"                     # {ratings}"]
        for s in judged:  # one on another scale says its own ratings
            own = f" ({_plain(or_list([*rules.ratings_of(s.id), rules.not_rated]))})" if s.scale else ""
            lines += _comment(_heading(s) + own, "  ") + [f"  {_key(s.id)}: unknown"]
    cased = [s for s in rules.standards.values() if s.kind in ("case", "information")]
    if cased:
        lines += ["", "cases:               # per key question: the percentage of applicable cases judged 'Yes' (71),",
                  "                     # or counts {yes: 23, of: 34}; null when no case applied; a whole standard",
                  "                     # may be 'not rated'; several units' counts (a region's PDUs) are pooled",
                  "                     # when given as {units: {North PDU: {yes: 12, of: 20}, ...}}"]
        for s in cased:
            lines += _case_standard(s)
    scored = [s for s in rules.standards.values() if s.kind == "scored"]
    if scored:
        lines += ["", "scores:              # per item: the inspectors' score, a whole number in the standard's range;",
                  "                     # null when the item was not scored; a whole standard may be 'not rated'"]
        for s in scored:
            method = s.case_rating
            lines += _comment(f"{_heading(s)} (each item scored {method.lowest} to {method.highest})", "  ")
            lines += [f"  {_key(s.id)}:"]
            for q in s.key_questions:
                lines += _comment(_plain(q.text), "    ") + [f"    {_key(q.id)}: unknown"]
    derived = [s for s in rules.standards.values() if s.kind == "derived"]
    if derived:
        lines += ["", "# Rated from other standards, never given:"]
        lines += [f"#   {_plain(s.label)}: from {', '.join(s.derived.inputs)}" for s in derived]
    example = next((s.id for s in rules.standards.values() if s.kind != "information"), None)
    lines += ["", "# published:         # optional: what the report published, for `ratings verify`; e.g.",
              f"#   ratings: {{{example}: {rules.scale[-1]}}}   # each standard's rating as published"]
    lines += ["#   score: 7"] if rules.score is not None else []
    lines += ["#   overall: " + str(rules.ratings_of("overall")[-1])] if rules.overall is not None else []
    return "\n".join(lines) + "\n"


def _case_standard(s: Standard) -> list[str]:
    """A case standard with its key questions, each question's text above it; an information standard (never
    rated, optional) the same, commented out."""
    out = _comment(_heading(s), "  ")
    body = [f"  {_key(s.id)}:"]
    for q in s.key_questions:
        text = _plain(q.text) + (" (paraphrased)" if q.paraphrase else "")
        body += _comment(text, "    ") + [f"    {_key(q.id)}: unknown"]
    if s.kind == "case":
        return out + body
    out += _comment("optional, reported for information and never rated: remove the '#' of the lines "
                    "below to give it", "  ")
    return out + ["  # " + line[2:] for line in body]


def _heading(s: Standard) -> str:
    return _plain(s.label) + (f": {_plain(s.statement)}" if s.statement else "")


def _comment(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - len(indent) - 2, initial_indent=f"{indent}# ",
                         subsequent_indent=f"{indent}# ", break_on_hyphens=False, break_long_words=False)


def _plain(text: str) -> str:
    """Text on one line, fit for a comment: whitespace runs as one space, control characters escaped."""
    return one_line(" ".join(text.split())) or ""


def _key(text: str) -> str:
    """An id or a rule-set reference written so that YAML reads it back as this text: plain when it does,
    else quoted (``null``, ``true``, a path with a space)."""
    import json

    from ..reading.yaml_file import parse_text

    try:
        node = parse_text(f"{text}: {text}\n", "<template>")
        if node.kind == "map" and list(node.value) == [text] and node.value[text].kind == "str" \
                and node.value[text].value == text:
            return text
    except RatingsError:
        pass
    return json.dumps(text)
