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
  out.chartText = Array.prototype.map.call(document.querySelectorAll('figure.chart svg'), function (svg) {
    var scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min.apply(null, Array.prototype.map.call(svg.querySelectorAll('text'), function (t) {
      return parseFloat(getComputedStyle(t).fontSize) * scale; }));
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


def open_in_chromium(path: Path, profile: Path, width: int = 1200) -> dict:
    run = subprocess.run(
        [BROWSER, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
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


def test_at_a_phones_width_the_page_never_scrolls_sideways_and_chart_words_stay_readable(rendered, tmp_path):
    """At a phone's width (Chromium's narrowest window), tables scroll within themselves and the page does
    not; every chart's smallest words are drawn at 8.5 px or more (they were about 5 px)."""
    page, _, _ = rendered
    measured = tmp_path / "measured.html"
    measured.write_text(with_measurement(page), encoding="utf-8")
    found = open_in_chromium(measured, tmp_path / "profile", width=400)
    assert found["pageWidth"] <= found["viewWidth"] <= 520
    assert found["chartText"] and min(found["chartText"]) >= 8.5
