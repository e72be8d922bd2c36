"""Every kind of rule, one module each; this is where each is registered under the name a rule set uses.

Adding a kind of rule: write its module (reading, apply, emit, explain, and what the analyses need, as its
neighbours do) and add it to one of the tables below. See docs/architecture.md.
"""

from .condition_any_all import AllOf, AnyOf
from .condition_any_key_question import AnyKeyQuestion
from .condition_any_score import AnyScore
from .condition_at_or_above import AtOrAbove
from .condition_at_or_below import AtOrBelow
from .derived_first_match import FirstMatchDerivation
from .derived_lowest import Lowest
from .lowest_key_question import LowestKeyQuestion
from .mean_key_questions import MeanKeyQuestions
from .overall import FROM_SCORE, OverallMethod
from .overall_first_match import FIRST_MATCH
from .percent_of_maximum import PercentOfMaximum
from .reported import Reported

#: case-rating methods, by the name a rule set gives in ``case_rating: {method: ...}``
CASE_RATING_METHODS = {m.name: m for m in (LowestKeyQuestion, MeanKeyQuestions, Reported)}

#: scored methods, by the name in ``{kind: scored, method: ...}`` (see kinds/scored.py)
SCORED_METHODS = {m.name: m for m in (PercentOfMaximum,)}

#: derived-standard methods, by the name in ``{kind: derived, method: ...}``
#: (a method configured per standard, with keys of its own, is a class with ``read``; the rest one shared instance)
DERIVED_METHODS = {m.name: m for m in (Lowest(), FirstMatchDerivation)}

#: conditions of decision rules, by the key that introduces each
CONDITIONS = {c.keyword: c for c in (AtOrBelow, AtOrAbove, AnyOf, AllOf, AnyKeyQuestion, AnyScore)}

#: how the overall rating is given, by the name in ``overall: {method: ...}`` (``from_score`` when absent);
#: each an ``OverallMethod``: the keys it reads, and its reader of them into a rule with a ``step`` (kinds/overall.py)
OVERALL_METHODS: dict[str, OverallMethod[object]] = {"from_score": FROM_SCORE, "first_match": FIRST_MATCH}
