"""Helpers the server benchmarks share: free ports, pinned server processes, CPU and memory.

The server always runs on SERVER_CPU and the client (this process, wrk) on CLIENT_CPU, so the
two never compete for a core. Linux only: it reads /proc and starts servers with taskset.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SERVER_CPU, CLIENT_CPU = 0, 1
START_SECONDS = 30.0
LOG_PROBLEM = re.compile(r"^(WARNING|ERROR|CRITICAL):|^[\w.]+(Error|Exception|Timeout)\b")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def responds(url: str) -> bool:
    try:
        return httpx.get(url, timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def server(
    command: Sequence[str],
    env: Mapping[str, str],
    ready: str,
    log: Path,
    port: int | None = None,
) -> Iterator[tuple[str, int]]:
    """Run `command` (its "{port}" filled in) on SERVER_CPU; yield (URL, pid) once `ready`
    answers 200. taskset execs the command, so the pid is the server's own."""
    port = port or free_port()
    argv = ["taskset", "-c", str(SERVER_CPU), *(a.format(port=port) for a in command)]
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while not responds(url + ready):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start ({ready}):\n{log.read_text()}")
            time.sleep(0.1)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def python_server(args: Sequence[str]) -> list[str]:
    """A command line running this interpreter with `args`."""
    return [sys.executable, *args]


def cpu_marks(pid: int) -> list[float]:
    """CPU seconds so far: server process, this process, busy CPU 0, busy CPU 1 (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    marks = [(int(fields[11]) + int(fields[12])) / tick, time.process_time()]
    lines = Path("/proc/stat").read_text().splitlines()
    per_cpu = {line.split()[0]: line.split()[1:] for line in lines}
    for cpu in (SERVER_CPU, CLIENT_CPU):  # busy = every column but idle and iowait
        ticks = [int(t) for t in per_cpu[f"cpu{cpu}"][:8]]
        marks.append((sum(ticks) - ticks[3] - ticks[4]) / tick)
    return marks


def server_pid(pid: int) -> int:
    """The process that serves: `pid` itself, or its newest descendant if it forked one
    (a wrapper script or a process manager)."""
    while True:
        children = Path(f"/proc/{pid}/task/{pid}/children")
        found = children.read_text().split() if children.exists() else []
        if not found:
            return pid
        pid = int(found[-1])


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """A memory figure of one process from /proc/PID/status (VmRSS: resident now, VmHWM: the
    peak resident), in MB (10^6 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError(f"no {field} for process {pid}")


def log_problems(log: Path, most: int = 8) -> dict[str, int]:
    """Warnings, errors and exceptions in a server log, with how often each line came."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    problems = Counter(line.strip()[:200] for line in lines if LOG_PROBLEM.search(line))
    return dict(problems.most_common(most))


def machine() -> dict[str, Any]:
    """CPU model, core count and the load averages, for the report."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {"cpu": model, "cores": os.cpu_count() or 0, "load": list(os.getloadavg())}


def check_two_cores() -> str | None:
    """Why the pinned benchmarks cannot run here, or None when they can."""
    if sys.platform != "linux":
        return "needs Linux (/proc, taskset)"
    if not shutil.which("taskset"):
        return "needs taskset (util-linux)"
    if not {SERVER_CPU, CLIENT_CPU} <= os.sched_getaffinity(0):
        return "needs two CPUs (server on CPU 0, client on CPU 1)"
    return None
