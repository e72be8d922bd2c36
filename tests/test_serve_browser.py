"""The what-if page of `ratings serve` (issue 26) in a real browser: headless Chromium (Debian's package, which
`.ci/run` installs; never a browser build of playwright's own) driven by playwright, against a real server
started as a user starts it. Each rating the page shows is checked against the library's rating of the
inspection the page downloads, so the page is held to the engine, not to words written here."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import ratings

from conftest import CHESHIRE_WEST, ROOT

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed (Debian: apt-get "
                                                        "install chromium; .ci/run installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the test extra) is not installed")
pytest.importorskip("starlette", reason="the extra 'serve' is not installed")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT = 30_000  # ms: the machine may be busy


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ratings", "serve", "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/api/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"the server stopped: {process.stderr.read()}")
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=BROWSER, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    base, _ = server
    context = browser.new_context(accept_downloads=True)
    tab = context.new_page()
    tab.problems = []
    tab.requested = []
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))
    tab.on("request", lambda r: tab.requested.append(r.url))
    tab.goto(base + "/")
    tab.wait_for_selector("#report section", timeout=WAIT)  # the blank template, rated and drawn
    yield tab
    context.close()


def wait_until(tab, script: str, arg=None) -> None:
    """Poll ``script`` (a function of ``arg``) in the page until it holds. Not playwright's wait_for_function:
    it evaluates its predicate with eval, which the page's policy (rightly) forbids."""
    end = time.monotonic() + WAIT / 1000
    while not tab.evaluate(script, arg):
        if time.monotonic() > end:
            raise AssertionError(f"never held: {script} ({tab.text_content('#message')!r})")
        time.sleep(0.05)


def overall_shown(tab) -> str:
    return tab.text_content("#overall").strip()


def downloaded(tab, tmp_path: Path) -> Path:
    with tab.expect_download(timeout=WAIT) as info:
        tab.click("#download")
    target = tmp_path / "downloaded.yaml"
    info.value.save_as(target)
    return target


def settled(tab, before: str | None = None) -> str:
    """The overall shown once the page has rated its latest change (and drawn the report of it)."""
    if before is not None:
        wait_until(tab, "b => document.getElementById('overall').textContent.trim() !== b", before)
    tab.wait_for_load_state("networkidle", timeout=WAIT)
    return overall_shown(tab)


def upload_cheshire_west(tab) -> None:
    tab.set_input_files("#upload-inspection", str(CHESHIRE_WEST))
    wait_until(tab, "() => document.getElementById('message').textContent.indexOf('Read cheshire') === 0")
    wait_until(tab, "() => document.getElementById('overall').textContent.indexOf('(unknowns)') < 0")
    settled(tab)


def test_the_page_loads_offline_under_its_policy_and_starts_from_a_blank_template(page, server):
    """Nothing fetched beyond the server, no error and no policy violation; the blank template (every value
    unknown) leaves every overall rating possible, as `ratings rate` says of `ratings template`'s file."""
    base, _ = server
    assert page.problems == []
    assert page.requested and all(url.startswith(base + "/") for url in page.requested)
    assert overall_shown(page) == "any rating (unknowns)"  # as `ratings rate` says it


def test_an_uploaded_inspection_is_rated_as_the_library_rates_it(page, tmp_path):
    upload_cheshire_west(page)
    assert overall_shown(page) == ratings.rate(str(CHESHIRE_WEST)).overall
    assert page.locator("#report svg").count() > 0  # the report's charts
    assert ratings.rate(str(downloaded(page, tmp_path))).to_dict()["standards"] == \
        ratings.rate(str(CHESHIRE_WEST)).to_dict()["standards"]


@pytest.mark.parametrize("example", [CHESHIRE_WEST, ROOT / "examples" / "cqc-care-home-2025.yaml"],
                         ids=["key questions", "item scores"])
def test_moving_sliders_by_keyboard_changes_the_overall_rating(page, tmp_path, example):
    """Every key question (or item score) pushed to its highest with the End key: the overall shown changes,
    and it is the library's rating of the inspection the page then downloads."""
    page.set_input_files("#upload-inspection", str(example))
    wait_until(page, "n => document.getElementById('message').textContent.indexOf('Read ' + n) === 0",
               example.name)
    wait_until(page, "() => document.getElementById('overall').textContent.indexOf('(unknowns)') < 0")
    before = settled(page)
    assert before == ratings.rate(str(example)).overall
    sliders = page.locator("input[type=range][id^='r-']")
    assert sliders.count() >= 12
    for n in range(sliders.count()):
        sliders.nth(n).focus()
        page.keyboard.press("End")
    after = settled(page, before)
    assert after != before
    assert after == ratings.rate(str(downloaded(page, tmp_path))).overall


def test_what_it_would_take_is_applied_by_its_button(page, tmp_path):
    upload_cheshire_west(page)
    before = overall_shown(page)
    page.click("#apply-good", timeout=WAIT)
    after = settled(page, before)
    assert after == "Good" == ratings.rate(str(downloaded(page, tmp_path))).overall


def test_a_count_total_can_change(page, tmp_path):
    """A key question given as counts keeps them: its 'Yes' cases and its total can both be changed, and the
    downloaded file holds the counts."""
    counted = tmp_path / "counted.yaml"
    counted.write_text(CHESHIRE_WEST.read_text().replace("engagement: 71", "engagement: {yes: 24, of: 34}"))
    page.set_input_files("#upload-inspection", str(counted))
    wait_until(page, "() => document.getElementById('o-assessment-engagement') !== null")
    page.fill("#o-assessment-engagement", "40")
    page.press("#o-assessment-engagement", "Enter")
    page.focus("#r-assessment-engagement")
    page.keyboard.press("End")
    settled(page)
    wait_until(page, "() => document.getElementById('n-assessment-engagement').value === '40'")
    saved = ratings.Engine("hmip-probation-pdu-2021").load(str(downloaded(page, tmp_path)))
    result = saved.cases["assessment"]["engagement"]
    assert (result.yes, result.of) == (40, 40)


def test_an_uploaded_report_is_read_and_rated(page, tmp_path):
    page.set_input_files("#upload-report", str(ROOT / "tests" / "data" / "cheshire-west-2023.txt"))
    wait_until(page, "() => document.getElementById('message').textContent.indexOf('Read the report') < 0 && "
                     "document.getElementById('message').textContent.indexOf('Read ') === 0")
    shown = settled(page)
    assert "hmip-probation-pdu-2021" in page.text_content("#message")
    assert shown == ratings.rate(str(downloaded(page, tmp_path))).overall


def test_the_page_fits_a_phone_and_every_control_is_reached_by_keyboard(page):
    page.set_viewport_size({"width": 360, "height": 740})
    upload_cheshire_west(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    reached = set()
    page.focus("#rules")
    for _ in range(12):
        reached.add(page.evaluate("document.activeElement.id"))
        page.keyboard.press("Tab")
    assert {"rules", "blank", "upload-inspection", "upload-report", "download"} <= reached
