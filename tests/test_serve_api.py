"""`ratings serve`'s API (issue 26): every path answers exactly what the same command prints with
`--format json` (compared with the command run here), and every refusal is application/problem+json with the
project's located problems and the status the issue fixes: 400/415 for a malformed request, 422 for an invalid
inspection, 404 for an unknown rule set or path, 413 past a body limit; a search out of time says what the
command says; no path a request names is read. The application is driven in this process, as a server hands
it requests (tests/serve_client.py); tests/test_serve_browser.py runs a real server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the extra 'serve' is not installed")

from ratings.frontends.cli import main  # noqa: E402
from ratings.frontends.serve import Limits, create_app  # noqa: E402

from conftest import CHESHIRE_WEST, EXAMPLES, ROOT, CliRunner  # noqa: E402
from serve_client import Client  # noqa: E402

YAML = "application/yaml"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
CUSTOM = ROOT / "docs" / "example-rules" / "care-2027.yaml"
PROBLEM_STATUSES = {400, 404, 405, 413, 415, 422}


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("own-rules")
    shutil.copy(CUSTOM, folder / CUSTOM.name)
    return folder


@pytest.fixture(scope="module")
def client(rules_dir):
    c = Client(create_app(str(rules_dir)))
    yield c
    c.close()


def cli(*args: str) -> str:
    run = CliRunner().invoke(main, [str(a) for a in args])
    assert run.exit_code in (0, 1), run.stderr
    return run.stdout


def as_json(path: Path) -> str:
    """An inspection file as a program would post it: the YAML's data as JSON (exact decimals as numbers)."""
    from ratings.reading.yaml_file import read_file
    from ratings.frontends.outputs import plain

    return json.dumps(plain(read_file(path).to_python()))


def read_yaml(text: str):
    """YAML as the project reads it (1.2: a date stays text), its exact numbers as JSON numbers."""
    from ratings.frontends.outputs import plain
    from ratings.reading.yaml_file import parse_text

    return plain(parse_text(text, "<output>").to_python())


def refused(answer, status: int) -> dict:
    """A refusal: the status, RFC 9457's members, the located problems, and no traceback."""
    assert answer.status == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert all(set(e) == {"line", "key", "message"} for e in body["errors"])
    assert "Traceback" not in answer.text and 'File "' not in answer.text
    return body


# ------------------------------------------------------------------------------------- what the CLI prints


def test_health_says_ok_and_the_version(client):
    answer = client.get("/api/health")
    assert answer.status == 200 and answer.json()["status"] == "ok"
    assert answer.json()["version"] == cli("--version").split()[-1]


def test_rules_lists_the_bundled_rule_sets_as_the_command_then_those_of_rules_dir(client):
    listed = client.get("/api/rules").json()
    bundled = json.loads(cli("rules", "list", "--format", "json"))
    assert listed[:len(bundled)] == bundled
    assert [r["id"] for r in listed[len(bundled):]] == ["care-2027"]


@pytest.mark.parametrize("rule_id", ["hmip-probation-pdu-2021", "hmip-youth-2021", "cqc-adult-social-care-2023"])
def test_a_rule_set_its_template_and_schema_are_what_the_commands_print(client, rule_id):
    assert client.get(f"/api/rules/{rule_id}").text == cli("rules", "show", rule_id, "--format", "json")
    template = client.get(f"/api/rules/{rule_id}/template")
    assert template.text == cli("template", "--rules", rule_id)
    assert template.headers["content-type"].startswith("application/yaml")
    assert client.get(f"/api/rules/{rule_id}/schema").text == cli("schema", "--rules", rule_id)


def test_a_rule_set_of_rules_dir_is_served_by_its_id(client):
    assert client.get("/api/rules/care-2027").text == cli("rules", "show", CUSTOM, "--format", "json")


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_rate_answers_what_rate_prints_for_yaml_and_json(client, path):
    """Posted as the file (YAML) the answer is the command's bytes; posted as JSON, the same data."""
    printed = cli("rate", path, "--format", "json")
    assert client.post("/api/rate", path.read_bytes(), YAML).text == printed
    assert client.post("/api/rate", as_json(path)).json() == json.loads(printed)


def test_rate_under_a_named_rule_set(client):
    """?rules= overrides the rule set the file's dates choose, as --rules does."""
    path = EXAMPLES / "nps-division-2019.yaml"
    printed = cli("rate", path, "--rules", "hmip-probation-nps-2018", "--format", "json")
    assert client.post("/api/rate?rules=hmip-probation-nps-2018", path.read_bytes(), YAML).text == printed
    assert printed != cli("rate", path, "--format", "json")


def test_gap_confidence_and_verify_answer_what_the_commands_print(client):
    body = CHESHIRE_WEST.read_bytes()
    for target, standard in (("Good", None), ("Outstanding", None), ("Good", "assessment")):
        query = f"target={target}" + (f"&standard={standard}" if standard else "")
        args = ["gap", CHESHIRE_WEST, "--target", target, "--format", "json"] + (
            ["--standard", standard] if standard else [])
        assert client.post(f"/api/gap?{query}", body, YAML).text == cli(*args)
    assert client.post("/api/confidence", body, YAML).text == cli("confidence", CHESHIRE_WEST, "--format", "json")
    verified = client.post("/api/verify", body, YAML).json()
    printed = json.loads(cli("verify", CHESHIRE_WEST, "--format", "json"))
    assert {k: v for k, v in verified.items() if k != "files"} == {k: v for k, v in printed.items() if k != "files"}
    assert [{**f, "file": None} for f in verified["files"]] == [{**f, "file": None} for f in printed["files"]]


def test_batch_answers_the_rows_batch_prints_in_order(client):
    files = EXAMPLE_FILES[:6]
    posted = "[" + ",".join(as_json(p) for p in files) + "]"
    rows = client.post("/api/batch", posted).json()
    printed = json.loads(cli("batch", *files, "--format", "json"))
    assert [r["file"] for r in rows] == [f"<inspection {n}>" for n in range(1, len(files) + 1)]
    assert [{**r, "file": None} for r in rows] == [{**r, "file": None} for r in printed]


def test_batch_gives_a_bad_inspection_its_own_row(client):
    rows = client.post("/api/batch", json.dumps([{"rules": "no-such-rules"}, {"rules": "/etc/passwd"},
                                                 json.loads(as_json(CHESHIRE_WEST))])).json()
    assert [r["ok"] for r in rows] == [False, False, True]
    assert "no rule set 'no-such-rules'" in rows[0]["error"] and "reads no path" in rows[1]["error"]
    assert rows[0]["error"].startswith("<inspection 1>")


@pytest.mark.parametrize("report, media", [("cheshire-west-2023.txt", "text/plain"),
                                           ("cheshire-west-2023.html", "text/html")])
def test_extract_reads_a_report_into_the_inspection_extract_writes(client, report, media):
    path = ROOT / "tests" / "data" / report
    answer = client.post("/api/extract", path.read_bytes(), media)
    assert answer.status == 200, answer.text
    found = answer.json()
    written = read_yaml(cli("extract", path))  # the command's file, its comments aside
    assert found["inspection"] == written
    assert set(found) >= {"inspection", "gaps", "places"}
    assert all(set(g) == {"key", "message"} for g in found["gaps"])
    assert "cases.assessment.keeping_safe" in found["places"]


def test_extract_reads_a_pdf_report(client):
    pytest.importorskip("pypdf")
    from pdf_writer import write_pdf

    text = (ROOT / "tests" / "data" / "cheshire-west-2023.txt").read_text(encoding="utf-8")
    found = client.post("/api/extract", write_pdf(text), "application/pdf").json()
    assert found["inspection"]["cases"]["assessment"]["keeping_safe"] == \
        read_yaml(cli("extract", ROOT / "tests" / "data" / "cheshire-west-2023.txt"))["cases"]["assessment"][
            "keeping_safe"]


def test_inspection_gives_a_posted_file_back_as_json(client):
    data = client.post("/api/inspection", CHESHIRE_WEST.read_bytes(), YAML).json()["inspection"]
    assert client.post("/api/rate", json.dumps(data)).text == cli("rate", CHESHIRE_WEST, "--format", "json")


def test_report_is_the_page_ratings_report_writes(client):
    page = client.post("/api/report", CHESHIRE_WEST.read_bytes(), YAML)
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert "Requires improvement" in page.text and "<svg" in page.text


# ------------------------------------------------------------------------------------------- OpenAPI


def test_openapi_describes_every_path_of_the_api(client):
    """Every /api path the application routes (with its methods) is described, and nothing else."""
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    app_paths = {r.path: {m.lower() for m in r.methods} - {"head"} for r in client.app.routes
                 if r.path.startswith("/api/")}
    assert {p: set(ops) for p, ops in doc["paths"].items()} == app_paths


def test_openapi_inspection_schema_accepts_the_examples(client):
    jsonschema = pytest.importorskip("jsonschema")
    doc = client.get("/openapi.json").json()
    schema = {**doc["components"]["schemas"]["Inspection"], "$schema": "https://json-schema.org/draft/2020-12/schema"}
    jsonschema.validate(json.loads(as_json(EXAMPLES / "pdu-2024.yaml")), schema)  # the newest PDU rule set's


# ------------------------------------------------------------------------------------------- refusals


def test_malformed_bodies_are_400_located(client):
    body = refused(client.post("/api/rate", '{"name": "x",\n "cases": [}'), 400)
    assert body["errors"][0]["line"] == 2
    body = refused(client.post("/api/rate", "name: x\ncases: [\n", YAML), 400)
    assert body["errors"][0]["line"] is not None
    refused(client.post("/api/rate", '{"a": 1, "a": 2}'), 400)  # a duplicate key: never the last silently
    refused(client.post("/api/rate", '{"cases": NaN}'), 400)
    refused(client.post("/api/rate", b"\xff\xfe{}"), 400)
    refused(client.post("/api/rate", "[" * 50_000 + "]" * 50_000), 400)  # nested past any parser's depth
    refused(client.post("/api/rate", "1" * 5000), 400)  # more digits than Python converts
    refused(client.post("/api/rate", ""), 400)


def test_bad_queries_are_400(client):
    body = CHESHIRE_WEST.read_bytes()
    refused(client.post("/api/gap", body, YAML), 400)  # no target
    assert "Great" in refused(client.post("/api/gap?target=Great", body, YAML), 400)["detail"]
    assert "colour" in refused(client.post("/api/rate?colour=red", body, YAML), 400)["detail"]
    refused(client.post("/api/rate?rules=hmip-youth-2021&rules=hmip-youth-2021", body, YAML), 400)
    refused(client.get("/api/health?x=1"), 400)


def test_an_invalid_inspection_is_422_with_each_problem_located(client):
    body = refused(client.post("/api/rate", "rules: hmip-probation-pdu-2021\njudgements:\n  leadership: Gud\n",
                               YAML), 422)
    assert {"line": 3, "key": "judgements.leadership"} in [{k: e[k] for k in ("line", "key")}
                                                          for e in body["errors"]]
    assert any("did you mean 'Good'" in e["message"] for e in body["errors"])
    refused(client.post("/api/rate", "[1, 2]"), 422)  # not a mapping
    refused(client.post("/api/batch", "{}"), 422)  # not a list
    for path in ("/api/gap?target=Good", "/api/confidence", "/api/verify", "/api/inspection", "/api/report"):
        refused(client.post(path, '{"rules": "hmip-probation-pdu-2021"}'), 422)


def test_a_rules_path_is_refused_and_never_read(client, tmp_path):
    """A path in `rules:` (or ?rules=) is refused, even naming a real rule-set file, and even when ?rules=
    would override it."""
    real = tmp_path / "mine.yaml"
    shutil.copy(CUSTOM, real)
    for named in (str(real), "../../etc/passwd", "rules.yaml"):
        mapping = {**json.loads(as_json(CHESHIRE_WEST)), "rules": named}
        body = refused(client.post("/api/rate", json.dumps(mapping)), 422)
        assert body["errors"][0]["key"] == "rules" and "reads no path" in body["detail"]
        refused(client.post("/api/rate?rules=hmip-probation-pdu-2021", json.dumps(mapping)), 422)
    refused(client.post(f"/api/rate?rules={real}", CHESHIRE_WEST.read_bytes(), YAML), 422)
    yaml_body = CHESHIRE_WEST.read_text().replace("rules: hmip-probation-pdu-2021", f"rules: {real}")
    assert refused(client.post("/api/rate", yaml_body, YAML), 422)["errors"][0]["line"] == 7


def test_unknown_rule_sets_and_paths_are_404(client):
    body = CHESHIRE_WEST.read_bytes()
    assert "did you mean 'hmip-probation-pdu-20" in refused(
        client.post("/api/rate?rules=hmip-probation-pdu-2020", body, YAML), 404)["detail"]
    refused(client.post("/api/rate", body.replace(b"pdu-2021", b"pdu-1999"), YAML), 404)
    refused(client.post("/api/extract?rules=nope", b"text", "text/plain"), 404)
    for path in ("/api/rules/nope", "/api/rules/nope/template", "/api/rules/nope/schema", "/api/nothing",
                 "/static/../serve.py", "/static/index.html"):
        refused(client.get(path), 404)


def test_a_wrong_method_is_405_and_a_wrong_media_type_415(client):
    answer = client.get("/api/rate")
    refused(answer, 405)
    assert "POST" in answer.headers["allow"]
    refused(client.post("/api/health"), 405)
    refused(client.post("/api/rate", CHESHIRE_WEST.read_bytes(), "text/plain"), 415)
    refused(client.post("/api/rate", CHESHIRE_WEST.read_bytes(), None), 415)
    refused(client.post("/api/batch", "- {}\n", YAML), 415)
    refused(client.post("/api/extract", b"{}", "application/json"), 415)


def test_bodies_past_their_limit_are_413(client):
    limits = Limits()
    refused(client.post("/api/rate", b" " * (limits.inspection_bytes + 1)), 413)
    refused(client.post("/api/rate", b"{}", headers=[("content-length", str(10 ** 12))]), 413)
    refused(client.post("/api/extract", b"x" * (limits.report_bytes + 1), "text/plain"), 413)
    refused(client.post("/api/batch", json.dumps([{}] * (limits.batch_items + 1))), 413)


def test_a_report_that_is_not_one_is_422(client):
    refused(client.post("/api/extract", (ROOT / "tests" / "data" / "not-a-report.txt").read_bytes(),
                        "text/plain"), 422)
    refused(client.post("/api/extract", b"%PDF-1.4 broken", "application/pdf"), 422)
    refused(client.post("/api/extract", b"", "text/plain"), 422)


def test_a_search_past_its_time_budget_answers_what_the_command_says(rules_dir):
    """With a budget too small for any search, gap and confidence are refused saying they gave up, as the
    command's error does, and verify's verdict holds the error, as the command's does."""
    slow = Client(create_app(limits=Limits(max_seconds=1e-9)))
    try:
        body = CHESHIRE_WEST.read_bytes()
        for path, args in (("/api/gap?target=Good", ["gap", "--target", "Good"]), ("/api/confidence", ["confidence"])):
            answer = refused(slow.post(path, body, YAML), 422)
            assert answer["title"] == "Out of time" and answer["detail"].startswith("gave up after")
            printed = CliRunner().invoke(main, [*args, str(CHESHIRE_WEST), "--max-seconds", "1e-9"]).stderr
            assert f"Error: {CHESHIRE_WEST}: {answer['detail']}\n" == printed
        published = EXAMPLES / "pdu-2024-as-published.yaml"
        verdict = slow.post("/api/verify", published.read_bytes(), YAML).json()
        printed = json.loads(CliRunner().invoke(main, ["verify", str(published), "--max-seconds", "1e-9",
                                                       "--format", "json"]).stdout)
        assert [{**f, "file": None} for f in verdict["files"]] == [{**f, "file": None} for f in printed["files"]]
    finally:
        slow.close()


# --------------------------------------------------------------------------------------------- safety


HOSTILE = [b"", b"\x00" * 100, b"{" * 10_000, b"[" * 100_000, b'{"a":' * 3000 + b"1" + b"}" * 3000,
           b"- " * 5000 + b"x", b"a: &a [*a]", b"a: !!python/object:os.system x", b"\xef\xbb\xbf{}",
           "é".encode("utf-16"), b'{"name": "' + b"x" * 200_000 + b'"}', b'{"cases": 1e999}',
           b'{"cases": {"assessment": {"engagement": -1e308}}}', b"9" * 10_000, b'"just text"', b"null",
           json.dumps({"rules": "hmip-probation-pdu-2021", "judgements": {"leadership": {"awarded": [[[]]]}},
                       "cases": {"assessment": {"engagement": {"yes": 10 ** 50, "of": 10 ** 51}}}}).encode()]


@pytest.mark.parametrize("path", ["/api/rate", "/api/gap?target=Good", "/api/confidence", "/api/verify",
                                  "/api/batch", "/api/inspection", "/api/report", "/api/extract"])
def test_no_hostile_body_gets_a_server_error(client, path):
    """Malformed, huge, deeply nested and strange bodies, as JSON and as YAML, on every path: each a refusal
    with a status the issue names, never a 5xx or a traceback."""
    types = ["text/plain", "application/pdf"] if path == "/api/extract" else ["application/json", YAML]
    for body in HOSTILE:
        for media in types:
            answer = client.post(path, body, media)
            assert answer.status in PROBLEM_STATUSES | {200}, (body[:40], media, answer.text[:300])
            if answer.status != 200:
                refused(answer, answer.status)


def test_the_page_is_served_under_a_strict_policy_and_no_cors_without_an_origin(client, rules_dir):
    page = client.get("/")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe" not in policy
    for name in ("app.js", "app.css"):
        assert client.get(f"/static/{name}").status == 200
    asked = [("origin", "https://dash.example")]
    assert "access-control-allow-origin" not in client.post(
        "/api/rate", CHESHIRE_WEST.read_bytes(), YAML, headers=asked).headers
    allowed = Client(create_app(cors="https://dash.example"))
    try:
        answer = allowed.post("/api/rate", CHESHIRE_WEST.read_bytes(), YAML, headers=asked)
        assert answer.headers["access-control-allow-origin"] == "https://dash.example"
        other = allowed.post("/api/rate", CHESHIRE_WEST.read_bytes(), YAML, headers=[("origin", "https://evil.example")])
        assert "access-control-allow-origin" not in other.headers
    finally:
        allowed.close()


def test_a_rules_dir_reusing_a_bundled_id_is_an_error(tmp_path):
    from ratings.model.errors import RatingsError

    (tmp_path / "copy.yaml").write_bytes((ROOT / "rules" / "hmip-probation-pdu-2021.yaml").read_bytes())
    with pytest.raises(RatingsError, match="served already"):
        create_app(str(tmp_path))


# ------------------------------------------------------------------------------------- the command itself


def _serve(*args: str):
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return port, subprocess.Popen([sys.executable, "-m", "ratings", "serve", "--port", str(port), *args],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serving_beyond_this_machine_is_warned_about_and_a_broken_rules_dir_stops_it(tmp_path):
    """--host other than this machine's own address: a warning line, then the service on that address (here
    another loopback address); a --rules-dir holding a broken rule set: an error line naming the file, exit 1,
    nothing served."""
    import time
    import urllib.request

    port, process = _serve("--host", "127.0.0.2")
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.2:{port}/api/health", timeout=2) as answer:
                    assert json.loads(answer.read())["status"] == "ok"
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.1)
        else:
            pytest.fail("the server never answered")
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert err.startswith("Warning: listening on 127.0.0.2: ")
    (tmp_path / "broken.yaml").write_text("id: broken\n")
    _, broken = _serve("--rules-dir", str(tmp_path))
    out, err = broken.communicate(timeout=60)
    assert broken.returncode == 1 and err.startswith(f"Error: {tmp_path / 'broken.yaml'}") and "Traceback" not in err


@pytest.mark.parametrize("host, answered", [("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True),
                                            ("LOCALHOST", True), ("rebound.example:8000", False),
                                            ("127.0.0.1.rebound.example", False), ("", False)])
def test_a_server_for_this_machine_only_answers_requests_addressed_to_it(host, answered):
    """Listening on 127.0.0.1 (the default), the server answers only requests whose Host is this machine: a
    page elsewhere whose name is made to resolve here (DNS rebinding) is refused, as a problem."""
    from ratings.frontends.serve import LOCAL_HOSTS

    local = Client(create_app(hosts=LOCAL_HOSTS))
    try:
        answer = local.post("/api/rate", CHESHIRE_WEST.read_bytes(), YAML, headers=[("host", host)])
    finally:
        local.close()
    if answered:
        assert answer.status == 200, answer.text
    else:
        assert answer.status == 400 and answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["title"] == "Unknown host"


def test_a_batch_item_is_an_inspection_never_a_path_the_server_would_read(client):
    """Each item of a batch is an object; a string (a path on the server, or '-', its standard input) is a
    row saying so, never read — and an item's own 'rules:' path is refused whether or not ?rules= is given."""
    rows = client.post("/api/batch", json.dumps(["-", "/etc/passwd", str(CHESHIRE_WEST)])).json()
    assert [r["ok"] for r in rows] == [False, False, False]
    assert all("not an inspection: expected an object" in r["error"] for r in rows)
    item = {**json.loads(as_json(CHESHIRE_WEST)), "rules": "/etc/passwd"}
    for path in ("/api/batch", "/api/batch?rules=hmip-probation-pdu-2021"):
        row = client.post(path, json.dumps([item])).json()[0]
        assert not row["ok"] and "reads no path a request names" in row["error"]


def test_rules_in_the_query_overrides_the_inspection_s_own_as_the_command_line_does(client, tmp_path):
    """?rules=ID rates under ID whatever the body names, as --rules does (only a path in the body is
    refused)."""
    body = CHESHIRE_WEST.read_text().replace("rules: hmip-probation-pdu-2021", "rules: hmip-probation-pdu-1999")
    assert "hmip-probation-pdu-1999" in body
    answer = client.post("/api/rate?rules=hmip-probation-pdu-2021", body, YAML)
    (tmp_path / "i.yaml").write_text(body)
    printed = CliRunner().invoke(main, ["rate", str(tmp_path / "i.yaml"), "--rules", "hmip-probation-pdu-2021",
                                        "--format", "json"])
    assert answer.status == 200 and printed.exit_code == 0 and answer.json() == json.loads(printed.stdout)


def test_the_openapi_description_declares_every_example_a_valid_inspection(client):
    """The body the rating paths declare admits an inspection of every served rule set, not one framework's."""
    jsonschema = pytest.importorskip("jsonschema")
    doc = client.get("/openapi.json").json()
    schema = {**doc["components"]["schemas"]["Inspection"], "$schema": "https://json-schema.org/draft/2020-12/schema"}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        jsonschema.validate(json.loads(as_json(path)), schema)
        assert client.post("/api/rate", as_json(path)).status == 200, path.name


def test_reading_a_report_out_of_time_is_said_as_every_search_says_it():
    slow = Client(create_app(limits=Limits(max_seconds=1e-9)))
    try:
        body = (ROOT / "tests" / "data" / "cheshire-west-2023.txt").read_bytes()
        answer = refused(slow.post("/api/extract", body, "text/plain"), 422)
    finally:
        slow.close()
    assert answer["title"] == "Out of time" and answer["detail"].startswith("gave up after")
