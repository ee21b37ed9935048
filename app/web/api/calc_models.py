"""The calculator API's requests and answers (app.web.api.calc): each field, its limits and
its description in the OpenAPI schema, and the checks that give a bad field its plain message.
"""

from __future__ import annotations

from datetime import date
from datetime import date as CalendarDate
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from app.rules.deadlines import (
    AfterAppeal,
    ClaimType,
    MedicaidKind,
    PlanType,
)
from app.rules.estimate import Network
from app.rules.units import KNOWN_CODES, Method, check_code

EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)


MAX_MONEY = Decimal("1000000")


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a number, not true or false")
    return value


def _exact(value: Any) -> Any:
    """Refuse true/false; read a JSON float by its digits, so 0.1 stays exactly 0.1."""
    return str(value) if isinstance(_no_bool(value), float) else value


def _iso_date(value: Any) -> Any:
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError("must be a date written as YYYY-MM-DD, like 2026-03-01")
    return value


def _date_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError("please check the year: it must be from 1990 to 2100")
    return value


def _money_check(value: Decimal) -> Decimal:
    if not value.is_finite() or value < 0:
        raise ValueError("must be an amount of 0 or more, like 120.00")
    if value >= MAX_MONEY:
        raise ValueError("looks too large; please check it")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("use dollars and cents, at most 2 decimal places")
    return value


def _fraction(value: Decimal) -> Decimal:
    if not value.is_finite() or not 0 <= value <= 1:
        raise ValueError("must be a fraction from 0 to 1: use 0.3 for 30%")
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_exact),
    AfterValidator(_money_check),
    Field(
        description='US dollars as a decimal string or number, e.g. "120.00".', examples=["120.00"]
    ),
]


Day = Annotated[date, BeforeValidator(_iso_date), AfterValidator(_date_range)]


Count = Annotated[int, BeforeValidator(_no_bool)]


DayCount = Annotated[int, Field(ge=1, le=3650), BeforeValidator(_no_bool)]


VisitCount = Annotated[int, Field(ge=0, le=1000), BeforeValidator(_no_bool)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnitLineIn(_Body):
    code: Annotated[str, AfterValidator(check_code)] = Field(
        description="CPT code. Unknown codes are refused.",
        json_schema_extra={"enum": list(KNOWN_CODES)},
        examples=["97124"],
    )
    minutes: Count = Field(ge=0, le=1440, description="Minutes of one-on-one care that day.")


class UnitsRequest(_Body):
    method: Method = Field(
        description="cms: total timed minutes (Medicare 8-minute rule); "
        "per_code: each code on its own (AMA)."
    )
    lines: list[UnitLineIn] = Field(min_length=1, max_length=20)


class UnitLineOut(BaseModel):
    code: str
    minutes: int
    units: int
    timed: bool = Field(description="False for untimed codes such as 97139 (always 1 unit).")


class Compared(BaseModel):
    method: Method = Field(description="The other counting method.")
    total_units: int
    same: bool = Field(description="True when both methods give the same units per code.")


class UnitsResponse(BaseModel):
    method: Method
    total_minutes: int = Field(description="Timed minutes only; untimed codes are left out.")
    total_units: int = Field(description="All units, untimed codes included.")
    timed_units: int = Field(description="Units of timed codes only.")
    lines: list[UnitLineOut]
    notes: list[str]
    citation: str
    compared: Compared


class DeadlinesRequest(_Body):
    plan_type: PlanType = Field(
        "not_sure",
        description="employer and individual plans use "
        "the federal ERISA/ACA rules; not_sure uses them with a note.",
    )
    claim_type: ClaimType = "post_service"
    service_date: Day | None = None
    denial_date: Day | None = Field(None, description="Date on the first denial letter.")
    final_denial_date: Day | None = Field(None, description="Date on the final denial.")
    claim_received_date: Day | None = None
    appeal_received_date: Day | None = None
    request_received_date: Day | None = Field(None, description="Pre-service or urgent.")
    filing_limit_days: DayCount | None = Field(None, description="The plan's own limit.")
    notice_days: DayCount | None = Field(
        None,
        description=(
            "Days printed on the latest letter: final_denial_date's if given, else denial_date's."
        ),
    )
    appeal_levels: Literal[1, 2] | None = Field(None, description="Group plans: 1 or 2.")
    after_appeal: AfterAppeal | None = Field(
        None,
        description="What the letter on the first appeal says is next: second_level, final "
        "or not_sure. With final_denial_date, the first appeal's date is not shown again.",
    )
    external_review_possible: bool = Field(
        True, strict=True, description="False for denials that are not about medical judgment."
    )
    medicaid_kind: MedicaidKind | None = Field(
        None, description="Medicaid: managed (a plan company), state, or not_sure."
    )
    today: Day | None = Field(
        None, description="For 'this date has passed' notes. Default: the clinic's date today."
    )


class DeadlineOut(BaseModel):
    id: str
    date: date
    label: str
    citation: str
    note: str
    advised: bool = Field(description="False: a later date shown for reference only.")
    send_by: CalendarDate | None = Field(
        None, description="The patient's deadlines: the last business day before, to send by."
    )


class DeadlinesResponse(BaseModel):
    deadlines: list[DeadlineOut]
    notes: list[str]


class VisitIn(_Body):
    billed: Money
    allowed: Money | None = Field(None, description="Null when unknown: you get a range.")


class EstimateRequest(_Body):
    network: Network
    deductible_remaining: Money
    coinsurance: Annotated[Decimal, BeforeValidator(_exact), AfterValidator(_fraction)] = Field(
        description="A fraction: 0.3 means 30%.", json_schema_extra={"minimum": 0, "maximum": 1}
    )
    copay: Money = Decimal("0")
    oop_max_remaining: Money | None = Field(None, description="Null when unknown: no cap.")
    visit_limit_remaining: VisitCount | None = Field(None, description="Null: no limit known.")
    visits: list[VisitIn] = Field(min_length=1, max_length=100)


class Amounts(BaseModel):
    deductible_applied: str | None
    coinsurance: str | None
    copay: str | None
    plan_pays: str | None
    balance_bill: str | None
    patient_pays: str | None
    write_off: str | None = Field(
        description="In network: the price above the allowed amount, which nobody pays."
    )
    not_covered: str | None = Field(description="Price of a visit likely denied.")


class AmountRange(BaseModel):
    low: dict[str, str] = Field(description="If the plan allows the least (smallest check).")
    high: dict[str, str] = Field(description="If the plan allows the most.")


class VisitOut(Amounts):
    billed: str
    allowed: str | None
    likely_denied: bool
    range: AmountRange | None


class TotalsOut(Amounts):
    billed: str
    range: AmountRange | None


class EstimateResponse(BaseModel):
    visits: list[VisitOut]
    totals: TotalsOut
    is_range: bool = Field(description="True when an allowed amount was unknown.")
    notes: list[str]
    citation: str


class DenialCodeOut(BaseModel):
    code: str = Field(description="As we read it: CO-50, 50 or CO.")
    group: str | None = Field(description="CO, PR, OA or PI, when given.")
    meaning: str = Field(description="Official short text (X12).")
    plain: str
    next_steps: list[str]
    external_review: bool = Field(
        description="Can a denial of this kind usually go to external review?"
    )
    external_review_note: str
    group_meaning: str | None
    citation: str
