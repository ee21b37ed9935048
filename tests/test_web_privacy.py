"""Answers are sealed with a key only the link holds; the database alone reveals nothing."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import WizardClient
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlmodel import Session

from app.core.config import Settings
from app.core.crypto import PAD_TO, DecryptError, new_token, open_sealed, parse_token, seal
from app.flows.answers import AnswerError
from app.flows.engine import Flow
from app.models import PatientCase, table_of, utcnow
from app.services.call_sheet import NOTE_MAX, CallSheetError, save_call_sheet
from app.services.cases import (
    CaseGone,
    StepNotAvailable,
    create_case,
    delete_case,
    open_case,
    purge_expired,
    save_answer,
    set_checked,
    step_available,
)

SECRET_TEXTS = ["Zebracorp Mutual 7781", "Quixotic Rep Name", "REF-99887766", "Marlowe notes"]


def raw_database_bytes(settings: Settings) -> bytes:
    """The SQLite file and its WAL/SHM side files, as an attacker with a copy would see them."""
    base = Path(settings.sqlalchemy_url.removeprefix("sqlite:///"))
    return b"".join(
        p.read_bytes() for p in (base, Path(f"{base}-wal"), Path(f"{base}-shm")) if p.exists()
    )


def variants(text: str) -> list[bytes]:
    return [text.encode(), text.encode("utf-16-le"), text.lower().encode(), text.upper().encode()]


def test_raw_database_holds_no_answer_text(types_wizard: WizardClient) -> None:
    w = types_wizard
    w.start()
    w.answer(["manual"])
    w.answer(SECRET_TEXTS[0])
    w.answer("87.50")
    w.answer("50")
    results = w.answer("2026-03-04")
    assert w.url.endswith("/results"), results.text
    w.client.post(
        f"{w.case_path}/call-sheet",
        data={
            "csrf_token": w.csrf,
            "note_q_wrapup": SECRET_TEXTS[3],
            "rep_name": SECRET_TEXTS[1],
            "reference": SECRET_TEXTS[2],
            "call_date": "2026-03-05",
        },
    )
    w.client.post(f"{w.case_path}/check/keep_receipts", data={"csrf_token": w.csrf, "done": "1"})
    assert SECRET_TEXTS[0] in w.get(f"{w.case_path}/check").text, "the link still opens it"

    settings: Settings = w.client.app.state.settings  # type: ignore[attr-defined]
    raw = raw_database_bytes(settings)
    assert b"patient_case" in raw, "we are reading the right file"
    needles = [*SECRET_TEXTS, "87.50", "2026-03-04", "2026-03-05", "keep_receipts", "manual"]
    for needle in needles:
        for form in variants(needle):
            assert form not in raw, needle
    token = w.token.encode()
    assert token not in raw and base64.urlsafe_b64decode(w.token + "=") not in raw


def test_only_a_hash_of_the_link_id_is_stored(wizard: WizardClient, app: FastAPI) -> None:
    wizard.start()
    parsed = parse_token(wizard.token)
    assert parsed is not None
    with Session(app.state.db.engine) as session:
        row = session.exec(select(PatientCase)).scalars().one()
    assert row.lookup_hash == parsed.lookup_hash
    assert row.lookup_hash != wizard.token and len(row.lookup_hash) == 64
    assert parsed.secret not in row.blob and parsed.lookup_id not in row.blob


def test_tokens_have_256_random_bits_and_parse_strictly() -> None:
    tokens = {new_token().text for _ in range(200)}
    assert len(tokens) == 200
    token = next(iter(tokens))
    assert len(token) == 43 and parse_token(token) is not None
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    for bad in ["", "abc", token[:-1], token + "A", token[:-1] + "!", "é" * 43]:
        assert parse_token(bad) is None, bad


def test_sealed_blobs_need_the_right_link_and_are_padded() -> None:
    token, other = new_token(), new_token()
    blob = seal(token, {"answers": {"a": "x"}})
    assert open_sealed(token, blob) == {"answers": {"a": "x"}}
    with pytest.raises(DecryptError):
        open_sealed(other, blob)
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(DecryptError):
        open_sealed(token, tampered)
    short, long = seal(token, {"a": "x"}), seal(token, {"a": "x" * 200})
    assert len(short) == len(long), "padding hides the length of short answers"
    assert (len(short) - 12 - 16) % PAD_TO == 0


def test_blobs_cannot_be_swapped_between_cases(app: FastAPI) -> None:
    cases = table_of(PatientCase)
    with app.state.db.connect() as conn:
        first, second = create_case(conn), create_case(conn)
        blobs = dict(conn.execute(select(cases.c.id, cases.c.blob)).all())
        for mine, theirs in ((first, second), (second, first)):
            conn.execute(
                update(cases).where(cases.c.id == mine.case_id).values(blob=blobs[theirs.case_id])
            )
        conn.commit()
        assert open_case(conn, first.token.text) is None
        assert open_case(conn, second.token.text) is None


# --- The service layer the JSON API reuses -----------------------------------------------------


def test_service_layer_round_trip(app: FastAPI) -> None:
    flow: Flow = app.state.flow
    with app.state.db.connect() as session:
        created = create_case(session)
        token = created.token.text
        view = open_case(session, token)
        assert view is not None and view.case_id == created.case_id and view.revision == 0
        view = save_answer(session, view, flow, "stage", "planning")
        assert view.revision == 1 and view.data.answers == {"stage": "planning"}
        with pytest.raises(AnswerError):
            save_answer(session, view, flow, "plan_type", "perhaps")
        with pytest.raises(StepNotAvailable):
            save_answer(session, view, flow, "denial_date", "2026-01-01")
        view = set_checked(session, view, flow, "call_insurer", True)
        with pytest.raises(LookupError):
            set_checked(session, view, flow, "nope", True)
        with pytest.raises(CallSheetError) as too_long:  # never cut without a word
            save_call_sheet(session, view, flow, {"q_wrapup": "x" * (NOTE_MAX + 10)}, {})
        assert list(too_long.value.errors) == ["note_q_wrapup"]
        view = save_call_sheet(
            session,
            view,
            flow,
            {"q_wrapup": "x" * NOTE_MAX, "nope": "y"},
            {"rep_name": "Al"},
        )
        again = open_case(session, token)
        assert again is not None and again.revision == 3
        assert again.data.checked == ["call_insurer"]
        assert again.data.call_notes == {"q_wrapup": "x" * NOTE_MAX}
        assert again.data.call == {"rep_name": "Al"}
        assert step_available(flow, again.data.answers, "plan_type")
        assert not step_available(flow, again.data.answers, "results")
        delete_case(session, again)
        assert open_case(session, token) is None


def test_every_save_slides_the_expiry_and_purge_removes_old_cases(app: FastAPI) -> None:
    flow: Flow = app.state.flow
    long_ago = utcnow() - timedelta(days=80)
    with app.state.db.connect() as session:
        token = create_case(session, retention_days=90, now=long_ago).token.text
        view = open_case(session, token)
        assert view is not None
        view = save_answer(session, view, flow, "stage", "planning", retention_days=90)
        assert view.expires_at > utcnow() + timedelta(days=89)
        old = create_case(session, retention_days=1, now=long_ago).token.text
        assert purge_expired(session) == 1
        assert open_case(session, token) is not None
        assert open_case(session, old) is None


def test_saves_from_two_devices_at_once_are_both_kept(app: FastAPI) -> None:
    """Each device read the case before the other saved: the later save is re-applied."""
    flow: Flow = app.state.flow
    with app.state.db.connect() as session:
        token = create_case(session).token.text
        phone, laptop = open_case(session, token), open_case(session, token)
        assert phone is not None and laptop is not None
        save_answer(session, phone, flow, "stage", "planning")
        set_checked(session, laptop, flow, "call_insurer", True)  # laptop's view is stale
        save_call_sheet(session, laptop, flow, {}, {"rep_name": "Al"})  # staler still
        now = open_case(session, token)
        assert now is not None and now.revision == 3
        assert now.data.answers == {"stage": "planning"}
        assert now.data.checked == ["call_insurer"] and now.data.call == {"rep_name": "Al"}


def test_saving_to_a_case_deleted_meanwhile_says_so(app: FastAPI) -> None:
    flow: Flow = app.state.flow
    with app.state.db.connect() as session:
        token = create_case(session).token.text
        view = open_case(session, token)
        assert view is not None
        delete_case(session, view)
        with pytest.raises(CaseGone):
            save_answer(session, view, flow, "stage", "planning")
