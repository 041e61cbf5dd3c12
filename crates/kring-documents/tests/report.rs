//! The report of the standard measures over generated cases (`kring_testkit::workload`):
//! every group present in both languages, withheld values shown as withheld and never as a
//! number, no names when pseudonymised, escaping, zero cases, one group and many groups, a
//! document that loads nothing with well-formed SVG charts, the contrast of its colours, and
//! the same bytes every time.

use kring_documents::Lang;
use kring_documents::report::{ReportOptions, report_html};
use kring_domain::Case;
use kring_research::Disclosure;

mod common;
use common::{assert_stated_ratios, contrast, escaped, heading_levels};
use kring_research::measures::{GroupBy, MeasureQuery, Measures, measures};

fn cases(n: u64) -> Vec<Case> {
    kring_testkit::workload::cases(41, n)
        .map(|g| g.state)
        .collect()
}

fn key() -> Disclosure {
    Disclosure::pseudonymised(*b"report test key, 32 bytes long!!").unwrap()
}

fn figures(cases: &[Case], group_by: GroupBy, disclosure: &Disclosure) -> Measures {
    let query = MeasureQuery {
        group_by,
        ..MeasureQuery::default()
    };
    measures(cases, &query, disclosure)
}

fn report(m: &Measures, lang: Lang) -> String {
    report_html(
        m,
        &ReportOptions {
            lang,
            made_on: None,
        },
    )
    .unwrap_or_else(|e| panic!("the report could not be written: {e}"))
}

/// The rows of the table with caption `caption`: each row's heading and its cells' texts
/// (or the one note across them).
fn table_rows(html: &str, caption: &str) -> Vec<(String, Vec<String>)> {
    let start = html
        .find(&format!("<caption>{}</caption>", escaped(caption)))
        .unwrap_or_else(|| panic!("no table {caption:?}"));
    let body = &html[start..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let head = between(row, "<th scope=\"row\">", "</th>").to_string();
            let cells = row
                .split("<td")
                .skip(1)
                .map(|c| between(c, ">", "</td>").to_string())
                .collect();
            (head, cells)
        })
        .collect()
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let from = text.find(open).map(|i| i + open.len()).unwrap_or(0);
    let to = text[from..].find(close).map_or(text.len(), |i| from + i);
    &text[from..to]
}

#[test]
fn every_group_is_in_every_table_in_both_languages() {
    let all = cases(400);
    for by in GroupBy::ALL.iter().copied() {
        for disclosure in [Disclosure::Identifying, key()] {
            let m = figures(&all, by, &disclosure);
            assert!(!m.groups.is_empty());
            for lang in [Lang::Nl, Lang::En] {
                let html = report(&m, lang);
                assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())));
                let summary = match lang {
                    Lang::Nl => "Overzicht per groep",
                    Lang::En => "Summary by group",
                };
                let rows = table_rows(&html, summary);
                assert_eq!(rows.len(), m.groups.len(), "{by} {lang:?}");
                // The summary holds every group, in the order of the measures; the tables
                // of the measures every group not withheld whole.
                let shown = m.groups.iter().filter(|g| !g.suppressed).count();
                let tables = html.matches("<caption>").count();
                assert!(tables >= 12 || shown == 0, "{tables}");
                let others = if shown == 0 {
                    0
                } else {
                    // The outcomes' table is turned round when there are few groups.
                    (tables - 2) * shown + if shown <= 6 { 9 } else { shown }
                };
                assert_eq!(
                    html.matches("<tr><th scope=\"row\">").count(),
                    m.groups.len() + others,
                    "{by} {lang:?}"
                );
                if shown == 0 {
                    continue;
                }
                for section in [
                    "summary",
                    "uptake",
                    "timing",
                    "circle",
                    "attendance",
                    "plan-items",
                    "acceptance",
                    "kept",
                    "follow-up",
                    "satisfaction",
                ] {
                    assert!(html.contains(&format!("<section id=\"{section}\">")));
                }
            }
        }
    }
}

#[test]
fn the_figures_are_those_of_the_measures() {
    let all = cases(300);
    let m = figures(&all, GroupBy::None, &Disclosure::Identifying);
    let g = &m.groups[0];
    let html = report(&m, Lang::En);
    let rows = table_rows(&html, "Summary by group");
    assert_eq!(rows[0].0, "All cases");
    let cells = &rows[0].1;
    assert_eq!(cells[0], g.uptake.requests.unwrap().to_string());
    let share = (g.uptake.conference_share.unwrap() * 100.0).round();
    assert_eq!(
        cells[1],
        format!("{} ({share}%)", g.uptake.conferences_held.unwrap())
    );
    let q = &g.timing.days_to_conference;
    assert_eq!(
        cells[2],
        format!(
            "{} ({}–{})",
            q.median.unwrap(),
            q.p25.unwrap(),
            q.p75.unwrap()
        )
    );
    let network = (g.plan_items.network_share.unwrap() * 100.0).round();
    assert_eq!(cells[4], format!("{network}%"));
    assert!(html.contains(&format!("Carried by the circle {network}%")));
    // Dutch: a decimal comma, a full stop between thousands.
    let nl = report(&m, Lang::Nl);
    let mean = g.satisfaction["professional"].mean.unwrap();
    assert!(nl.contains(&format!("{mean:.1}").replace('.', ",")));
    let mut many = m.clone();
    many.groups[0].uptake.requests = Some(123_456);
    assert!(report(&many, Lang::Nl).contains(">123.456<"));
    assert!(report(&many, Lang::En).contains(">123,456<"));
}

#[test]
fn a_withheld_value_shows_as_withheld_never_as_its_number() {
    // Few cases per organisation: many small cells.
    let all = cases(60);
    let open = figures(&all, GroupBy::Variant, &Disclosure::Identifying);
    let hidden = figures(&all, GroupBy::Variant, &key());
    assert!(hidden.groups.iter().any(|g| g.suppressed));
    assert!(hidden.groups.iter().any(|g| !g.suppressed));
    for lang in [Lang::Nl, Lang::En] {
        let html = report(&hidden, lang);
        let (summary, note, legend) = match lang {
            Lang::Nl => (
                "Overzicht per groep",
                "minder dan 5 casussen: niets getoond",
                "— weggelaten: berust op minder dan 5 casussen",
            ),
            Lang::En => (
                "Summary by group",
                "fewer than 5 cases: nothing shown",
                "— withheld: rests on fewer than 5 cases",
            ),
        };
        assert!(html.contains(legend));
        let rows = table_rows(&html, summary);
        for ((g, shown), (_, cells)) in hidden.groups.iter().zip(&open.groups).zip(&rows) {
            if g.suppressed {
                assert_eq!(cells, &vec![note.to_string()], "{}", g.group);
                continue;
            }
            assert_eq!(cells.len(), 7);
            match g.uptake.conferences_held {
                None => assert_eq!(cells[1], "—", "{}", g.group),
                Some(n) => assert!(cells[1].starts_with(&n.to_string())),
            }
            match g.timing.days_to_conference.median {
                None => assert_eq!(cells[2], "—"),
                Some(_) => assert_ne!(cells[2], "—"),
            }
            // The identifying count of a withheld value is not what the cell says.
            if g.uptake.conferences_held.is_none() {
                let n = shown.uptake.conferences_held.unwrap().to_string();
                assert!(!cells[1].contains(&n) || n == "—");
            }
        }
        // A group withheld whole is in the summary only; the others in every table.
        for (g, (name, _)) in hidden.groups.iter().zip(&rows) {
            let times = html
                .matches(&format!("<tr><th scope=\"row\">{name}</th>"))
                .count();
            assert_eq!(times == 1, g.suppressed, "{name}: {times}");
            assert_eq!(
                html.contains(&format!("class=\"group\">{name}</text>")),
                !g.suppressed
            );
        }
        // Every withheld cell is marked so.
        assert!(html.matches("<td class=\"withheld\">—</td>").count() > 10);
    }
    // The group withheld whole draws nothing: its figure row is the note alone.
    let small = figures(&cases(3), GroupBy::None, &key());
    assert!(small.groups[0].suppressed);
    let html = report(&small, Lang::En);
    assert!(
        !html.contains("<rect"),
        "nothing is drawn of a withheld group"
    );
    assert!(html.contains("Every group has fewer than 5 cases: there are no figures to show."));
    assert!(!html.contains("<section id=\"uptake\">"));
}

#[test]
fn a_pseudonymised_report_names_nobody() {
    let all = cases(300);
    let mut names: Vec<String> = Vec::new();
    for case in &all {
        for p in case.people() {
            names.push(case.person(p).unwrap().name.clone());
        }
        for o in case.organisations.values() {
            names.push(o.name.clone());
        }
        names.push(case.id.to_string());
    }
    names.sort();
    names.dedup();
    assert!(names.len() > 100);
    let identifying = report(
        &figures(&all, GroupBy::Organisation, &Disclosure::Identifying),
        Lang::Nl,
    );
    let organisation_names = names
        .iter()
        .filter(|n| identifying.contains(&escaped(n)))
        .count();
    assert!(organisation_names > 0, "the identifying report names them");
    for by in GroupBy::ALL.iter().copied() {
        let m = figures(&all, by, &key());
        for lang in [Lang::Nl, Lang::En] {
            let html = report(&m, lang);
            for name in &names {
                assert!(!html.contains(&escaped(name)), "{name} in the {by} report");
            }
        }
    }
}

const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"quotes\"";

#[test]
fn every_text_is_escaped() {
    let mut m = figures(&cases(200), GroupBy::Organisation, &Disclosure::Identifying);
    m.groups[0].label = Some(HOSTILE.to_string());
    m.groups[1].label = None;
    m.groups[1].group = HOSTILE.to_string();
    for lang in [Lang::Nl, Lang::En] {
        let html = report(&m, lang);
        assert!(!html.contains("<script") && !html.contains("<img"));
        // In the tables and in the charts' texts.
        assert!(html.matches(&escaped(HOSTILE)).count() >= 12);
        well_formed_svgs(&html);
    }
}

#[test]
fn zero_cases_one_group_and_many_groups() {
    for by in GroupBy::ALL.iter().copied() {
        for d in [Disclosure::Identifying, key()] {
            let m = figures(&[], by, &d);
            let html = report(&m, Lang::En);
            well_formed_svgs(&html);
            if m.groups.is_empty() {
                assert!(html.contains("There are no requests in this period."));
            }
        }
    }
    // One group: its rows drawn without a group's name above them.
    let one = figures(&cases(200), GroupBy::None, &Disclosure::Identifying);
    let html = report(&one, Lang::En);
    assert!(html.matches("<svg").count() >= 9);
    assert!(!html.contains("class=\"group\""));
    // Zero cases, identifying: zeros, not withheld, and no value where none exists.
    let none = figures(&[], GroupBy::None, &Disclosure::Identifying);
    let rows = table_rows(&report(&none, Lang::En), "Summary by group");
    assert_eq!(rows[0].1[0], "0");
    assert_eq!(rows[0].1[2], "—");
    // Forty organisations: every one in the tables; the charts too tall for a page left out.
    let mut many = one.clone();
    many.query.group_by = GroupBy::Organisation;
    many.groups = (0..40)
        .map(|i| {
            let mut g = one.groups[0].clone();
            g.group = format!("org_{i:024x}");
            g.label = Some(format!("Organisation number {i}"));
            g
        })
        .collect();
    let html = report(&many, Lang::En);
    assert_eq!(table_rows(&html, "Summary by group").len(), 40);
    assert!(html.contains("With this many groups the figure does not fit on one page"));
    for i in 0..40 {
        assert!(html.contains(&format!("Organisation number {i}<")));
    }
    // A few groups are drawn, each under its name.
    many.groups.truncate(4);
    let html = report(&many, Lang::En);
    assert!(!html.contains("does not fit on one page"));
    // Ten charts: uptake, withdrawals, timing, circle, widening, attendance, plan items,
    // acceptance, agreements kept, satisfaction.
    assert_eq!(html.matches("<svg").count(), 10);
    assert_eq!(
        html.matches("class=\"group\">Organisation number 3<")
            .count(),
        10
    );
}

#[test]
fn the_report_loads_nothing_and_is_well_formed() {
    let all = cases(300);
    for (by, d) in [
        (GroupBy::None, Disclosure::Identifying),
        (GroupBy::Variant, key()),
        (GroupBy::Organisation, key()),
    ] {
        for lang in [Lang::Nl, Lang::En] {
            let html = report(&figures(&all, by, &d), lang);
            assert!(html.starts_with("<!DOCTYPE html>\n"));
            assert!(html.contains("<meta charset=\"utf-8\">"));
            for external in [
                "http://",
                "https://",
                "src=",
                "href=",
                "<link",
                "<script",
                "url(",
                "@import",
                "<img",
                "<iframe",
                "@font-face",
                "xlink",
            ] {
                // The one URL is the SVG namespace, which names and loads nothing.
                let found = html
                    .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
                    .contains(external);
                assert!(!found, "{external}");
            }
            for css in [
                "@page { size: A4;",
                "break-inside: avoid; page-break-inside: avoid;",
                "thead { display: table-header-group; }",
                "table { width: 100%; table-layout: fixed;",
            ] {
                assert!(html.contains(css), "{css}");
            }
            let levels = heading_levels(&html);
            assert_eq!(levels.first(), Some(&1));
            assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1);
            assert!(levels[1..].iter().all(|&l| l == 2), "{levels:?}");
            assert!(!html.contains("<th>"));
            let svgs = well_formed_svgs(&html);
            let groups = figures(&all, by, &d).groups.len();
            // Organisations: too many groups for charts on a page (the tables carry them).
            assert!(svgs >= 5 || groups > 12, "{svgs} charts of {groups} groups");
        }
    }
}

/// Checks every inline SVG of `html` as XML: each start tag closed in order, attributes
/// quoted, `&` only as a character reference, a `<title>` and a `<desc>` that the SVG's
/// `aria-labelledby` names. Returns how many there are.
fn well_formed_svgs(html: &str) -> usize {
    let mut count = 0;
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("an SVG is closed") + start + 6;
        let svg = &rest[start..end];
        check_xml(svg);
        let opening = &svg[..svg.find('>').unwrap()];
        assert!(opening.contains("role=\"img\""));
        assert!(opening.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        let labels = between(opening, "aria-labelledby=\"", "\"");
        for id in labels.split(' ') {
            assert!(svg.contains(&format!("id=\"{id}\">")), "{id}");
            assert_eq!(html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
        }
        assert!(labels.contains("-title") && labels.contains("-desc"));
        count += 1;
        rest = &rest[end..];
    }
    count
}

fn check_xml(xml: &str) {
    let mut open: Vec<&str> = Vec::new();
    let mut i = 0;
    let bytes = xml.as_bytes();
    while i < xml.len() {
        match bytes[i] {
            b'<' => {
                let close = xml[i..].find('>').expect("a tag ends") + i;
                let tag = &xml[i + 1..close];
                if let Some(name) = tag.strip_prefix('/') {
                    assert_eq!(open.pop(), Some(name), "closing {name}");
                } else {
                    let empty = tag.ends_with('/');
                    let tag = tag.trim_end_matches('/');
                    let name = tag.split(' ').next().unwrap();
                    assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()));
                    // Every attribute is name="value", with no `<` or `"` inside a value.
                    let mut attrs = &tag[name.len()..];
                    while !attrs.trim().is_empty() {
                        let a = attrs.trim_start();
                        let eq = a
                            .find("=\"")
                            .unwrap_or_else(|| panic!("attribute in {tag}"));
                        assert!(
                            a[..eq]
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
                        );
                        let value_end = a[eq + 2..].find('"').expect("a quoted value") + eq + 2;
                        assert!(!a[eq + 2..value_end].contains('<'));
                        attrs = &a[value_end + 1..];
                    }
                    if !empty {
                        open.push(name);
                    }
                }
                i = close + 1;
            }
            b'&' => {
                let end = xml[i..].find(';').expect("a reference ends") + i;
                let reference = &xml[i + 1..end];
                assert!(
                    reference.starts_with('#')
                        && reference[1..].chars().all(|c| c.is_ascii_digit())
                        || ["amp", "lt", "gt", "quot", "apos"].contains(&reference),
                    "&{reference};"
                );
                i = end + 1;
            }
            b'>' => panic!("a bare > at {i}"),
            _ => i += 1,
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
}

#[test]
fn text_has_a_contrast_of_4_5_and_the_charts_shapes_of_3() {
    let html = report(
        &figures(&cases(100), GroupBy::None, &Disclosure::Identifying),
        Lang::Nl,
    );
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    // Shapes can be left unpainted (`fill: none`): the colours are those written `#rrggbb`.
    let colours = |property: &str| -> Vec<String> {
        common::colours(style, property)
            .into_iter()
            .filter(|c| c.starts_with('#'))
            .collect()
    };
    let backgrounds = colours("background: ");
    let texts = colours("color: ");
    assert!(texts.len() >= 3 && backgrounds.len() >= 3);
    // SVG text is painted with `fill`: the texts' fills are text colours too.
    let text_fills: Vec<String> = style
        .lines()
        .filter(|l| l.trim_start().starts_with("svg text"))
        .flat_map(|l| {
            l.match_indices("fill: ")
                .map(|(i, _)| l[i + 6..i + 13].to_string())
        })
        .collect();
    assert_eq!(text_fills.len(), 2);
    for text in texts.iter().chain(&text_fills) {
        for background in &backgrounds {
            let ratio = contrast(text, background);
            assert!(ratio >= 4.5, "{text} on {background}: {ratio:.2}");
        }
    }
    let shapes: Vec<String> = [colours("fill: "), colours("stroke: ")].concat();
    assert!(shapes.len() >= 9, "{shapes:?}");
    for shape in &shapes {
        let ratio = contrast(shape, "#ffffff");
        assert!(ratio >= 3.0, "{shape}: {ratio:.2}");
    }
    // The median on its box.
    assert!(contrast("#1a1a1a", "#5b8cc0") >= 3.0);
    // The ratios the style sheet's comment states.
    assert_stated_ratios(
        style,
        &[
            ("#1a1a1a", "#ffffff", 17.4),
            ("#4a4a4a", "#eeeeee", 7.6),
            ("#1f4e79", "#ffffff", 8.7),
            ("#b34700", "#ffffff", 5.5),
            ("#2e7d32", "#ffffff", 5.1),
            ("#6a3d9a", "#ffffff", 7.6),
            ("#767676", "#ffffff", 4.5),
            ("#949494", "#ffffff", 3.0),
            ("#5b8cc0", "#ffffff", 3.5),
            ("#1a1a1a", "#5b8cc0", 4.9),
        ],
    );
}

#[test]
fn the_same_measures_give_the_same_bytes() {
    let all = cases(150);
    let m = figures(&all, GroupBy::LegalBasis, &key());
    let mut reversed = all.clone();
    reversed.reverse();
    let again = figures(&reversed, GroupBy::LegalBasis, &key());
    for lang in [Lang::Nl, Lang::En] {
        assert_eq!(report(&m, lang), report(&again, lang));
    }
    let day = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let dated = report_html(
        &m,
        &ReportOptions {
            lang: Lang::Nl,
            made_on: Some(day),
        },
    )
    .unwrap();
    assert!(dated.contains("<dt>Gemaakt op</dt><dd>1 april 2026</dd>"));
}

#[test]
fn the_period_reads_as_days_included() {
    let mut m = figures(&cases(50), GroupBy::None, &Disclosure::Identifying);
    m.query.from = chrono::NaiveDate::from_ymd_opt(2025, 1, 1);
    m.query.to = chrono::NaiveDate::from_ymd_opt(2026, 1, 1);
    assert!(report(&m, Lang::Nl).contains("<dd>1 januari 2025 tot en met 31 december 2025</dd>"));
    assert!(report(&m, Lang::En).contains("<dd>1 January 2025 through 31 December 2025</dd>"));
    m.query.to = None;
    assert!(report(&m, Lang::En).contains("<dd>from 1 January 2025</dd>"));
    m.query.from = None;
    assert!(report(&m, Lang::Nl).contains("<dd>alle aanvragen</dd>"));
}

/// Writes reports of generated cases to `target/documents/`, to open in a browser.
#[test]
fn writes_example_reports_for_a_browser() {
    let all = cases(400);
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("documents");
    std::fs::create_dir_all(&target).unwrap();
    for (name, by, d) in [
        ("all", GroupBy::None, Disclosure::Identifying),
        ("variant", GroupBy::Variant, key()),
        ("organisation", GroupBy::Organisation, key()),
    ] {
        for lang in [Lang::Nl, Lang::En] {
            let path = target.join(format!("report-{name}-{}.html", lang.code()));
            std::fs::write(&path, report(&figures(&all, by, &d), lang)).unwrap();
            assert!(std::fs::metadata(&path).unwrap().len() > 1000);
        }
    }
}
