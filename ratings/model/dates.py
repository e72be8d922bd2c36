"""Dates as reports give them: a window of days (a day, a month, a range, a season or a quarter), and what an
inspection's dates said about the rule set it is rated under (how it was chosen, and any date outside its
period)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

#: How a rule set came to be the one an inspection is rated under (``Dating.chosen_by``).


@attrs.frozen
class DateWindow:
    """The days a date as written may mean, first and last inclusive: one day for ``2023-03-13``, every day of
    March for ``2023-03``. ``form`` is day, month, range, season or quarter."""

    start: dt.date
    end: dt.date
    written: str
    form: str

    def describe(self) -> str:
        """'2023-03-13', or 'autumn 2019 (2019-09-01 to 2019-11-30)'."""
        if self.form == "day":
            return self.start.isoformat()
        return f"{self.written} ({self.start.isoformat()} to {self.end.isoformat()})"

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "until": self.end.isoformat(), "as_written": self.written}


@attrs.frozen
class Dating:
    """An inspection's dates and what they say about its rule set.

    ``chosen_by``: ``named`` (by the file's ``rules:``, or by the command or the library, whatever the file
    says), ``fieldwork``, ``publication date`` or ``newest`` (the file gives none of these).
    ``note`` states the assumption when the rule set was chosen from the publication date or by default;
    ``warnings`` name each date outside the period of the rule set (not an error: the rule set still applies).
    """

    fieldwork: DateWindow | None = None
    published: DateWindow | None = None
    chosen_by: str = "named"
    note: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"fieldwork": self.fieldwork.to_dict() if self.fieldwork else None,
                "published": self.published.to_dict() if self.published else None,
                "rules_chosen_by": self.chosen_by, "note": self.note, "warnings": list(self.warnings)}
