"""Dependencies every audience shares: plain reads of what the app built at start-up.

They are `async`: FastAPI runs a sync dependency on a worker thread, and that hop would
cost more than the read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from app.core.config import Settings
from app.core.db import Database
from app.flows.engine import Flow


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_flow(request: Request) -> Flow:
    flow: Flow = request.app.state.flow
    return flow


async def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_form(request: Request) -> AsyncIterator[FormData]:
    """The submitted form, closed after the response (uploads are spooled to temp files)."""
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
FlowDep = Annotated[Flow, Depends(get_flow)]
DbDep = Annotated[Database, Depends(get_db)]
FormDep = Annotated[FormData, Depends(get_form)]
