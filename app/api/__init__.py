"""JSON API routers, and the route class that gives plain-language 422 errors."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute


class PlainErrorsRoute(APIRoute):
    """Answer bad input with 422 `{"detail": [{loc, field, msg, type}], "message"}`.

    `field` is a path like `lines[0].minutes`; `msg` says why in plain words. The shape
    keeps FastAPI's `loc`/`msg`/`type`, so the documented 422 schema still holds.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                detail = [_plain_error(e) for e in exc.errors()]
                message = "; ".join(f"{d['field']}: {d['msg']}" for d in detail)
                return JSONResponse({"detail": detail, "message": message}, status_code=422)

        return run


def _plain_error(error: Any) -> dict[str, Any]:
    loc = [p for p in error.get("loc", ()) if p != "body"] or ["body"]
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    msg = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    if error.get("type") == "json_invalid":
        field, msg = "body", "The body is not valid JSON."
    return {"loc": list(error.get("loc", ())), "field": field, "msg": msg,
            "type": str(error.get("type", ""))}
