//! The network map: what it shows, for whom, in which language, and that it stays legible
//! (no two boxes overlap, nothing leaves the viewBox) for circles of 4 to 30 members.

use kring_documents::Lang;
use kring_documents::map::{
    BoxKind, LaidBox, MapLayout, MapOptions, Rect, Region, layout, network_map_svg,
};
use kring_domain::*;
use kring_testkit::{CaseDriver, example};

fn options(lang: Lang, reader: Option<Actor>) -> MapOptions {
    MapOptions { lang, reader }
}

fn en() -> MapOptions {
    options(Lang::En, None)
}

/// First names and surnames for the members added to the example (all invented).
const FIRST: [&str; 26] = [
    "Anouk", "Bram", "Chantal", "Dirk", "Esra", "Floor", "Gijs", "Hanna", "Ivo", "Jasmijn", "Kees",
    "Lotte", "Mehmet", "Noor", "Otto", "Priya", "Quinten", "Roos", "Sem", "Tess", "Umut", "Vera",
    "Wout", "Yara", "Zeynep", "Bart",
];
const LAST: [&str; 7] = [
    "de Boer", "Kuipers", "van Dijk", "Mulder", "Yılmaz", "Hoekstra", "Bakker",
];

/// The `i`-th added member: sides (unless `one_side`), relations, how they were found and
/// minors vary; one has a long name and one a long relation label in words.
fn new_member(
    s: &mut CaseDriver,
    cast: &example::Cast,
    i: usize,
    identified: Identified,
    one_side: Option<Side>,
) -> NewNetworkMember {
    let name = match i {
        3 => "Maria-Magdalena van den Heuvel-Schoonhoven".to_string(),
        _ => format!("{} {}", FIRST[i % FIRST.len()], LAST[i % LAST.len()]),
    };
    let side = one_side.unwrap_or(match i % 7 {
        0..=2 => Side::Own,
        3 | 4 => Side::Mothers,
        _ => Side::Fathers,
    });
    let kinds = RelationKind::ALL;
    NewNetworkMember {
        person: s.person(&name),
        relations: vec![Relation {
            to: if i % 2 == 0 { cast.youth } else { cast.mother },
            kind: kinds[i % kinds.len()],
            side: None,
            label: (i == 5).then(|| "peetoom, voetbaltrainer en steun bij het huiswerk".into()),
        }],
        side,
        minor: i % 5 == 2,
        identified,
        also: Vec::new(),
        organisation: None,
    }
}

/// The example story (conference, plan, evaluations, closure) with `extra` members added:
/// all but one before the conference starts, the last one (when there are two or more) at
/// the conference. `named` members with the given names come first. All on `one_side`
/// when given.
fn story_with(extra: usize, named: &[&str], one_side: Option<Side>) -> (Case, example::Cast) {
    let (full, cast) = example::full_story();
    let start = full
        .commands
        .iter()
        .position(|c| c.command.name() == "start_conference")
        .expect("the story has a conference");
    let mut s = full.before("start_conference");
    let coordinator = cast.coordinator();
    let at_conference = usize::from(extra >= 2);
    for (i, name) in named.iter().enumerate() {
        let mut m = new_member(&mut s, &cast, i, Identified::WideningCircle, one_side);
        m.person.name = name.to_string();
        m.relations[0].label = Some(format!("{name} (label)"));
        s.run(coordinator, Command::AddNetworkMember { member: m })
            .expect("named member");
    }
    for i in 0..extra - at_conference {
        let found = if i % 2 == 0 {
            Identified::AtIntake
        } else {
            Identified::WideningCircle
        };
        let m = new_member(&mut s, &cast, i, found, one_side);
        s.run(coordinator, Command::AddNetworkMember { member: m })
            .expect("member");
    }
    for (k, c) in full.commands[start..].iter().enumerate() {
        s.run_at(c.actor, c.at, c.command.clone())
            .unwrap_or_else(|e| panic!("replaying {}: {e}", c.command.name()));
        if k == 0 && at_conference == 1 {
            let m = new_member(&mut s, &cast, extra - 1, Identified::AtConference, one_side);
            s.run(coordinator, Command::AddNetworkMember { member: m })
                .expect("member at the conference");
        }
    }
    (s.case.expect("case"), cast)
}

/// A case whose circle has `n` members (4 to 30).
fn circle_of(n: usize) -> (Case, example::Cast) {
    assert!(n >= 4);
    story_with(n - 4, &[], None)
}

fn example_case() -> (Case, example::Cast) {
    let (s, cast) = example::full_story();
    (s.case.expect("case"), cast)
}

/// A small check that the SVG is well-formed XML: one root, balanced tags, quoted
/// attributes without `<`, no attribute twice, and only the predefined or numeric entities.
fn well_formed(xml: &str) -> Result<usize, String> {
    fn entities(text: &str) -> Result<(), String> {
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            let tail = &rest[at + 1..];
            let end = tail.find(';').ok_or("an unterminated entity")?;
            let name = &tail[..end];
            let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || name
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || name
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("unknown entity &{name};"));
            }
            rest = &tail[end + 1..];
        }
        Ok(())
    }
    fn is_name(s: &str) -> bool {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-'))
    }
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut elements = 0;
    let mut i = 0;
    while i < xml.len() {
        let rest = &xml[i..];
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("an unterminated end tag")?;
            let name = after[..end].trim_end();
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            i += 2 + end + 1;
        } else if rest.starts_with("<!--") {
            i += rest.find("-->").ok_or("an unterminated comment")? + 3;
        } else if let Some(after) = rest.strip_prefix('<') {
            let name_end = after
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .ok_or("an unterminated tag")?;
            let name = &after[..name_end];
            if !is_name(name) {
                return Err(format!("bad element name {name:?}"));
            }
            if stack.is_empty() {
                roots += 1;
            }
            elements += 1;
            let mut j = name_end;
            let mut seen = Vec::new();
            loop {
                let t = &after[j..];
                let trimmed = t.trim_start();
                j += t.len() - trimmed.len();
                if trimmed.starts_with("/>") {
                    j += 2;
                    break;
                }
                if trimmed.starts_with('>') {
                    j += 1;
                    stack.push(name);
                    break;
                }
                let eq = trimmed.find('=').ok_or("an attribute without a value")?;
                let attr = trimmed[..eq].trim_end();
                if !is_name(attr) || seen.contains(&attr) {
                    return Err(format!("bad or repeated attribute {attr:?} on <{name}>"));
                }
                seen.push(attr);
                let value = trimmed[eq + 1..].trim_start();
                let quote = value.chars().next().ok_or("a missing value")?;
                if quote != '"' && quote != '\'' {
                    return Err(format!("unquoted attribute {attr}"));
                }
                let close = value[1..].find(quote).ok_or("an unterminated value")?;
                let v = &value[1..1 + close];
                if v.contains('<') {
                    return Err(format!("`<` in attribute {attr}"));
                }
                entities(v)?;
                j += (trimmed.len() - value.len()) + 1 + close + 1;
            }
            i += 1 + j;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root: {text:?}"));
            }
            entities(text)?;
            i += end;
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements: {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(elements)
}

/// The legibility of a layout: every box inside the viewBox; no two texts or symbols
/// overlap, nor two cards; every text and symbol of a person inside that person's card;
/// every member's card inside their side's sector.
fn check_geometry(l: &MapLayout, what: &str) {
    let boxes = l.boxes();
    let view = Rect {
        x: 0.0,
        y: 0.0,
        w: l.width,
        h: l.height,
    };
    for b in &boxes {
        assert!(
            view.contains(&b.rect),
            "{what}: {b:?} leaves the viewBox {view:?}"
        );
    }
    let leaves: Vec<&LaidBox> = boxes
        .iter()
        .filter(|b| matches!(b.kind, BoxKind::Name | BoxKind::Text | BoxKind::Symbol))
        .collect();
    for (i, a) in leaves.iter().enumerate() {
        for b in &leaves[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect), "{what}: {a:?} overlaps {b:?}");
        }
    }
    let cards: Vec<&LaidBox> = boxes.iter().filter(|b| b.kind == BoxKind::Card).collect();
    for (i, a) in cards.iter().enumerate() {
        for b in &cards[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "{what}: cards {a:?} and {b:?} overlap"
            );
        }
    }
    for leaf in leaves.iter().filter(|b| b.person.is_some()) {
        let card = cards
            .iter()
            .find(|c| c.person == leaf.person)
            .unwrap_or_else(|| panic!("{what}: no card for {leaf:?}"));
        assert!(
            card.rect.contains(&leaf.rect),
            "{what}: {leaf:?} outside its card"
        );
    }
    // Texts of the sectors' headings do not overlap cards either.
    for t in leaves.iter().filter(|b| b.person.is_none()) {
        for c in &cards {
            assert!(
                !t.rect.overlaps(&c.rect),
                "{what}: {t:?} overlaps card {c:?}"
            );
        }
    }
    if let Some((cx, cy)) = l.centre {
        for c in &cards {
            let Region::Side(side) = c.region else {
                continue;
            };
            let sector = l.sectors.iter().find(|s| s.side == side).expect("sector");
            for (x, y) in [
                (c.rect.x, c.rect.y),
                (c.rect.right(), c.rect.y),
                (c.rect.x, c.rect.bottom()),
                (c.rect.right(), c.rect.bottom()),
                (c.rect.cx(), c.rect.cy()),
            ] {
                let a = angle_from(x - cx, y - cy, sector.from);
                assert!(
                    a <= sector.to,
                    "{what}: a corner of {c:?} is outside the sector of {side}"
                );
            }
        }
    }
}

/// The angle of a point around the centre, counter-clockwise from the right, in
/// `[from, from + 2π)`.
fn angle_from(x: f64, y: f64, from: f64) -> f64 {
    let tau = std::f64::consts::TAU;
    let mut a = (-y).atan2(x);
    while a < from {
        a += tau;
    }
    while a >= from + tau {
        a -= tau;
    }
    a
}

/// The lines of a person's name on the map, joined.
fn name_on_map(boxes: &[LaidBox], person: PersonId) -> String {
    boxes
        .iter()
        .filter(|b| b.kind == BoxKind::Name && b.person == Some(person))
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn card_of(boxes: &[LaidBox], person: PersonId) -> &LaidBox {
    let cards: Vec<&LaidBox> = boxes
        .iter()
        .filter(|b| b.kind == BoxKind::Card && b.person == Some(person))
        .collect();
    assert_eq!(cards.len(), 1, "one card for {person}");
    cards[0]
}

fn symbols_of(boxes: &[LaidBox], person: PersonId) -> Vec<&str> {
    boxes
        .iter()
        .filter(|b| b.kind == BoxKind::Symbol && b.person == Some(person))
        .map(|b| b.text.as_str())
        .collect()
}

#[test]
fn the_main_persons_are_at_the_centre_and_the_members_on_their_sides() {
    let (case, cast) = example_case();
    let l = layout(&case, &en()).unwrap();
    let boxes = l.boxes();
    let (cx, cy) = l.centre.expect("the coordinator sees the circle");
    let centre = [cast.youth, cast.mother]
        .map(|p| card_of(&boxes, p))
        .map(|c| {
            assert_eq!(c.region, Region::Centre);
            c.rect
        });
    let both = Rect {
        x: centre[0].x.min(centre[1].x),
        y: centre[0].y.min(centre[1].y),
        w: centre[0].right().max(centre[1].right()) - centre[0].x.min(centre[1].x),
        h: centre[0].bottom().max(centre[1].bottom()) - centre[0].y.min(centre[1].y),
    };
    assert!(both.x < cx && cx < both.right() && both.y < cy && cy < both.bottom());
    for (person, side) in [
        (cast.uncle, Side::Fathers),
        (cast.grandmother, Side::Mothers),
        (cast.friends_mother, Side::Own),
        (cast.neighbour, Side::Own),
    ] {
        let card = card_of(&boxes, person);
        assert_eq!(card.region, Region::Side(side));
        // Every member is farther from the centre than the main persons' cards reach.
        assert!(!card.rect.overlaps(&both));
    }
    // The sectors cover the circle once, in the order own, mother's, father's side.
    let total: f64 = l.sectors.iter().map(|s| s.to - s.from).sum();
    assert!((total - std::f64::consts::TAU).abs() < 1e-9);
    check_geometry(&l, "example");
}

#[test]
fn every_person_appears_once_by_name() {
    let (case, cast) = example_case();
    let svg = network_map_svg(&case, &en()).unwrap();
    let boxes = layout(&case, &en()).unwrap().boxes();
    let everyone = [
        (cast.youth, "Daan Verhoef"),
        (cast.mother, "Ilse Verhoef"),
        (cast.uncle, "Ruud Verhoef"),
        (cast.friends_mother, "Petra Smit"),
        (cast.grandmother, "Annie de Wit"),
        (cast.neighbour, "Tom Bos"),
        (cast.professional, "Femke Jansen"),
        (cast.coordinator, "Karim El Amrani"),
    ];
    for (person, name) in everyone {
        card_of(&boxes, person);
        assert_eq!(name_on_map(&boxes, person), name);
        assert_eq!(
            svg.matches(&format!(">{name}</text>")).count(),
            1,
            "{name} is drawn once"
        );
        // The text alternative names everyone too.
        let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
        assert_eq!(desc.matches(name).count(), 1, "{name} in the description");
    }
    // The regional manager is not a person of the case's circle or its professionals.
    assert_eq!(
        boxes.iter().filter(|b| b.kind == BoxKind::Card).count(),
        everyone.len()
    );
}

#[test]
fn monitors_conveners_minors_and_the_legend() {
    let (case, cast) = example_case();
    let boxes = layout(&case, &en()).unwrap().boxes();
    assert!(symbols_of(&boxes, cast.uncle).contains(&"monitor"));
    assert!(!symbols_of(&boxes, cast.uncle).contains(&"convener"));
    assert!(symbols_of(&boxes, cast.grandmother).contains(&"convener"));
    assert!(
        symbols_of(&boxes, cast.youth).contains(&"minor"),
        "Daan is 16"
    );
    assert!(!symbols_of(&boxes, cast.mother).contains(&"minor"));
    let legend: Vec<&LaidBox> = boxes
        .iter()
        .filter(|b| b.region == Region::Legend)
        .collect();
    let legend_text = legend
        .iter()
        .filter(|b| b.kind == BoxKind::Text)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let says = |text: &str| legend_text.contains(text);
    let shows = |code: &str| {
        legend
            .iter()
            .any(|b| b.kind == BoxKind::Symbol && b.text == code)
    };
    for code in [
        "main_person",
        "monitor",
        "convener",
        "minor",
        "at_intake",
        "widening_circle",
        "at_conference",
        "attendance",
        "present",
        "absent",
        "not_held",
        "coordinator",
        "professional",
        "mothers",
        "fathers",
        "own",
    ] {
        assert!(shows(code), "the legend explains {code}");
    }
    for text in [
        "Legend",
        "monitors the plan",
        "calls the circle together when the plan falters",
        "minor",
        "named at intake",
        "found while widening the circle",
        "joined at the conference",
        "parts of conference 1: information · private time · presentation",
        "present",
        "absent",
        "part not (yet) held",
    ] {
        assert!(says(text), "the legend says {text:?}");
    }
    // Every symbol drawn for a person is one the legend explains.
    for b in boxes
        .iter()
        .filter(|b| b.kind == BoxKind::Symbol && b.person.is_some())
    {
        let code = match b.text.as_str() {
            "network_member" => continue,
            other => other,
        };
        assert!(shows(code), "{code} is in the legend");
    }
}

#[test]
fn attendance_per_part_of_the_conference() {
    let (case, cast) = example_case();
    let boxes = layout(&case, &en()).unwrap().boxes();
    for p in [
        cast.youth,
        cast.mother,
        cast.uncle,
        cast.grandmother,
        cast.friends_mother,
        cast.neighbour,
        cast.professional,
        cast.coordinator,
    ] {
        assert!(symbols_of(&boxes, p).contains(&"attendance"), "{p}");
    }
    let svg = network_map_svg(&case, &en()).unwrap();
    assert!(svg.contains(
        "Ruud Verhoef (aunt/uncle of Daan; named at intake; monitors the plan; present at: information, private time, presentation)"
    ));
    // Professionals and the coordinator are never in private time (rule 2).
    assert!(svg.contains(
        "Femke Jansen (youth probation, Jeugdbescherming Voorbeeldstad; present at: information, presentation)"
    ));
    // Three markers per person: filled, open, or not held.
    assert!(svg.contains(r##"width="8" height="8" fill="#1f2937""##));

    // Members added later were not present: open markers, and said so.
    let (case, _) = circle_of(8);
    let svg = network_map_svg(&case, &en()).unwrap();
    assert!(svg.contains("present at no part"));
    assert!(svg.contains(r##"width="8" height="8" fill="#ffffff""##));
    // The member who joined at the conference has a dotted outline.
    assert!(svg.contains(r#"stroke-dasharray="0.1 3""#));
}

#[test]
fn professionals_and_the_coordinator_are_outside_the_circle() {
    let (case, cast) = example_case();
    let l = layout(&case, &en()).unwrap();
    let boxes = l.boxes();
    let circle_bottom = boxes
        .iter()
        .filter(|b| matches!(b.region, Region::Centre | Region::Side(_)))
        .map(|b| b.rect.bottom())
        .fold(0.0, f64::max);
    for p in [cast.professional, cast.coordinator] {
        let card = card_of(&boxes, p);
        assert_eq!(card.region, Region::Outside);
        assert!(card.rect.y > circle_bottom);
    }
    let texts: Vec<&str> = boxes
        .iter()
        .filter(|b| b.person == Some(cast.professional) && b.kind == BoxKind::Text)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(texts, ["youth probation", "Jeugdbescherming Voorbeeldstad"]);
    assert!(symbols_of(&boxes, cast.coordinator).contains(&"coordinator"));
    assert!(symbols_of(&boxes, cast.professional).contains(&"professional"));
}

#[test]
fn dutch_and_english() {
    let (case, _) = example_case();
    let nl = network_map_svg(&case, &MapOptions::default()).unwrap();
    let en = network_map_svg(&case, &en()).unwrap();
    assert!(nl.contains(r#"xml:lang="nl" lang="nl""#));
    assert!(en.contains(r#"xml:lang="en" lang="en""#));
    for (nl_text, en_text) in [
        (">oom/tante van Daan<", ">aunt/uncle of Daan<"),
        (">ouder van Ilse<", ">parent of Ilse<"),
        (">vriend(in) van Daan<", ">friend of Daan<"),
        (">buur van Ilse<", ">neighbour of Ilse<"),
        (">Kant van vader (1)<", ">Father&apos;s side (1)<"),
        (">Kant van moeder (1)<", ">Mother&apos;s side (1)<"),
        (">Eigen netwerk (2)<", ">Own network (2)<"),
        (">Netwerkkaart<", ">Network map<"),
        (">Legenda<", ">Legend<"),
        (">bewaker van het plan<", ">monitors the plan<"),
        (">jeugdreclassering<", ">youth probation<"),
        (">onafhankelijk coördinator<", ">independent coordinator<"),
        (">hoofdpersoon<", ">main person<"),
    ] {
        assert!(nl.contains(nl_text), "Dutch {nl_text}");
        assert!(en.contains(en_text), "English {en_text}");
        assert!(!en.contains(nl_text), "no Dutch {nl_text} in English");
    }
}

#[test]
fn the_same_case_gives_the_same_bytes() {
    let (a, _) = example_case();
    let (b, _) = example_case();
    for o in [en(), MapOptions::default()] {
        assert_eq!(
            network_map_svg(&a, &o).unwrap(),
            network_map_svg(&b, &o).unwrap()
        );
    }
    let (c, _) = circle_of(30);
    let (d, _) = circle_of(30);
    assert_eq!(
        network_map_svg(&c, &en()).unwrap(),
        network_map_svg(&d, &en()).unwrap()
    );
}

#[test]
fn the_svg_is_well_formed_standalone_and_accessible() {
    let (case, _) = example_case();
    for o in [en(), MapOptions::default()] {
        let svg = network_map_svg(&case, &o).unwrap();
        let elements = well_formed(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        assert!(elements > 50);
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
        assert_eq!(svg.matches("http").count(), 1, "only the namespace");
        for external in [
            "href",
            "url(",
            "@import",
            "<image",
            "<script",
            "<style",
            "<foreignObject",
        ] {
            assert!(!svg.contains(external), "{external}");
        }
        assert!(svg.contains(r#"font-family="sans-serif""#));
        assert!(svg.contains(r#"role="img""#));
        let id = format!("kring-map-{}", case.id);
        assert!(svg.contains(&format!(r#"aria-labelledby="{id}-title {id}-desc""#)));
        assert!(svg.contains(&format!(r#"<title id="{id}-title">"#)));
        assert!(svg.contains(&format!(r#"<desc id="{id}-desc">"#)));
        let l = layout(&case, &o).unwrap();
        assert!(svg.contains(&format!(r#"viewBox="0 0 {} {}""#, l.width, l.height)));
    }
}

#[test]
fn names_and_labels_are_escaped() {
    let long = "Ab".repeat(70);
    let (case, _) = story_with(2, &["<script>alert(1)</script>", r#""&'<>"#, &long], None);
    for o in [en(), MapOptions::default()] {
        let svg = network_map_svg(&case, &o).unwrap();
        well_formed(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        assert!(!svg.contains("<script"));
        assert!(!svg.contains(r#""&'<>"#));
        assert!(svg.contains(">&lt;script&gt;alert(1)&lt;/script&gt;</text>"));
        assert!(svg.contains(">&quot;&amp;&apos;&lt;&gt;</text>"));
        // A name too long for a card is cut, with an ellipsis; the description has it whole.
        assert!(svg.contains(&format!(">{}</text>", &long[..26])));
        assert!(svg.contains(&format!(">{}…</text>", &long[26..51])));
        assert!(svg.contains(&format!("{long} ({long} (label)")));
        // The relation label in words, escaped too.
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; (label)"));
        check_geometry(&layout(&case, &o).unwrap(), "escaping");
    }
}

#[test]
fn legible_for_circles_of_4_to_30_members() {
    for n in 4..=30 {
        let (case, cast) = circle_of(n);
        assert_eq!(case.network.len(), n);
        for (o, what) in [
            (en(), "coordinator, en"),
            (MapOptions::default(), "coordinator, nl"),
            (options(Lang::En, Some(cast.uncle())), "network member, en"),
            (
                options(Lang::Nl, Some(cast.regional_manager())),
                "regional manager, nl",
            ),
        ] {
            let l = layout(&case, &o).unwrap();
            let what = format!("{n} members, {what}");
            check_geometry(&l, &what);
            let boxes = l.boxes();
            if l.centre.is_some() {
                for (id, m) in &case.network {
                    let card = card_of(&boxes, *id);
                    assert_eq!(card.region, Region::Side(m.side), "{what}");
                    let name = name_on_map(&boxes, *id);
                    assert_eq!(name, m.person.name, "{what}");
                }
            }
            let svg = network_map_svg(&case, &o).unwrap();
            well_formed(&svg).unwrap_or_else(|e| panic!("{what}: {e}"));
            // Not absurdly large: a circle of 30 still fits a large screen or a printed page.
            assert!(
                l.width < 2400.0 && l.height < 3200.0,
                "{what}: {} × {}",
                l.width,
                l.height
            );
        }
    }
}

#[test]
fn the_map_is_drawn_for_its_reader() {
    let (case, cast) = example_case();
    // A member of the circle sees the circle.
    let svg = network_map_svg(&case, &options(Lang::En, Some(cast.uncle()))).unwrap();
    assert!(svg.contains(">Annie de Wit</text>"));
    assert!(svg.contains("drawn for a network member"));

    // The regional manager does not see the circle: only who is outside it, and why.
    let l = layout(&case, &options(Lang::En, Some(cast.regional_manager()))).unwrap();
    assert!(l.centre.is_none() && l.sectors.is_empty());
    let svg = network_map_svg(&case, &options(Lang::En, Some(cast.regional_manager()))).unwrap();
    assert!(svg.contains("The circle (main persons and network) is not shown for this reader."));
    for hidden in [
        "Daan Verhoef",
        "Ilse Verhoef",
        "Ruud Verhoef",
        "Annie de Wit",
        "monitors the plan",
    ] {
        assert!(!svg.contains(hidden), "{hidden}");
    }
    assert!(svg.contains(">Femke Jansen</text>"));
    assert!(svg.contains(">Karim El Amrani</text>"));
    check_geometry(&l, "regional manager");

    // Someone without the role in the case is refused, as for any read.
    let mut other = CaseDriver::new(7, case.updated_at);
    let stranger = Actor::new(other.new_id(), Role::NetworkMember);
    let err = network_map_svg(&case, &options(Lang::En, Some(stranger))).unwrap_err();
    assert_eq!(err.code(), "permission_denied");
}

#[test]
fn a_case_without_a_coordinator_needs_a_reader() {
    let (full, cast) = example::full_story();
    let early = full.before("assign_coordinator");
    let case = early.state();
    let err = network_map_svg(case, &en()).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().contains(&case.id.to_string()), "{err}");
    let svg = network_map_svg(case, &options(Lang::En, Some(cast.youth()))).unwrap();
    assert!(svg.contains(">Daan Verhoef</text>"));
    assert!(svg.contains(">Ruud Verhoef</text>"));
    assert!(svg.contains("No conference held yet"));
    assert!(svg.contains("no plan yet"));
    let l = layout(case, &options(Lang::En, Some(cast.youth()))).unwrap();
    check_geometry(&l, "before a coordinator");
    // Empty sides say so.
    assert!(svg.contains(">(no one yet)</text>"));
}

#[test]
fn maps_to_look_at() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("map");
    std::fs::create_dir_all(&dir).unwrap();
    let (example, cast) = example_case();
    let (thirty, _) = circle_of(30);
    let (twelve, _) = circle_of(12);
    let (own, _) = story_with(26, &[], Some(Side::Own));
    let (escaped, _) = story_with(
        2,
        &["<script>alert(1)</script>", r#""&'<>"#, &"Ab".repeat(70)],
        None,
    );
    for (name, case, o) in [
        ("example-nl.svg", &example, MapOptions::default()),
        ("example-en.svg", &example, en()),
        ("circle-12-nl.svg", &twelve, MapOptions::default()),
        ("circle-30-nl.svg", &thirty, MapOptions::default()),
        ("circle-30-en.svg", &thirty, en()),
        ("circle-30-own-side-en.svg", &own, en()),
        ("escaped-en.svg", &escaped, en()),
        (
            "example-regional-manager-en.svg",
            &example,
            options(Lang::En, Some(cast.regional_manager())),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, network_map_svg(case, &o).unwrap()).unwrap();
        println!("{}", path.display());
    }
}

#[test]
fn legible_when_everyone_is_on_one_side() {
    for side in Side::ALL {
        for extra in [0, 13, 26] {
            let (case, _) = story_with(extra, &[], Some(*side));
            for o in [en(), MapOptions::default()] {
                let l = layout(&case, &o).unwrap();
                check_geometry(
                    &l,
                    &format!("{} members, {extra} more on {side}", extra + 4),
                );
            }
        }
    }
}

#[test]
fn a_community_sized_circle_stays_legible() {
    // Community conferences bring more people than a family: 120 members still lay out
    // without overlaps.
    let (case, _) = story_with(116, &[], None);
    let l = layout(&case, &en()).unwrap();
    check_geometry(&l, "120 members");
    assert_eq!(
        l.boxes().iter().filter(|b| b.kind == BoxKind::Card).count(),
        120 + 2 + 2
    );
}

#[test]
fn interpreters_ended_involvement_and_organisations() {
    let (full, cast) = example::full_story();
    let mut s = full.before("start_conference");
    let coordinator = cast.coordinator();
    let school: OrganisationId = s.new_id();
    s.run(
        coordinator,
        Command::RegisterOrganisation {
            organisation: Organisation {
                id: school,
                name: "Brede School De Linde".into(),
                kind: OrganisationKind::School,
            },
        },
    )
    .unwrap();
    let teacher = s.person("Jeroen Vos");
    let teacher_id = teacher.id;
    s.run(
        coordinator,
        Command::AddProfessional {
            professional: Professional {
                person: teacher,
                organisation: school,
                role: ProfessionalRole::Other,
                role_label: Some("intern begeleider".into()),
            },
        },
    )
    .unwrap();
    s.run(
        coordinator,
        Command::EndInvolvement {
            involvement: Involvement::Professional { person: teacher_id },
            reason: "The school year ended.".into(),
        },
    )
    .unwrap();
    let interpreter = s.person("Samira Haddou");
    let interpreter_id = interpreter.id;
    s.run(
        coordinator,
        Command::AddInterpreter {
            interpreter: Interpreter {
                person: interpreter,
                language: "ar".into(),
                for_persons: vec![cast.mother],
            },
        },
    )
    .unwrap();
    let mut coach = new_member(&mut s, &cast, 0, Identified::WideningCircle, None);
    coach.organisation = Some(school);
    let coach_id = coach.person.id;
    s.run(coordinator, Command::AddNetworkMember { member: coach })
        .unwrap();

    let case = s.state();
    let l = layout(case, &en()).unwrap();
    check_geometry(&l, "interpreter and ended involvement");
    let boxes = l.boxes();
    let texts = |p: PersonId| -> Vec<&str> {
        boxes
            .iter()
            .filter(|b| b.person == Some(p) && b.kind == BoxKind::Text)
            .map(|b| b.text.as_str())
            .collect()
    };
    assert_eq!(
        texts(teacher_id),
        ["intern begeleider", "Brede School De Linde"]
    );
    assert_eq!(card_of(&boxes, teacher_id).region, Region::Outside);
    assert_eq!(texts(interpreter_id), ["interpreter (ar)"]);
    assert_eq!(card_of(&boxes, interpreter_id).region, Region::Outside);
    assert!(symbols_of(&boxes, interpreter_id).contains(&"interpreter"));
    assert_eq!(texts(coach_id), ["parent of Daan", "Brede School De Linde"]);
    let svg = network_map_svg(case, &en()).unwrap();
    well_formed(&svg).unwrap();
    assert!(
        svg.contains("Jeroen Vos (intern begeleider, Brede School De Linde; involvement ended)")
    );
    assert!(svg.contains(">involvement ended</text>"));
    assert!(svg.contains(">interpreter</text>"));
    assert!(svg.contains(r#"stroke-dasharray="4 3""#));
    // Before the conference there are no attendance markers.
    assert!(!boxes.iter().any(|b| b.text == "attendance"));
}
