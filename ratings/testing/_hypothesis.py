"""Hypothesis's strategies, or the error naming the extra that installs it: imported by every strategy module
of ``ratings.testing``, so that the message is written once."""

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # pragma: no cover - tested in a subprocess without hypothesis
    if exc.name != "hypothesis":
        raise
    raise ModuleNotFoundError("ratings.testing needs hypothesis, which the 'testing' extra installs: "
                              "pip install \"ratings[testing]\"", name="hypothesis") from None

__all__ = ["st"]
