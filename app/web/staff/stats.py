"""Admins: where people stop in the wizard, for the last 7, 30 or 90 days."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.answers.search import Answerer
from app.core.clock import local_today
from app.core.i18n import NAMES, SUPPORTED
from app.present.ask import stat_label
from app.services.stats import (
    BAR_GAP,
    BAR_HEIGHT,
    CHART_WIDTH,
    WINDOWS,
    ask_stats,
    by_language,
    funnel_for,
    shown,
    shown_duration,
    shown_row,
    stop_bars,
)
from app.web.staff.deps import AdminDep, StaffRoute

router = APIRouter(route_class=StaffRoute)

LABEL_MAX = 60


def _label(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


@router.get("/stats", name="staff_stats")
def show_stats(ctx: AdminDep) -> Response:
    days_text = ctx.request.query_params.get("days", "30")
    days = int(days_text) if days_text.isdigit() and int(days_text) in WINDOWS else 30
    steps = [s for s in ctx.flow.tree.steps if not s.kind.is_terminal]
    labels = {s.id: _label(s.text) for s in steps}
    today = local_today(ctx.settings.clinic_timezone)
    conn = ctx.session.connection()
    funnel = funnel_for(conn, days, [s.id for s in steps], labels, today=today)
    bars = stop_bars(funnel)
    answers: Answerer = ctx.request.app.state.answers
    asked = ask_stats(conn, days, today=today)
    context = {
        "funnel": funnel,
        "languages": {lang: NAMES[lang] for lang in SUPPORTED},
        "by_language": by_language(conn, days, SUPPORTED, today=today),
        "asked": asked,
        "ask_label": lambda key: _label(stat_label(key, answers.cards)),
        "windows": WINDOWS,
        "shown": shown,
        "shown_row": shown_row,
        "duration": shown_duration,
        "bars": bars,
        "chart": {
            "width": CHART_WIDTH,
            "bar_height": BAR_HEIGHT,
            "height": len(bars) * (BAR_HEIGHT + BAR_GAP),
        },
    }
    return ctx.render("staff/stats.html", context)
