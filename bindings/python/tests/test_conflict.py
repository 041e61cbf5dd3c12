"""Two people edit one case: the second, who read it before the first wrote, is refused with
`Conflict` and nothing is written; reading again lets them through."""

import pytest

import kring
from kring import Actor

from story import walk


def test_a_command_on_a_case_that_moved_on_is_a_conflict(store, clock):
    case, p = walk(store, clock, stop_after="set_participation")
    coordinator = Actor(p["coord"], "coordinator")
    read = store.case(case)
    store.execute(case, coordinator, "update_invitation", at=clock(), person=p["grandma"],
                  status="declined", expected_version=read.version)
    before = store.case(case)
    with pytest.raises(kring.Conflict) as e:
        store.execute(case, coordinator, "update_invitation", at=clock(), person=p["neighbour"],
                      status="declined", expected_version=read.version)
    assert e.value.code == "conflict" and isinstance(e.value, kring.KringError)
    assert str(read.version) in str(e.value) and case in str(e.value)
    assert store.case(case) == before
    store.execute(case, coordinator, "update_invitation", at=clock(), person=p["neighbour"],
                  status="declined", expected_version=before.version)

    # In a batch, each item may say what it read; one stale item refuses them all.
    v = store.case(case).version
    with pytest.raises(kring.Conflict):
        store.execute_many([
            {"case": case, "actor": coordinator, "command": "update_invitation",
             "fields": {"person": p["grandma"], "status": "invited"}, "expected_version": v},
            {"case": case, "actor": coordinator, "command": "update_invitation",
             "fields": {"person": p["neighbour"], "status": "invited"}, "expected_version": v},
        ])
    assert store.case(case).version == v
    with pytest.raises(kring.InvalidInput):
        store.execute(case, coordinator, "update_invitation", person=p["grandma"],
                      status="invited", expected_version=-1)
    with pytest.raises(kring.InvalidInput):
        store.import_commands([{"case": case, "actor": coordinator, "command": "update_invitation",
                                "fields": {"person": p["grandma"], "status": "invited"},
                                "expected_version": v}])
