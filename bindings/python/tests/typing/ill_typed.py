"""A user's script with mistakes `mypy --strict` must find: each line marked `# E` is one
(tests/test_typing.py checks that mypy reports exactly those lines)."""

from datetime import datetime

import kring
from kring import Actor, model


def mistakes(store: kring.Store, case: str, coordinator: Actor) -> None:
    store.execute(case, coordinator, "begin_prat", part="private_time")  # E: misspelled command
    store.execute(case, coordinator, "begin_part", prat="private_time")  # E: misspelled field
    store.execute(case, coordinator, "begin_part", part="privat_time")  # E: not a conference part
    store.execute(case, coordinator, "record_evaluation", record={"evaluation": "eval_1", "held_on": "2026-05-01", "findings": "ok"})  # E: a str where a date goes
    store.execute(case, coordinator, {"withdraw": {"reasn": "x"}})  # E: misspelled field in a dict
    c = store.case(case)
    c.plans[0].content.agreements[0].carried_bye  # E: no such attribute
    d: datetime = c.plan_deadline  # E: a date (or none) is not a datetime
    p: model.Phase = "finished"  # E: not a phase
    store.research_tables(key=b"a research key, 32 bytes long!!", tables=["agreements"])  # E: not a research table
    print(d, p)
