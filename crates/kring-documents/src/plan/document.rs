//! The plan document as the template reads it: every value already in words (names, dates in
//! the reader's language, labels), so that `templates/plan.html` only lays it out and
//! escapes it. Built from a [`CaseView`]: what the reader may not see is not in the view, and
//! so not in the document.

use std::collections::BTreeMap;

use askama::Template;
use kring_domain::{
    Access, CaseView, ConditionVerdict, Conference, ConferencePart, DecidedAt, FrameworkItem,
    ItemId, PersonId, PlanVersion, SafetyFramework, Section,
};

use super::labels::Labels;

/// A label and its value, as a `<dt>`/`<dd>` pair.
#[derive(Clone)]
pub(crate) struct Fact {
    pub label: &'static str,
    pub value: String,
}

fn fact(label: &'static str, value: impl Into<String>) -> Fact {
    Fact {
        label,
        value: value.into(),
    }
}

/// The whole document.
#[derive(Template)]
#[template(path = "plan.html")]
pub(crate) struct PlanPage<'a> {
    pub l: &'static Labels,
    /// The `lang` attribute.
    pub lang: &'static str,
    /// The `<title>`.
    pub head_title: String,
    /// The `<h1>`.
    pub title: String,
    /// Version, date, status, where it was decided, who wrote it down, …
    pub facts: Vec<Fact>,
    /// The number of a later version the reader may see, if any.
    pub newer: Option<u32>,
    pub questions: Vec<&'a str>,
    /// `None` when the reader may not see the conferences.
    pub conferences: Option<Vec<ConferenceDoc>>,
    pub carriers: Vec<CarrierDoc<'a>>,
    pub help: Vec<HelpDoc<'a>>,
    pub safeguards: Vec<Fact>,
    pub evaluations: Vec<String>,
    /// `None` when the reader may not see the frameworks.
    pub frameworks: Option<FrameworksDoc<'a>>,
}

/// Who was at one conference, per part.
pub(crate) struct ConferenceDoc {
    pub heading: String,
    /// The parts that were held, in the order of a conference.
    pub parts: Vec<&'static str>,
    pub rows: Vec<AttendanceRow>,
    pub chair: Option<String>,
}

/// One person's attendance: present or not in each of [`ConferenceDoc::parts`].
pub(crate) struct AttendanceRow {
    pub name: String,
    pub role: &'static str,
    pub present: Vec<bool>,
}

/// The agreements one person carries.
pub(crate) struct CarrierDoc<'a> {
    pub name: String,
    pub agreements: Vec<AgreementDoc<'a>>,
}

/// One agreement, numbered as in the plan (an agreement carried by three people appears under
/// each of them with the same number).
pub(crate) struct AgreementDoc<'a> {
    pub number: usize,
    pub what: &'a str,
    /// The other people carrying it.
    pub together: Option<String>,
    pub details: Vec<Fact>,
}

/// One item of help asked of professionals.
pub(crate) struct HelpDoc<'a> {
    pub what: &'a str,
    pub from: String,
    pub funding: Option<String>,
}

/// The professionals' verdicts on this version and their frameworks.
pub(crate) struct FrameworksDoc<'a> {
    /// The reader reads only their own frameworks ([`Access::Own`]).
    pub own_only: bool,
    pub assessments: Vec<AssessmentDoc<'a>>,
    pub attached: Vec<FrameworkDoc<'a>>,
}

/// One professional's assessment of this version against one framework.
pub(crate) struct AssessmentDoc<'a> {
    pub who: String,
    pub summary: String,
    pub verdicts: Vec<VerdictDoc<'a>>,
}

/// The verdict on one item of a framework.
pub(crate) struct VerdictDoc<'a> {
    pub kind: &'static str,
    pub item: &'a str,
    pub met: bool,
    pub verdict: String,
}

/// A framework as stapled to the plan.
pub(crate) struct FrameworkDoc<'a> {
    pub heading: String,
    pub byline: String,
    pub lists: Vec<ItemList<'a>>,
}

/// One list of a framework: its concerns, conditions, questions or criteria.
pub(crate) struct ItemList<'a> {
    pub heading: &'static str,
    pub items: Vec<&'a str>,
}

/// Who someone is in the case, in the order the attendance table lists them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    MainPerson,
    Network,
    Professional,
    Interpreter,
    Coordinator,
}

/// The names of everyone in the view, and who they are.
struct People<'a> {
    l: &'static Labels,
    view: &'a CaseView,
    known: BTreeMap<PersonId, (&'a str, Kind)>,
}

impl<'a> People<'a> {
    fn new(view: &'a CaseView, l: &'static Labels) -> Self {
        let mut known = BTreeMap::new();
        let mut add = |id, name, kind| {
            known.entry(id).or_insert((name, kind));
        };
        for m in view.main_persons.iter().flatten() {
            add(m.person.id, m.person.name.as_str(), Kind::MainPerson);
        }
        for m in view.network.iter().flat_map(|n| n.values()) {
            add(m.person.id, m.person.name.as_str(), Kind::Network);
        }
        for p in view.professionals.values() {
            add(p.person.id, p.person.name.as_str(), Kind::Professional);
        }
        for i in view.interpreters.iter().flat_map(|i| i.values()) {
            add(i.person.id, i.person.name.as_str(), Kind::Interpreter);
        }
        let coordinators = view
            .coordinator
            .iter()
            .chain(view.former_coordinators.iter().map(|f| &f.assignment));
        for c in coordinators {
            let p = &c.coordinator.person;
            add(p.id, p.name.as_str(), Kind::Coordinator);
        }
        People { l, view, known }
    }

    /// A person's name; never their id.
    fn name(&self, id: PersonId) -> String {
        self.known
            .get(&id)
            .map_or(self.l.unknown_person, |(name, _)| name)
            .to_string()
    }

    fn names(&self, ids: &[PersonId]) -> String {
        let names: Vec<String> = ids.iter().map(|&id| self.name(id)).collect();
        self.l.list(&names)
    }

    /// The name of a professional's organisation.
    fn organisation(&self, professional: PersonId) -> Option<&'a str> {
        let view = self.view;
        view.professionals
            .get(&professional)
            .and_then(|p| view.organisations.get(&p.organisation))
            .map(|o| o.name.as_str())
    }

    /// A professional's name and organisation.
    fn professional(&self, id: PersonId) -> String {
        match self.organisation(id) {
            Some(organisation) => format!("{}, {organisation}", self.name(id)),
            None => self.name(id),
        }
    }

    /// Who someone is, and the label of it; someone the reader does not know sorts last.
    fn role(&self, id: PersonId) -> (Option<Kind>, &'static str) {
        let l = self.l;
        match self.known.get(&id).map(|(_, kind)| *kind) {
            None => (None, l.unknown_person),
            Some(kind) => (
                Some(kind),
                match kind {
                    Kind::MainPerson => l.role_main_person,
                    Kind::Network => l.role_network,
                    Kind::Professional => l.role_professional,
                    Kind::Interpreter => l.role_interpreter,
                    Kind::Coordinator => l.role_coordinator,
                },
            ),
        }
    }
}

/// What is needed to build the document.
pub(crate) struct Input<'a> {
    pub view: &'a CaseView,
    pub plan: &'a PlanVersion,
    pub l: &'static Labels,
    pub lang: &'static str,
    /// Who it is printed for, when printed for a named reader.
    pub printed_for: Option<PersonId>,
}

/// The document for one plan version as the view's reader may see it.
pub(crate) fn build<'a>(input: &Input<'a>) -> PlanPage<'a> {
    let Input {
        view,
        plan,
        l,
        lang,
        printed_for,
    } = *input;
    let people = People::new(view, l);
    let content = &plan.content;
    let plan_day = plan.submitted_at.date_naive();

    let main_names: Vec<String> = view
        .main_persons
        .iter()
        .flatten()
        .map(|m| m.person.name.clone())
        .collect();
    let about = match (&main_names[..], &view.subject) {
        ([], Some(subject)) => subject.name.clone(),
        (names, _) => l.list(names),
    };
    let kind = l.title(view.legal_basis);
    let title = if about.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} {} {about}", l.for_persons)
    };
    let head_title = format!("{title} ({} {})", l.version.to_lowercase(), plan.version);

    let mut facts = vec![
        fact(l.version, plan.version.to_string()),
        fact(l.date, l.date(plan_day)),
        fact(l.status, l.plan_status(plan.status)),
        fact(l.decided, decided_at(view, plan, &people)),
    ];
    let writer = if plan.by_scribe {
        format!("{}, {}", people.name(plan.written_by), l.on_behalf)
    } else {
        people.name(plan.written_by)
    };
    facts.push(fact(l.written_by, writer));
    if let Some(c) = &view.coordinator {
        facts.push(fact(l.coordinator, c.coordinator.person.name.clone()));
    }
    let sent: Vec<String> = view
        .distributions
        .iter()
        .flatten()
        .filter(|d| d.version == plan.version)
        .map(|d| l.date(d.at.date_naive()))
        .collect();
    if !sent.is_empty() {
        facts.push(fact(l.distributed_on, l.list(&sent)));
    }
    if let Some(reader) = printed_for {
        facts.push(fact(l.printed_for, people.name(reader)));
    }
    let newer = view
        .plans
        .iter()
        .flatten()
        .map(|p| p.version)
        .filter(|&v| v > plan.version)
        .max();

    let conferences = view.conferences.as_ref().map(|all| {
        all.iter()
            .filter(|c| c.date <= plan_day && !c.parts.is_empty())
            .map(|c| conference(c, &people))
            .collect()
    });

    let frameworks = view.frameworks.as_ref().map(|all| {
        // The frameworks this version answers to: handed in before it, or assessed for it.
        let mut relevant: Vec<&SafetyFramework> = all
            .values()
            .filter(|f| {
                f.submitted_at <= plan.submitted_at
                    || plan.assessments.iter().any(|a| a.framework == f.id)
                    || plan.not_tested.iter().any(|n| n.framework == f.id)
            })
            .collect();
        relevant.sort_by_key(|f| (f.submitted_at, f.id));
        FrameworksDoc {
            own_only: view.access.get(&Section::Frameworks) == Some(&Access::Own),
            assessments: relevant
                .iter()
                .map(|f| assessment(f, plan, &people))
                .collect(),
            attached: relevant
                .iter()
                .enumerate()
                .map(|(i, f)| framework(i + 1, f, &people))
                .collect(),
        }
    });

    let mut safeguards = vec![
        fact(l.monitors, people.names(&content.monitors)),
        fact(l.conveners, people.names(&content.conveners)),
    ];
    if let Some(contact) = &content.contact_arrangement {
        safeguards.push(fact(l.contact_arrangement, contact.clone()));
    }

    PlanPage {
        l,
        lang,
        head_title,
        title,
        facts,
        newer,
        questions: view.questions.iter().map(|q| q.text.as_str()).collect(),
        conferences,
        carriers: carriers(view, plan, &people),
        help: content
            .requested_help
            .iter()
            .map(|h| HelpDoc {
                what: &h.what,
                from: h
                    .from
                    .map_or_else(|| l.not_named.to_string(), |p| people.professional(p)),
                funding: h
                    .funding
                    .map(|f| format!("{}: {}", l.funding, l.funding_kind(f))),
            })
            .collect(),
        safeguards,
        evaluations: evaluations(view, plan, l),
        frameworks,
    }
}

/// Where the version was decided, in words: "op de evaluatie van 3 juli 2026".
fn decided_at(view: &CaseView, plan: &PlanVersion, people: &People) -> String {
    let l = people.l;
    let (at, day) = match &plan.decided_at {
        DecidedAt::Conference { number } => {
            let at = if *number <= 1 {
                l.at_conference
            } else {
                l.at_follow_up_conference
            };
            let day = view
                .conferences
                .iter()
                .flatten()
                .find(|c| c.number == *number)
                .map(|c| c.date);
            (at, day)
        }
        DecidedAt::Evaluation { evaluation } => {
            // The day it was held when the reader sees the follow-up, else the day planned.
            let held = view
                .evaluations
                .iter()
                .flat_map(|e| e.get(evaluation))
                .find_map(|e| e.held.as_ref().map(|h| h.held_on));
            let planned = view
                .plans
                .iter()
                .flatten()
                .flat_map(|p| &p.content.evaluations)
                .find(|m| m.id == *evaluation)
                .map(|m| m.planned_on);
            (l.at_evaluation, held.or(planned))
        }
        DecidedAt::Outside { on, by } => {
            return format!(
                "{} {}, {} {}",
                l.outside_meeting,
                l.date(*on),
                l.by,
                people.names(by)
            );
        }
    };
    match day {
        Some(day) => format!("{at} {} {}", l.of, l.date(day)),
        None => at.to_string(),
    }
}

fn conference_name(number: u32, l: &Labels) -> String {
    if number <= 1 {
        l.conference.to_string()
    } else {
        format!("{} ({number})", l.follow_up_conference)
    }
}

/// Who was at one conference, per part (private time may have been held more than once: a
/// person counts as present in it when they were there any of the times).
fn conference(c: &Conference, people: &People) -> ConferenceDoc {
    let l = people.l;
    let parts: Vec<ConferencePart> = ConferencePart::ALL
        .iter()
        .copied()
        .filter(|&part| c.parts.iter().any(|p| p.part == part))
        .collect();
    let mut present: Vec<PersonId> = c.parts.iter().flat_map(|p| p.present.clone()).collect();
    present.sort();
    present.dedup();
    let mut rows: Vec<(Option<Kind>, String, PersonId, AttendanceRow)> = present
        .into_iter()
        .map(|id| {
            let (kind, role) = people.role(id);
            let name = people.name(id);
            let row = AttendanceRow {
                name: name.clone(),
                role,
                present: parts
                    .iter()
                    .map(|&part| {
                        c.parts
                            .iter()
                            .any(|p| p.part == part && p.present.contains(&id))
                    })
                    .collect(),
            };
            (kind, name, id, row)
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = |r: &(Option<Kind>, String, PersonId, AttendanceRow)| {
            (r.0.is_none(), r.0, r.1.clone(), r.2)
        };
        key(a).cmp(&key(b))
    });
    ConferenceDoc {
        heading: format!(
            "{}, {}, {}",
            conference_name(c.number, l),
            l.date(c.date),
            c.place
        ),
        parts: parts.iter().map(|&p| l.part(p)).collect(),
        rows: rows.into_iter().map(|r| r.3).collect(),
        chair: c.chair.map(|p| people.name(p)),
    }
}

/// The agreements grouped per person who carries them, people in the order they first carry
/// one.
fn carriers<'a>(view: &'a CaseView, plan: &'a PlanVersion, people: &People) -> Vec<CarrierDoc<'a>> {
    let l = people.l;
    let mut groups: Vec<(PersonId, CarrierDoc<'a>)> = Vec::new();
    for (i, a) in plan.content.agreements.iter().enumerate() {
        let mut details = Vec::new();
        if let Some(start) = a.start {
            details.push(fact(l.from, l.date(start)));
        }
        if let Some(due) = a.due {
            details.push(fact(l.until, l.date(due)));
        }
        if let Some(how_often) = &a.frequency {
            details.push(fact(l.how_often, how_often.clone()));
        }
        if !a.supporters.is_empty() {
            details.push(fact(l.supporters, people.names(&a.supporters)));
        }
        if let Some(person) = a.for_person {
            details.push(fact(l.for_person, people.name(person)));
        }
        if let Some(funding) = a.funding {
            details.push(fact(l.funding, l.funding_kind(funding)));
        }
        let answers: Vec<String> = a
            .answers
            .iter()
            .filter_map(|item| item_text(view, *item))
            .map(str::to_string)
            .collect();
        if !answers.is_empty() {
            details.push(fact(l.answers, answers.join(" · ")));
        }
        for &carrier in &a.carried_by {
            let others: Vec<PersonId> = a
                .carried_by
                .iter()
                .copied()
                .filter(|&p| p != carrier)
                .collect();
            let doc = AgreementDoc {
                number: i + 1,
                what: &a.what,
                together: (!others.is_empty()).then(|| people.names(&others)),
                details: details.clone(),
            };
            match groups.iter_mut().find(|(p, _)| *p == carrier) {
                Some((_, group)) => group.agreements.push(doc),
                None => groups.push((
                    carrier,
                    CarrierDoc {
                        name: people.name(carrier),
                        agreements: vec![doc],
                    },
                )),
            }
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The text of a case question or of a framework item the reader may see.
fn item_text(view: &CaseView, item: ItemId) -> Option<&str> {
    view.questions
        .iter()
        .find(|q| q.id == item)
        .map(|q| q.text.as_str())
        .or_else(|| {
            view.frameworks
                .iter()
                .flat_map(|all| all.values())
                .find_map(|f| framework_items(f).find(|(_, i)| i.id == item))
                .map(|(_, i)| i.text.as_str())
        })
}

/// Which list of a framework an item is in.
#[derive(Clone, Copy)]
enum ItemKind {
    Concern,
    Condition,
    Question,
    Criterion,
}

impl ItemKind {
    fn label(self, l: &Labels) -> &'static str {
        match self {
            ItemKind::Concern => l.concern,
            ItemKind::Condition => l.condition,
            ItemKind::Question => l.framework_question,
            ItemKind::Criterion => l.criterion,
        }
    }
}

/// Every item of a framework, in the order it is printed: concerns, conditions, questions,
/// criteria.
fn framework_items(f: &SafetyFramework) -> impl Iterator<Item = (ItemKind, &FrameworkItem)> {
    let tag = |kind: ItemKind| move |i| (kind, i);
    f.concerns
        .iter()
        .map(tag(ItemKind::Concern))
        .chain(f.conditions.iter().map(tag(ItemKind::Condition)))
        .chain(f.questions.iter().map(tag(ItemKind::Question)))
        .chain(f.criteria.iter().map(tag(ItemKind::Criterion)))
}

/// The evaluation moments of the version, in date order; held or dropped ones say so when
/// the reader sees the follow-up.
fn evaluations(view: &CaseView, plan: &PlanVersion, l: &Labels) -> Vec<String> {
    let mut moments = plan.content.evaluations.clone();
    moments.sort_by_key(|m| (m.planned_on, m.id));
    moments
        .iter()
        .map(|m| {
            let day = l.date(m.planned_on);
            let recorded = view.evaluations.as_ref().and_then(|e| e.get(&m.id));
            match recorded {
                Some(e) if e.held.is_some() => {
                    let held = e
                        .held
                        .as_ref()
                        .map(|h| l.date(h.held_on))
                        .unwrap_or_default();
                    format!("{day} ({} {held})", l.held_on)
                }
                Some(e) if e.dropped_in.is_some() => format!("{day} ({})", l.dropped),
                _ => day,
            }
        })
        .collect()
}

/// One professional's assessment of the version against one framework.
fn assessment<'a>(
    f: &'a SafetyFramework,
    plan: &'a PlanVersion,
    people: &People,
) -> AssessmentDoc<'a> {
    let l = people.l;
    let who = people.professional(f.professional);
    if let Some(a) = plan.assessments.iter().find(|a| a.framework == f.id) {
        let on = l.date(a.at.date_naive());
        let summary = if a.accepted {
            format!("{} {on}", l.accepted_on)
        } else {
            format!("{} {on}", l.not_accepted_on)
        };
        let verdict = |v: &ConditionVerdict| match v {
            ConditionVerdict::Met => (true, l.met.to_string()),
            ConditionVerdict::NotMet { reason } => (false, format!("{}: {reason}", l.not_met)),
        };
        let mut verdicts: Vec<VerdictDoc<'a>> = framework_items(f)
            .filter_map(|(kind, item)| {
                a.verdicts.get(&item.id).map(|v| {
                    let (met, verdict) = verdict(v);
                    VerdictDoc {
                        kind: kind.label(l),
                        item: &item.text,
                        met,
                        verdict,
                    }
                })
            })
            .collect();
        // A verdict on an item the framework no longer lists (never expected): still shown.
        for (id, v) in &a.verdicts {
            if framework_items(f).all(|(_, i)| i.id != *id) {
                let (met, verdict) = verdict(v);
                verdicts.push(VerdictDoc {
                    kind: l.condition,
                    item: l.unknown_item,
                    met,
                    verdict,
                });
            }
        }
        return AssessmentDoc {
            who,
            summary,
            verdicts,
        };
    }
    let summary = match plan.not_tested.iter().find(|n| n.framework == f.id) {
        Some(n) => format!("{}: {}", l.not_tested, n.reason),
        None => l.not_yet_assessed.to_string(),
    };
    AssessmentDoc {
        who,
        summary,
        verdicts: Vec::new(),
    }
}

/// A framework as stapled to the plan.
fn framework<'a>(number: usize, f: &'a SafetyFramework, people: &People) -> FrameworkDoc<'a> {
    let l = people.l;
    let organisation = people
        .organisation(f.professional)
        .map(|o| format!("{o}, "))
        .unwrap_or_default();
    let list = |heading, items: &'a [FrameworkItem]| ItemList {
        heading,
        items: items.iter().map(|i| i.text.as_str()).collect(),
    };
    FrameworkDoc {
        heading: format!(
            "{} {number}: {} – {}",
            l.appendix,
            l.framework,
            people.name(f.professional)
        ),
        byline: format!(
            "{organisation}{} {}",
            l.submitted_on.to_lowercase(),
            l.date(f.submitted_at.date_naive())
        ),
        lists: [
            list(l.concerns, &f.concerns),
            list(l.conditions, &f.conditions),
            list(l.framework_questions, &f.questions),
            list(l.criteria, &f.criteria),
        ]
        .into_iter()
        .filter(|list| !list.items.is_empty())
        .collect(),
    }
}
