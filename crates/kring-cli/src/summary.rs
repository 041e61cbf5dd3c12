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
    if let Some(c) = &case.coordinator {
        let _ = writeln!(
            o,
            "  Coordinator: {} (region {}), assigned by regional manager {}",
            c.coordinator.person.name, c.coordinator.region, c.regional_manager
        );
    }
    for p in case.professionals.values() {
        let _ = writeln!(o, "  Professional: {} ({})", p.person.name, p.role);
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
            match plan.decided_at {
                DecidedAt::Conference { number } => format!("decided at conference {number}"),
                DecidedAt::Evaluation { evaluation } =>
                    format!("decided at evaluation {evaluation}"),
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
                None => {
                    let _ = writeln!(o, "  planned {}, not yet held", e.planned_on);
                }
            }
        }
    }
    for s in &case.signals {
        let _ = writeln!(
            o,
            "  Signal from {} on {}: {}",
            name(case, s.raised_by),
            s.at.format("%Y-%m-%d"),
            s.about
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
        let _ = writeln!(o, "  Satisfaction ({}): {}/10", s.group, s.score);
    }
    o
}
