//! The plan document of the example case (`kring_testkit::example::full_story`): its
//! contents in both languages, the two versions, prints for readers who see less, refusals,
//! escaping, a document that loads nothing, and the same bytes every time.

use chrono::NaiveDate;
use kring_documents::Lang;
use kring_documents::plan::{PlanOptions, plan_html};
use kring_domain::*;
use kring_testkit::TimedCommand;
use kring_testkit::example::{self, Cast};

mod common;
use common::{assert_stated_ratios, colours, contrast, escaped, heading_levels};

/// The example case after follow-up: two plan versions, one framework.
fn story() -> (Case, Cast) {
    let (driver, cast) = example::full_story();
    (driver.case.expect("the example case"), cast)
}

fn print(case: &Case, version: Option<u32>, lang: Lang, reader: Option<Actor>) -> String {
    plan_html(
        case,
        &PlanOptions {
            version,
            lang,
            reader,
        },
    )
    .unwrap_or_else(|e| panic!("the plan could not be printed: {e}"))
}

fn name(case: &Case, person: PersonId) -> String {
    case.person(person)
        .expect("a person of the case")
        .name
        .clone()
}

fn assert_has(html: &str, text: &str) {
    assert!(html.contains(&escaped(text)), "the document lacks {text:?}");
}

fn assert_lacks(html: &str, text: &str) {
    assert!(!html.contains(&escaped(text)), "the document has {text:?}");
}

/// Replays commands into a case, as the example's driver ran them.
fn replay(id: CaseId, commands: &[TimedCommand]) -> Case {
    let mut case = None;
    for c in commands {
        execute(&mut case, id, c.actor, c.at, c.command.clone())
            .unwrap_or_else(|e| panic!("{} was refused: {e}", c.command.name()));
    }
    case.expect("the case was requested")
}

/// The labels each language must print for the example case, with the words of the
/// glossary in `docs/domain.md`.
fn labels(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nl => &[
            "Familiegroepsplan voor Daan Verhoef en Ilse Verhoef",
            "Versie",
            "Geaccepteerd",
            "Eigen Kracht-coördinator",
            "Vragen aan de conferentie",
            "Wie waren er op de conferentie",
            "Informatiedeel",
            "Besloten tijd",
            "Presentatie van het plan",
            "Afspraken",
            "Afspraak 1",
            "Gevraagde hulp",
            "Bewaker van het plan",
            "Wie de mensen bij elkaar roept",
            "Evaluatie",
            "Toetsing en acceptatie",
            "Kaders m.b.t. veiligheid",
            "Zorgen",
            "Kaders (voorwaarden)",
            "Criteria waaraan het plan getoetst wordt",
            "Voldaan",
        ],
        Lang::En => &[
            "Family group plan for Daan Verhoef and Ilse Verhoef",
            "Version",
            "Accepted",
            "Coordinator",
            "Questions for the conference",
            "Who was at the conference",
            "Information part",
            "Private time",
            "Plan presentation",
            "Agreements",
            "Agreement 1",
            "Requested help",
            "Monitor of the plan",
            "Convener",
            "Evaluation",
            "Assessment and acceptance",
            "Safety framework",
            "Concerns",
            "Conditions (bottom lines)",
            "Criteria the plan is tested against",
            "Met",
        ],
    }
}

#[test]
fn both_languages_print_the_whole_plan() {
    let (case, cast) = story();
    let latest = case.latest_plan().expect("a plan");
    let framework = &case.frameworks[&cast.framework];
    // The example's evaluations: planned at three and six months, each held a few days on.
    let planned: Vec<NaiveDate> = latest
        .content
        .evaluations
        .iter()
        .map(|m| m.planned_on)
        .collect();
    assert_eq!(
        planned,
        [
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 10, 2).unwrap()
        ]
    );
    for (lang, dates) in [
        (
            Lang::Nl,
            [
                "1 juli 2026 (gehouden op 3 juli 2026)",
                "2 oktober 2026",
                "1 april 2026",
                "op de evaluatie van 3 juli 2026",
            ],
        ),
        (
            Lang::En,
            [
                "1 July 2026 (held on 3 July 2026)",
                "2 October 2026",
                "1 April 2026",
                "at the evaluation of 3 July 2026",
            ],
        ),
    ] {
        let html = print(&case, None, lang, None);
        for label in labels(lang) {
            assert_has(&html, label);
        }
        for date in dates {
            assert_has(&html, date);
        }
        for a in &latest.content.agreements {
            assert_has(&html, &a.what);
        }
        for h in &latest.content.requested_help {
            assert_has(&html, &h.what);
        }
        assert_has(
            &html,
            latest.content.contact_arrangement.as_deref().unwrap(),
        );
        for q in &case.questions {
            assert_has(&html, &q.text);
        }
        for item in framework
            .concerns
            .iter()
            .chain(&framework.conditions)
            .chain(&framework.questions)
            .chain(&framework.criteria)
        {
            assert_has(&html, &item.text);
        }
        for person in case.people() {
            assert_has(&html, &name(&case, person));
        }
        assert_has(&html, "Jeugdbescherming Voorbeeldstad");
        // People by name, never by id; no id of any kind at all.
        for person in case.people() {
            assert!(!html.contains(&person.to_string()));
        }
        assert!(!html.contains(&case.id.to_string()));
        assert!(!html.contains("person_") && !html.contains("item_"));
        // The framework is stapled to the plan, on a page of its own.
        assert_eq!(html.matches("<section class=\"framework\">").count(), 1);
        // Printed as the coordinator distributes it: for no one in particular.
        assert_lacks(&html, "Afgedrukt voor");
        assert_lacks(&html, "Printed for");
    }
}

#[test]
fn the_agreements_are_grouped_per_person_who_carries_them() {
    let (case, cast) = story();
    let html = print(&case, Some(2), Lang::Nl, None);
    let section =
        &html[html.find("id=\"agreements\"").unwrap()..html.find("id=\"requested-help\"").unwrap()];
    let heading = |p: PersonId| format!("<h3>{}</h3>", escaped(&name(&case, p)));
    // People in the order they first carry an agreement.
    let order: Vec<usize> = [
        cast.friends_mother,
        cast.grandmother,
        cast.neighbour,
        cast.youth,
        cast.mother,
        cast.uncle,
    ]
    .iter()
    .map(|&p| section.find(&heading(p)).expect("a heading per carrier"))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // The dinner agreement is carried by three people: under each, with the same number.
    assert_eq!(section.matches("Afspraak 3").count(), 3);
    assert_has(section, "samen met Ilse Verhoef en Ruud Verhoef");
    // When, until when, how often and with whose support.
    for fact in [
        "<dt>Vanaf</dt><dd class=\"text\">2 april 2026</dd>",
        "<dt>Tot</dt><dd class=\"text\">28 september 2026</dd>",
        "<dt>Hoe vaak</dt><dd class=\"text\">twice a week</dd>",
        "<dt>Met steun van</dt><dd class=\"text\">Daan Verhoef</dd>",
    ] {
        assert!(section.contains(fact), "{fact}");
    }
}

#[test]
fn attendance_is_per_part() {
    let (case, cast) = story();
    let html = print(&case, None, Lang::En, None);
    // The professional and the coordinator are not there in private time (rule 2).
    for person in [cast.professional, cast.coordinator] {
        let row = format!("<th scope=\"row\">{}</th>", escaped(&name(&case, person)));
        let at = html.find(&row).expect("a row");
        let line = &html[at..at + html[at..].find("</tr>").unwrap()];
        assert_eq!(line.matches("✓").count(), 2, "{line}");
        assert_eq!(line.matches("–").count(), 1, "{line}");
    }
    let row = format!("<th scope=\"row\">{}</th>", name(&case, cast.uncle));
    let at = html.find(&row).expect("a row");
    let line = &html[at..at + html[at..].find("</tr>").unwrap()];
    assert_eq!(line.matches("✓").count(), 3, "{line}");
}

#[test]
fn version_1_and_2_differ_as_the_plan_did() {
    let (case, cast) = story();
    let v1 = &case.plan(1).unwrap().content;
    let v2 = &case.plan(2).unwrap().content;
    assert_ne!(v1.agreements[1].what, v2.agreements[1].what);
    for lang in [Lang::Nl, Lang::En] {
        let first = print(&case, Some(1), lang, None);
        let second = print(&case, Some(2), lang, None);
        assert_eq!(
            print(&case, None, lang, None),
            second,
            "the latest is version 2"
        );
        assert_has(&first, &v1.agreements[1].what);
        assert_lacks(&first, &v2.agreements[1].what);
        assert_has(&second, &v2.agreements[1].what);
        assert_lacks(&second, &v1.agreements[1].what);
        // The neighbour carries an agreement only from version 2 on.
        let neighbour = format!("<h3>{}</h3>", name(&case, cast.neighbour));
        assert!(!first.contains(&neighbour) && second.contains(&neighbour));
        // Version 2 planned a second evaluation.
        let (later, newer, decided_1, decided_2, sent, version) = match lang {
            Lang::Nl => (
                "2 oktober 2026",
                "Er is een nieuwere versie van dit plan: versie 2.",
                "op de Eigen Kracht-conferentie van 1 april 2026",
                "op de evaluatie van 3 juli 2026",
                "<dt>Verstuurd op</dt><dd>3 april 2026</dd>",
                "<dt>Versie</dt><dd>1</dd>",
            ),
            Lang::En => (
                "2 October 2026",
                "There is a newer version of this plan: version 2.",
                "at the family group conference of 1 April 2026",
                "at the evaluation of 3 July 2026",
                "<dt>Distributed on</dt><dd>3 April 2026</dd>",
                "<dt>Version</dt><dd>1</dd>",
            ),
        };
        assert_lacks(&first, later);
        assert_has(&second, later);
        assert_has(&first, newer);
        assert_lacks(&second, newer);
        assert_has(&first, decided_1);
        assert_has(&second, decided_2);
        // Only version 1 was sent round.
        assert!(first.contains(sent) && !second.contains(sent));
        assert!(first.contains(version) && !second.contains(version));
    }
}

/// The example up to the assessment of version 2, with a second professional who hands in a
/// framework of their own, accepts version 1 and finds a condition not met in version 2.
fn story_with_second_professional() -> (Case, Cast, FrameworkId) {
    let (mut driver, cast) = example::full_story();
    let coach = Person {
        id: driver.new_id(),
        name: "Noor Hendriks".into(),
        birth_date: None,
        languages: vec![],
    };
    let (framework, condition, concern): (FrameworkId, ItemId, ItemId) =
        (driver.new_id(), driver.new_id(), driver.new_id());
    let coach_actor = Actor::new(coach.id, Role::Professional);
    let mut commands = Vec::new();
    for c in &driver.commands {
        let mut c = c.clone();
        if let Command::DistributePlan {
            frameworks_attached,
            ..
        } = &mut c.command
        {
            frameworks_attached.push(framework);
        }
        commands.push(c.clone());
        match &c.command {
            Command::SubmitFramework { .. } => {
                let at = c.at;
                commands.push(TimedCommand {
                    actor: cast.coordinator(),
                    at,
                    command: Command::AddProfessional {
                        professional: Professional {
                            person: coach.clone(),
                            organisation: cast.organisation,
                            role: ProfessionalRole::FamilyCoach,
                            role_label: None,
                        },
                    },
                });
                commands.push(TimedCommand {
                    actor: coach_actor,
                    at,
                    command: Command::SubmitFramework {
                        framework: NewFramework {
                            id: framework,
                            concerns: vec![FrameworkItem {
                                id: concern,
                                text: "Daan has missed many school days this year.".into(),
                            }],
                            conditions: vec![FrameworkItem {
                                id: condition,
                                text: "Daan goes to school every school day.".into(),
                            }],
                            questions: vec![],
                            criteria: vec![],
                        },
                    },
                });
            }
            Command::AssessPlan { version, .. } => {
                let verdict = if *version == 1 {
                    ConditionVerdict::Met
                } else {
                    ConditionVerdict::NotMet {
                        reason: "Thursdays are not covered yet.".into(),
                    }
                };
                commands.push(TimedCommand {
                    actor: coach_actor,
                    at: c.at,
                    command: Command::AssessPlan {
                        version: *version,
                        framework,
                        verdicts: vec![(condition, verdict)],
                    },
                });
                if *version == 2 {
                    break;
                }
            }
            _ => {}
        }
    }
    (replay(driver.id, &commands), cast, framework)
}

#[test]
fn a_network_members_print_leaves_out_what_their_role_does_not_read() {
    let (case, cast) = story();
    let uncle = cast.uncle();
    let everything = print(&case, None, Lang::Nl, None);
    let html = print(&case, None, Lang::Nl, Some(uncle));
    assert!(html.contains(&format!(
        "<dt>Afgedrukt voor</dt><dd>{}</dd>",
        escaped(&name(&case, cast.uncle))
    )));
    let framework = &case.frameworks[&cast.framework];
    // Each part of the case the document reads, and a text of it that only that part holds:
    // present exactly when `Section::access` lets a network member read it.
    let parts: [(Section, &str); 4] = [
        (Section::Conferences, "Community centre, Voorbeeldstad"),
        (Section::Frameworks, framework.criteria[0].text.as_str()),
        (Section::FollowUp, "gehouden op 3 juli 2026"),
        (Section::Request, case.description.as_str()),
    ];
    for (section, text) in parts {
        let shown = section.access(Role::NetworkMember) != Access::Hidden;
        assert_eq!(
            html.contains(&escaped(text)),
            shown,
            "{section}: {text:?} for a network member"
        );
        if section != Section::Request {
            assert_has(&everything, text);
        }
    }
    // The request (the referrer's description) is hidden from a network member.
    assert_eq!(Section::Request.access(Role::NetworkMember), Access::Hidden);
    assert_eq!(
        html.contains("Niet getoond voor deze lezer."),
        parts
            .iter()
            .any(|(s, _)| *s != Section::Request && s.access(Role::NetworkMember) == Access::Hidden)
    );
    // Apart from who it is printed for, the uncle reads the plan as it was distributed.
    let without = |h: &str| {
        h.lines()
            .filter(|l| !l.contains("Afgedrukt voor"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without(&html), without(&everything));
}

#[test]
fn a_professional_reads_only_their_own_framework_and_verdicts() {
    let (case, cast, theirs) = story_with_second_professional();
    let other = &case.frameworks[&theirs];
    let own = &case.frameworks[&cast.framework];
    assert_eq!(Section::Frameworks.access(Role::Professional), Access::Own);
    assert_eq!(Section::Frameworks.access(Role::NetworkMember), Access::All);
    // Version 2 is not accepted: the second framework's condition is not met.
    assert_eq!(case.latest_plan().unwrap().status, PlanStatus::NotAccepted);

    let html = print(&case, None, Lang::En, Some(cast.professional()));
    assert_has(&html, &own.conditions[0].text);
    assert_lacks(&html, &other.conditions[0].text);
    assert_lacks(&html, &other.concerns[0].text);
    assert_lacks(&html, "Thursdays are not covered yet.");
    assert_has(&html, "Only this reader's own framework is included.");
    assert_eq!(html.matches("<section class=\"framework\">").count(), 1);

    for reader in [None, Some(cast.uncle())] {
        let html = print(&case, None, Lang::En, reader);
        assert_has(&html, &own.conditions[0].text);
        assert_has(&html, &other.conditions[0].text);
        assert_has(&html, "Not met: Thursdays are not covered yet.");
        assert_has(&html, "Not accepted on");
        assert_has(&html, "Noor Hendriks, Jeugdbescherming Voorbeeldstad");
        assert_lacks(&html, "Only this reader's own framework is included.");
        assert_eq!(html.matches("<section class=\"framework\">").count(), 2);
    }
}

#[test]
fn a_stranger_and_a_role_that_does_not_read_the_plan_are_refused() {
    let (mut driver, cast) = example::full_story();
    let stranger: PersonId = driver.new_id();
    let case = driver.case.expect("the example case");
    for reader in [
        Actor::new(stranger, Role::NetworkMember),
        Actor::new(stranger, Role::Coordinator),
        // The uncle does not hold the role of professional in the case.
        Actor::new(cast.uncle, Role::Professional),
        // A regional manager holds their role, but does not read the plan.
        cast.regional_manager(),
    ] {
        let err = plan_html(
            &case,
            &PlanOptions {
                reader: Some(reader),
                ..Default::default()
            },
        )
        .expect_err("refused");
        assert_eq!(err.code(), "permission_denied", "{err}");
    }
}

#[test]
fn an_unknown_version_and_a_case_without_a_plan_are_refused() {
    let (case, cast) = story();
    for version in [0, 3, u32::MAX] {
        let err = plan_html(
            &case,
            &PlanOptions {
                version: Some(version),
                ..Default::default()
            },
        )
        .expect_err("no such version");
        assert_eq!(err.code(), "not_found");
        let text = err.to_string();
        assert!(text.contains(&case.id.to_string()), "{text}");
        assert!(text.contains(&version.to_string()), "{text}");
    }
    // Before private time ends there is no plan: for the coordinator, nor for anyone else.
    let (early, _) = example::case_in_private_time();
    assert!(early.plans.is_empty());
    for reader in [None, Some(cast.coordinator()), Some(cast.uncle())] {
        let err = plan_html(
            &early,
            &PlanOptions {
                reader,
                ..Default::default()
            },
        )
        .expect_err("no plan yet");
        assert_eq!(err.code(), "not_found");
        assert!(err.to_string().contains(&early.id.to_string()), "{err}");
    }
}

const SCRIPT: &str = "<script>alert(1)</script>";
const MARKUP: &str = "\"quotes\" & <b>tags</b>";

/// The example with hostile text in a name, an agreement, a place and a framework, and the
/// uncle's contact details recorded with his consent.
fn hostile_story() -> (Case, Cast) {
    let (driver, cast) = example::full_story();
    let hostile = format!("{SCRIPT} {MARKUP}");
    let mut commands = Vec::new();
    for c in &driver.commands {
        let mut c = c.clone();
        let mut contact = None;
        match &mut c.command {
            Command::AddNetworkMember { member } if member.person.id == cast.uncle => {
                member.person.name = format!("Ruud {hostile}");
                contact = Some(TimedCommand {
                    actor: cast.uncle(),
                    at: c.at,
                    command: Command::RecordContactDetails {
                        person: cast.uncle,
                        details: ContactDetails {
                            phone: Some("06-98765432".into()),
                            email: Some("ruud@example.invalid".into()),
                            address: Some("Voorbeeldlaan 12, Voorbeeldstad".into()),
                        },
                        consent: true,
                    },
                });
            }
            Command::SubmitPlan { content } | Command::RevisePlan { content, .. } => {
                content.agreements[0].what = format!("{hostile} Daan lives with Petra Smit.");
            }
            Command::ScheduleConference { conference } => {
                conference.place = format!("{hostile} Community centre");
            }
            Command::SubmitFramework { framework } => {
                framework.conditions[0].text = format!("{hostile} Daan does not live at home.");
            }
            _ => {}
        }
        commands.push(c);
        commands.extend(contact);
    }
    (replay(driver.id, &commands), cast)
}

#[test]
fn every_text_from_the_case_is_escaped() {
    let (case, cast) = hostile_story();
    assert!(case.contact_details(cast.uncle).is_some());
    for reader in [None, Some(cast.uncle()), Some(cast.professional())] {
        for lang in [Lang::Nl, Lang::En] {
            let html = print(&case, None, lang, reader);
            assert!(!html.contains("<script"), "a raw script tag");
            assert!(!html.contains("<b>") && !html.contains("\"quotes\""));
            let script = "&#60;script&#62;alert(1)&#60;/script&#62;";
            let markup = "&#34;quotes&#34; &#38; &#60;b&#62;tags&#60;/b&#62;";
            assert_eq!(escaped(SCRIPT), script);
            assert_eq!(escaped(MARKUP), markup);
            // In the name (wherever the uncle appears), the agreement, the place and the
            // framework (in the acceptance and in the framework stapled to the plan).
            let escaped_name = escaped(&name(&case, cast.uncle));
            assert!(html.matches(&escaped_name).count() >= 3);
            assert!(html.contains(&escaped(&format!(
                "{SCRIPT} {MARKUP} Daan lives with Petra Smit."
            ))));
            assert!(html.contains(&escaped(&format!("{SCRIPT} {MARKUP} Community centre"))));
            assert_eq!(
                html.matches(&escaped(&format!(
                    "{SCRIPT} {MARKUP} Daan does not live at home."
                )))
                .count(),
                // The condition's verdict, the agreement it answers, and the framework.
                3
            );
            // Contact details are never printed, whatever the reader may see of them.
            for detail in ["06-98765432", "ruud@example.invalid", "Voorbeeldlaan"] {
                assert!(!html.contains(detail), "{detail}");
            }
        }
    }
}

#[test]
fn the_document_loads_nothing_and_is_well_formed() {
    let (case, cast) = story();
    for lang in [Lang::Nl, Lang::En] {
        for reader in [
            None,
            Some(cast.uncle()),
            Some(cast.youth()),
            Some(cast.professional()),
        ] {
            let html = print(&case, Some(1), lang, reader);
            assert!(html.starts_with("<!DOCTYPE html>\n"));
            assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())));
            assert!(html.contains("<meta charset=\"utf-8\">"));
            assert!(html.contains("<title>") && html.contains("</title>"));
            for external in [
                "http://", "https://", "src=", "<link", "<script", "url(", "@import", "<img",
                "<iframe",
            ] {
                assert!(!html.contains(external), "{external}");
            }
            // Print: A4, frameworks on a page of their own, agreements kept whole, long
            // words wrapped, tables within the page.
            for css in [
                "@page { size: A4;",
                "section.framework { break-before: page; page-break-before: always; }",
                "break-inside: avoid; page-break-inside: avoid;",
                "overflow-wrap: anywhere",
                "table { width: 100%; table-layout: fixed;",
            ] {
                assert!(html.contains(css), "{css}");
            }
            assert!(html.contains(".agreement {") && html.contains(".framework-list {"));
            // One h1, first; then no heading deeper than one level below the one before.
            let levels = heading_levels(&html);
            assert_eq!(levels.first(), Some(&1));
            assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1);
            assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{levels:?}");
            assert!(levels.iter().all(|&l| l <= 3), "{levels:?}");
            // Tables have header cells with a scope.
            assert!(html.matches("<th scope=\"col\">").count() >= 4);
            assert!(html.contains("<th scope=\"row\">"));
            assert!(!html.contains("<th>"));
        }
    }
}

#[test]
fn every_text_colour_has_a_contrast_of_at_least_4_5_on_every_background() {
    let (case, _) = story();
    let html = print(&case, None, Lang::Nl, None);
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    let texts = colours(style, "color: ");
    let backgrounds = colours(style, "background: ");
    assert!(
        texts.len() >= 4 && backgrounds.len() >= 3,
        "{texts:?} {backgrounds:?}"
    );
    // Every colour written as `#rrggbb`, so that each is checked below.
    for colour in texts.iter().chain(&backgrounds) {
        assert!(colour.starts_with('#'), "{colour}");
    }
    for text in &texts {
        for background in &backgrounds {
            let ratio = contrast(text, background);
            assert!(ratio >= 4.5, "{text} on {background}: {ratio:.2}");
        }
    }
    // The ratios the style sheet's comment states.
    assert_stated_ratios(
        style,
        &[
            ("#1a1a1a", "#ffffff", 17.4),
            ("#1a1a1a", "#eeeeee", 15.0),
            ("#1a1a1a", "#f6f6f6", 16.1),
            ("#4a4a4a", "#ffffff", 8.9),
            ("#4a4a4a", "#eeeeee", 7.6),
            ("#4a4a4a", "#f6f6f6", 8.2),
            ("#1e6b2e", "#ffffff", 6.6),
            ("#a40000", "#ffffff", 8.1),
        ],
    );
}

#[test]
fn the_same_case_and_options_give_the_same_bytes() {
    let (case, cast) = story();
    let (driver, _) = example::full_story();
    let again = replay(driver.id, &driver.commands);
    for lang in [Lang::Nl, Lang::En] {
        for reader in [None, Some(cast.uncle())] {
            let first = print(&case, None, lang, reader);
            assert_eq!(first, print(&case, None, lang, reader));
            assert_eq!(first, print(&again, None, lang, reader));
        }
    }
}

/// Writes the example's plan in both languages to `target/documents/`, to open in a browser.
#[test]
fn writes_the_example_plan_for_a_browser() {
    let (case, _) = story();
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("documents");
    std::fs::create_dir_all(&target).unwrap();
    for lang in [Lang::Nl, Lang::En] {
        let path = target.join(format!("plan-{}.html", lang.code()));
        std::fs::write(&path, print(&case, None, lang, None)).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() > 1000);
    }
}
