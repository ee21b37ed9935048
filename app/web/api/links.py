"""OpenAPI links between the case operations: the token (and the step to answer) that one
answer gives, and the operations that take them. Clients and API fuzzers follow them from
`POST /cases` through the whole journey."""

from __future__ import annotations

from typing import Any

CASE = "/api/v1/cases/{token}"


def _ref(path: str, method: str) -> str:
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


def _links(token: str) -> dict[str, Any]:
    step = "$response.body#/step/id"
    return {
        "ShowCase": {"operationRef": _ref(CASE, "get"), "parameters": {"token": token}},
        "ShowStep": {
            "operationRef": _ref(CASE + "/steps/{step_id}", "get"),
            "parameters": {"token": token, "step_id": step},
        },
        "AnswerStep": {
            "operationRef": _ref(CASE + "/answers/{step_id}", "put"),
            "parameters": {"token": token, "step_id": step},
        },
        "ShowResults": {
            "operationRef": _ref(CASE + "/results", "get"),
            "parameters": {"token": token},
        },
    }


# On 201 from POST /cases: the new token is in the body.
FROM_CREATED: dict[int | str, dict[str, Any]] = {
    201: {"description": "Created", "links": _links("$response.body#/token")}
}
# On 200 from a case operation: the same token, from the request's path.
FROM_CASE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The case", "links": _links("$request.path.token")}
}
