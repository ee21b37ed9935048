"""Clinic settings: validated values stored in the database, over the environment defaults.

Pages get the clinic from `ClinicSource`: one small query, kept for a few seconds, so a
change on the settings page reaches this instance at once and every other instance within
CACHE_SECONDS, without a restart.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from sqlalchemy import Connection, select
from sqlalchemy.orm import defer
from sqlmodel import Session

from app.core.clock import utcnow
from app.core.config import Settings
from app.core.db import Database
from app.models import ClinicSettings, table_of
from app.services import clinic_fields as check

DEFAULT_INVITE_DAYS = 30
BRAND_COLOUR = "#0f5c63"  # app.css --brand, used when no accent colour is saved
SETTINGS_ID = 1
SETTINGS = table_of(ClinicSettings)
CACHE_SECONDS = 2.0

log = logging.getLogger("app.services.clinic")


class NetworkEntry(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    insurer: str = Field(min_length=1, max_length=80)
    status: Literal["in_network", "out_of_network"]


class ClinicValues(BaseModel):
    """Everything on the settings page except the logo. Blank means "use the default"."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore", frozen=True)

    clinic_name: str = Field(default="", max_length=120)
    address: str = Field(default="", max_length=300)
    phone: Annotated[str, AfterValidator(check.phone)] = ""
    email: Annotated[str, Field(max_length=254), AfterValidator(check.email)] = ""
    website: Annotated[str, Field(max_length=300), AfterValidator(check.website)] = ""
    npi: Annotated[str, AfterValidator(check.npi)] = ""
    tax_id: Annotated[str, AfterValidator(check.tax_id)] = ""
    default_fee: Annotated[str, AfterValidator(check.money)] = ""
    default_session_minutes: int | None = None
    cpt_codes: list[str] = Field(default_factory=list)
    network: list[NetworkEntry] = Field(default_factory=list, max_length=50)
    accent_colour: Annotated[str, AfterValidator(check.colour)] = ""
    retention_days: int | None = None
    invite_days: int | None = None
    embed_origins: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("default_session_minutes", mode="before")
    @classmethod
    def _minutes(cls, value: object) -> int | None:
        return check.whole_number(_text(value), 5, 240)

    @field_validator("retention_days", mode="before")
    @classmethod
    def _retention(cls, value: object) -> int | None:
        return check.whole_number(_text(value), 1, 3650)

    @field_validator("invite_days", mode="before")
    @classmethod
    def _invite_days(cls, value: object) -> int | None:
        return check.whole_number(_text(value), 1, 365)

    @field_validator("cpt_codes")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if c not in check.CPT_CODES]
        if unknown:
            raise ValueError(f"Unknown code {unknown[0]}; pick from the list.")
        return [c for c in check.CPT_CODES if c in value]

    @field_validator("embed_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(check.origin(v) for v in value if v.strip()))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _row(session: Session) -> ClinicSettings | None:
    """The settings row without the logo's bytes, which only the logo route needs."""
    lazy_logo = defer(ClinicSettings.logo)  # type: ignore[arg-type]
    return session.get(ClinicSettings, SETTINGS_ID, options=[lazy_logo])


def load_values(session: Session) -> ClinicValues:
    row = _row(session)
    return ClinicValues() if row is None else parse_values(row.data or "{}")


@lru_cache(maxsize=8)
def parse_values(data: str) -> ClinicValues:
    """The stored JSON, checked (every page reads it; the text rarely changes)."""
    try:
        return ClinicValues.model_validate(json.loads(data))
    except (ValueError, ValidationError):
        return ClinicValues()


def save_values(session: Session, values: ClinicValues) -> list[str]:
    """Store the values; returns the names of the fields that changed (for the audit log)."""
    row = _row(session) or ClinicSettings(id=SETTINGS_ID)
    before = load_values(session).model_dump(mode="json")
    after = values.model_dump(mode="json")
    changed = [name for name in after if before.get(name) != after[name]]
    row.data = json.dumps(after, sort_keys=True)
    row.updated_at = utcnow()
    session.add(row)
    session.commit()
    return changed


def save_logo(session: Session, content: bytes | None, content_type: str | None) -> None:
    row = _row(session) or ClinicSettings(id=SETTINGS_ID)
    row.logo, row.logo_type, row.updated_at = content, content_type, utcnow()
    session.add(row)
    session.commit()


def _version(updated_at: datetime) -> str:
    """A tag that changes whenever the logo may have."""
    return updated_at.strftime("%Y%m%d%H%M%S%f")


def read_logo(conn: Connection) -> tuple[bytes, str, str] | None:
    """(content, content type, version tag), or None when there is no logo."""
    row = conn.execute(
        select(SETTINGS.c.logo, SETTINGS.c.logo_type, SETTINGS.c.updated_at).where(
            SETTINGS.c.id == SETTINGS_ID
        )
    ).first()
    if row is None or not row.logo or not row.logo_type:
        return None
    return bytes(row.logo), row.logo_type, _version(row.updated_at)


@dataclass(frozen=True)
class ClinicInfo:
    """Clinic details as pages should show them: database first, then the environment."""

    name: str
    address: str
    phone: str
    email: str
    website: str
    npi: str
    tax_id: str
    default_fee: str
    default_session_minutes: int | None
    cpt_codes: tuple[str, ...]
    network: tuple[NetworkEntry, ...]
    accent_colour: str
    retention_days: int
    invite_days: int
    embed_origins: tuple[str, ...]
    logo_url: str | None
    frame_ancestors: str  # the CSP source list of sites allowed to frame patient pages

    @property
    def button_colour(self) -> str:
        return self.accent_colour or BRAND_COLOUR

    @property
    def theme_url(self) -> str | None:
        """/clinic/theme.css with a version, when an accent colour is saved."""
        return f"/clinic/theme.css?v={self.accent_colour[1:]}" if self.accent_colour else None

    @property
    def in_network_with(self) -> tuple[str, ...]:
        return tuple(n.insurer for n in self.network if n.status == "in_network")

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")

    @property
    def npi_masked(self) -> str:
        return check.mask(self.npi)

    @property
    def tax_id_masked(self) -> str:
        return check.mask(self.tax_id)


# ClinicValues field -> the environment Settings attribute that supplies its default.
ENV_DEFAULTS: dict[str, str] = {
    "clinic_name": "clinic_name",
    "address": "clinic_address",
    "phone": "clinic_phone",
    "email": "clinic_email",
    "website": "clinic_website",
    "npi": "clinic_npi",
    "tax_id": "clinic_tax_id",
    "default_fee": "clinic_default_fee",
    "default_session_minutes": "clinic_session_minutes",
    "retention_days": "case_retention_days",
    "invite_days": "invite_days",
}


def build_clinic(values: ClinicValues, logo: str | None, settings: Settings) -> ClinicInfo:
    """The clinic as pages show it: saved values first, then the environment's defaults."""

    def pick(field: str) -> Any:
        own = getattr(values, field)
        if own not in ("", None):
            return own
        env = getattr(settings, ENV_DEFAULTS.get(field, "-"), None)
        return env if env not in ("", None) else None

    fee = pick("default_fee")
    return ClinicInfo(
        name=str(pick("clinic_name") or "Your clinic"),
        address=str(pick("address") or ""),
        phone=str(pick("phone") or ""),
        email=str(pick("email") or ""),
        website=str(pick("website") or ""),
        npi=str(pick("npi") or ""),
        tax_id=str(pick("tax_id") or ""),
        default_fee="" if fee is None else str(fee),
        default_session_minutes=_int_or_none(pick("default_session_minutes")),
        cpt_codes=tuple(values.cpt_codes),
        network=tuple(values.network)
        or tuple(
            NetworkEntry(insurer=name, status="in_network")
            for name in settings.clinic_in_network_with
        ),
        accent_colour=values.accent_colour,
        retention_days=_int_or_none(pick("retention_days")) or settings.case_retention_days,
        invite_days=_int_or_none(pick("invite_days")) or DEFAULT_INVITE_DAYS,
        embed_origins=tuple(values.embed_origins),
        logo_url=f"/clinic/logo?v={logo}" if logo else None,
        frame_ancestors=" ".join(values.embed_origins) or settings.frame_ancestors,
    )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in ("", None) else None
    except (TypeError, ValueError):
        return None


_ROW = select(SETTINGS.c.data, SETTINGS.c.logo_type, SETTINGS.c.updated_at).where(
    SETTINGS.c.id == SETTINGS_ID
)


def read_clinic(conn: Connection, settings: Settings) -> ClinicInfo:
    """The clinic from one small query (the logo's bytes stay in the database)."""
    row = conn.execute(_ROW).first()
    if row is None:
        return build_clinic(ClinicValues(), None, settings)
    version = _version(row.updated_at) if row.logo_type else None
    return build_clinic(parse_values(row.data or "{}"), version, settings)


def get_clinic(session: Session, settings: Settings) -> ClinicInfo:
    """The clinic as saved right now, for staff pages (no cache: they show what was saved)."""
    return read_clinic(session.connection(), settings)


class ClinicSource:
    """The clinic for each request: one query at most every CACHE_SECONDS per instance."""

    def __init__(self, db: Database, settings: Settings, ttl: float = CACHE_SECONDS) -> None:
        self.db, self.settings, self.ttl = db, settings, ttl
        self._clinic: ClinicInfo | None = None
        self._until = 0.0

    async def get(self) -> ClinicInfo:
        if self._clinic is None or time.monotonic() >= self._until:
            self._clinic = await self.db.run(read_clinic, self.settings)
            self._until = time.monotonic() + self.ttl
        return self._clinic

    def fallback(self) -> ClinicInfo:
        """The last clinic read, else the environment's (for an error page when the database
        itself is failing)."""
        return self._clinic or build_clinic(ClinicValues(), None, self.settings)

    def invalidate(self) -> None:
        """Forget the cached clinic (after this instance saved new settings)."""
        self._clinic = None
