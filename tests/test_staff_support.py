"""Helpers for the staff tests (imported by tests/test_staff_*.py; holds no tests itself)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.core.passwords import hash_password
from app.models import AuditEvent, StaffUser

PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def prepare(app: FastAPI) -> FastAPI:
    """The app as create_app() built it: staff routes mounted, staff tables migrated."""
    app.url_path_for("staff_login")  # raises if the staff routes are missing
    app.url_path_for("open_invite", token="t")
    with Session(app.state.db.engine) as session:
        session.exec(select(StaffUser)).first()  # the table exists
    return app


def add_staff(
    app: FastAPI,
    email: str,
    *,
    admin: bool = False,
    active: bool = True,
    password: str = PASSWORD,
) -> int:
    with Session(app.state.db.engine) as session:
        user = StaffUser(
            email=email, password_hash=hash_password(password), is_admin=admin, is_active=active
        )
        session.add(user)
        session.commit()
        assert user.id is not None
        return user.id


def audit_rows(app: FastAPI) -> list[AuditEvent]:
    with Session(app.state.db.engine) as session:
        return list(session.exec(select(AuditEvent)).all())


@dataclass
class Staff:
    """A browser-like staff session over TestClient: keeps the CSRF token of the last page."""

    client: TestClient
    csrf: str = ""

    def get(self, url: str) -> httpx.Response:
        response = self.client.get(url)
        if match := CSRF_FIELD.search(response.text):
            self.csrf = match.group(1)
        return response

    def post(
        self, url: str, data: dict[str, str | list[str]] | None = None, **kwargs: object
    ) -> httpx.Response:
        if not self.csrf:
            self.get("/staff/login")
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(url, data=form, **kwargs)  # type: ignore[arg-type]

    def login(self, email: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/staff/login")
        return self.post("/staff/login", {"email": email, "password": password})
