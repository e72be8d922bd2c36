"""Results as tables, for the analyst's tools: one row per inspection (the batch CSV and the xlsx's first
sheet), one row per standard per inspection (:func:`to_frame`, the xlsx's second sheet).

pandas and openpyxl are optional extras, imported only when a frame or a workbook is made; without them the
error names the extra to install.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, Iterable

from ..model.errors import RatingsError, one_line
from ..model.objects import KeyQuestionResult, Rating, Result, StandardResult
from ..model.words import NO_OVERALL

if TYPE_CHECKING:  # pragma: no cover
    from ..analyses.verify import Row

#: One row per standard per inspection: what each column holds is in docs/library.md.
STANDARD_COLUMNS = ("inspection", "rules", "domain", "domain_name", "number", "standard", "standard_name", "kind",
                    "rating", "possible", "points", "counted", "judgement", "unlimited", "capped_by",
                    "lowest_question", "lowest_percent", "margin_down", "margin_up", "score", "max_score",
                    "overall", "overall_limited_by")


def rating_or_possible(result: Result, sid: str | None) -> str:
    """A standard's rating (the overall's when ``sid`` is None), or what remains possible when unknowns
    leave it open: 'Good or Requires improvement (unknowns)'."""
    if sid is None and result.rules.overall is None:
        return NO_OVERALL
    rating = result.overall if sid is None else result.standards[sid].rating
    if rating is not None:
        return str(rating)
    p = result.possible
    options = p.overall if sid is None else p.standards[sid]
    every = result.rules.ratings_of(sid or "overall")
    if all(r in options for r in every):  # anything its scale has (and perhaps Not rated): said so, not listed
        return ("any rating, or Not rated" if any(not r.rated for r in options) else "any rating") + " (unknowns)"
    return " or ".join(map(str, options)) + " (unknowns)"


#: The columns added when a batch rated a report: whether each file was one, and how many gaps it had.
REPORT_COLUMNS = ("report", "gaps")


def inspection_table(rows: Iterable[Row]) -> tuple[list[str], list[list[Any]]]:
    """The batch's table: a header and one row per file (``analyses.verify.Row``): file, ok, error, each
    standard's rating (ids in rule-set order, across every rule set met), score, max_score, overall, rules,
    name; and when some file was a report, :data:`REPORT_COLUMNS` (so that a batch of inspection files has
    the table it always had). Cells are text, whole numbers, booleans or None (nothing)."""
    rows = list(rows)
    ids: list[str] = []
    for row in rows:
        if row.result is not None:
            ids += [s for s in row.result.standards if s not in ids]
    reports = any(row.result is not None and row.result.gaps is not None for row in rows)
    header = ["file", "ok", "error", *ids, "score", "max_score", "overall", "rules", "name",
              *(REPORT_COLUMNS if reports else ())]
    table = []
    for row in rows:
        r = row.result
        if r is None:
            assert row.error is not None, row.file  # a row without a result holds its error (rate_files)
            table.append([row.file, False, "; ".join(row.error.splitlines())]
                         + [None] * (len(ids) + 5 + (len(REPORT_COLUMNS) if reports else 0)))
            continue
        ratings = [rating_or_possible(r, s) if s in r.standards else None for s in ids]
        table.append([row.file, True, None, *ratings, r.score, r.max_score, rating_or_possible(r, None),
                      r.rules.id, r.name, *(_from_report(r) if reports else ())])
    return header, table


def _from_report(result: Result) -> tuple[bool, int | None]:
    """The report columns of a rated file: whether it was a report, and how many gaps it had (None for an
    inspection file, which has none to count)."""
    return (True, len(result.gaps)) if result.gaps is not None else (False, None)


def standard_records(result: Result) -> list[dict[str, Any]]:
    """One record per standard of one result, keyed by :data:`STANDARD_COLUMNS`, in rule-set order."""
    rules = result.rules
    domains = {d.id: d for d in rules.domains}
    overall = None if result.overall is None else str(result.overall)
    out = []
    for sid, s in result.standards.items():
        standard = s.standard
        domain = domains.get(standard.domain)
        low = _lowest(s)
        margin = s.margin
        options = result.possible.standards.get(sid) if s.rating is None and result.possible else None
        out.append({
            "inspection": result.name, "rules": rules.id,
            "domain": standard.domain, "domain_name": domain.name if domain else None,
            "number": standard.number, "standard": sid, "standard_name": standard.name, "kind": standard.kind,
            "rating": _text(s.rating), "possible": " or ".join(map(str, options)) if options else None,
            "points": None if s.rating is None else s.rating.points, "counted": s.counted,
            "judgement": _text(s.judgement), "unlimited": _text(s.unlimited), "capped_by": s.capped_by,
            "lowest_question": s.lowest if low is not None else None,
            "lowest_percent": float(low.percent) if low is not None else None,
            "margin_down": margin.down if margin is not None else None,
            "margin_up": margin.up if margin is not None else None,
            "score": result.score, "max_score": result.max_score, "overall": overall,
            "overall_limited_by": result.overall_limited_by,
        })
    return out


def _lowest(s: StandardResult) -> KeyQuestionResult | None:
    """The result of the key question a case standard is rated by, when it is rated by its lowest (one known
    in full: a standard left open by unknowns names none)."""
    if s.results is None or s.lowest is None:
        return None
    low = s.results.get(s.lowest)
    return low if isinstance(low, KeyQuestionResult) else None


def _text(rating: Rating | None) -> str | None:
    return None if rating is None else str(rating)


def _results(results: Result | Iterable[Result]) -> list[Result]:
    """A result or several; anything else (an error item of ``rate_many(errors="return")``) is refused,
    never dropped in silence."""
    items = [results] if isinstance(results, Result) else list(results)
    for i, item in enumerate(items):
        if not isinstance(item, Result):
            raise TypeError(f"to_frame takes ratings.Result objects; item {i} is a {type(item).__name__}"
                            + (f": {item}" if isinstance(item, RatingsError) else ""))
    return items


#: ``to_frame``'s columns: ``result``, the place of the result in the list given (from 0), then
#: :data:`STANDARD_COLUMNS`; ``result`` and ``standard`` together name one row, even when two inspections
#: share a name (a PDU inspected twice)
FRAME_COLUMNS = ("result", *STANDARD_COLUMNS)


def to_frame(results: Result | Iterable[Result]) -> Any:
    """A tidy pandas DataFrame with one row per standard per inspection (the columns of
    :data:`FRAME_COLUMNS`, in that order): give it ``ratings.rate(...)``'s result, or a list of them
    (``Engine.rate_many``'s). Text columns have pandas' ``string`` dtype; points, scores and margins are
    nullable integers (``Int64``): nothing (Not rated has no points; a value unknowns leave open) is
    ``<NA>``. Needs pandas: ``pip install 'ratings[pandas]'``."""
    try:
        import pandas as pd
    except ImportError:
        raise RatingsError("ratings.to_frame needs pandas, which is not installed: "
                           "pip install 'ratings[pandas]'") from None
    records = [{"result": k, **record} for k, result in enumerate(_results(results))
               for record in standard_records(result)]
    frame = pd.DataFrame.from_records(records, columns=list(FRAME_COLUMNS))
    # the same dtypes whatever the values (a column of nothing but None would otherwise be 'object')
    return frame.astype({"result": "int64", **{c: _DTYPES.get(c, "string") for c in STANDARD_COLUMNS}})


#: Columns that are not text: whole numbers (nullable), a share, a flag.
_DTYPES = {"points": "Int64", "margin_down": "Int64", "margin_up": "Int64", "score": "Int64", "max_score": "Int64",
           "lowest_percent": "float64", "counted": "bool"}


def write_xlsx(rows: Iterable[Row], path: str | os.PathLike[str]) -> None:
    """The batch as a workbook (:func:`xlsx_bytes`), written to ``path``."""
    data = xlsx_bytes(rows)
    with open(path, "wb") as fh:
        fh.write(data)


def xlsx_bytes(rows: Iterable[Row]) -> bytes:
    """The batch as a workbook: sheet 'inspections' (one row per file, the CSV's columns) and sheet
    'standards' (one row per standard per rated file: ``file`` then :data:`STANDARD_COLUMNS`). Text cells
    are stored as text, never as formulas. Needs openpyxl: ``pip install 'ratings[xlsx]'``."""
    workbook = new_workbook()
    rows = list(rows)
    header, table = inspection_table(rows)
    _sheet(workbook.active, "inspections", header, table)
    standards = [[row.file, *(record[c] for c in STANDARD_COLUMNS)] for row in rows if row.result is not None
                 for record in standard_records(row.result)]
    _sheet(workbook.create_sheet(), "standards", ["file", *STANDARD_COLUMNS], standards)
    import io

    buffer = io.BytesIO()  # built in memory, so that a failed write is one OSError and no half-closed zip
    workbook.save(buffer)
    return buffer.getvalue()


def new_workbook() -> Any:
    """An empty openpyxl workbook; a clear error naming the extra when openpyxl is missing."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise RatingsError("--format xlsx needs openpyxl, which is not installed: "
                           "pip install 'ratings[xlsx]'") from None
    return Workbook()


#: What XML 1.0 cannot hold beyond the controls one_line escapes: surrogates and the non-characters U+FFFE and
#: U+FFFF (a workbook holding one is not well-formed: openpyxl cannot read it back)
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str | None) -> str | None:
    """Text a workbook can hold: what XML cannot, shown escaped as the terminal shows a control character."""
    return None if text is None else _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _sheet(sheet: Any, title: str, header: list[str], table: list[list[Any]]) -> None:
    sheet.title = title
    sheet.append(header)
    for values in table:
        sheet.append([_xml_text(one_line(v)) if isinstance(v, str) else v for v in values])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl takes text starting with '=' for a formula: it is text
    sheet.freeze_panes = "A2"
