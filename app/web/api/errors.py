"""The one error contract of /api/v1: every failure is `{"code", "message", ...}`.

`ApiRoute` turns whatever a route raises (ApiProblem, HTTPException with the route's own
message, a validation error) into that shape, refuses non-JSON (415) and oversized (413)
bodies, marks responses no-store and documents the errors in OpenAPI. `api_error` does the
same for what never reaches a route (unknown paths, wrong methods), for create_app.
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
DEFAULT_MAX_BODY = 256_000
CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_body",
    500: "server_error",
}


class FieldError(BaseModel):
    loc: list[str | int]
    field: str = Field(description="Where the problem is, e.g. `value` or `lines[0].minutes`.")
    msg: str = Field(description="Why, in plain words.")
    type: str


class ErrorOut(BaseModel):
    code: str = Field(description="Stable machine-readable reason, e.g. `case_not_found`.")
    message: str = Field(description="What went wrong and what to do about it.")
    step_id: str | None = Field(
        default=None, description="For 409s: the step the case is waiting on now."
    )
    detail: list[FieldError] | None = Field(default=None, description="For 422s: each field.")


class ApiProblem(Exception):
    """Raised by a route: becomes the JSON error with this status, code and message."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.body = status, {"code": code, "message": message, **extra}


def api_problem(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body = ErrorOut(code=code, message=message, **extra).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, headers={"Cache-Control": NO_STORE})


def api_error(exc: HTTPException) -> JSONResponse:
    """JSON for errors raised outside a route under /api/ (unknown path, wrong method)."""
    if exc.status_code == 404:
        return api_problem(
            404,
            "not_found",
            "No API endpoint at this path; the endpoints are listed in /api/v1/openapi.json.",
        )
    if exc.status_code == 405:
        response = api_problem(
            405,
            "method_not_allowed",
            "This endpoint does not take this method; see the Allow header.",
        )
        response.headers.update(exc.headers or {})
        return response
    return _from_http(exc)


def _from_http(exc: HTTPException) -> JSONResponse:
    """An HTTPException a route raised, keeping the route's own message."""
    code = CODES.get(exc.status_code, "error")
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else code.replace("_", " ")
    return api_problem(exc.status_code, code, detail)


def validation_problem(exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return api_problem(400, "malformed_json", "The body is not valid JSON.")
    detail = [plain_error(e) for e in errors]
    message = "; ".join(f"{d['field']}: {d['msg']}" for d in detail)
    return api_problem(422, "invalid_body", message, detail=detail)


def plain_error(error: Any) -> dict[str, Any]:
    """One pydantic error as {loc, field, msg, type}, the message in plain words."""
    loc = [p for p in error.get("loc", ()) if p != "body"] or ["body"]
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    msg = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return {
        "loc": list(error.get("loc", ())),
        "field": field,
        "msg": msg,
        "type": str(error.get("type", "")),
    }


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def _bounded_body(request: Request, limit: int) -> bytes | None:
    """The body, read as it streams in and abandoned as soon as it passes `limit` (None);
    kept on the request, so the route parses what was read here."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # Starlette's cache: request.body() now returns it
    return body


async def _refuse_body(request: Request) -> JSONResponse | None:
    """413 for a body over the limit (by its Content-Length, or counted while it streams in),
    415 for a non-empty body that is not JSON. No body at all needs no Content-Type."""
    settings = getattr(request.app.state, "settings", None)
    limit = getattr(settings, "max_body_bytes", DEFAULT_MAX_BODY)
    declared = request.headers.get("content-length", "0").strip()
    too_large = api_problem(413, "body_too_large", f"Keep the body under {limit:,} bytes.")
    if not declared.isdigit() or int(declared) > limit:
        return too_large
    body = await _bounded_body(request, limit)
    if body is None:
        return too_large
    if body.strip() and not _is_json(request.headers.get("content-type", "")):
        return api_problem(
            415,
            "unsupported_media_type",
            "Send the body as JSON with Content-Type: application/json.",
        )
    return None


class ApiRoute(APIRoute):
    """Every failure in an API route becomes an ErrorOut body; responses are no-store."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        methods = {m.upper() for m in kwargs.get("methods") or ()}
        statuses = (400, 413, 415, 422, 500) if methods & WRITE_METHODS else (422, 500)
        responses = {**documented_errors(*statuses), **(kwargs.pop("responses", None) or {})}
        super().__init__(path, endpoint, responses=responses, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            if request.method in WRITE_METHODS and (refused := await _refuse_body(request)):
                return refused
            try:
                response = await handler(request)
            except ApiProblem as exc:
                return api_problem(exc.status, **exc.body)
            except RequestValidationError as exc:
                return validation_problem(exc)
            except HTTPException as exc:
                return _from_http(exc)
            response.headers["Cache-Control"] = NO_STORE
            return response

        return run


ERROR_TEXT = {
    400: "The body is not valid JSON.",
    404: "Not found: the message says what (no such case, step, item or code).",
    409: "The step is not on the case's current path, the case is not finished, or other saves "
    "to the case kept landing first (send it again).",
    413: "The body is too large.",
    415: "The body is not sent as application/json.",
    422: "A field is missing or wrong; `detail` names each one and `message` says why.",
    500: "Something went wrong on our side; nothing was lost. Try again in a minute.",
}


def documented_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": ErrorOut, "description": ERROR_TEXT[s]} for s in statuses}
