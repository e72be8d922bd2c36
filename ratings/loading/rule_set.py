"""The rule-set loader: a rule-set YAML file in, a validated, frozen :class:`RuleSet` out.

All checking of rule sets happens here, and every problem in a file is reported at once, each with its
line: unknown or missing keys, bands with a gap or an overlap, bands that rate a higher value lower,
decision rules naming unknown standards, decision rules that depend on each other in a cycle, and more.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import attrs

from ..engine.plan import Plan, dependencies, dependency_order
from ..kinds import CASE_RATING_METHODS, DERIVED_METHODS, SCORED_METHODS
from ..kinds.bands import read_band_sets
from ..kinds.case_rating import read_case_rating
from ..kinds.decision_rule import read_decision_rules
from ..kinds.derived import read_derivation
from ..kinds.overall import read_overall
from ..kinds.score import read_score
from ..kinds.scored import read_scored
from ..model.errors import Problems, RatingsError, RuleSetError
from ..model import limits
from ..model.objects import (CONFIDENCE, BandSet, Domain, InForce, KeyQuestion, Provenance, Rating, RuleSet,
                             Scale, Standard)
from ..reading.reader import Reader, clip, fold, join, one_of, suggestion
from ..reading.yaml_file import Format, Node, parse_bytes, read_bytes

KINDS = ("judged", "case", "scored", "derived", "information")
#: the keys derived methods take on the standard besides 'from' and 'method' (each method declares its own)
DERIVED_KEYS = tuple(dict.fromkeys(k for m in DERIVED_METHODS.values() for k in m.keys))
PROVENANCE = ("source", "confidence", "notes")
MAX_RULE_SET_BYTES = 4_000_000
REQUIRED = ("id", "title", "service", "in_force", "scale", "domains", "score", "overall")
#: What ``score:`` and ``overall:`` say for a framework that publishes no score, or no overall rating
NONE = "none"
RULE_SET = Format("a rule-set file", REQUIRED + ("publisher", "scales", "case_rating", "bands", "decision_rules")
                  + PROVENANCE,
                  ("id", "title", "scale", "bands", "domains"),
                  (("an inspection file", ("judgements", "cases", "scores", "published", "cases_inspected"),
                    "rate it with 'ratings rate FILE', and give a rule-set file here"),
                   ("the words file of a publisher's reports", ("report_words", "service_words"),
                    "it says how the publisher's reports word things, for 'ratings extract'; give a rule-set file "
                    "here")))


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
        root = parse_bytes(data, name, RULE_SET)
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
        self.scales: dict[str, Scale] = {}  # the other value sets (``scales:``), by name
        self.scale_names: list[str] = []  # declared, whether valid or not
        self.scales_broken = False  # 'scales' is not a mapping (reported): names of scales go unchecked
        self.overall_scale: str | None = None  # the overall's scale when not the rule set's (first_match only)
        self.band_set_names: list[str] = []  # declared, whether valid or not
        self.rule_ids: dict[str, int | None] = {}
        self.has_score = self.has_overall = self.case_rating_given = True  # until the file says otherwise
        self.rising_allowed = False  # conditions holding more as ratings rise: only where a kind allows them
        self.counted = 0

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

    def rating(self, node: Node, path: str, allow_not_rated: bool = False, scale: str | None = None) -> Rating | None:
        """A rating of the rule set's scale, or of the other scale named ``scale``."""
        if scale is not None and scale not in self.scales:
            return None  # a scale named but broken or unknown: already reported
        ratings = {str(x): x for x in self.scales[scale].ratings} if scale is not None else self.scale
        if not ratings:
            return None  # the scale itself is broken; that problem is already reported
        names = list(ratings) + ([str(self.not_rated)] if allow_not_rated and self.not_rated else [])
        name = self.r.choice(node, path, names, "rating" if scale is None else f"{scale} rating")
        if name is None:
            return None
        return ratings.get(name) or self.not_rated

    def scale_of(self, target: str) -> str | None:
        """The scale a standard (or ``overall``) is rated on: None for the rule set's own."""
        standard = self.standards.get(target)
        return standard.scale if standard is not None else self.overall_scale

    def scale_ref(self, node: Node, path: str) -> str | None:
        """The name of one of the other scales (``scales:``). A name declared but broken, or not declared (both
        reported), is returned all the same, so that the ratings read on it are skipped, not read on the rule
        set's scale (which would report them as unknown)."""
        name = self.r.text(node, path)
        if name is None or name in self.scales:
            return name
        if name not in self.scale_names and not self.scales_broken:
            near = suggestion(name, self.scale_names)
            self.r.problem(f"no scale '{clip(name)}' in this rule set's 'scales'" + (
                f"; did you mean '{near}'?" if near else f"; it defines {one_of(self.scale_names)}"
                if self.scale_names else ""), node, path)
        return name

    # -------------------------------------------------------------------------------------- build

    def build(self, root: Node) -> RuleSet | None:
        r = self.r
        top = r.document(root, RULE_SET, REQUIRED)
        if top is None or not self.within_bounds(root):
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
        if "scales" in top:
            self.read_scales(top["scales"], "scales")
        self.overall_scale = self.peek_overall_scale(top.get("overall"))
        self.has_score, self.has_overall = (not _is_none(top.get(key)) for key in ("score", "overall"))
        self.case_rating_given = "case_rating" in top
        case_rating = read_case_rating(self, top["case_rating"], "case_rating", CASE_RATING_METHODS) \
            if "case_rating" in top else None
        band_sets = read_band_sets(self, top["bands"], "bands") if "bands" in top else {}
        domains, standards = (self.domains(top["domains"], "domains", band_sets, case_rating)
                              if "domains" in top else ((), {}))
        self.domain_list, self.standards = domains, standards
        self.slots = {sid: i for i, sid in enumerate(s for s, std in standards.items() if std.kind != "information")}
        self.overall_slot = len(self.slots)
        self.facts = 0  # part conditions read so far, each with a slot after the overall's
        standards = self.finish_derived(standards)
        self.standards = standards
        rules = (read_decision_rules(self, top["decision_rules"], "decision_rules")
                 if "decision_rules" in top else ())
        self.condition_size(rules, get("decision_rules"))
        score = self.score(top)
        overall = self.overall(top, standards)
        order = self.order(standards, rules, top.get("decision_rules"))
        if self.has_score and standards and not any(s.counted for s in standards.values()):
            r.problem("no standard is counted in the score", top["domains"], "domains")
        not_rated = self.not_rated  # publisher or not_rated missing only with a problem reported
        if (rid is None or title is None or publisher is None or service is None or provenance is None
                or in_force is None or not_rated is None or None in (score, overall) or not self.scale
                or r.problems):
            return None
        score, overall = (None if rule is NO_RULE else rule for rule in (score, overall))
        rule_set = RuleSet(id=rid, title=title, publisher=publisher, service=service, provenance=provenance,
                           in_force=in_force, scale=tuple(self.scale.values()), not_rated=not_rated,
                           band_sets=band_sets, domains=domains, standards=standards, decision_rules=rules,
                           case_rating=case_rating, score=score, overall=overall, path=self.path,
                           scales=dict(self.scales))
        return attrs.evolve(rule_set, plan=Plan(rule_set, order))

    def score(self, top: dict[str, Node]) -> Any:
        """The score rule; NO_RULE for ``score: none``; None when missing or broken (reported)."""
        if "score" not in top:
            return None
        return read_score(self, top["score"], "score") if self.has_score else NO_RULE

    def overall(self, top: dict[str, Node], standards: dict[str, Standard]) -> Any:
        """The overall rule; NO_RULE for ``overall: none``; None when missing or broken (reported)."""
        if "overall" not in top:
            return None
        if not self.has_overall:
            return NO_RULE
        self.counted = sum(1 for std in standards.values() if std.counted)
        return read_overall(self, top["overall"], "overall", self.counted)

    def within_bounds(self, root: Node) -> bool:
        """Report every count over its bound (``model/limits.py``), read from the tree before anything else, so
        that an oversized rule set is refused before any costly work (and without a flood of other problems)."""
        over = [c for c in _counts(root) if c[0] > c[1]]
        for n, most, what, where, path, line in over:
            self.r.problem(f"too many {what} ({n:,}): {where} may hold at most {most:,}", None, path, line)
        return not over

    def condition_size(self, rules: tuple[Any, ...], node: Node | None) -> None:
        """The decision rules' conditions are compiled, term by term, so their size is bounded too."""
        size = sum(_size(rule.when) for rule in rules)
        if size > limits.MAX_CONDITION_READS:
            self.r.problem(f"the conditions read too many standards ({size:,}, counting every standard of each "
                           f"group every time it is read): decision rules may read at most "
                           f"{limits.MAX_CONDITION_READS:,} in all", node, "decision_rules")

    def fact_slot(self) -> int:
        """A slot for one more part condition's fact (kinds/conditions.py ``PartCondition``)."""
        self.facts += 1
        return self.overall_slot + self.facts

    def standard_ref(self, node: Node, path: str) -> str | None:
        """A rated standard named by a rule (judged, case or derived)."""
        r = self.r
        sid = r.text(node, path)
        if sid is None:
            return None
        if sid not in self.standards:
            near = None if r.problems.full else suggestion(sid, self.standards)
            r.problem(f"no standard '{clip(sid)}' in this rule set" + (f"; did you mean '{near}'?" if near else ""),
                      node, path)
            return None
        if self.standards[sid].kind == "information":
            r.problem(f"'{sid}' is an information standard and is never rated", node, path)
            return None
        return sid

    def finish_derived(self, standards: dict[str, Standard]) -> dict[str, Standard]:
        """Derived standards name their inputs anywhere in the file: resolve them once all are read."""
        out = {}
        for sid, std in standards.items():
            if std.kind == "derived" and callable(std.derived):
                std = attrs.evolve(std, derived=std.derived())
            out[sid] = std
        return out

    def order(self, standards: dict[str, Standard], rules: tuple[Any, ...], rules_node: Node | None) -> list[str]:
        """Standards in an order where everything each reads comes first; cycles are reported."""
        order, cycles = dependency_order(dependencies(
            {s: std for s, std in standards.items() if std.kind != "derived" or std.derived is not None}, rules))
        for loop in cycles:
            names = [t[0] for t in loop]
            vias = [t[1] for t in loop[1:]]
            words = f"{names[0]} depends on " + ", which depends on ".join(names[1:])
            rule_ids = [v.id for v in vias if v is not None and hasattr(v, "when")]
            derived = [v.id for v in vias if v is not None and not hasattr(v, "when")]
            line = next((v.line for v in vias if getattr(v, "line", None)), rules_node.line if rules_node else None)
            said = []
            if rule_ids:
                said.append("rules " + ", ".join(dict.fromkeys(rule_ids)))
            if derived:
                said.append("derived standards " + ", ".join(dict.fromkeys(derived)))
            what = "decision rules depend on each other" if not derived else "standards depend on each other"
            own = "capped by" if rule_ids else "rated from"
            self.r.problem(f"{what} in a cycle: {words} ({'; '.join(said)}); a standard cannot be {own} its "
                           "own rating", None, "decision_rules" if rule_ids else "domains", line)
        return order

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
        colours: dict[str | None, str | None] = {}
        guessed: set[str] = set()  # ratings whose points are broken (reported): never compared
        for i, item in enumerate(items or []):
            p = join(join(path, "ratings"), i)
            g = r.mapping(item, p, required=("name", "points"), optional=("colour",))
            if g is None or "name" not in g or "points" not in g:
                continue
            name = r.text(g["name"], join(p, "name"))
            colours[name] = self.colour(g["colour"], join(p, "colour")) if "colour" in g else None
            points = r.integer(g["points"], join(p, "points"), minimum=0)
            if name is None:
                continue
            if points is not None and points > limits.MAX_POINTS:
                r.problem(f"too many points: a rating may have at most {limits.MAX_POINTS:,}", g["points"],
                          join(p, "points"))
                points = None
            if points is None:  # reported; keep the name so that references to it still resolve
                self.scale_broken = True
                guessed.add(name)
                points = entries[-1][1] - 1 if entries else 0
            if any(fold(name) == fold(e[0]) for e in entries):
                r.problem(f"the rating '{clip(name)}' is listed twice", g["name"], join(p, "name"))
                continue
            if entries and entries[-1][0] not in guessed and points >= entries[-1][1]:
                r.problem(f"ratings are listed best first, so points must fall: '{clip(name)}' has {points}, "
                          f"'{entries[-1][0]}' above it has {entries[-1][1]}", g["points"], join(p, "points"))
                self.scale_broken = True
            entries.append((name, points, item))  # kept, so that later references to it still resolve
        not_rated = r.text(f["not_rated"], join(path, "not_rated")) if "not_rated" in f else None
        if not_rated is not None and any(fold(not_rated) == fold(e[0]) for e in entries):
            r.problem(f"'{not_rated}' cannot be both a rating and the Not rated state", f["not_rated"],
                      join(path, "not_rated"))
            return
        if not entries or not_rated is None:
            return
        self.scale = {name: Rating(name, points, len(entries) - i, colours.get(name))
                      for i, (name, points, _) in enumerate(entries)}
        self.not_rated = Rating(not_rated, None, -1)

    def colour(self, node: Node, path: str) -> str | None:
        """A colour as the web writes it: '#1a7f37' (or '#1a7')."""
        text = self.r.text(node, path)
        if text is not None and not COLOUR.fullmatch(text):
            self.r.problem(f"expected a colour such as \"#1a7f37\" (quote it: '#' starts a comment), found "
                           f"'{clip(text)}'", node, path)
            return None
        return text

    def read_scales(self, node: Node, path: str) -> None:
        """``scales:``: other value sets, by name, each ``{ratings: [NAME or {name, colour}], source,
        confidence}``, best first. Their ranks lie apart from the rule set's scale's (``SCALE_STRIDE`` apart)
        and no name is on two scales, so that a rank, and a rating's name, means one thing in a rule set."""
        r = self.r
        if node.kind != "map" or not node.value:
            r.problem("expected a mapping of scale names to their ratings, e.g. 'regulations: {ratings: [Met, "
                      "Breach], source: ..., confidence: ...}'", node, path)
            self.scales_broken = True
            return
        self.scale_names = list(node.value)
        taken = {fold(name): "the rule set's scale" for name in self.scale}
        if self.not_rated is not None:
            taken[fold(self.not_rated)] = "the Not rated state"
        for j, (key, item) in enumerate(node.value.items()):
            p = join(path, key)
            name = r.identifier(Node("str", key, r.key_line(node, key), key), p)
            f = r.mapping(item, p, required=("ratings",), optional=PROVENANCE, line=r.key_line(node, key))
            if f is None or name is None:
                continue
            provenance = self.provenance(f, item, p, item.line)
            items = r.sequence(f["ratings"], join(p, "ratings")) if "ratings" in f else None
            entries = [e for e in (self.scale_item(x, join(join(p, "ratings"), i), taken, name)
                                   for i, x in enumerate(items or [])) if e is not None]
            if items is not None and len(entries) != len(items) or provenance is None or not entries:
                continue
            rank = SCALE_STRIDE * (j + 1) + len(entries)
            self.scales[name] = Scale(name, tuple(Rating(n, None, rank - i, c) for i, (n, c) in enumerate(entries)),
                                      provenance)

    def scale_item(self, node: Node, path: str, taken: dict[str, str], scale: str) -> tuple[str, str | None] | None:
        """One rating of another scale: its name, or ``{name, colour}``; a name no other scale has."""
        r = self.r
        colour = None
        if node.kind == "map":
            f = r.mapping(node, path, required=("name",), optional=("colour",))
            if f is None or "name" not in f:
                return None
            colour = self.colour(f["colour"], join(path, "colour")) if "colour" in f else None
            node, path = f["name"], join(path, "name")
        name = r.text(node, path)
        if name is None:
            return None
        if fold(name) in taken:
            where = taken[fold(name)]
            r.problem(f"the rating '{clip(name)}' is already " + ("listed on this scale" if where == scale else
                      f"on {where}") + ": a rating's name means one thing in a rule set", node, path)
            return None
        taken[fold(name)] = f"scale {scale}"
        return name, colour

    def peek_overall_scale(self, node: Node | None) -> str | None:
        """The overall's scale, when it names one of ``scales`` (checked where the overall is read), for the
        decision rules limiting it, which are read first."""
        scale = node.value.get("scale") if node is not None and node.kind == "map" else None
        return scale.value if scale is not None and scale.kind == "str" else None

    def domains(self, node: Node, path: str, band_sets: dict[str, BandSet],
                case_rating: Any) -> tuple[tuple[Domain, ...], dict[str, Standard]]:
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
                standard = self.standard(s_node, join(join(p, "standards"), j), did or "", provenance, band_sets,
                                         case_rating)
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
                 band_sets: dict[str, BandSet], case_rating: Any) -> Standard | None:
        r = self.r
        f = r.mapping(node, path, required=("id", "name", "kind"),
                      optional=("number", "statement", "counted", "key_questions", "bands", "case_rating", "from",
                                "method", "scale", "scores", "items", *DERIVED_KEYS) + PROVENANCE)
        if f is None:
            return None
        sid = r.identifier(f["id"], join(path, "id")) if "id" in f else None
        name = r.text(f["name"], join(path, "name")) if "name" in f else None
        kind = r.choice(f["kind"], join(path, "kind"), KINDS, "kind of standard") if "kind" in f else None
        number = self.number_label(f, path)
        statement = r.text(f["statement"], join(path, "statement")) if "statement" in f else None
        provenance = self.provenance(f, node, path, node.line, inherited)
        counted: bool | None = True
        if "counted" in f:
            counted = r.boolean(f["counted"], join(path, "counted"))
            if counted and kind == "information":
                r.problem("an information standard is never rated, so it cannot be counted", f["counted"],
                          join(path, "counted"))
        if kind == "information":
            counted = False
        scale = self.standard_scale(f, node, path, kind, counted)
        if scale is not None:
            counted = False  # never scored, never counted: read only by name
        key_questions: tuple[KeyQuestion, ...] = ()
        bands = derived = None
        own_rating = None
        for key in ("from", "method", *DERIVED_KEYS):
            if key in f and kind != "derived" and not (key == "method" and kind == "scored"):
                r.problem(f"'{key}' belongs to a derived standard (kind: derived); this one is {kind}", f[key],
                          join(path, key), r.key_line(node, key))
        for key in ("scores", "items"):
            if key in f and kind != "scored":
                r.problem(f"'{key}' belongs to a scored standard (kind: scored); this one is {kind}", f[key],
                          join(path, key), r.key_line(node, key))
        if "case_rating" in f and kind != "case":
            r.problem(f"'case_rating' belongs to a case standard; this one is {kind}", f["case_rating"],
                      join(path, "case_rating"), r.key_line(node, "case_rating"))
        elif "case_rating" in f:
            own_rating = read_case_rating(self, f["case_rating"], join(path, "case_rating"), CASE_RATING_METHODS,
                                          sid or "standard", provenance)
        if kind in ("judged", "derived"):
            rated_by = "the inspectors' judgement" if kind == "judged" else "the standards it is derived from"
            for key in ("key_questions", "bands"):
                if key in f:
                    r.problem(f"a {kind} standard has no '{key}': it is rated by {rated_by}",
                              f[key], join(path, key), r.key_line(node, key))
        if kind == "derived":
            derived = read_derivation(self, f, node, path, sid, provenance, scale)
        elif kind == "scored":
            if "key_questions" in f:
                r.problem("a scored standard has no 'key_questions': it is rated from its scored 'items'",
                          f["key_questions"], join(path, "key_questions"), r.key_line(node, "key_questions"))
            key_questions, own_rating = read_scored(self, f, node, path, sid, provenance, SCORED_METHODS)
            bands = self.standard_bands(f, node, path, band_sets)
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
        if kind == "case" and "case_rating" not in f and not self.case_rating_given:
            r.problem("missing key 'case_rating': say how its key questions give this standard's rating, here or "
                      "for every case standard at the top of the rule set", node, path)
        if sid is None or name is None or kind is None or provenance is None or counted is None:
            return None
        # a case standard whose bands or key questions are broken (already reported) is kept, so that rules
        # naming it are checked too; the rule set is not built while any problem stands

        return Standard(sid, number, name, domain, kind, counted, statement, key_questions, bands, provenance,
                        node.line, (own_rating or case_rating) if kind == "case" else own_rating, derived, scale)

    def standard_scale(self, f: dict[str, Node], node: Node, path: str, kind: str | None,
                       counted: bool | None) -> str | None:
        """``scale: NAME`` on a judged standard: its judgement is on one of the other scales."""
        if "scale" not in f:
            return None
        r = self.r
        if kind not in ("judged", "derived"):  # a derived one: when its method gives ratings of any scale
            r.problem(f"only a judged or derived standard may be on another scale; this one is {kind}", f["scale"],
                      join(path, "scale"), r.key_line(node, "scale"))
            return None
        if "counted" in f and counted:
            r.problem("a standard on another scale is never counted: its ratings have no points", f["counted"],
                      join(path, "counted"))
        return self.scale_ref(f["scale"], join(path, "scale"))

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

    def key_questions(self, node: Node, path: str, what: str = "key-question ids to their questions"
                      ) -> tuple[KeyQuestion, ...]:
        r = self.r
        if node.kind != "map" or not node.value:
            r.problem(f"expected a mapping of {what}", node, path)
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



def _counts(root: Node) -> Iterator[tuple[int, int, str, str, str, int | None]]:
    """``(count, bound, what, where, path, line)`` for each bounded count in the tree of a rule set; parts of
    the wrong shape are skipped here (reading them reports it)."""

    def part(node: Node | None, key: str, kind: str) -> Node | None:
        child = node.value.get(key) if node is not None and node.kind == "map" else None
        return child if child is not None and child.kind == kind else None

    def count(parent: Node | None, key: str, kind: str, most: int, what: str, where: str,
              path: str) -> Iterator[tuple[int, int, str, str, str, int | None]]:
        node = part(parent, key, kind)
        if parent is not None and node is not None:  # a part is found only in a parent
            yield len(node.value), most, what, where, path, Reader.key_line(parent, key)

    scale = part(root, "scale", "map")
    yield from count(scale, "ratings", "seq", limits.MAX_RATINGS, "ratings", "a scale", "scale.ratings")
    yield from count(root, "scales", "map", limits.MAX_SCALES, "scales", "a rule set", "scales")
    scales = part(root, "scales", "map")
    for key, value in scales.value.items() if scales is not None else ():
        yield from count(value, "ratings", "seq", limits.MAX_RATINGS, "ratings", "a scale",
                         join(join("scales", key), "ratings"))
    band_sets = part(root, "bands", "map")
    for key, value in band_sets.value.items() if band_sets is not None else ():
        yield from count(value, "bands", "seq", limits.MAX_BANDS, "bands", "a band set",
                         join(join("bands", key), "bands"))
    yield from count(part(root, "overall", "map"), "bands", "seq", limits.MAX_BANDS, "bands", "a band set",
                     "overall.bands")
    yield from count(root, "domains", "seq", limits.MAX_DOMAINS, "domains", "a rule set", "domains")
    domains = part(root, "domains", "seq")
    standards = [(join(join(join("domains", i), "standards"), j), s)
                 for i, d in enumerate(domains.value if domains is not None else ())
                 for j, s in enumerate(getattr(part(d, "standards", "seq"), "value", ()))]
    if standards:
        yield len(standards), limits.MAX_STANDARDS, "standards", "a rule set", "domains", \
            Reader.key_line(root, "domains")
    for path, standard in standards:
        yield from count(standard, "key_questions", "map", limits.MAX_KEY_QUESTIONS, "key questions",
                         "a standard", join(path, "key_questions"))
        yield from count(standard, "items", "map", limits.MAX_KEY_QUESTIONS, "items", "a standard",
                         join(path, "items"))
    yield from count(root, "decision_rules", "seq", limits.MAX_DECISION_RULES, "decision rules", "a rule set",
                     "decision_rules")


def _size(condition: Any) -> int:
    """The standards a condition reads, counted every time a part reads one."""
    parts = getattr(condition, "parts", None)
    return sum(map(_size, parts)) if parts is not None else len(condition.read_slots)


#: How far apart the ranks of two scales lie (more than a scale's most ratings)
SCALE_STRIDE = 100
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")

#: Stands, while a rule set is read, for a part it declares absent (``score: none``, ``overall: none``)
NO_RULE = object()


def _is_none(node: Node | None) -> bool:
    return node is not None and node.kind == "str" and node.value.strip() == NONE
