"""`ratings report FILE... -o report.html`: one self-contained page. Checked here as HTML, with Python's own
parser: every inspection is there with its ratings page, reasons, charts and confidence, tables are real and
well formed, charts have text alternatives, nothing is fetched from anywhere, user text is escaped, a bad
file is listed rather than lost, and the same files always give the same bytes. (tests/test_report_browser.py
renders it in Chromium.)"""

from __future__ import annotations

import base64
import html
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import ratings
from ratings.frontends.cli import main
from ratings.frontends.render import _pct, standard_notes
from ratings.frontends.report_html import SORT_SCRIPT, STYLE

from conftest import CHESHIRE_WEST, EXAMPLES, ROOT, CliRunner

BROKEN = ROOT / "tests" / "broken" / "inspections" / "percent-over-100.yaml"
VOID = {"meta", "br", "link", "img", "input", "hr", "wbr", "source", "area", "base", "col", "embed", "track"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Element | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.content: list[str | Element] = []  # text and elements, in document order

    @property
    def children(self) -> list["Element"]:
        return [c for c in self.content if isinstance(c, Element)]

    def iter(self, tag: str | None = None):
        for child in self.children:
            if tag is None or child.tag == tag:
                yield child
            yield from child.iter(tag)

    def find(self, tag: str, **attrs: str) -> list["Element"]:
        return [e for e in self.iter(tag) if all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.content)

    def all_text(self) -> str:
        """The text, with runs of white space as one space (as a browser shows it)."""
        return " ".join("".join(c if isinstance(c, str) else c.all_text() for c in self.content).split())


class Tree(HTMLParser):
    """The page as a tree of elements; an end tag that does not close the open element is an error."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.root = self.open = Element("#document", {}, None)
        self.errors: list[str] = []
        self.feed(text)
        self.close()
        if self.open is not self.root:
            self.errors.append(f"<{self.open.tag}> never closed")

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.open)
        self.open.content.append(element)
        if tag not in VOID:
            self.open = element

    def handle_startendtag(self, tag, attrs):
        self.open.content.append(Element(tag, dict(attrs), self.open))

    def handle_endtag(self, tag):
        if tag != self.open.tag:
            self.errors.append(f"</{tag}> closes <{self.open.tag}> (line {self.getpos()[0]})")
            return
        self.open = self.open.parent

    def handle_data(self, data):
        self.open.content.append(data)


def report(tmp_path: Path, *files, name: str = "report.html"):
    out = tmp_path / name
    run = CliRunner().invoke(main, ["report", *map(str, files), "-o", str(out)])
    return run, out


@pytest.fixture(scope="module")
def examples_page(tmp_path_factory):
    """The report of every bundled example: the acceptance command of the issue."""
    run, out = report(tmp_path_factory.mktemp("report"), *sorted(EXAMPLES.glob("*.yaml")))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "" and run.stderr == ""
    text = out.read_text(encoding="utf-8")
    tree = Tree(text)
    assert tree.errors == []
    return text, tree.root


def sections(root: Element) -> list[Element]:
    return [s for s in root.iter("section") if "inspection" in s.classes()]


def test_every_example_has_its_section_with_ratings_reasons_and_charts(examples_page):
    _, root = examples_page
    files = sorted(EXAMPLES.glob("*.yaml"))
    found = sections(root)
    assert len(found) == len(files)
    for section, file in zip(found, files):
        result = ratings.rate(file)
        heading = section.find("h2")[0]
        assert heading.all_text() == result.name and heading.attrs["id"] == section.attrs["aria-labelledby"]
        overall = section.find("p", class_="overall")[0].all_text()
        assert f"Overall rating {result.overall}" in overall
        assert f"{result.score}/{result.max_score}" in overall if result.rules.score is not None else \
            "Score" not in overall  # a framework without a score: none shown
        page = section.find("table", class_="ratings")[0]
        rows = {r.find("th")[0].all_text(): r.find("td")[0].all_text() for r in page.iter("tr")
                if r.find("td") and r.find("th")}
        for sid, sr in result.standards.items():  # every standard, rated as the library rates it
            assert rows[sr.standard.label] == str(sr.rating)
        why = " ".join(li.all_text() for li in section.iter("li"))
        for entry in result.trace:  # every reason is given
            assert entry.reason in why
        charts = [s for s in section.iter("svg") if s.attrs["aria-labelledby"].startswith("c")]
        rated_cases = [sr for sr in result.standards.values()
                       if sr.standard.measured and isinstance(sr.results, dict)]
        assert len(charts) == len(rated_cases)
        assert charts or not any(s.kind == "case" for s in result.rules.standards.values())


def test_tables_are_real_tables_with_headers_and_captions(examples_page):
    _, root = examples_page
    tables = list(root.iter("table"))
    assert len(tables) >= len(sections(root)) + 1
    for table in tables:
        assert len(table.find("caption")) == 1 and table.children[0].tag == "caption"
        assert all("scope" in th.attrs for th in table.iter("th"))
        head = table.find("thead")[0].find("tr")[0]
        width = len(head.children)
        for row in table.iter("tr"):  # every row as wide as the header
            assert all(cell.tag in ("th", "td") for cell in row.children)
            assert sum(int(c.attrs.get("colspan", 1)) for c in row.children) == width


def test_charts_have_text_alternatives(examples_page):
    _, root = examples_page
    svgs = list(root.iter("svg"))
    assert svgs
    with_id = [e for e in root.iter() if "id" in e.attrs]
    ids = {e.attrs["id"]: e for e in with_id}
    assert len(ids) == len(with_id), "an id used twice"
    for svg in svgs:
        assert svg.attrs["role"] == "img"
        title_id, desc_id = svg.attrs["aria-labelledby"].split()
        assert ids[title_id].tag == "title" and ids[desc_id].tag == "desc"
        assert ids[title_id].all_text() and len(ids[desc_id].all_text()) > 20
        assert float(svg.attrs["width"]) > 0 and float(svg.attrs["height"]) > 0


def test_nothing_is_fetched(examples_page):
    """No address a browser would fetch: no http(s) (or any other) URL in src or href, no <link>, <img>,
    <iframe>, @import or url(); and a Content-Security-Policy that allows only the page's own style and
    script, by their hashes."""
    text, root = examples_page
    for element in root.iter():
        assert element.tag not in ("link", "img", "iframe", "object", "embed", "base")
        assert "src" not in element.attrs
        href = element.attrs.get("href")
        assert href is None or re.fullmatch(r"#[\w-]+", href), href
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg\")", text)
    assert "@import" not in text and "url(" not in text
    scripts, styles = list(root.iter("script")), list(root.iter("style"))
    assert len(scripts) == 1 and len(styles) == 1
    assert scripts[0].raw_text() == SORT_SCRIPT and styles[0].raw_text() == STYLE

    def digest(s: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()

    policy = root.find("meta", **{"http-equiv": "Content-Security-Policy"})[0].attrs["content"]
    assert policy.startswith("default-src 'none';")
    assert f"script-src '{digest(SORT_SCRIPT)}'" in policy and f"style-src '{digest(STYLE)}'" in policy


def test_ratings_colours_always_come_with_the_rating_in_words(examples_page):
    _, root = examples_page
    badges = [e for e in root.iter("span") if "rating" in e.classes()]
    assert badges
    for badge in badges:
        assert badge.all_text().strip(), "a coloured rating without its name"


def test_the_lowest_key_question_and_the_margin_are_marked(examples_page):
    _, root = examples_page
    cheshire = sections(root)[0]
    result = ratings.rate(CHESHIRE_WEST)
    figure = next(f for f in cheshire.iter("figure") if "2.2 Assessment" in f.find("title")[0].all_text())
    svg_text = figure.find("svg")[0].all_text()
    assert "32% (lowest)" in svg_text and "margin +6 cases" in svg_text
    lowest = [r for r in figure.iter("rect") if "lowest" in r.classes()]
    assert len(lowest) == 1 and lowest[0].find("title")[0].all_text().startswith("keeping_safe")
    caption = figure.find("figcaption")[0].all_text()
    assert "; ".join(standard_notes(result.standards["assessment"], result.rules)) in caption
    assert "under 50% Inadequate" in caption  # the bands in words, not only in colour


def test_confidence_shown_with_case_numbers_and_reason_without(examples_page):
    _, root = examples_page
    by_name = {s.find("h2")[0].all_text(): s for s in sections(root)}
    answer = ratings.confidence(CHESHIRE_WEST)
    table = by_name["Cheshire West PDU"].find("table", class_="confidence")[0]
    overall = [r for r in table.iter("tr") if r.find("th")[0].all_text() == "Overall"][0]
    cells = [td.all_text() for td in overall.find("td")]
    assert cells[:4] == [_pct(p) for p in answer.overall.values()][:4]
    assert "Time budget: 10 s" in by_name["Cheshire West PDU"].all_text()
    nps = by_name["An illustrative NPS division (2018 framework)"]
    assert not nps.find("table", class_="confidence")
    assert "Not worked out: 'confidence' treats each key question as a sample" in nps.all_text()


def test_comparison_has_one_row_per_file_and_a_chart(examples_page):
    _, root = examples_page
    comparison = root.find("section", id="comparison")[0]
    table = comparison.find("table")[0]
    assert "sortable" in table.classes()
    rows = table.find("tbody")[0].find("tr")
    assert len(rows) == len(list(EXAMPLES.glob("*.yaml")))
    assert all(r.children[0].tag == "th" and r.children[0].attrs["scope"] == "row" for r in rows)
    chart = comparison.find("svg")[0]
    scored = [f for f in EXAMPLES.glob("*.yaml") if ratings.rate(f).max_score]  # nothing rated: no score
    assert len([r for r in chart.iter("rect")]) == len(scored) < len(rows)


def test_print_style_breaks_pages_between_inspections():
    assert re.search(r"@media print\{[^@]*section\.inspection[^{]*\{break-before:page\}", STYLE)


def test_one_bad_file_is_listed_in_the_report_and_exits_1(tmp_path):
    run, out = report(tmp_path, CHESHIRE_WEST, BROKEN)
    assert run.exit_code == 1
    error = f"Error: {BROKEN}:11: cases.assessment.keeping_safe: the percentage 101 is over 100"
    assert run.stderr.splitlines() == [error, "Error: 1 of 2 files could not be rated; the report lists them"]
    root = Tree(out.read_text(encoding="utf-8")).root
    assert len(sections(root)) == 1
    rows = root.find("section", id="comparison")[0].find("tbody")[0].find("tr")
    assert len(rows) == 2 and rows[0].children[0].find("a")[0].all_text() == "Cheshire West PDU"
    assert rows[1].children[0].all_text() == str(BROKEN) and "could not be rated" in rows[1].all_text()
    listed = root.find("section", id="errors")[0].all_text()
    assert error in listed


def test_when_no_file_can_be_rated_no_page_is_written(tmp_path):
    run, out = report(tmp_path, BROKEN)
    assert run.exit_code == 1 and not out.exists()
    assert run.stderr.startswith(f"Error: {BROKEN}:11: cases.assessment.keeping_safe:")


def test_one_file_has_no_comparison(tmp_path):
    run, out = report(tmp_path, CHESHIRE_WEST)
    assert run.exit_code == 0
    root = Tree(out.read_text(encoding="utf-8")).root
    assert not root.find("section", id="comparison") and len(sections(root)) == 1


def test_user_text_is_escaped(tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(CHESHIRE_WEST.read_text().replace(
        "name: Cheshire West PDU", 'name: "<script>alert(1)</script> & <a href=\'http://x\'>\\u001b[31m"'))
    run, out = report(tmp_path, hostile, CHESHIRE_WEST)
    assert run.exit_code == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    tree = Tree(text)
    assert tree.errors == [] and len(list(tree.root.iter("script"))) == 1 and not tree.root.find("a", href="http://x")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in text and "\x1b" not in text and "\\x1b[31m" in text


def test_the_same_files_give_the_same_bytes(tmp_path):
    files = sorted(EXAMPLES.glob("*.yaml"))
    _, first = report(tmp_path, *files, name="a.html")
    _, second = report(tmp_path, *files, name="b.html")
    assert first.read_bytes() == second.read_bytes()


def test_standard_output_without_o(tmp_path):
    run = CliRunner().invoke(main, ["report", str(CHESHIRE_WEST)])
    assert run.exit_code == 0 and run.stdout.startswith("<!DOCTYPE html>")



def rule_sets_to_draw() -> list[ratings.RuleSet]:
    from ratings.loading.registry import bundled_rule_sets

    return [*bundled_rule_sets(), ratings.load_rules(ROOT / "tests" / "rulesets" / "kinds.yaml"),
            ratings.load_rules(ROOT / "docs" / "example-rules" / "care-2027.yaml")]


@pytest.mark.parametrize("rules", rule_sets_to_draw(), ids=lambda r: r.id)
def test_any_inspection_of_any_rule_set_gives_a_well_formed_page(rules, tmp_path_factory):
    """Drawn inspections (any name, counts or percentages, Not rated, no applicable cases) of every bundled
    rule set and of the rule sets using the other kinds (mean of key questions, derived standards): the page
    is well formed, names every standard, and draws each rated case standard's key questions as finite bars
    within the plot."""
    from hypothesis import HealthCheck, given, settings

    from ratings.frontends.report_html import X0, X1, inspect_files, report_html
    from ratings.testing import as_yaml, inspections

    where = tmp_path_factory.mktemp("drawn")

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(inspections(rules, not_rated=True, results="either"))
    def check(mapping):
        file = where / "drawn.yaml"
        file.write_text(as_yaml(mapping), encoding="utf-8")
        items = inspect_files([str(file)], rules)
        assert items[0].error is None, items[0].error
        tree = Tree(report_html(items))
        assert tree.errors == []
        section, = sections(tree.root)
        table = section.find("table", class_="ratings")[0].all_text()
        result = items[0].result
        assert all(sr.standard.label in table for sr in result.standards.values())
        bars = [float(r.attrs["width"]) for r in section.iter("rect") if "bar" in r.classes()]
        given_results = sum(1 for sr in result.standards.values() if isinstance(sr.results, dict)
                            for v in sr.results.values() if v is not None)
        assert len(bars) == given_results
        assert all(0 < w <= X1 - X0 for w in bars)

    check()


def test_unknowns_show_what_remains_possible(tmp_path):
    """With unknowns the page shows every rating still possible, says why there is no confidence, checks the
    published overall for consistency, and marks an unknown key question in its chart rather than drawing it."""
    file = tmp_path / "unknowns.yaml"
    file.write_text(CHESHIRE_WEST.read_text().replace("  leadership: Good", "  leadership: unknown")
                    .replace("desistance: 76", "desistance: unknown"))
    run, out = report(tmp_path, file)
    assert run.exit_code == 0, run.stderr
    section, = sections(Tree(out.read_text(encoding="utf-8")).root)
    result = ratings.rate(file)
    text = section.all_text()
    assert "Inadequate or Requires improvement (unknowns)" in text and result.standards["leadership"].rating is None
    assert "Not worked out: 'confidence' needs every judgement and key question known" in text
    assert "every published figure agrees (consistent with the unknowns)" in text
    chart = next(f for f in section.iter("figure") if "2.2 Assessment" in f.find("title")[0].all_text())
    assert "desistance unknown" in chart.find("desc")[0].all_text()
    assert len([r for r in chart.iter("rect") if "bar" in r.classes()]) == 2


def test_a_standard_reported_but_not_rated_is_drawn_without_bands(tmp_path):
    """A case standard whose method never rates (a small youth service's domains) has its key questions drawn
    on a bare axis, with no rating band behind them and a caption saying no band applies; a rated one, in
    the same page, keeps its bands."""
    run, out = report(tmp_path, EXAMPLES / "youth-small-2019.yaml", EXAMPLES / "youth-2019.yaml")
    assert run.exit_code == 0, run.stderr
    charts = [f for f in Tree(out.read_text(encoding="utf-8")).root.iter("figure") if "chart" in f.classes()]
    reported = [f for f in charts if "reported, not rated" in f.all_text()]
    rated = [f for f in charts if f not in reported]
    assert reported and rated
    headings = [h.all_text() for h in Tree(out.read_text(encoding="utf-8")).root.iter("h3") if "charts" in
                (h.attrs.get("id") or "")]
    assert headings == ["Case standards' key questions", "Case standards against the bands"]
    for figure in reported:
        assert not [r for r in figure.iter("rect") if "band" in r.classes()]
        assert "Bands: none apply: the standard is reported, not rated." in figure.all_text()
        assert [t for t in figure.iter("text") if "axis" in t.classes()]  # the 0% and 100% ends
    for figure in rated:
        assert [r for r in figure.iter("rect") if "band" in r.classes()]


def test_long_standard_names_in_the_confidence_chart_are_cut_to_fit_and_kept_whole_in_titles(tmp_path):
    """Each standard is named above its bar across the chart's width: youth 2025's 'V1.2 Organisational
    arrangements for victims' whole; a name too long for the width ends with an ellipsis inside the chart,
    never running off its edge; the whole name is the label's title."""
    from ratings.frontends.report_html import WIDTH, X0, _confidence_chart, _text_width

    def labels(chart: Element) -> tuple[list[str], list[str]]:
        found = [t for t in chart.iter("text") if "kq" in t.classes()]
        shown = ["".join(c for c in t.content if isinstance(c, str)) for t in found]  # without the title
        return shown, [next(t.iter("title")).all_text() for t in found]

    run, out = report(tmp_path, EXAMPLES / "youth-2025.yaml")
    assert run.exit_code == 0, run.stderr
    chart = next(f for f in Tree(out.read_text(encoding="utf-8")).root.iter("figure") if "wide" in f.classes()
                 and "Probability" in f.all_text())
    shown, whole = labels(chart)
    assert "V1.2 Organisational arrangements for victims" in shown and shown == whole
    rules = ratings.load_rules("hmip-probation-pdu-2021")
    long = ", ".join(["A standard with a very long name"] * 6)
    shown, whole = labels(Tree(_confidence_chart(1, rules, ["Good"], [(long, {"Good": 1.0}, "Good")], None)).root)
    assert whole == [long] and shown[0].endswith("\u2026") and long.startswith(shown[0][:-1])
    assert _text_width(shown[0]) <= WIDTH - 2 * X0


def test_a_long_inspection_name_is_cut_to_fit_the_comparison_chart(tmp_path):
    """An inspection named at length stays inside the comparison chart's width (cut with an ellipsis); the
    bar's title and the table keep the whole name."""
    from ratings.frontends.report_html import WIDTH, X0, _text_width

    name = "A probation delivery unit with a very long name, " * 4
    long = tmp_path / "long.yaml"
    long.write_text(CHESHIRE_WEST.read_text(encoding="utf-8").replace("name: ", f"name: {name}# was: ", 1),
                    encoding="utf-8")
    run, out = report(tmp_path, long, CHESHIRE_WEST)
    assert run.exit_code == 0, run.stderr
    root = Tree(out.read_text(encoding="utf-8")).root
    chart = next(f for f in root.iter("figure") if "Score as a share" in f.all_text())
    labels = [t.all_text() for t in chart.iter("text") if "kq" in t.classes()]
    assert all(_text_width(label) <= WIDTH - 2 * X0 for label in labels)
    assert any(label.endswith("\u2026") for label in labels)
    assert name.strip() in " ".join(t.all_text() for t in root.iter("table"))


@pytest.mark.parametrize("size", [2, 3, 4, 5, 6])
def test_no_two_ratings_of_a_scale_share_a_colour(size):
    """Ofsted's five grades and the Care Inspectorate's six get as many colours, best green to worst red; a
    four-point scale keeps the four it always had."""
    from types import SimpleNamespace

    from ratings.frontends.report_html import _tone

    scale = [f"grade {i}" for i in range(size)]
    tones = [_tone(SimpleNamespace(scale=scale, scales={}), rating) for rating in scale]
    assert len(set(tones)) == size and (tones[0], tones[-1]) == ("t0", "t3")
    if size == 4:
        assert tones == ["t0", "t1", "t2", "t3"]


def test_a_key_question_known_within_a_range_and_a_standards_own_figure_are_drawn(tmp_path):
    """A key question known only from 33% to 40% is drawn as that stretch (lighter than a result), a standard
    known only by its lowest (58%) as a dotted line there, said below the chart; and what is said below a chart
    is a clause a line, so that none runs past its edge."""
    inspection = tmp_path / "partial.yaml"
    inspection.write_text(
        "rules: hmip-probation-pdu-2021\n"
        "judgements: {leadership: Good, staff: Good, services: Good, information_and_facilities: Good}\n"
        "cases:\n  court_work: not rated\n"
        "  assessment: {engagement: 71, desistance: {between: [33, 40]}, keeping_safe: 60}\n"
        "  planning: {lowest: 58}\n"
        "  implementation_and_delivery: {engagement: 70, desistance: 70, keeping_safe: 70}\n"
        "  reviewing: {engagement: 70, desistance: 70, keeping_safe: 70}\n")
    out = tmp_path / "r.html"
    assert CliRunner().invoke(main, ["report", str(inspection), "-o", str(out)]).exit_code == 0
    page = out.read_text()
    [span] = re.findall(r'<rect class="range" x="([\d.]+)" y="\d+" width="([\d.]+)"', page)
    assert float(span[1]) > 10  # 33% to 40% of the plot, not a sliver
    assert '<line class="figure"' in page and ">dotted: its lowest as given, 58%</text>" in page
    below = [html.unescape(t) for t in re.findall(r"<text x=\"\d+\" y=\"\d+\" class=\"margin\">([^<]*)</text>", page)]
    assert "its lowest result 5 points above its band's edge" in below
    assert "30 points more in all to the next band" in below and max(map(len, below)) < 60


def test_every_band_of_a_case_chart_is_named_above_it(tmp_path):
    """'Requires improvement' above a band of 15 points (50% to 65%), on two lines too wide for the band, is
    drawn over it all the same (leaning over its neighbours, whose names are short enough), in the letters of
    every band's name rather than smaller ones or left out; every band of Cheshire West's charts is named."""
    assert CliRunner().invoke(main, ["report", str(CHESHIRE_WEST), "-o", str(tmp_path / "r.html")]).exit_code == 0
    page = (tmp_path / "r.html").read_text()
    chart = page[page.index('<figure class="chart">'):page.index("</figure>", page.index('<figure class="chart">'))]
    names = re.findall(r'<text class="band-name[^"]*"[^>]*>([^<]*)</text>', chart)
    assert " ".join(names).split() == ["Outstanding", "Good", "Requires", "improvement", "Inadequate"]
    assert "small" not in chart and len(set(re.findall(r'<text class="(band-name[^"]*)"', chart))) == 1
    band = re.search(r'<rect class="band t2" x="([\d.]+)" y="\d+" width="([\d.]+)"', chart)  # Requires improvement's
    left, right = float(band[1]), float(band[1]) + float(band[2])
    middles = [float(x) for x in re.findall(r'<text class="band-name" x="([\d.]+)"[^>]*>(?:Requires|improvement)<',
                                             chart)]
    assert len(middles) == 2 and all(left < x < right for x in middles)


def test_the_confidence_chart_names_every_row_whole_with_an_axis_and_a_legend(tmp_path):
    """Cheshire West's confidence chart: every standard's name whole (none cut with an ellipsis), an axis from
    0% to 100%, and a legend naming each rating its bars are coloured by."""
    assert CliRunner().invoke(main, ["report", str(CHESHIRE_WEST), "-o", str(tmp_path / "r.html")]).exit_code == 0
    page = (tmp_path / "r.html").read_text()
    chart = page[page.index('<figure class="chart wide"><svg viewBox="0 0 560'):]
    chart = chart[:chart.index("</figure>")]
    labels = re.findall(r'<text class="kq"[^>]*>([^<]*)<title>', chart)
    assert "1.4 Information and facilities" in labels and not any(l.endswith("\u2026") for l in labels)
    axis = re.findall(r'<text class="axis"[^>]*>([^<]*)</text>', chart)
    assert axis[:5] == ["0%", "25%", "50%", "75%", "100%"]
    assert axis[5:] == ["Outstanding", "Good", "Requires improvement", "Inadequate", "Not rated"]


def test_a_chart_says_a_part_without_a_value_in_its_kind_s_words(examples_page):
    """An item of a scored standard left unscored is 'not scored' on its chart, as `ratings rate` says it,
    not a case standard's 'no applicable cases'."""
    page = html.unescape(examples_page[0])
    assert "planning_for_the_future not scored" in page
    assert "planning_for_the_future no applicable cases" not in page
