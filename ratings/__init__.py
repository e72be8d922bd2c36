"""ratings: HM Inspectorate of Probation's ratings, recomputed from an inspection's results, with reasons.

>>> import ratings
>>> result = ratings.rate("examples/cheshire-west-2023.yaml")      # doctest: +SKIP
>>> result.overall, f"{result.score}/{result.max_score}"          # doctest: +SKIP
('Requires improvement', '7/24')
"""

from typing import Any

from .frontends.api import Engine, confidence, gap, load_inspection, load_rules, rate
from .model.errors import InspectionError, Problem, RatingsError, RuleSetError
from .model.objects import Inspection, Rating, Result, RuleSet, StandardResult, TraceEntry
from .loading.registry import bundled_rule_sets

# imported when first used, so that `ratings rate` starts fast
_LAZY = {"Confidence": "analyses.confidence", "Change": "kinds.moves", "Gap": "analyses.gap",
         "Possible": "analyses.possible", "CaseOutcome": "analyses.worked_cases",
         "run_worked_cases": "analyses.worked_cases", "to_frame": "frontends.tables",
         "extract": "loading.extract", "Extraction": "loading.extract"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ratings' has no attribute {name!r}")

__all__ = [
    "CaseOutcome",
    "Change",
    "Confidence",
    "Engine",
    "Extraction",
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
    "extract",
    "gap",
    "load_inspection",
    "load_rules",
    "rate",
    "run_worked_cases",
    "to_frame",
]

__version__ = "0.5.0"
