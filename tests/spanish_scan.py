"""Read every patient page of every persona in Spanish and list the English left on them.

Used by tests/test_i18n_no_english.py, and by hand while translating:

    .venv/bin/python tests/spanish_scan.py            # every sentence, most frequent first
    .venv/bin/python tests/spanish_scan.py results    # only pages whose path has "results"

Text marked `lang="en"` is left out: that is the English a Spanish page keeps on purpose
(a letter meant for a US insurer, the words to say on the phone).
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script
    sys.path.insert(0, str(HERE))

from english_words import english_sentences  # noqa: E402
from personas import PERSONAS, Persona  # noqa: E402
from samples import auto_answers  # noqa: E402

from app.services.cases import create_case, open_case, save_answer  # noqa: E402

PAGES = ("results", "print", "check", "letter-details", "superbill")


def visible(html: str) -> str:
    """The words a Spanish reader gets, without the parts marked as English on purpose."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    for tag in soup.select('[lang="en"]'):
        tag.decompose()
    return soup.get_text("\n")


def calendar_text(body: bytes) -> str:
    events = Calendar.from_ical(body).walk("VEVENT")
    return "\n".join(f"{e.get('SUMMARY')}\n{e.get('DESCRIPTION')}" for e in events)


def spanish_case(app: FastAPI, persona: Persona) -> str:
    """A finished case with the persona's answers, in Spanish; returns its link token."""
    flow = app.state.flow
    with app.state.db.connect() as session:
        token = create_case(session).token.text
        view = open_case(session, token)
        assert view is not None
        for step_id, value in auto_answers(flow, persona.prefs).items():
            view = save_answer(session, view, flow, step_id, value)
    return token


def pages_of(client: TestClient, token: str) -> Iterable[tuple[str, str]]:
    """(path, visible Spanish text) of each page and paper of one case."""
    base = f"/c/{token}"
    results = client.get(f"{base}/results?lang=es")
    docs = sorted(set(re.findall(rf"{base}/docs/(\w+)", results.text)))
    for path in [*PAGES, *(f"docs/{doc}" for doc in docs)]:
        response = client.get(f"{base}/{path}?lang=es")
        if response.status_code == 200:
            yield path, visible(response.text)
    # Each question page of the case: its transcript shows the replies after the answers.
    check = client.get(f"{base}/check?lang=es")
    for step_id in dict.fromkeys(re.findall(rf"{base}/step/(\w+)", check.text)):
        response = client.get(f"{base}/step/{step_id}?lang=es")
        if response.status_code == 200:
            yield f"step/{step_id}", visible(response.text)
    ics = client.get(f"{base}/deadlines.ics?lang=es")
    if ics.status_code == 200:
        yield "deadlines.ics", calendar_text(ics.content)


def english_left(
    app: FastAPI, client: TestClient, personas: Iterable[Persona] = PERSONAS, only: str = ""
) -> dict[str, tuple[int, str]]:
    """Each English sentence found: (how many pages show it, the first persona and page)."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for persona in personas:
        token = spanish_case(app, persona)
        for path, text in pages_of(client, token):
            if only not in path:
                continue
            for sentence in english_sentences(text):
                counts[sentence] += 1
                first.setdefault(sentence, f"{persona.name} {path}")
    return {s: (n, first[s]) for s, n in counts.most_common()}


def main(argv: list[str]) -> int:
    from conftest import REAL_FLOW, make_settings

    from app.core.migrations import migrate
    from app.main import create_app

    with tempfile.TemporaryDirectory() as tmp:
        migrate(f"sqlite:///{Path(tmp) / 'covnav.db'}")
        app = create_app(make_settings(Path(tmp), REAL_FLOW))
        with TestClient(app) as client:
            found = english_left(app, client, only=argv[0] if argv else "")
    for sentence, (count, where) in found.items():
        print(f"{count:4}  [{where}]  {sentence}")
    print(f"{len(found)} English sentences", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
