"""HTTP benchmark: the app's pages and JSON writes under wrk, next to two baselines.

Run: .venv/bin/python bench/http_bench.py [--seconds 10] [--connections 50]
         [--only landing,question,results,answer,checklist,memory] [--json] [--strict]

Three servers in turn, each one uvicorn worker pinned to CPU 0, driven by wrk pinned to CPU 1
(`wrk -t1 -c50 -d10s --latency -H 'Accept-Encoding: gzip'`, after a 2 s warm-up run):
1. bare Starlette plain text (bench/bare_app.py): the ceiling of this core. Every figure is
   also a ratio to it, and ratios compare across machines where req/s do not.
2. the floor app (bench/floor_app.py): the textbook pattern, a sync FastAPI route with a
   SQLModel session, one row read from SQLite, a ~120-line Jinja2 page and GZipMiddleware.
3. the app as deployed: `covnav migrate`, then `covnav serve` (COVNAV_ENV=production, a random
   secret, a temp data dir). Cases are made through the JSON API only (bench/app_cases.py):
   - landing: GET / as a first visit (no cookie);
   - question: GET /c/{token}/step/notice_days, the full page (no htmx headers, with the
     browser's cookie) after 8 answers on a denied-then-appealed path;
   - results: GET /c/{token}/results of a finished planning case (units, estimate);
   - answer: PUT /api/v1/cases/{token}/answers/denial_reason, the same answer again, a real
     write each time; one case per connection, sent to in turn, as 50 patients would do
     (50 writers on one case mostly measure the conflict retries and their 409s);
   - checklist: PUT /api/v1/cases/{token}/checklist/{item} {"done": true}, likewise;
   - memory: the server's VmRSS once it has served 20,000 requests (the runs above and then a
     mix of all five).
Each response is checked first (status, content). wrk counts only 4xx/5xx, so a Lua hook
counts every non-2xx: any non-2xx or socket error fails the run (exit 1).

Targets (ratio to bare Starlette, from the product issue): question >= 0.05, landing >= 0.08,
results, answer and checklist >= 0.025; question and landing at least the floor app's req/s;
RSS < 150 MB. A miss is reported, and exits 1 only with --strict. Run it on a quiet machine:
the load average is printed, with a warning above 0.7.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from markupsafe import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.app_cases import (  # noqa: E402
    REANSWER_STEP,
    REANSWER_VALUE,
    Api,
    denied_path,
    first_checklist_item,
    make_case,
    planning_path,
    session_cookie,
)
from bench.http_report import ENDPOINTS, GZIP, LABELS, evaluate, table  # noqa: E402
from bench.support import (  # noqa: E402
    CLIENT_CPU,
    check_two_cores,
    cpu_marks,
    free_port,
    log_problems,
    machine,
    memory_mb,
    python_server,
    server,
    server_pid,
)
from bench.wrk_support import Call, run_wrk  # noqa: E402

WARMUP_S = 2.0
QUIET_LOAD = 0.7
MEMORY_REQUESTS = 20_000
NAMES = (*ENDPOINTS, "memory")


class BenchFailure(Exception):
    """A run that does not count: a wrong response, a non-2xx, a server that did not start."""


@dataclass
class Load:
    """What wrk sends to one endpoint: requests in turn, plus headers beyond gzip."""

    calls: list[Call]
    headers: list[str]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise BenchFailure(what)


def measure(url: str, pid: int, load: Load, args: argparse.Namespace) -> dict[str, Any]:
    """A warm-up run, then the measured run; both must be all 2xx."""
    headers = [GZIP, *load.headers]
    warm = run_wrk(url, load.calls, args.connections, WARMUP_S, headers)
    expect(warm.failed is None, f"warm-up: {warm.failed}")
    began, before = time.monotonic(), cpu_marks(pid)
    result = run_wrk(url, load.calls, args.connections, args.seconds, headers)
    wall, after = time.monotonic() - began, cpu_marks(pid)
    expect(result.failed is None, str(result.failed))
    server_cpu = (after[0] - before[0]) / wall
    other = max(0.0, (after[2] - before[2]) / wall - server_cpu)
    return {
        **result.as_dict(),
        "served": warm.requests + result.requests,
        "server_cpu": server_cpu,
        "other_cpu_server_core": other,
    }


def get_page(api: Api, path: str, headers: Sequence[str] = ()) -> httpx.Response:
    extra = dict(h.split(": ", 1) for h in [GZIP, *headers])
    response = api.call("GET", path, 200, headers=extra)
    expect(
        response.headers.get("content-type", "").startswith("text/html"), f"GET {path}: not HTML"
    )
    return response


def prepare(api: Api, selected: set[str], n: int) -> dict[str, Load]:
    """Make the cases the selected endpoints need, and check one response of each."""
    loads: dict[str, Load] = {}
    cookie = session_cookie(api)
    page_headers = [f"Cookie: {cookie}"] if cookie else []
    full = "memory" in selected
    wanted = n if full or "answer" in selected else int("question" in selected)
    denied = [make_case(api, denied_path()) for _ in range(wanted)]
    wanted = n if full or "checklist" in selected else int("results" in selected)
    planning = [make_case(api, planning_path()) for _ in range(wanted)]
    if full or "landing" in selected:
        text = get_page(api, "/").text
        expect('method="post"' in text and "<form" in text, "landing: no start form")
        loads["landing"] = Load([Call("GET", "/")], [])
    if denied:
        step = denied[0].step
        expect(step is not None, "the denied path ended early")
        assert step is not None
        path = f"/c/{denied[0].token}/step/{step['id']}"
        text = get_page(api, path, page_headers).text
        expect(
            str(escape(step["text"])) in text
            and f'action="{path}"' in text
            and 'name="answer"' in text,
            "question page: no question form",
        )
        expect("CO-50" in text, "question page: no transcript")
        loads["question"] = Load([Call("GET", path)], page_headers)
        loads["answer"] = Load(
            [
                Call(
                    "PUT",
                    f"/api/v1/cases/{c.token}/answers/{REANSWER_STEP}",
                    {"value": REANSWER_VALUE},
                )
                for c in denied
            ],
            [],
        )
        body = api.call(
            "PUT", loads["answer"].calls[0].path, 200, json={"value": REANSWER_VALUE}
        ).json()
        stored = {a["step_id"]: a["value"] for a in body["answers"]}
        expect(stored.get(REANSWER_STEP) == REANSWER_VALUE, f"answer: not stored: {stored}")
    if planning:
        expect(all(c.done for c in planning), "the planning path did not finish")
        item = first_checklist_item(api, planning[0].token)
        path = f"/c/{planning[0].token}/results"
        text = get_page(api, path, page_headers).text
        expect(str(escape(item["text"])) in text, "results page: no checklist")
        loads["results"] = Load([Call("GET", path)], page_headers)
        loads["checklist"] = Load(
            [
                Call("PUT", f"/api/v1/cases/{c.token}/checklist/{item['id']}", {"done": True})
                for c in planning
            ],
            [],
        )
        body = api.call("PUT", loads["checklist"].calls[0].path, 200, json={"done": True}).json()
        expect(body == {"id": item["id"], "done": True}, f"checklist: {body}")
    return {name: load for name, load in loads.items() if full or name in selected}


def mixed(loads: dict[str, Load], n: int) -> Load:
    """A round of every endpoint, for each of the n cases in turn."""
    calls = [loads[name].calls[i % len(loads[name].calls)] for i in range(n) for name in loads]
    headers = sorted({h for load in loads.values() for h in load.headers})
    return Load(calls, headers)


def memory(
    url: str,
    pid: int,
    loads: dict[str, Load],
    served: int,
    args: argparse.Namespace,
    results: dict[str, Any],
) -> dict[str, Any]:
    """Serve a mix until the server has served MEMORY_REQUESTS in all; then its memory."""
    mix = mixed(loads, args.connections)
    rates = [results[name]["rps"] for name in loads if name in results]
    rate = len(rates) / sum(1 / r for r in rates) if rates else 200.0
    while True:
        seconds = max(WARMUP_S, min(60.0, (MEMORY_REQUESTS - served) / rate * 1.1))
        say(f"  memory: a mix of {', '.join(loads)} for {seconds:.0f} s ({served:,} served so far)")
        run = run_wrk(url, mix.calls, args.connections, seconds, [GZIP, *mix.headers])
        expect(run.failed is None, f"memory mix: {run.failed}")
        served, rate = served + run.requests, max(run.rps, 1.0)
        if served >= MEMORY_REQUESTS:
            break
    return {"rss_mb": memory_mb(pid), "peak_rss_mb": memory_mb(pid, "VmHWM"), "served": served}


def app_env(port: int, data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("COVNAV_") and k != "DATABASE_URL"
    }
    env.update(
        COVNAV_ENV="production",
        COVNAV_SECRET_KEY=secrets.token_urlsafe(48),
        COVNAV_DATA_DIR=str(data_dir),
        COVNAV_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        PYTHONUNBUFFERED="1",
    )
    return env


def run_app(
    args: argparse.Namespace,
    selected: set[str],
    tmp: Path,
    results: dict[str, Any],
    failures: list[str],
) -> None:
    covnav = Path(sys.executable).with_name("covnav")
    expect(covnav.exists(), f"no {covnav.name} script next to {sys.executable}: run make install")
    port = free_port()
    env = app_env(port, tmp / "app-data")
    say("app: covnav migrate")
    done = subprocess.run(
        [str(covnav), "migrate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    expect(done.returncode == 0, f"covnav migrate failed:\n{done.stdout}{done.stderr}")
    command = [str(covnav), "serve", "--host", "127.0.0.1", "--port", "{port}"]
    with server(command, env, "/", tmp / "app.log", port=port) as (url, started):
        pid = server_pid(started)
        results["app_start_rss_mb"] = memory_mb(pid)
        api = Api(url)
        try:
            say(f"app: making cases through the JSON API ({url})")
            loads = prepare(api, selected, args.connections)
        finally:
            api.close()
        served = api.sent
        for name in (n for n in ENDPOINTS if n in selected):
            say(f"app: {name}")
            try:
                results[name] = measure(url, pid, loads[name], args)
            except BenchFailure as exc:
                failures.append(f"{name}: {exc}")
                continue
            served += results[name]["served"]
        if "memory" in selected and not failures:
            results["memory"] = memory(url, pid, loads, served, args, results)
    results["app_log_problems"] = log_problems(tmp / "app.log")


def run_baselines(args: argparse.Namespace, tmp: Path, results: dict[str, Any]) -> None:
    uvicorn = ["-m", "uvicorn", "--workers", "1", "--host", "127.0.0.1", "--port", "{port}"]
    env = {**os.environ, "FLOOR_APP_DB": str(tmp / "floor.db")}
    for name, module, content in (
        ("bare", "bench.bare_app:app", "ok"),
        ("floor", "bench.floor_app:app", "Continue"),
    ):
        with server(python_server([*uvicorn, module]), env, "/", tmp / f"{name}.log") as (url, pid):
            say(f"{LABELS[name]}: {url}")
            response = httpx.get(url + "/", headers={"Accept-Encoding": "gzip"})
            expect(
                response.status_code == 200 and content in response.text,
                f"{name}: unexpected response {response.status_code}",
            )
            results[name] = measure(url, server_pid(pid), Load([Call("GET", "/")], []), args)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="each measured run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--only",
        default=",".join(NAMES),
        help=f"comma-separated, from: {','.join(NAMES)} (baselines always run)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    selected = {name.strip() for name in args.only.split(",") if name.strip()}
    if unknown := selected - set(NAMES):
        say(f"http_bench: unknown name(s) {', '.join(sorted(unknown))}; use {', '.join(NAMES)}")
        return 2
    if problem := check_two_cores() or (None if shutil.which("wrk") else "needs wrk"):
        say(f"http_bench {problem}")
        return 1
    info = machine()
    load = " ".join(f"{x:.2f}" for x in info["load"])
    say(f"{info['cpu']}, {info['cores']} cores, load average {load}")
    if info["load"][0] > QUIET_LOAD:
        say(
            f"warning: load average above {QUIET_LOAD}; the machine is not quiet, figures "
            "will be low and noisy"
        )
    os.sched_setaffinity(0, {CLIENT_CPU})
    report: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": info,
        "settings": {
            "seconds": args.seconds,
            "connections": args.connections,
            "only": sorted(selected),
        },
        "results": {},
        "failures": [],
    }
    with tempfile.TemporaryDirectory(prefix="covnav-http-") as tmp_name:
        try:
            run_baselines(args, Path(tmp_name), report["results"])
            run_app(args, selected, Path(tmp_name), report["results"], report["failures"])
        except (BenchFailure, RuntimeError, subprocess.SubprocessError) as exc:
            report["failures"].append(str(exc))
    report["targets"] = evaluate(report["results"])
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        table(report)
    if report["failures"]:
        return 1
    return 1 if args.strict and not all(v["met"] for v in report["targets"]) else 0


if __name__ == "__main__":
    sys.exit(main())
