"""The HTTP benchmark's targets, ratios and printed table (see bench/http_bench.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bench.support import CLIENT_CPU

GZIP = "Accept-Encoding: gzip"
ENDPOINTS = ("landing", "question", "results", "answer", "checklist")
MEMORY_TARGET_MB = 150.0
LABELS = {
    "bare": "bare Starlette, text",
    "floor": "floor app, page",
    "landing": "landing GET /",
    "question": "question page GET",
    "results": "results page GET",
    "answer": "answer PUT (JSON API)",
    "checklist": "checklist tick PUT",
}


@dataclass(frozen=True)
class Target:
    endpoint: str
    baseline: str  # "bare" or "floor"
    at_least: float


TARGETS = (
    Target("landing", "bare", 0.08),
    Target("landing", "floor", 1.0),
    Target("question", "bare", 0.05),
    Target("question", "floor", 1.0),
    Target("results", "bare", 0.025),
    Target("answer", "bare", 0.025),
    Target("checklist", "bare", 0.025),
)


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Ratios into `results`; one entry per target that could be checked."""
    verdicts = []
    for name in ("bare", "floor", *ENDPOINTS):
        for base in ("bare", "floor"):
            if name in results and base in results:
                results[name][f"x_{base}"] = results[name]["rps"] / results[base]["rps"]
    for target in TARGETS:
        value = results.get(target.endpoint, {}).get(f"x_{target.baseline}")
        if value is not None:
            verdicts.append({**asdict(target), "value": value, "met": value >= target.at_least})
    if "memory" in results:
        rss = results["memory"]["rss_mb"]
        verdicts.append(
            {
                "endpoint": "memory",
                "baseline": "RSS MB",
                "at_most": MEMORY_TARGET_MB,
                "value": rss,
                "met": rss < MEMORY_TARGET_MB,
            }
        )
    return verdicts


def table(report: dict[str, Any]) -> None:
    info, run, results = report["machine"], report["settings"], report["results"]
    print(
        f"HTTP benchmark, {report['date']}: {info['cpu']}, {info['cores']} cores, load "
        f"average {' '.join(f'{x:.2f}' for x in info['load'])}"
    )
    print(
        f"wrk -t1 -c{run['connections']} -d{run['seconds']:g}s --latency -H '{GZIP}' "
        f"on CPU {CLIENT_CPU}, one uvicorn worker on the other core\n"
    )
    print(
        f"{'':24}{'req/s':>9}{'x bare':>8}{'x floor':>8}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'bytes':>8}{'server CPU':>11}"
    )
    for name in ("bare", "floor", *ENDPOINTS):
        if (r := results.get(name)) is not None:
            nan = float("nan")
            print(
                f"{LABELS[name]:<24}{r['rps']:>9.1f}{r.get('x_bare', nan):>8.3f}"
                f"{r.get('x_floor', nan):>8.2f}"
                f"{r['p50_ms']:>8.1f}{r['p99_ms']:>8.1f}{r['bytes_per_response']:>8.0f}"
                f"{r['server_cpu']:>10.0%}"
            )
            if r["other_cpu_server_core"] > 0.2:
                print(
                    f"  warning: other work took {r['other_cpu_server_core']:.0%} of the server "
                    "core during this run; the figure is noisy"
                )
    if "memory" in results:
        m = results["memory"]
        print(
            f"\nserver memory after {m['served']:,} requests: RSS {m['rss_mb']:.1f} MB (peak "
            f"{m['peak_rss_mb']:.1f} MB; {results['app_start_rss_mb']:.1f} MB at start)"
        )
    if report["targets"]:
        print("\ntargets")
    for v in report["targets"]:
        if v["endpoint"] == "memory":
            goal = f"RSS {v['value']:.1f} MB < {v['at_most']:.0f} MB"
        else:
            goal = f"x {v['baseline']} {v['value']:.4f} >= {v['at_least']:g}"
        print(f"  {'PASS' if v['met'] else 'MISS'}  {v['endpoint']:<10} {goal}")
    for line, count in results.get("app_log_problems", {}).items():
        print(f"app log, {count}x: {line}")
    for failure in report["failures"]:
        print(f"FAILED: {failure}")
