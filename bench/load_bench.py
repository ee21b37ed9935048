"""Load benchmark: simulated patients completing whole wizard flows against one server process.

Run: .venv/bin/python bench/load_bench.py [--patients 50] [--seconds 20] [--think 1] [--json]

Measured in one run on a Linux machine with 2+ cores (needs taskset; wrk is optional):
1. First the bare Starlette plain-text endpoint (bench/bare_app.py): one uvicorn worker on
   CPU 0, driven by this script's asyncio + httpx client on CPU 1, one keep-alive connection
   per patient; then again with wrk (on CPU 1) if installed, to show the client's own cap.
2. Then the app (`app.core.server.serve`, SQLite in a temp dir, data/steps.yaml): one uvicorn
   worker on CPU 0, N patients on CPU 1. Each patient, with a fresh cookie jar, loops: GET /
   (landing), POST /start, for each step GET the page and POST the answer as the plain form
   does (303s followed by hand), then GET the results page. Answers come from seeded random
   complete paths (app.flows.paths.sample_paths), so the paths vary.

The app runs twice on the same server:
- capacity: patients never pause, so the server is saturated. Its req/s over the bare
  endpoint's req/s with the same Python client is the ratio (wrk is another client, shown
  for reference). By Little's law its latency is about patients / req/s: pure queueing.
- paced: the same patients pause 0..2*think seconds (default think 1 s) before each click,
  still far quicker than a person reading a question. Its p99 is the latency a patient sees
  while 50 others use the wizard at once.
Only requests that start and end inside the window (after the warm-up) count; req/s is over
the window, p50/p99 per request kind. The CPU lines show which side was the bottleneck and
what else ran on the two cores.
Targets: paced p99 < 50 ms over all app requests at 50 patients; ratio at least 0.2.
Exits 1 when a target is missed or a request failed, 2 when a server does not start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvloop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.flows.engine import SKIPPED  # noqa: E402
from app.flows.loader import load_flow  # noqa: E402
from app.flows.paths import CompletePath, sample_paths  # noqa: E402
from app.flows.schema import StepType  # noqa: E402
from bench.support import (  # noqa: E402
    CLIENT_CPU,
    check_two_cores,
    cpu_marks,
    log_problems,
    python_server,
    server,
)
from bench.wrk_support import Call, run_wrk  # noqa: E402

P99_TARGET_MS = 50.0
RATIO_TARGET = 0.2
TARGET_PATIENTS = 50
FLOW = ROOT / "data" / "steps.yaml"
SECRET = "load-bench-secret-key-that-is-long-enough-0123456789"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
BARE_ARGS = ["-m", "uvicorn", "bench.bare_app:app", "--workers", "1", "--port", "{port}"]
APP_ARGS = ["-m", "app", "serve", "--host", "127.0.0.1", "--port", "{port}"]
KINDS = ("landing", "start", "step GET", "answer POST", "results")

Body = Callable[[httpx.AsyncClient, "Stats", int], Coroutine[Any, Any, None]]


@dataclass
class Stats:
    window: tuple[float, float] = (float("inf"), float("inf"))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    flows: int = 0

    def record(self, kind: str, began: float, ended: float) -> None:
        if self.window[0] <= began and ended <= self.window[1]:
            self.latencies[kind].append((ended - began) * 1000)


class WindowOver(Exception):
    """The measuring window has ended: the patient stops where it is."""


def summary(values: list[float], seconds: float) -> dict[str, float]:
    ordered = sorted(values) or [0.0]
    p50, p99 = (ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] for q in (0.5, 0.99))
    return {"requests": len(values), "rps": len(values) / seconds, "p50_ms": p50, "p99_ms": p99}


async def bare_loop(client: httpx.AsyncClient, stats: Stats) -> None:
    while time.perf_counter() < stats.window[1]:
        began = time.perf_counter()
        response = await client.get("/")
        stats.record("plain text", began, time.perf_counter())
        if response.status_code != 200:
            stats.errors.append(f"bare GET / -> {response.status_code}")


async def patient_loop(
    client: httpx.AsyncClient,
    stats: Stats,
    paths: list[CompletePath],
    info: frozenset[str],
    first: int,
    step: int,
    think: float,
) -> None:
    """Complete whole flows (paths first, first + step, ...) until the window ends."""
    csrf = ""
    rng = random.Random(first)

    async def call(kind: str, method: str, url: str, status: int, data: Any = None) -> str:
        """One request; returns the redirect target. A click (POST) may come after a pause."""
        nonlocal csrf
        if think and method == "POST":
            await asyncio.sleep(rng.uniform(0, 2 * think))
        began = time.perf_counter()
        if began >= stats.window[1]:
            raise WindowOver
        response = await client.request(method, url, data=data)
        stats.record(kind, began, time.perf_counter())
        if response.status_code != status:
            raise RuntimeError(f"{method} {kind} -> {response.status_code}, expected {status}")
        if match := CSRF_FIELD.search(response.text):
            csrf = match.group(1)
        return str(response.headers.get("location", ""))

    index = first
    while time.perf_counter() < stats.window[1]:
        path = paths[index % len(paths)]
        index += step
        client.cookies.clear()
        try:
            await call("landing", "GET", "/", 200)
            url = await call("start", "POST", "/start", 303, {"csrf_token": csrf})
            while "/step/" in url:
                await call("step GET", "GET", url, 200)
                step_id = url.rsplit("/", 1)[1]
                data: dict[str, Any] = {"csrf_token": csrf}
                if path.answers[step_id] == SKIPPED:
                    data["skip"] = "1"
                elif step_id not in info:
                    data["answer"] = path.answers[step_id]
                url = await call("answer POST", "POST", url, 303, data)
            await call("results", "GET", url, 200)
            stats.flows += time.perf_counter() <= stats.window[1]
        except WindowOver:
            return
        except (RuntimeError, KeyError, httpx.HTTPError) as exc:
            stats.errors.append(f"{type(exc).__name__}: {exc}")
            if len(stats.errors) > 100:
                raise


def run_load(
    url: str, pid: int, workers: int, warmup: float, seconds: float, body: Body
) -> dict[str, Any]:
    """`workers` tasks, one client each, for warm-up + window; only the window is measured."""
    stats = Stats()

    async def main() -> list[float]:
        clients = [httpx.AsyncClient(base_url=url, timeout=30) for _ in range(workers)]
        stats.window = (time.perf_counter() + warmup, time.perf_counter() + warmup + seconds)
        tasks = [asyncio.create_task(body(c, stats, i)) for i, c in enumerate(clients)]
        try:
            await asyncio.sleep(warmup)
            before = cpu_marks(pid)
            await asyncio.sleep(max(0.0, stats.window[1] - time.perf_counter()))
            used = [(b - a) / seconds for a, b in zip(before, cpu_marks(pid), strict=True)]
            await asyncio.gather(*tasks)
        finally:
            for client in clients:
                await client.aclose()
        return used

    server_cpu, client_cpu, busy0, busy1 = uvloop.run(main())  # uvloop: uvicorn[standard]
    out: dict[str, Any] = {k: summary(v, seconds) for k, v in stats.latencies.items()}
    out["all"] = summary([x for v in stats.latencies.values() for x in v], seconds)
    out["flows_per_s"] = stats.flows / seconds
    # Shares of one core during the window; "other" is anything else that ran on that core.
    out["cpu"] = {
        "server": server_cpu,
        "client": client_cpu,
        "other_server_core": max(0.0, busy0 - server_cpu),
        "other_client_core": max(0.0, busy1 - client_cpu),
    }
    out["server_cpu_ms_per_request"] = server_cpu * 1000 / max(1.0, out["all"]["rps"])
    out["errors"], out["error_count"] = stats.errors[:10], len(stats.errors)
    return out


def run_bare_wrk(url: str, connections: int, seconds: float) -> dict[str, float]:
    result = run_wrk(url, [Call("GET", "/")], connections, seconds)
    if result.failed:
        raise RuntimeError(f"wrk against the bare endpoint: {result.failed}")
    return {"rps": result.rps, "p50_ms": result.p50_ms, "p99_ms": result.p99_ms}


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """The bare baseline first, then the app, each on a fresh server on SERVER_CPU."""
    flow = load_flow(FLOW)
    paths = list(sample_paths(flow, 1000, seed=args.seed))
    info = frozenset(s.id for s in flow.tree.steps if s.type == StepType.info)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVNAV_")}
    env.pop("DATABASE_URL", None)
    env["PYTHONUNBUFFERED"] = "1"
    n, warmup, seconds = args.patients, args.warmup, args.seconds
    results: dict[str, Any] = {"patients": n, "seconds": seconds, "think": args.think}
    with tempfile.TemporaryDirectory(prefix="covnav-load-") as tmp_name:
        tmp = Path(tmp_name)
        with server(python_server(BARE_ARGS), env, "/", tmp / "bare.log") as (url, pid):
            print(f"bare Starlette: {n} connections, {seconds:g} s ...", flush=True)
            results["bare"] = run_load(
                url, pid, n, warmup, seconds, lambda c, s, i: bare_loop(c, s)
            )
            use_wrk = not args.no_wrk and shutil.which("wrk")
            results["bare_wrk"] = run_bare_wrk(url, n, seconds) if use_wrk else None
        env.update(
            COVNAV_ENV="test",
            COVNAV_SECRET_KEY=SECRET,
            COVNAV_DATA_DIR=str(tmp),
            COVNAV_FLOW_PATH=str(FLOW),
        )
        with server(python_server(APP_ARGS), env, "/healthz", tmp / "app.log") as (url, pid):
            for name, think in (("app", 0.0), ("app_paced", args.think)):
                print(f"app: {n} patients, think {think:g} s, {seconds:g} s ...", flush=True)
                results[name] = run_load(
                    url,
                    pid,
                    n,
                    warmup,
                    seconds,
                    lambda c, s, i, t=think: patient_loop(c, s, paths, info, i, n, t),
                )
        results["app_log_problems"] = log_problems(tmp / "app.log")
    return results


def row(name: str, s: dict[str, float]) -> str:
    return f"  {name:<24}{s['rps']:>10.1f}{s['p50_ms']:>10.2f}{s['p99_ms']:>10.2f}"


def cpu_line(r: dict[str, Any]) -> str:
    cpu = r["cpu"]
    on_server, on_client = cpu["other_server_core"], cpu["other_client_core"]
    line = (
        f"  CPU: server {cpu['server']:.0%} ({r['server_cpu_ms_per_request']:.2f} ms per "
        f"request), client {cpu['client']:.0%}\n  other work (processes, interrupts): "
        f"server core {on_server:.0%}, client core {on_client:.0%}"
    )
    if max(on_server, on_client) > 0.25:
        line += "\n  warning: something else was busy on these cores; the numbers are noisy"
    return line


def app_table(title: str, app: dict[str, Any]) -> None:
    print(title)
    for kind in [k for k in KINDS if k in app] + ["all"]:
        print(row("all requests" if kind == "all" else kind, app[kind]))
    print(f"  flows completed/s {app['flows_per_s']:.1f}, errors {app['error_count']}")
    print(cpu_line(app))


def report(results: dict[str, Any]) -> bool:
    """Print the tables; True when both targets are met and nothing failed."""
    app, paced, bare, wrk = (results[k] for k in ("app", "app_paced", "bare", "bare_wrk"))
    ratio = results["ratio"] = app["all"]["rps"] / bare["all"]["rps"]
    patients, think = results["patients"], results["think"]
    print(f"\n{'':26}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    app_table(f"app, capacity: {patients} patients who never pause", app)
    app_table(f"app, paced: {patients} patients, 0-{2 * think:g} s before each click", paced)
    print("bare Starlette plain text")
    print(row("same Python client", bare["all"]))
    print(cpu_line(bare))
    if wrk:
        print(row("wrk (reference only)", wrk))
    print(f"\nratio app/bare req/s at capacity, same client: {ratio:.3f}")
    if wrk:
        print(
            f"(app req/s over wrk's bare req/s, different clients: "
            f"{app['all']['rps'] / wrk['rps']:.3f})"
        )
    p99 = paced["all"]["p99_ms"]
    p99_ok = paced["all"]["requests"] > 0 and p99 < P99_TARGET_MS
    ratio_ok = ratio >= RATIO_TARGET
    note = f"; the target is set at {TARGET_PATIENTS}" if patients != TARGET_PATIENTS else ""
    print(
        f"target p99 < {P99_TARGET_MS:.0f} ms at {patients} paced patients{note}: "
        f"{'met' if p99_ok else 'MISSED'} ({p99:.1f} ms)"
    )
    print(f"target ratio >= {RATIO_TARGET}: {'met' if ratio_ok else 'MISSED'} ({ratio:.3f})")
    for error in app["errors"] + paced["errors"] + bare["errors"]:
        print("error:", error)
    for line, count in results["app_log_problems"].items():
        print(f"server log, {count}x: {line}")
    failed = app["error_count"] or paced["error_count"] or bare["error_count"]
    return p99_ok and ratio_ok and not failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=TARGET_PATIENTS)
    parser.add_argument("--seconds", type=float, default=20.0, help="measuring window")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=2026, help="for the sampled paths")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="paced run: mean pause in seconds before each click (default 1)",
    )
    parser.add_argument("--no-wrk", action="store_true", help="skip the wrk reference")
    parser.add_argument("--json", action="store_true", help="also write bench/results/*.json")
    args = parser.parse_args()
    if problem := check_two_cores():
        print(f"load_bench {problem}")
        return 2
    os.sched_setaffinity(0, {CLIENT_CPU})
    try:
        results = measure(args)
    except RuntimeError as exc:
        print(f"load_bench: {exc}", file=sys.stderr)
        return 2
    ok = report(results)
    if args.json:
        out = ROOT / "bench" / "results" / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
