"""What every cases API handler receives: one API context, or one with the opened case."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.core.clock import local_today
from app.core.db import Database
from app.flows.engine import Flow
from app.services.cases import CaseView, open_case
from app.services.clinic import ClinicInfo, ClinicSource
from app.web.api.errors import ApiProblem


class ApiContext:
    """One API request: the flow, the database, the clinic's settings and date."""

    def __init__(self, request: Request, clinic: ClinicInfo) -> None:
        self.request = request
        self.clinic = clinic
        self.flow: Flow = request.app.state.flow
        self.db: Database = request.app.state.db
        self.today = local_today(request.app.state.settings.clinic_timezone)


class ApiCase(ApiContext):
    """One API request on a case: adds the opened case."""

    def __init__(self, request: Request, clinic: ClinicInfo, view: CaseView) -> None:
        super().__init__(request, clinic)
        self.case = view


async def api_context(request: Request) -> ApiContext:
    source: ClinicSource = request.app.state.clinic
    return ApiContext(request, await source.get())


async def api_case(request: Request, token: str) -> ApiCase:
    api = await api_context(request)
    view = await api.db.run(open_case, token)
    if view is None:
        raise ApiProblem(
            404,
            "case_not_found",
            "No case matches this token. Check that the "
            "whole token was sent; cases are deleted once they expire.",
        )
    return ApiCase(request, api.clinic, view)


ContextDep = Annotated[ApiContext, Depends(api_context)]
CaseDep = Annotated[ApiCase, Depends(api_case)]
