"""A report's title: the service's name, the kind of service it names, and whether it is an inspection at all.

The title forms are the publisher's, their words from its words file (``publisher_words.py``): TITLE_START
WHAT in: NAME (the name on the same line or the next), ... in NAME, ...: NAME, or TITLE_START NAME with the
name ending in words that name a kind of service; and the titles of thematic and other reports that inspect no
one service. (So, with the bundled words: "An inspection of probation services in: NAME", "An inspection of
youth offending services in NAME", "An inspection of NAME Approved Premises".)

A name that looks damaged is never taken: one holding the inspectorate's own name or a date (a PDF's text
running the title into the imprint below it), or one whose next line completes it into a service's name (a
title wrapped before "West PDU"). The caller lists it as a gap, with the candidate.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs

from ..model.errors import one_line as _one_line
from ..reading.report_text import ReportLine
from .publisher_words import PublisherWords
from .report_words import phrase

#: A name is at most this long; a title line without a colon at most MAX_TITLE (longer, it is a sentence).
MAX_NAME = 120
MAX_TITLE = 160
#: A line that may complete a wrapped name: short.
MAX_WRAPPED = 40
_MONTHS = frozenset(("january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"))


@attrs.frozen
class _Forms:
    """A publisher's words as the title is read with them (made once per words file)."""

    #: "TITLE_START WHAT in: NAME", "... in NAME", "...: NAME"; WHAT at most 80 characters (lazy, bounded:
    #: linear in the line).
    title: re.Pattern[str]
    #: "TITLE_START NAME", the name ending in the kind of service ("... Approved Premises").
    named: re.Pattern[str]
    #: Where a name runs into the inspectorate's (its core, perhaps after a prefix such as "HM").
    core: re.Pattern[str]
    thematic: tuple[tuple[str, ...], ...]
    names: tuple[tuple[str, ...], ...]  # the longest first
    header: tuple[str, ...]  # the running header's first words
    services: tuple[tuple[tuple[str, ...], frozenset[str]], ...]  # each title's words, and the services


@functools.lru_cache(maxsize=8)
def _forms(said: PublisherWords) -> _Forms:
    start = r"\s+".join(map(re.escape, said.title_start.split()))
    prefixes = "|".join(map(re.escape, said.name_prefixes))
    cores = "|".join(r"\s+".join(map(re.escape, c.split())) for c in said.name_cores)
    return _Forms(
        re.compile(r"^\s*" + start + r"\b(?P<what>.{0,80}?)(?:\bin\b\s*(?P<colon>:?)|(?P<colon2>:))"
                   r"\s*(?P<name>.*?)\s*$", re.I),
        re.compile(r"^\s*" + start + r"\s+(?:the\s+)?(?P<name>.{1,120}?)\s*$", re.I),
        re.compile(r"\s*(?:(?:" + prefixes + r")\s*)?(?:" + cores + r").*$", re.I | re.S),
        tuple(phrase(t) for t in said.thematic_starts),
        tuple(sorted((phrase(n) for n in said.names), key=len, reverse=True)),
        phrase(said.running_header),
        tuple((phrase(marker), frozenset(services)) for marker, services in said.service_words))


def one_line(text: str) -> str:
    """Text safe for a one-line message (``model.errors.one_line``), never None for text."""
    return _one_line(text) or ""


@attrs.frozen
class Name:
    """A name read from a title line: its text, the line it is on, and why it looks damaged (None: it does
    not) with the name it may have been."""

    text: str
    line: int
    damage: str | None = None
    candidate: str | None = None


@attrs.frozen
class Title:
    names: tuple[Name, ...]
    services: frozenset[str]  # the rule sets' ``service`` values the title names (empty: it does not say)
    thematic: str | None  # the title of a report that is no inspection of one service


def read_title(lines: Sequence[ReportLine], said: PublisherWords) -> Title:
    forms = _forms(said)
    names: list[Name] = []
    services: set[str] = set()
    thematic: str | None = None
    for n, line in enumerate(lines):
        words = phrase(line.text[:MAX_TITLE * 2])
        if not words:
            continue
        if any(words[:len(t)] == t for t in forms.thematic):
            thematic = thematic or one_line(" ".join(line.text.split()))[:MAX_TITLE]
            continue
        found = _title_name(lines, n, forms)
        if found is not None:
            name, what = found
            names.append(name)
            services |= _services(name.candidate or name.text, forms) or _services(what, forms, anywhere=True)
    return Title(tuple(names), frozenset(services), thematic if not names else None)


def _title_name(lines: Sequence[ReportLine], n: int, forms: _Forms) -> tuple[Name, str] | None:
    """The name a title line gives (with the words of the title before it), or None when it is no title."""
    limit = MAX_TITLE + MAX_NAME * 2  # no title is longer: the search stays short on any line
    text = lines[n].text[:limit]
    m = forms.title.match(text)
    if m is not None and (m.group("colon") or m.group("colon2") or len(text) <= MAX_TITLE):
        name, at = m.group("name"), n
        if not name.strip() and len(lines[n].text) > limit:  # its name past the limit: too long for one
            return None
        while not name.strip() and at + 1 < len(lines) and at < n + 3:  # the name on a line of its own
            at += 1
            name = lines[at].text
        name = " ".join(name.split())
        if name and len(name) <= MAX_NAME:
            return _checked(name, at, lines, forms), m.group("what")
        return None
    m = forms.named.match(text) if len(text) <= MAX_TITLE else None
    if m is not None and _services(m.group("name"), forms):
        return _checked(" ".join(m.group("name").split()), n, lines, forms), ""
    return None


def _checked(name: str, at: int, lines: Sequence[ReportLine], forms: _Forms) -> Name:
    """The name, with why it looks damaged, if it does."""
    shown = one_line(name)
    words = phrase(name)
    core = forms.core.search(name)
    if core is not None:
        return Name(shown, at, "it runs into the inspectorate's name (the title run together with the line "
                               "below it)", one_line(name[:core.start()].strip(" ,;:-–")) or None)
    if any(w in _MONTHS and k + 1 < len(words) and len(words[k + 1]) == 4 and words[k + 1].isdigit()
           for k, w in enumerate(words)):
        return Name(shown, at, "it holds a date (the title run together with the line below it)")
    following = lines[at + 1].text.strip() if at + 1 < len(lines) else ""
    if (following and len(following) <= MAX_WRAPPED and not _services(name, forms)
            and _services(f"{name} {following}", forms) and not _is_imprint(following, forms)):
        return Name(shown, at, f"the next line, {one_line(following)!r}, may complete it (a title wrapped over "
                               "two lines)", one_line(f"{name} {' '.join(following.split())}"))
    return Name(shown, at)


def services_named(text: str, said: PublisherWords, anywhere: bool = False) -> set[str]:
    """The services (the rule sets' ``service`` values) a name says by its last words ("Cheshire West PDU"),
    or, ``anywhere``, a title's words say anywhere in them ("youth offending services"): the first of the
    words file's ``service_words`` that fits."""
    return _services(text, _forms(said), anywhere)


def _services(text: str, forms: _Forms, anywhere: bool = False) -> set[str]:
    words = phrase(text)
    for mark, services in forms.services:
        if words[len(words) - len(mark):] == mark or (anywhere and _contains(words, mark)):
            return set(services)
    return set()


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[k:k + len(part)] == part for k in range(len(words) - len(part) + 1))


def _is_imprint(text: str, forms: _Forms) -> bool:
    """A line naming the inspectorate (and perhaps a date): the imprint below a title, no part of a name."""
    words = phrase(text[:MAX_TITLE * 2])
    return any(_contains(words, n) for n in forms.names)


def imprint_lines(lines: Sequence[ReportLine], said: PublisherWords) -> list[int]:
    """The lines that hold the inspectorate's name and nothing else but a date: a report's cover or imprint."""
    found = []
    names = _forms(said).names
    for n, line in enumerate(lines):
        if len(line.text) > MAX_TITLE:
            continue
        words = phrase(line.text)
        rest, taken = words, 0
        while taken < len(words):  # every name at its start taken off, in any order
            name = next((x for x in names if rest[:len(x)] == x), None)
            if name is None:
                break
            rest, taken = rest[len(name):], taken + len(name)
        if taken and all(w in _MONTHS or w.isdigit() for w in rest):
            found.append(n)
    return found


def is_page_furniture(text: str, said: PublisherWords) -> bool:
    """A line a PDF repeats on every page (a running header, the imprint, a page number alone): passed over
    inside a table that crosses a page."""
    return furniture_words(phrase(text[:MAX_TITLE * 2]), text, said)


def furniture_words(words: tuple[str, ...], text: str, said: PublisherWords) -> bool:
    """:func:`is_page_furniture` of a line already read as words."""
    if not words or text.strip().isdigit():  # a page number alone (not "71%", which phrase() reads as 71)
        return True
    forms = _forms(said)
    longest = said.max_running_header
    if words[:len(forms.header)] == forms.header and len(words) <= longest:
        return True
    return len(words) <= longest // 2 and any(_contains(words, n) for n in forms.names)
