"""The objects a rule set, an inspection and a result are made of (frozen; built only by the loaders).

Names follow the inspectorate's reports: a rule set has a rating *scale*, *band* sets, *domains* of
*standards*; a case standard has *key questions*; *decision rules* limit a standard or the overall rating; the
*score* and the *overall* rating come last. The rules themselves are objects of the kinds in ``ratings/kinds/``.
"""

from __future__ import annotations

import datetime as dt
import enum
from fractions import Fraction
from typing import Any, Final, Iterable, Mapping, Sequence, TypeAlias

import attrs

from .dates import Dating


NOT_RATED_RANK = -1


class Rating(str):
    """A rating on a rule set's scale, e.g. ``Good``.

    It *is* its name (``rating == "Good"`` holds, and it serialises as the plain string) and also carries
    ``points`` (``None`` for *Not rated*) and ``rank`` (higher is better; *Not rated* is -1).
    """

    __slots__ = ("points", "rank", "colour")
    points: int | None
    rank: int
    colour: str | None  # "#1a7f37", as the rule set gives it; the HTML report's colour for the rating

    def __new__(cls, name: str, points: int | None, rank: int, colour: str | None = None) -> "Rating":
        self = super().__new__(cls, name)
        self.points = points
        self.rank = rank
        self.colour = colour
        return self

    def __reduce__(self) -> tuple[type[Rating], tuple[str, int | None, int, str | None]]:  # pickling, copying
        return (type(self), (str(self), self.points, self.rank, self.colour))

    def __repr__(self) -> str:
        return f"Rating({str(self)!r}, points={self.points})"

    @property
    def rated(self) -> bool:
        return self.rank != NOT_RATED_RANK  # a rating on another scale has no points and is rated all the same

    @property
    def name(self) -> str:
        return str(self)


@attrs.frozen
class Provenance:
    """Where a rule comes from and how sure we are of it."""

    source: str
    confidence: str  # confirmed | inferred | assumed
    notes: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.confidence == CONFIRMED


CONFIDENCE = ("confirmed", "inferred", "assumed")  # surest first
CONFIRMED = CONFIDENCE[0]


def least_sure(confidences: Iterable[str]) -> str:
    return max(confidences, key=CONFIDENCE.index)


@attrs.frozen
class Band:
    """One band of a band set: values from ``low`` to ``high`` give ``rating``."""

    rating: Rating
    words: str | None
    low: Fraction
    low_inclusive: bool
    high: Fraction
    high_inclusive: bool
    line: int | None = attrs.field(default=None, eq=False)
    text: str = attrs.field(default="", eq=False)  # the band in words ("65% to under 80%"), set by the loader

    def contains(self, value: Fraction) -> bool:
        above_low = value >= self.low if self.low_inclusive else value > self.low
        below_high = value <= self.high if self.high_inclusive else value < self.high
        return above_low and below_high


@attrs.frozen
class BandSet:
    """Bands that together cover a range (0-100 for percentages; 0 to the top points for the overall)."""

    id: str
    measures: str
    unit: str  # "%" for percentages, "" for points
    low: Fraction
    high: Fraction
    bands: tuple[Band, ...]  # highest values first
    provenance: Provenance
    # ``rounding: {places, half}``: the measure rounded before banding, as the framework publishes; the bands'
    # bounds are then those on the measure unrounded, exactly (each band's ``text`` as the rule set writes it)
    rounding: Any = None
    # the bands' lower bounds as integers, for exact comparisons without Fraction's overhead
    _lows: tuple[tuple[int, int, bool, Band], ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        lows = tuple((b.low.numerator, b.low.denominator, b.low_inclusive, b) for b in self.bands)
        object.__setattr__(self, "_lows", lows)

    def classify(self, value: Fraction) -> Band:
        """The band holding ``value`` (within the range). The bands are sorted highest first and cover the
        range once (the loader checks), so the first whose lower bound the value meets is the one."""
        num, den = value.numerator, value.denominator
        for low_num, low_den, inclusive, band in self._lows:
            left, right = num * low_den, low_num * den
            if left > right or (inclusive and left == right):
                return band
        raise ValueError(f"{value} is outside the band set {self.id}")  # the loader prevents this


@attrs.frozen
class Scale:
    """A set of values besides the rule set's scale (``scales:``): Met / Breach, or categories of concern; best
    first, never scored, never counted. Its ratings' ranks lie apart from every other scale's (see the
    loader), so that a rank names one rating of one scale."""

    name: str
    ratings: tuple[Rating, ...]  # best first
    provenance: Provenance


#: The kinds of standard rated by a method from parts the inspection gives (see ``Standard.measured``).
MEASURED = ("case", "scored")


@attrs.frozen
class KeyQuestion:
    id: str
    text: str
    paraphrase: bool = False


@attrs.frozen
class Standard:
    """A rated aspect of a service. ``kind`` is ``judged`` (the inspectors' judgement), ``case`` (rated from
    its key questions by ``case_rating``), ``scored`` (rated from its items' scores by ``case_rating``, a
    scored method; its items are held as ``key_questions``), ``derived`` (rated from other standards'
    ratings by ``derived``) or ``information`` (reported only)."""

    id: str
    number: str | None
    name: str
    domain: str
    kind: str
    counted: bool
    statement: str | None
    key_questions: tuple[KeyQuestion, ...] = ()
    bands: BandSet | None = None
    provenance: Provenance | None = None
    line: int | None = attrs.field(default=None, eq=False)
    case_rating: Any = None  # case standards: how the key questions give a rating (kinds/case_rating.py)
    derived: Any = None  # derived standards: the standards it is rated from, and how (kinds/derived.py)
    scale: str | None = None  # judged standards on another scale (``scales:``): its name; None for the scale

    _label: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_label", f"{self.number} {self.name}" if self.number else self.name)

    @property
    def label(self) -> str:
        """The standard as a report heads it: '2.2 Assessment'."""
        return self._label

    @property
    def measured(self) -> bool:
        """Whether it is rated by a method from parts the inspection gives (a case standard's key questions, a
        scored standard's items): the standards the analyses move by their parts."""
        return self.kind in MEASURED


@attrs.frozen
class Domain:
    id: str
    number: str | None
    name: str
    standards: tuple[str, ...]
    provenance: Provenance

    @property
    def label(self) -> str:
        return f"domain {self.number} ({self.name})" if self.number else f"{self.name}"


@attrs.frozen
class InForce:
    start: dt.date
    end: dt.date | None  # last day in force, inclusive; None while still in force
    provenance: Provenance

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """Whether any day from ``start`` to ``end`` (inclusive) is in force."""
        return self.start <= end and (self.end is None or start <= self.end)

    def describe(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat() if self.end else 'now'}"


@attrs.frozen(repr=False)
class RuleSet:
    """A whole framework: everything needed to rate an inspection under it.

    ``decision_rules``, ``case_rating``, ``score`` and ``overall`` are rule objects of the kinds in
    ``ratings/kinds/``; ``plan`` is the order the engine applies them in (``engine/plan.py``).
    """

    id: str
    title: str
    publisher: str
    service: str
    provenance: Provenance
    in_force: InForce
    scale: tuple[Rating, ...]  # best first
    not_rated: Rating
    band_sets: Mapping[str, BandSet]
    domains: tuple[Domain, ...]
    standards: Mapping[str, Standard]  # in rule-set order
    decision_rules: tuple[Any, ...]
    case_rating: Any  # None when no case standard reads the rule set's own
    score: Any  # None: the framework publishes no score ('score: none')
    overall: Any  # None: the framework publishes no overall rating ('overall: none')
    path: str | None = attrs.field(default=None, eq=False)
    scales: Mapping[str, Scale] = attrs.field(factory=dict)  # the other value sets, by name (``scales:``)
    # made by the loader: the rule set as the engine applies it (engine/plan.py)
    plan: Any = attrs.field(default=None, eq=False, repr=False)

    def __repr__(self) -> str:  # short: a list of rule sets prints one line each
        return f"<RuleSet {self.id}: {self.title} ({len(self.standards)} standards)>"

    @property
    def top_points(self) -> int:
        return max(r.points for r in self.scale if r.points is not None)

    @property
    def judged_order(self) -> tuple[str, ...]:
        """The judged standards in the order the engine settles them (each after what its rules read)."""
        return tuple(s for s in self.plan.order if self.standards[s].kind == "judged")

    @property
    def core(self) -> Any:
        """The plan, under the name it had in version 0.3."""
        return self.plan

    def scale_of(self, target: str) -> str | None:
        """The name of the other scale ``target`` (a standard's id, or ``overall``) is rated on; None for the
        rule set's own (and for an overall the rule set does not have)."""
        if target in self.standards:
            return self.standards[target].scale
        return self.overall.scale if self.overall is not None else None

    def ratings_of(self, target: str) -> tuple[Rating, ...]:
        """The ratings ``target`` (a standard's id, or ``overall``) may have, best first: its scale's."""
        scale = self.scale_of(target)
        return self.scales[scale].ratings if scale is not None else self.scale

    def all_ratings(self) -> tuple[Rating, ...]:
        """Every rating of every scale, the rule set's own first (Not rated not among them)."""
        return self.scale + tuple(r for s in self.scales.values() for r in s.ratings)

    def rating(self, name: str) -> Rating:
        for r in self.all_ratings():
            if r == name:
                return r
        if self.not_rated == name:
            return self.not_rated
        raise KeyError(name)

    def rules_for(self, target: str) -> tuple[Any, ...]:
        """The decision rules that limit ``target`` (a standard id, or ``overall``)."""
        return tuple(r for r in self.decision_rules if r.target == target)

    def rules(self) -> list[Any]:
        """Every rule of the rule set with a provenance, in the order a card lists them."""
        out: list[Any] = list(self.band_sets.values()) + [self.case_rating]
        for s in self.standards.values():
            for rule in (s.case_rating, s.derived):
                if rule is not None and rule is not self.case_rating:
                    out.append(rule)
            if s.derived is not None:
                out += list(s.derived.method.own_rules)
        out += list(self.decision_rules) + [self.score, self.overall]
        return [rule for rule in out if rule is not None]  # a part the rule set does without

    def assumptions(self) -> tuple[tuple[str, str], ...]:
        """``(rule id, confidence)`` of every rule that is inferred or assumed rather than confirmed."""
        out: dict[str, str] = {}
        for rule in self.rules():
            if not rule.provenance.confirmed:
                out.setdefault(rule.id, rule.provenance.confidence)
        return tuple(out.items())

    def rules_applied(self, rated: Iterable[str], max_score: int | None) -> list[tuple[str, Provenance]]:
        """Every rule a rating with these standards rated rests on, as (rule id, provenance), in card order:
        each rated case standard's method and bands, each rated derived standard's derivation, every decision
        rule on a rated standard or on the overall rating (whether or not it lowered anything: another
        version of it might have), the score, and the overall rule with the score table it used."""
        rated = set(rated)
        out: list[tuple[str, Provenance]] = []
        for sid, std in self.standards.items():
            if sid in rated and std.measured:
                assert std.bands is not None  # a built rule set's measured standards have bands (loader refuses)
                out += [(std.case_rating.id, std.case_rating.provenance), (std.bands.id, std.bands.provenance)]
            elif sid in rated and std.kind == "derived":  # and its method's own rules, any of which may apply
                out.append((std.derived.id, std.derived.provenance))
                out += [(c.id, c.provenance) for c in std.derived.method.own_rules]
        # a decision rule limits a standard or, when its target is no standard, the overall rating
        out += [(r.id, r.provenance) for r in self.decision_rules
                if r.target in rated or r.target not in self.standards]
        out += [(self.score.id, self.score.provenance)] if self.score is not None else []
        return out + (self.overall.applied(max_score) if self.overall is not None else [])


# ---------------------------------------------------------------------------------------------- inspection


@attrs.frozen(cache_hash=True)
class KeyQuestionResult:
    """The share of applicable cases judged 'Yes' on one key question; ``percent`` is exact.

    ``yes`` is given when the file gave counts; ``of`` (the number of applicable cases) whenever it is known:
    from counts, from ``{percent: P, of: N}``, or from the inspection's ``cases_inspected``.
    """

    percent: Fraction
    yes: int | None = None
    of: int | None = None


@attrs.frozen
class ItemScore(KeyQuestionResult):
    """One item of a scored standard (``kind: scored``) as the inspectors scored it: ``score`` points on the
    standard's range, up to ``highest``. Its ``percent`` is the score as a share of the highest, exactly, so
    that the mean of the items' percentages is the standard's score as a percentage of its maximum. Not a
    sample: no cases lie behind it (``yes`` and ``of`` are None)."""

    score: int = 0
    highest: int = 1

    @classmethod
    def scored(cls, score: int, highest: int) -> "ItemScore":
        return cls(Fraction(100 * score, highest), None, None, score, highest)


@attrs.frozen
class UnitCount:
    """One unit's counts on a key question pooled across several units (the PDUs of a region): ``yes`` of
    ``of`` applicable cases judged 'Yes', or both None when the unit had no applicable cases."""

    unit: str
    yes: int | None
    of: int | None


@attrs.frozen(cache_hash=True)
class PooledResult(KeyQuestionResult):
    """A key question's result pooled exactly from several units' counts: ``yes`` and ``of`` are the sums
    over the units with applicable cases, ``percent`` is ``100 * yes / of``, and ``units`` keeps each unit's
    counts, in the order the file gives them, for the explanation and the JSON."""

    units: tuple[UnitCount, ...] = ()

    @classmethod
    def pool(cls, units: tuple[UnitCount, ...]) -> "PooledResult | None":
        """The pooled result of ``units``; None when no unit had applicable cases."""
        yes = sum(u.yes for u in units if u.yes is not None)  # a unit without applicable cases has neither
        of = sum(u.of for u in units if u.of is not None)
        return cls(Fraction(100 * yes, of), yes, of, units) if of else None

    def units_json(self) -> dict[str, Any]:
        return {u.unit: None if u.of is None else {"yes": u.yes, "of": u.of} for u in self.units}


class Unknown(enum.Enum):
    """The value of a judgement, a key question or a whole standard that the file marks ``unknown``: one value,
    ``UNKNOWN`` (an enum's only member, so that a type checker narrows ``value is UNKNOWN``)."""

    UNKNOWN = "unknown"

    def __repr__(self) -> str:
        return "UNKNOWN"

    __str__ = __repr__


UNKNOWN: Final = Unknown.UNKNOWN


@attrs.frozen(cache_hash=True)
class Between:
    """A key question known only approximately: its percentage lies from ``low`` to ``high``, both included
    (``{between: [33, 40]}``, "just over a third of cases"). An unknown restricted to a range."""

    low: Fraction
    high: Fraction


#: A key question's (or a scored item's) value in an inspection: its result, the range it lies in, unknown, or
#: None when no case applied (an item: not scored)
QuestionValue: TypeAlias = KeyQuestionResult | Between | Unknown | None


@attrs.frozen
class Figure:
    """A percentage known for a case standard but not for its key questions: the lowest of its key questions'
    results (``aggregate == "lowest"``) or their mean (``"mean"``) lies from ``low`` to ``high`` (equal when the
    figure is exact). A constraint on the unknown key questions, decisive for the rating only when it is the
    measure the standard's case-rating method bands."""

    aggregate: str  # "lowest" | "mean"
    low: Fraction
    high: Fraction


@attrs.frozen
class Award:
    """A judged standard's rating as the inspectors awarded it, above what a decision rule would allow, with
    their reason. ``judgement`` is the inspectors' judgement before the decision rules (the award itself unless
    the file gives another, never below it)."""

    rating: Rating
    reason: str
    judgement: Rating


def is_open(value: object) -> bool:
    """Whether a key question's (or a whole standard's) value leaves something to fill in: ``unknown``, or known
    only within a range."""
    return value is UNKNOWN or type(value) is Between


@attrs.frozen
class Inspection:
    """A validated inspection: judgements and case results keyed by the rule set's ids.

    ``judgements[id]`` is a Rating (possibly Not rated) or ``UNKNOWN``. ``cases[id]`` is ``None`` when the
    whole standard is Not rated, ``UNKNOWN`` when the whole standard is unknown, else a mapping from key-question
    id to its value (a :data:`QuestionValue`: a result, a range, ``UNKNOWN``, or ``None`` for no applicable cases).
    """

    name: str | None
    judgements: Mapping[str, Rating | Unknown]
    cases: Mapping[str, Mapping[str, QuestionValue] | Unknown | None]
    fieldwork: dt.date | None = None
    file: str | None = None
    cases_inspected: int | None = None
    published: Any = None  # what a report published, if the file says (see loading/expected.py)
    dating: Dating | None = None  # its dates and how they chose the rule set; None: nothing to say
    figures: Mapping[str, Figure] = attrs.field(factory=dict)  # case standards' figures, by standard id
    awards: Mapping[str, Award] = attrs.field(factory=dict)  # judged standards' awards, by standard id
    overall_award: Award | None = None  # the inspectors' departure from the overall method, if the file gives one
    # extracted from a report (loading/sources.py): what the report did not give, or gave in doubt, one
    # "key: message" each, the `Warning:` lines of `ratings rate REPORT`; None for an inspection file
    gaps: tuple[str, ...] | None = None

    @property
    def has_unknowns(self) -> bool:
        """Whether any judgement, key question or standard is ``unknown`` (or known only within a range)."""
        if any(v is UNKNOWN for v in self.judgements.values()):
            return True
        return any(v is UNKNOWN or (v is not None and any(map(is_open, v.values())))
                   for v in self.cases.values())

    @property
    def has_pooled(self) -> bool:
        """Whether any key question is pooled from several units' counts."""
        return any(isinstance(r, PooledResult) for v in self.cases.values() if isinstance(v, Mapping)
                   for r in v.values())


# -------------------------------------------------------------------------------------------------- result


def _percent_json(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


@attrs.frozen
class TraceEntry:
    """One decision, explained: which rule, for which standard (or None), and why, in a sentence."""

    step: str  # band | not_rated | judgement | cap | score | overall
    rule: str | None
    standard: str | None
    reason: str
    confidence: str | None = None  # the least sure of the rules applied, when one is not confirmed

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "standard": self.standard, "step": self.step, "reason": self.reason,
                "confidence": self.confidence}


def trace_entry(step: str, rule: str | None, standard: str | None, reason: str,
                applied: Iterable[tuple[str, Provenance]] = ()) -> TraceEntry:
    """A decision explained, its sentence naming each rule ``applied`` (name, provenance) that is inferred or
    assumed: a reader sees at once that the step rests on a guess."""
    doubtful = doubtful_rules(applied)
    if not doubtful:
        return TraceEntry(step, rule, standard, reason)
    by_confidence: dict[str, list[str]] = {}
    for a in doubtful:
        by_confidence.setdefault(a.confidence, []).append(a.rule)
    said = " ".join(f"Rule {rules[0]} is {confidence}, not confirmed." if len(rules) == 1 else
                    f"Rules {', '.join(rules[:-1])} and {rules[-1]} are {confidence}, not confirmed."
                    for confidence, rules in by_confidence.items())
    return TraceEntry(step, rule, standard, f"{reason} {said}", least_sure(a.confidence for a in doubtful))


@attrs.frozen
class Assumption:
    """A rule a result rests on that is inferred or assumed rather than confirmed."""

    rule: str
    confidence: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "confidence": self.confidence}


def doubtful_rules(applied: Iterable[tuple[str, Provenance]]) -> tuple[Assumption, ...]:
    """The rules among ``applied`` (rule id, provenance) that are not confirmed, each once with its least
    sure confidence (a rule and the score table it used share the rule's id)."""
    found: dict[str, list[str]] = {}
    for rule, provenance in applied:
        if not provenance.confirmed:
            found.setdefault(rule, []).append(provenance.confidence)
    return tuple(Assumption(rule, least_sure(c)) for rule, c in found.items())


@attrs.frozen
class AwardResult:
    """An award as rated: the rating the inspectors awarded and their reason, with the decision rule that would
    have limited the standard below it and that limit (both None when no rule limits it below the award: the
    award is then simply the inspectors' judgement). The award is the standard's rating, and the score and the
    overall rating use it."""

    rating: Rating
    reason: str
    limit: Rating | None = None
    limited_by: str | None = None
    limit_open: bool = False  # with unknowns: whether a rule would limit it below the award depends on them

    @property
    def above_limit(self) -> bool:
        return self.limited_by is not None

    def to_dict(self) -> dict[str, Any]:
        return {"rating": str(self.rating), "reason": self.reason, "limited_by": self.limited_by,
                "limit": None if self.limit is None else str(self.limit), "limit_open": self.limit_open}


@attrs.define
class StandardResult:
    """A standard's rating in one inspection, with what it was derived from (a plain value: not meant to be
    changed, and changing it changes nothing else)."""

    standard: Standard
    rating: Rating | None  # None: unknowns leave it open (see Result.possible)
    counted: bool | None  # counted in the score: the standard counts and is rated (None: unknowns decide)
    judgement: Rating | None = None  # judged standards: the inspectors' judgement before decision rules
    capped_by: str | None = None  # the decision rule that lowered the rating (None when none did)
    lowest: str | None = None  # case standards rated by their lowest key question: that key question
    results: Mapping[str, QuestionValue] | None = None
    unlimited: Rating | None = None  # the rating before decision rules (the judgement, band or derivation)
    detail: Any = attrs.field(default=None, eq=False, repr=False)  # case standards: how the band was reached
    award: "AwardResult | None" = None  # judged standards the inspectors awarded a rating: the award
    figure: Figure | None = None  # case standards given a figure of their own (with unknown key questions)

    @property
    def id(self) -> str:
        return self.standard.id

    @property
    def name(self) -> str:
        return self.standard.name

    @property
    def points(self) -> int | None:
        return None if self.rating is None else self.rating.points

    @property
    def margin(self) -> Any:
        """How many cases (and points) from a lower or higher band, as the case-rating method counts them."""
        if not self.standard.measured or self.results is None or self.rating is None:
            return None
        found = self.standard.case_rating.margin(self.standard, self.results, self.rating)
        if found is not None and self.capped_by is not None:  # a decision rule holds it down: more cases
            found = attrs.evolve(found, up=None, up_points=None)  # cannot raise it, fewer can lower it
        return found

    @property
    def percentages(self) -> dict[str, Fraction | Between | Unknown | None] | None:
        """Each key question's percentage; a key question known only in a range, or unknown, as it is given."""
        if self.results is None:
            return None
        return {q: (r.percent if isinstance(r, KeyQuestionResult) else r) for q, r in self.results.items()}

    def _scored_json(self, out: dict[str, Any]) -> dict[str, Any]:
        """A scored standard's JSON: its items' scores ("unknown", or null when not scored), the method's own
        fields (total, maximum, percent), and its margin in points of the score."""
        results = self.results
        out["scores"] = None if results is None else {
            q: (r.score if isinstance(r, ItemScore) else "unknown" if r is UNKNOWN else None)
            for q, r in results.items()}
        self.standard.case_rating.add_json(out, self.detail, results)
        found = self.margin
        if found is not None:
            out["margin_points"] = {"down": found.down_points, "up": found.up_points}
            out["near_edge"] = found.near_edge
        out["capped_by"] = self.capped_by
        return out

    def to_dict(self) -> dict[str, Any]:
        rating = self.rating
        out: dict[str, Any] = {"name": self.standard.name, "rating": None if rating is None else str(rating),
                               "points": None if rating is None else rating.points, "counted": self.counted}
        kind = self.standard.kind
        if self.standard.scale is not None:  # on another scale (``scales:``): only then, so HMIP's JSON is as it was
            out["scale"] = self.standard.scale
        if kind == "judged":
            out["judgement"] = None if self.judgement is None else str(self.judgement)
            out["capped_by"] = self.capped_by
            if self.award is not None:
                out["awarded"] = self.award.to_dict()
            return out
        if kind == "derived":
            out["from"] = list(self.standard.derived.inputs)
            out["capped_by"] = self.capped_by
            return out
        if kind == "scored":
            return self._scored_json(out)
        if self.results is not None:
            if self.lowest is not None:
                low = self.results[self.lowest]
                assert isinstance(low, KeyQuestionResult)  # lowest is left None while unknowns leave it open
                out["lowest"] = {"question": self.lowest, "percent": float(low.percent)}
                if low.yes is not None:
                    out["lowest"].update(yes=low.yes, of=low.of)
            else:
                out["lowest"] = None
            out["percentages"] = {q: (_percent_json(r.percent) if isinstance(r, KeyQuestionResult) else None)
                                  for q, r in self.results.items()}
            ranges = {q: [float(r.low), float(r.high)] for q, r in self.results.items() if type(r) is Between}
            if ranges:
                out["between"] = ranges
            if self.figure is not None:
                f = self.figure
                out["figure"] = {f.aggregate: float(f.low) if f.low == f.high else
                                 {"between": [float(f.low), float(f.high)]}}
            counts = {q: {"yes": r.yes, "of": r.of} for q, r in self.results.items()
                      if isinstance(r, KeyQuestionResult) and r.yes is not None}
            if counts:
                out["counts"] = counts
            units = {q: r.units_json() for q, r in self.results.items() if isinstance(r, PooledResult)}
            if units:
                out["units"] = units
            self.standard.case_rating.add_json(out, self.detail)
            found = self.margin
            if found is not None:
                out["margin"] = {"down": found.down, "up": found.up}
                out["margin_points"] = {"down": _percent_json(found.down_points), "up": _percent_json(found.up_points)}
                out["near_edge"] = found.near_edge
        else:
            out["lowest"] = None
            out["percentages"] = None
        out["capped_by"] = self.capped_by
        return out


@attrs.define(repr=False)
class Result:
    """The rating of one inspection under one rule set (a plain value: not meant to be changed, and changing
    it changes nothing else; the rule set and the inspection it came from are frozen)."""

    name: str | None
    rules: RuleSet = attrs.field(repr=lambda r: r.id)
    standards: Mapping[str, StandardResult]
    score: int | None  # None: unknowns leave it open, or the rule set has no score (score: none)
    max_score: int | None
    overall: Rating | None  # None: unknowns leave it open, or the rule set has none (overall: none)
    trace: Sequence[TraceEntry] = ()  # a tuple, or the engine's Trace (its sentences written when first read)
    information: Mapping[str, Mapping[str, QuestionValue]] = attrs.field(factory=dict)
    possible: Any = None  # with unknowns in the inspection: what remains possible (analyses/possible.py)
    overall_limited_by: str | None = None  # the decision rule that lowered the overall rating
    unlimited_overall: Rating | None = None  # the overall rating from the score, before decision rules
    dating: Dating | None = None  # the inspection's dates and how they chose the rule set
    overall_by: str | None = None  # an overall method's rule that gave the overall rating (first_match)
    overall_award: AwardResult | None = None  # the inspectors' departure from the overall method, if any
    standards_by: Mapping[str, str | None] = attrs.field(factory=dict)  # derived standards by rules: the rule
    gaps: tuple[str, ...] | None = None  # rated from a report: its extraction's gaps (Inspection.gaps); else None

    def __repr__(self) -> str:  # short: what it came to, not every sentence of its trace
        overall = "no overall rating" if self.rules.overall is None else \
            f"overall {self.overall}" if self.overall is not None else "overall open (unknowns)"
        score = "" if self.score is None else f", score {self.score}/{self.max_score}"
        return f"<Result {self.name!r} under {self.rules.id}: {overall}{score}>"

    @property
    def rule_set_id(self) -> str:
        return self.rules.id

    @property
    def assumptions(self) -> tuple[Assumption, ...]:
        """The rules this result rests on that are inferred or assumed (each once, the least sure
        confidence), so that a reader sees whether a rating depends on a guess."""
        rated = [sid for sid, s in self.standards.items() if s.rating is not None and s.rating.rated]
        if self.possible is None:
            return doubtful_rules(self.rules.rules_applied(rated, self.max_score))
        # with unknowns: every rule some filling-in of them rests on (a standard rated in any of them, each
        # maximum score any of them gives)
        rated += [sid for sid, options in self.possible.standards.items()
                  if sid not in rated and any(r.rated for r in options)]
        return doubtful_rules([a for m in (self.possible.maxima or (self.max_score,))
                               for a in self.rules.rules_applied(rated, m)])

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape documented in the interface (rule-set order throughout)."""
        out: dict[str, Any] = {
            "name": self.name,
            "rules": self.rules.id,
            "standards": {sid: {**s.to_dict(), **({"by": self.standards_by[sid]} if sid in self.standards_by else {})}
                          for sid, s in self.standards.items()},
            "score": self.score,
            "max_score": self.max_score,
            "overall": None if self.overall is None else str(self.overall),
            "overall_limited_by": self.overall_limited_by,
            **({"overall_by": self.overall_by} if self.rules.overall is not None
               and self.rules.overall.names_its_rule else {}),  # only where the method names one
            **({"overall_scale": self.rules.scale_of("overall")} if self.rules.scale_of("overall") else {}),  # the overall on another scale (a category of concern)
            **({"overall_award": self.overall_award.to_dict()} if self.overall_award is not None else {}),
            "assumptions": [a.to_dict() for a in self.assumptions],
            "trace": [t.to_dict() for t in self.trace],
        }
        if self.possible is not None:
            p = self.possible
            out["possible"] = {  # null for what the rule set does without
                "overall": [str(r) for r in p.overall] if self.rules.overall is not None else None,
                "score": {"min": p.score[0], "max": p.score[1]} if p.score is not None else None,
                "standards": {sid: [str(r) for r in options] for sid, options in p.standards.items()
                              if len(options) > 1},
            }
            if p.max_score is not None and p.max_score[0] != p.max_score[1]:
                out["possible"]["max_score"] = {"min": p.max_score[0], "max": p.max_score[1]}
        if self.information:
            out["information"] = {
                sid: {"name": self.rules.standards[sid].name,
                      "percentages": {q: _percent_json(r.percent if isinstance(r, KeyQuestionResult) else None)
                                      for q, r in res.items()}}
                for sid, res in self.information.items()}
        if self.dating is not None:
            out["dates"] = self.dating.to_dict()
        if self.gaps is not None:  # only a report's result: an inspection file's JSON is as it always was
            out["gaps"] = list(self.gaps)
        return out
