"""Patient tables. A case row holds no readable answer: only a hash and a sealed blob."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow


class PatientCase(SQLModel, table=True):
    """One patient's journey. `blob` is AES-GCM sealed JSON; its key lives only in the link."""

    __tablename__ = "patient_case"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    lookup_hash: str = Field(max_length=64, unique=True, index=True)
    scheme: int = Field(default=1, description="Version of the link/encryption scheme.")
    blob: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    revision: int = Field(default=0, description="Bumped on every save (for ETags).")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
