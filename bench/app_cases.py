"""Cases for bench/http_bench.py, made through the app's JSON API as a client app would.

Only the HTTP API is used (POST /api/v1/cases, PUT .../answers/{step_id}, GET .../results),
so the benchmark keeps working while the code behind it moves. Each path is a mapping from
step id to answer; a case is answered until it is done or reaches a step the path has no
answer for. Dates are relative to today, so deadlines stay in the future.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

Answers = Mapping[str, Any]


def _days_ago(days: int, today: date | None = None) -> str:
    return ((today or datetime.now(UTC).date()) - timedelta(days=days)).isoformat()


def denied_path() -> dict[str, Any]:
    """A patient who had visits, was turned down, appealed and was turned down again. It stops
    before `notice_days`: 12 questions and one info step in the transcript."""
    return {
        "stage": "denied",
        "plan_type": "employer",
        "plan_funding": "insured",
        "other_payer": "none",
        "service_date": _days_ago(80),
        "main_code": "97124",
        "denial_date": _days_ago(45),
        "denial_info": None,
        "denial_reason": "medical_necessity",
        "denial_code": "CO-50",
        "appeal_round": "final",
        "appeal_level": "final",
        "final_denial_date": _days_ago(6),
    }


def planning_path() -> dict[str, Any]:
    """A patient planning care, who wants a cost estimate: billing units, an estimate and
    the before-care checklist; 18 questions. (No path has deadlines and an estimate and units;
    this one renders the largest results page.)"""
    return {
        "stage": "planning",
        "plan_type": "employer",
        "other_payer": "none",
        "coverage_info": None,
        "main_code": "97124",
        "session_minutes": "53",
        "oon_benefits": "yes",
        "referral": "have",
        "preapproval": "need",
        "hsa_fsa": "hsa",
        "want_estimate": "yes",
        "cost_info": None,
        "fee": "120.00",
        "visits_planned": "10",
        "deductible_remaining": "500.00",
        "coinsurance_percent": "30",
        "copay": "20.00",
        "allowed_amount": "95.00",
        "oop_max_remaining": "",
        "visit_limit_remaining": "12",
    }


# Re-answered again and again by the JSON-write benchmark (a step on the denied path).
REANSWER_STEP, REANSWER_VALUE = "denial_reason", "medical_necessity"


@dataclass(frozen=True)
class Case:
    token: str
    done: bool
    step: dict[str, Any] | None  # the step to answer now, as the API describes it
    answered: list[dict[str, Any]]


class Api:
    """An httpx client for the app that counts the requests it sends."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=30)
        self.sent = 0

    def call(
        self,
        method: str,
        path: str,
        status: int,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        self.sent += 1
        response = self.client.request(method, path, json=json, headers=headers)
        if response.status_code != status:
            raise RuntimeError(
                f"{method} {path.split('/')[1]}/... -> {response.status_code}, "
                f"expected {status}: {response.text[:300]}"
            )
        return response

    def close(self) -> None:
        self.client.close()


def _check_value(step: Mapping[str, Any], value: Any) -> None:
    """Fail early, with a clear message, when the flow no longer offers the path's answer."""
    offered = {c["value"] for c in step.get("choices") or []}
    if offered and value is not None and value not in offered:
        raise RuntimeError(
            f"step {step['id']!r} no longer offers {value!r} ({sorted(offered)}); "
            "update the paths in bench/app_cases.py"
        )


def make_case(api: Api, answers: Answers) -> Case:
    body = api.call("POST", "/api/v1/cases", 201, json={}).json()
    token = body["token"]
    while not body["done"] and body["step"]["id"] in answers:
        step = body["step"]
        _check_value(step, answers[step["id"]])
        body = api.call(
            "PUT",
            f"/api/v1/cases/{token}/answers/{step['id']}",
            200,
            json={"value": answers[step["id"]]},
        ).json()
    return Case(token, body["done"], body["step"], body["answers"])


def first_checklist_item(api: Api, token: str) -> dict[str, Any]:
    results = api.call("GET", f"/api/v1/cases/{token}/results", 200).json()
    if not results["checklist"]:
        raise RuntimeError("the finished case has no checklist items")
    item: dict[str, Any] = results["checklist"][0]
    return item


def session_cookie(api: Api) -> str | None:
    """The cookie a browser would hold after the landing page ("name=value"), if any."""
    response = api.call("GET", "/", 200)
    header = response.headers.get("set-cookie")
    return header.split(";", 1)[0] if header else None
