"""An extracted inspection written as an inspection file: the values, where the report gives each (a comment
beside it), and every gap (in a comment at the top, and beside the ``unknown`` it left).

Written by hand rather than by a YAML library, for the comments and the order; every scalar is either plain
text that reads back as itself or double-quoted (JSON's quoting is YAML's), and every comment is one line.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..model.errors import one_line

if TYPE_CHECKING:  # pragma: no cover
    from ..model.objects import RuleSet
    from ..reading.report_text import ReportText


class Extracted(Protocol):
    """What the writer reads of an extraction (``extract.Extraction`` is one), so that it need not know the
    extractor."""

    # read-only: an extraction is frozen
    @property
    def report(self) -> "ReportText": ...

    @property
    def rules(self) -> "RuleSet": ...

    @property
    def chosen(self) -> str: ...

    @property
    def mapping(self) -> dict[str, Any]: ...

    @property
    def places(self) -> dict[str, str]: ...

    @property
    def notes(self) -> dict[str, str]: ...

    @property
    def gaps(self) -> tuple[Any, ...]: ...

    @property
    def rules_path(self) -> str | None: ...

    @property
    def warnings(self) -> tuple[str, ...]: ...


WIDTH = 110
COMMENT_COLUMN = 40
_SPECIAL_WORDS = frozenset(("null", "true", "false", "unknown", "yes", "no", "on", "off", "y", "n"))


def extraction_yaml(x: Extracted, output_dir: str | os.PathLike[str] | None = None) -> str:
    out = _header(x)
    gaps = {g.key: g.message for g in x.gaps}
    for key, value in x.mapping.items():
        if key == "rules" and x.rules_path is not None:
            value = relative_rules_path(x.rules_path, output_dir)
        out += _entry(x, key, key, value, 0, gaps)
    return "\n".join(out) + "\n"


def _header(x: Extracted) -> list[str]:
    report = x.report
    lines = [f"Extracted by `ratings extract` from {Path(report.file).name} ({_form(report.form)}) under "
             f"{x.rules.id}, {x.chosen}."]
    lines.append("Beside each value: where the report gives it. Check them against the report before relying "
                 "on them.")
    if x.gaps:
        lines.append(f"{len(x.gaps)} {'value was' if len(x.gaps) == 1 else 'values were'} not found in the report, "
                     "or found more than once with different values, so written `unknown` (or left out where "
                     "the file may leave them out), never guessed:")
    out = [f"# {piece}" for line in lines for piece in textwrap.wrap(one_line(line) or "", WIDTH - 2, break_on_hyphens=False)]
    out += [f"#   {one_line(str(g))}" for g in x.gaps]
    if x.warnings:
        out.append(f"# {len(x.warnings)} {'value was' if len(x.warnings) == 1 else 'values were'} found, but not "
                   "as the rule set words them (check them against the report):")
        out += [f"#   {one_line(w)}" for w in x.warnings]
    return out


def _form(form: str) -> str:
    return {"text": "plain text"}.get(form, form)


def _entry(x: Extracted, path: str, key: str, value: Any, depth: int, gaps: dict[str, str]) -> list[str]:
    indent = "  " * depth
    note = x.notes.get(path)
    out = [f"{indent}# {piece}" for piece in textwrap.wrap(one_line(note) or "", WIDTH - len(indent) - 2,
                                                                    break_on_hyphens=False)] if note else []
    if isinstance(value, dict) and not _is_counts(value):
        out.append(f"{indent}{key}:")
        for sub, item in value.items():
            out += _entry(x, f"{path}.{sub}", sub, item, depth + 1, gaps)
        return out
    line = f"{indent}{key}: {_scalar(value)}"
    comment = gaps.get(path) if value == "unknown" else x.places.get(path)
    if comment:
        line = f"{line.ljust(COMMENT_COLUMN - 2)}  # {one_line(comment)}"
    return out + [line]


def _is_counts(value: dict[str, Any]) -> bool:
    return set(value) == {"yes", "of"}


def _scalar(value: Any) -> str:
    if isinstance(value, dict):  # counts
        return f"{{yes: {value['yes']}, of: {value['of']}}}"
    if isinstance(value, bool):  # pragma: no cover - nothing extracted is a boolean
        raise TypeError("no booleans in an inspection file")
    if isinstance(value, (int, Decimal)):
        return str(value)
    if value in ("unknown", "not rated") or re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", value):
        return str(value)  # the format's own words, and dates (read as text)
    return yaml_scalar(str(value))


def yaml_scalar(text: str) -> str:
    """Text as a YAML scalar: plain where that reads back as the same text, else double-quoted (JSON)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.()&'/-]*", text) and not text.endswith(" ") \
            and text.lower() not in _SPECIAL_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def relative_rules_path(path: str, output_dir: str | os.PathLike[str] | None) -> str:
    """A rule-set path as an inspection file in ``output_dir`` must name it (relative to the file)."""
    target = Path(path).resolve()
    try:
        return os.path.relpath(target, Path(output_dir or ".").resolve())
    except ValueError:  # on another drive (Windows)
        return str(target)
