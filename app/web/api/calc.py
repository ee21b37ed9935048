"""JSON API for the calculators (units, deadlines, cost estimate, denial codes), /api/v1.

A clinic's own site can call it; the OpenAPI schema documents every field. Bad input is a
422 whose `detail` names each field and says why, in plain words (app.web.api.errors).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from app.core.clock import local_today
from app.core.config import Settings
from app.rules import denial_codes
from app.rules.calendar import MEDIA_TYPE, deadlines_ics
from app.rules.deadlines import (
    DeadlineInputs,
    DeadlineReport,
    compute_deadlines,
)
from app.rules.estimate import AMOUNT_KEYS, PlanTerms, Scenario, Visit, estimate
from app.rules.units import compare_methods
from app.web.api.calc_models import (
    AmountRange,
    Compared,
    DeadlineOut,
    DeadlinesRequest,
    DeadlinesResponse,
    DenialCodeOut,
    EstimateRequest,
    EstimateResponse,
    TotalsOut,
    UnitLineOut,
    UnitsRequest,
    UnitsResponse,
    VisitOut,
)
from app.web.api.errors import ApiProblem, ApiRoute, documented_errors
from app.web.deps import SettingsDep

router = APIRouter(prefix="/api/v1", tags=["calculators"], route_class=ApiRoute)


@router.post("/calc/units", response_model=UnitsResponse)
async def calc_units(body: UnitsRequest) -> UnitsResponse:
    """Billing units for one day's visit, by the chosen method, compared with the other."""
    both = compare_methods([(line.code, line.minutes) for line in body.lines])
    chosen, other = (both.cms, both.per_code) if body.method == "cms" else (both.per_code, both.cms)
    return UnitsResponse(
        method=chosen.method,
        total_minutes=chosen.total_minutes,
        total_units=chosen.total_units,
        timed_units=chosen.timed_units,
        lines=[
            UnitLineOut(code=x.code, minutes=x.minutes, units=x.units, timed=x.timed)
            for x in chosen.lines
        ],
        notes=[str(note) for note in (*chosen.notes, *both.notes)],  # English
        citation=chosen.citation,
        compared=Compared(method=other.method, total_units=other.total_units, same=both.same),
    )


def _report(body: DeadlinesRequest, settings: Settings) -> DeadlineReport:
    fields = body.model_dump(exclude={"today"})
    today = body.today or local_today(settings.clinic_timezone)
    return compute_deadlines(DeadlineInputs(**fields), today=today)


@router.post("/calc/deadlines", response_model=DeadlinesResponse)
async def calc_deadlines(body: DeadlinesRequest, settings: SettingsDep) -> DeadlinesResponse:
    """Every deadline whose dates are given, earliest first, each with its rule cited."""
    report = _report(body, settings)
    return DeadlinesResponse(
        deadlines=[
            DeadlineOut(
                **{
                    **vars(d),
                    "label": str(d.label),
                    "citation": str(d.citation),
                    "note": str(d.note),
                }
            )
            for d in report.deadlines
        ],
        notes=[str(note) for note in report.notes],
    )


@router.post(
    "/calc/deadlines.ics",
    response_class=Response,
    responses={
        200: {
            "content": {"text/calendar": {}},
            "description": "An .ics file: reminders a week before.",
        }
    },
)
async def calc_deadlines_ics(body: DeadlinesRequest, settings: SettingsDep) -> Response:
    """The same deadlines as an iCalendar file (advised dates only)."""
    return Response(
        deadlines_ics(_report(body, settings).deadlines),
        media_type=MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="deadlines.ics"'},
    )


def _pick(low: dict[str, Any], high: dict[str, Any]) -> dict[str, str | None]:
    return {k: (str(low[k]) if low[k] == high[k] else None) for k in low}


def _pair(low: dict[str, Any], high: dict[str, Any], ranged: bool) -> AmountRange | None:
    keys = ("billed", *AMOUNT_KEYS)
    return (
        AmountRange(low={k: str(low[k]) for k in keys}, high={k: str(high[k]) for k in keys})
        if ranged
        else None
    )


def _visits(low: Scenario, high: Scenario, ranged: bool) -> list[VisitOut]:
    keys = ("billed", *AMOUNT_KEYS)
    out = []
    for lv, hv in zip(low.visits, high.visits, strict=True):
        lo = {k: getattr(lv, k) for k in keys}
        hi = {k: getattr(hv, k) for k in keys}
        allowed = str(lv.allowed) if lv.allowed == hv.allowed else None
        out.append(
            VisitOut(
                **_pick(lo, hi),
                allowed=allowed,
                likely_denied=lv.likely_denied,
                range=_pair(lo, hi, ranged),
            )
        )
    return out


@router.post("/calc/estimate", response_model=EstimateResponse)
async def calc_estimate(body: EstimateRequest) -> EstimateResponse:
    """Cost per visit and in total. Unknown allowed amounts give a range, never a guess."""
    terms = PlanTerms(
        network=body.network,
        deductible_remaining=body.deductible_remaining,
        coinsurance=body.coinsurance,
        copay=body.copay,
        oop_max_remaining=body.oop_max_remaining,
        visit_limit_remaining=body.visit_limit_remaining,
    )
    result = estimate(terms, [Visit(v.billed, v.allowed) for v in body.visits])
    low, high, ranged = result.low, result.high, result.is_range
    return EstimateResponse(
        visits=_visits(low, high, ranged),
        totals=TotalsOut(
            **_pick(low.totals, high.totals), range=_pair(low.totals, high.totals, ranged)
        ),
        is_range=ranged,
        notes=[str(note) for note in result.notes],  # English
        citation=result.citation,
    )


@router.get("/denial-codes/{code}", response_model=DenialCodeOut, responses=documented_errors(404))
async def get_denial_code(code: str) -> DenialCodeOut:
    """What a denial code means, in plain words, and what to do next."""
    try:
        info = denial_codes.lookup(code)
    except denial_codes.UnknownDenialCode as exc:
        raise ApiProblem(404, "unknown_denial_code", str(exc)) from None
    fields = {k: v for k, v in vars(info).items() if k != "carc"}
    return DenialCodeOut(**{**fields, "citation": str(info.citation)})
