"""The cases JSON API under /api/v1: whole flows, changed answers, every error, OpenAPI, fuzz."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from conftest import REAL_FLOW, WizardClient
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.redact import redact

TOKEN = "A" * 43  # well-formed, but no such case
BASE = "/api/v1/cases"


def start(client: TestClient) -> dict[str, Any]:
    response = client.post(BASE, json={})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def put_answer(
    client: TestClient, token: str, step_id: str, value: object = None
) -> httpx.Response:
    return client.put(f"{BASE}/{token}/answers/{step_id}", json={"value": value})


def answer(client: TestClient, token: str, step_id: str, value: object = None) -> dict[str, Any]:
    response = put_answer(client, token, step_id, value)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def finish_mini(client: TestClient, stage: str = "planning", work: str = "yes") -> str:
    token = start(client)["token"]
    answer(client, token, "stage", stage)
    if stage == "denied":
        answer(client, token, "denial_date", "2026-03-01")
    answer(client, token, "plan_type", work)
    assert answer(client, token, "intro")["done"] is True
    return str(token)


def sample_value(step: dict[str, Any], rng: random.Random) -> str | list[str] | None:
    """A valid answer for any step the API shows (also used by bench/load_bench.py's idea)."""
    values = [c["value"] for c in step["choices"]]
    kind = step["type"]
    if kind in ("single", "yesno"):
        return rng.choice(values)
    if kind == "multi":
        return rng.sample(values, rng.randint(1, len(values)))
    if kind == "number":
        low = int(step["min"] or 0)
        high = int(step["max"]) if step["max"] is not None else low + 100
        return str(rng.randint(low, max(low, min(high, low + 100))))
    if kind == "money":
        return f"{rng.randint(0, 300)}.{rng.randint(0, 99):02d}"
    if kind == "date":
        return f"2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"
    if kind == "text":
        return "CO-50"
    return None


# --- Whole flows ------------------------------------------------------------------------------


def test_create_returns_the_first_step_and_links(client: TestClient) -> None:
    response = client.post(BASE, json={})
    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    token = body["token"]
    assert body["done"] is False
    assert body["step"]["id"] == "stage"
    assert body["step"]["type"] == "single"
    assert body["step"]["why"]
    assert [c["value"] for c in body["step"]["choices"]] == ["planning", "denied"]
    assert body["progress"] == {"answered": 0, "min_remaining": 2, "max_remaining": 3}
    assert body["links"] == {
        "self": f"{BASE}/{token}",
        "results": f"{BASE}/{token}/results",
        "answer": f"{BASE}/{token}/answers/stage",
        "web": f"/c/{token}",
    }
    assert client.get(body["links"]["self"]).json()["step"]["id"] == "stage"


def test_whole_flow_to_results(client: TestClient) -> None:
    token = start(client)["token"]
    body = answer(client, token, "stage", "planning")
    assert (body["step"]["id"], body["progress"]["answered"]) == ("plan_type", 1)
    assert [c["value"] for c in body["step"]["choices"]] == ["yes", "no", "not_sure"]
    body = answer(client, token, "plan_type", "yes")
    assert body["step"]["type"] == "info"
    body = answer(client, token, "intro")
    assert body["done"] is True and body["step"] is None and body["links"]["answer"] is None
    assert [(a["step_id"], a["answer"]) for a in body["answers"]] == [
        ("stage", "I have not had a visit yet."),
        ("plan_type", "Yes"),
    ]

    results = client.get(f"{BASE}/{token}/results")
    assert results.status_code == 200
    data = results.json()
    assert [(i["id"], i["stage"], i["done"]) for i in data["checklist"]] == [
        ("call_insurer", "before", False),
        ("work_plan", "after", False),
    ]
    work = data["checklist"][1]
    assert work["reasons"] == [
        {"step_id": "plan_type", "question": "Do you get your plan through work?", "answer": "Yes"}
    ]
    assert [q["id"] for q in data["questions"]] == ["q_wrapup"]
    assert data["progress"] == {"answered": 2, "min_remaining": 0, "max_remaining": 0}


def test_changing_an_earlier_answer_changes_the_results(client: TestClient) -> None:
    token = finish_mini(client)
    body = answer(client, token, "stage", "denied")
    assert (body["done"], body["step"]["id"]) == (False, "denial_date")
    assert client.get(f"{BASE}/{token}/results").status_code == 409
    body = answer(client, token, "denial_date", "3/15/2026")  # US style is accepted
    assert body["done"] is True  # plan_type and intro were kept
    assert client.get(f"{BASE}/{token}/steps/denial_date").json()["value"] == "2026-03-15"

    ids = [i["id"] for i in client.get(f"{BASE}/{token}/results").json()["checklist"]]
    assert ids == ["call_insurer", "work_plan", "appeal"]
    answer(client, token, "plan_type", "no")
    ids = [i["id"] for i in client.get(f"{BASE}/{token}/results").json()["checklist"]]
    assert ids == ["call_insurer", "appeal"]


def test_an_optional_step_can_be_skipped(client: TestClient) -> None:
    token = start(client)["token"]
    answer(client, token, "stage", "denied")
    body = answer(client, token, "denial_date", "")
    assert body["step"]["id"] == "plan_type"
    assert body["answers"][-1] == {
        "step_id": "denial_date",
        "question": "What date is on the denial letter?",
        "value": "",
        "answer": "Skipped",
    }


def test_checklist_tick_shows_in_results(client: TestClient) -> None:
    token = finish_mini(client)
    response = client.put(f"{BASE}/{token}/checklist/call_insurer", json={"done": True})
    assert response.json() == {"id": "call_insurer", "done": True}
    done = {i["id"]: i["done"] for i in client.get(f"{BASE}/{token}/results").json()["checklist"]}
    assert done == {"call_insurer": True, "work_plan": False}
    assert (
        client.put(f"{BASE}/{token}/checklist/call_insurer", json={"done": "yes"}).status_code
        == 422
    )


def test_the_api_and_the_pages_share_one_case(client: TestClient, wizard: WizardClient) -> None:
    wizard.start()
    wizard.answer("planning")
    body = client.get(f"{BASE}/{wizard.token}").json()
    assert body["step"]["id"] == "plan_type"
    answer(client, wizard.token, "plan_type", "no")
    assert client.get(f"/c/{wizard.token}").headers["location"].endswith("/step/intro")


@pytest.mark.parametrize("flow_path", [REAL_FLOW])
def test_real_flow_every_path_kind_reaches_results(client: TestClient, flow_path: Path) -> None:
    for seed in range(12):
        rng = random.Random(seed)
        body = start(client)
        token = body["token"]
        for _ in range(200):
            if body["done"]:
                break
            step = body["step"]
            body = answer(client, token, step["id"], sample_value(step, rng))
        assert body["done"], f"seed {seed} did not finish"
        results = client.get(f"{BASE}/{token}/results").json()
        assert results["checklist"] and results["questions"][-1]["id"]


def test_every_answer_type_and_its_message(types_wizard: WizardClient) -> None:
    client = types_wizard.client
    token = start(client)["token"]
    assert put_answer(client, token, "care", ["massage", "nope"]).json()["message"] == (
        "value: Please pick from the list."
    )
    assert answer(client, token, "care", ["manual", "massage", "manual"])["answers"][0][
        "value"
    ] == ["massage", "manual"]
    assert put_answer(client, token, "insurer", "x" * 201).status_code == 422
    answer(client, token, "insurer", "Acme Health")
    bad = put_answer(client, token, "fee", "12.3456").json()
    assert bad["detail"] == [
        {
            "loc": ["body", "value"],
            "field": "value",
            "msg": "Please use dollars and cents, like 120.50.",
            "type": "answer_invalid",
        }
    ]
    answer(client, token, "fee", "$1,200")
    assert put_answer(client, token, "minutes", "0").json()["message"] == (
        "value: Please enter 1 or more."
    )
    step = answer(client, token, "minutes", "45")["step"]
    assert (step["id"], step["optional"]) == ("visit_date", True)
    assert answer(client, token, "visit_date", "2026-02-28")["done"]


# --- Errors -----------------------------------------------------------------------------------


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    assert body["code"] == code and body["message"]
    return body


@pytest.mark.parametrize("token", [TOKEN, "short", "x" * 300, "A" * 42 + "="])
def test_unknown_token_is_a_json_404_that_never_echoes_it(client: TestClient, token: str) -> None:
    for response in (
        client.get(f"{BASE}/{token}"),
        client.get(f"{BASE}/{token}/results"),
        put_answer(client, token, "stage", "planning"),
    ):
        assert_error(response, 404, "case_not_found")
        assert token not in response.text


def test_unknown_step_and_item_are_404(client: TestClient) -> None:
    token = start(client)["token"]
    assert_error(put_answer(client, token, "no_such_step", "x"), 404, "unknown_step")
    assert_error(client.get(f"{BASE}/{token}/steps/no_such_step"), 404, "unknown_step")
    response = client.put(f"{BASE}/{token}/checklist/no_such_item", json={"done": True})
    assert_error(response, 404, "unknown_item")


def test_a_step_off_the_path_is_a_409_naming_the_current_step(client: TestClient) -> None:
    token = start(client)["token"]
    body = assert_error(put_answer(client, token, "intro"), 409, "step_not_on_path")
    assert body["step_id"] == "stage"
    assert "'intro'" in body["message"] and "'stage'" in body["message"]
    answer(client, token, "stage", "planning")
    body = assert_error(
        put_answer(client, token, "denial_date", "2026-01-01"), 409, "step_not_on_path"
    )
    assert body["step_id"] == "plan_type"
    assert_error(client.get(f"{BASE}/{token}/steps/denial_date"), 409, "step_not_on_path")
    assert_error(put_answer(client, token, "results"), 409, "results_step")
    body = assert_error(client.get(f"{BASE}/{token}/results"), 409, "not_finished")
    assert body["step_id"] == "plan_type"


def test_an_invalid_answer_is_a_422_with_the_message_and_field(client: TestClient) -> None:
    token = start(client)["token"]
    body = assert_error(put_answer(client, token, "stage", "nope"), 422, "invalid_answer")
    assert body["message"] == "value: Please pick one answer."
    assert body["detail"][0]["field"] == "value"
    answer(client, token, "stage", "denied")
    body = assert_error(
        put_answer(client, token, "denial_date", "31/31/2026"), 422, "invalid_answer"
    )
    assert body["message"] == "value: Please enter a real date, like 03/15/2026."
    assert client.get(f"{BASE}/{token}").json()["step"]["id"] == "denial_date"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": 5}, "value"),
        ({"value": True}, "value"),
        ({"value": {"a": 1}}, "value"),
        ({"value": ["a", 1]}, "value"),
        ({"value": "x" * 2001}, "value"),
        ({"value": "planning", "extra": 1}, "extra"),
        ([], "body"),
        ("planning", "body"),
    ],
)
def test_a_body_of_the_wrong_shape_is_a_422(client: TestClient, body: object, field: str) -> None:
    token = start(client)["token"]
    response = client.put(f"{BASE}/{token}/answers/stage", json=body)
    error = assert_error(response, 422, "invalid_body")
    assert error["detail"][0]["field"] == field


@pytest.mark.parametrize("raw", [b"{", b'{"value": "planning"', b"\xff\xfe", b"nul", b"{'a':1}"])
def test_malformed_json_is_a_400(client: TestClient, raw: bytes) -> None:
    token = start(client)["token"]
    response = client.put(
        f"{BASE}/{token}/answers/stage", content=raw, headers={"content-type": "application/json"}
    )
    assert_error(response, 400, response.json()["code"])
    assert response.json()["code"] in {"malformed_json", "bad_request"}


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", None],
)
def test_writes_must_be_json(client: TestClient, content_type: str | None) -> None:
    """A cross-site HTML form can only send these types; none of them gets through."""
    token = start(client)["token"]
    headers = {"content-type": content_type} if content_type else {}
    for method, url in (("POST", BASE), ("PUT", f"{BASE}/{token}/answers/stage")):
        response = client.request(method, url, content=b"value=planning", headers=headers)
        assert_error(response, 415, "unsupported_media_type")
    assert client.get(f"{BASE}/{token}").json()["answers"] == []


def test_a_json_suffix_type_and_a_charset_are_accepted(client: TestClient) -> None:
    for content_type in ("application/json; charset=utf-8", "application/vnd.api+json"):
        response = client.post(BASE, content=b"", headers={"content-type": content_type})
        assert response.status_code == 201


def test_a_huge_body_is_a_413(client: TestClient) -> None:
    token = start(client)["token"]
    body = json.dumps({"value": "x" * 300_000})
    response = client.put(
        f"{BASE}/{token}/answers/stage", content=body, headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "body_too_large")


def test_unknown_paths_and_methods_under_the_api_are_json(client: TestClient) -> None:
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    response = client.delete(f"{BASE}/{TOKEN}")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["allow"]


def test_no_csrf_cookie_is_needed(client: TestClient) -> None:
    client.cookies.clear()
    token = start(client)["token"]
    client.cookies.clear()
    assert put_answer(client, token, "stage", "planning").status_code == 200


def test_access_log_redaction_covers_api_paths() -> None:
    line = f'"PUT {BASE}/{TOKEN}/answers/stage HTTP/1.1" 200'
    assert redact(line) == f'"PUT {BASE}/[redacted]/answers/[redacted] HTTP/1.1" 200'
    assert redact(f"GET {BASE}/{TOKEN} HTTP/1.1") == f"GET {BASE}/[redacted] HTTP/1.1"
    assert redact(f"POST {BASE} HTTP/1.1") == f"POST {BASE} HTTP/1.1"


# --- OpenAPI ----------------------------------------------------------------------------------


def test_openapi_lists_the_endpoints_and_their_errors(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert {
        f"{BASE}",
        f"{BASE}/{{token}}",
        f"{BASE}/{{token}}/answers/{{step_id}}",
        f"{BASE}/{{token}}/steps/{{step_id}}",
        f"{BASE}/{{token}}/results",
        f"{BASE}/{{token}}/checklist/{{item_id}}",
    } <= set(paths)
    assert all(p.startswith("/api/") for p in paths)  # the HTML pages stay out
    put = paths[f"{BASE}/{{token}}/answers/{{step_id}}"]["put"]
    assert {"200", "400", "404", "409", "415", "422"} <= set(put["responses"])
    assert put["responses"]["409"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorOut"
    )
    schemas = spec["components"]["schemas"]
    assert {"token", "step", "progress", "links"} <= set(schemas["CaseCreated"]["properties"])
    assert {"checklist", "questions", "progress", "answers"} <= set(
        schemas["ResultsOut"]["properties"]
    )
    assert "201" in paths[BASE]["post"]["responses"]


# --- Fuzz: junk never makes a 500 ------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
BODIES = (
    JSON_VALUES.map(lambda v: json.dumps(v).encode())
    | st.fixed_dictionaries({"value": JSON_VALUES}).map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=64)
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=latin-1",
        "application/problem+json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "",
        "application/jsonx",
    ]
)
STEP_IDS = st.sampled_from(["stage", "denial_date", "plan_type", "intro", "results"]) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=BODIES,
    content_type=CONTENT_TYPES,
    step_id=STEP_IDS,
    target=st.sampled_from(["answer", "check", "create"]),
)
def test_junk_bodies_never_cause_a_500(
    client: TestClient, body: bytes, content_type: str, step_id: str, target: str
) -> None:
    token = client.post(BASE, json={}).json()["token"]
    segment = quote(step_id, safe="")
    url = {
        "answer": f"{BASE}/{token}/answers/{segment}",
        "check": f"{BASE}/{token}/checklist/{segment}",
        "create": BASE,
    }[target]
    method = "POST" if target == "create" else "PUT"
    headers = {"content-type": content_type} if content_type else {}
    response = client.request(method, url, content=body, headers=headers)
    assert response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/json"
    if response.status_code >= 400:
        assert response.json()["message"]
