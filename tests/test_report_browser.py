"""The report of every bundled example, opened in a real browser (headless Chromium, Debian's `chromium`
package; `.ci/run` installs it): every chart is drawn at a size above zero with its bars, the page's own style
applies under its Content-Security-Policy, the comparison table sorts both ways when a heading is pressed,
and nothing is fetched. A script added to a copy of the page (with its hash added to the page's policy, which
is otherwise kept) measures the rendered page and writes what it found into the DOM, which Chromium dumps."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import ratings
from ratings.frontends.cli import main
from ratings.frontends.report_html import TONES

from conftest import EXAMPLES, CliRunner

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed (Debian: apt-get "
                                                        "install chromium; .ci/run installs it)")

MEASURE = """
var violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
window.addEventListener('load', function () {
  var out = {violations: violations};
  out.svgs = Array.prototype.map.call(document.querySelectorAll('svg'), function (svg) {
    var box = svg.getBoundingClientRect();
    var bars = Array.prototype.filter.call(svg.querySelectorAll('rect'), function (r) {
      var b = r.getBBox(); return b.width > 0 && b.height > 0;
    });
    return {width: box.width, height: box.height, drawn: bars.length,
            bars: svg.querySelectorAll('rect.bar').length};
  });
  out.pageWidth = document.documentElement.scrollWidth;
  out.viewWidth = window.innerWidth;
  function words(t) { return t.firstChild ? t.firstChild.nodeValue : ''; }  // drawn, without its title
  out.chartText = [];  // each chart's words as drawn: their size in px, and what they say
  out.clipped = [];  // words of a chart drawn past its edge (its viewBox), where the browser cuts them off
  Array.prototype.forEach.call(document.querySelectorAll('svg'), function (svg) {
    var view = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / view.width;
    Array.prototype.forEach.call(svg.querySelectorAll('text'), function (t) {
      var b = t.getBBox();
      out.chartText.push([parseFloat(getComputedStyle(t).fontSize) * scale, words(t)]);
      if (b.x < view.x - 0.5 || b.y < view.y - 0.5 || b.x + b.width > view.x + view.width + 0.5 ||
          b.y + b.height > view.y + view.height + 0.5) { out.clipped.push(words(t)); }
    });
  });
  out.resources = performance.getEntriesByType('resource').map(function (e) { return e.name; });
  var badge = document.querySelector('.rating.t3');
  out.badge = badge ? getComputedStyle(badge).backgroundColor : null;
  out.printBreaks = [];
  Array.prototype.forEach.call(document.styleSheets, function (sheet) {
    Array.prototype.forEach.call(sheet.cssRules, function (rule) {
      if (rule.media && rule.media.mediaText === 'print') {
        Array.prototype.forEach.call(rule.cssRules, function (r) {
          if (r.style && r.style.breakBefore === 'page') { out.printBreaks.push(r.selectorText); }
        });
      }
    });
  });
  var table = document.querySelector('table.sortable');
  var buttons = table.tHead.querySelectorAll('th button');
  out.buttons = buttons.length;
  function order() {
    return Array.prototype.map.call(table.tBodies[0].rows, function (r) {
      return r.cells[0].querySelector('a').textContent;
    });
  }
  out.initial = order();
  var score = 3, name = 0;
  var heads = table.tHead.rows[0].cells;
  buttons[score].click(); out.scoreUp = order(); out.sortUp = heads[score].getAttribute('aria-sort');
  buttons[score].click(); out.scoreDown = order(); out.sortDown = heads[score].getAttribute('aria-sort');
  buttons[name].click(); out.byName = order();
  var pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
  if (window.parent !== window) { window.parent.postMessage(pre.textContent, '*'); }  // in a frame: narrow
});
"""


def with_measurement(page: str) -> str:
    """The page with MEASURE as the first thing in its head after the policy, and the policy extended by
    MEASURE's hash only."""
    digest = "sha256-" + base64.b64encode(hashlib.sha256(MEASURE.encode()).digest()).decode()
    page, n = re.subn(r"(script-src '[^']+')", rf"\1 '{digest}'", page, count=1)
    assert n == 1
    head_end = page.index("<meta name=\"viewport\"")
    return page[:head_end] + f"<script>{MEASURE}</script>\n" + page[head_end:]


#: The narrowest window headless Chromium opens (a narrower one is laid out at this width): narrower pages are
#: measured in a frame of their width, which is their viewport, within a page that collects what they found;
#: its scroll bars hidden, as a phone's are (drawn over the page, taking none of its width).
NARROWEST = 500
FRAME = """<!DOCTYPE html><meta charset="utf-8"><body style="margin:0"><script>
addEventListener('message', function (e) {{
  var pre = document.createElement('pre');
  pre.id = 'measured'; pre.textContent = e.data; document.body.appendChild(pre);
}});</script><iframe src="{src}" width="{width}" height="900" style="border:0;display:block"></iframe>"""


def open_in_chromium(path: Path, profile: Path, width: int = 1200) -> dict:
    narrow = width < NARROWEST
    if narrow:
        framed = path.with_name(f"{path.stem}-in-{width}.html")
        framed.write_text(FRAME.format(src=html.escape(path.name), width=width), encoding="utf-8")
        path, width = framed, NARROWEST
    run = subprocess.run(
        [BROWSER, "--headless", *(["--hide-scrollbars"] if narrow else []), "--disable-gpu", "--no-sandbox",
         "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000",
         f"--window-size={width},900", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, HOME=str(profile)))
    found = re.search(r'<pre id="measured">(.*?)</pre>', run.stdout, re.S)
    assert found, f"Chromium gave no measurements (exit {run.returncode}): {run.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    where = tmp_path_factory.mktemp("browser")
    files = sorted(EXAMPLES.glob("*.yaml"))
    out = where / "report.html"
    run = CliRunner().invoke(main, ["report", *map(str, files), "-o", str(out)])
    assert run.exit_code == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    measured = where / "measured.html"
    measured.write_text(with_measurement(page), encoding="utf-8")
    results = [ratings.rate(f) for f in files]
    return page, open_in_chromium(measured, where / "profile"), results


def test_every_chart_is_drawn(rendered):
    page, found, results = rendered
    assert len(found["svgs"]) == page.count("<svg ") > len(results)
    for svg in found["svgs"]:
        assert svg["width"] > 100 and svg["height"] > 20 and svg["drawn"] > 0
    key_questions = sum(1 for r in results for sr in r.standards.values()
                        if sr.standard.measured and isinstance(sr.results, dict)
                        for v in sr.results.values() if hasattr(v, "percent"))
    assert sum(svg["bars"] for svg in found["svgs"]) == key_questions  # one bar per known key-question result or item score


def test_nothing_is_fetched_and_the_policy_allows_the_page_its_own_style(rendered):
    _, found, _ = rendered
    assert found["resources"] == [] and found["violations"] == []
    red, green, blue = (int(TONES[3][0][i:i + 2], 16) for i in (1, 3, 5))
    assert found["badge"] == f"rgb({red}, {green}, {blue})"  # the inline style applied
    assert "section.inspection" in ",".join(found["printBreaks"])


def test_the_comparison_table_sorts(rendered):
    _, found, results = rendered
    names = [r.name for r in results]
    assert found["buttons"] == 8 and found["initial"] == names
    # stable (file order among equals), rows without a score (a framework that gives none) last both ways
    by_score = sorted(range(len(results)), key=lambda i: (results[i].score is None, results[i].score or 0))
    assert found["scoreUp"] == [names[i] for i in by_score] and found["sortUp"] == "ascending"
    down = sorted(range(len(results)), key=lambda i: (results[i].score is None, -(results[i].score or 0)))
    assert found["scoreDown"] == [names[i] for i in down] and found["sortDown"] == "descending"
    assert found["byName"] == sorted(names, key=str.lower)


def at_width(page: str, where: Path, width: int) -> dict:
    measured = where / "measured.html"
    measured.write_text(with_measurement(page), encoding="utf-8")
    return open_in_chromium(measured, where / "profile", width=width)


def assert_fits(found: dict, width: int) -> None:
    """The page is as wide as the window and no wider (tables scroll within themselves); no chart's words run
    past its edge, where the browser cuts them off; every chart's words are drawn at 10 px or more."""
    assert found["viewWidth"] == width
    assert found["pageWidth"] <= width, "the page scrolls sideways"
    assert found["clipped"] == [], "words cut off at a chart's edge"
    assert len(found["chartText"]) > 100  # every chart's words, measured
    smallest = min(found["chartText"])
    assert smallest[0] >= 10, f"{smallest[1]!r} drawn at {smallest[0]:.1f} px"


def test_at_a_phones_width_nothing_scrolls_sideways_or_is_cut_and_chart_words_stay_readable(rendered, tmp_path):
    """At a phone's 400 px (where the charts' smallest words were drawn at 7.5 px, and figures, percentages
    and standards' names ran past their edges)."""
    page, _, _ = rendered
    assert_fits(at_width(page, tmp_path, 400), 400)


def test_at_a_tablets_width_nothing_scrolls_sideways_or_is_cut_and_chart_words_stay_readable(rendered, tmp_path):
    """At 700 px (where the confidence table, wider than the page, made the page scroll sideways)."""
    page, _, _ = rendered
    assert_fits(at_width(page, tmp_path, 700), 700)


def test_at_a_desks_width_nothing_scrolls_sideways_or_is_cut_and_chart_words_stay_readable(rendered, tmp_path):
    """At a desk's 1,400 px (where 'Requires improvement' above its band was drawn at 9 px)."""
    page, _, _ = rendered
    assert_fits(at_width(page, tmp_path, 1400), 1400)
