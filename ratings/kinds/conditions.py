"""Conditions of decision rules: what they share, and reading one (whichever kind its keys name).

Each kind of condition is one class in its own module (``condition_at_or_below.py``,
``condition_at_or_above.py``, ``condition_any_all.py``), registered in ``kinds/__init__.py`` under the key
that introduces it. A condition reads the final ranks of the standards it names (the plan orders the rules
so that they are final) and must hold *less* as any rating rises, so that a rule never lowers a result when
a rating rises: the kinds refuse any form that would not, except where the reader allows a *rising* one
(``ctx.rising_allowed``: the rules of an overall method that raise a result when they hold).
"""

from __future__ import annotations

from typing import Any

import attrs

from ..reading.reader import clip, join, one_of, suggestion
from ..reading.yaml_file import Node
from .base import Code, var


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

    _compiled: dict[str, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False)

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
        return self.standards  # type: ignore[attr-defined]

    @property
    def read_slots(self) -> tuple[int, ...]:
        """The slots of those standards, in the same order."""
        return self.slots  # type: ignore[attr-defined]

    def holds(self, ranks: Any) -> bool:
        """Whether the condition holds, given the ranks by slot (a list, or a mapping from slot to rank)."""
        test = self._compiled.get("holds")
        if test is None:
            test = self._compiled["holds"] = self._compile()
        return test(ranks)

    def _compile(self) -> Any:
        code = Code()
        fetch = "".join(f"    {var(s)} = R[{s}]\n" for s in self.read_slots)
        return code.function(f"def holds(R):\n{fetch}    return bool({self.expr(code)})", "holds")

    def test(self, ratings: Any) -> tuple[bool]:
        """Whether it holds given ratings by standard id (a 1-tuple, as version 0.3's callers unpack it)."""
        return (self.holds({slot: ratings[sid].rank for sid, slot in zip(self.reads, self.read_slots)}),)

    def tallies(self) -> tuple[Tally, ...] | None:
        """The counts the condition's truth depends on, wholly (equal counts, equal truth), for the analyses'
        search by counts; None when it reads the ranks in some other way (the analyses then enumerate)."""
        return None

    def expr(self, code: Code) -> str:
        """The condition as a Python expression over the rank variables."""
        raise NotImplementedError

    def evidence(self, rules: Any, ranks: Any, applies: bool) -> str:
        """What the ratings show, for the sentence of the rule that tested it."""
        raise NotImplementedError

    def words(self, rules: Any) -> str:
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


def group_words(rules: Any, group: str | None, standards: tuple[str, ...]) -> str:
    return group or ", ".join(rules.standards[s].name for s in standards)


def rated_among(rules: Any, group: str | None, standards: tuple[str, ...]) -> str:
    from ..model.words import names

    return f"rated standards of {group}" if group else f"rated standards among {names(rules, standards)}"
