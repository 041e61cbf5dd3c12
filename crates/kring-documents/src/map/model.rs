//! What the map shows, taken from what the reader may see ([`CaseView`]) and put into
//! words: the cards of the people, the sides, the marks, the legend and the text
//! alternative. No geometry here.

use std::collections::{BTreeMap, BTreeSet};

use kring_domain::{
    Access, CaseView, ConferencePart, Identified, NetworkMember, PersonId, Section, Side,
};

use super::geom::{clean, wrap};
use super::words::{self, Fixed, fixed};
use crate::Lang;

/// The longest line of a name on a card, in characters.
const NAME_WIDTH: usize = 26;
/// The most lines of a name on a card.
const NAME_LINES: usize = 2;
/// The longest line of a relation or a role on a card.
const DETAIL_WIDTH: usize = 30;
/// The most lines of relations or roles on a card.
const DETAIL_LINES: usize = 4;

/// The map in words.
pub(super) struct Model {
    pub lang: Lang,
    /// The prefix of the ids in the SVG (`kring-map-<case id>`).
    pub doc_id: String,
    pub title: String,
    pub subtitle: Vec<String>,
    /// Said when the reader may not see the circle.
    pub caption: Option<String>,
    pub circle: Option<CircleModel>,
    pub outside_heading: String,
    pub outside: Vec<CardModel>,
    pub legend_heading: String,
    pub legend: Vec<LegendItem>,
    /// The text alternative: everything the map shows, in sentences.
    pub desc: String,
}

/// The main persons and the network.
pub(super) struct CircleModel {
    pub centre: Vec<CardModel>,
    pub sides: Vec<SideModel>,
}

/// One side of the family and its members, in their stable order.
pub(super) struct SideModel {
    pub side: Side,
    pub heading: String,
    /// Said under the heading when nobody is on this side.
    pub empty: Option<String>,
    pub members: Vec<CardModel>,
}

/// One person on the map.
pub(super) struct CardModel {
    pub person: PersonId,
    pub node: Node,
    pub marks: Vec<Mark>,
    pub name: Vec<String>,
    pub details: Vec<String>,
    /// Attendance in the information part, private time and the presentation.
    pub attendance: Option<[Attend; 3]>,
    /// A professional whose involvement has ended.
    pub ended: bool,
    /// The card in a sentence, for the text alternative.
    pub sentence: String,
}

/// The symbol that stands for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Node {
    Main,
    Member { side: Side, found: Identified },
    Professional,
    Coordinator,
    Interpreter,
}

/// A mark beside a person's symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Monitor,
    Convener,
    Minor,
}

/// A person's attendance in one part of the conference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Attend {
    Present,
    Absent,
    NotHeld,
}

/// One symbol of the legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LegendSymbol {
    Node(Node),
    /// A member's symbol in the outline of how they were found, without a side's colour.
    Found(Identified),
    Mark(Mark),
    Swatch(Side),
    Parts,
    Attend(Attend),
    Ended,
}

/// One line of the legend.
pub(super) struct LegendItem {
    pub symbol: LegendSymbol,
    pub text: String,
}

const PARTS: [ConferencePart; 3] = [
    ConferencePart::Information,
    ConferencePart::PrivateTime,
    ConferencePart::Presentation,
];

/// The first word of a name: how the circle refers to someone ("oom/tante van Daan").
fn first_name(name: &str) -> String {
    clean(name)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether a main person is a minor on the day of the case's last change.
fn minor_on(birth: Option<chrono::NaiveDate>, on: chrono::NaiveDate) -> bool {
    birth.is_some_and(|b| on.years_since(b).is_none_or(|y| y < 18))
}

/// The map of `view` in `lang`.
pub(super) fn build(view: &CaseView, lang: Lang) -> Model {
    let sees = |s: Section| view.access.get(&s).is_some_and(|a| *a != Access::Hidden);
    let doc_id = format!("kring-map-{}", view.id);

    // The latest conference, if one has begun, and the latest plan.
    let conference = view
        .conferences
        .as_ref()
        .and_then(|c| c.last())
        .filter(|c| !c.parts.is_empty());
    let attendance = |p: PersonId| -> Option<[Attend; 3]> {
        let c = conference?;
        Some(PARTS.map(|part| {
            let mut records = c.parts.iter().filter(|r| r.part == part).peekable();
            if records.peek().is_none() {
                Attend::NotHeld
            } else if records.any(|r| r.present.contains(&p)) {
                Attend::Present
            } else {
                Attend::Absent
            }
        }))
    };
    let plan = view.plans.as_ref().and_then(|p| p.last());
    let monitors: BTreeSet<PersonId> = plan
        .map(|p| p.content.monitors.iter().copied().collect())
        .unwrap_or_default();
    let conveners: BTreeSet<PersonId> = plan
        .map(|p| p.content.conveners.iter().copied().collect())
        .unwrap_or_default();

    // Subtitle: the case, the phase, the conference and the plan; for whom it was drawn.
    let mut subtitle = vec![format!(
        "{} {} · {} · {}: {}",
        fixed(Fixed::Case, lang),
        view.id,
        words::variant(view.variant, lang),
        fixed(Fixed::PhaseLabel, lang),
        words::phase(view.phase, lang),
    )];
    let mut second = Vec::new();
    if sees(Section::Conferences) {
        match conference {
            Some(c) => second.push(format!(
                "{} {} {} {}",
                fixed(Fixed::Conference, lang),
                c.number,
                fixed(Fixed::On, lang),
                c.date
            )),
            None => second.push(fixed(Fixed::NoConference, lang).to_string()),
        }
    }
    if sees(Section::Plan) {
        match plan {
            Some(p) => second.push(format!(
                "{} {} ({})",
                fixed(Fixed::PlanVersion, lang),
                p.version,
                words::plan_status(p.status, lang)
            )),
            None => second.push(fixed(Fixed::NoPlan, lang).to_string()),
        }
    }
    second.push(words::drawn_for(view.reader.role, lang).to_string());
    subtitle.push(capitalise(&second.join(" · ")));

    // Names of everyone in the circle, for relations.
    let mut names: BTreeMap<PersonId, &str> = BTreeMap::new();
    let main_ids: Vec<PersonId> = view
        .main_persons
        .iter()
        .flatten()
        .map(|m| m.person.id)
        .collect();
    for m in view.main_persons.iter().flatten() {
        names.insert(m.person.id, &m.person.name);
    }
    for (id, m) in view.network.iter().flatten() {
        names.insert(*id, &m.person.name);
    }

    let marks_of = |p: PersonId, minor: bool| {
        let mut marks = Vec::new();
        if monitors.contains(&p) {
            marks.push(Mark::Monitor);
        }
        if conveners.contains(&p) {
            marks.push(Mark::Convener);
        }
        if minor {
            marks.push(Mark::Minor);
        }
        marks
    };
    let card = |person: PersonId,
                node: Node,
                marks: Vec<Mark>,
                name: &str,
                details: Vec<String>,
                ended: bool| {
        let name = clean(name);
        let detail_text = details.join(", ");
        let attendance = attendance(person);
        let mut sentence = name.clone();
        let mut about: Vec<String> = Vec::new();
        if !detail_text.is_empty() {
            about.push(detail_text.clone());
        }
        if let Node::Member { found, .. } = node {
            about.push(words::found(found, lang).to_string());
        }
        for m in &marks {
            about.push(mark_text(*m, lang).to_string());
        }
        if ended {
            about.push(fixed(Fixed::Ended, lang).to_string());
        }
        if let Some(a) = attendance {
            let at: Vec<&str> = PARTS
                .iter()
                .zip(a)
                .filter(|(_, a)| *a == Attend::Present)
                .map(|(p, _)| words::part(*p, lang))
                .collect();
            if at.is_empty() {
                about.push(fixed(Fixed::PresentAtNone, lang).to_string());
            } else {
                about.push(format!(
                    "{}: {}",
                    fixed(Fixed::PresentAt, lang),
                    at.join(", ")
                ));
            }
        }
        if !about.is_empty() {
            sentence = format!("{sentence} ({})", about.join("; "));
        }
        CardModel {
            person,
            node,
            marks,
            name: wrap(&name, NAME_WIDTH, NAME_LINES),
            details: detail_lines(&details),
            attendance,
            ended,
            sentence,
        }
    };

    let mut desc = vec![format!(
        "{} · {}.",
        fixed(Fixed::Title, lang),
        subtitle.join(" · ")
    )];

    // The circle.
    let circle = match (&view.main_persons, &view.network) {
        (Some(main), Some(network)) => {
            let on = view.updated_at.date_naive();
            let centre: Vec<CardModel> = main
                .iter()
                .map(|m| {
                    let mut details = vec![fixed(Fixed::MainPerson, lang).to_string()];
                    if let Some(p) = m.party {
                        details.push(words::party(p, lang).to_string());
                    }
                    card(
                        m.person.id,
                        Node::Main,
                        marks_of(m.person.id, minor_on(m.person.birth_date, on)),
                        &m.person.name,
                        details,
                        false,
                    )
                })
                .collect();
            desc.push(format!(
                "{}: {}.",
                fixed(Fixed::Centre, lang),
                sentences(&centre)
            ));
            let mut members: Vec<&NetworkMember> = network.values().collect();
            members.sort_by(|a, b| {
                (a.side, a.identified_at, clean(&a.person.name), a.person.id).cmp(&(
                    b.side,
                    b.identified_at,
                    clean(&b.person.name),
                    b.person.id,
                ))
            });
            let sides: Vec<SideModel> = Side::ALL
                .iter()
                .map(|&side| {
                    let cards: Vec<CardModel> = members
                        .iter()
                        .filter(|m| m.side == side)
                        .map(|m| {
                            let mut details: Vec<String> = m
                                .relations
                                .iter()
                                .map(|r| {
                                    let word = r
                                        .label
                                        .as_deref()
                                        .map(clean)
                                        .filter(|l| !l.is_empty())
                                        .unwrap_or_else(|| {
                                            words::relation(r.kind, lang).to_string()
                                        });
                                    let only_main = main_ids.len() == 1 && main_ids[0] == r.to;
                                    match names.get(&r.to) {
                                        Some(n) if !only_main => {
                                            format!("{word} {} {}", words::of(lang), first_name(n))
                                        }
                                        _ => word,
                                    }
                                })
                                .collect();
                            if let Some(org) =
                                m.organisation.and_then(|o| view.organisations.get(&o))
                            {
                                details.push(clean(&org.name));
                            }
                            card(
                                m.person.id,
                                Node::Member {
                                    side,
                                    found: m.identified,
                                },
                                marks_of(m.person.id, m.minor),
                                &m.person.name,
                                details,
                                false,
                            )
                        })
                        .collect();
                    let heading = format!("{} ({})", words::side(side, lang), cards.len());
                    desc.push(if cards.is_empty() {
                        format!(
                            "{}: {}.",
                            words::side(side, lang),
                            fixed(Fixed::NoOneYet, lang)
                        )
                    } else {
                        format!("{}: {}.", words::side(side, lang), sentences(&cards))
                    });
                    SideModel {
                        side,
                        heading,
                        empty: cards
                            .is_empty()
                            .then(|| fixed(Fixed::NoOneYet, lang).to_string()),
                        members: cards,
                    }
                })
                .collect();
            Some(CircleModel { centre, sides })
        }
        _ => None,
    };
    let caption = circle
        .is_none()
        .then(|| fixed(Fixed::CircleHidden, lang).to_string());
    if let Some(c) = &caption {
        desc.push(c.clone());
    }

    // Outside the circle: the coordinator, the professionals, the interpreters.
    let mut outside = Vec::new();
    if let Some(a) = &view.coordinator {
        let c = &a.coordinator;
        let mut details = vec![fixed(Fixed::Coordinator, lang).to_string()];
        let mut orgs: Vec<String> = c
            .affiliations
            .iter()
            .filter_map(|o| view.organisations.get(o))
            .map(|o| clean(&o.name))
            .collect();
        orgs.sort();
        details.extend(orgs);
        outside.push(card(
            c.person.id,
            Node::Coordinator,
            Vec::new(),
            &c.person.name,
            details,
            false,
        ));
    }
    let mut professionals: Vec<_> = view.professionals.values().collect();
    let org_name = |p: &kring_domain::Professional| {
        view.organisations
            .get(&p.organisation)
            .map(|o| clean(&o.name))
            .unwrap_or_default()
    };
    professionals.sort_by(|a, b| {
        (org_name(a), clean(&a.person.name), a.person.id).cmp(&(
            org_name(b),
            clean(&b.person.name),
            b.person.id,
        ))
    });
    let mut any_ended = false;
    for p in professionals {
        let role = p
            .role_label
            .as_deref()
            .map(clean)
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| words::professional(p.role, lang).to_string());
        let mut details = vec![role];
        let org = org_name(p);
        if !org.is_empty() {
            details.push(org);
        }
        let ended = view.involvement_ended.iter().any(|e| match e.involvement {
            kring_domain::Involvement::Professional { person } => person == p.person.id,
            kring_domain::Involvement::Organisation { organisation } => {
                organisation == p.organisation
            }
        });
        any_ended |= ended;
        outside.push(card(
            p.person.id,
            Node::Professional,
            Vec::new(),
            &p.person.name,
            details,
            ended,
        ));
    }
    let mut any_interpreter = false;
    for (id, i) in view.interpreters.iter().flatten() {
        any_interpreter = true;
        let details = vec![format!(
            "{} ({})",
            fixed(Fixed::Interpreter, lang),
            clean(&i.language)
        )];
        outside.push(card(
            *id,
            Node::Interpreter,
            Vec::new(),
            &i.person.name,
            details,
            false,
        ));
    }
    if !outside.is_empty() {
        desc.push(format!(
            "{}: {}.",
            fixed(Fixed::Outside, lang),
            sentences(&outside)
        ));
    }

    // The legend: every symbol the map can show for this reader.
    let mut legend = Vec::new();
    let item = |symbol, text: &str| LegendItem {
        symbol,
        text: text.to_string(),
    };
    if let Some(c) = &circle {
        legend.push(item(
            LegendSymbol::Node(Node::Main),
            fixed(Fixed::LegendMain, lang),
        ));
        for s in &c.sides {
            legend.push(item(
                LegendSymbol::Swatch(s.side),
                words::side(s.side, lang),
            ));
        }
        for f in Identified::ALL {
            legend.push(item(LegendSymbol::Found(*f), words::found(*f, lang)));
        }
        legend.push(item(
            LegendSymbol::Mark(Mark::Minor),
            fixed(Fixed::Minor, lang),
        ));
    }
    if circle.is_some() && plan.is_some() {
        legend.push(item(
            LegendSymbol::Mark(Mark::Monitor),
            fixed(Fixed::Monitor, lang),
        ));
        legend.push(item(
            LegendSymbol::Mark(Mark::Convener),
            fixed(Fixed::Convener, lang),
        ));
    }
    if let Some(c) = conference {
        let parts: Vec<&str> = PARTS.iter().map(|p| words::part(*p, lang)).collect();
        legend.push(LegendItem {
            symbol: LegendSymbol::Parts,
            text: format!(
                "{} {}: {}",
                fixed(Fixed::LegendParts, lang),
                c.number,
                parts.join(" · ")
            ),
        });
        legend.push(item(
            LegendSymbol::Attend(Attend::Present),
            fixed(Fixed::Present, lang),
        ));
        legend.push(item(
            LegendSymbol::Attend(Attend::Absent),
            fixed(Fixed::Absent, lang),
        ));
        legend.push(item(
            LegendSymbol::Attend(Attend::NotHeld),
            fixed(Fixed::NotHeld, lang),
        ));
    }
    if view.coordinator.is_some() {
        legend.push(item(
            LegendSymbol::Node(Node::Coordinator),
            fixed(Fixed::Coordinator, lang),
        ));
    }
    if !view.professionals.is_empty() {
        legend.push(item(
            LegendSymbol::Node(Node::Professional),
            fixed(Fixed::LegendProfessional, lang),
        ));
    }
    if any_ended {
        legend.push(item(LegendSymbol::Ended, fixed(Fixed::Ended, lang)));
    }
    if any_interpreter {
        legend.push(item(
            LegendSymbol::Node(Node::Interpreter),
            fixed(Fixed::Interpreter, lang),
        ));
    }

    Model {
        lang,
        doc_id,
        title: fixed(Fixed::Title, lang).to_string(),
        subtitle,
        caption,
        circle,
        outside_heading: fixed(Fixed::Outside, lang).to_string(),
        outside,
        legend_heading: fixed(Fixed::Legend, lang).to_string(),
        legend,
        desc: desc.join(" "),
    }
}

/// The relations or roles of a card, each starting on a line of its own, at most
/// [`DETAIL_LINES`] lines in all (the last cut with an ellipsis when there is more).
fn detail_lines(details: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = details
        .iter()
        .flat_map(|d| wrap(d, DETAIL_WIDTH, DETAIL_LINES + 1))
        .collect();
    if lines.len() > DETAIL_LINES {
        lines.truncate(DETAIL_LINES);
        if let Some(last) = lines.last_mut() {
            let mut chars: Vec<char> = last.chars().collect();
            chars.truncate(DETAIL_WIDTH - 1);
            *last = chars.into_iter().collect::<String>().trim_end().to_string() + "…";
        }
    }
    lines
}

/// What a mark means.
fn mark_text(mark: Mark, lang: Lang) -> &'static str {
    match mark {
        Mark::Monitor => fixed(Fixed::Monitor, lang),
        Mark::Convener => fixed(Fixed::Convener, lang),
        Mark::Minor => fixed(Fixed::Minor, lang),
    }
}

/// The cards as one list in words.
fn sentences(cards: &[CardModel]) -> String {
    cards
        .iter()
        .map(|c| c.sentence.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text with its first letter in upper case.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
