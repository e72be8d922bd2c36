"""Checking the engine against published ratings, and rating many files at once.

An inspection file may carry ``published:`` (any of the standards' ``ratings``, ``score``, ``max_score``,
``overall``). With every input known the comparison is exact. With unknowns it asks whether the published
values are *consistent*: whether some filling-in of the unknowns gives all of them at once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

import attrs

from ..loading.inspection import load_inspection
from ..model.errors import RatingsError
from ..model.objects import Inspection, Result, RuleSet
from .possible import find, rate_inspection


@attrs.frozen
class Difference:
    field: str
    published: Any
    computed: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "published": self.published, "computed": self.computed}


@attrs.frozen
class Verdict:
    """One file against what was published. ``agrees`` is None when nothing was published (or on error)."""

    file: str
    agrees: bool | None
    mode: str | None = None  # "exact", or "consistency" when unknowns leave inputs open
    differences: tuple[Difference, ...] = ()
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "agrees": self.agrees, "mode": self.mode,
                               "differences": [d.to_dict() for d in self.differences]}
        if self.error is not None:
            out["error"] = self.error
        return out


def field_name(what: str) -> str:
    """'standard leadership' -> 'ratings.leadership'; 'standard staff capped_by' -> 'capped_by.staff'."""
    if what.startswith("standard "):
        parts = what.split()
        return f"capped_by.{parts[1]}" if len(parts) == 3 else f"ratings.{parts[1]}"
    return what


def verdict(rules: RuleSet, inspection: Inspection, result: Result) -> Verdict:
    published = inspection.published
    file = inspection.file or "<mapping>"
    if published is None:
        return Verdict(file, None)
    if result.possible is None:
        diffs = tuple(Difference(field_name(what), want, got) for what, want, got, _ in published.differences(result))
        return Verdict(file, not diffs, "exact", diffs)
    return consistency(rules, inspection, result, file)


def consistency(rules: RuleSet, inspection: Inspection, result: Result, file: str) -> Verdict:
    core = rules.core
    possible = result.possible
    published = inspection.published
    wants: list = []
    diffs: list[Difference] = []
    for sid, (name, _) in published.ratings.items():
        options = [str(r) for r in possible.standards[sid]]
        if name not in options:
            diffs.append(Difference(f"ratings.{sid}", name, " or ".join(options)))
        rank = core.rating_of_name[name]
        wants.append((lambda o, i=core.index[sid]: o[0][i], rank))
    if published.score is not None:
        low, high = possible.score
        if not low <= published.score[0] <= high:
            diffs.append(Difference("score", published.score[0], f"{low} to {high}"))
        wants.append((lambda o: o[1], published.score[0]))
    if published.max_score is not None:
        low, high = possible.max_score
        if not low <= published.max_score[0] <= high:
            diffs.append(Difference("max_score", published.max_score[0], f"{low} to {high}"))
        wants.append((lambda o: core.top_points * o[2], published.max_score[0]))
    if published.overall is not None:
        options = [str(r) for r in possible.overall]
        if published.overall[0] not in options:
            diffs.append(Difference("overall", published.overall[0], " or ".join(options)))
        wants.append((lambda o: o[3], core.rating_of_name[published.overall[0]]))
    for sid, (rule, _) in published.capped_by.items():
        diffs.append(Difference(f"capped_by.{sid}", rule, "not checked when inputs are unknown"))
    if published.overall_limited_by is not None:
        diffs.append(Difference("overall_limited_by", published.overall_limited_by[0],
                                "not checked when inputs are unknown"))
    if not diffs and find(rules, inspection, wants) is None:
        diffs.append(Difference("together", "the published values", "no filling-in of the unknowns gives them all "
                                                                     "at once"))
    return Verdict(file, not diffs, "consistency", tuple(diffs))


def verify_file(path: str, rules: Any = None) -> Verdict:
    try:
        rule_set, inspection = load_inspection(path, rules)
        return verdict(rule_set, inspection, rate_inspection(rule_set, inspection, trace=False))
    except RatingsError as exc:
        return Verdict(path, None, error="\n".join(str(p) for p in exc.problems))


def inspection_files(paths: Iterable[str | os.PathLike]) -> list[str]:
    """The files named, with folders searched (recursively, in sorted order) for ``*.yaml``."""
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            out += [str(f) for f in sorted(p.rglob("*.yaml")) if f.is_file()]
        else:
            out.append(str(path))
    return out


@attrs.frozen
class Row:
    """One file of a batch: its result, or the error that stopped it."""

    file: str
    result: Result | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None

    def to_dict(self) -> dict[str, Any]:
        if self.result is not None:
            return {"file": self.file, "ok": True, "result": self.result.to_dict()}
        return {"file": self.file, "ok": False, "error": self.error}


def rate_files(paths: Iterable[str | os.PathLike], rules: Any = None) -> list[Row]:
    """Rate every file; a bad file becomes a row with its error and never stops the others."""
    rows = []
    for file in inspection_files(paths):
        try:
            rule_set, inspection = load_inspection(file, rules)
            rows.append(Row(file, rate_inspection(rule_set, inspection, trace=True)))
        except RatingsError as exc:
            rows.append(Row(file, error="\n".join(str(p) for p in exc.problems)))
    return rows
