"""The "floor" for bench/http_bench.py: the textbook FastAPI + SQLModel + Jinja2 page.

A sync `def` route with a SQLModel Session dependency, one `session.get` of a row in a SQLite
file, a ~120-line autoescaped Jinja2 page (bench/floor_page.html) and Starlette's
GZipMiddleware. Any real page does at least this much, so a page of the app slower than
this one is paying for something the tutorial pattern does not.

Run: FLOOR_APP_DB=/tmp/floor.db uvicorn bench.floor_app:app (the table and its one row are
created at start-up; the default file is in the temp directory).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Field, Session, SQLModel, create_engine
from starlette.middleware.gzip import GZipMiddleware

HERE = Path(__file__).resolve().parent
DB_PATH = os.environ.get("FLOOR_APP_DB") or str(Path(tempfile.gettempdir()) / "floor-app.db")
engine = create_engine(f"sqlite:///{DB_PATH}", connect_args={"check_same_thread": False})
templates = Jinja2Templates(directory=HERE)  # autoescape is on for .html

CHOICES = [
    ("employer", "A plan from my job or a family member's job"),
    ("individual", "A plan I bought myself or on the Marketplace"),
    ("medicare", "Original Medicare (the red, white and blue card)"),
    ("medicare_advantage", "A Medicare Advantage plan (a private Medicare plan)"),
    ("medicaid", "Medicaid or a state plan"),
    ("not_sure", "I am not sure."),
]
TRANSCRIPT = [
    ("Where are you with your care right now?", "My claim was turned down."),
    ("What date is on the letter?", "November 3, 2026"),
    ("What reason does the letter give?", "The care was not needed for my health."),
]


class Question(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    text: str
    why: str
    help: str
    clinic: str


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        if session.get(Question, 1) is None:
            session.add(
                Question(
                    id=1,
                    text="What kind of health plan do you have?",
                    why="Each kind of plan has its own rules & deadlines.",
                    help="Your plan card can help. If you are not sure, that is fine.",
                    clinic="Example Massage & Pain Care <made-up>",
                )
            )
            session.commit()
    yield


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
app = FastAPI(lifespan=lifespan)
app.add_middleware(GZipMiddleware)


@app.get("/", response_class=HTMLResponse)
def question_page(request: Request, session: SessionDep) -> HTMLResponse:
    question = session.get(Question, 1)
    if question is None:
        raise HTTPException(status_code=404)
    return templates.TemplateResponse(
        request,
        "floor_page.html",
        {
            "question": question,
            "choices": CHOICES,
            "transcript": TRANSCRIPT,
            "picked": "employer",
        },
    )
