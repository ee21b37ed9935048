"""Sample answer sets and a small flow with the contract step ids (docs/flow-format.md).

Used by the document tests and bench/pdf_bench.py, so they do not depend on the wording
of data/steps.yaml. The people, clinic and numbers are made up.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import yaml

from app.documents.context import Header
from app.flows.engine import Flow
from app.flows.schema import parse_tree
from app.services.letters import LetterDetails

_FLOW = """
version: 1
start: stage
steps:
  - {id: stage, type: single, text: "Where are you now?", why: It decides the steps., choices: [
      {value: planning, label: I have not had a visit yet.},
      {value: visited, label: I had visits and have not filed.},
      {value: filed, label: I filed and I am waiting.},
      {value: denied, label: My claim was denied.},
      {value: underpaid, label: They paid less than I expected.},
      {value: preapproval_denied, label: They said no to visits still to come.}],
     next: plan_type}
  - {id: plan_type, type: single, text: "What kind of plan do you have?", why: Rules differ.,
     choices: [{value: employer, label: Through my job}, {value: individual, label: I bought it},
       {value: medicare, label: Medicare}, {value: medicare_advantage, label: Medicare Advantage},
       {value: medicaid, label: Medicaid}, {value: not_sure, label: Not sure}],
     next: referral}
  - {id: referral, type: single, text: "Do you need a referral?", why: Some plans need one.,
     choices: [{value: have, label: I have one}, {value: need, label: I need one},
       {value: not_needed, label: Not needed}, {value: not_sure, label: Not sure}],
     next: preapproval}
  - {id: preapproval, type: single, text: "Do you need pre-approval?", why: Some plans need it.,
     choices: [{value: have, label: I have it}, {value: need, label: I need it},
       {value: not_needed, label: Not needed}, {value: not_sure, label: Not sure}],
     next: hsa_fsa}
  - {id: hsa_fsa, type: single, text: "Do you have an HSA or FSA?", why: It can pay for care.,
     choices: [{value: hsa, label: HSA}, {value: fsa, label: FSA}, {value: both, label: Both},
       {value: none, label: Neither}, {value: not_sure, label: Not sure}],
     next: main_code}
  - {id: main_code, type: single, text: "Which code is on your invoice?", why: Codes matter.,
     choices: [{value: "97124", label: 97124 massage},
       {value: "97140", label: 97140 manual therapy},
       {value: not_sure, label: Not sure}], next: session_minutes}
  - {id: session_minutes, type: number, text: "How many minutes of hands-on care?",
     why: Units come from minutes., optional: true, next: fee}
  - {id: fee, type: money, text: "What does one visit cost?", why: For the estimate.,
     optional: true, next: deductible_remaining}
  - {id: deductible_remaining, type: money, text: "Deductible left?", why: For the estimate.,
     optional: true, next: coinsurance_percent}
  - {id: coinsurance_percent, type: number, text: "Coinsurance?", why: For the estimate.,
     optional: true, next: allowed_amount}
  - {id: allowed_amount, type: money, text: "Allowed amount?", why: For the estimate.,
     optional: true, next: visits_planned}
  - {id: visits_planned, type: number, text: "How many visits?", why: For the estimate.,
     optional: true, next: service_date}
  - {id: service_date, type: date, text: "Date of the visit?", why: Deadlines count from it.,
     optional: true, next: [
       {when: {in: [stage, [denied, preapproval_denied]]}, goto: denial_reason},
       {when: {eq: [stage, underpaid]}, goto: amount_paid}, {goto: results}]}
  - {id: amount_paid, type: money, text: "What did the plan pay?", why: For the gap.,
     next: results}
  - {id: denial_reason, type: single, text: "Why was it denied?", why: The appeal depends on it.,
     choices: [{value: medical_necessity, label: Not medically necessary},
       {value: missing_info, label: Missing information},
       {value: no_preapproval, label: No pre-approval},
       {value: late_filing, label: Sent too late}, {value: visit_limit, label: Visit limit reached},
       {value: provider_type, label: Provider type not covered},
       {value: out_of_network, label: Out of network}, {value: not_covered, label: Not covered},
       {value: coding, label: Code problem}, {value: step_therapy, label: Try other care first},
       {value: not_sure, label: Not sure}],
     next: denial_code}
  - {id: denial_code, type: text, text: "Code on the letter?", why: It names the reason.,
     optional: true, next: appeal_round}
  - {id: appeal_round, type: single, text: "Which denial is this?", why: The next step differs.,
     choices: [{value: first, label: The first denial}, {value: final, label: The final denial}],
     next: [{when: {eq: [appeal_round, final]}, goto: appeal_level}, {goto: denial_date}]}
  - {id: appeal_level, type: single, text: "What does the new letter say?", why: Levels differ.,
     choices: [{value: second_level, label: One more appeal}, {value: final, label: Final},
       {value: not_sure, label: Not sure}], next: final_denial_date}
  - {id: denial_date, type: date, text: "Date on the letter?", why: The deadline counts from it.,
     optional: true, next: urgent}
  - {id: final_denial_date, type: date, text: "Date on the final letter?", why: Deadline.,
     optional: true, next: urgent}
  - {id: urgent, type: yesno, text: "Is waiting risky for your health?", why: Urgent is faster.,
     next: results}
  - {id: results, type: results, text: Your plan}
checklist:
  - {id: call_insurer, stage: before, text: Call your insurer., why: Plans differ.,
     how: Use the call sheet.}
  - {id: file_claim, stage: after, text: Send your claim., why: They pay only what you claim.,
     deadline: timely_filing, when: {in: [stage, [planning, visited]]}}
  - {id: appeal, stage: denied, text: Send your appeal., why: Many denials are overturned.,
     deadline: internal_appeal, when: {eq: [stage, denied]}}
questions:
  - {id: q_covered, text: "Is massage therapy covered on my plan?", why: Some plans exclude it.}
  - {id: q_referral, text: "What must the referral say?", why: A weak one gets denied.,
     when: {in: [referral, [need, not_sure]]}}
  - {id: q_wrapup, text: "Write down the rep's name, the date and a reference number.",
     why: You may need proof.}
"""

HEADER = Header(
    name="Example Massage & Pain Care",
    address="123 Example Street, Springfield, XX 00000",
    phone="555-0100",
    email="hello@clinic.example",
    npi="1234567893",
    tax_id="12-3456789",
)
LETTER = LetterDetails(
    patient_name="Zoë Ångström",
    patient_address="42 Sample Road, Springfield, XX 00000",
    date_of_birth="04/05/1980",
    member_id="XQZ123456789",
    group_number="GRP-7781",
    insurer_name="Sample Health Plan",
    insurer_address="PO Box 1000, Claims City, XX 00001",
    claim_number="CLM-2026-000417",
    doctor_name="Dr. Rivera",
    prior_auth_number="PA-55821",
    review_address="Federal External Review, PO Box 2000, Review City, XX 00002",
)
TODAY = date(2026, 3, 20)

BASE: dict[str, Any] = {
    "plan_type": "employer",
    "referral": "not_needed",
    "preapproval": "not_needed",
    "hsa_fsa": "none",
    "main_code": "97124",
    "session_minutes": "50",
    "fee": "120.00",
    "deductible_remaining": "50.00",
    "coinsurance_percent": "30",
    "allowed_amount": "",
    "visits_planned": "6",
    "service_date": "2026-03-02",
}
ANSWER_SETS: dict[str, dict[str, Any]] = {
    "planning": {
        **BASE,
        "stage": "planning",
        "referral": "need",
        "preapproval": "need",
        "hsa_fsa": "hsa",
        "service_date": "",
    },
    "visited": {**BASE, "stage": "visited", "referral": "have", "hsa_fsa": "fsa"},
    "denied_necessity": {
        **BASE,
        "stage": "denied",
        "denial_reason": "medical_necessity",
        "denial_code": "CO-50",
        "appeal_round": "first",
        "denial_date": "2026-02-10",
        "urgent": "yes",  # a refund claim: never urgent, whatever was answered
    },
    "denied_necessity_final": {
        **BASE,
        "stage": "denied",
        "plan_type": "individual",
        "denial_reason": "medical_necessity",
        "denial_code": "",
        "appeal_round": "final",
        "appeal_level": "final",
        "final_denial_date": "2026-01-31",
        "urgent": "no",
    },
    "preapproval_urgent": {
        **BASE,
        "stage": "preapproval_denied",
        "denial_reason": "medical_necessity",
        "denial_code": "CO-50",
        "appeal_round": "first",
        "denial_date": "2026-03-10",
        "urgent": "yes",
    },
    "underpaid": {
        **BASE,
        "stage": "underpaid",
        "allowed_amount": "100.00",
        "visits_planned": "1",
        "amount_paid": "20.00",
    },
}


@lru_cache(maxsize=1)
def sample_flow() -> Flow:
    return Flow(parse_tree(yaml.safe_load(_FLOW)))


def denied(reason: str, **more: Any) -> dict[str, Any]:
    """A first-round denial for the given reason, not urgent."""
    return {
        **BASE,
        "stage": "denied",
        "denial_reason": reason,
        "denial_code": "",
        "appeal_round": "first",
        "denial_date": "2026-02-10",
        "urgent": "no",
        **more,
    }


def auto_answers(flow: Flow, prefs: dict[str, Any]) -> dict[str, Any]:
    """Walk a flow to its results, using `prefs` where they fit and a plain default elsewhere.

    Lets tests and the benchmark reach a given path of any flow file, even as it changes.
    """
    from app.flows.engine import INFO_SEEN, SKIPPED, is_answered, walk
    from app.flows.schema import StepType

    defaults = {
        StepType.yesno: "no",
        StepType.number: "1",
        StepType.money: "100.00",
        StepType.date: "2026-03-02",
        StepType.text: "n/a",
        StepType.info: INFO_SEEN,
    }
    answers: dict[str, Any] = {}
    for _ in range(len(flow.tree.steps) + 1):
        w = walk(flow, answers)
        if w.done:
            return answers
        step = flow.step(w.current)
        wanted = prefs.get(step.id)
        if wanted is not None and is_answered(step, wanted):
            answers[step.id] = wanted
        elif step.optional:
            answers[step.id] = SKIPPED
        elif step.type in (StepType.single, StepType.multi):
            first = step.choice_values[0]
            answers[step.id] = [first] if step.type == StepType.multi else first
        else:
            value = defaults.get(step.type, SKIPPED)
            if not is_answered(step, value):
                value = str(int(step.min)) if step.min is not None else "1"
            answers[step.id] = value
    raise RuntimeError("the flow did not reach a results step")
