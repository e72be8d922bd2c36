"""What a rule set may hold, and how long a search may run: one place for every bound.

The bounds on a rule set are far above any real framework (a framework has a handful of ratings, points
of 0 to 3 or so, a few dozen standards with a few key questions each, and a dozen decision rules) and below
where checking or rating gets slow. The loader checks them first, on the file as read, so that an oversized
rule set is refused before any costly work. Documented in docs/writing-a-rule-set.md ("Limits").

The searches (gap, confidence, what unknowns leave possible, verify) can grow with the product of their
inputs, so each runs against a :class:`Deadline` and, when it passes, stops with what it did establish.
"""

from __future__ import annotations

import time

from .errors import Problem, RatingsError

MAX_RATINGS = 20  # ratings on the scale (and on each other scale)
MAX_SCALES = 10  # other scales (``scales:``)
MAX_ROUNDING_PLACES = 10  # decimal places a band set's measure may be rounded to
MAX_POINTS = 1_000  # points of one rating
MAX_BANDS = 100  # bands in one band set (and in the overall rating's bands)
MAX_DOMAINS = 200
MAX_STANDARDS = 1_000  # standards in all domains together
MAX_KEY_QUESTIONS = 100  # key questions (or scored items) of one standard
MAX_ITEM_SCORE = 1_000  # the highest score of a scored standard's item
MAX_DECISION_RULES = 1_000
MAX_CONDITION_READS = 20_000  # standards read by all decision rules together (a rule over a domain reads each)

#: The time budget of a search, in seconds, unless the caller gives another (None: no limit).
DEFAULT_MAX_SECONDS = 10.0


class OutOfTime(RatingsError):
    """A search ran past its budget. The search catches it and says what it established; should one escape,
    it is still an ordinary error with a clear message."""


class Deadline:
    """A time budget shared by the searches of one request: call :meth:`tick` in a search's inner loop; it
    reads the clock only every ``EVERY`` calls, so that it costs next to nothing."""

    EVERY = 64

    def __init__(self, seconds: float | None = DEFAULT_MAX_SECONDS):
        if seconds is not None and not seconds > 0:
            raise RatingsError(f"the time budget must be a positive number of seconds, not {seconds!r}")
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds
        self.ticks = 0

    def tick(self) -> None:
        self.ticks += 1
        if self.end is not None and self.ticks % self.EVERY == 0 and time.monotonic() > self.end:
            raise OutOfTime(self.gave_up("the search did not finish"))

    def check(self, what: str, file: str | None = None) -> None:
        """Read the clock now (between long steps, such as a PDF's pages): past the budget, :meth:`error`."""
        if self.end is not None and time.monotonic() > self.end:
            raise self.error(what, file)

    def gave_up(self, what: str) -> str:
        """'gave up after 10 s: ' + what: the first words of every message of a search out of time."""
        return f"gave up after {self.seconds:g} s: {what}"

    def error(self, what: str, file: str | None = None) -> RatingsError:
        """The error a search raises when out of time, saying what it established."""
        return OutOfTime(Problem(self.gave_up(what) + "; allow more time with --max-seconds (or max_seconds=)",
                                 file))


def deadline(max_seconds: float | None | Deadline) -> Deadline:
    """A fresh deadline from a number of seconds (None: no limit), or the one given."""
    return max_seconds if isinstance(max_seconds, Deadline) else Deadline(max_seconds)
