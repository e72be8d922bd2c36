"""An inspection to rate, from an inspection file or from an inspection report (``ratings rate REPORT``,
``ratings verify REPORT``).

Which one a file is, is told by its content, never by its name alone: a PDF or an HTML page is a report; a
text that is an inspection file (a YAML mapping of its keys) is read as one, exactly as ``load_inspection``
reads it, and so is a broken one (named ``.yaml``/``.yml``, or starting with one of its keys: its mistake is
its error); any other text is read as a report when it is recognisably one (``extract.py``), and otherwise
refused with the inspection file's own message. A report is extracted in memory and its gaps are rated as
the unknowns they are written as; the inspection carries them (``Inspection.gaps``), and so every result and
verdict of it.

Every command and library call that rates or verifies a file it is given by path reads it here: ``ratings
rate``, ``verify`` and ``batch``; ``ratings.rate``, ``verify``, ``gap``, ``confidence``, ``load_inspection``
and the ``Engine``'s.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..model.errors import InspectionError, Problem, RatingsError
from ..model.limits import DEFAULT_MAX_SECONDS, Deadline
from ..model.objects import Inspection, RuleSet
from ..reading.files import SUFFIXES
from ..reading.yaml_file import MAX_BYTES, display_name, from_python, is_stdin, parse_bytes, read_bytes
from .inspection import INSPECTION, build_inspection, choose_rule_set, load_inspection

if TYPE_CHECKING:  # pragma: no cover
    from .extract import Extraction

#: The suffixes of a report's forms told by name (a PDF or a page with no telling start); content decides
#: every other file.
REPORT_SUFFIXES = (".pdf", ".html", ".htm", ".xhtml")


def load_inspection_or_report(source: Any, rules: Any = None, max_seconds: float | None = DEFAULT_MAX_SECONDS
                              ) -> tuple[RuleSet, Inspection, "Extraction | None"]:
    """The rule set and the inspection of an inspection file, or of a report extracted in memory (then with
    the extraction, whose gaps the inspection holds as unknowns)."""
    if not isinstance(source, (str, os.PathLike)):
        return (*load_inspection(source, rules), None)
    from ..reading.report_text import MAX_REPORT_BYTES, report_from_bytes

    name = display_name(source)
    suffix = "" if is_stdin(source) else Path(source).suffix.lower()
    data = read_bytes(os.fspath(source), name, MAX_REPORT_BYTES)  # (refusals worded as for any file of ours)
    if _is_report_form(data, suffix):
        return _from_report(report_from_bytes(data, name, suffix, Deadline(max_seconds)), rules, max_seconds)
    try:
        if len(data) > MAX_BYTES:
            raise RatingsError(Problem(f"file is larger than {MAX_BYTES:,} bytes; this is not an inspection or "
                                       "rule-set file", name))
        root = parse_bytes(data, name, INSPECTION)
    except RatingsError as exc:
        found = None if _inspection_file(data, suffix) else _text_report(data, name, suffix, rules, max_seconds)
        if found is None:
            raise InspectionError(exc.problems) from None
        return found
    if not INSPECTION.recognises(root) and not _inspection_file(data, suffix):  # a report's text may parse so
        found = _text_report(data, name, suffix, rules, max_seconds)
        if found is not None:
            return found
    base = Path(".") if is_stdin(source) else Path(source).parent
    rule_set, chosen = choose_rule_set(root, name, base, rules)  # (the inspection file's own errors)
    return rule_set, build_inspection(root, rule_set, name, chosen), None


def _inspection_file(data: bytes, suffix: str) -> bool:
    """An inspection file, however broken: named as our YAML files are, or starting (comments aside) with
    one of an inspection file's own keys. Its errors are its own, never a reason to read it as a report."""
    if suffix in SUFFIXES:
        return True
    for line in data[:65536].splitlines():
        text = line.strip()
        if text and not text.startswith(b"#"):
            key = _KEY.match(line)
            return key is not None and key.group(1).decode() in INSPECTION.keys
    return False


#: a top-level YAML key at the start of a line: ``judgements:``
_KEY = re.compile(rb"([A-Za-z_][A-Za-z0-9_]*):(?:\s|$)")


def _is_report_form(data: bytes, suffix: str) -> bool:
    """A PDF or an HTML page, by its start (or by its name, as the report reader tells them)."""
    from ..reading.report_text import looks_like_html

    head = data[:1024].lstrip()
    return head.startswith(b"%PDF-") or suffix in REPORT_SUFFIXES or looks_like_html(data)


def _text_report(data: bytes, name: str, suffix: str, rules: Any, max_seconds: float | None
                 ) -> tuple[RuleSet, Inspection, "Extraction | None"] | None:
    """A text that is no inspection file, read as a report; None when it is not recognisably one (then the
    inspection file's own error says what was expected)."""
    from ..reading.report_text import report_from_bytes
    from .extract import NotAReport
    from .publisher_words import bundled_publisher_words

    lower = data.lower()
    marks = {mark.lower().encode() for said in bundled_publisher_words() for mark in said.report_marks}
    if not any(mark in lower for mark in marks):  # no report's word at all (any publisher's): not read as one
        return None
    try:
        report = report_from_bytes(data, name, suffix, Deadline(max_seconds))
    except RatingsError:  # not text at all
        return None
    try:
        return _from_report(report, rules, max_seconds)
    except NotAReport:
        return None


def _from_report(report: Any, rules: Any, max_seconds: float | None
                 ) -> tuple[RuleSet, Inspection, "Extraction | None"]:
    from .extract import extract

    extraction = extract(report, rules, max_seconds)
    inspection = build_inspection(from_python(extraction.mapping, report.file), extraction.rules, report.file)
    return extraction.rules, attrs.evolve(inspection, gaps=gap_lines(extraction)), extraction


def gap_lines(extraction: "Extraction") -> tuple[str, ...]:
    """What a report did not give (its gaps) and what it gave only in doubt (values found, but not by the rule
    set's words), one ``key: message`` each: the ``Warning:`` lines of ``ratings rate REPORT``, and
    ``Inspection.gaps`` (hence ``Result.gaps``, ``Verdict.gaps``)."""
    return (*(str(gap) for gap in extraction.gaps), *extraction.warnings)
