"""Admins: where people stop in the wizard, for the last 7, 30 or 90 days."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.core.db import SessionDep
from app.flows.schema import StepType
from app.services.staff_auth import AdminStaff
from app.services.stats import (
    BAR_GAP,
    BAR_HEIGHT,
    CHART_WIDTH,
    WINDOWS,
    funnel_for,
    shown,
    shown_duration,
    stop_bars,
)
from app.web.patient.deps import FlowDep
from app.web.staff.deps import StaffRoute, page

router = APIRouter(route_class=StaffRoute)

LABEL_MAX = 60


def _label(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


@router.get("/stats", name="staff_stats")
def show_stats(request: Request, session: SessionDep, flow: FlowDep, admin: AdminStaff) -> Response:
    days_text = request.query_params.get("days", "30")
    days = int(days_text) if days_text.isdigit() and int(days_text) in WINDOWS else 30
    steps = [s for s in flow.tree.steps if s.type != StepType.results]
    labels = {s.id: _label(s.text) for s in steps}
    funnel = funnel_for(session, days, [s.id for s in steps], labels)
    bars = stop_bars(funnel)
    context = {
        "funnel": funnel,
        "windows": WINDOWS,
        "shown": shown,
        "duration": shown_duration,
        "bars": bars,
        "chart": {
            "width": CHART_WIDTH,
            "bar_height": BAR_HEIGHT,
            "height": len(bars) * (BAR_HEIGHT + BAR_GAP),
        },
    }
    return page(request, "staff/stats.html", context)
