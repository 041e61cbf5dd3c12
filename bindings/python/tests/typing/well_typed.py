"""A user's script that type-checks under `mypy --strict` (tests/test_typing.py)."""

from datetime import date, datetime, timezone
from typing import List, Optional, Sequence

import kring
from kring import Actor, model


def carriers(case: model.Case) -> List[str]:
    """Everyone who carries an agreement of the case's latest plan."""
    if not case.plans:
        return []
    return [p for a in case.plans[-1].content.agreements for p in a.carried_by]


def deadline(store: kring.Store, case_id: str) -> Optional[date]:
    return store.case(case_id).plan_deadline


def walk(store: kring.Store) -> None:
    case, org = store.new_id("case"), store.new_id("org")
    prof: model.PersonDict = {"id": store.new_id("person"), "name": "A. Worker", "birth_date": None, "languages": ["nl"]}
    child: model.PersonDict = {"id": store.new_id("person"), "name": "B. Child", "birth_date": date(2012, 5, 1), "languages": []}
    professional = Actor(prof["id"], "professional")
    event: model.Event = store.execute(
        case, professional, "request_conference",
        at=datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc),
        variant="family", legal_basis="jeugdwet_familiegroepsplan",
        description="A plan for after school.",
        questions=[{"id": store.new_id("item"), "text": "Who is there after school?"}],
        main_persons=[{"person": child, "party": None}],
        referral={"professional": {"professional": {"person": prof, "organisation": org, "role": "family_coach"}}},
        organisations=[{"id": org, "name": "Coaching", "kind": "care_provider"}],
        consent_to_pass_contact=True,
        plan_deadline=date(2026, 6, 1),
    )
    version: int = event.version
    phase: model.Phase = store.case(case).phase
    store.execute(case, professional, {"withdraw": {"reason": "the family chose otherwise"}}, expected_version=version)
    for record in store.history(case):
        at: datetime = record.event.at
        print(record.seq, at, phase)
    plain: model.CaseDict = store.case(case).to_dict()
    when: datetime = plain["requested_at"]
    print(when, carriers(store.case(case)), deadline(store, case))


def shares(view: model.CaseView) -> Sequence[object]:
    return view.contact_shares or []


def research(store: kring.Store, chosen: Sequence[kring.ResearchTableName]) -> int:
    some = store.research_tables(key=b"a research key, 32 bytes long!!", output="records", tables=["cases", "outcomes"])
    names: List[kring.ResearchTableName] = list(kring.RESEARCH_TABLES)
    return len(some) + len(store.research_tables(identifying=True, tables=chosen)) + len(names)
