"""The rule-set loader: a rule-set YAML file in, a validated, frozen :class:`RuleSet` out.

All checking of rule sets happens here, and every problem in a file is reported at once, each with its
line: unknown or missing keys, bands with a gap or an overlap, bands that rate a higher value lower,
decision rules naming unknown standards, decision rules that depend on each other in a cycle, and more.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import attrs

from ._core import Core
from ._errors import Problems, RatingsError, RuleSetError
from ._model import (Band, BandSet, Condition, DecisionRule, Domain, InForce, KeyQuestion, OverallRule,
                     Provenance, Rating, RuleSet, ScoreTable, Standard, Step)
from ._reader import Reader, clip, join, one_of, suggestion
from ._yaml import Node, describe, parse_bytes, read_bytes

CONFIDENCE = ("confirmed", "inferred", "assumed")
KINDS = ("judged", "case", "information")
PROVENANCE = ("source", "confidence", "notes")
MAX_RULE_SET_BYTES = 4_000_000
_RANGE = re.compile(r"^(\d+)\s*(?:-\s*(\d+))?$")


def load_rule_set_file(path: str | Path, display: str | None = None) -> RuleSet:
    """Read and validate a rule-set file; raise :class:`RuleSetError` listing every problem."""
    name = display if display is not None else str(path)
    try:
        data = read_bytes(path, name, MAX_RULE_SET_BYTES)
    except RatingsError as exc:
        raise RuleSetError(exc.problems) from None
    return load_rule_set_bytes(data, name)


def load_rule_set_bytes(data: bytes, name: str) -> RuleSet:
    """Parse and validate the bytes of a rule-set file called ``name`` in messages."""
    try:
        root = parse_bytes(data, name)
    except RatingsError as exc:  # from the YAML reader: report it as a rule-set error
        raise RuleSetError(exc.problems) from None
    return build_rule_set(root, name, name)


def build_rule_set(root: Node, file: str, path: str | None = None) -> RuleSet:
    problems = Problems(file)
    rule_set = _RuleSetBuilder(Reader(problems), path).build(root)
    problems.raise_if_any(RuleSetError)
    assert rule_set is not None
    return rule_set


class _RuleSetBuilder:
    def __init__(self, reader: Reader, path: str | None):
        self.r = reader
        self.path = path
        self.scale: dict[str, Rating] = {}
        self.not_rated: Rating | None = None
        self.scale_broken = False
        self.band_set_names: list[str] = []  # declared, whether valid or not
        self.rule_ids: dict[str, int | None] = {}

    # ----------------------------------------------------------------------------------- helpers

    def provenance(self, fields: dict[str, Node], node: Node, path: str, line: int | None,
                   inherited: Provenance | None = None) -> Provenance | None:
        r = self.r
        if inherited is not None and "source" not in fields and "confidence" not in fields:
            return inherited
        for key in ("source", "confidence"):
            if key not in fields:
                r.problem(f"missing key '{key}' (every rule says where it comes from and how sure we are)",
                          node, path, line)
        source = r.text(fields["source"], join(path, "source")) if "source" in fields else None
        confidence = (r.choice(fields["confidence"], join(path, "confidence"), CONFIDENCE, "confidence")
                      if "confidence" in fields else None)
        notes = r.text(fields["notes"], join(path, "notes")) if "notes" in fields else None
        if source is None or confidence is None:
            return None
        return Provenance(source, confidence, notes)

    def rule_id(self, node: Node, path: str) -> str | None:
        value = self.r.identifier(node, path)
        if value is None:
            return None
        if value in self.rule_ids:
            first = self.rule_ids[value]
            self.r.problem(f"the rule id '{clip(value)}' is used twice" + (f" (first on line {first})" if first else ""),
                           node, path)
            return None
        self.rule_ids[value] = node.line
        return value

    def rating(self, node: Node, path: str, allow_not_rated: bool = False) -> Rating | None:
        if not self.scale:
            return None  # the scale itself is broken; that problem is already reported
        names = list(self.scale) + ([str(self.not_rated)] if allow_not_rated and self.not_rated else [])
        name = self.r.choice(node, path, names, "rating")
        if name is None:
            return None
        return self.scale.get(name) or self.not_rated

    # -------------------------------------------------------------------------------------- build

    def build(self, root: Node) -> RuleSet | None:
        r = self.r
        top = r.mapping(root, "", what="a rule set (a mapping with id, title, scale, bands, domains, ...)",
                        required=("id", "title", "service", "in_force", "scale", "case_rating", "bands", "domains",
                                  "score", "overall"),
                        optional=("publisher", "decision_rules") + PROVENANCE, line=1)
        if top is None:
            return None
        get = top.get
        rid = r.identifier(top["id"], "id") if "id" in top else None
        title = r.text(top["title"], "title") if "title" in top else None
        publisher = r.text(top["publisher"], "publisher") if "publisher" in top else ""
        service = r.identifier(top["service"], "service") if "service" in top else None
        provenance = self.provenance(top, root, "", 1)
        in_force = self.in_force(top["in_force"], "in_force") if "in_force" in top else None
        if "scale" in top:
            self.read_scale(top["scale"], "scale")
        case_rating = self.step(top["case_rating"], "case_rating") if "case_rating" in top else None
        band_sets = self.band_sets(top["bands"], "bands") if "bands" in top else {}
        domains, standards = (self.domains(top["domains"], "domains", band_sets, top)
                              if "domains" in top else ((), {}))
        rules = (self.decision_rules(get("decision_rules"), "decision_rules", domains, standards)
                 if get("decision_rules") is not None else ())
        score = self.step(top["score"], "score") if "score" in top else None
        counted = sum(1 for std in standards.values() if std.counted)
        overall = self.overall(top["overall"], "overall", counted) if "overall" in top else None
        order = self.judged_order(standards, rules, top.get("decision_rules"))
        if standards and not any(s.counted for s in standards.values()):
            r.problem("no standard is counted in the score", top["domains"], "domains")
        if None in (rid, title, service, provenance, in_force, case_rating, score, overall) or not self.scale \
                or r.problems:
            return None
        rule_set = RuleSet(id=rid, title=title, publisher=publisher, service=service, provenance=provenance,
                           in_force=in_force, scale=tuple(self.scale.values()), not_rated=self.not_rated,
                           band_sets=band_sets, domains=domains, standards=standards, decision_rules=rules,
                           case_rating=case_rating, score=score, overall=overall, path=self.path,
                           judged_order=order)
        return attrs.evolve(rule_set, core=Core(rule_set))

    def in_force(self, node: Node, path: str) -> InForce | None:
        r = self.r
        f = r.mapping(node, path, required=("from",), optional=("until",) + PROVENANCE)
        if f is None:
            return None
        start = r.date(f["from"], join(path, "from")) if "from" in f else None
        end = None
        if f.get("until") is not None and f["until"].kind != "null":
            end = r.date(f["until"], join(path, "until"), month_end=True)
            if start and end and end < start:
                r.problem(f"'until' ({end}) is before 'from' ({start})", f["until"], join(path, "until"))
                end = None
        provenance = self.provenance(f, node, path, node.line)
        if start is None or provenance is None:
            return None
        return InForce(start, end, provenance)

    def read_scale(self, node: Node, path: str) -> None:
        r = self.r
        f = r.mapping(node, path, required=("ratings", "not_rated") , optional=PROVENANCE)
        if f is None:
            return
        self.provenance(f, node, path, node.line)
        items = r.sequence(f["ratings"], join(path, "ratings")) if "ratings" in f else None
        entries: list[tuple[str, int, Node]] = []
        for i, item in enumerate(items or []):
            p = join(join(path, "ratings"), i)
            g = r.mapping(item, p, required=("name", "points"))
            if g is None or "name" not in g or "points" not in g:
                continue
            name = r.text(g["name"], join(p, "name"))
            points = r.integer(g["points"], join(p, "points"), minimum=0)
            if name is None:
                continue
            if points is None:  # reported; keep the name so that references to it still resolve
                self.scale_broken = True
                points = entries[-1][1] - 1 if entries else 0
            if any(name.casefold() == e[0].casefold() for e in entries):
                r.problem(f"the rating '{clip(name)}' is listed twice", g["name"], join(p, "name"))
                continue
            if entries and points >= entries[-1][1]:
                r.problem(f"ratings are listed best first, so points must fall: '{clip(name)}' has {points}, "
                          f"'{entries[-1][0]}' above it has {entries[-1][1]}", g["points"], join(p, "points"))
                self.scale_broken = True
            entries.append((name, points, item))  # kept, so that later references to it still resolve
        not_rated = r.text(f["not_rated"], join(path, "not_rated")) if "not_rated" in f else None
        if not_rated is not None and any(not_rated.casefold() == e[0].casefold() for e in entries):
            r.problem(f"'{not_rated}' cannot be both a rating and the Not rated state", f["not_rated"],
                      join(path, "not_rated"))
            return
        if not entries or not_rated is None:
            return
        self.scale = {name: Rating(name, points, len(entries) - i) for i, (name, points, _) in enumerate(entries)}
        self.not_rated = Rating(not_rated, None, -1)

    def step(self, node: Node, path: str) -> Step | None:
        r = self.r
        f = r.mapping(node, path, required=("id", "description") , optional=PROVENANCE)
        if f is None:
            return None
        sid = self.rule_id(f["id"], join(path, "id")) if "id" in f else None
        description = r.text(f["description"], join(path, "description")) if "description" in f else None
        provenance = self.provenance(f, node, path, node.line)
        if None in (sid, description, provenance):
            return None
        return Step(sid, provenance, description)

    # ------------------------------------------------------------------------------------- bands

    def band_sets(self, node: Node, path: str) -> dict[str, BandSet]:
        r = self.r
        if node.kind != "map" or not node.value:
            r.problem("expected a mapping of band-set ids to band sets", node, path)
            return {}
        out = {}
        self.band_set_names = list(node.value)
        for key, value in node.value.items():
            p = join(path, key)
            f = r.mapping(value, p, required=("measures", "bands"), optional=("unit", "range") + PROVENANCE,
                          line=r.key_line(node, key))
            if f is None:
                continue
            bid = self.rule_id(Node("str", key, r.key_line(node, key), key), p)
            low, high = Fraction(0), Fraction(100)
            if "range" in f:
                seq = r.sequence(f["range"], join(p, "range"))
                if seq is not None and len(seq) != 2:
                    r.problem("expected two numbers: [lowest, highest]", f["range"], join(p, "range"))
                elif seq is not None:
                    lo = r.number(seq[0], join(p, "range[0]"))
                    hi = r.number(seq[1], join(p, "range[1]"))
                    if lo is not None and hi is not None:
                        if lo >= hi:
                            r.problem(f"the range [{lo}, {hi}] is empty", f["range"], join(p, "range"))
                        low, high = lo, hi
            unit = r.text(f["unit"], join(p, "unit"), allow_empty=True) if "unit" in f else "%"
            band_set = self.band_set(f, value, p, bid, low, high, unit or "")
            if band_set is not None and bid is not None:
                out[bid] = band_set
        return out

    def band_set(self, f: dict[str, Node], node: Node, path: str, bid: str | None, low: Fraction,
                 high: Fraction, unit: str) -> BandSet | None:
        r = self.r
        measures = r.text(f["measures"], join(path, "measures")) if "measures" in f else None
        provenance = self.provenance(f, node, path, node.line)
        bands = self.bands(f["bands"], join(path, "bands"), low, high, unit) if "bands" in f else None
        if None in (bid, measures, provenance, bands):
            return None
        return BandSet(bid, measures, unit, low, high, bands, provenance)

    def bands(self, node: Node, path: str, low: Fraction, high: Fraction, unit: str) -> tuple[Band, ...] | None:
        r = self.r
        items = r.sequence(node, path)
        if items is None:
            return None
        bands: list[Band] = []
        ok = True
        for i, item in enumerate(items):
            p = join(path, i)
            f = r.mapping(item, p, required=("rating",), optional=("words", "at_least", "above", "at_most", "below"))
            if f is None:
                ok = False
                continue
            rating = self.rating(f["rating"], join(p, "rating")) if "rating" in f else None
            words = r.text(f["words"], join(p, "words")) if "words" in f else None
            lower = [k for k in ("at_least", "above") if k in f]
            upper = [k for k in ("at_most", "below") if k in f]
            if len(lower) != 1:
                r.problem("give exactly one lower bound: 'at_least' (inclusive) or 'above' (exclusive)", item, p)
            if len(upper) != 1:
                r.problem("give exactly one upper bound: 'at_most' (inclusive) or 'below' (exclusive)", item, p)
            if len(lower) != 1 or len(upper) != 1 or rating is None:
                ok = False
                continue
            lo = r.number(f[lower[0]], join(p, lower[0]))
            hi = r.number(f[upper[0]], join(p, upper[0]))
            if lo is None or hi is None:
                ok = False
                continue
            band = Band(rating, words, lo, lower[0] == "at_least", hi, upper[0] == "at_most", item.line)
            if lo > hi or (lo == hi and not (band.low_inclusive and band.high_inclusive)):
                r.problem(f"the band {describe_band(band, unit)} is empty", item, p)
                ok = False
                continue
            if lo < low or hi > high:
                r.problem(f"the band {describe_band(band, unit)} goes outside the range {fmt(low)}-{fmt(high)}",
                          item, p)
                ok = False
                continue
            bands.append(band)
        if not ok:
            return None
        ordered = sorted(bands, key=lambda b: (b.low, not b.low_inclusive))
        if not self.coverage(ordered, node, path, low, high, unit):
            return None
        for below, above in zip(ordered, ordered[1:]):
            if above.rating.rank < below.rating.rank:
                r.problem(f"bands must not rate a higher value lower: {describe_band(above, unit)} gives "
                          f"'{above.rating}' but {describe_band(below, unit)} gives '{below.rating}'",
                          node, path, above.line)
                return None
        return tuple(attrs.evolve(b, text=describe_band(b, unit, low, high)) for b in reversed(ordered))

    def coverage(self, ordered: list[Band], node: Node, path: str, low: Fraction, high: Fraction,
                 unit: str) -> bool:
        """Bands must cover the range exactly once: no gap, no overlap."""
        r = self.r
        ok = True
        first, last = ordered[0], ordered[-1]
        if first.low > low or not first.low_inclusive:
            r.problem(f"gap in the bands: no band covers {fmt(low)}{unit}"
                      + (f" up to {fmt(first.low)}{unit}" if first.low > low else ""), node, path, first.line)
            ok = False
        if last.high < high or not last.high_inclusive:
            r.problem(f"gap in the bands: no band covers {fmt(high)}{unit}"
                      + (f" down to {fmt(last.high)}{unit}" if last.high < high else ""), node, path, last.line)
            ok = False
        for a, b in zip(ordered, ordered[1:]):
            if a.high < b.low or (a.high == b.low and not a.high_inclusive and not b.low_inclusive):
                r.problem(f"gap in the bands between {describe_band(a, unit)} ('{a.rating}') and "
                          f"{describe_band(b, unit)} ('{b.rating}'): no band covers "
                          + (f"{fmt(a.high)}{unit}" if a.high == b.low else f"{fmt(a.high)}-{fmt(b.low)}{unit}"),
                          node, path, b.line)
                ok = False
            elif a.high > b.low or (a.high == b.low and a.high_inclusive and b.low_inclusive):
                r.problem(f"overlap in the bands: {describe_band(a, unit)} ('{a.rating}') and "
                          f"{describe_band(b, unit)} ('{b.rating}') both cover "
                          + (f"{fmt(b.low)}{unit}" if a.high == b.low else f"{fmt(b.low)}-{fmt(a.high)}{unit}"),
                          node, path, b.line)
                ok = False
        return ok

    def overall(self, node: Node, path: str, counted: int) -> OverallRule | None:
        r = self.r
        f = r.mapping(node, path, required=("id", "measures"), optional=("bands", "score_tables") + PROVENANCE)
        if f is None:
            return None
        oid = self.rule_id(f["id"], join(path, "id")) if "id" in f else None
        measures = r.text(f["measures"], join(path, "measures")) if "measures" in f else None
        provenance = self.provenance(f, node, path, node.line)
        if not self.scale or self.scale_broken:  # the overall's range depends on the top points
            return None
        top = max(p.points for p in self.scale.values())
        band_set = None
        if "bands" in f:
            band_set = self.band_set(f, node, path, oid, Fraction(0), Fraction(top), " points")
            if band_set is None:
                return None
        tables = self.score_tables(f["score_tables"], join(path, "score_tables"), top, counted) \
            if "score_tables" in f else {}
        if tables is None:
            return None
        possible = [top * n for n in range(counted, 0, -1)]
        missing = [m for m in possible if m not in tables]
        if band_set is None and missing:
            what = ("the overall rating has neither 'bands' (mean points per rated standard) nor "
                    "'score_tables'") if not tables else \
                (f"the score tables do not cover every possible maximum: {', '.join(map(str, missing))} "
                 f"(when standards are Not rated) have no table; add them, or give 'bands' on the mean points")
            r.problem(what, node, path, r.key_line(node, "score_tables") if tables else None)
            return None
        if None in (oid, measures, provenance):
            return None
        return OverallRule(oid, band_set, provenance, measures, tables)

    def score_tables(self, node: Node, path: str, top: int, counted: int) -> dict[int, ScoreTable] | None:
        r = self.r
        items = r.sequence(node, path)
        if items is None:
            return None
        ranks = {str(x): x for x in self.scale.values()}
        out: dict[int, ScoreTable] = {}
        ok = True
        for i, item in enumerate(items):
            p = join(path, i)
            f = r.mapping(item, p, required=("maximum", "ranges"), optional=PROVENANCE)
            if f is None or "maximum" not in f or "ranges" not in f:
                ok = False
                continue
            maximum = r.integer(f["maximum"], join(p, "maximum"), minimum=1)
            provenance = self.provenance(f, item, p, item.line)
            if maximum is None or provenance is None:
                ok = False
                continue
            possible = [top * n for n in range(1, counted + 1)]
            if maximum not in possible:
                r.problem(f"{maximum} is not a possible maximum: with {counted} counted standards at up to {top} "
                          f"points the maxima are {', '.join(map(str, possible))}", f["maximum"], join(p, "maximum"))
                ok = False
                continue
            if maximum in out:
                r.problem(f"a second score table for the maximum {maximum} (first on line {out[maximum].line})",
                          f["maximum"], join(p, "maximum"))
                ok = False
                continue
            ranges = self.score_ranges(f["ranges"], join(p, "ranges"), maximum, ranks)
            if ranges is None:
                ok = False
                continue
            out[maximum] = ScoreTable(maximum, ranges, provenance, item.line)
        return out if ok else None

    def score_ranges(self, node: Node, path: str, maximum: int,
                     ranks: dict[str, Rating]) -> tuple[tuple[Rating, int, int], ...] | None:
        """``{rating: "low-high"}`` covering every score from 0 to the maximum once, rising with the rating."""
        r = self.r
        if node.kind != "map" or not node.value:
            r.problem("expected a mapping of ratings to score ranges, e.g. {Inadequate: 0-6, ...}", node, path)
            return None
        found = []
        for key, value in node.value.items():
            p = join(path, key)
            rating = self.rating(Node("str", key, r.key_line(node, key), key), p)
            text = value.text.strip() if value.kind in ("str", "int") else ""
            m = _RANGE.match(text)
            if m is None:
                r.problem(f"expected a score range such as 7-18 (or one score such as 36), found {describe(value)}",
                          value, p)
                continue
            low, high = int(m.group(1)), int(m.group(2) or m.group(1))
            if rating is None:
                continue
            if low > high:
                r.problem(f"the range {low}-{high} is empty", value, p)
                continue
            found.append((low, high, rating, value.line))
        if len(found) != len(node.value):
            return None
        found.sort()
        ok = True
        expected_low = 0
        for low, high, rating, line in found:
            if low > expected_low:
                r.problem(f"gap in the score table for {maximum}: no rating for "
                          + (f"{expected_low}" if low - 1 == expected_low else f"{expected_low}-{low - 1}"),
                          node, path, line)
                ok = False
            elif low < expected_low:
                both = f"{low}" if low == expected_low - 1 else f"{low}-{expected_low - 1}"
                r.problem(f"overlap in the score table for {maximum}: {both} has two ratings", node, path, line)
                ok = False
            expected_low = max(expected_low, high + 1)
        if expected_low <= maximum and ok:
            r.problem(f"gap in the score table for {maximum}: no rating for "
                      + (f"{expected_low}" if expected_low == maximum else f"{expected_low}-{maximum}"), node, path)
            ok = False
        elif expected_low > maximum + 1:
            r.problem(f"the score table for {maximum} goes past {maximum}", node, path)
            ok = False
        for (_, _, below, _), (_, _, above, line) in zip(found, found[1:]):
            if above.rank < below.rank:
                r.problem(f"the score table for {maximum} rates a higher score lower ('{above}' above '{below}')",
                          node, path, line)
                ok = False
        return tuple((rating, low, high) for low, high, rating, _ in found) if ok else None

    # ------------------------------------------------------------------------------------ domains

    def domains(self, node: Node, path: str, band_sets: dict[str, BandSet],
                top: dict[str, Node]) -> tuple[tuple[Domain, ...], dict[str, Standard]]:
        r = self.r
        items = r.sequence(node, path)
        domains: list[Domain] = []
        standards: dict[str, Standard] = {}
        lines: dict[str, int | None] = {}
        for i, item in enumerate(items or []):
            p = join(path, i)
            f = r.mapping(item, p, required=("id", "name", "standards"), optional=("number",) + PROVENANCE)
            if f is None:
                continue
            did = r.identifier(f["id"], join(p, "id")) if "id" in f else None
            if did is not None and any(d.id == did for d in domains):
                r.problem(f"the domain id '{clip(did)}' is used twice", f["id"], join(p, "id"))
            name = r.text(f["name"], join(p, "name")) if "name" in f else None
            number = self.number_label(f, p)
            provenance = self.provenance(f, item, p, item.line)
            ids = []
            for j, s_node in enumerate(r.sequence(f["standards"], join(p, "standards")) or []
                                       if "standards" in f else []):
                standard = self.standard(s_node, join(join(p, "standards"), j), did or "", provenance, band_sets)
                if standard is None:
                    continue
                if standard.id in standards:
                    r.problem(f"the standard id '{clip(standard.id)}' is used twice (first on line {lines[standard.id]})",
                              s_node, join(join(p, "standards"), j))
                    continue
                standards[standard.id] = standard
                lines[standard.id] = s_node.line
                ids.append(standard.id)
            if did is not None and name is not None and provenance is not None:
                domains.append(Domain(did, number, name, tuple(ids), provenance))
        return tuple(domains), standards

    def number_label(self, f: dict[str, Node], path: str) -> str | None:
        if "number" not in f:
            return None
        n = f["number"]
        if n.kind in ("int", "number", "str") and n.text.strip():
            return n.text.strip()
        self.r.problem("expected a section number such as \"2.1\" (quote it)", n, join(path, "number"))
        return None

    def standard(self, node: Node, path: str, domain: str, inherited: Provenance | None,
                 band_sets: dict[str, BandSet]) -> Standard | None:
        r = self.r
        f = r.mapping(node, path, required=("id", "name", "kind"),
                      optional=("number", "statement", "counted", "key_questions", "bands") + PROVENANCE)
        if f is None:
            return None
        sid = r.identifier(f["id"], join(path, "id")) if "id" in f else None
        name = r.text(f["name"], join(path, "name")) if "name" in f else None
        kind = r.choice(f["kind"], join(path, "kind"), KINDS, "kind of standard") if "kind" in f else None
        number = self.number_label(f, path)
        statement = r.text(f["statement"], join(path, "statement")) if "statement" in f else None
        provenance = self.provenance(f, node, path, node.line, inherited)
        counted = True
        if "counted" in f:
            counted = r.boolean(f["counted"], join(path, "counted"))
            if counted and kind == "information":
                r.problem("an information standard is never rated, so it cannot be counted", f["counted"],
                          join(path, "counted"))
        if kind == "information":
            counted = False
        key_questions: tuple[KeyQuestion, ...] = ()
        bands = None
        if kind == "judged":
            for key in ("key_questions", "bands"):
                if key in f:
                    r.problem(f"a judged standard has no '{key}': it is rated by the inspectors' judgement",
                              f[key], join(path, key), r.key_line(node, key))
        elif kind in ("case", "information"):
            if "key_questions" not in f:
                r.problem("missing key 'key_questions' (a case standard is rated from its key questions)",
                          node, path)
            else:
                key_questions = self.key_questions(f["key_questions"], join(path, "key_questions"))
            if kind == "case":
                bands = self.standard_bands(f, node, path, band_sets)
            elif "bands" in f:
                r.problem("an information standard is never rated, so it has no bands", f["bands"],
                          join(path, "bands"))
        if None in (sid, name, kind, provenance, counted):
            return None
        # a case standard whose bands or key questions are broken (already reported) is kept, so that rules
        # naming it are checked too; the rule set is not built while any problem stands

        return Standard(sid, number, name, domain, kind, counted, statement, key_questions, bands, provenance,
                        node.line)

    def standard_bands(self, f: dict[str, Node], node: Node, path: str,
                       band_sets: dict[str, BandSet]) -> BandSet | None:
        r = self.r
        if "bands" in f:
            name = r.text(f["bands"], join(path, "bands"))
            if name is None:
                return None
            if name in self.band_set_names and name not in band_sets:
                return None  # declared but invalid: already reported
            if name not in band_sets:
                near = suggestion(name, band_sets)
                r.problem(f"no band set '{clip(name)}'" + (f"; did you mean '{near}'?" if near else
                          f"; the rule set defines {one_of(band_sets)}"), f["bands"], join(path, "bands"))
                return None
            return band_sets[name]
        if len(self.band_set_names) == 1:
            return band_sets.get(self.band_set_names[0])  # None when invalid: already reported
        if self.band_set_names:
            r.problem(f"say which band set rates this standard ('bands': {one_of(self.band_set_names)})", node, path)
        else:
            r.problem("no band set rates this case standard: the rule set's 'bands' defines none", node, path)
        return None

    def key_questions(self, node: Node, path: str) -> tuple[KeyQuestion, ...]:
        r = self.r
        if node.kind != "map" or not node.value:
            r.problem("expected a mapping of key-question ids to their questions", node, path)
            return ()
        out = []
        for key, value in node.value.items():
            p = join(path, key)
            qid = r.identifier(Node("str", key, r.key_line(node, key), key), p)
            paraphrase = False
            if value.kind == "map":
                g = r.mapping(value, p, required=("text",), optional=("paraphrase",), line=r.key_line(node, key))
                if g is None or "text" not in g:
                    continue
                text = r.text(g["text"], join(p, "text"))
                if "paraphrase" in g:
                    paraphrase = bool(r.boolean(g["paraphrase"], join(p, "paraphrase")))
            else:
                text = r.text(value, p)
            if qid is not None and text is not None:
                out.append(KeyQuestion(qid, text, paraphrase))
        return tuple(out)

    # ----------------------------------------------------------------------------- decision rules

    def decision_rules(self, node: Node, path: str, domains: tuple[Domain, ...],
                       standards: dict[str, Standard]) -> tuple[DecisionRule, ...]:
        r = self.r
        items = r.sequence(node, path, allow_empty=True)
        out = []
        for i, item in enumerate(items or []):
            p = join(path, i)
            f = r.mapping(item, p, required=("id", "standard", "at_most", "when"),
                          optional=("description",) + PROVENANCE)
            if f is None:
                continue
            rid = self.rule_id(f["id"], join(p, "id")) if "id" in f else None
            target = self.standard_ref(f["standard"], join(p, "standard"), standards, judged_only=True) \
                if "standard" in f else None
            at_most = self.rating(f["at_most"], join(p, "at_most")) if "at_most" in f else None
            when = self.condition(f["when"], join(p, "when"), domains, standards) if "when" in f else None
            description = r.text(f["description"], join(p, "description")) if "description" in f else None
            provenance = self.provenance(f, item, p, item.line)
            if None in (rid, target, at_most, when, provenance):
                continue
            out.append(DecisionRule(rid, target, at_most, when, provenance, description, item.line))
        return tuple(out)

    def standard_ref(self, node: Node, path: str, standards: dict[str, Standard],
                     judged_only: bool = False) -> str | None:
        r = self.r
        sid = r.text(node, path)
        if sid is None:
            return None
        if sid not in standards:
            near = suggestion(sid, standards)
            r.problem(f"no standard '{clip(sid)}' in this rule set" + (f"; did you mean '{near}'?" if near else ""),
                      node, path)
            return None
        kind = standards[sid].kind
        if judged_only and kind != "judged":
            r.problem(f"decision rules cap judged standards; '{sid}' is a {kind} standard", node, path)
            return None
        if kind == "information":
            r.problem(f"'{sid}' is an information standard and is never rated", node, path)
            return None
        return sid

    def condition(self, node: Node, path: str, domains: tuple[Domain, ...],
                  standards: dict[str, Standard]) -> Condition | None:
        r = self.r
        f = r.mapping(node, path, required=("at_or_below",),
                      optional=("standard", "standards", "domain", "at_least_share", "at_least_count"))
        if f is None:
            return None
        at_or_below = self.rating(f["at_or_below"], join(path, "at_or_below")) if "at_or_below" in f else None
        chosen = [k for k in ("standard", "standards", "domain") if k in f]
        if len(chosen) != 1:
            r.problem("say which standards the rule looks at with exactly one of 'standard', 'standards' "
                      "(a list) or 'domain'", node, path)
            return None
        how = chosen[0]
        group = None
        if how == "standard":
            sid = self.standard_ref(f["standard"], join(path, "standard"), standards)
            ids = (sid,) if sid else None
            for key in ("at_least_share", "at_least_count"):
                if key in f:
                    r.problem(f"'{key}' applies to a group ('standards' or 'domain'), not one standard", f[key],
                              join(path, key))
                    ids = None
        elif how == "standards":
            seq = r.sequence(f["standards"], join(path, "standards"))
            refs = [self.standard_ref(n, join(join(path, "standards"), j), standards) for j, n in enumerate(seq or [])]
            ids = tuple(refs) if seq and None not in refs else None
            if ids is not None and len(set(ids)) != len(ids):
                r.problem("a standard is listed twice", f["standards"], join(path, "standards"))
                ids = None
        else:
            did = r.text(f["domain"], join(path, "domain"))
            domain = next((d for d in domains if d.id == did), None)
            ids = None
            if did is not None and domain is None:
                near = suggestion(did, [d.id for d in domains])
                r.problem(f"no domain '{clip(did)}' in this rule set" + (f"; did you mean '{near}'?" if near else
                          f"; the domains are {one_of(d.id for d in domains)}"), f["domain"], join(path, "domain"))
            elif domain is not None:
                ids = tuple(s for s in domain.standards if standards[s].kind != "information")
                group = domain.label
        share = count = None
        if how != "standard":
            if ("at_least_share" in f) == ("at_least_count" in f):
                r.problem("say how many of the group must match with exactly one of 'at_least_share' "
                          "(e.g. 1/2) or 'at_least_count' (e.g. 3)", node, path)
                return None
            if "at_least_share" in f:
                share = r.number(f["at_least_share"], join(path, "at_least_share"), "a share such as 1/2")
                if share is not None and not 0 < share <= 1:
                    r.problem(f"a share must be above 0 and at most 1, not {share}", f["at_least_share"],
                              join(path, "at_least_share"))
                    share = None
                if share is None:
                    return None
            else:
                count = r.integer(f["at_least_count"], join(path, "at_least_count"), minimum=1)
                if count is None:
                    return None
                if ids is not None and count > len(ids):
                    r.problem(f"at least {count} of a group of {len(ids)} can never match", f["at_least_count"],
                              join(path, "at_least_count"))
                    return None
        if ids is None or at_or_below is None:
            return None
        return Condition(ids, at_or_below, how == "standard", group, share, count)

    def judged_order(self, standards: dict[str, Standard], rules: tuple[DecisionRule, ...],
                     rules_node: Node | None) -> tuple[str, ...]:
        """Judged standards ordered so that every decision rule's inputs are rated before its target.

        Rules that depend on each other in a cycle are reported (once per cycle).
        """
        judged = [s for s, std in standards.items() if std.kind == "judged"]
        needs: dict[str, list[tuple[str, DecisionRule]]] = {s: [] for s in judged}
        for rule in rules:
            for dep in rule.when.standards:
                if standards[dep].kind == "judged":
                    needs[rule.standard].append((dep, rule))
        order: list[str] = []
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reported: set[frozenset[str]] = set()

        def visit(s: str, trail: list[tuple[str, DecisionRule | None]]) -> None:
            if state.get(s) == 2:
                return
            if state.get(s) == 1:
                names = [t[0] for t in trail]
                start = names.index(s)
                loop = names[start:]
                edges = [t[1] for t in trail[start + 1:] if t[1] is not None]
                key = frozenset(loop)
                if key not in reported:
                    reported.add(key)
                    words = f"{loop[0]} depends on " + ", which depends on ".join(loop[1:])
                    rule_ids = ", ".join(dict.fromkeys(e.id for e in edges))
                    line = edges[0].line if edges else (rules_node.line if rules_node else None)
                    self.r.problem(f"decision rules depend on each other in a cycle: {words} (rules {rule_ids}); "
                                   "a standard cannot be capped by its own rating", None, "decision_rules", line)
                return
            state[s] = 1
            for dep, rule in needs.get(s, []):
                visit(dep, trail + [(dep, rule)])
            state[s] = 2
            order.append(s)

        for s in judged:
            visit(s, [(s, None)])
        return tuple(order)


def fmt(value: Fraction) -> str:
    """A number as a report would print it: 50, 62.5, 0.5, 1.5; other fractions as a/b."""
    num, den = value.numerator, value.denominator
    if den == 1:
        return str(num)
    if (num * 1_000_000) % den == 0:  # a short exact decimal
        return f"{num / den:g}"
    return f"{num}/{den}"


def describe_band(band: Band, unit: str = "%", lowest: Fraction | None = None,
                  highest: Fraction | None = None) -> str:
    """A band in words: '80% or more', '65% to under 80%', 'under 50%'."""
    lo, hi = f"{fmt(band.low)}{unit}", f"{fmt(band.high)}{unit}"
    at_bottom = lowest is not None and band.low == lowest and band.low_inclusive
    at_top = highest is not None and band.high == highest and band.high_inclusive
    if at_top and at_bottom:
        return f"{lo} to {hi}"
    if at_top:
        return f"{lo} or more" if band.low_inclusive else f"over {lo}"
    if at_bottom:
        return f"under {hi}" if not band.high_inclusive else f"{hi} or less"
    left = lo if band.low_inclusive else f"over {lo}"
    right = hi if band.high_inclusive else f"under {hi}"
    return f"{left} to {right}"


def band_text(band_set: BandSet, band: Band) -> str:
    return band.text or describe_band(band, band_set.unit, band_set.low, band_set.high)

