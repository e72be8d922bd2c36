"""A hypothesis strategy for what a report publishes: ``published:`` sections a rating agrees with.

Needs the ``testing`` extra (``pip install "ratings[testing]"``, which installs hypothesis).

A report prints some of its ratings, not all, and some only roughly (a chart's shading leaves two ratings
possible; a score read off a chart is known within a range). :func:`published_records` draws such a record
from a rating, so that a property test can check that ``ratings.verify`` (or a tool of your own) accepts
every record the rating gives, and refuses one that says something else:

>>> from hypothesis import given, settings, strategies as st
>>> import ratings
>>> from ratings.testing import inspections, published_records
>>> RULES = ratings.load_rules("hmip-probation-pdu-2021")
>>> @settings(max_examples=20)
... @given(st.data())
... def test_a_rating_agrees_with_what_it_would_publish(data):
...     inspection = data.draw(inspections(RULES))
...     published = data.draw(published_records(ratings.rate(inspection, RULES), vague=True))
...     assert ratings.verify({**inspection, "published": published}, rules=RULES).agrees
>>> test_a_rating_agrees_with_what_it_would_publish()
"""

from __future__ import annotations

from typing import Any

from ._hypothesis import st

from ..loading.expected import counts_rating, rating_count
from ..model.objects import Result

__all__ = ["published_records"]


def published_records(result: Result, *, vague: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """A ``published:`` section that ``result`` agrees with, never empty: any of the standards' ratings (those
    for information excepted), the score, the maximum score, the overall rating (those the rule set has), and
    how many standards have some of the ratings (``counts``, and by domain ``domain_counts``). With ``vague``,
    a rating may be given as a list of it and another (the report leaves either), and a number as
    ``{between: [LOW, HIGH]}`` around it.

    ``result`` must be a rating without unknowns (every rating known).
    """
    if result.possible is not None:
        raise ValueError("published_records needs a result without unknowns: every rating known")
    rules = result.rules
    names = {target: [str(r) for r in rules.ratings_of(target)] + [str(rules.not_rated)]
             for target in (*rules.standards, "overall")}  # each on its own scale
    ratings = {sid: str(sr.rating) for sid, sr in result.standards.items() if sr.standard.kind != "information"}
    counts = {name: rating_count(result, name) for name in map(str, rules.scale)}
    by_domain = {d.id: {name: rating_count(result, name, d.id) for name in map(str, rules.scale)}
                 for d in rules.domains if any(counts_rating(rules.standards[s]) for s in d.standards)}
    overall = str(result.overall) if rules.overall is not None else None  # None: the rule set has none
    return _records(ratings, counts, by_domain, result.score, result.max_score, overall, names, vague)


@st.composite
def _records(draw: st.DrawFn, ratings: dict[str, str], counts: dict[str, int],
             by_domain: dict[str, dict[str, int]], score: int | None,
             max_score: int | None, overall: str | None, names: dict[str, list[str]], vague: bool) -> dict[str, Any]:
    def rating(name: str, target: str) -> str | list[str]:
        if vague and draw(st.integers(0, 3)) == 0:  # a quarter of the time, left open between two
            scale = names[target]
            other = scale[draw(st.integers(0, len(scale) - 2))]
            other = scale[-1] if other == name else other
            return [name, other] if draw(st.booleans()) else [other, name]
        return name

    def number(value: int) -> int | dict[str, list[int]]:
        if vague and draw(st.integers(0, 3)) == 0:
            return {"between": [max(value - draw(st.integers(0, 3)), 0), value + draw(st.integers(0, 3))]}
        return value

    out: dict[str, Any] = {}
    given = {sid: rating(name, sid) for sid, name in ratings.items() if draw(st.booleans())}
    if given:
        out["ratings"] = given
    if score is not None and draw(st.booleans()):  # a rule set without a score publishes none
        out["score"] = number(score)
    if max_score is not None and draw(st.booleans()):
        out["max_score"] = number(max_score)
    some = {name: number(n) for name, n in counts.items() if draw(st.integers(0, 3)) == 0}
    if some:
        out["counts"] = some
    domains = {d: {name: number(n) for name, n in c.items() if draw(st.integers(0, 3)) == 0}
               for d, c in by_domain.items() if draw(st.integers(0, 3)) == 0}
    if any(domains.values()):
        out["domain_counts"] = {d: c for d, c in domains.items() if c}
    if overall is not None and (not out or draw(st.booleans())):
        out["overall"] = rating(overall, "overall")
    if not out:  # no overall rating to fall back on: how many standards have the best rating
        best = next(iter(counts))
        out["counts"] = {best: number(counts[best])}
    return out
