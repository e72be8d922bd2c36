"""Conditions of decision rules: what they share, and reading one (whichever kind its keys name).

Each kind of condition is one class in its own module (``condition_at_or_below.py``,
``condition_at_or_above.py``, ``condition_any_all.py``), registered in ``kinds/__init__.py`` under the key
that introduces it. A condition reads the final ranks of the standards it names (the plan orders the rules
so that they are final) and must hold *less* as any rating rises, so that a rule never lowers a result when
a rating rises: the kinds refuse any form that would not, except where the reader allows a *rising* one
(``ctx.rising_allowed``: the rules of an overall method that raise a result when they hold).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Container, Generic, Iterable, Mapping, TypeVar

import attrs

from ..model.errors import RatingsError
from ..model.objects import Rating, RuleSet, Standard
from ..reading.reader import clip, join, one_of, suggestion
from ..reading.yaml_file import Node
from .base import Code, Ranks, State, var


@attrs.frozen
class Tally:
    """How many of ``slots`` are rated from ``low`` to ``high`` (None: no upper end): a number a counting
    condition reads. The analyses' search by counts keeps such numbers in place of every combination."""

    slots: tuple[int, ...]
    low: int
    high: int | None = None


@attrs.frozen
class Condition:
    """A condition on the ranks of ``slots`` (the standards ``standards``). Its meaning is written once, as
    ``expr``: the fast path inlines it, and ``holds`` is the same expression compiled on first use."""

    _compiled: dict[str, Callable[[Ranks], bool]] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    keyword = ""

    @property
    def rising(self) -> bool:
        """Whether the condition holds *more* as ratings rise (``at_or_above`` with ``at_least_count``): allowed
        only where a rule raises a result when it holds (an overall method's rules), never in a decision rule.
        Every other condition holds less as ratings rise."""
        return False

    @property
    def reads(self) -> tuple[str, ...]:
        """Every standard the condition reads (nested conditions included), in order, once."""
        raise NotImplementedError

    @property
    def read_slots(self) -> tuple[int, ...]:
        """The slots of those standards, in the same order."""
        raise NotImplementedError

    def holds(self, ranks: Ranks) -> bool:
        """Whether the condition holds, given the ranks by slot (a list, or a mapping from slot to rank)."""
        test = self._compiled.get("holds")
        if test is None:
            test = self._compiled["holds"] = self._compile()
        return test(ranks)

    def _compile(self) -> Callable[[Ranks], bool]:
        code = Code()
        fetch = "".join(f"    {var(s)} = R[{s}]\n" for s in self.read_slots)
        source = f"def holds(R):\n{fetch}    return bool({self.expr(code)})"
        holds: Callable[[Ranks], bool] = code.function(source, "holds")  # its source returns a bool
        return holds

    def test(self, ratings: Mapping[str, Rating]) -> tuple[bool]:
        """Whether it holds given ratings by standard id (a 1-tuple, as version 0.3's callers unpack it)."""
        return (self.holds({slot: ratings[sid].rank for sid, slot in zip(self.reads, self.read_slots)}),)

    def tallies(self) -> tuple[Tally, ...] | None:
        """The counts the condition's truth depends on, wholly (equal counts, equal truth), for the analyses'
        search by counts; None when it reads the ranks in some other way (the analyses then enumerate)."""
        return None

    def expr(self, code: Code) -> str:
        """The condition as a Python expression over the rank variables."""
        raise NotImplementedError

    def evidence(self, rules: RuleSet, ranks: Ranks, applies: bool) -> str:
        """What the ratings show, for the sentence of the rule that tested it."""
        raise NotImplementedError

    def words(self, rules: RuleSet) -> str:
        """The condition in words, for the rule card ('Implementation and delivery is Inadequate or lower')."""
        raise NotImplementedError


def read_condition(ctx: Any, node: Node, path: str) -> Condition | None:
    """A condition of whichever kind its keys name."""
    from . import CONDITIONS

    r = ctx.r
    if node.kind != "map":
        r.problem(f"expected a condition (a mapping with one of {one_of(CONDITIONS)})", node, path)
        return None
    named = [k for k in CONDITIONS if k in node.value]
    if len(named) != 1:
        guesses = [suggestion(k, list(CONDITIONS)) for k in node.value if k not in CONDITIONS] if not named else []
        near = next((g for g in guesses if g), None)
        r.problem(f"say what the condition tests with exactly one of {one_of(CONDITIONS)}"
                  + (f" (did you mean '{near}'?)" if near else ""), node, path)
        return None
    return CONDITIONS[named[0]].read(ctx, node, path)


def read_group(ctx: Any, f: dict[str, Node], node: Node, path: str) -> tuple[tuple[str, ...], str | None, bool] | None:
    """The standards a condition looks at: ``standard`` (one), ``standards`` (a list) or ``domain`` (its rated
    standards). Returns ``(ids, how a report names the group, single)``."""
    r = ctx.r
    chosen = [k for k in ("standard", "standards", "domain") if k in f]
    if len(chosen) != 1:
        r.problem("say which standards the rule looks at with exactly one of 'standard', 'standards' "
                  "(a list) or 'domain'", node, path)
        return None
    how = chosen[0]
    if how == "standard":
        sid = ctx.standard_ref(f["standard"], join(path, "standard"))
        return ((sid,), None, True) if sid else None
    if how == "standards":
        seq = r.sequence(f["standards"], join(path, "standards"))
        refs = [ctx.standard_ref(n, join(join(path, "standards"), j)) for j, n in enumerate(seq or [])]
        if not seq or None in refs:
            return None
        if len(set(refs)) != len(refs):
            r.problem("a standard is listed twice", f["standards"], join(path, "standards"))
            return None
        scales = {ctx.scale_of(s) for s in refs}
        if len(scales) > 1:
            r.problem("the standards of a group are rated on one scale; these are on "
                      + " and ".join(sorted(s or "the rule set's scale" for s in scales)), f["standards"],
                      join(path, "standards"))
            return None
        return tuple(refs), None, False
    did = r.text(f["domain"], join(path, "domain"))
    domain = next((d for d in ctx.domain_list if d.id == did), None)
    if did is not None and domain is None:
        near = None if r.problems.full else suggestion(did, [d.id for d in ctx.domain_list])
        r.problem(f"no domain '{clip(did)}' in this rule set" + (f"; did you mean '{near}'?" if near else
                  f"; the domains are {one_of(d.id for d in ctx.domain_list)}"), f["domain"], join(path, "domain"))
        return None
    if domain is None:
        return None
    # a domain's standards on another scale are read only by name: never among its counts and shares
    ids = tuple(s for s in domain.standards if ctx.standards[s].kind != "information" and ctx.scale_of(s) is None)
    return ids, domain.label, False


def read_rating(ctx: Any, f: dict[str, Node], key: str, path: str, ids: tuple[str, ...] | None) -> Any:
    """The rating a condition compares with (under ``key``), on the scale of the standards it reads."""
    if ids is None:
        return None
    return ctx.rating(f[key], join(path, key), scale=ctx.scale_of(ids[0]) if ids else None)


def group_words(rules: RuleSet, group: str | None, standards: tuple[str, ...]) -> str:
    return group or ", ".join(rules.standards[s].name for s in standards)


def rated_among(rules: RuleSet, group: str | None, standards: tuple[str, ...]) -> str:
    from ..model.words import names

    return f"rated standards of {group}" if group else f"rated standards among {names(rules, standards)}"


# ------------------------------------------------------------------------- conditions on a standard's parts


#: what a part condition compares the parts with: a percentage (key questions) or a score (items)
L = TypeVar("L", Fraction, int)


class GroupCondition(Condition):
    """A condition on the ratings of a group of standards (``standards``, at ``slots``): what it reads."""

    standards: tuple[str, ...]
    slots: tuple[int, ...]

    @property
    def reads(self) -> tuple[str, ...]:
        return self.standards

    @property
    def read_slots(self) -> tuple[int, ...]:
        return self.slots


@attrs.frozen
class PartCondition(Condition, Generic[L]):
    """A condition on one standard's parts as the inspection gives them (a key question below a percentage,
    an item scored at or below a score), not on its rating, so a rule limiting that standard may use it.

    What the parts show is a *fact* of the inspection, worked out with the inputs (``FactStep``) into a slot
    of its own after the overall's: 0 when the parts show it, 1 when not (so a higher value is the better
    one, as for ratings). The rest of the engine reads the slot as it reads a rank. The analyses that move
    ratings cannot move a fact with the parts behind it: they ask ``varying_facts`` and refuse."""

    standard: str
    slot: int  # the fact's slot
    limit: L  # the percentage or score compared with
    inclusive: bool  # at or below (True), or below (False)

    keyword = ""
    part = "part"  # what the standard's parts are called
    article = "a"  # 'a key question', 'an item'

    @property
    def reads(self) -> tuple[str, ...]:
        return ()  # no rating: the plan orders nothing by it

    @property
    def read_slots(self) -> tuple[int, ...]:
        return (self.slot,)

    def shows(self, given: Mapping[str, object] | None) -> bool:
        """Whether the parts given (a mapping of part to value, or None for a standard Not rated) show it."""
        raise NotImplementedError

    def under(self, value: L) -> bool:
        """Whether a part's value is at or below the limit (``inclusive``), or below it."""
        return value <= self.limit if self.inclusive else value < self.limit

    def shows_raw(self, raw: Any) -> bool:
        """The same from the raw values the fast path accepted (a mapping of part to value), raising Slow for
        a value of another shape."""
        raise NotImplementedError

    def value_words(self) -> str:
        raise NotImplementedError

    def expr(self, code: Code) -> str:
        return f"({var(self.slot)} == 0)"

    def evidence(self, rules: RuleSet, ranks: Ranks, applies: bool) -> str:
        label = rules.standards[self.standard].label
        if ranks[self.slot] == 0:
            return f"{label} has {self.article} {self.part} {self.value_words()}"
        return f"no {self.part} of {label} is {self.value_words()}"

    def words(self, rules: RuleSet) -> str:
        return f"{self.article} {self.part} of {rules.standards[self.standard].name} is {self.value_words()}"


P = TypeVar("P", bound=PartCondition[Any])


def read_part_condition(ctx: Any, node: Node, path: str, cls: type[P], kind: str,
                        read_limit: Callable[[Any, Standard, Node, str], Fraction | int | None]) -> P | None:
    """``{standard: S, KEYWORD: {below: X} | {at_or_below: X}}`` for a standard of ``kind``."""
    r = ctx.r
    f = r.mapping(node, path, required=("standard", cls.keyword))
    if f is None or "standard" not in f or cls.keyword not in f:
        return None
    sid = ctx.standard_ref(f["standard"], join(path, "standard"))
    p = join(path, cls.keyword)
    g = r.mapping(f[cls.keyword], p, optional=("below", "at_or_below"), what="{below: X} or {at_or_below: X}")
    if sid is None or g is None:
        return None
    standard = ctx.standards[sid]
    if standard.kind != kind:
        r.problem(f"'{cls.keyword}' reads the {cls.part}s of a {kind} standard; {sid} is {standard.kind}",
                  f["standard"], join(path, "standard"))
        return None
    keys = [k for k in ("below", "at_or_below") if k in g]
    if len(keys) != 1:
        r.problem("say the limit with exactly one of 'below' or 'at_or_below'", f[cls.keyword], p)
        return None
    limit = read_limit(ctx, standard, g[keys[0]], join(p, keys[0]))
    if limit is None:
        return None
    return cls(sid, ctx.fact_slot(), limit, keys[0] == "at_or_below")


@attrs.frozen
class FactStep:
    """Work out a part condition's fact from the inspection's parts of its standard (an input step)."""

    condition: PartCondition[Fraction] | PartCondition[int]
    section_var: str  # the fast path's variable for the inspection's section giving the standard's parts

    def apply(self, state: State, tracer: Any) -> None:
        shown = self.condition.shows(state.inspection.cases.get(self.condition.standard))
        state.ranks[self.condition.slot] = state.unlimited[self.condition.slot] = 0 if shown else 1

    def emit(self, code: Code) -> None:
        """From the raw parts (a standard 'not rated' shows nothing; its shape was checked by its own step)."""
        shows = code.const(self.condition.shows_raw, "PS")
        a = code.fresh("parts")
        code.line(f"{a} = {self.section_var}[{self.condition.standard!r}]")
        code.line(f"{var(self.condition.slot)} = 0 if type({a}) is dict and {shows}({a}) else 1")

    emit_traced = emit  # it reports nothing: the sentence of the rule reading it says what the parts show


def part_conditions(rules: RuleSet) -> list[tuple[str, PartCondition[Fraction] | PartCondition[int]]]:
    """Every part condition of the rule set with the id of the rule holding it (a decision rule, or a rule of
    the overall method): found by walking the rules' fields, whatever their kind."""
    found: list[tuple[str, PartCondition[Fraction] | PartCondition[int]]] = []

    def walk(value: Any, rule: str) -> None:
        if isinstance(value, PartCondition):
            found.append((rule, value))
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item, rule)
        elif attrs.has(type(value)):
            own = getattr(value, "id", None)
            for field in attrs.fields(type(value)):
                if not field.name.startswith("_"):
                    walk(getattr(value, field.name), own if isinstance(own, str) and own else rule)

    for rule in (*rules.decision_rules, rules.overall):
        if rule is not None:
            walk(rule, rule.id)
    return found


def fact_ranks(facts: Iterable[PartCondition[Fraction] | PartCondition[int]], inspection: Any) -> dict[int, int]:
    """Each part condition's fact (0: the parts show it, 1: they do not) for an inspection, by slot."""
    return {c.slot: 0 if c.shows(inspection.cases.get(c.standard)) else 1 for c in facts}


def varying_facts(rules: RuleSet, moved: Container[str], analysis: str) -> None:
    """Refuse, in one line naming the rule, when a part condition reads a standard the analysis moves
    (``moved``: ids) by its rating alone: the fact behind it would move too, unseen."""
    for rule, condition in part_conditions(rules):
        if condition.standard in moved:
            label = rules.standards[condition.standard].label
            raise RatingsError(f"{analysis} cannot weigh rule {rule}: it reads the {condition.part}s of {label} "
                               f"({condition.words(rules)}), not its rating, and {analysis} moves ratings only")
