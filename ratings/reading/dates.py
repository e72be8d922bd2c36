"""Reading a date as a report gives it into the window of days it means (:class:`DateWindow`).

The spellings read, and nothing else (ASCII case and extra spaces aside):

- a day ``2023-03-13``; a month ``2023-03`` or ``March 2023`` (the month's name in full);
- a range ``2023-03-13/2023-03-24`` (ISO 8601's interval: each end a day or a month, the first not after the
  second);
- a season ``spring 2019`` (March to May), ``summer 2019`` (June to August), ``autumn 2019`` (September to
  November): the Met Office's seasons. Winter is refused: "winter 2019" may mean either side of new year;
- a quarter ``2019-Q4``: a calendar quarter (Q1 January to March ... Q4 October to December), never a
  financial year's.

Anything else is refused with the spellings above and, when it looks like one of them, the one it most
likely means (``13-24 March 2023`` -> ``2023-03-13/2023-03-24``, ``Q4 2019`` -> ``2019-Q4``): a suggestion
only, never applied.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model.dates import DateWindow
from ..model.words import or_list
from .reader import Reader, clip
from .yaml_file import Node, describe

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
#: The seasons read, by first month (each three months long).
SEASONS = {"spring": 3, "summer": 6, "autumn": 9}
#: Every form, in the order messages list them.
FORMS = ("day", "month", "range", "season", "quarter")
EXAMPLES = {"day": "a day (2023-03-13)", "month": "a month (2023-03 or March 2023)",
            "range": "a range (2023-03-13/2023-03-24)", "season": "a season (autumn 2019)",
            "quarter": "a quarter (2019-Q4)"}

_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_NAMED_MONTH = re.compile(r"([a-z]+) (\d{4})")
_QUARTER = re.compile(r"(\d{4})-q([1-4])")


class DateRefused(ValueError):
    """A date that is not one of the spellings read; the message says why, with a suggestion when there is one."""


def read_window(text: str, forms: tuple[str, ...] = FORMS) -> DateWindow:
    """The window a date as written means, or :class:`DateRefused`."""
    written = " ".join(text.split())
    key = written.lower()
    try:
        window = _parse(key, written)
    except ValueError as exc:  # a year the calendar lacks (0000), in a month's name, season or quarter
        if isinstance(exc, DateRefused):
            raise
        raise DateRefused(f"'{clip(written)}' is not a real date ({exc})") from None
    if window is None:
        hint = suggest(key)
        raise DateRefused(f"expected {expected(forms)}, found '{clip(written)}'" + (f"; {hint}" if hint else ""))
    if window.form not in forms:
        raise DateRefused(f"expected {expected(forms)}, found {EXAMPLES[window.form].split(' (')[0]} "
                          f"'{clip(written)}'")
    return window


def expected(forms: tuple[str, ...]) -> str:
    return or_list(EXAMPLES[f] for f in forms)


def _parse(key: str, written: str) -> DateWindow | None:
    if "/" in key:
        parts = [p.strip() for p in key.split("/")]
        if len(parts) != 2:
            return None
        first, last = _iso(parts[0], parts[0]), _iso(parts[1], parts[1])
        if first is None or last is None:
            return None
        if first.start > last.end:
            raise DateRefused(f"the range '{clip(written)}' ends before it begins: write the earlier date first")
        return DateWindow(first.start, last.end, written, "range")
    found = _iso(key, written)
    if found is not None:
        return found
    m = _QUARTER.fullmatch(key)
    if m:
        year, quarter = int(m.group(1)), int(m.group(2))
        return DateWindow(dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), written, "quarter")
    m = _NAMED_MONTH.fullmatch(key)
    if m and m.group(1) in MONTHS:
        year, month = int(m.group(2)), MONTHS.index(m.group(1)) + 1
        return DateWindow(dt.date(year, month, 1), _month_end(year, month), written, "month")
    m = _NAMED_MONTH.fullmatch(key)
    if m and m.group(1) in SEASONS:
        year, month = int(m.group(2)), SEASONS[m.group(1)]  # a season's first month
        return DateWindow(dt.date(year, month, 1), _month_end(year, month + 2), written, "season")
    return _as_reports_print(key, written)


def _as_reports_print(key: str, written: str) -> DateWindow | None:
    """Dates as reports print them, each with one meaning: '13 March 2023', 'March 13, 2023', 'Mar 2023',
    '13-24 March 2023', '28 February to 3 March 2023' (a month by its name, or its first three letters or more).
    A date of numbers alone ('13/03/2023') is not read: the day and month could be either way round."""
    m = _DAY_MONTH_YEAR.fullmatch(key) or _MONTH_DAY_YEAR.fullmatch(key)
    if m:
        day, word = (m.group(1), m.group(2)) if m.re is _DAY_MONTH_YEAR else (m.group(2), m.group(1))
        month = _month_of(word)
        if month is not None:
            found = dt.date(int(m.group(3)), month, int(day))
            return DateWindow(found, found, written, "day")
    m = _DAYS_MONTH_YEAR.fullmatch(key)
    if m and (month := _month_of(m.group(3))) is not None:
        year = int(m.group(4))
        return _range(dt.date(year, month, int(m.group(1))), dt.date(year, month, int(m.group(2))), written)
    m = _DAY_MONTH_TO_DAY_MONTH_YEAR.fullmatch(key)
    if m and (first := _month_of(m.group(2))) is not None and (last := _month_of(m.group(4))) is not None:
        year = int(m.group(5))
        return _range(dt.date(year, first, int(m.group(1))), dt.date(year, last, int(m.group(3))), written)
    m = _WORD_YEAR.fullmatch(key)
    if m and (month := _month_of(m.group(1))) is not None:
        year = int(m.group(2))
        return DateWindow(dt.date(year, month, 1), _month_end(year, month), written, "month")
    return None


def _range(first: dt.date, last: dt.date, written: str) -> DateWindow:
    if first > last:
        raise DateRefused(f"the range '{clip(written)}' ends before it begins: write the earlier date first")
    return DateWindow(first, last, written, "range")


def _iso(key: str, written: str) -> DateWindow | None:
    """``YYYY-MM-DD`` or ``YYYY-MM``; a date that does not exist (2023-02-30) is refused, saying so."""
    m = _ISO.fullmatch(key)
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    try:
        if m.group(3) is not None:
            day = dt.date(year, month, int(m.group(3)))
            return DateWindow(day, day, written, "day")
        return DateWindow(dt.date(year, month, 1), _month_end(year, month), written, "month")
    except ValueError as exc:
        raise DateRefused(f"'{clip(key)}' is not a real date ({exc})") from None


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


# ------------------------------------------------------------------------------------ suggestions

_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? +([a-z]+)\.?,? +(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})")
_DAYS_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? *(?:-|–|—|to|until) *(\d{1,2})(?:st|nd|rd|th)? +([a-z]+)\.?,? +"
                              r"(\d{4})")
_DAY_MONTH_TO_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)? +([a-z]+)\.? *(?:-|–|—|to|until) *(\d{1,2})(?:st|nd|rd|th)? +([a-z]+)\.?,? +(\d{4})")
_QUARTER_OTHER = re.compile(r"(?:q([1-4]) *-? *(\d{4})|(\d{4}) *-? *q([1-4])|(\d{4})-([1-4])q)")
_FINANCIAL_YEAR = re.compile(r"(\d{4})/(\d{2}|\d{4})")
_WORD_YEAR = re.compile(r"([a-z]+)\.?,? +(\d{4})")
_NUMERIC_DAY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def _month_of(word: str) -> int | None:
    """The month a word names: in full, or its first three letters or more ('Sept'); None otherwise."""
    if len(word) >= 3:
        for i, name in enumerate(MONTHS):
            if name.startswith(word):
                return i + 1
    return None


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def suggest(key: str) -> str | None:
    """What to write instead of a refused date: "did you mean '...'?", or why it is not read; None when no
    spelling read is near."""
    key = key.replace("–", "-").replace("—", "-")
    spelling = _near(key)
    if spelling is not None:
        return f"did you mean '{spelling}'?"
    m = _NAMED_MONTH.fullmatch(key)
    if m and m.group(1) == "winter":
        year = int(m.group(2))
        return (f"winter is not read, as it spans two years: give its months, e.g. '{year}-12/{year + 1}-02' or "
                f"'{year - 1}-12/{year}-02'")
    m = _FINANCIAL_YEAR.fullmatch(key)
    if m:
        year = int(m.group(1))
        return f"a financial year is not read: give its months, e.g. '{year}-04/{year + 1}-03'"
    m = _NUMERIC_DAY.fullmatch(key)
    if m:
        day = _day(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return f"write a day as year-month-day: '{day}' if the day comes first" if day else None
    if re.fullmatch(r"\d{4}", key):
        return f"a year alone is not read: give its months, e.g. '{key}-01/{key}-12'"
    return None


def _near(key: str) -> str | None:
    """The spelling read that a refused date most likely means, or None."""
    m = _DAYS_MONTH_YEAR.fullmatch(key)
    if m and (month := _month_of(m.group(3))):
        year = int(m.group(4))
        first, last = _day(year, month, int(m.group(1))), _day(year, month, int(m.group(2)))
        return f"{first}/{last}" if first and last else None
    m = _DAY_MONTH_TO_DAY_MONTH_YEAR.fullmatch(key)
    if m and (first_month := _month_of(m.group(2))) and (last_month := _month_of(m.group(4))):
        year = int(m.group(5))
        first = _day(year, first_month, int(m.group(1)))
        last = _day(year, last_month, int(m.group(3)))
        return f"{first}/{last}" if first and last else None
    for pattern, day_at, month_at in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        m = pattern.fullmatch(key)
        if m and (month := _month_of(m.group(month_at))):
            return _day(int(m.group(3)), month, int(m.group(day_at)))
    m = _WORD_YEAR.fullmatch(key)
    if m and (month := _month_of(m.group(1))):
        return f"{MONTHS[month - 1].capitalize()} {m.group(2)}"
    if m and m.group(1) == "fall":
        return f"autumn {m.group(2)}"
    m = _QUARTER_OTHER.fullmatch(key)
    if m:
        return f"{m.group(2) or m.group(3) or m.group(5)}-Q{m.group(1) or m.group(4) or m.group(6)}"
    return None


def window(r: Reader, node: Node, path: str, forms: tuple[str, ...] = FORMS) -> DateWindow | None:
    """A date node read as a window (reporting a problem, with a suggestion, and returning None otherwise)."""
    if node.kind == "int":  # a year alone: 2019
        hint = suggest(node.text.strip())
        r.problem(f"expected {expected(forms)}, found {describe(node)}" + (f"; {hint}" if hint else ""), node, path)
        return None
    if node.kind != "str":
        r.problem(f"expected {expected(forms)}, found {describe(node)}", node, path)
        return None
    try:
        return read_window(node.value, forms)
    except DateRefused as exc:
        r.problem(str(exc), node, path)
        return None
