"""Run wrk (pinned to the client core) and read its report.

wrk counts only 4xx/5xx as errors, and a benchmark of 303s is as worthless as one of 404s, so
every run loads a small Lua script whose `response` hook counts any status outside 2xx; the
caller treats a non-zero count (or a socket error) as a failed run. A run is a fixed request
(`Call`) or several that wrk sends in turn, round-robin (one case per connection, say).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from bench.support import CLIENT_CPU

TIMEOUT_S = 10
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
_RESULT = re.compile(r"^BENCH non2xx=(\d+) first=(\d+)$", re.M)

_COUNT_STATUS = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0; first = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first == 0 then first = status end
  end
end
function done(summary, latency, requests)
  local total, status = 0, 0
  for _, t in ipairs(threads) do
    total = total + t:get("non2xx")
    if status == 0 then status = t:get("first") end
  end
  io.write(string.format("BENCH non2xx=%d first=%d\\n", total, status))
end
"""

_ROUND_ROBIN = """
local i = 0
function request()
  i = i % #plan + 1
  local call = plan[i]
  return wrk.format(call[1], call[2], nil, call[3])
end
"""


class Call(NamedTuple):
    method: str
    path: str
    body: Any = None  # sent as JSON when not None


@dataclass(frozen=True)
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int  # completed responses, any status
    non_2xx: int
    first_bad_status: int
    socket_errors: int
    bytes_per_response: float

    @property
    def failed(self) -> str | None:
        """Why the run does not count, or None."""
        if self.non_2xx:
            return f"{self.non_2xx} responses were not 2xx (first: {self.first_bad_status})"
        if self.socket_errors:
            return f"{self.socket_errors} socket errors (connect/read/write/timeout)"
        if not self.requests:
            return "no responses"
        return None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lua_string(text: str) -> str:
    # A JSON string literal is a valid Lua one once non-ASCII stays as is (Lua has no \u).
    return json.dumps(text, ensure_ascii=False)


def lua_script(calls: Sequence[Call]) -> str:
    """The wrk script: a fixed request for one call, round-robin for several."""

    def body(call: Call) -> str | None:
        return None if call.body is None else json.dumps(call.body, separators=(",", ":"))

    lines = ["-- written by bench/wrk_support.py"]
    if any(c.body is not None for c in calls):
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    if len(calls) == 1:
        call, text = calls[0], body(calls[0])
        lines += [
            f"wrk.method = {_lua_string(call.method)}",
            f"wrk.path = {_lua_string(call.path)}",
        ]
        if text is not None:
            lines.append(f"wrk.body = {_lua_string(text)}")
    else:
        lines.append("plan = {")
        for call in calls:
            text = body(call)
            lines.append(
                f"  {{{_lua_string(call.method)}, {_lua_string(call.path)}, "
                f"{'nil' if text is None else _lua_string(text)}}},"
            )
        lines.append("}")
        lines.append(_ROUND_ROBIN)
    return "\n".join(lines) + _COUNT_STATUS


def _size(number: str, unit: str) -> float:
    scale = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}
    return float(number) * scale.get(unit, 1)


def parse(text: str) -> WrkResult:
    """The figures from wrk's --latency report plus our Lua summary line."""
    latency = {
        q: float(n) * _UNIT_MS[unit]
        for q, n, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    }
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read", text)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    counted = _RESULT.search(text)
    if not (rps and total and counted):
        raise RuntimeError(f"could not read wrk's report:\n{text}")
    requests = int(total.group(1))
    return WrkResult(
        rps=float(rps.group(1)),
        p50_ms=latency.get("50", 0.0),
        p99_ms=latency.get("99", 0.0),
        requests=requests,
        non_2xx=int(counted.group(1)),
        first_bad_status=int(counted.group(2)),
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
        bytes_per_response=_size(total.group(2), total.group(3)) / max(1, requests),
    )


def run_wrk(
    base_url: str,
    calls: Sequence[Call],
    connections: int,
    seconds: float,
    headers: Sequence[str] = (),
) -> WrkResult:
    """One wrk run on CLIENT_CPU: one thread, `connections` keep-alive connections."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="wrk-") as script:
        script.write(lua_script(calls))
        script.flush()
        command = [
            "taskset",
            "-c",
            str(CLIENT_CPU),
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            f"--timeout={TIMEOUT_S}s",
            "--latency",
            "-s",
            script.name,
        ]
        for header in headers:
            command += ["-H", header]
        done = subprocess.run([*command, base_url + calls[0].path], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse(done.stdout)
