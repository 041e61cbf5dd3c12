"""What else is written down about a case (store format 3), from Python: a measure over time,
a representative and the consent they give for a child, an interpreter; read back from the
case. Every name is invented."""

from datetime import date

import pytest

import kring
from kring import Actor

from story import person
from test_convert import check_json_shape


def test_a_measure_a_representatives_consent_and_an_interpreter(store, clock):
    case, org, question = store.new_id("case"), store.new_id("org"), store.new_id("item")
    child = person(store, "Lotte Brink", birth_date=date(2014, 6, 3))
    mother, prof = person(store, "Mirjam Brink"), person(store, "Hanneke Vos")
    professional = Actor(prof["id"], "professional")
    store.execute(case, professional, "request_conference", at=clock(),
                  variant="family", legal_basis="jeugdwet_familiegroepsplan",
                  description="Lotte (11) is under supervision; the family wants its own plan.",
                  questions=[{"id": question, "text": "How does Lotte stay safe at home?"}],
                  main_persons=[{"person": child, "party": None}, {"person": mother, "party": None}],
                  referral={"professional": {"professional": {"person": prof, "organisation": org, "role": "case_manager"}}},
                  organisations=[{"id": org, "name": "Jeugdbescherming Oost", "kind": "care_provider"}],
                  consent_to_pass_contact=True, preferences={})
    # A supervision order, in force since before the request.
    measure = store.new_id("measure")
    supervision = {"id": measure, "kind": "supervision_order", "concerns": [child["id"]]}
    store.execute(case, professional, "record_measure", at=clock(),
                  measure={**supervision, "status": "in_force", "on": date(2026, 1, 15)})
    rm = Actor(store.new_id("person"), "regional_manager")
    coord = person(store, "Pieter Stam")
    coordinator = Actor(coord["id"], "coordinator")
    store.execute(case, rm, "assign_coordinator", at=clock(),
                  coordinator={"person": coord, "affiliations": [], "languages": ["nl"], "gender": "male", "region": "Oost"})
    store.execute(case, Actor(mother["id"], "main_person"), "respond_to_coordinator", at=clock(), accepted=True)

    # The mother is registered as Lotte's representative, and gives consent for her.
    store.execute(case, coordinator, "add_representative", at=clock(),
                  representation={"person": mother["id"], "for_person": child["id"], "kind": "parent_with_authority"})
    for_lotte = Actor(mother["id"], "main_person", on_behalf_of=child["id"])
    event = store.execute(case, for_lotte, "record_consent", at=clock(),
                          person=child["id"], matter="conference", given=True)
    assert event.actor == {"person": mother["id"], "role": "main_person", "on_behalf_of": child["id"]}
    assert Actor(**event.actor) == for_lotte

    # Her grandfather, who speaks Turkish, joins the circle with an interpreter; he does not
    # represent Lotte, so he cannot act for her.
    grandfather = person(store, "Kemal Brink")
    store.execute(case, coordinator, "add_network_member", at=clock(), member={
        "person": grandfather, "relations": [{"to": child["id"], "kind": "grandparent", "side": "fathers"}],
        "side": "fathers", "minor": False, "identified": "widening_circle"})
    before = store.case(case)
    with pytest.raises(kring.PermissionDenied) as e:
        store.execute(case, (grandfather["id"], "main_person", child["id"]), "record_consent", at=clock(),
                      person=child["id"], matter="conference", given=False)
    assert e.value.code == "permission_denied"
    assert store.case(case) == before
    interpreter = person(store, "Deniz Aydin")
    store.execute(case, coordinator, "add_interpreter", at=clock(),
                  interpreter={"person": interpreter, "language": "tr", "for_persons": [grandfather["id"]]})

    # The measure moves on: the same kind and people, a new status.
    extended_on = clock().date()
    store.execute(case, professional, "record_measure", at=clock(),
                  measure={**supervision, "status": "extended", "on": extended_on, "note": "Extended by a year."})
    with pytest.raises(kring.RuleViolation) as e:
        store.execute(case, professional, "record_measure", at=clock(),
                      measure={**supervision, "kind": "custody", "status": "ended", "on": extended_on})
    assert e.value.rule == "references_resolve" and measure in e.value.ids

    c = store.case(case)
    m = c.measures[measure]
    assert (m.kind, m.concerns, m.label) == ("supervision_order", [child["id"]], None)
    assert [(s.status, s.on, s.recorded_by) for s in m.history] == [
        ("in_force", date(2026, 1, 15), prof["id"]), ("extended", extended_on, prof["id"])]
    assert m.history[-1].note == "Extended by a year."
    assert c.representatives == [{"person": mother["id"], "for_person": child["id"], "kind": "parent_with_authority"}]
    (consent,) = c.consents
    assert (consent.person, consent.matter, consent.given, consent.given_by) == (child["id"], "conference", True, mother["id"])
    assert c.interpreters[interpreter["id"]].language == "tr"
    assert c.interpreters[interpreter["id"]].for_persons == [grandfather["id"]]
    assert c.interpreters[interpreter["id"]].person.name == "Deniz Aydin"
    check_json_shape(store._native.case(case).to_dict())
    assert store.verify().cases == 1
