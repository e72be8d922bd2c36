"""``ratings serve``: the engine as a web service, and the what-if page (the optional extra ``serve``).

Starlette (routing, requests, responses) on uvicorn (the HTTP server). Every answer is what the command line
prints: the JSON comes from the same ``to_dict`` and ``outputs.py`` functions, written by the same
``json_text``. Nothing here rates, searches or words anything.

Safe by default: the server reads no path a request names (rule sets are the bundled ones and those of
``--rules-dir``, by id; a ``rules:`` path in a posted inspection is refused), bounds every body (small for
inspections, larger for reports) and every analysis (``max_seconds``, as the command line), answers with no
CORS header unless given an origin, and serves its page under a strict Content-Security-Policy. Every refusal
is ``application/problem+json`` (RFC 9457) with the project's located problems.
"""

from __future__ import annotations

import functools
import json
import os
import time
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable, Iterable, NoReturn, TypeVar

import anyio
import attrs
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..loading.inspection import load_inspection
from ..loading.registry import bundled_rule_sets, load_path, looks_like_path
from ..model.errors import Problem, RatingsError
from ..model.limits import DEFAULT_MAX_SECONDS, Deadline, OutOfTime
from ..model.objects import Inspection, RuleSet
from ..reading.files import yaml_files
from ..reading.reader import suggestion
from ..reading.yaml_file import Node, parse_bytes
from .api import _declined, rate_checked_mappings, rate_inspection
from .outputs import extraction_data, json_text, plain, rule_card_data, rule_list_data, verify_data

__all__ = ["Limits", "create_app", "run", "openapi"]

T = TypeVar("T")

#: The media types an inspection may be posted as: JSON, or YAML as a file is written.
JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
#: A report's media type, and the file suffix the report reader takes it as.
REPORT_TYPES = {"text/plain": ".txt", "text/html": ".html", "application/pdf": ".pdf"}
#: What a request's body is called in messages (the loader names a posted mapping ``<mapping>``).
BODY = "<request>"

#: The page's policy: its own script and style, requests to this server only; nothing inline, no frames.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
#: Every other answer is data: nothing in it may run or be framed.
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
#: The page's files (shipped in the package, ratings/frontends/static/), by the name the page asks for.
STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8",
          "icon.svg": "image/svg+xml"}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Limits:
    """What one request may ask: its body's size (an inspection is a few kilobytes; a batch holds many; a PDF
    report a few megabytes), the items of a batch, and the seconds each analysis may search."""

    inspection_bytes: int = 256 * 1024
    batch_bytes: int = 4 * 1024 * 1024
    batch_items: int = 1000
    report_bytes: int = 20 * 1024 * 1024
    max_seconds: float = DEFAULT_MAX_SECONDS
    analyses: int = 4  # analyses run at once in worker threads; more wait their turn


class Refused(Exception):
    """A request the server will not answer as asked: its status, title, detail and located problems."""

    def __init__(self, status: int, title: str, detail: str, problems: Iterable[Problem] = ()):
        super().__init__(detail)
        self.status, self.title, self.detail, self.problems = status, title, detail, tuple(problems)


def _located(p: Problem) -> str:
    where = f"line {p.line}: " if p.line is not None else ""
    return where + (f"{p.key}: {p.message}" if p.key else p.message)


#: the title of a refusal whose search ran out of time, whatever path it came by
OUT_OF_TIME = "Out of time"


def invalid(exc: RatingsError, title: str = "Invalid inspection", status: int = 422) -> Refused:
    """A RatingsError as a refusal: each problem with its line and key. A search out of time says what it
    established, as the command line does."""
    if isinstance(exc, OutOfTime):
        title = OUT_OF_TIME
    return Refused(status, title, "; ".join(_located(p) for p in exc.problems), exc.problems)


def problem_response(status: int, title: str, detail: str, problems: Iterable[Problem] = ()) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "errors": [{"line": p.line, "key": p.key, "message": p.message} for p in problems]}
    return Response(json_text(body), status, headers=_headers(DATA_POLICY),
                    media_type="application/problem+json")


def _headers(policy: str) -> dict[str, str]:
    return {"content-security-policy": policy, "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer", "cache-control": "no-store"}


def json_response(data: Any) -> Response:
    """Exactly what the command prints with ``--format json``."""
    return Response(json_text(data), headers=_headers(DATA_POLICY), media_type="application/json")


def text_response(text: str, media_type: str, policy: str = DATA_POLICY) -> Response:
    return Response(text, headers=_headers(policy), media_type=media_type)


# ----------------------------------------------------------------------------------------------- bodies


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


#: A body past its limit is read on, and dropped, up to this many times the limit, so that the client (which
#: sends the whole body before reading any answer) gets the 413 rather than a connection closed under it.
#: Past that, or when Content-Length says so at once, the answer is sent and the connection closed.
DRAIN = 8


async def body_of(request: Request, limit: int) -> bytes:
    """The body, refused (413) past ``limit`` bytes, whatever Content-Length said; never more than ``limit``
    bytes of it kept."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > DRAIN * limit:
        raise too_large(limit)
    chunks, total = [], 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > DRAIN * limit:
                break
            if total <= limit:
                chunks.append(chunk)
    except ClientDisconnect:
        raise Refused(400, "Incomplete body", "the client went away before sending the whole body") from None
    if total > limit:
        raise too_large(limit)
    return b"".join(chunks)


def too_large(limit: int) -> Refused:
    return Refused(413, "Body too large", f"the body is larger than this server takes here ({limit:,} bytes)")


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:  # json.loads would keep the last silently: a silent guess
            raise _Duplicate(f"the key {json.dumps(key)[:80]} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> NoReturn:
    raise _Duplicate(f"{name} is not a number JSON allows")


def parse_json(data: bytes) -> Any:
    """A JSON body (UTF-8, RFC 8259): no duplicate keys, no NaN or Infinity; a syntax error located."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad_body(f"the body is not UTF-8 (the byte 0x{data[exc.start]:02x} is not valid UTF-8 here)",
                       data[:exc.start].count(b"\n") + 1) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise bad_body(f"invalid JSON: {exc.msg}", exc.lineno) from None
    except _Duplicate as exc:
        raise bad_body(f"invalid JSON: {exc}") from None
    except RecursionError:  # arrays or objects nested thousands deep
        raise bad_body("invalid JSON: nested too deeply") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise bad_body(f"invalid JSON: {str(exc)[:120]}") from None


def bad_body(message: str, line: int | None = None) -> Refused:
    p = Problem(message, BODY, line)
    return Refused(400, "Malformed body", _located(p), (p,))


def parse_yaml(data: bytes) -> Node:
    """A YAML body, read as the command line reads a file (strict YAML 1.2, every node with its line)."""
    from ..loading.inspection import INSPECTION

    try:
        return parse_bytes(data, BODY, INSPECTION)
    except RatingsError as exc:
        raise invalid(exc, "Malformed body", 400) from None


# --------------------------------------------------------------------------------------------- the service


class Service:
    """The rule sets served, by id (the bundled ones, then those of ``--rules-dir``), and the handlers."""

    def __init__(self, rules_dir: str | None = None, limits: Limits = Limits()):
        self.limits = limits
        self.rule_sets: dict[str, RuleSet] = {r.id: r for r in bundled_rule_sets()}
        if rules_dir is not None:
            for path in yaml_files([rules_dir], recursive=False):
                if path.endswith((".tests.yaml", ".tests.yml")):  # worked cases beside a rule set
                    continue
                rule_set = load_path(path)
                if rule_set.id in self.rule_sets:
                    raise RatingsError(Problem(f"rule set id {rule_set.id} is served already (bundled, or by "
                                               "another file of --rules-dir): give this one an id of its own",
                                               path))
                self.rule_sets[rule_set.id] = rule_set
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        """Made in the server's event loop, on first use (an older anyio binds it to the loop it is made in)."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.limits.analyses)
        return self._limiter

    # the rule sets

    def rule_set(self, ref: str, key: str, line: int | None = None) -> RuleSet:
        """A served rule set by id: never a path (422), an unknown id 404 with the nearest."""
        if ref in self.rule_sets:
            return self.rule_sets[ref]
        if looks_like_path(ref):
            p = Problem("this server reads no path a request names: name a rule set by its id (GET /api/rules "
                        "lists them; the server's own come from its --rules-dir)", BODY, line, key)
            raise Refused(422, "Rule set path refused", _located(p), (p,))
        near = suggestion(ref, self.rule_sets)
        hint = f"; did you mean '{near}'?" if near else "; GET /api/rules lists them"
        p = Problem(f"no rule set '{ref[:80]}' is served here{hint}", BODY, line, key)
        raise Refused(404, "Unknown rule set", _located(p), (p,))

    def chosen(self, request: Request, source: Any) -> RuleSet | None:
        """The rule set a posted inspection is rated under when it is named (``?rules=``, else its own
        ``rules:``), checked here; None leaves the choice by date to the loader, among the bundled ones. A
        ``rules:`` path is refused even when ``?rules=`` overrides it."""
        query = request.query_params.get("rules")
        own = self._item_rule_set(source, overridden=query is not None)
        return self.rule_set(query, "?rules") if query is not None else own

    async def analysis(self, work: Callable[[], T]) -> T:
        """Work that may search (up to ``max_seconds``) in a worker thread, a few at once, so that the server
        goes on answering; its RatingsError is the request's refusal."""
        try:
            return await anyio.to_thread.run_sync(work, limiter=self.limiter)
        except RatingsError as exc:
            raise invalid(exc) from None

    async def inspection(self, request: Request, allowed: tuple[str, ...]) -> tuple[Any, RuleSet | None]:
        """A posted inspection (JSON, or YAML as a file is written) and the rule set it names."""
        only(request, allowed)
        kind = media_type(request)
        if kind not in JSON_TYPES + YAML_TYPES:
            raise unsupported(kind, JSON_TYPES + YAML_TYPES)
        data = await body_of(request, self.limits.inspection_bytes)
        if kind in JSON_TYPES:
            source = parse_json(data)
        else:
            source = await anyio.to_thread.run_sync(parse_yaml, data, limiter=self.limiter)
        if not isinstance(source, (dict, Node)) or (isinstance(source, Node) and source.kind != "map"):
            p = Problem("the body is not an inspection: expected an object (a mapping) with 'judgements', "
                        "'cases', ...", BODY, getattr(source, "line", None))
            raise Refused(422, "Invalid inspection", _located(p), (p,))
        return source, self.chosen(request, source)

    def load(self, source: Any, rule_set: RuleSet | None) -> tuple[RuleSet, Inspection]:
        return load_inspection(source, rule_set)

    # the handlers

    async def health(self, request: Request) -> Response:
        only(request, ())
        return json_response({"status": "ok", "version": version()})

    async def rules(self, request: Request) -> Response:
        only(request, ())
        return json_response(rule_list_data(self.rule_sets.values()))

    def _path_rule_set(self, request: Request) -> RuleSet:
        only(request, ())
        return self.rule_set(request.path_params["id"], "id")

    async def rule_card(self, request: Request) -> Response:
        return json_response(rule_card_data(self._path_rule_set(request)))

    async def template(self, request: Request) -> Response:
        from .template import inspection_template

        return text_response(inspection_template(self._path_rule_set(request), None),
                             "application/yaml; charset=utf-8")

    async def schema(self, request: Request) -> Response:
        from .schema import inspection_schema

        return json_response(inspection_schema(self._path_rule_set(request)))

    async def rate(self, request: Request) -> Response:
        source, rule_set = await self.inspection(request, ("rules",))
        if rule_set is not None and type(source) is dict:  # the compiled fast path, as ratings.rate takes it
            found = rate_checked_mappings(rule_set, (source,), True, _declined)[0]
            if found is not None:
                return json_response(found.to_dict())
        ms = self.limits.max_seconds
        result = await self.analysis(lambda: rate_inspection(*self.load(source, rule_set), True, ms))
        return json_response(result.to_dict())

    async def gap(self, request: Request) -> Response:
        from ..analyses.gap import gap as find_gap, parse_target

        source, rule_set = await self.inspection(request, ("rules", "target", "standard"))
        target, standard = request.query_params.get("target"), request.query_params.get("standard")
        if not target:
            raise Refused(400, "Missing target", "say the rating to reach: ?target=Good")

        def work() -> dict[str, Any]:
            rules, inspection = self.load(source, rule_set)
            if standard is None or standard in rules.standards:
                try:  # a rating the scale does not have is the request's mistake, as a misspelt option is
                    parse_target(rules, target, standard or "overall")
                except RatingsError as exc:
                    raise invalid(exc, "Bad target", 400) from None
            return find_gap(rules, inspection, target, standard, self.limits.max_seconds).to_dict()

        return json_response(await self.analysis(work))

    async def confidence(self, request: Request) -> Response:
        from ..analyses.confidence import confidence as find_confidence

        source, rule_set = await self.inspection(request, ("rules",))
        ms = self.limits.max_seconds
        return json_response(await self.analysis(
            lambda: find_confidence(*self.load(source, rule_set), ms).to_dict()))

    async def verify(self, request: Request) -> Response:
        from ..analyses.verify import Verdict, error_text, verify_inspection

        source, rule_set = await self.inspection(request, ("rules",))

        def work() -> Any:
            rules, inspection = self.load(source, rule_set)  # an invalid inspection: refused (422)
            file = inspection.file or "<mapping>"
            try:
                return verify_inspection(rules, inspection, self.limits.max_seconds)
            except RatingsError as exc:  # out of time: the verdict says so, as `ratings verify` prints it
                return Verdict(file, None, error=error_text(file, exc))

        return json_response(verify_data([await self.analysis(work)]))

    async def batch(self, request: Request) -> Response:
        only(request, ("rules",))
        if media_type(request) not in JSON_TYPES:
            raise unsupported(media_type(request), JSON_TYPES)
        items = parse_json(await body_of(request, self.limits.batch_bytes))
        if not isinstance(items, list):
            p = Problem("the body is not a list of inspections: expected a JSON array", BODY)
            raise Refused(422, "Invalid batch", _located(p), (p,))
        if len(items) > self.limits.batch_items:
            raise Refused(413, "Too many inspections",
                          f"{len(items):,} inspections: this server rates at most {self.limits.batch_items:,} "
                          "in one request")
        query = request.query_params.get("rules")
        rule_set = self.rule_set(query, "?rules") if query is not None else None
        rows = await self.analysis(lambda: [r.to_dict() for r in self.rate_items(items, rule_set)])
        return json_response(rows)

    def rate_items(self, items: list[Any], rule_set: RuleSet | None) -> list[Any]:
        """Each item rated, or its error as its row (as ``ratings batch`` gives a bad file's), all within one
        time budget: past it, the items left are rows saying so."""
        from ..analyses.verify import Row, error_text

        end = time.monotonic() + self.limits.max_seconds
        rows = []
        for n, item in enumerate(items, 1):
            file = f"<inspection {n}>"
            try:
                left = end - time.monotonic()
                if left <= 0:
                    raise OutOfTime(Problem(f"not rated: the request's {self.limits.max_seconds:g} s ran out "
                                            "before this inspection", file))
                if not isinstance(item, dict):  # a string would be a path (or '-', standard input) to the loader
                    raise Refused(422, "Invalid inspection", "not an inspection: expected an object (a mapping) "
                                  "with 'judgements', 'cases', ...")
                own = self._item_rule_set(item, overridden=rule_set is not None)
                rules = rule_set or own
                rows.append(Row(file, rate_inspection(*self.load(item, rules), True, left)))
            except RatingsError as exc:  # the loader names a posted mapping '<mapping>': here, its place
                rows.append(Row(file, error=error_text(file, RatingsError([attrs.evolve(p, file=file)
                                                                            for p in exc.problems]))))
            except Refused as exc:
                rows.append(Row(file, error=str(Problem(exc.detail, file))))
        return rows

    def _item_rule_set(self, item: Any, overridden: bool = False) -> RuleSet | None:
        """The rule set an inspection's own ``rules:`` names; when ``?rules=`` overrides it, only a path is
        refused (as ``--rules`` overrides an id that names nothing)."""
        named, line = _named_rules(item)
        if named is None:
            return None
        if overridden:
            if looks_like_path(named):
                self.rule_set(named, "rules", line)  # refused
            return None
        return self.rule_set(named, "rules", line)

    async def extract(self, request: Request) -> Response:
        from ..loading.extract import extract as extract_report
        from ..reading.report_text import report_from_bytes

        only(request, ("rules",))
        kind = media_type(request)
        if kind not in REPORT_TYPES:
            raise unsupported(kind, tuple(REPORT_TYPES))
        data = await body_of(request, self.limits.report_bytes)
        query = request.query_params.get("rules")
        rule_set = self.rule_set(query, "?rules") if query is not None else None
        ms = self.limits.max_seconds

        def work() -> dict[str, Any]:
            report = report_from_bytes(data, BODY, REPORT_TYPES[kind], Deadline(ms))
            found = extraction_data(extract_report(report, rule_set, ms))
            if isinstance(found["inspection"], dict) and "rules" in found["inspection"]:
                found["inspection"]["rules"] = found["rules"]  # the id, never the server's path to its file
            return found

        try:
            return json_response(await self.analysis(work))
        except Refused as exc:
            if exc.title != OUT_OF_TIME:  # running out of time is said as every search says it
                exc.title = "Unreadable report"
            raise

    # for the page (additions to the paths)

    async def read(self, request: Request) -> Response:
        """``POST /api/inspection``: a posted inspection checked, and given back as JSON (an uploaded YAML file
        read for the page)."""
        source, rule_set = await self.inspection(request, ("rules",))
        await self.analysis(lambda: self.load(source, rule_set))
        return json_response({"inspection": plain(source.to_python() if isinstance(source, Node) else source)})

    async def report(self, request: Request) -> Response:
        """``POST /api/report``: the page ``ratings report`` writes for the posted inspection."""
        from .report_html import inspect_source, report_html

        source, rule_set = await self.inspection(request, ("rules",))
        ms = self.limits.max_seconds
        page = await self.analysis(lambda: report_html([inspect_source(source, "the inspection", rule_set, ms)],
                                                       ms, "What if"))
        return text_response(page, "text/html; charset=utf-8")

    async def report_style(self, request: Request) -> Response:
        from .report_html import page_style

        only(request, ())
        return text_response(page_style(self.rule_sets.values()), "text/css; charset=utf-8")

    async def page(self, request: Request) -> Response:
        only(request, ())
        return text_response(_static("index.html"), "text/html; charset=utf-8", PAGE_POLICY)

    async def static(self, request: Request) -> Response:
        only(request, ())
        name = request.path_params["name"]
        if name not in STATIC:  # the page's own files, by name: never a path
            raise Refused(404, "Not found", f"no file {name[:80]!r} here")
        return text_response(_static(name), STATIC[name], PAGE_POLICY)

    async def openapi(self, request: Request) -> Response:
        only(request, ())
        return json_response(openapi(self))


def _named_rules(source: Any) -> tuple[str | None, int | None]:
    """The rule set a posted inspection names itself (``rules:``, when it is text), with its line."""
    if isinstance(source, Node):
        node = source.value.get("rules") if source.kind == "map" else None
        return (node.value, node.line) if node is not None and node.kind == "str" else (None, None)
    if isinstance(source, dict) and isinstance(source.get("rules"), str):
        return source["rules"], None
    return None, None


def only(request: Request, allowed: tuple[str, ...]) -> None:
    """Query parameters: the ones a path takes, each once; any other is refused, never ignored."""
    seen: set[str] = set()
    for key, _ in request.query_params.multi_items():
        if key not in allowed:
            takes = f"; it takes {', '.join('?' + a for a in allowed)}" if allowed else "; it takes none"
            raise Refused(400, "Unknown parameter", f"unknown query parameter '{key[:40]}'{takes}")
        if key in seen:
            raise Refused(400, "Repeated parameter", f"the query parameter '{key}' is given more than once")
        seen.add(key)


def unsupported(kind: str, accepted: tuple[str, ...]) -> Refused:
    return Refused(415, "Unsupported media type",
                   f"the body's Content-Type is {kind[:60] or 'not given'}: send one of {', '.join(accepted)}")


@functools.lru_cache(maxsize=1)
def version() -> str:
    """The installed version (looked up once: reading the package metadata takes longer than a rating)."""
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("ratings")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _static(name: str) -> str:
    return (resources.files(__package__ or "ratings.frontends") / "static" / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------ the app


class KnownHosts:
    """Answers only requests addressed to one of ``hosts`` (the request's Host, its port aside): a server on
    this machine only is then out of reach of a page elsewhere whose name is made to point here (DNS
    rebinding), which a browser would otherwise let read the answers."""

    def __init__(self, app: ASGIApp, hosts: tuple[str, ...]) -> None:
        self.app, self.hosts = app, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and host_of(scope) not in self.hosts:
            refused = problem_response(400, "Unknown host", "this server answers requests to "
                                       f"{' or '.join(self.hosts)} only (as it listens on this machine only)")
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)


def host_of(scope: Scope) -> str:
    """The host a request names in its Host header, without the port ('' when it names none)."""
    value = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "").strip().lower()
    if value.startswith("["):  # an IPv6 address: [::1]:8000
        return value[1:value.find("]")] if "]" in value else value
    return value.rpartition(":")[0] if value.count(":") == 1 else value


def create_app(rules_dir: str | None = None, cors: str | None = None, limits: Limits = Limits(),
               hosts: tuple[str, ...] | None = None) -> Starlette:
    """The ASGI application: every path of the API and the page; with ``hosts``, only requests addressed to
    one of them are answered."""
    service = Service(rules_dir, limits)
    routes = [
        Route("/", service.page, methods=["GET"]),
        Route("/static/{name}", service.static, methods=["GET"]),
        Route("/report.css", service.report_style, methods=["GET"]),
        Route("/openapi.json", service.openapi, methods=["GET"]),
        Route("/api/health", service.health, methods=["GET"]),
        Route("/api/rules", service.rules, methods=["GET"]),
        Route("/api/rules/{id}", service.rule_card, methods=["GET"]),
        Route("/api/rules/{id}/template", service.template, methods=["GET"]),
        Route("/api/rules/{id}/schema", service.schema, methods=["GET"]),
        Route("/api/rate", service.rate, methods=["POST"]),
        Route("/api/gap", service.gap, methods=["POST"]),
        Route("/api/confidence", service.confidence, methods=["POST"]),
        Route("/api/verify", service.verify, methods=["POST"]),
        Route("/api/batch", service.batch, methods=["POST"]),
        Route("/api/extract", service.extract, methods=["POST"]),
        Route("/api/inspection", service.read, methods=["POST"]),
        Route("/api/report", service.report, methods=["POST"]),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=[cors], allow_methods=["GET", "POST"],
                             allow_headers=["Content-Type"])] if cors else []
    if hosts:
        middleware.insert(0, Middleware(KnownHosts, hosts=hosts))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={Refused: _refused, HTTPException: _http_error})
    app.state.service = service
    return app


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)
    return problem_response(exc.status, exc.title, exc.detail, exc.problems)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no such path, a method the path does not take) as problems too."""
    assert isinstance(exc, HTTPException)
    titles = {404: "Not found", 405: "Method not allowed"}
    detail = f"{request.method} {request.url.path[:100]}: " + (
        "no such path (GET /openapi.json lists them)" if exc.status_code == 404 else str(exc.detail))
    response = problem_response(exc.status_code, titles.get(exc.status_code, str(exc.detail)), detail)
    if exc.headers:  # a 405's Allow
        response.headers.update(exc.headers)
    return response


#: How ``run`` hands its settings to worker processes, which build the application themselves.
SETTINGS = "RATINGS_SERVE_SETTINGS"


def run(host: str, port: int, rules_dir: str | None, cors: str | None, max_seconds: float,
        say: Callable[[str], None], workers: int = 1) -> None:
    """Serve until interrupted, in ``workers`` processes (each rates on its own core). Listening beyond this
    machine is said, as a warning: nothing here asks who is asking."""
    import uvicorn

    # listening on this machine only, it answers only requests addressed to it (see KnownHosts)
    settings = {"rules_dir": rules_dir, "cors": cors, "max_seconds": max_seconds,
                "hosts": LOCAL_HOSTS if host in LOCAL_HOSTS else None}
    app = app_from_settings(settings)  # a broken --rules-dir is reported here, before anything listens
    if host not in LOCAL_HOSTS:
        say(f"Warning: listening on {host}: anyone who can reach this machine on port {port} can use the "
            "service (there is no sign-in); use --host 127.0.0.1 to serve this machine only")
    shown = f"[{host}]" if ":" in host else host
    say(f"Serving the ratings API and the what-if page on http://{shown}:{port}/ (Ctrl-C to stop)")
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "access_log": False,
                               "server_header": False, "timeout_keep_alive": 5}
    if workers == 1:
        uvicorn.run(app, **options)
        return
    os.environ[SETTINGS] = json.dumps(settings)
    uvicorn.run("ratings.frontends.serve:app_from_environment", factory=True, workers=workers, **options)


def app_from_settings(settings: dict[str, Any]) -> Starlette:
    """A server process's application. What it holds for its whole life (every rule set, compiled) is moved
    out of the garbage collector's sight (``gc.freeze``): the collector no longer walks it again and again
    while requests come and go, which showed as the slowest answers under load."""
    import gc

    hosts = settings.get("hosts")
    app = create_app(settings["rules_dir"], settings["cors"], Limits(max_seconds=settings["max_seconds"]),
                     tuple(hosts) if hosts else None)
    gc.collect()
    gc.freeze()
    return app


def app_from_environment() -> Starlette:
    """A worker process's application, from the settings ``run`` left in its environment."""
    return app_from_settings(json.loads(os.environ[SETTINGS]))


# ---------------------------------------------------------------------------------------------- OpenAPI


def openapi(service: Service) -> dict[str, Any]:
    """An OpenAPI 3.1 description of every path."""
    problem = {"description": "A refusal: RFC 9457 problem details with the located problems",
               "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}

    def answer(description: str, media: str = "application/json") -> dict[str, Any]:
        return {"description": description, "content": {media: {"schema": {}}}}

    def errors(*statuses: int) -> dict[str, Any]:
        return {str(s): problem for s in statuses}

    rules_param = {"name": "rules", "in": "query", "required": False, "schema": {"type": "string"},
                   "description": "A served rule set's id (GET /api/rules), overriding the inspection's own"}
    id_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    inspection_body = {"required": True, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Inspection"}},
        "application/yaml": {"schema": {"$ref": "#/components/schemas/Inspection"}}}}

    def posted(summary: str, command: str, params: list[Any], statuses: tuple[int, ...] = (400, 404, 413, 415,
                                                                                            422)) -> Any:
        return {"post": {"summary": summary, "parameters": params, "requestBody": inspection_body,
                         "responses": {"200": answer(f"what `{command} --format json` prints"), **errors(*statuses)}}}

    def got(summary: str, media: str = "application/json", params: list[Any] | None = None) -> Any:
        return {"get": {"summary": summary, "parameters": params or [],
                        "responses": {"200": answer(summary, media), **errors(400, 404)}}}

    paths = {
        "/api/health": got("The service is up: {status, version}"),
        "/api/rules": got("The rule sets served, as `ratings rules list --format json`"),
        "/api/rules/{id}": got("A rule set's card, as `ratings rules show ID --format json`", params=[id_param]),
        "/api/rules/{id}/template": got("A skeleton inspection file, as `ratings template`", "application/yaml",
                                        [id_param]),
        "/api/rules/{id}/schema": got("A JSON Schema of inspection files, as `ratings schema`",
                                      params=[id_param]),
        "/api/rate": posted("Rate one inspection", "ratings rate", [rules_param]),
        "/api/gap": posted("What would it take to reach a rating", "ratings gap", [
            rules_param, {"name": "target", "in": "query", "required": True, "schema": {"type": "string"}},
            {"name": "standard", "in": "query", "required": False, "schema": {"type": "string"}}]),
        "/api/confidence": posted("How sure each rating is", "ratings confidence", [rules_param]),
        "/api/verify": posted("Compare with the ratings the inspection says were published", "ratings verify",
                              [rules_param]),
        "/api/batch": {"post": {
            "summary": "Rate many inspections", "parameters": [rules_param],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "array", "items": {"$ref": "#/components/schemas/Inspection"}}}}},
            "responses": {"200": answer("what `ratings batch --format json` prints"),
                          **errors(400, 404, 413, 415, 422)}}},
        "/api/extract": {"post": {
            "summary": "An inspection read from a report", "parameters": [rules_param],
            "requestBody": {"required": True, "content": {t: {"schema": {"type": "string"}} for t in REPORT_TYPES}},
            "responses": {"200": answer("{inspection, gaps, places, notes, rules, chosen, found}"),
                          **errors(400, 404, 413, 415, 422)}}},
        "/api/inspection": posted("An inspection checked, given back as JSON: {inspection}",
                                  "(the inspection, as JSON)", [rules_param]),
        "/api/report": {"post": {"summary": "The page `ratings report` writes for one inspection",
                                 "parameters": [rules_param], "requestBody": inspection_body,
                                 "responses": {"200": answer("An HTML page", "text/html"),
                                               **errors(400, 404, 413, 415, 422)}}},
    }
    # each rule set has its own inspection schema (/api/rules/{id}/schema); one of them here would declare
    # every other rule set's inspections invalid
    schema = {"type": "object", "description": "One inspection, as an inspection file holds it, under the "
              "rule set it names (or ?rules=): GET /api/rules/{id}/schema gives that rule set's JSON Schema"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "ratings", "version": version(),
                 "description": "Inspectorate ratings as code: every answer is the JSON the `ratings` command "
                                "prints with --format json. Rule sets served: "
                                + ", ".join(service.rule_sets) + "."},
        "paths": paths,
        "components": {"schemas": {
            "Inspection": schema,
            "Problem": {"type": "object", "required": ["type", "title", "status", "detail", "errors"],
                        "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                                       "status": {"type": "integer"}, "detail": {"type": "string"},
                                       "errors": {"type": "array", "items": {
                                           "type": "object", "required": ["line", "key", "message"],
                                           "properties": {"line": {"type": ["integer", "null"]},
                                                          "key": {"type": ["string", "null"]},
                                                          "message": {"type": "string"}}}}}}}},
    }
