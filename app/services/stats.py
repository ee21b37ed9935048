"""Drop-off statistics from daily counters: how many reached, answered and left each step.

Nothing stored names a case, an invite or a link: each row is "on this day, this many
patients (in this language) reached step X". So the table cannot be joined into one
patient's path. Counts are written when a patient answers (never on a plain page view).
Every count under SMALL is shown as "fewer than 5", also after any split.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import Connection, Insert, func, select
from sqlalchemy.dialects import postgresql, sqlite

from app.models import FunnelCount, table_of

COUNTS = table_of(FunnelCount)
SMALL = 5
SMALL_TEXT = "fewer than 5"
WINDOWS = (7, 30, 90)
# Time on a step is kept as a histogram: bucket N holds answers given within EDGES[N] seconds.
TIME_EDGES = (10, 20, 30, 60, 120, 300, 600)
TIME_PREFIX = "time:"
KEY = ("day", "step_id", "kind", "lang")


class Kind(StrEnum):
    started = "started"
    reached = "reached"
    answered = "answered"
    results = "results"
    printed = "printed"
    downloaded = "downloaded"
    asked = "asked"  # the ask box answered; step_id holds the card's id
    unanswered = "unanswered"  # it did not; step_id holds the topic, never the question


def time_bucket(seconds: float) -> int:
    """The histogram bucket of a time on a step (the last bucket holds anything longer)."""
    for index, edge in enumerate(TIME_EDGES):
        if seconds <= edge:
            return index
    return len(TIME_EDGES)


@dataclass(frozen=True)
class Bump:
    """One counter to add one to."""

    kind: str
    step_id: str = ""


def bump(conn: Connection, bumps: Iterable[Bump], *, day: date, lang: str = "en") -> None:
    """Add one to each counter (an upsert each); the caller commits."""
    for item in bumps:
        values = {"day": day, "step_id": item.step_id[:60], "kind": item.kind, "lang": lang, "n": 1}
        conn.execute(_upsert(conn.dialect.name).values(**values))


def _upsert(dialect: str) -> Insert:
    """INSERT ... ON CONFLICT DO UPDATE n = n + 1, which both SQLite and PostgreSQL know."""
    if dialect == "postgresql":
        pg = postgresql.insert(COUNTS)
        return pg.on_conflict_do_update(index_elements=KEY, set_={"n": COUNTS.c.n + pg.excluded.n})
    lite = sqlite.insert(COUNTS)
    return lite.on_conflict_do_update(index_elements=KEY, set_={"n": COUNTS.c.n + lite.excluded.n})


def count(conn: Connection, kind: Kind, *, day: date, step_id: str = "", lang: str = "en") -> None:
    """Count one event and commit (documents printed or downloaded, cases started)."""
    bump(conn, [Bump(kind, step_id)], day=day, lang=lang)
    conn.commit()


@dataclass(frozen=True)
class StepRow:
    step_id: str
    label: str
    reached: int
    answered: int
    stopped: int
    median_bucket: int | None


@dataclass(frozen=True)
class Funnel:
    days: int
    started: int
    reached_results: int
    printed: int
    downloaded: int
    steps: tuple[StepRow, ...]

    @property
    def printed_or_downloaded(self) -> int:
        return self.printed + self.downloaded


def shown(number: int) -> str:
    """A count as the page shows it."""
    return SMALL_TEXT if number < SMALL else f"{number:,}"


def shown_split(cells: Mapping[str, int]) -> dict[str, str]:
    """One split of a count (by language, by day, by outcome) as the page may show it.

    Every cell under SMALL is hidden, and when exactly one is hidden, the next smallest is
    hidden too: a hidden cell could otherwise be worked out by subtracting the shown ones from
    the total (12 started, 9 in English: 3 in Spanish).
    """
    hidden = {key for key, n in cells.items() if n < SMALL}
    if len(hidden) == 1 and len(cells) > 1:
        rest = sorted((n, key) for key, n in cells.items() if key not in hidden)
        hidden.add(rest[0][1])
    return {key: SMALL_TEXT if key in hidden else f"{n:,}" for key, n in cells.items()}


def shown_row(row: StepRow) -> dict[str, str]:
    """A step's reached / answered / stopped as shown: reached splits into answered and
    stopped, so one of those is never shown alone beside a hidden other."""
    split = shown_split({"answered": row.answered, "stopped": row.stopped})
    return {"reached": shown(row.reached), **split}


def shown_duration(bucket: int | None) -> str:
    """A median time bucket in words."""
    if bucket is None:
        return "not enough data"
    if bucket >= len(TIME_EDGES):
        return f"over {_seconds(TIME_EDGES[-1])}"
    low = TIME_EDGES[bucket - 1] if bucket else 0
    return f"{_seconds(low)} to {_seconds(TIME_EDGES[bucket])}"


def _seconds(value: int) -> str:
    return f"{value} s" if value < 90 else f"{value // 60} min"


def median_bucket(histogram: Mapping[int, int]) -> int | None:
    """The bucket holding the median; None with fewer than SMALL answers behind it."""
    total = sum(histogram.values())
    if total < SMALL:
        return None
    running = 0
    for bucket in sorted(histogram):
        running += histogram[bucket]
        if running * 2 >= total:
            return bucket
    return None  # pragma: no cover


def load_counts(
    conn: Connection, since: date, lang: str | None = None
) -> dict[tuple[str, str], int]:
    """Sum of each (kind, step) counter from `since` on, optionally for one language."""
    query = (
        select(COUNTS.c.kind, COUNTS.c.step_id, func.sum(COUNTS.c.n))
        .where(COUNTS.c.day >= since)
        .group_by(COUNTS.c.kind, COUNTS.c.step_id)
    )
    if lang is not None:
        query = query.where(COUNTS.c.lang == lang)
    return {(kind, step): int(total) for kind, step, total in conn.execute(query)}


def aggregate(
    counts: Mapping[tuple[str, str], int],
    step_order: Sequence[str],
    labels: Mapping[str, str] | None = None,
    days: int = 30,
) -> Funnel:
    """Per step: reached, answered, stopped there (reached but not answered), median time."""
    labels = labels or {}
    times: dict[str, dict[int, int]] = defaultdict(dict)
    seen: set[str] = set()
    for (kind, step), total in counts.items():
        if kind.startswith(TIME_PREFIX):
            times[step][int(kind.removeprefix(TIME_PREFIX))] = total
        elif kind in (Kind.reached, Kind.answered):
            seen.add(step)
    order = list(step_order) + sorted(seen - set(step_order))
    rows = []
    for step in order:
        reached = counts.get((Kind.reached, step), 0)
        answered = counts.get((Kind.answered, step), 0)
        rows.append(
            StepRow(
                step,
                labels.get(step, step),
                reached,
                answered,
                max(reached - answered, 0),
                median_bucket(times[step]),
            )
        )
    return Funnel(
        days=days,
        started=counts.get((Kind.started, ""), 0),
        reached_results=counts.get((Kind.results, ""), 0),
        printed=counts.get((Kind.printed, ""), 0),
        downloaded=counts.get((Kind.downloaded, ""), 0),
        steps=tuple(rows),
    )


def funnel_for(
    conn: Connection,
    days: int,
    step_order: Sequence[str],
    labels: Mapping[str, str] | None = None,
    *,
    today: date,
    lang: str | None = None,
) -> Funnel:
    since = today - timedelta(days=days - 1)
    return aggregate(load_counts(conn, since, lang), step_order, labels, days)


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: float


BAR_HEIGHT = 14
BAR_GAP = 30
CHART_WIDTH = 360


def stop_bars(funnel: Funnel) -> list[Bar]:
    """Bars for 'stopped here' per step; suppressed counts get no bar, only the words."""
    texts = [shown_row(row)["stopped"] for row in funnel.steps]
    visible = [r.stopped for r, t in zip(funnel.steps, texts, strict=True) if t != SMALL_TEXT]
    top = max(visible, default=0)
    bars = []
    for i, (row, text) in enumerate(zip(funnel.steps, texts, strict=True)):
        width = CHART_WIDTH * row.stopped / top if top and text != SMALL_TEXT else 0.0
        bars.append(Bar(row.label, text, i * (BAR_HEIGHT + BAR_GAP), width))
    return bars


# --- By language ----------------------------------------------------------------------

LANGUAGE_ROWS: tuple[tuple[str, tuple[Kind, ...]], ...] = (
    ("Started", (Kind.started,)),
    ("Reached their results", (Kind.results,)),
    ("Documents printed or downloaded", (Kind.printed, Kind.downloaded)),
)


def by_language(
    conn: Connection, days: int, langs: Sequence[str], *, today: date
) -> list[tuple[str, dict[str, str]]]:
    """The totals split by the patient's language, as the page may show them: each row's
    small cells hidden with `shown_split`, so no language's count can be worked out."""
    kinds = [kind for _, row in LANGUAGE_ROWS for kind in row]
    query = (
        select(COUNTS.c.kind, COUNTS.c.lang, func.sum(COUNTS.c.n))
        .where(COUNTS.c.day >= today - timedelta(days=days - 1))
        .where(COUNTS.c.kind.in_(kinds), COUNTS.c.step_id == "")
        .group_by(COUNTS.c.kind, COUNTS.c.lang)
    )
    found: dict[tuple[str, str], int] = {
        (kind, lang): int(total) for kind, lang, total in conn.execute(query)
    }
    return [
        (label, shown_split({lang: sum(found.get((k, lang), 0) for k in row) for lang in langs}))
        for label, row in LANGUAGE_ROWS
    ]


# --- The ask box ------------------------------------------------------------------------


@dataclass(frozen=True)
class AskStats:
    """How the ask box did: which answers were shown, and what went unanswered, by topic."""

    days: int
    answered: int
    unanswered: int
    top_answers: tuple[tuple[str, int], ...]  # (card id, count), most first
    top_unanswered: tuple[tuple[str, int], ...]  # (topic id, count), most first


def count_ask(conn: Connection, *, answered: bool, key: str, day: date, lang: str = "en") -> None:
    """Count one question: the card that answered it, or the topic it went unanswered
    under. The question itself is never passed here, so it cannot be stored."""
    bump(conn, [Bump(Kind.asked if answered else Kind.unanswered, key)], day=day, lang=lang)
    conn.commit()


def ask_stats(conn: Connection, days: int, *, today: date, top: int = 10) -> AskStats:
    counts = load_counts(conn, today - timedelta(days=days - 1))

    def ranked(kind: Kind) -> tuple[tuple[str, int], ...]:
        rows = [(key, n) for (k, key), n in counts.items() if k == kind]
        return tuple(sorted(rows, key=lambda row: (-row[1], row[0]))[:top])

    return AskStats(
        days,
        sum(n for (k, _), n in counts.items() if k == Kind.asked),
        sum(n for (k, _), n in counts.items() if k == Kind.unanswered),
        ranked(Kind.asked),
        ranked(Kind.unanswered),
    )
