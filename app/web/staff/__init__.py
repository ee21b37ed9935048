"""The staff side under /staff: sign-in, invites, clinic settings, embed, stats, team, audit.

Each area is its own router module; this package gathers them under one prefix.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.core import htmx
from app.web.staff import account, invites, settings, stats, team

router = APIRouter(prefix="/staff", tags=["staff"])
for area in (account, invites, settings, stats, team):
    router.include_router(area.router)


@router.get("", include_in_schema=False, name="staff_home")
def staff_home(request: Request) -> Response:
    return htmx.see_other(request, account.HOME)
