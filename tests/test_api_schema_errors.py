"""Every status the JSON API can answer is in its OpenAPI schema, in the one error shape."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_every_operation_documents_its_error_statuses(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "500" in responses, (method, path)
            assert responses["500"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorOut"
            }
            if method in ("post", "put"):
                assert {"400", "413", "415", "422"} <= set(responses), (method, path)
            if "{token}" in path:
                assert "404" in responses, (method, path)
            if method == "put" and "{token}" in path:
                assert "409" in responses, "a save can lose to others three times: case_busy"


def test_post_cases_links_to_the_case_operations(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    created = schema["paths"]["/api/v1/cases"]["post"]["responses"]["201"]
    assert created["links"]["AnswerStep"]["parameters"] == {
        "token": "$response.body#/token",
        "step_id": "$response.body#/step/id",
    }
