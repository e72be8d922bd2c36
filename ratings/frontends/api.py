"""The library entry points: :func:`rate`, :func:`load_rules` and :class:`Engine`.

Every one that takes a path takes an inspection report there too (PDF, HTML or text, told from an inspection
file by its content), as ``ratings rate REPORT`` does: extracted in memory within ``max_seconds``, its gaps
rated as unknowns and carried by the inspection, the result and the verdict (``.gaps``), see
``loading/sources.py``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Mapping, TypeVar, Union, overload

from ..engine.compile import MappingEvaluation, fast_path
from ..engine.evaluate import evaluate
from ..engine.result import build_result
from ..engine.trace import NULL_RECORDER, Recorder, TraceRecorder
from ..loading.sources import load_inspection_or_report
from ..loading.registry import load_rules as _load_rules
from ..model.errors import RatingsError
from ..model.limits import DEFAULT_MAX_SECONDS, deadline
from ..model.objects import Inspection, Result, RuleSet

__all__ = ["Engine", "confidence", "gap", "load_inspection", "load_rules", "rate", "rate_inspection"]

if TYPE_CHECKING:  # pragma: no cover
    from ..analyses.confidence import Confidence
    from ..analyses.gap import Gap
    from ..analyses.verify import Verdict

Source = Union[str, os.PathLike[str], Mapping[str, Any]]
RulesRef = Union[str, os.PathLike[str], RuleSet]
T = TypeVar("T")


def load_rules(ref: RulesRef) -> RuleSet:
    """A validated rule set: the id of a bundled one (``"hmip-probation-pdu-2021"``) or a rule-set file path."""
    return _load_rules(ref)


def load_inspection(source: Source, rules: RulesRef | None = None, *,
                    max_seconds: float | None = DEFAULT_MAX_SECONDS) -> tuple[RuleSet, Inspection]:
    """The rule set and the validated inspection of ``source`` (not rated): a path to an inspection file or to
    an inspection report, or an already-parsed mapping; ``rules`` overrides the rule set the file names or its
    dates choose. A report (PDF, HTML or text, told by its content) is extracted in memory, its reading taking
    at most ``max_seconds`` (None: no limit): what it does not give is ``unknown``, each gap listed in
    ``inspection.gaps`` (None for an inspection file). A text that is neither is refused with the inspection
    file's own message."""
    rule_set, inspection, _ = load_inspection_or_report(source, rules, max_seconds)
    return rule_set, inspection


def rate(source: Source, rules: RulesRef | None = None, *, trace: bool = True,
         max_seconds: float | None = DEFAULT_MAX_SECONDS) -> Result:
    """Rate one inspection: a path to an inspection file or to an inspection report, or an already-parsed
    mapping.

    The rule set is ``rules`` when given, else the file's ``rules:``, else the one in force during its
    ``fieldwork:``, else on its publication date (``published: {date}``), else the newest rule set of its
    service (``result.dating`` says how, with any date outside a named rule set's period). Raises :class:`RatingsError` (with file,
    line and key) for any problem with the inspection or the rule set. When the file marks judgements, key
    questions or standards ``unknown``, what they leave open is None and ``result.possible`` lists every
    rating, score and overall that remains possible; that search stops after ``max_seconds`` (None: no limit)
    with a RatingsError saying what it found so far.

    A report (PDF, HTML or text, told from an inspection file by its content) is extracted in memory first,
    as ``ratings rate REPORT`` does, within ``max_seconds`` too: what it does not give is rated as unknown, and
    ``result.gaps`` lists each gap (``"key: message"``; None for an inspection file).
    """
    if type(source) is dict:  # a plain mapping of the common shape takes the compiled fast path
        rule_set = _named_rule_set(source, rules)
        found = None if rule_set is None else rate_checked_mappings(rule_set, (source,), trace, _declined)[0]
        if found is not None:
            return found
    rule_set, inspection = load_inspection(source, rules, max_seconds=max_seconds)
    return rate_inspection(rule_set, inspection, trace, max_seconds)


def _named_rule_set(mapping: dict[str, Any], rules: RulesRef | None) -> RuleSet | None:
    """The rule set a mapping is rated under when that needs no reading of the mapping: ``rules`` given, or
    the mapping's own ``rules:`` id or path. None otherwise, or on any problem (the ordinary path then
    chooses, and reports the problem where it lies)."""
    ref = rules if rules is not None else mapping.get("rules")
    if ref is None or not isinstance(ref, (str, os.PathLike, RuleSet)):
        return None
    try:
        return _load_rules(ref)
    except RatingsError:
        return None


def rate_inspection(rules: RuleSet, inspection: Inspection, trace: bool = True,
                    max_seconds: float | None = DEFAULT_MAX_SECONDS) -> Result:
    """Rate a validated inspection; with unknowns in it, say what remains possible (``analyses/possible.py``,
    imported only then: rating needs none of the analyses, and importing them slows every command's start)."""
    if not inspection.has_unknowns:
        return evaluate(rules, inspection, TraceRecorder(rules) if trace else NULL_RECORDER)
    from ..analyses.possible import rate_with_unknowns

    return rate_with_unknowns(rules, inspection, trace, deadline(max_seconds))


def rate_checked_mappings(rules: RuleSet, sources: Iterable[Source], trace: bool,
                          otherwise: Callable[[Source], T]) -> list[Result | T]:
    """Each plain mapping checked and rated by the compiled fast path (``engine/compile.py``), its result
    equal to the ordinary path's; for a source the fast path declines (another shape, or any problem),
    ``otherwise(source)``. One loop, as tight as it can be: ``Engine.rate_many`` rates thousands."""
    fast = fast_path(rules, traced=trace)
    out: list[Result | T] = []
    append = out.append
    recorder: Recorder = NULL_RECORDER
    for source in sources:
        try:
            if trace:  # the traced function: each step's compiled form also reports what its apply reports
                name, ranks, lowered, score, n, informed, reports = fast(source)
                recorder = TraceRecorder(rules, reports)
            else:
                name, ranks, lowered, score, n, informed = fast(source)
        except Exception:  # not the shape the fast path checks: the ordinary path decides
            append(otherwise(source))
            continue
        ev = MappingEvaluation(rules, source, ranks, lowered, score, n)
        append(build_result(ev, name, ev.information(informed) if informed else {}, recorder))
    return out


def _declined(source: Source) -> None:
    return None


class Engine:
    """One rule set, loaded and checked once, for rating many inspections.

    The engine's rule set applies to every inspection it rates, whatever the inspection's own ``rules:``
    says (as ``ratings rate --rules`` does).
    """

    def __init__(self, rules: RulesRef):
        self.rules: RuleSet = _load_rules(rules)

    def load(self, source: Source, *, max_seconds: float | None = DEFAULT_MAX_SECONDS) -> Inspection:
        """The inspection of a path or a mapping, validated against this engine's rule set: a report is
        extracted under it, as :func:`load_inspection` says."""
        return load_inspection_or_report(source, self.rules, max_seconds)[1]

    def evaluate(self, inspection: Inspection, *, trace: bool = True,
                 max_seconds: float | None = DEFAULT_MAX_SECONDS) -> Result:
        """Rate an inspection that is already validated against this engine's rule set (with unknowns, searched
        for at most ``max_seconds``, as :func:`rate`)."""
        return rate_inspection(self.rules, inspection, trace, max_seconds)

    def rate(self, source: Source, *, trace: bool = True, max_seconds: float | None = DEFAULT_MAX_SECONDS) -> Result:
        found = rate_checked_mappings(self.rules, (source,), trace, _declined)[0] if type(source) is dict else None
        if found is not None:
            return found
        return self.evaluate(self.load(source, max_seconds=max_seconds), trace=trace, max_seconds=max_seconds)

    def gap(self, source: Source, target: str, *, standard: str | None = None,
            max_seconds: float | None = DEFAULT_MAX_SECONDS) -> "Gap":
        from ..analyses.gap import gap as find_gap

        return find_gap(self.rules, self.load(source, max_seconds=max_seconds), target, standard, max_seconds)

    def confidence(self, source: Source, *, max_seconds: float | None = DEFAULT_MAX_SECONDS) -> "Confidence":
        from ..analyses.confidence import confidence as find_confidence

        return find_confidence(self.rules, self.load(source, max_seconds=max_seconds), max_seconds)

    def verify(self, source: Source, *, max_seconds: float | None = DEFAULT_MAX_SECONDS) -> "Verdict":
        from ..analyses.verify import verify_inspection

        return verify_inspection(self.rules, self.load(source, max_seconds=max_seconds), max_seconds)

    @overload
    def rate_many(self, sources: Iterable[Source], *, trace: bool = ...,
                  errors: Literal["raise"] = ...) -> list[Result]: ...

    @overload
    def rate_many(self, sources: Iterable[Source], *, trace: bool = ...,
                  errors: Literal["return"]) -> list[Result | RatingsError]: ...

    @overload
    def rate_many(self, sources: Iterable[Source], *, trace: bool = ...,
                  errors: str) -> list[Result] | list[Result | RatingsError]: ...

    def rate_many(self, sources: Iterable[Source], *, trace: bool = False,
                  errors: str = "raise") -> list[Result] | list[Result | RatingsError]:
        """Rate many inspections in order; the results equal :meth:`rate`'s (without traces by default).

        With ``errors="raise"`` (the default) the first invalid input raises its :class:`RatingsError` and
        nothing is returned. With ``errors="return"`` every input gets one item, in order: its
        :class:`Result`, or the :class:`RatingsError` that :meth:`rate` would raise for it, so that one bad
        inspection costs only its own item.

        Plain mappings of the common shape take the compiled fast path (see ``engine/compile.py``); anything else,
        including every invalid input, the ordinary one.
        """
        if errors not in ("raise", "return"):
            raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
        return rate_checked_mappings(self.rules, sources, trace,
                                     lambda source: self._rate_or_error(source, trace, errors))

    def _rate_or_error(self, source: Source, trace: bool, errors: str) -> Result | RatingsError:
        if errors == "raise":
            return self.evaluate(self.load(source), trace=trace)
        try:
            return self.evaluate(self.load(source), trace=trace)
        except RatingsError as exc:  # only the input's fault: a bug (any other exception) still raises
            return exc


def gap(source: Source, target: str, *, standard: str | None = None, rules: RulesRef | None = None,
        max_seconds: float | None = DEFAULT_MAX_SECONDS) -> "Gap":
    """The fewest additional cases judged 'Yes' (or percentage points, without counts) that would make the
    overall rating, or one ``standard``, reach ``target``, with the judged standards held as given. The search
    stops after ``max_seconds`` (None: no limit) with a RatingsError saying what it found so far."""
    from ..analyses.gap import gap as find_gap

    rule_set, inspection = load_inspection(source, rules, max_seconds=max_seconds)
    return find_gap(rule_set, inspection, target, standard, max_seconds)


def verify(source: Source, *, rules: RulesRef | None = None,
           max_seconds: float | None = DEFAULT_MAX_SECONDS) -> "Verdict":
    """Rate ``source`` and compare the ratings with its ``published:`` section, as ``ratings verify`` does for
    one file: a Verdict whose ``agrees`` is True, False (``differences`` say which published values the
    rule set does not give) or None when nothing was published. With unknowns, whether some filling-in gives
    every published value at once; that search stops after ``max_seconds`` (None: no limit) with a
    RatingsError. A bad input raises its RatingsError, as ``rate`` does. A report is extracted in memory first
    (as :func:`rate` says) and compared with what it published: ``verdict.gaps`` lists what it did not give."""
    from ..analyses.verify import verify_inspection

    rule_set, inspection = load_inspection(source, rules, max_seconds=max_seconds)
    return verify_inspection(rule_set, inspection, max_seconds)


def confidence(source: Source, *, rules: RulesRef | None = None,
               max_seconds: float | None = DEFAULT_MAX_SECONDS) -> "Confidence":
    """The probability of each rating for every standard and for the overall rating, treating each key
    question's result as a sample of the caseload (the model is stated in the answer). The enumeration stops
    after ``max_seconds`` (None: no limit) with a RatingsError saying how far it got."""
    from ..analyses.confidence import confidence as find_confidence

    rule_set, inspection = load_inspection(source, rules, max_seconds=max_seconds)
    return find_confidence(rule_set, inspection, max_seconds)
