"""The data commands print with ``--format json`` where it is more than one object's ``to_dict()``: one function
for each, called by the command line (``cli.py``) and by the web service (``serve.py``), so that both give the
same JSON. Nothing here decides anything: the words come from the kinds (each rule's own sentences)."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterable

from ..model.objects import Band, BandSet, Provenance, Rating, RuleSet, Standard

__all__ = ["json_text", "rule_list_data", "rule_card_data", "verify_data", "extraction_data", "plain"]


#: What json.dumps leaves raw without ensure_ascii but a terminal may obey: DEL, C1 controls, line separators.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029]")


def json_text(data: Any) -> str:
    """Every command's ``--format json`` output, and every answer of the web service: indented, UTF-8 as it
    is, the characters a terminal may obey escaped, and a final newline."""
    import json  # only for --format json: not on the way of every `ratings rate`

    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def rule_list_data(rule_sets: Iterable[RuleSet]) -> list[dict[str, Any]]:
    """``ratings rules list --format json``: each rule set with the fieldwork dates it covers."""
    return [{"id": r.id, "title": r.title, "service": r.service, "publisher": r.publisher,
             "from": r.in_force.start.isoformat(),
             "until": r.in_force.end.isoformat() if r.in_force.end else None} for r in rule_sets]


def verify_data(verdicts: list[Any]) -> dict[str, Any]:
    """``ratings verify --format json`` (one rule set): the tally, then each file's verdict."""
    from ..analyses.verify import Tally

    return {**Tally.of(verdicts).to_dict(), "files": [v.to_dict() for v in verdicts]}


# ------------------------------------------------------------------------------------------- the rule card


def rule_card_data(rules: RuleSet) -> dict[str, Any]:
    """``ratings rules show ID --format json``: the rule card as data. The same parts as the text card (scale,
    bands, standards with their key questions, decision rules, score, overall rating), each rule with the
    sentence the text card prints, and what a program needs to build an inspection: every standard's kind,
    key questions, items and the ratings a judgement may take."""
    return {
        "id": rules.id, "title": rules.title, "service": rules.service, "publisher": rules.publisher,
        "provenance": _provenance(rules.provenance),
        "from": rules.in_force.start.isoformat(),
        "until": rules.in_force.end.isoformat() if rules.in_force.end else None,
        "scale": [_rating(r) for r in rules.scale],
        "not_rated": str(rules.not_rated),
        "scales": {name: {"ratings": [_rating(r) for r in scale.ratings], "provenance": _provenance(scale.provenance)}
                   for name, scale in rules.scales.items()},
        "case_rating": _method(rules.case_rating) if rules.case_rating is not None else None,
        "bands": {band_set.id: _band_set(band_set) for band_set in rules.band_sets.values()},
        "domains": [{"id": d.id, "number": d.number, "name": d.name, "standards": list(d.standards)}
                    for d in rules.domains],
        "standards": {sid: _standard(rules, s) for sid, s in rules.standards.items()},
        "decision_rules": [{"id": rule.id, "limits": rule.target, "at_most": str(rule.at_most),
                            "sentence": rule.sentence(rules), "provenance": _provenance(rule.provenance)}
                           for rule in rules.decision_rules],
        "score": None if rules.score is None else {"id": rules.score.id, "description": rules.score.description,
                                                   "provenance": _provenance(rules.score.provenance)},
        "overall": _overall(rules),
    }


def _provenance(p: Provenance | None) -> dict[str, Any] | None:
    return None if p is None else {"source": p.source, "confidence": p.confidence, "notes": p.notes}


def _rating(r: Rating) -> dict[str, Any]:
    return {"rating": str(r), "points": r.points, "colour": r.colour}


def _method(method: Any) -> dict[str, Any]:
    """A case-rating (or scored) method: its id, its name and what it says it does."""
    return {"id": method.id, "method": method.name, "description": method.description}


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def _band(band: Band) -> dict[str, Any]:
    return {"rating": str(band.rating), "text": band.text, "words": band.words,
            "low": _number(band.low), "low_inclusive": band.low_inclusive,
            "high": _number(band.high), "high_inclusive": band.high_inclusive}


def _band_set(band_set: BandSet) -> dict[str, Any]:
    return {"measures": band_set.measures, "unit": band_set.unit, "low": _number(band_set.low),
            "high": _number(band_set.high),
            "rounding": band_set.rounding.words() if band_set.rounding is not None else None,
            "bands": [_band(b) for b in band_set.bands], "provenance": _provenance(band_set.provenance)}


def _standard(rules: RuleSet, s: Standard) -> dict[str, Any]:
    out: dict[str, Any] = {"name": s.name, "number": s.number, "label": s.label, "domain": s.domain,
                           "kind": s.kind, "counted": s.counted, "statement": s.statement}
    if s.kind == "judged":
        scale = rules.scales[s.scale].ratings if s.scale is not None else rules.scale
        out["scale"] = s.scale
        out["ratings"] = [str(r) for r in scale]
    if s.key_questions:
        part = "items" if s.kind == "scored" else "key_questions"
        out[part] = [{"id": q.id, "text": q.text, "paraphrase": q.paraphrase} for q in s.key_questions]
    if s.bands is not None:
        out["bands"] = s.bands.id
    if s.kind in ("case", "scored"):
        out["case_rating"] = _method(s.case_rating)
    if s.kind == "scored":
        out["scores"] = {"lowest": s.case_rating.lowest, "highest": s.case_rating.highest}
    if s.kind == "derived":
        out["from"] = list(s.derived.inputs)
        out["method"] = s.derived.method.name
        out["scale"] = s.scale
        if s.derived.method.own_rules:
            out["rules"] = list(s.derived.method.card(rules))
    return out


def _overall(rules: RuleSet) -> dict[str, Any] | None:
    overall = rules.overall
    if overall is None:
        return None
    out: dict[str, Any] = {"id": overall.id, "measures": overall.measures, "min_rated": overall.min_rated,
                           "provenance": _provenance(overall.provenance)}
    if not overall.reads_score:  # given by its own rules: their sentences, the first that holds
        out["scale"] = rules.scale_of("overall")
        out["rules"] = list(overall.card(rules))
        return out
    from .render import score_table

    counted = sum(1 for s in rules.standards.values() if s.counted)
    out["score_tables"] = [
        {"rated": n, "maximum": rules.top_points * n, "published": rules.top_points * n in overall.tables,
         "scores": {str(r): {"from": lo, "to": hi} for r, lo, hi in score_table(rules, n)}}
        for n in range(counted, overall.min_rated - 1, -1)]
    out["bands"] = None if overall.bands is None else [_band(b) for b in overall.bands.bands]
    return out


# ----------------------------------------------------------------------------------------------- extract


def extraction_data(extraction: Any) -> dict[str, Any]:
    """A report read into an inspection (``loading/extract.py``'s ``Extraction``) as JSON: the inspection
    (``unknown`` where the report did not give a value once), the gaps (``{"key", "message"}``) and where each
    value was found, by dotted key; with the rule set it was read under and how that was chosen."""
    return {"inspection": plain(extraction.mapping),
            "gaps": [{"key": g.key, "message": g.message} for g in extraction.gaps],
            "places": dict(extraction.places), "notes": dict(extraction.notes),
            "rules": extraction.rules.id, "chosen": extraction.chosen, "found": extraction.found}


def plain(value: Any) -> Any:
    """Data with exact numbers (Fraction, Decimal) as JSON numbers: whole ones as integers."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (Fraction, Decimal)):
        return int(value) if value == int(value) else float(value)
    if isinstance(value, Rating):
        return str(value)
    return value
