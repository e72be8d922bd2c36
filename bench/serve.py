"""`ratings serve` measured (issue 26): POST /api/rate at 1, 10 and 50 concurrent clients beside the library call
in the same run, and a soak in which a tenth of the requests are hostile. Prints the Markdown the README
carries, with the targets and whether each is met.

    pip install ".[serve]"; apt-get install wrk      # wrk: the load generator (C), Debian's package
    .venv/bin/python bench/serve.py [--workers N] [--seconds S] [--soak N]

Throughput and latency come from wrk (one thread, N connections each sending its next request as soon as the
last is answered), over variants of the Cheshire West inspection with random whole-number percentages (as
bench/bench.py makes them), posted as JSON in the common shape (name, rules, judgements, cases), each answer
the full JSON `ratings rate --format json` prints. The library figure is `ratings.rate(mapping)` on the same
variants in this process, then with its JSON written as the server writes it.

The soak sends requests from 16 threads over keep-alive connections (Python's http.client, so that every
answer is read and checked): nine in ten are variants, one in ten hostile, in turn: malformed JSON, a body
four times the limit, arrays nested 100,000 deep, an unknown rule set, a `rules:` path, YAML with an alias
bomb. It counts every answer by status, requires a 200 for each variant and the refusal the API documents
for each hostile request, no 5xx and no request without an answer, and samples the resident memory of the
server's processes (from /proc) after the warm-up and at each tenth: flat means the last sample is within 5%
(and 8 MiB) of the first.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import ratings
from ratings.frontends.outputs import json_text
from ratings.reading.yaml_file import read_file

ROOT = Path(__file__).resolve().parent.parent
CHESHIRE_WEST = ROOT / "examples" / "cheshire-west-2023.yaml"
RULES = "hmip-probation-pdu-2021"
TARGET_RATE, TARGET_P99_MS = 1000, 100


def variants(n: int, seed: int = 26) -> list[dict]:
    """What-if copies of Cheshire West in the common shape: every key question a random whole percentage."""
    base = read_file(CHESHIRE_WEST).to_python()
    rng = random.Random(seed)
    out = []
    for k in range(n):
        cases = {sid: value if isinstance(value, str) else {q: rng.randint(0, 100) for q in value}
                 for sid, value in base["cases"].items()}
        out.append({"name": f"variant {k}", "rules": RULES, "judgements": dict(base["judgements"]), "cases": cases})
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "ratings", "serve", "--port", str(port), "--workers",
                                str(workers)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/health")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"the server stopped: {process.stderr.read().decode()}")
            time.sleep(0.1)
    raise SystemExit("the server did not start in 60 s")


# ---------------------------------------------------------------------------------------------- the library


def library(bodies: list[dict], seconds: float = 3.0) -> dict[str, float]:
    """Ratings per second of ratings.rate on the variants, and of rate + the JSON the server writes."""
    def rate_of(work) -> float:
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for body in bodies:
                work(body)
            done += len(bodies)
        return done / (time.perf_counter() - start)

    return {"rate": rate_of(lambda b: ratings.rate(b)),
            "rate_json": rate_of(lambda b: json_text(ratings.rate(b).to_dict()))}


# ----------------------------------------------------------------------------------------------------- wrk


LUA = """
local bodies = {}
%s
local n = 0
request = function()
  n = n %% #bodies + 1
  return wrk.format("POST", "/api/rate", {["Content-Type"] = "application/json"}, bodies[n])
end
"""


def wrk(port: int, clients: int, seconds: int, bodies: list[dict], folder: Path) -> dict[str, float]:
    script = folder / "rate.lua"
    script.write_text(LUA % "\n".join(f"bodies[{k + 1}] = [==[{json.dumps(b)}]==]" for k, b in enumerate(bodies)))
    run = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--latency", "-s", str(script),
                          f"http://127.0.0.1:{port}/api/rate"], capture_output=True, text=True, check=True)
    text = run.stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\b", text, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {"clients": clients, "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
            "p50": ms("50"), "p99": ms("99"),
            "requests": int(re.search(r"(\d+) requests in", text).group(1)),
            "failed": (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, errors.groups())) if errors else 0)}


# ---------------------------------------------------------------------------------------------------- soak


def hostile(k: int) -> tuple[str, str, bytes, set[int]]:
    """The k-th hostile request: (what, content type, body, the statuses the API documents for it)."""
    kinds = [
        ("malformed JSON", "application/json", b'{"rules": "' + RULES.encode() + b'", "cases": [}', {400}),
        ("a body 4x the limit", "application/json", b"[" + b"0," * 500_000 + b"0]", {413}),
        ("nested 100,000 deep", "application/json", b"[" * 100_000 + b"]" * 100_000, {400}),
        ("an unknown rule set", "application/json", json.dumps({"rules": "no-such-rules", "judgements": {},
                                                                 "cases": {}}).encode(), {404}),
        ("a rules: path", "application/json", json.dumps({"rules": "/etc/passwd"}).encode(), {422}),
        ("an alias bomb", "application/yaml", b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
            for p, c in zip("abcdefgh", "bcdefghi")), {400, 422}),
    ]
    return kinds[k % len(kinds)]


def rss_of_tree(pid: int) -> int:
    """Resident bytes of a process and all its descendants (the uvicorn supervisor and its workers)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def soak(port: int, server: subprocess.Popen, bodies: list[dict], total: int, threads: int = 16) -> dict:
    encoded = [json.dumps(b).encode() for b in bodies]
    plan = [("variant", "application/json", encoded[k % len(encoded)], {200}) if k % 10 else hostile(k // 10)
            for k in range(total)]
    lock = threading.Lock()
    statuses: Counter = Counter()
    wrong: list[str] = []
    answered = [0]
    samples: list[int] = []
    next_item = [0]

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                k = next_item[0]
                next_item[0] += 1
            if k >= total:
                break
            what, kind, body, expected = plan[k]
            try:
                connection.request("POST", "/api/rate", body, {"Content-Type": kind})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            except (OSError, http.client.HTTPException) as exc:
                status = f"no answer ({type(exc).__name__})"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                statuses[status] += 1
                answered[0] += 1
                if status not in expected:
                    wrong.append(f"{what}: {status}")
                if answered[0] % (total // 10) == 0:
                    samples.append(rss_of_tree(server.pid))
        connection.close()

    warm = [threading.Thread(target=worker) for _ in range(threads)]
    start = time.perf_counter()
    for t in warm:
        t.start()
    for t in warm:
        t.join()
    seconds = time.perf_counter() - start
    return {"requests": total, "answered": sum(v for k, v in statuses.items() if isinstance(k, int)),
            "statuses": dict(sorted(((str(k), v) for k, v in statuses.items()))), "wrong": wrong[:10],
            "server_errors": sum(v for k, v in statuses.items() if isinstance(k, int) and k >= 500),
            "seconds": seconds, "rss": samples}


# ---------------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--soak", type=int, default=20_000)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    bodies = variants(200)
    lib = library(bodies)
    port = free_port()
    server = start_server(port, args.workers)
    try:
        with tempfile.TemporaryDirectory() as folder:
            wrk(port, 10, 2, bodies, Path(folder))  # warm-up
            runs = [wrk(port, c, args.seconds, bodies, Path(folder)) for c in (1, 10, 50)]
        soaked = soak(port, server, bodies, args.soak)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(args, lib, runs, soaked)


def report(args, lib: dict, runs: list[dict], soaked: dict) -> None:
    load = os.getloadavg()
    print(f"`ratings serve --workers {args.workers}` on this machine ({os.cpu_count()} cores, load average "
          f"{load[0]:.1f} at the end), Python {sys.version.split()[0]}, {args.seconds} s per run:\n")
    print("| POST /api/rate | requests/s | p50 | p99 | failed |")
    print("|---|---|---|---|---|")
    for r in runs:
        print(f"| {r['clients']} client{'s' if r['clients'] > 1 else ''} | {r['rate']:,.0f} | {r['p50']:.1f} ms | "
              f"{r['p99']:.1f} ms | {r['failed']} of {r['requests']:,} |")
    print(f"| library, `ratings.rate(mapping)` (one thread) | {lib['rate']:,.0f} | | | |")
    print(f"| library, and its JSON written as the server writes it | {lib['rate_json']:,.0f} | | | |")
    fifty = runs[-1]
    met = fifty["rate"] >= TARGET_RATE and fifty["p99"] < TARGET_P99_MS and fifty["failed"] == 0
    print(f"\nTarget at 50 clients: at least {TARGET_RATE:,} requests/s with p99 under {TARGET_P99_MS} ms and no "
          f"error: {'met' if met else 'NOT met'}.\n")
    rss = soaked["rss"]
    mib = [r / 2 ** 20 for r in rss]
    flat = bool(rss) and rss[-1] - rss[0] <= max(0.05 * rss[0], 8 * 2 ** 20)
    print(f"Soak: {soaked['requests']:,} requests from 16 threads in {soaked['seconds']:.0f} s, a tenth hostile; "
          f"{soaked['answered']:,} answered; statuses {soaked['statuses']}; 5xx: {soaked['server_errors']}; "
          f"answers other than documented: {len(soaked['wrong'])}{' ' + str(soaked['wrong']) if soaked['wrong'] else ''}; "
          f"server memory (all processes) at each tenth: {', '.join(f'{m:.0f}' for m in mib)} MiB: "
          f"{'flat' if flat else 'NOT flat'}.")
    ok = soaked["answered"] == soaked["requests"] and not soaked["server_errors"] and not soaked["wrong"] and flat
    print(f"Soak target (every request answered as documented, no 5xx, memory flat): {'met' if ok else 'NOT met'}.")


if __name__ == "__main__":
    main()
