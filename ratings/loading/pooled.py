"""Pooled case data: several units' counts (the PDUs of a region) for a key question, added up exactly.

Under ``cases:``, a case standard may give its key questions unit by unit::

    desistance:
      units:
        North PDU:   {assessment: {yes: 12, of: 20}, planning: {yes: 10, of: 20}, ...}
        Central PDU: {assessment: {yes: 15, of: 18}, planning: null, ...}

or one key question may: ``assessment: {units: {North PDU: {yes: 12, of: 20}, ...}}``. Each key question is
then rated from the cases judged 'Yes' in all the units over its applicable cases in all the units (a
:class:`PooledResult`). Only counts pool exactly, so a unit's result must be ``{yes, of}`` (or ``null``, no
applicable cases there): a unit's percentage is refused, never turned into a guessed count.
"""

from __future__ import annotations

from typing import Literal

from ..model.objects import PooledResult, Standard, UnitCount
from ..reading.reader import Reader, all_of, clip, fold, join, suggestion
from ..reading.yaml_file import Node, describe

UNITS = "units"

COUNTS_ONLY = ("pooling adds up cases, and a percentage does not say how many were judged 'Yes'; give this "
               "unit's counts {yes: Y, of: N}, or the key question's pooled result in place of its units")


def read_yes_of(r: Reader, f: dict[str, Node], node: Node, path: str) -> tuple[int, int] | None:
    """``{yes: Y, of: N}`` already read as a mapping: checked (0 <= Y <= N, N >= 1), or None after
    reporting a problem."""
    of = r.integer(f["of"], join(path, "of"))
    if of is not None and of < 1:
        r.problem(f"'of' is the number of applicable cases and must be at least 1, not {of}; "
                  "write null if no case applied", f["of"], join(path, "of"))
        return None
    yes = r.integer(f["yes"], join(path, "yes"), minimum=0)
    if yes is None or of is None:
        return None
    if yes > of:
        r.problem(f"{yes} cases judged 'Yes' out of only {of}: 'yes' cannot be more than 'of'",
                  f["yes"], join(path, "yes"))
        return None
    return yes, of


def is_pooled(node: Node, question_ids: list[str]) -> bool:
    """Whether a mapping gives units rather than results (``units`` is never a key question's id here)."""
    return node.kind == "map" and UNITS in node.value and UNITS not in question_ids


def pooled_question(r: Reader, node: Node, path: str) -> PooledResult | None | Literal[False]:
    """``{units: {UNIT: {yes, of} | null, ...}}`` for one key question: the pooled result, None when no unit
    had applicable cases, False after reporting a problem."""
    f = r.mapping(node, path, required=(UNITS,), what="a mapping")
    if f is None or UNITS not in f:
        return False
    units = _units(r, f[UNITS], join(path, UNITS))
    if units is None:
        return False
    counts = [_unit_count(r, name, value, join(join(path, UNITS), clip(name))) for name, value in units]
    if any(c is False for c in counts):
        return False
    return PooledResult.pool(tuple(c for c in counts if c is not False))


def pooled_standard(r: Reader, node: Node, path: str, standard: Standard) -> dict[str, PooledResult | None] | None:
    """``{units: {UNIT: {QUESTION: {yes, of} | null, ...} | null, ...}}`` for a whole case standard: every key
    question pooled; None after reporting a problem."""
    ids = [q.id for q in standard.key_questions]
    others = [k for k in node.value if k != UNITS]
    if others:
        r.problem(f"give either the key questions ({', '.join(ids)}) or '{UNITS}' (each unit's key questions), "
                  f"not both; found {all_of(others)} beside '{UNITS}'", node, path)
        return None
    units = _units(r, node.value[UNITS], join(path, UNITS))
    if units is None:
        return None
    columns: dict[str, list[UnitCount]] = {q: [] for q in ids}
    ok = True
    for name, value in units:
        p = join(join(path, UNITS), clip(name))
        if value.kind == "null":  # no applicable cases in this unit for any key question
            for q in ids:
                columns[q].append(UnitCount(name, None, None))
            continue
        f = r.mapping(value, p, optional=ids, line=value.line,
                      what=f"a mapping of the key questions ({', '.join(ids)}) to this unit's counts, or null")
        if f is None:
            ok = False
            continue
        missing = [q for q in ids if q not in f]
        strangers = [k for k in f if k not in ids]
        suggested = {suggestion(k, missing) for k in strangers}  # reported as the unknown key's suggestion
        for q in missing:
            if q not in suggested:
                r.problem(f"missing key question '{q}' for this unit; write null if it had no applicable cases",
                          value, p)
        if missing or strangers:
            ok = False
            continue
        for q in ids:
            count = _unit_count(r, name, f[q], join(p, q))
            if count is False:
                ok = False
            else:
                columns[q].append(count)
    if not ok:
        return None
    return {q: PooledResult.pool(tuple(columns[q])) for q in ids}


def _units(r: Reader, node: Node, path: str) -> list[tuple[str, Node]] | None:
    """The units, by name, in the file's order; None after reporting a problem."""
    if node.kind != "map" or not node.value:
        found = "an empty mapping" if node.kind == "map" else describe(node)
        r.problem(f"expected a mapping of each unit's name (such as a PDU's) to its counts, found {found}",
                  node, path)
        return None
    seen: dict[str, str] = {}
    out = []
    for key, value in node.value.items():
        name = " ".join(key.split())
        if not name:
            r.problem("a unit's name must not be empty", value, join(path, key))
            return None
        if name in seen:
            r.problem(f"the unit '{clip(name)}' is given twice (as '{clip(seen[name])}' and '{clip(key)}')",
                      value, join(path, key))
            return None
        seen[name] = key
        out.append((name, value))
    return out


def _unit_count(r: Reader, name: str, node: Node, path: str) -> UnitCount | Literal[False]:
    """One unit's counts on one key question; False after reporting a problem."""
    if node.kind == "null":
        return UnitCount(name, None, None)
    if node.kind == "map" and "percent" in node.value:
        r.problem(f"a unit's result must be counts, not a percentage: {COUNTS_ONLY}", node, path)
        return False
    if node.kind in ("int", "number", "special"):
        r.problem(f"a unit's result must be counts, not the number {node.text or node.value}: {COUNTS_ONLY}",
                  node, path)
        return False
    if node.kind == "str" and fold(node.value.strip()) == "unknown":
        r.problem("a unit's result cannot be unknown: pooling needs every unit's counts; mark the whole key "
                  "question (or standard) unknown instead", node, path)
        return False
    f = r.mapping(node, path, required=("yes", "of"), line=node.line,
                  what="a unit's counts {yes: Y, of: N}, or null for no applicable cases")
    if f is None or "yes" not in f or "of" not in f:
        return False
    counts = read_yes_of(r, f, node, path)
    return False if counts is None else UnitCount(name, counts[0], counts[1])
