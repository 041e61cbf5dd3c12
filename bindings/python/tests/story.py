"""A whole case written from Python, one command of every kind, with invented people."""

from datetime import timedelta

import kring
from kring import Actor


def person(store, name, **extra):
    return {"id": store.new_id("person"), "name": name, "birth_date": extra.get("birth_date"), "languages": ["nl"]}


# Relations and sides for the extra members of a large circle.
_KINDS = ["aunt_uncle", "grandparent", "sibling", "friend", "neighbour", "cousin", "parent_of_partner", "volunteer"]
_SIDES = ["mothers", "fathers", "own"]


def walk(store, clock, stop_after=None, names=None, extra=0):
    """Walks a case from request to closure; returns (case id, people by name).

    `names` replaces the invented names of some people (`grandma`, `neighbour`); `extra`
    adds that many more members to the circle, each at the conference and in the plan."""
    names = names or {}
    p = {}
    case = store.new_id("case")
    org = store.new_id("org")
    youth, mother = person(store, "Sem Kramer"), person(store, "Nina Kramer")
    prof = person(store, "Ellen Smit")
    p.update(youth=youth["id"], mother=mother["id"], prof=prof["id"], org=org)
    question = store.new_id("item")
    professional = Actor(prof["id"], "professional")

    def step(actor, name, **fields):
        event = store.execute(case, actor, name, at=clock(), **fields)
        if stop_after == name:
            raise StopIteration
        return event

    try:
        step(professional, "request_conference",
             variant="family", legal_basis="jeugdwet_familiegroepsplan",
             description="Sem (14) and his mother want a plan for after school.",
             questions=[{"id": question, "text": "Who is there for Sem after school?"}],
             main_persons=[{"person": youth, "party": None}, {"person": mother, "party": None}],
             referral={"professional": {"professional": {"person": prof, "organisation": org, "role": "family_coach"}}},
             organisations=[{"id": org, "name": "Gezinscoaching", "kind": "care_provider"}],
             consent_to_pass_contact=True,
             preferences={"gender": None, "language": "nl", "culture": None, "religion": None, "other": None})
        school = store.new_id("org")
        rm = Actor(store.new_id("person"), "regional_manager")
        step(rm, "register_organisation", organisation={"id": school, "name": "Basisschool", "kind": "school"})
        teacher = person(store, "Joost Baan")
        p["teacher"] = teacher["id"]
        step(rm, "add_professional", professional={"person": teacher, "organisation": school, "role": "school"})
        step(Actor(youth["id"], "main_person"), "record_contact_details", person=youth["id"],
             details={"phone": "000-0000000", "email": None, "address": None}, consent=True)
        step(rm, "share_contact_details", person=youth["id"], **{"with": prof["id"]})
        step(Actor(youth["id"], "main_person"), "withdraw_contact_consent", person=youth["id"])
        grandma = person(store, names.get("grandma", "Truus Kramer"))
        p["grandma"] = grandma["id"]
        step(Actor(mother["id"], "main_person"), "add_network_member", member={
            "person": grandma, "relations": [{"to": youth["id"], "kind": "grandparent"}],
            "side": "mothers", "minor": False, "identified": "at_intake"})
        coord = person(store, "Rik Dekker")
        p["coord"] = coord["id"]
        coordinator = Actor(coord["id"], "coordinator")
        step(rm, "assign_coordinator", coordinator={"person": coord, "affiliations": [], "languages": ["nl"], "gender": "male", "region": "Noord"})
        step(Actor(mother["id"], "main_person"), "respond_to_coordinator", accepted=True)
        neighbour = person(store, names.get("neighbour", "Anouk Veen"))
        p["neighbour"] = neighbour["id"]
        step(coordinator, "add_network_member", member={
            "person": neighbour, "relations": [{"to": mother["id"], "kind": "neighbour"}],
            "side": "own", "minor": False, "identified": "widening_circle"})
        others = []
        for i in range(extra):
            other = person(store, f"Lid{i:02d} van der Voorbeeldfamilie")
            others.append(other["id"])
            step(coordinator, "add_network_member", member={
                "person": other, "relations": [{"to": (youth, mother)[i % 2]["id"], "kind": _KINDS[i % len(_KINDS)]}],
                "side": _SIDES[i % 3], "minor": i % 5 == 0, "identified": "widening_circle"})
        p["others"] = others
        for who in (grandma["id"], neighbour["id"]):
            step(coordinator, "update_invitation", person=who, status="invited")
            step(coordinator, "update_invitation", person=who, status="confirmed")
        step(coordinator, "set_participation", person=neighbour["id"], participation="in_person")
        framework, condition = store.new_id("framework"), store.new_id("item")
        p.update(framework=framework, condition=condition)
        step(professional, "submit_framework", framework={
            "id": framework,
            "concerns": [{"id": store.new_id("item"), "text": "Sem is alone after school."}],
            "conditions": [{"id": condition, "text": "An adult is there after school every day."}],
            "questions": [], "criteria": []})
        conf = store.new_id("conf")
        day = (clock.now + timedelta(days=10)).date()
        step(coordinator, "schedule_conference", conference={"id": conf, "date": day, "place": "Buurthuis", "language": "nl", "interpreter": False})
        step(coordinator, "start_conference")
        step(coordinator, "record_attendance", present=[youth["id"], mother["id"], grandma["id"], neighbour["id"], *others, prof["id"], coord["id"]])
        step(coordinator, "begin_part", part="private_time")
        circle = Actor(grandma["id"], "network_member")
        step(circle, "record_attendance", present=[youth["id"], mother["id"], grandma["id"], neighbour["id"], *others])
        evaluation = store.new_id("eval")
        p["evaluation"] = evaluation
        plan = {
            "agreements": [
                {"id": store.new_id("agr"), "what": "Grandma is at home when Sem comes from school on Mondays to Wednesdays.",
                 "carried_by": [grandma["id"]], "supporters": [], "start": day, "due": None, "frequency": "three times a week", "answers": [condition]},
                {"id": store.new_id("agr"), "what": "Sem goes to the neighbour on Thursdays and Fridays.",
                 "carried_by": [neighbour["id"], youth["id"]], "supporters": [mother["id"]], "start": day, "due": None, "frequency": None, "answers": [condition]},
                *({"id": store.new_id("agr"), "what": f"Takes Sem to football practice in week {i + 1} of each month, and brings him home afterwards.",
                   "carried_by": [o], "supporters": [], "start": day, "due": None, "frequency": "monthly", "answers": []} for i, o in enumerate(others)),
            ],
            "requested_help": [{"id": store.new_id("help"), "what": "Help with homework at school.", "from": teacher["id"], "answers": []}],
            "monitors": [grandma["id"]], "conveners": [neighbour["id"]],
            "evaluations": [{"id": evaluation, "planned_on": day + timedelta(days=90)}],
            "contact_arrangement": "Grandma calls the family coach monthly.",
        }
        p["plan"] = plan
        step(circle, "submit_plan", content=plan)
        step(coordinator, "begin_part", part="presentation")
        step(professional, "assess_plan", version=1, framework=framework, verdicts=[[condition, "met"]])
        step(coordinator, "end_conference")
        step(coordinator, "distribute_plan", version=1, recipients=[youth["id"], mother["id"], grandma["id"], neighbour["id"], prof["id"]], frameworks_attached=[framework])
        step(circle, "raise_signal", id=store.new_id("signal"), about="Sem was alone twice last week.")
        clock(days=90)
        agreements = [a["id"] for a in plan["agreements"]]
        step(circle, "record_evaluation", record={
            "evaluation": evaluation, "held_on": clock.now.date(), "convened_by": neighbour["id"],
            "present": [youth["id"], mother["id"], grandma["id"], neighbour["id"]],
            "reviews": [{"agreement": agreements[0], "status": "on_track", "note": None},
                        {"agreement": agreements[1], "status": "partly", "note": "Fridays are hard."},
                        *({"agreement": a, "status": "on_track", "note": None} for a in agreements[2:])],
            "next_step": "revise"})
        revised = dict(plan, evaluations=plan["evaluations"] + [{"id": store.new_id("eval"), "planned_on": clock.now.date() + timedelta(days=60)}])
        step(circle, "revise_plan", content=revised, evaluation=evaluation)
        step(professional, "assess_plan", version=2, framework=framework, verdicts=[[condition, "met"]])
        step(rm, "close_case", outcome="plan_carried_out", note=None)
        step(rm, "record_satisfaction", group="main_person", score=8)
    except StopIteration:
        pass
    return case, p
