"""The staff side under /staff: sign-in, invites, clinic settings, embed, stats, staff, audit.

Each area lives in its own module under app/staff/web/; this router gathers them.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.core import htmx
from app.staff.web import account, invites, settings, stats, team

router = APIRouter(prefix="/staff", tags=["staff"])


@router.get("", include_in_schema=False, name="staff_home")
def staff_home(request: Request) -> Response:
    return htmx.see_other(request, account.HOME)


for area in (account, invites, settings, stats, team):
    router.include_router(area.router)
