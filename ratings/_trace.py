"""Recording why: the evaluator reports every decision to a recorder.

:class:`Recorder` is the null object (it records nothing, so rating without a trace costs nothing extra);
:class:`TraceRecorder` writes each decision as a :class:`TraceEntry` with a sentence a report could print.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable

from ._model import (Band, DecisionRule, KeyQuestionResult, Rating, RuleSet, ScoreTable,
                     TraceEntry)
from ._rules import band_text, fmt


def percent_text(result: KeyQuestionResult) -> str:
    """``32%``, or ``11 of 34 (32.4%)`` when counts were given."""
    pct = f"{approx(result.percent)}%"
    return f"{result.yes} of {result.of} ({pct})" if result.yes is not None else pct


def cases_text(result: KeyQuestionResult) -> str:
    """``32% of cases``, or ``11 of 34 cases (32.4%)`` when counts were given."""
    if result.yes is None and result.percent.denominator == 1:
        return f"{result.percent.numerator}% of cases"
    pct = f"{approx(result.percent)}%"
    return f"{result.yes} of {result.of} cases ({pct})" if result.yes is not None else f"{pct} of cases"


def approx(value: Fraction) -> str:
    """A number for reading: exact when short (32, 62.5, 0.875), else to one decimal place (32.4)."""
    exact = fmt(value)
    if "/" not in exact and len(exact) <= 6:
        return exact
    return f"{float(value):.1f}"


def names(rules: RuleSet, ids: Iterable[str]) -> str:
    items = [rules.standards[i].label for i in ids]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_SHARES = {(1, 2): "half", (1, 3): "a third", (2, 3): "two thirds", (1, 4): "a quarter",
           (3, 4): "three quarters", (1, 1): "all"}


def share_text(share: Fraction) -> str:
    return _SHARES.get((share.numerator, share.denominator)) or fmt(share)


class Recorder:
    """The null recorder: the evaluator gives it every evaluation; it keeps nothing."""

    def record(self, ev: Any) -> None:
        pass

    def entries(self) -> tuple[TraceEntry, ...]:
        return ()


NULL_RECORDER = Recorder()


class TraceRecorder(Recorder):
    """Keeps every decision as a :class:`TraceEntry` with a one-sentence reason."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self._entries: list[TraceEntry] = []

    def entries(self) -> tuple[TraceEntry, ...]:
        return tuple(self._entries)

    def record(self, ev: Any) -> None:
        """Explain an evaluation: each case standard's band, each decision rule considered (in the order the
        core applied them), each judgement no rule touched, the score and the overall rating.

        A sentence depends only on the few values it quotes, so sentences are kept with the rule set's core,
        keyed by those values, and built once: rating thousands of variants repeats most of them. Entries are
        frozen, so results share them. (The score's key is the tuple of final ranks alone, a cap's starts with
        its log entry: no other key has those shapes.)
        """
        rules = self.rules
        core = rules.core
        said = core.sentences
        if len(said) > 100_000:
            said.clear()
        add = self._entries.append
        for sid in core.case_ids:
            d = ev.detail(sid)
            entry = d.entry
            if entry is None:
                if d.band is None:
                    entry = TraceEntry(*self.not_rated(rules.standards[sid], d.no_cases))
                else:  # the sentence quotes only the lowest result, its band and the others left out or tied
                    r = d.result
                    key = ("band", sid, d.lowest, r.percent.numerator, r.percent.denominator, r.yes, r.of,
                           d.band.rating.rank, d.left_out, d.tied)
                    entry = said.get(key)
                    if entry is None:
                        entry = said[key] = TraceEntry(*self.band(rules.standards[sid], d.lowest, r, d.band,
                                                                  d.left_out, d.tied))
                d.entry = entry
            add(entry)
        log = ev.log
        ranks = ev.ranks
        k = 0
        for sid, own in core.judged_plan:
            judgement = ev.judgement(sid)
            for number, inputs in own:
                logged = log[k]
                k += 1
                key = (logged, judgement.rank, inputs(ranks))
                entry = said.get(key)
                if entry is None:
                    _, applies, before, after = logged
                    entry = said[key] = TraceEntry(*self.cap(core.rules[number], judgement, core.rating_of[before],
                                                             core.rating_of[after], applies, ev.ratings()))
                add(entry)
            if not own:
                key = ("judgement", sid, judgement.rank)
                entry = said.get(key)
                if entry is None:
                    entry = said[key] = TraceEntry(*self.judgement(rules.standards[sid], judgement))
                add(entry)
        key = tuple(ranks)
        entry = said.get(key)
        if entry is None:
            counted = tuple((sid, core.points[ranks[i]]) for i, sid in enumerate(core.ids)
                            if core.counted[i] and ranks[i] >= 0)
            left_out = tuple(sid for i, sid in enumerate(core.ids) if not (core.counted[i] and ranks[i] >= 0))
            entry = said[key] = TraceEntry(*self.score(ev.score, core.top_points * ev.n, counted, left_out))
        add(entry)
        key = ("overall", ev.score, ev.n)
        entry = said.get(key)
        if entry is None:
            how = core.how[ev.n][ev.score] if ev.n else None
            entry = said[key] = TraceEntry(*self.overall(ev.score, core.top_points * ev.n, ev.n,
                                                         core.rating_of[ev.overall_rank], how))
        add(entry)

    def band(self, standard, question, result, band, left_out, tied):
        """The sentence is a frame (kept with the rule set's core: there are few) around the quoted result."""
        said = self.rules.core.sentences
        key = ("frame", standard.id, question, id(band), left_out, tied)
        frame = said.get(key)
        if frame is None:
            frame = said[key] = self.band_frame(standard, question, band, left_out, tied)
        return ("band", standard.bands.id, standard.id, frame[0] + cases_text(result) + frame[1])

    def band_frame(self, standard, question, band, left_out, tied):
        q = next(k for k in standard.key_questions if k.id == question)
        words = f" ('{band.words}')" if band.words else ""
        extra = ""
        if tied:
            extra += f" ({' and '.join(tied)} {'is' if len(tied) == 1 else 'are'} equally low)"
        if left_out:
            extra += (f"; {' and '.join(left_out)} had no applicable cases and "
                      f"{'is' if len(left_out) == 1 else 'are'} left out")
        return (f"{standard.label} is {band.rating}: its lowest key question, {question} (\"{q.text}\"), "
                f"was judged 'Yes' in ",
                f", in the band {band_text(standard.bands, band)}{words}{extra}.")

    def not_rated(self, standard, no_cases):
        why = ("none of its key questions had applicable cases" if no_cases
               else "the inspection did not rate it")
        rule = self.rules.case_rating.id if no_cases else None
        return ("not_rated", rule, standard.id,
                  f"{standard.label} is {self.rules.not_rated}: {why}, so it is neither scored nor counted.")

    def judgement(self, standard, judgement):
        if not judgement.rated:
            text = f"{standard.label} is {judgement}: the inspection did not rate it."
        else:
            text = f"{standard.label} is {judgement}, the inspectors' judgement; no decision rule limits it."
        return ("judgement", None, standard.id, text)

    def _evidence(self, rule: DecisionRule, matched: tuple[str, ...], rated: tuple[str, ...],
                  ratings: dict[str, Rating], applies: bool) -> str:
        cond = rule.when
        below = cond.at_or_below
        if cond.single:
            sid = cond.standards[0]
            other = self.rules.standards[sid].label
            if matched:
                return f"{other} is {ratings[sid]}, at or below {below}"
            if not rated:
                return f"{other} is {ratings[sid]}"
            return f"{other} is {ratings[sid]}, above {below}"
        group = f"rated standards of {cond.group}" if cond.group else \
            f"rated standards among {names(self.rules, cond.standards)}"
        need = []
        if cond.at_least_share is not None:
            need.append(f"at least {share_text(cond.at_least_share)}")
        if cond.at_least_count is not None:
            need.append(f"at least {cond.at_least_count}")
        which = f" ({names(self.rules, matched)})" if matched else ""
        verb = "is" if len(matched) == 1 else "are"
        if not rated:
            return f"none of the {group} is rated"
        tail = f"{' and '.join(need)}, as the rule requires" if applies else \
            f"but the rule requires {' and '.join(need)}"
        return f"{len(matched)} of the {len(rated)} {group} {verb} at or below {below}{which}, {tail}"

    def cap(self, rule, judgement, before, after, applies, ratings):
        standard = self.rules.standards[rule.standard]
        _, matched, rated = rule.when.test(ratings)
        evidence = self._evidence(rule, matched, rated, ratings, applies)
        if not judgement.rated:
            text = (f"{standard.label} is {judgement}: the inspection did not rate it, so decision rule "
                    f"{rule.id} does not apply.")
        elif not applies:
            text = (f"Decision rule {rule.id} does not apply to {standard.label}: {evidence}; "
                    f"{standard.label} stays {after}.")
        elif after is not before:
            text = (f"{standard.label} is limited to {after} by decision rule {rule.id}, which rules out a rating "
                    f"above {rule.at_most}: {evidence}. The inspectors' judgement was {judgement}.")
        else:
            text = (f"Decision rule {rule.id} applies to {standard.label} ({evidence}) and allows at most "
                    f"{rule.at_most}; {standard.label} is already {before}, so it stays {after}.")
        return ("cap", rule.id, standard.id, text)

    def score(self, score, max_score, counted, left_out):
        rules = self.rules
        if counted:
            said = rules.core.sentences
            parts = " + ".join(said.get(("part", s, p)) or said.setdefault(("part", s, p),
                                                                           f"{p} ({rules.standards[s].label})")
                               for s, p in counted)
            text = (f"Score {score}/{max_score}: {parts} = {score}, from {len(counted)} rated standards at up to "
                    f"{rules.top_points} points each")
        else:
            text = f"Score {score}/{max_score}: no counted standard was rated"
        if left_out:
            text += f"; {names(rules, left_out)} {'is' if len(left_out) == 1 else 'are'} not counted"
        return ("score", rules.score.id, None, text + ".")

    def overall(self, score, max_score, n, rating, how):
        rules = self.rules
        if how is None:
            text = f"Overall {rating}: no counted standard was rated."
        elif isinstance(how, ScoreTable):
            low, high = score_range(rules, n, rating)
            text = (f"Overall {rating}: in the published score table for a maximum of {max_score}, scores "
                    f"{low}-{high} are {rating}, and the score is {score}/{max_score}.")
        else:
            band = how
            mean = Fraction(score, n)
            lo, hi = score_range(rules, n, rating)
            text = (f"Overall {rating}: {score}/{max_score} is a mean of {approx(mean)} points per rated standard, "
                    f"{bounds_text(band)} points; out of {max_score}, scores {lo}-{hi} are {rating}.")
        return ("overall", rules.overall.id, None, text)


def bounds_text(band: Band) -> str:
    """A band's two bounds in words: 'above 0.5 and at most 1.5'."""
    low = f"{'at least' if band.low_inclusive else 'above'} {fmt(band.low)}"
    high = f"{'at most' if band.high_inclusive else 'below'} {fmt(band.high)}"
    return f"{low} and {high}"


def score_range(rules: RuleSet, n: int, rating: Rating) -> tuple[int, int]:
    """The scores out of ``n`` rated standards that give the overall ``rating``."""
    row = rules.core.overall[n]
    scores = [s for s, rank in enumerate(row) if rank == rating.rank]
    return (scores[0], scores[-1]) if scores else (-1, -1)


def score_table(rules: RuleSet, n: int) -> list[tuple[Rating, int, int]]:
    """For ``n`` rated standards: each overall rating with its lowest and highest score (lowest rating first)."""
    out = []
    for rating in reversed(rules.scale):
        lo, hi = score_range(rules, n, rating)
        if lo >= 0:
            out.append((rating, lo, hi))
    return out
