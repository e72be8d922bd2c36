"""Checking the engine against published ratings, and rating many files at once.

An inspection file may carry ``published:`` (any of the standards' ``ratings``, ``score``, ``max_score``,
``overall``). With every input known the comparison is exact. With unknowns it asks whether the published
values are *consistent*: whether some filling-in of the unknowns gives all of them at once (``possible.find``,
by counts where the rule set allows it).
"""

from __future__ import annotations

import os
from typing import Any, Iterable

import attrs

from ..loading.expected import shown
from ..loading.sources import load_inspection_or_report
from ..kinds.decision_rule import OVERALL
from ..model.errors import Problem, RatingsError
from ..model.limits import DEFAULT_MAX_SECONDS, Deadline, OutOfTime, deadline
from ..model.objects import Inspection, Result, RuleSet
from ..reading.files import yaml_files
from ..loading.registry import load_rules
from ..reading.yaml_file import display_name, is_stdin
from .possible import Want, either, find, rate_inspection


@attrs.frozen
class Difference:
    """A published value the rating does not give: ``published`` as JSON writes it (a number, a rating,
    ``{"between": [LOW, HIGH]}``, a list of ratings), ``computed`` what the rule set gives (text, with
    unknowns: what remains possible)."""

    field: str
    published: Any
    computed: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "published": self.published, "computed": self.computed}

    @property
    def published_text(self) -> str:
        return shown(self.published)

    @property
    def computed_text(self) -> str:
        return shown(self.computed)


@attrs.frozen
class Verdict:
    """One file against what was published. ``agrees`` is None when nothing was published (or on error)."""

    file: str
    agrees: bool | None
    mode: str | None = None  # "exact", or "consistency" when unknowns leave inputs open
    differences: tuple[Difference, ...] = ()
    error: str | None = None
    gaps: tuple[str, ...] | None = None  # for a report, what its extraction could not fill ("key: message")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "agrees": self.agrees, "mode": self.mode,
                               "differences": [d.to_dict() for d in self.differences]}
        if self.error is not None:
            out["error"] = self.error
        if self.gaps is not None:
            out["gaps"] = list(self.gaps)
        return out


def field_name(what: str) -> str:
    """'standard leadership' -> 'ratings.leadership'; 'standard staff capped_by' -> 'capped_by.staff';
    'counts Inadequate' -> 'counts.Inadequate'; 'domain_counts d2 Good' -> 'domain_counts.d2.Good'."""
    if what.startswith("standard "):
        parts = what.split()
        return f"capped_by.{parts[1]}" if len(parts) == 3 else f"ratings.{parts[1]}"
    if what.startswith("counts "):
        return "counts." + what.removeprefix("counts ")
    if what.startswith("domain_counts "):  # a domain's id has no space; the rating may
        domain, name = what.removeprefix("domain_counts ").split(" ", 1)
        return f"domain_counts.{domain}.{name}"
    return what


def verdict(rules: RuleSet, inspection: Inspection, result: Result,
            max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> Verdict:
    published = inspection.published
    file = inspection.file or "<mapping>"
    if published is None:
        return Verdict(file, None)
    if result.possible is None:
        diffs = tuple(Difference(field_name(what), want, got) for what, want, got, _ in published.differences(result))
        return Verdict(file, not diffs, "exact", diffs)
    return consistency(rules, inspection, result, file, deadline(max_seconds))


def consistency(rules: RuleSet, inspection: Inspection, result: Result, file: str, budget: Deadline) -> Verdict:
    """Whether some filling-in of the unknowns gives every published value at once: each value first against
    what remains possible on its own (naming what does), then all of them together."""
    core = rules.core
    possible = result.possible
    published = inspection.published
    wants: list[Want] = []
    diffs: list[Difference] = []
    for sid, want in published.ratings.items():
        options = [str(r) for r in possible.standards[sid]]
        if not any(name in want for name in options):
            diffs.append(Difference(f"ratings.{sid}", want.to_json(), " or ".join(options)))
        wants.append(Want("rank", [core.rating_of_name[name] for name in want.names], core.index[sid]))
    for field in ("score", "max_score"):
        want = getattr(published, field)
        if want is None:  # (a rule set without a score has none published: the loader sees to it)
            continue
        low, high = getattr(possible, field)
        if want.high < low or want.low > high:
            diffs.append(Difference(field, want.to_json(), str(low) if low == high else f"{low} to {high}"))
        wants.append(Want(field, range(max(want.low, low), min(want.high, high) + 1) or [want.low]))
    if published.overall is not None:
        options = [str(r) for r in possible.overall]
        if not any(name in published.overall for name in options):
            diffs.append(Difference("overall", published.overall.to_json(), " or ".join(options)))
        wants.append(Want("overall", [core.rating_of_name[name] for name in published.overall.names]))
    for name, want in published.counts.items():
        count = Want("count", range(want.low, min(want.high, len(core.ids)) + 1), core.rating_of_name[name])
        if together(rules, inspection, [count], budget) is None:
            diffs.append(Difference(f"counts.{name}", want.to_json(), counts_possible(rules, inspection, count,
                                                                                    budget)))
        wants.append(count)
    for domain, counted in published.domain_counts.items():
        among = tuple(core.index[s] for s in next(d for d in rules.domains if d.id == domain).standards
                      if s in core.index)
        for name, want in counted.items():
            count = Want("count", range(want.low, min(want.high, len(among)) + 1), core.rating_of_name[name],
                         among)
            if together(rules, inspection, [count], budget) is None:
                diffs.append(Difference(f"domain_counts.{domain}.{name}", want.to_json(),
                                        counts_possible(rules, inspection, count, budget)))
            wants.append(count)
    for sid, (rule, _) in published.capped_by.items():
        diffs.append(Difference(f"capped_by.{sid}", rule, "not checked when inputs are unknown"))
    if published.overall_limited_by is not None:
        diffs.append(Difference("overall_limited_by", published.overall_limited_by[0],
                                "not checked when inputs are unknown"))
    if not diffs and together(rules, inspection, wants, budget) is None:
        diffs.append(Difference("together", "the published values", "no filling-in of the unknowns gives them all "
                                                                     "at once"))
    return Verdict(file, not diffs, "consistency", tuple(diffs))


def counts_possible(rules: RuleSet, inspection: Inspection, count: Want, budget: Deadline) -> str:
    """How many standards some filling-in of the unknowns rates at a count's rating: '3 or 4', 'none'."""
    total = len(rules.plan.ids) if count.among is None else len(count.among)
    found = [k for k in range(total + 1)
             if together(rules, inspection, [Want("count", k, count.slot, count.among)], budget)]
    return shown([str(k) for k in found]) if found else "none"


def together(rules: RuleSet, inspection: Inspection, wants: list[Want], budget: Deadline) -> dict[str, int] | None:
    """A filling-in giving every published value at once, or None; past the budget, an error saying so."""
    try:
        return find(rules, inspection, wants, budget)
    except OutOfTime:
        raise budget.error("each published value is possible on its own, but whether one filling-in of the "
                           "unknowns gives them all at once was not settled", inspection.file) from None


def contradiction(rules: RuleSet, inspection: Inspection) -> Difference | None:
    """A published score and overall rating that no inspection gets together, noticed before any search: the
    overall from the score (its table or bands, for each possible maximum) is the highest it can be, and only
    a decision rule limiting the overall rating to exactly the published one can make it lower."""
    published = inspection.published
    if published is None or published.score is None or published.overall is None \
            or not (published.score.exact and published.overall.exact) \
            or (published.max_score is not None and not published.max_score.exact):
        return None  # a range or a set of ratings is left to the search
    core = rules.plan
    if not core.overall_step.reads_score:  # an overall given by rules: left to the search
        return None
    step, top, score, name = core.overall_step, core.top_points, published.score.low, published.overall.names[0]
    rank = core.rating_of_name[name]
    counted = len(step.cuts) - 1
    if published.max_score is not None:
        maximum = published.max_score.low
        ns = [maximum // top] if maximum % top == 0 and 1 <= maximum // top <= counted else []
    else:
        ns = [n for n in range(1, counted + 1) if score <= top * n]
    if rank < 0 or not ns:
        return None  # Not rated, or no such maximum: the ordinary comparison says so
    limits = {r.at_most.rank for r in rules.decision_rules if r.target == OVERALL}
    unlimited = sorted({step.rank(n, score) for n in ns if score <= top * n})
    if not unlimited or any(rank == u or (rank < u and rank in limits) for u in unlimited):
        return None
    out_of = f"/{published.max_score.low}" if published.max_score is not None else ""
    gives = either([core.rating_of[u] for u in unlimited])
    why = ("and decision rules only lower the overall rating" if rank > unlimited[-1] else
           f"and no decision rule limits the overall rating to {name}")
    return Difference("score and overall", f"{score}{out_of} and {name}",
                      f"impossible together: a score of {score}{out_of} gives {gives}, {why}")


def verify_inspection(rules: RuleSet, inspection: Inspection,
                      max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> Verdict:
    """Rate an inspection and compare it with what it says was published; the search for unknowns takes at
    most ``max_seconds`` (None: no limit), past which a RatingsError says what was established. An inspection
    extracted from a report gives its gaps to the verdict."""
    conflict = contradiction(rules, inspection) if inspection.has_unknowns else None
    if conflict is not None:  # no search can reconcile them: say so at once
        found = Verdict(inspection.file or "<mapping>", False, "consistency", (conflict,))
    else:
        budget = deadline(max_seconds)
        result = rate_inspection(rules, inspection, trace=False, max_seconds=budget)
        found = verdict(rules, inspection, result, budget)
    return found if inspection.gaps is None else attrs.evolve(found, gaps=inspection.gaps)


def verify_file(path: str, rules: Any = None, max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> Verdict:
    """:func:`verify_inspection` of one file of many: its error, whatever it is, is its verdict (an error
    verdict), so that the others go on. A report (PDF, HTML or text) is extracted in memory first
    (``loading/sources.py``); its gaps are in the verdict."""
    try:
        seconds = max_seconds.seconds if isinstance(max_seconds, Deadline) else max_seconds
        rule_set, inspection, extraction = load_inspection_or_report(path, rules, seconds)
        verdict = verify_inspection(rule_set, inspection, max_seconds)
        return verdict if extraction is None else attrs.evolve(verdict, file=display_name(path))
    except Exception as exc:
        return Verdict(display_name(path), None, error=error_text(display_name(path), exc))


def error_text(file: str, exc: Exception) -> str:
    """What stopped one file of many: its problems, one a line; anything else named as the bug it is."""
    if isinstance(exc, RatingsError):
        return "\n".join(str(p) for p in exc.problems)
    what = f"{type(exc).__name__}: {exc}"
    return str(Problem(f"internal error, please report it: {what[:200]}", file))


@attrs.frozen
class Tally:
    """How many files agree, disagree, were unchecked (nothing published) or could not be rated."""

    agree: int
    disagree: int
    unchecked: int
    errors: int

    @classmethod
    def of(cls, verdicts: Iterable[Verdict]) -> "Tally":
        verdicts = list(verdicts)
        agree = sum(v.agrees is True for v in verdicts)
        disagree = sum(v.agrees is False for v in verdicts)
        errors = sum(v.error is not None for v in verdicts)
        return cls(agree, disagree, len(verdicts) - agree - disagree - errors, errors)

    def to_dict(self) -> dict[str, int]:
        return {"agree": self.agree, "disagree": self.disagree, "unchecked": self.unchecked, "errors": self.errors}


@attrs.frozen
class Hypothesis:
    """One rule set's verdicts on every file: ``rules`` as it was given (an id or a path), the rule set, and a
    verdict per file, in file order."""

    rules: str
    rule_set: RuleSet
    verdicts: tuple[Verdict, ...]

    @property
    def tally(self) -> Tally:
        return Tally.of(self.verdicts)

    @property
    def contradicts(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.agrees is False)

    @property
    def fits_all(self) -> bool:
        """Consistent with every file that published something, and every file rated."""
        tally = self.tally
        return tally.disagree == 0 and tally.errors == 0

    def to_dict(self) -> dict[str, Any]:
        return {"rules": self.rules, "id": self.rule_set.id, **self.tally.to_dict(),
                "contradicts": [v.file for v in self.contradicts], "files": [v.to_dict() for v in self.verdicts]}


def compare_rule_sets(paths: Iterable[str | os.PathLike[str]], refs: Iterable[str],
                      max_seconds: float | None = DEFAULT_MAX_SECONDS) -> list[Hypothesis]:
    """Every file (folders searched as :func:`yaml_files` does) verified under each rule set in turn, to test
    alternatives to an uncertain rule side by side. A rule set that cannot be loaded is an error at once;
    each file's own problems are its verdict under each rule set, as in :func:`verify_file`."""
    refs = list(refs)
    rule_sets = [load_rules(ref) for ref in refs]
    files = list(yaml_files(paths))
    if any(is_stdin(f) for f in files):
        raise RatingsError("standard input can be read only once: save it to a file to verify it under several "
                           "rule sets")
    return [Hypothesis(ref, rule_set, tuple(verify_file(f, rule_set, max_seconds) for f in files))
            for ref, rule_set in zip(refs, rule_sets)]


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


def rate_files(paths: Iterable[str | os.PathLike[str]], rules: Any = None,
               max_seconds: float | None = DEFAULT_MAX_SECONDS) -> list[Row]:
    """Rate every file named and every YAML file in the folders named (see :func:`yaml_files`): one row each,
    a bad file's row holding its error, so that no file stops the others or goes missing; a file with
    unknowns searches what remains possible within ``max_seconds``. A file named may be an inspection report
    (told by its content, as ``ratings rate`` tells it), extracted in memory within ``max_seconds``: its
    result's ``gaps`` list what it did not give. Folders yield inspection files only."""
    rows = []
    for path in yaml_files(paths):
        file = display_name(path)  # standard input's row is '<stdin>'
        try:
            rule_set, inspection, _ = load_inspection_or_report(path, rules, max_seconds)
            rows.append(Row(file, rate_inspection(rule_set, inspection, trace=True, max_seconds=max_seconds)))
        except Exception as exc:  # never a bug's traceback in place of the whole batch: it is this row's error
            rows.append(Row(file, error=error_text(file, exc)))
    return rows
