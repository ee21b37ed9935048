"""PDF rendering time per document, warm, with a baseline measured in the same run.

Run: .venv/bin/python bench/pdf_bench.py [--runs N] [--size letter|a4]
Prints p50/p95 in ms per document and the ratio to a one-line PDF rendered by the same
WeasyPrint, so the numbers can be compared across machines. Target: checklist p50 < 300 ms.
Exits 1 when the checklist misses the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the app, and the sample trees the tests use

from samples import ANSWER_SETS, HEADER, LETTER, TODAY, sample_flow  # noqa: E402

from app.documents.assemble import doc_inputs  # noqa: E402
from app.documents.catalog import BY_ID  # noqa: E402
from app.documents.pdf import PageSize, render_pdf  # noqa: E402
from app.documents.render import document_pdf, render_html  # noqa: E402

TARGET_MS = 300.0
WARMUP = 3
# One answer set per document: the richest path that offers it.
CASES = (
    ("checklist", "visited"),
    ("call_sheet", "planning"),
    ("claim_packet", "visited"),
    ("doctor_letter", "planning"),
    ("lmn_request", "planning"),
    ("appeal_letter", "denied_necessity"),
)


def timings(fn: Callable[[], object], runs: int) -> list[float]:
    for _ in range(WARMUP):
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--size", choices=("letter", "a4"), default="letter")
    args = parser.parse_args()
    size: PageSize = args.size

    baseline = timings(lambda: render_pdf("<p>Hello.</p>", size=size), args.runs)
    base_p50 = statistics.median(baseline)
    print(f"WeasyPrint PDF timings, warm, {args.runs} runs each, page size {size}")
    print(f"{'document':<16}{'html ms':>9}{'p50 ms':>9}{'p95 ms':>9}{'x base':>8}")
    print(f"{'(one line)':<16}{'':>9}{base_p50:>9.1f}{pct(baseline, 0.95):>9.1f}{1.0:>8.1f}")
    checklist_p50 = 0.0
    for doc_id, set_name in CASES:
        doc = BY_ID[doc_id]
        inputs = doc_inputs(
            sample_flow(), ANSWER_SETS[set_name], HEADER, letter=LETTER, today=TODAY
        )
        html_ms = statistics.median(timings(partial(render_html, doc, inputs, "pdf"), args.runs))
        runs = timings(partial(document_pdf, doc, inputs, size), args.runs)
        p50 = statistics.median(runs)
        if doc_id == "checklist":
            checklist_p50 = p50
        print(
            f"{doc_id:<16}{html_ms:>9.1f}{p50:>9.1f}{pct(runs, 0.95):>9.1f}{p50 / base_p50:>8.1f}"
        )
    ok = checklist_p50 < TARGET_MS
    print(
        f"checklist p50 {checklist_p50:.1f} ms: {'OK' if ok else 'MISSED'} "
        f"(target < {TARGET_MS:.0f} ms)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
