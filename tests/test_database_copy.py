"""A copy of the database (file, WAL and shared memory, taken while the server runs) and the
server's log hold none of the distinctive values a patient and a staff member typed through
the real forms, nor the patient's or the invite's link."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import REAL_FLOW
from privacy_support import NOTE as NOTE_FIELD
from privacy_support import (
    Server,
    answer_everything,
    csrf_of,
    sign_in,
    start_with_admin,
)

from app.services.letters import LETTER_FIELDS

pytestmark = [pytest.mark.live, pytest.mark.slow]

FIRST_NAME = "Quillondra"
DENIAL_CODE = "ZQ-48817"
NOTE = "Spoke with Ysolde about the Varnholt appeal"
REP = "Thaddeus Pemberwick"
REFERENCE = "REF-7731904482"
LETTER = {key: f"Letterfield {key} Wexmoor-{i}19" for i, key in enumerate(LETTER_FIELDS)}
LETTER["date_of_birth"] = "1961-07-23"
LETTER["member_id"] = "MBR99231775"


def forms(text: str) -> list[bytes]:
    return [
        text.encode(),
        text.encode("utf-16-le"),
        text.lower().encode(),
        text.upper().encode(),
    ]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = start_with_admin(tmp_path, REAL_FLOW)
    yield running
    running.stop()


def test_a_copy_of_the_database_and_the_log_hold_nothing_typed(
    server: Server, tmp_path: Path
) -> None:
    admin = sign_in(server.url)
    token = csrf_of(admin.get("/staff/invites/new"))
    made = admin.post("/staff/invites", data={"csrf_token": token, "first_name": FIRST_NAME})
    invite = made.text.split("/i/")[1][:43]
    admin.close()
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as patient:
        welcome = patient.get(f"/i/{invite}")
        assert FIRST_NAME in welcome.text
        started = patient.post(f"/i/{invite}", data={"csrf_token": csrf_of(welcome)})
        assert started.status_code == 303
        case_token = started.headers["location"].split("/")[2]
        case = answer_everything(patient, DENIAL_CODE, case_token)
        results = patient.get(f"/c/{case}/results")
        assert DENIAL_CODE in results.text, "the link still opens everything"
        notes = dict.fromkeys(NOTE_FIELD.findall(results.text), NOTE)
        sheet = {"csrf_token": csrf_of(results), "rep_name": REP, "reference": REFERENCE}
        assert patient.post(f"/c/{case}/call-sheet", data={**sheet, **notes}).status_code == 303
        letters = {"csrf_token": csrf_of(results), **LETTER}
        assert patient.post(f"/c/{case}/letter-details", data=letters).status_code == 303
        assert REP in patient.get(f"/c/{case}/results").text
        assert LETTER["member_id"] in patient.get(f"/c/{case}/letter-details").text

    copy = tmp_path / "copy"
    copy.mkdir()
    for suffix in ("", "-wal", "-shm"):
        source = tmp_path / f"covnav.db{suffix}"
        if source.exists():
            shutil.copy(source, copy / source.name)
    server.stop()  # a clean stop writes out the access log's last lines
    raw = b"".join(p.read_bytes() for p in sorted(copy.iterdir()))
    assert b"patient_case" in raw and (copy / "covnav.db-wal").exists()
    log = server.log_text().encode()
    assert b"GET /c/[redacted]" in log, "the log is there and has patient lines"

    typed = [FIRST_NAME, DENIAL_CODE, NOTE, REP, REFERENCE, *LETTER.values(), case, invite]
    found = [
        (value, where)
        for value in typed
        for where, data in (("database", raw), ("log", log))
        if any(form in data for form in forms(value))
    ]
    assert found == []
