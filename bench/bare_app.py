"""The baseline for bench/load_bench.py: a bare Starlette plain-text endpoint, nothing else.

Run: uvicorn bench.bare_app:app. Measured on the same core with the same client as the app,
it turns "requests per second" into a ratio that can be compared across machines.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


app = Starlette(routes=[Route("/", hello)])
