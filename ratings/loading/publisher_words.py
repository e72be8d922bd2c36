"""The words of a publisher's reports, as ``ratings extract`` looks for them: read from a words file.

What every report of one publisher says in the same words whatever its framework (its own names, its titles,
how a foreword says the overall rating, the words for the fieldwork and the case sample) is data, in a words
file beside the rule sets (``rules/reports/*.yaml``, one per publisher, saying whose it is with ``publisher``,
the rule sets' field). Here it is read, strictly (an unknown key, a missing one or a value of the wrong kind is
an error naming the file, the line and the key), into a :class:`PublisherWords`, once. Nothing here knows
any publisher's words.

Each phrase is matched as normalised words (``report_words.phrase``: case, punctuation, quotes and dashes
ignored), never as a regular expression over the text, so that none can go quadratic.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import attrs

from ..model.errors import Problem, Problems, RatingsError
from ..reading.files import SUFFIXES
from ..reading.reader import Reader, join
from ..reading.yaml_file import Format, Node, describe, read_file
from .registry import bundled_dir

#: The folder of the bundled words files, inside the folder of the bundled rule sets.
WORDS_FOLDER = "reports"
#: A words file is small: a few kilobytes.
MAX_WORDS_BYTES = 200_000


@attrs.frozen
class Introducers:
    """The words that introduce a value on the ratings page or in the text."""

    overall: tuple[str, ...]  # ... followed by a rating
    score: tuple[str, ...]  # ... followed by N/M
    fieldwork: tuple[str, ...]  # ... and a date a few words on
    cases_before: tuple[str, ...]  # ... followed by N cases
    cases_after: tuple[str, ...]  # N ... before it


@attrs.frozen(cache_hash=True)  # (hashed once: the patterns made of it are kept by it)
class PublisherWords:
    """One publisher's words (each field is the words file's key of the same name, where its meaning is said)."""

    file: str
    source: str
    publisher: str
    names: tuple[str, ...]
    name_cores: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    report_marks: tuple[str, ...]
    report_words: Introducers
    overall_fillers: tuple[str, ...]
    rated: tuple[str, ...]
    as_: str  # the key `as`
    overall_always: tuple[str, ...]
    service_nouns: tuple[str, ...]
    service_qualifiers: tuple[str, ...]
    rated_verbs: tuple[str, ...]
    not_overall_after: tuple[str, ...]
    listing: tuple[str, ...]
    not_overall_before: tuple[str, ...]
    sentence_reach: int
    overall_forms: tuple[str, ...]
    table_heading: str
    table_value_heading: str
    overall_row: str
    title_start: str
    title_forms: tuple[str, ...]
    thematic_starts: tuple[str, ...]
    running_header: str
    max_running_header: int
    service_words: tuple[tuple[str, tuple[str, ...]], ...]  # in the file's order: the first that fits is taken


#: The keys whose values are one phrase, a list of phrases, and a whole number, as the file names them.
_PHRASE = ("source", "publisher", "as", "table_heading", "table_value_heading", "overall_row", "title_start",
           "running_header")
_PHRASES = ("names", "name_cores", "name_prefixes", "report_marks", "overall_fillers", "rated", "overall_always",
            "service_nouns", "service_qualifiers", "rated_verbs", "not_overall_after", "listing",
            "not_overall_before", "overall_forms", "title_forms", "thematic_starts")
_NUMBERS = ("sentence_reach", "max_running_header")
#: The lists that may be empty (a publisher whose names have no prefix such as "HM").
_MAY_BE_EMPTY = ("name_prefixes",)
_KEYS = _PHRASE + _PHRASES + _NUMBERS + ("report_words", "service_words")

WORDS_FILE = Format("a words file of a publisher's reports", _KEYS, ("publisher", "names", "report_words"))


def load_publisher_words(path: str | os.PathLike[str], display: str | None = None) -> PublisherWords:
    """Read a words file; a :class:`RatingsError` listing every problem (file, line, key) when it is not one."""
    name = display if display is not None else os.fspath(path)
    root = read_file(path, name, MAX_WORDS_BYTES, WORDS_FILE)
    problems = Problems(name)
    read = _read(Reader(problems), root)
    problems.raise_if_any()
    assert read is not None  # (no problems: every value was read, each of its field's type)
    return PublisherWords(name, **read)


def _read(r: Reader, root: Node) -> dict[str, Any] | None:
    """Each field's value, by field, read by the reader of its kind (None, with the problems, when any is not
    of its kind)."""
    top = r.document(root, WORDS_FILE, required=_KEYS)
    if top is None:
        return None
    out: dict[str, Any] = {}
    for key, node in top.items():
        field = "as_" if key == "as" else key
        if key in _PHRASE:
            out[field] = r.text(node, key)
        elif key in _PHRASES:
            out[field] = _phrases(r, node, key, allow_empty=key in _MAY_BE_EMPTY)
        elif key in _NUMBERS:
            out[field] = r.integer(node, key, minimum=1)
        elif key == "report_words":
            out[field] = _introducers(r, node, key)
        elif key == "service_words":
            out[field] = _service_words(r, node, key)
    return None if r.problems or len(out) != len(_KEYS) else out


def _phrases(r: Reader, node: Node, path: str, allow_empty: bool = False) -> tuple[str, ...] | None:
    items = r.sequence(node, path, allow_empty)
    if items is None:
        return None
    read = [r.text(item, join(path, i)) for i, item in enumerate(items)]
    return tuple(p for p in read if p is not None) if None not in read else None


def _introducers(r: Reader, node: Node, path: str) -> Introducers | None:
    fields = [f.name for f in attrs.fields(Introducers)]
    entries = r.mapping(node, path, required=fields)
    if entries is None:
        return None
    read = {key: _phrases(r, value, join(path, key)) for key, value in entries.items() if key in fields}
    got = {key: value for key, value in read.items() if value is not None}
    return Introducers(**got) if len(got) == len(fields) else None


def _service_words(r: Reader, node: Node, path: str) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """Words of a title or a name, each to the ``service`` values of the rule sets it names."""
    if node.kind != "map":
        r.problem(f"expected a mapping of words to the services they name, found {describe(node)}", node, path)
        return None
    entries: dict[str, Node] = node.value  # a map node's value
    if not entries:
        r.problem("the mapping is empty", node, path)
        return None
    out = []
    for words, value in entries.items():
        items = r.sequence(value, join(path, words))
        services = [r.identifier(item, join(join(path, words), i)) for i, item in enumerate(items or [])]
        if items is not None and None not in services:
            out.append((words, tuple(s for s in services if s is not None)))
    return tuple(out) if len(out) == len(entries) else None


def words_folder() -> Path:
    """Where the bundled words files live: ``reports/`` in the folder of the bundled rule sets."""
    return bundled_dir() / WORDS_FOLDER


@functools.lru_cache(maxsize=1)
def bundled_publisher_words() -> tuple[PublisherWords, ...]:
    """Every bundled words file, read once, by file name."""
    folder = words_folder()
    paths = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()) if folder.is_dir() else []
    found = tuple(load_publisher_words(p, f"{WORDS_FOLDER}/{p.name}") for p in paths)
    for words in found:
        first = next(w for w in found if w.publisher == words.publisher)
        if first is not words:  # which would be read cannot be told
            raise RatingsError(Problem(f"{first.file} is already the words file of {words.publisher}'s reports",
                                       words.file, None, "publisher"))
    return found


def publisher_words(publisher: str | None = None) -> PublisherWords:
    """The words of ``publisher``'s reports; without a publisher (or for one with no words file of its own,
    whose rule set is named to read a report), the only bundled words there are. An error when that cannot be
    told: no words file at all, or several and none for the publisher."""
    found = bundled_publisher_words()
    own = [w for w in found if w.publisher == publisher]
    if own:
        return own[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise RatingsError("the bundled words of the inspectorates' reports are missing: the package is not "
                           "installed correctly")
    whose = ", ".join(w.publisher for w in found)
    if publisher is None:
        raise RatingsError(f"there are words files for the reports of {whose}: name a rule set with --rules")
    raise RatingsError(f"no words file for the reports of {publisher}; there are words files for {whose}: name "
                       "a rule set of one of them with --rules")
