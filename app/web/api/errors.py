"""JSON errors for the cases API: every failure is `{code, message}` a developer can act on.

`JsonApiRoute` also refuses writes that are not JSON (415) or too large (413), and marks
every response no-store.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NO_STORE = "no-store"


class FieldError(BaseModel):
    loc: list[str | int]
    field: str = Field(description="Where the problem is, e.g. `value` or `value[1]`.")
    msg: str
    type: str


class ErrorOut(BaseModel):
    code: str = Field(description="Stable machine-readable reason, e.g. `case_not_found`.")
    message: str = Field(description="What went wrong and what to do about it.")
    step_id: str | None = Field(
        default=None, description="For 409s: the step the case is waiting on now."
    )
    detail: list[FieldError] | None = Field(default=None, description="For 422s: each field.")


class ApiProblem(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.body = status, {"code": code, "message": message, **extra}


def api_problem(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body = ErrorOut(code=code, message=message, **extra).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, headers={"Cache-Control": NO_STORE})


def api_http_error(exc: HTTPException) -> JSONResponse:
    """JSON for routing errors under /api/ (unknown path, wrong method), for create_app."""
    if exc.status_code == 404:
        return api_problem(404, "not_found", "No API endpoint at this path; the endpoints are "
                        "listed in /api/v1/openapi.json.")
    if exc.status_code == 405:
        response = api_problem(405, "method_not_allowed", "This endpoint does not take this "
                            "method; see the Allow header.")
        response.headers.update(exc.headers or {})
        return response
    return api_problem(exc.status_code, "bad_request", str(exc.detail))


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


class JsonApiRoute(APIRoute):
    """Turns every failure in a route into an ErrorOut JSON body, and marks it no-store."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            if request.method in WRITE_METHODS:
                if not _is_json(request.headers.get("content-type", "")):
                    return api_problem(415, "unsupported_media_type",
                                    "Send the body as JSON with Content-Type: application/json.")
                settings = getattr(request.app.state, "settings", None)
                limit = getattr(settings, "max_body_bytes", 256_000)
                declared = request.headers.get("content-length", "0")
                too_big = not declared.isdigit() or int(declared) > limit
                if too_big or len(await request.body()) > limit:
                    return api_problem(413, "body_too_large", f"Keep the body under {limit} bytes.")
            try:
                response = await handler(request)
            except ApiProblem as exc:
                return api_problem(exc.status, **exc.body)
            except RequestValidationError as exc:
                detail = [_plain_error(e) for e in exc.errors()]
                if any(e.get("type") == "json_invalid" for e in exc.errors()):
                    return api_problem(400, "malformed_json", "The body is not valid JSON.")
                message = "; ".join(f"{d['field']}: {d['msg']}" for d in detail)
                return api_problem(422, "invalid_body", message, detail=detail)
            except HTTPException as exc:
                return api_problem(exc.status_code, "bad_request", str(exc.detail))
            response.headers["Cache-Control"] = NO_STORE
            return response

        return run


def documented_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "The body is not valid JSON.",
        404: "No case with this token (mistyped, or deleted after it expired), or no such "
        "step or checklist item.",
        409: "The step is not on the case's current path, or the case is not finished.",
        413: "The body is too large.",
        415: "The body is not sent as application/json.",
        422: "A field is missing or wrong; `detail` names each one and `message` says why.",
    }
    return {s: {"model": ErrorOut, "description": text[s]} for s in statuses}


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
