"""Gather a document's inputs from the answers: deadlines and estimate via app.rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from app.core.i18n import DEFAULT
from app.documents.context import DocInputs, Header
from app.flows.engine import Flow, walk
from app.rules.estimate import Network
from app.rules.from_answers import (
    deadlines_from_answers,
    estimate_from_answers,
    units_from_answers,
)
from app.services.letters import LetterDetails


def doc_inputs(
    flow: Flow,
    answers: Mapping[str, Any],
    header: Header,
    *,
    letter: LetterDetails | None = None,
    checked: Sequence[str] = (),
    call_notes: Mapping[str, str] | None = None,
    call: Mapping[str, str] | None = None,
    call_added: Sequence[str] = (),
    today: date,
    network: Network = "out",
    lang: str = DEFAULT,
    english_flow: Flow | None = None,
) -> DocInputs:
    """Everything a document needs. Only answers on the current path are read."""
    active = walk(flow, answers).active
    report = deadlines_from_answers(active, today=today)
    return DocInputs(
        flow=flow,
        answers=answers,
        header=header,
        letter=letter or LetterDetails(),
        deadlines=report.deadlines,
        deadline_notes=report.notes,
        estimate=estimate_from_answers(active, network=network),
        units=units_from_answers(active),
        checked=tuple(checked),
        call_notes=dict(call_notes or {}),
        call=dict(call or {}),
        call_added=tuple(call_added),
        today=today,
        lang=lang,
        english_flow=english_flow,
    )
