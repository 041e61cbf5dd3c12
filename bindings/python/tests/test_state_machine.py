"""Random command sequences driven from Python: refused commands leave the case unchanged,
accepted ones keep the store verifiable, and every case replays to its current state."""

from datetime import datetime, timedelta, timezone

import hypothesis.strategies as st
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import kring
from kring import Actor

from story import walk

STOPS = ["request_conference", "respond_to_coordinator", "submit_framework", "begin_part", "submit_plan",
         "end_conference", "record_evaluation", None]


class Clock:
    def __init__(self):
        self.now = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)

    def __call__(self, **delta):
        self.now += timedelta(**delta) if delta else timedelta(hours=1)
        return self.now


class Cases(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.store = kring.Store.in_memory()
        self.clock = Clock()
        self.cases = []
        self.accepted = 0
        self.refused = 0

    def teardown(self):
        self.store.close()

    @rule(stop=st.sampled_from(STOPS))
    def open_a_case(self, stop):
        case, _ = walk(self.store, self.clock, stop_after=stop)
        self.cases.append(case)

    @precondition(lambda self: self.cases)
    @rule(
        which=st.integers(min_value=0, max_value=50),
        role=st.sampled_from(kring.ROLES),
        who=st.integers(min_value=0, max_value=50),
        command=st.sampled_from([
            ("start_conference", {}),
            ("end_conference", {}),
            ("begin_part", {"part": "private_time"}),
            ("begin_part", {"part": "presentation"}),
            ("withdraw", {"reason": "We stop."}),
            ("withdraw", {"reason": ""}),
            ("record_satisfaction", {"group": "child", "score": 7}),
            ("record_satisfaction", {"group": "child", "score": 11}),
            ("close_case", {"outcome": "other", "note": None}),
            ("respond_to_coordinator", {"accepted": True}),
        ]),
        back=st.booleans(),
    )
    def any_command(self, which, role, who, command, back):
        case = self.cases[which % len(self.cases)]
        before = self.store.case(case)
        people = sorted(before.network) + [m.person.id for m in before.main_persons] + sorted(before.professionals)
        if before.coordinator:
            people.append(before.coordinator.coordinator.person.id)
        actor = Actor(people[who % len(people)], role)
        at = before.updated_at - timedelta(days=1) if back else self.clock()
        name, fields = command
        seq = self.store.last_seq
        try:
            event = self.store.execute(case, actor, name, at=at, **fields)
        except kring.KringError as e:
            self.refused += 1
            assert e.code in {"rule_violation", "permission_denied", "not_found", "invalid_input"}
            assert self.store.case(case) == before
            assert self.store.last_seq == seq
            if e.code == "rule_violation":
                assert e.rule and e.ids
        else:
            self.accepted += 1
            assert event.version == before.version + 1
            assert self.store.last_seq == seq + 1

    @invariant()
    def every_case_replays_to_its_state(self):
        for case in self.cases[-3:]:
            c = self.store.case(case)
            assert self.store.case_at_version(case, c.version) == c

    @invariant()
    def the_store_verifies(self):
        assert self.store.verify().cases == len(self.cases)


Cases.TestCase.settings = settings(max_examples=25, stateful_step_count=15, deadline=None)
TestCases = Cases.TestCase
