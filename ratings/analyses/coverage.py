"""Coverage of a rule set by its worked cases (``ratings rules coverage``), as ``opa test --coverage`` gives
it for policies: which bands, decision rules (firing, and not firing), derived standards and score-table
rows the worked cases exercise, and which none does.

Nothing here re-derives what a rule means: each worked case is rated by the evaluator with a recorder that
keeps what every step reports (``engine/trace.py``), and the reports say which band a case standard fell
in, whether a decision rule's condition held and whether it lowered anything, what a derived standard came
to, and which band or score-table row gave the overall rating.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import attrs

from .worked_cases import WorkedCase, bundled_case_files, load_worked_cases
from ..engine.evaluate import evaluate
from ..engine.trace import Recorder
from ..kinds.base import NOT_RATED
from ..kinds.decision_rule import OVERALL
from ..loading.inspection import build_inspection
from ..loading.registry import bundled_dir, bundled_ids, load_rules
from ..model.errors import RatingsError
from ..model.objects import UNKNOWN, RuleSet
from ..model.words import band_words
from ..reading.files import yaml_files
from ..reading.yaml_file import read_file

#: An item's key: its kind, then what names it (a band set's id, a band's or a rule's number, ...).
Key = tuple[str | int, ...]


@attrs.frozen
class Item:
    """One thing a worked case can exercise, and the names of the cases that do."""

    # "band", "overall band", "score table row", "derived", "rule fires" (it lowered a rating), "rule does not
    # fire" (its condition did not hold, the standard it limits being rated)
    kind: str
    what: str  # which one, in words ("case-bands: Good (65% to under 80%)")
    line: int | None
    cases: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        return bool(self.cases)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "what": self.what, "line": self.line, "covered": self.covered,
                "cases": list(self.cases)}


@attrs.frozen
class Coverage:
    """The coverage of one rule set by the worked cases of ``files``."""

    rules: RuleSet
    files: tuple[str, ...]
    cases: int
    items: tuple[Item, ...]
    skipped: tuple[str, ...] = ()  # cases whose inspection is invalid, or has unknowns (``rules test`` rates them)

    @property
    def covered(self) -> int:
        return sum(item.covered for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        total = len(self.items)
        return {"rules": self.rules.id, "file": self.rules.path, "worked_case_files": list(self.files),
                "cases": self.cases, "covered": self.covered, "total": total,
                "percent": round(100 * self.covered / total, 1) if total else 100.0,
                "items": [item.to_dict() for item in self.items],
                "not_covered": [item.to_dict() for item in self.items if not item.covered],
                "skipped": list(self.skipped)}


class _Kept(Recorder):
    """Keeps every report: (step, facts)."""

    def __init__(self) -> None:
        self.reports: list[tuple[Any, Any]] = []

    def report(self, step: Any, facts: Any) -> None:
        self.reports.append((step, facts))


def coverage(rules: RuleSet, cases: Iterable[WorkedCase], files: Iterable[str] = ()) -> Coverage:
    """What the worked cases exercise of ``rules`` (each rated by the evaluator, its reports kept)."""
    hits: dict[Key, list[str]] = {}
    count, skipped = 0, []
    for case in cases:
        try:
            inspection = build_inspection(case.inspection, rules, case.file)
        except RatingsError:
            skipped.append(case.name)
            continue
        if inspection.has_unknowns:  # no one rating to follow through the rules: not counted, and said so
            skipped.append(case.name)
            continue
        count += 1
        kept = _Kept()
        evaluate(rules, inspection, kept)
        for key in dict.fromkeys(k for step, facts in kept.reports for k in _exercised(step, facts)):
            hits.setdefault(key, []).append(case.name)
    items = tuple(attrs.evolve(item, cases=tuple(hits.get(key, ()))) for key, item in _items(rules))
    return Coverage(rules, tuple(files), count, items, tuple(skipped))


def _exercised(step: Any, facts: Any) -> Iterable[Key]:
    """The keys of the items one report exercises: each step says what its own report exercised (a step that
    exercises nothing a worked case could be asked to cover, such as a judgement, has no ``exercised``)."""
    exercised = getattr(step, "exercised", None)
    return exercised(facts) if exercised is not None else ()


def _can_rate(rules: RuleSet, sid: str) -> bool:
    """Whether some inspection rates the standard: a judgement can; a case standard when its method can give a
    rating from some results (not one that is reported, never rated); a derived one when its method rates it
    from the inputs that can be rated."""
    std = rules.standards[sid]
    if std.measured:
        every = {q.id: UNKNOWN for q in std.key_questions}
        return any(rank >= 0 for rank in std.case_rating.possible_ranks(std, every))
    if std.kind == "derived":  # its method, given its inputs rated where they can be, rates it or not
        ranks = tuple(0 if _can_rate(rules, s) else NOT_RATED for s in std.derived.inputs)
        rank: int = std.derived.method.combine(ranks)
        return rank != NOT_RATED
    return std.kind == "judged"


def _items(rules: RuleSet) -> Iterable[tuple[Key, Item]]:
    """Every item of the rule set that some inspection can exercise, in file order, with its key (the bands
    of standards never rated, and the overall's when no counted standard can be rated, cannot be)."""
    used = {s.bands.id for sid, s in rules.standards.items()
            if s.measured and s.bands is not None and _can_rate(rules, sid)}
    for band_set in rules.band_sets.values():
        if band_set.id in used:
            for i, band in enumerate(band_set.bands):
                yield ("band", band_set.id, i), Item("band", f"{band_set.id}: {band.rating} ({band_words(band)})",
                                                     band.line)
    for sid, std in rules.standards.items():
        if std.kind == "derived" and _can_rate(rules, sid):
            yield ("derived", sid), Item("derived", f"{std.label} rated (from {', '.join(std.derived.inputs)})",
                                         std.line)
    for rule in rules.decision_rules:
        target = "the overall rating" if rule.target == OVERALL else rules.standards[rule.target].label
        what = f"{rule.id} (limits {target})"
        yield ("rule fires", rule.number), Item("rule fires", what, rule.line)
        yield ("rule does not fire", rule.number), Item("rule does not fire", what, rule.line)
    overall = rules.overall
    if overall is None or not any(s.counted and _can_rate(rules, sid) for sid, s in rules.standards.items()):
        return  # no overall rating, or none that can be rated: nothing of it to exercise
    for key, what, line in overall.coverage_items(rules):  # what the overall method says can be exercised
        yield key, Item(key[0], what, line)


# ----------------------------------------------------------------------------------- finding the cases


def coverage_of_paths(paths: Iterable[str]) -> list[Coverage]:
    """The coverage of each rule set named by ``paths``, in their order: worked-case files (or folders of
    them), or rule sets (bundled ids or files) whose worked cases lie beside them (``NAME.tests.yaml``, or
    ``tests/NAME.yaml``; for a bundled rule set, its own). With no paths, every bundled rule set."""
    given: list[str] = []
    for path in paths:  # a folder's inspection files (beside the rule sets, often) are not for coverage
        given += [entry for entry in yaml_files([path], recursive=False)
                  if not _keys(entry) & {"judgements", "cases"}] if Path(path).is_dir() else [path]
    found: list[tuple[RuleSet, list[str], list[WorkedCase]]] = []
    read: set[str] = set()

    def add_cases(file: str) -> None:
        if file not in read:
            read.add(file)
            rules, cases = load_worked_cases(file)
            entry = _entry(found, rules)
            entry[1].append(file)
            entry[2].extend(cases)

    for path in given or [str(p) for p in bundled_case_files()]:
        if Path(path).exists() and "worked_cases" in _keys(path):
            add_cases(path)
        else:  # a rule set, by id or file
            rules = load_rules(path)
            _entry(found, rules)
            for file in _beside(path, rules):
                add_cases(str(file))
    return [coverage(rules, cases, names) for rules, names, cases in found]


def _entry(found: list[tuple[RuleSet, list[str], list[WorkedCase]]],
           rules: RuleSet) -> tuple[RuleSet, list[str], list[WorkedCase]]:
    """The entry of ``rules``: one per rule set, however its file was named (equal rule sets are one)."""
    for entry in found:
        if entry[0] is rules or entry[0] == rules:
            return entry
    found.append((rules, [], []))
    return found[-1]


def _keys(path: str) -> set[str]:
    """The top-level keys of a YAML file (none when it is not a mapping)."""
    root = read_file(path)
    return set(root.value) if root.kind == "map" else set()


def _beside(ref: str, rules: RuleSet) -> list[Path]:
    """The worked-case files of a rule set, by where they are kept."""
    if not Path(ref).exists() and rules.id in bundled_ids():
        return [p for p in (bundled_dir() / "tests").glob(f"{rules.id}.y*ml")]
    path = Path(ref)
    stem = path.name.rsplit(".", 1)[0]
    candidates = [path.parent / f"{stem}.tests.yaml", path.parent / f"{stem}.tests.yml",
                  path.parent / "tests" / f"{stem}.yaml", path.parent / "tests" / f"{stem}.yml"]
    return [p for p in candidates if p.is_file() and "worked_cases" in _keys(str(p))]


__all__ = ["Coverage", "Item", "coverage", "coverage_of_paths"]
