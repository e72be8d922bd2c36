"""Testing your own rule sets: hypothesis strategies, and a pytest plugin for worked cases.

Needs the ``testing`` extra: ``pip install "ratings[testing]"`` (it installs hypothesis).

- :mod:`ratings.testing.strategies`: inspections of any rule set (``inspections``, ``inspection_files``,
  ``judgements``, ``case_results``, ``key_question_results``, ``percentages``, ``counts``, ``near_edges``,
  ``as_yaml``);
- :mod:`ratings.testing.rule_set_strategies`: whole rule sets (``rule_sets``, loaded; ``rule_set_texts``, their YAML);
- :mod:`ratings.testing.published`: what a report publishes (``published_records``: ``published:`` sections a
  rating agrees with, exactly or roughly);
- :mod:`ratings.testing.pytest_plugin`: pytest collects worked-case files (``*.tests.yaml`` and
  ``rules/tests/*.yaml``) as tests, one per case. It is registered when ``ratings`` is installed.

Each name is imported from its module when first used, so that loading the pytest plugin (which pytest does
in every project where ``ratings`` is installed) costs nothing, and hypothesis is needed only for the
strategies: without it, using one raises an error naming the extra.

>>> import ratings
>>> ratings.testing.inspections.__module__
'ratings.testing.strategies'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_FROM = {name: "strategies" for name in ("inspections", "inspection_files", "judgements", "case_results",
                                         "key_question_results", "percentages", "counts", "near_edges",
                                         "as_yaml")}
_FROM.update({"rule_sets": "rule_set_strategies", "rule_set_texts": "rule_set_strategies",
              "published_records": "published"})

__all__ = sorted(_FROM)

if TYPE_CHECKING:  # pragma: no cover
    from .published import published_records
    from .rule_set_strategies import rule_set_texts, rule_sets
    from .strategies import (as_yaml, case_results, counts, inspection_files, inspections, judgements,
                             key_question_results, near_edges, percentages)


def __getattr__(name: str) -> Any:
    if name in _FROM:
        value = getattr(importlib.import_module(f".{_FROM[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ratings.testing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FROM))
