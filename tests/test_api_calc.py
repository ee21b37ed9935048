"""The calculators' JSON API under /api/v1: shapes, 422 messages, OpenAPI, citations."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.rules import sources


def units(client, **body):
    return client.post("/api/v1/calc/units", json=body)


def deadlines(client, **body):
    return client.post("/api/v1/calc/deadlines", json={"today": "2026-01-06", **body})


def estimate(client, **body):
    base = {
        "network": "out",
        "deductible_remaining": "50",
        "coinsurance": 0.5,
        "visits": [{"billed": "120", "allowed": "90"}],
    }
    return client.post("/api/v1/calc/estimate", json={**base, **body})


def errors(response):
    assert response.status_code == 422, response.text
    return {e["field"]: e["msg"] for e in response.json()["detail"]}


# --- Units -----------------------------------------------------------------------------------


def test_units_cms_shape(client):
    r = units(
        client,
        method="cms",
        lines=[{"code": "97112", "minutes": 24}, {"code": "97110", "minutes": 23}],
    )
    assert r.status_code == 200
    body = r.json()
    assert {"method", "total_minutes", "total_units", "lines", "notes"} <= set(body)
    assert (body["method"], body["total_minutes"], body["total_units"]) == ("cms", 47, 3)
    assert [(x["code"], x["minutes"], x["units"]) for x in body["lines"]] == [
        ("97112", 24, 2),
        ("97110", 23, 1),
    ]
    assert body["compared"] == {"method": "per_code", "total_units": 4, "same": False}
    assert any("Ask your insurer" in n for n in body["notes"])


def test_units_per_code_and_97139(client):
    body = units(
        client,
        method="per_code",
        lines=[{"code": "97124", "minutes": 60}, {"code": "97139", "minutes": 15}],
    ).json()
    assert (body["total_minutes"], body["total_units"], body["timed_units"]) == (60, 5, 4)
    assert any("written description" in n for n in body["notes"])


@pytest.mark.parametrize(
    ("lines", "field", "why"),
    [
        ([{"code": "12345", "minutes": 30}], "lines[0].code", "not a code we know"),
        ([{"code": "97124", "minutes": -1}], "lines[0].minutes", "greater than or equal to 0"),
        ([{"code": "97124", "minutes": True}], "lines[0].minutes", "not true or false"),
        ([{"code": "97124", "minutes": 7.5}], "lines[0].minutes", "integer"),
        ([{"code": "97124", "minutes": 30, "extra": 1}], "lines[0].extra", "not permitted"),
        ([], "lines", "at least 1"),
    ],
)
def test_units_bad_input_names_the_field(client, lines, field, why):
    got = errors(units(client, method="cms", lines=lines))
    assert why in got[field]


def test_units_whole_float_minutes_accepted(client):
    # JSON Schema counts 30.0 as an integer, so the API must too.
    body = units(client, method="cms", lines=[{"code": "97124", "minutes": 30.0}]).json()
    assert body["total_units"] == 2


def test_units_bad_method(client):
    assert "method" in errors(units(client, method="both", lines=[{"code": "97124", "minutes": 8}]))


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"text"', b"null"])
def test_malformed_body_is_a_4xx_never_500(client, raw):
    r = client.post("/api/v1/calc/units", content=raw, headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500
    assert r.json()["message"]


# --- Deadlines -------------------------------------------------------------------------------

FULL = {
    "plan_type": "employer",
    "claim_type": "post_service",
    "service_date": "2026-02-03",
    "denial_date": "2026-01-05",
    "final_denial_date": "2022-10-30",
    "claim_received_date": "2026-02-10",
    "appeal_received_date": "2026-03-01",
}


def test_deadlines_ids_and_fields(client):
    r = deadlines(client, **FULL)
    assert r.status_code == 200
    got = {d["id"]: d for d in r.json()["deadlines"]}
    # The first appeal was made (there is a final denial): its date is not shown again.
    assert {"external_review", "timely_filing", "initial_decision", "appeal_decision"} == set(got)
    assert got["external_review"]["date"] == "2023-03-01"
    assert got["external_review"]["send_by"] == "2023-02-28"
    assert got["initial_decision"]["send_by"] is None
    first = {
        d["id"]: d
        for d in deadlines(client, plan_type="employer", denial_date="2026-01-05").json()[
            "deadlines"
        ]
    }
    assert first["internal_appeal"]["date"] == "2026-07-04"
    assert "This is Independence Day" in first["internal_appeal"]["note"]
    assert first["internal_appeal"]["send_by"] == "2026-07-02"
    for d in got.values():
        assert {"id", "date", "label", "citation", "note", "advised", "send_by"} == set(d)


def test_deadlines_notice_shorter(client):
    got = {
        d["id"]: d
        for d in deadlines(
            client, plan_type="employer", denial_date="2026-01-05", notice_days=60
        ).json()["deadlines"]
    }
    assert got["internal_appeal"]["date"] == "2026-03-06"
    assert got["internal_appeal_federal"]["advised"] is False


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        ({"service_date": "2026-02-30"}, "service_date", "day value is outside"),
        ({"denial_date": "2026-13-01"}, "denial_date", "month"),
        ({"denial_date": 1700000000}, "denial_date", "YYYY-MM-DD"),
        ({"denial_date": "1800-01-01"}, "denial_date", "check the year"),
        ({"plan_type": "gold"}, "plan_type", "employer"),
        ({"notice_days": 0}, "notice_days", "greater than or equal to 1"),
        ({"filing_limit_days": True}, "filing_limit_days", "not true or false"),
        ({"appeal_levels": 3}, "appeal_levels", "1 or 2"),
        # The schema says boolean: "yes" and 1 are refused, not read as true (found by fuzzing).
        ({"external_review_possible": "yes"}, "external_review_possible", "boolean"),
        ({"external_review_possible": 1}, "external_review_possible", "boolean"),
    ],
)
def test_deadlines_bad_input(client, change, field, why):
    assert why in errors(deadlines(client, **{**FULL, **change}))[field]


def test_deadlines_ics_download(client):
    r = client.post("/api/v1/calc/deadlines.ics", json=FULL)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    assert "attachment" in r.headers["content-disposition"]
    text = r.text
    assert text.count("BEGIN:VEVENT") == 4
    assert text.count("TRIGGER:-P7D") == 4
    assert "Send it by" in text.replace("\r\n ", "")


# --- Estimate ---------------------------------------------------------------------------------

KEYS = {"deductible_applied", "coinsurance", "copay", "plan_pays", "balance_bill", "patient_pays"}


def test_estimate_worked_example(client):
    r = estimate(client)
    assert r.status_code == 200
    body = r.json()
    v = body["visits"][0]
    assert set(v) >= KEYS
    assert set(body["totals"]) >= KEYS
    assert (v["plan_pays"], v["patient_pays"], v["balance_bill"]) == ("20.00", "100.00", "30.00")
    assert body["totals"]["plan_pays"] == "20.00"
    assert body["is_range"] is False and v["range"] is None
    assert any("deductible" in n and "$0" in n for n in body["notes"])


def test_estimate_float_amounts_are_exact(client):
    body = estimate(
        client, deductible_remaining=0, coinsurance=0.1, visits=[{"billed": 0.3, "allowed": 0.3}]
    ).json()
    v = body["visits"][0]
    assert (v["coinsurance"], v["plan_pays"], v["patient_pays"]) == ("0.03", "0.27", "0.03")


def test_estimate_unknown_allowed_gives_range_not_a_guess(client):
    body = estimate(
        client,
        deductible_remaining="0",
        coinsurance="0.2",
        visits=[{"billed": "120", "allowed": None}],
    ).json()
    v = body["visits"][0]
    assert body["is_range"] is True
    assert v["plan_pays"] is None and v["allowed"] is None
    assert (v["range"]["low"]["plan_pays"], v["range"]["high"]["plan_pays"]) == ("48.00", "96.00")
    assert body["totals"]["range"]["high"]["plan_pays"] == "96.00"
    assert v["deductible_applied"] == "0.00"  # the same in both cases, so it is given


def test_estimate_in_network_and_visit_limit(client):
    body = estimate(
        client,
        network="in",
        visit_limit_remaining=1,
        visits=[{"billed": "120", "allowed": "90"}] * 2,
    ).json()
    first, second = body["visits"]
    assert first["balance_bill"] == second["balance_bill"] == "0.00"
    assert second["likely_denied"] is True and second["plan_pays"] == "0.00"
    assert any("119" in n for n in body["notes"])


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        ({"coinsurance": 3}, "coinsurance", "fraction from 0 to 1"),
        ({"coinsurance": "30%"}, "coinsurance", "decimal"),
        ({"coinsurance": False}, "coinsurance", "not true or false"),
        ({"deductible_remaining": "-5"}, "deductible_remaining", "0 or more"),
        ({"copay": "1.234"}, "copay", "2 decimal places"),
        ({"copay": "NaN"}, "copay", "finite number"),
        ({"network": "maybe"}, "network", "'in' or 'out'"),
        ({"visits": [{"billed": True}]}, "visits[0].billed", "not true or false"),
        ({"visits": []}, "visits", "at least 1"),
        ({"visit_limit_remaining": -1}, "visit_limit_remaining", "greater than or equal"),
    ],
)
def test_estimate_bad_input(client, change, field, why):
    assert why in errors(estimate(client, **change))[field]


def test_estimate_required_fields(client):
    r = client.post("/api/v1/calc/estimate", json={"network": "out", "visits": []})
    got = errors(r)
    assert {"deductible_remaining", "coinsurance", "visits"} <= set(got)


# --- Denial codes -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["CO-50", "co 50", "co%2050", "CO50"])
def test_denial_code(client, typed):
    r = client.get(f"/api/v1/denial-codes/{typed}")
    assert r.status_code == 200
    body = r.json()
    assert {"code", "group", "meaning", "plain", "next_steps", "external_review"} <= set(body)
    assert (body["code"], body["group"], body["external_review"]) == ("CO-50", "CO", True)


def test_denial_code_without_group(client):
    body = client.get("/api/v1/denial-codes/204").json()
    assert (body["code"], body["group"], body["external_review"]) == ("204", None, False)


@pytest.mark.parametrize("typed", ["999", "CO-12345", "hello"])
def test_unknown_denial_code_is_404_with_help(client, typed):
    r = client.get(f"/api/v1/denial-codes/{typed}")
    assert r.status_code == 404
    body = r.json()
    assert body["code"] == "unknown_denial_code"
    assert "code" in body["message"].lower() and "No API endpoint" not in body["message"]


# --- OpenAPI and citations ---------------------------------------------------------------------


def test_openapi_documents_the_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/calc/units",
        "/api/v1/calc/deadlines",
        "/api/v1/calc/deadlines.ics",
        "/api/v1/calc/estimate",
        "/api/v1/denial-codes/{code}",
    } <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    assert "97124" in schemas["UnitLineIn"]["properties"]["code"]["enum"]
    assert schemas["EstimateRequest"]["properties"]["coinsurance"]["maximum"] == 1
    assert "description" in schemas["DeadlineOut"]["properties"]["advised"]
    assert "404" in spec["paths"]["/api/v1/denial-codes/{code}"]["get"]["responses"]


def test_openapi_uses_only_json_schema_keywords(client):
    text = client.get("/api/v1/openapi.json").text
    for stray in ('"ge":', '"le":', '"gt":', '"lt":'):
        assert stray not in text


def test_every_rule_citation_appears_in_api_output(client):
    outputs = [
        units(
            client,
            method="cms",
            lines=[{"code": "97124", "minutes": 30}, {"code": "97139", "minutes": 5}],
        ),
        units(client, method="per_code", lines=[{"code": "97124", "minutes": 30}]),
        estimate(client),
        client.get("/api/v1/denial-codes/PR-1"),
    ]
    outputs.append(deadlines(client, plan_type="employer", denial_date="2026-01-05"))
    for kind in ("managed", "state"):
        for final in (None, "2026-03-01"):
            outputs.append(
                deadlines(
                    client,
                    plan_type="medicaid",
                    medicaid_kind=kind,
                    denial_date="2026-01-05",
                    final_denial_date=final,
                )
            )
    outputs.append(deadlines(client, plan_type="medicare_advantage", denial_date="2026-01-05"))
    for plan in ("employer", "individual", "medicare"):
        for claim in ("post_service", "pre_service", "urgent"):
            outputs.append(deadlines(client, **{**FULL, "plan_type": plan, "claim_type": claim}))
            outputs.append(
                deadlines(
                    client,
                    **{
                        **FULL,
                        "plan_type": plan,
                        "claim_type": claim,
                        "filing_limit_days": 30,
                        "request_received_date": "2026-02-01",
                        "claim_received_date": None,
                    },
                )
            )
    text = json.dumps([r.json() for r in outputs], ensure_ascii=False)
    cites = {k: v for k, v in vars(sources).items() if k.startswith("CITE_")}
    missing = [k for k, v in cites.items() if str(v) not in text]
    assert not missing


# --- Never a 500: random bodies ----------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "97124",
            "2026-02-30",
            "2026-03-01",
            "0.3",
            "1e9",
            "-1",
            "out",
            "in",
            "cms",
            "employer",
            "urgent",
            "NaN",
        ]
    ),
)
_json = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_FIELDS = {
    "/api/v1/calc/units": ["method", "lines"],
    "/api/v1/calc/deadlines": [
        *FULL,
        "notice_days",
        "filing_limit_days",
        "appeal_levels",
        "request_received_date",
        "today",
    ],
    "/api/v1/calc/estimate": [
        "network",
        "deductible_remaining",
        "coinsurance",
        "copay",
        "oop_max_remaining",
        "visit_limit_remaining",
        "visits",
    ],
}
_line = st.fixed_dictionaries({"code": _scalars, "minutes": _scalars})
_visit = st.fixed_dictionaries({"billed": _scalars, "allowed": _scalars})


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(sorted(_FIELDS)), st.data())
def test_random_bodies_never_crash(client, path, data):
    keys = _FIELDS[path]
    body = data.draw(
        st.dictionaries(
            st.sampled_from(keys),
            st.one_of(_json, st.lists(_line, max_size=3), st.lists(_visit, max_size=3)),
            max_size=len(keys),
        )
    )
    r = client.post(path, json=body)
    assert r.status_code in (200, 422), r.text
