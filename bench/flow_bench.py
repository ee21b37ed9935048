"""Benchmark the flow loader/checker and the engine on the real flow file.

Run: .venv/bin/python bench/flow_bench.py [PATH]   (default data/steps.yaml)

Baselines are measured in the same run so the ratios mean something on any machine:
a bare `yaml.safe_load` of the same file for load+check, and a plain loop of dict
look-ups (one per step on the path) for the engine calls.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.flows.conditions import AnswerValue  # noqa: E402
from app.flows.engine import Flow, checklist_for, next_step, progress, walk  # noqa: E402
from app.flows.loader import DEFAULT_PATH, load_flow  # noqa: E402
from app.flows.paths import count_paths, iter_paths, sample_paths  # noqa: E402

LOAD_TARGET_MS = 100.0
NEXT_STEP_TARGET_US = 50.0
LOAD_RUNS = 20
CALL_BATCHES = 25


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def median_us(action: Callable[[], object], calls: int, batches: int = CALL_BATCHES) -> float:
    """Median over batches of the mean time of one call, in microseconds."""
    times = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(calls):
            action()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times) * 1_000_000


def mid_path_answers(flow: Flow) -> dict[str, AnswerValue]:
    """The first half of the answers on the longest of a few thousand paths."""
    paths = list(sample_paths(flow, 2000))
    longest = max(paths, key=lambda p: len(p.steps))
    keep = longest.steps[: max(1, len(longest.steps) // 2)]
    return {step: longest.answers[step] for step in keep}


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_PATH
    if not path.exists():
        fallback = ROOT / "tests" / "fixtures" / "flows" / "engine_branchy.yaml"
        print(f"{path} not found; measuring {fallback} instead")
        path = fallback
    text = path.read_text(encoding="utf-8")
    flow = load_flow(path)
    count, longest = count_paths(flow)
    print(
        f"file: {path} ({len(flow.tree.steps)} steps, {count} paths, longest {longest} questions)"
    )

    load_ms = median_ms(lambda: load_flow(path), LOAD_RUNS)
    safe_ms = median_ms(lambda: yaml.safe_load(text), LOAD_RUNS)
    c_ms = median_ms(lambda: yaml.load(text, Loader=yaml.CSafeLoader), LOAD_RUNS)
    enumerate_ms = median_ms(lambda: sum(1 for _ in iter_paths(flow)), 3)
    print()
    verdict = "OK" if load_ms < LOAD_TARGET_MS else "SLOW"
    print(
        f"load+check (median of {LOAD_RUNS})       {load_ms:8.2f} ms   "
        f"target < {LOAD_TARGET_MS:.0f} ms   {verdict}"
    )
    print(
        f"  baseline yaml.safe_load            {safe_ms:8.2f} ms   ratio {load_ms / safe_ms:5.2f}x"
    )
    print(f"  baseline yaml CSafeLoader          {c_ms:8.2f} ms   ratio {load_ms / c_ms:5.2f}x")
    print(f"  (for scale: enumerating all paths {enumerate_ms:8.2f} ms)")

    answers = mid_path_answers(flow)
    depth = len(walk(flow, answers).path)
    keys = list(answers)
    lookup_table = dict(answers)

    def lookups() -> object:
        found = None
        for key in keys:
            found = lookup_table.get(key)
        return found

    calls = 2000
    next_us = median_us(lambda: next_step(flow, answers), calls)
    progress_us = median_us(lambda: progress(flow, answers), calls // 4)
    checklist_us = median_us(lambda: checklist_for(flow, answers), calls // 4)
    lookup_us = median_us(lookups, calls)
    print()
    print(
        f"engine on a mid-path answer set ({depth} steps answered; median of "
        f"{CALL_BATCHES} batches)"
    )
    print(
        f"next_step                            {next_us:8.2f} µs   target < "
        f"{NEXT_STEP_TARGET_US:.0f} µs   {'OK' if next_us < NEXT_STEP_TARGET_US else 'SLOW'}"
    )
    print(f"progress                             {progress_us:8.2f} µs")
    print(f"checklist_for                        {checklist_us:8.2f} µs")
    print(
        f"  baseline {len(keys)} dict look-ups          {lookup_us:8.2f} µs   "
        f"next_step ratio {next_us / lookup_us:5.1f}x"
    )
    return 0 if load_ms < LOAD_TARGET_MS and next_us < NEXT_STEP_TARGET_US else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
