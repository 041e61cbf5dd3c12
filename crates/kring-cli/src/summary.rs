//! A readable summary of one case, for the terminal. Contact details are never printed.

use std::fmt::Write;

use kring::Case;
use kring::domain::*;

fn name(case: &Case, id: PersonId) -> String {
    case.person(id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

fn names(case: &Case, ids: &[PersonId]) -> String {
    ids.iter()
        .map(|p| name(case, *p))
        .collect::<Vec<_>>()
        .join(", ")
}

fn items(out: &mut String, label: &str, list: &[FrameworkItem]) {
    for i in list {
        let _ = writeln!(out, "    {label}: {}", i.text);
    }
}

/// Renders the case.
pub fn render(case: &Case) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Case {} — {} ({})",
        case.id, case.variant, case.legal_basis
    );
    let _ = writeln!(o, "  {}", case.description);
    for q in &case.questions {
        let _ = writeln!(o, "  Question: {}", q.text);
    }
    let _ = writeln!(
        o,
        "  Main person(s): {}",
        case.main_persons
            .iter()
            .map(|m| m.person.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );

    for a in &case.antecedents {
        let _ = writeln!(
            o,
            "  Before the request: {}{}",
            a.kind,
            a.on.map_or(String::new(), |d| format!(" on {d}"))
        );
    }
    if let Some(d) = case.plan_deadline {
        let _ = writeln!(o, "  Own plan of action due: {d}");
    }
    for m in case.measures.values() {
        let history = m
            .history
            .iter()
            .map(|s| format!("{} {}", s.status, s.on))
            .collect::<Vec<_>>()
            .join(" → ");
        let _ = writeln!(
            o,
            "  Measure {} for {}: {history}",
            m.label.clone().unwrap_or_else(|| m.kind.to_string()),
            names(case, &m.concerns)
        );
    }

    let _ = writeln!(o, "\nPhases");
    for p in &case.phases {
        let _ = writeln!(
            o,
            "  {:<12} {}",
            p.phase.to_string(),
            p.at.format("%Y-%m-%d %H:%M")
        );
    }

    let _ = writeln!(
        o,
        "\nCircle ({} members besides the main persons)",
        case.network.len()
    );
    let mut members: Vec<&NetworkMember> = case.network.values().collect();
    members.sort_by_key(|m| m.identified_at);
    for m in members {
        let rel = m
            .relations
            .iter()
            .map(|r| format!("{} of {}", r.kind, name(case, r.to)))
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            o,
            "  {:<18} {} — {}, identified {} on {}, invitation {}",
            m.person.name,
            rel,
            match m.side {
                Side::Mothers => "mother's side",
                Side::Fathers => "father's side",
                Side::Own => "own circle",
            },
            m.identified,
            m.identified_at.format("%Y-%m-%d"),
            m.invitation
        );
    }
    for how in Identified::ALL {
        let n = case
            .network
            .values()
            .filter(|m| m.identified == *how)
            .count();
        let _ = writeln!(o, "  identified {how}: {n}");
    }
    for r in &case.representatives {
        let _ = writeln!(
            o,
            "  {} acts for {} ({})",
            name(case, r.person),
            name(case, r.for_person),
            r.kind
        );
    }
    for i in case.interpreters.values() {
        let _ = writeln!(
            o,
            "  Interpreter ({}) for {}: {}",
            i.language,
            names(case, &i.for_persons),
            i.person.name
        );
    }
    for f in &case.former_coordinators {
        let _ = writeln!(
            o,
            "  Former coordinator: {} until {} ({})",
            f.assignment.coordinator.person.name,
            f.ended_at.format("%Y-%m-%d"),
            f.reason
        );
    }
    if let Some(c) = &case.coordinator {
        let _ = writeln!(
            o,
            "  Coordinator: {} (region {}), assigned by regional manager {}{}",
            c.coordinator.person.name,
            c.coordinator.region,
            c.regional_manager,
            c.reason
                .as_ref()
                .map_or(String::new(), |r| format!(": {r}"))
        );
    }
    for p in case.professionals.values() {
        let ended = if case.involvement_ended(p.person.id) {
            ", involvement ended"
        } else {
            ""
        };
        let role = p.role_label.clone().unwrap_or_else(|| p.role.to_string());
        let _ = writeln!(o, "  Professional: {} ({role}{ended})", p.person.name);
    }
    for v in &case.views {
        let _ = writeln!(o, "  View of {}: \"{}\"", name(case, v.person), v.view);
    }

    for f in case.frameworks.values() {
        let _ = writeln!(o, "\nSafety framework of {}", name(case, f.professional));
        items(&mut o, "concern", &f.concerns);
        items(&mut o, "condition", &f.conditions);
        items(&mut o, "question", &f.questions);
        items(&mut o, "criterion", &f.criteria);
    }

    for c in &case.conferences {
        let _ = writeln!(
            o,
            "\nConference {} on {} at {} (language {}{})",
            c.number,
            c.date,
            c.place,
            c.language,
            if c.interpreter { ", interpreter" } else { "" }
        );
        for p in &c.parts {
            let _ = writeln!(
                o,
                "  {:<13} from {} with {} present",
                p.part.to_string(),
                p.started_at.format("%H:%M"),
                p.present.len()
            );
        }
        for i in &c.information {
            let _ = writeln!(o, "  {} informed: {}", name(case, i.given_by), i.summary);
        }
        if let Some(chair) = c.chair {
            let _ = writeln!(o, "  Private time chaired by {}", name(case, chair));
        }
    }

    for plan in &case.plans {
        let how = if plan.by_scribe {
            "written down by the coordinator for the circle"
        } else {
            "written by the circle"
        };
        let _ = writeln!(
            o,
            "\nPlan version {} — {} ({how}, {})",
            plan.version,
            plan.status,
            match &plan.decided_at {
                DecidedAt::Conference { number } => format!("decided at conference {number}"),
                DecidedAt::Evaluation { evaluation } =>
                    format!("decided at evaluation {evaluation}"),
                DecidedAt::Outside { on, by } => format!("decided on {on} by {}", names(case, by)),
            }
        );
        for a in &plan.content.agreements {
            let _ = writeln!(o, "  - {}", a.what);
            let _ = write!(o, "      carried by {}", names(case, &a.carried_by));
            if !a.supporters.is_empty() {
                let _ = write!(o, "; supported by {}", names(case, &a.supporters));
            }
            if let Some(s) = a.start {
                let _ = write!(o, "; from {s}");
            }
            if let Some(d) = a.due {
                let _ = write!(o, "; until {d}");
            }
            if let Some(f) = &a.frequency {
                let _ = write!(o, "; {f}");
            }
            let _ = writeln!(o);
        }
        for h in &plan.content.requested_help {
            let _ = writeln!(
                o,
                "  help asked: {}{}",
                h.what,
                h.from
                    .map_or(String::new(), |p| format!(" (of {})", name(case, p)))
            );
        }
        let _ = writeln!(
            o,
            "  Monitors: {}; convenes: {}",
            names(case, &plan.content.monitors),
            names(case, &plan.content.conveners)
        );
        let _ = writeln!(
            o,
            "  Evaluations planned: {}",
            plan.content
                .evaluations
                .iter()
                .map(|e| e.planned_on.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        for n in &plan.not_tested {
            let f = case.frameworks.get(&n.framework);
            let _ = writeln!(
                o,
                "  Not tested by {}: {}",
                f.map_or_else(|| n.framework.to_string(), |f| name(case, f.professional)),
                n.reason
            );
        }
        for a in &plan.assessments {
            let _ = writeln!(
                o,
                "  Assessed by {}: {}",
                name(case, a.professional),
                if a.accepted {
                    "accepted"
                } else {
                    "not accepted"
                }
            );
        }
    }

    if !case.evaluations.is_empty() {
        let _ = writeln!(o, "\nEvaluations");
        for e in case.evaluations.values() {
            match &e.held {
                Some(h) => {
                    let statuses = h
                        .reviews
                        .iter()
                        .map(|r| r.status.to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let _ = writeln!(
                        o,
                        "  planned {}, held {}: {} → next step {}",
                        e.planned_on, h.held_on, statuses, h.next_step
                    );
                }
                None => match e.dropped_in {
                    Some(v) => {
                        let _ = writeln!(o, "  planned {}, dropped by version {v}", e.planned_on);
                    }
                    None => {
                        let _ = writeln!(o, "  planned {}, not yet held", e.planned_on);
                    }
                },
            }
        }
    }
    for s in &case.signals {
        let _ = writeln!(
            o,
            "  Signal from {} on {}: {}{}",
            name(case, s.raised_by),
            s.at.format("%Y-%m-%d"),
            s.about,
            s.resolution
                .as_ref()
                .map_or(String::new(), |r| format!(" — resolved: {r}"))
        );
    }
    for m in &case.meetings {
        let _ = writeln!(
            o,
            "  Meeting ({}) on {} convened by {}: {} present",
            m.kind,
            m.on,
            name(case, m.convened_by),
            m.present.len()
        );
    }
    match &case.ending {
        Some(Ending::Closed { outcome, at, .. }) => {
            let _ = writeln!(o, "\nClosed on {}: {outcome}", at.format("%Y-%m-%d"));
        }
        Some(Ending::Withdrawn { reason, at }) => {
            let _ = writeln!(o, "\nWithdrawn on {}: {reason}", at.format("%Y-%m-%d"));
        }
        None => {}
    }
    for s in &case.satisfaction {
        let who = s
            .person
            .map_or(String::new(), |p| format!(", {}", name(case, p)));
        let _ = writeln!(o, "  Satisfaction ({}{who}): {}/10", s.group, s.score);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_shows_what_format_3_records() {
        let (s, _) = kring_testkit::recorded::recorded_story();
        let text = render(s.state());
        for expected in [
            "Before the request: report_to_hotline on 2026-06-20",
            "Measure placement for Noor Akgül: considered 2026-09-07 → averted",
            "Sanne de Wit acts for Noor Akgül (parent_with_authority)",
            "Interpreter (tr) for Ayşe Akgül: Deniz Yıldız",
            "Former coordinator: Aylin Kaya",
            "Professional: Bas Kok (neighbourhood sports coach, involvement ended)",
            "View of Noor Akgül: \"I want to stay at my school",
            "Joost Hendriks informed: What the supervision order asks",
            "Private time chaired by Lotte de Wit",
            "Not tested by Ria Smeets: The school doctor was ill",
            "dropped by version 2",
            "resolved: The coach calls the aunt",
            "Meeting (professionals_with_circle)",
            "Satisfaction (main_person, Emre Akgül): 6/10",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
    }
}
