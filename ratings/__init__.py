"""ratings: an inspectorate's ratings (any whose rules are written as a rule set; HM Inspectorate of Probation's
and CQC's are bundled), recomputed from an inspection's results, with reasons.

>>> import ratings
>>> result = ratings.rate("examples/cheshire-west-2023.yaml")      # doctest: +SKIP
>>> result.overall, f"{result.score}/{result.max_score}"          # doctest: +SKIP
('Requires improvement', '7/24')
"""

import importlib
from typing import TYPE_CHECKING, Any

# Every name is imported when first used: so that `ratings rate` starts fast, and so that importing a part of
# the package alone (the pytest plugin, which pytest loads in every project where ratings is installed)
# does not load the whole library.
_LAZY = {"Engine": "frontends.api", "confidence": "frontends.api", "gap": "frontends.api",
         "load_inspection": "frontends.api", "load_rules": "frontends.api", "rate": "frontends.api",
         "InspectionError": "model.errors", "Problem": "model.errors", "RatingsError": "model.errors",
         "RuleSetError": "model.errors", "Inspection": "model.objects", "Rating": "model.objects",
         "Result": "model.objects", "RuleSet": "model.objects", "StandardResult": "model.objects",
         "TraceEntry": "model.objects", "bundled_rule_sets": "loading.registry",
         "Confidence": "analyses.confidence", "Change": "kinds.moves", "Gap": "analyses.gap",
         "Possible": "analyses.possible", "CaseOutcome": "analyses.worked_cases",
         "run_worked_cases": "analyses.worked_cases", "to_frame": "frontends.tables",
         "extract": "loading.extract", "Extraction": "loading.extract", "verify": "frontends.api",
         "Verdict": "analyses.verify"}
_SUBMODULES = ("testing",)  # `ratings.testing` without importing it first (it needs the `testing` extra)

if TYPE_CHECKING:  # pragma: no cover
    from .frontends.api import Engine, confidence, gap, load_inspection, load_rules, rate, verify
    from .loading.registry import bundled_rule_sets
    from .model.errors import InspectionError, Problem, RatingsError, RuleSetError
    from .model.objects import Inspection, Rating, Result, RuleSet, StandardResult, TraceEntry


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'ratings' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_SUBMODULES))

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
    "Verdict",
    "bundled_rule_sets",
    "confidence",
    "extract",
    "gap",
    "load_inspection",
    "load_rules",
    "rate",
    "run_worked_cases",
    "to_frame",
    "verify",
    "testing",
]

__version__ = "0.5.0"
