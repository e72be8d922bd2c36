"""ratings: HM Inspectorate of Probation's ratings, recomputed from an inspection's results, with reasons.

>>> import ratings
>>> result = ratings.rate("examples/cheshire-west-2023.yaml")      # doctest: +SKIP
>>> result.overall, f"{result.score}/{result.max_score}"          # doctest: +SKIP
('Requires improvement', '7/24')
"""

from ._api import Engine, confidence, gap, load_inspection, load_rules, rate
from ._confidence import Confidence
from ._gap import Change, Gap
from ._possible import Possible
from ._cases import CaseOutcome, run_worked_cases
from ._errors import InspectionError, Problem, RatingsError, RuleSetError
from ._model import Inspection, Rating, Result, RuleSet, StandardResult, TraceEntry
from ._registry import bundled_rule_sets

__all__ = [
    "CaseOutcome",
    "Change",
    "Confidence",
    "Engine",
    "Gap",
    "Inspection",
    "InspectionError",
    "Possible",
    "Problem",
    "Rating",
    "RatingsError",
    "Result",
    "RuleSet",
    "RuleSetError",
    "StandardResult",
    "TraceEntry",
    "bundled_rule_sets",
    "confidence",
    "gap",
    "load_inspection",
    "load_rules",
    "rate",
    "run_worked_cases",
]

__version__ = "0.2.0"
