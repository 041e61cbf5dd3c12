//! The report as the template reads it: every value already in words (numbers in the
//! reader's language, `—` for a value withheld), every chart already laid out, so that
//! `templates/report.html` only writes it down and escapes it.

use askama::Template;
use chrono::NaiveDate;
use kring_domain::{LegalBasis, Variant};
use kring_research::measures::{GroupBy, GroupMeasures, Measures, Quartiles};

use super::chart::{self, Figure, GroupRows, Mark, Row, Scale};
use super::labels::Labels;

/// What a value withheld, or missing, is shown as.
pub(crate) const WITHHELD: &str = "—";
/// The tallest figure drawn, in SVG units: about an A4 page's height at the page's width.
/// A taller one (many groups) is left out, and its table carries the figures.
const MAX_FIGURE_HEIGHT: f64 = 940.0;

/// A label and its value, as a `<dt>`/`<dd>` pair.
pub(crate) struct Fact {
    pub label: &'static str,
    pub value: String,
}

/// The whole report.
#[derive(Template)]
#[template(path = "report.html")]
pub(crate) struct ReportPage {
    pub lang: &'static str,
    pub title: &'static str,
    pub facts: Vec<Fact>,
    /// What the disclosure means for this report.
    pub disclosure: Vec<String>,
    /// What `—` stands for.
    pub legend: String,
    pub sections: Vec<Section>,
    pub about_heading: &'static str,
    pub about: &'static str,
}

/// One measure (or the summary): a heading, what it is, figures and tables.
pub(crate) struct Section {
    pub id: &'static str,
    pub heading: &'static str,
    pub intro: Option<&'static str>,
    pub blocks: Vec<Block>,
}

pub(crate) enum Block {
    Figure(Figure),
    Table(Table),
    /// A paragraph: why a figure is not drawn.
    Note(String),
}

/// A table: one row per group (or per item), every value in words.
pub(crate) struct Table {
    /// Says what the table holds.
    pub caption: String,
    /// The heading of the first column (the rows' names).
    pub corner: &'static str,
    pub head: Vec<String>,
    pub rows: Vec<TableRow>,
}

pub(crate) struct TableRow {
    pub head: String,
    pub cells: Vec<Cell>,
    /// Instead of the cells, one line across them (a group withheld whole).
    pub note: Option<String>,
}

pub(crate) struct Cell {
    pub text: String,
    pub withheld: bool,
}

impl Table {
    pub(crate) fn width(&self) -> usize {
        self.head.len()
    }
}

/// Numbers in the reader's language.
#[derive(Clone, Copy)]
pub(crate) struct Words {
    pub l: &'static Labels,
}

impl Words {
    /// A whole number with separators of thousands: `12.345` (nl), `12,345` (en).
    pub(crate) fn whole(self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(self.l.thousands);
            }
            out.push(c);
        }
        out
    }

    /// A number with one decimal: `12,5` (nl), `12.5` (en).
    pub(crate) fn decimal(self, v: f64) -> String {
        let text = format!("{v:.1}");
        match self.l.decimal {
            '.' => text,
            sep => text.replace('.', &sep.to_string()),
        }
    }

    /// A share as a whole percentage: `78%`.
    pub(crate) fn percent(self, share: f64) -> String {
        format!("{}%", (share * 100.0).round() as i64)
    }

    pub(crate) fn count(self, n: Option<u64>) -> String {
        n.map_or(WITHHELD.to_string(), |n| self.whole(n))
    }

    pub(crate) fn share(self, s: Option<f64>) -> String {
        s.map_or(WITHHELD.to_string(), |s| self.percent(s))
    }

    pub(crate) fn mean(self, v: Option<f64>) -> String {
        v.map_or(WITHHELD.to_string(), |v| self.decimal(v))
    }

    /// `31 (78%)`; the share left out when it is withheld or missing.
    pub(crate) fn count_share(self, n: Option<u64>, s: Option<f64>) -> String {
        match (n, s) {
            (Some(n), Some(s)) => format!("{} ({})", self.whole(n), self.percent(s)),
            (n, _) => self.count(n),
        }
    }

    /// The median and the quartiles: `9 (5–14)`.
    pub(crate) fn quartiles(self, q: &Quartiles) -> String {
        match (q.p25, q.median, q.p75) {
            (Some(p25), Some(median), Some(p75)) => format!(
                "{} ({}–{})",
                self.whole(median),
                self.whole(p25),
                self.whole(p75)
            ),
            (_, Some(median), _) => self.whole(median),
            _ => WITHHELD.to_string(),
        }
    }
}

pub(super) fn cell(text: String) -> Cell {
    Cell {
        withheld: text == WITHHELD,
        text,
    }
}

pub(super) fn boxed(q: &Quartiles) -> Mark {
    Mark::Box(match (q.p25, q.median, q.p75) {
        (Some(a), Some(b), Some(c)) => Some((a as f64, b as f64, c as f64)),
        _ => None,
    })
}

pub(super) fn bar(n: Option<u64>) -> Mark {
    Mark::Bar(n.map(|n| n as f64))
}

/// `text` with `{key}` replaced by `value`.
pub(super) fn fill(text: &str, key: &str, value: impl ToString) -> String {
    text.replace(&format!("{{{key}}}"), &value.to_string())
}

/// How the report is made: the measures, in words.
pub(crate) struct Builder<'a> {
    pub m: &'a Measures,
    pub l: &'static Labels,
    pub w: Words,
    /// Each group's name, in the order of the measures.
    pub names: Vec<String>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(m: &'a Measures, l: &'static Labels) -> Self {
        let names = m
            .groups
            .iter()
            .map(|g| group_name(g, m.query.group_by, l))
            .collect();
        Builder {
            m,
            l,
            w: Words { l },
            names,
        }
    }

    /// The note of a group withheld whole, if it is.
    pub(super) fn withheld(&self, g: &GroupMeasures) -> Option<String> {
        g.suppressed
            .then(|| fill(self.l.group_withheld, "min", self.m.min_cell))
    }

    /// The groups shown beyond the summary, with their names: those not withheld whole.
    fn shown(&self) -> impl Iterator<Item = (&'a GroupMeasures, &String)> {
        self.m
            .groups
            .iter()
            .zip(&self.names)
            .filter(|(g, _)| !g.suppressed)
    }

    /// Whether any group has something shown beyond the summary.
    pub(super) fn any_shown(&self) -> bool {
        self.shown().next().is_some()
    }

    /// A table with one row per group shown, its cells from `cells`.
    pub(super) fn table(
        &self,
        caption: String,
        head: Vec<String>,
        cells: impl Fn(&GroupMeasures) -> Vec<String>,
    ) -> Table {
        Table {
            caption,
            corner: self.l.group,
            head,
            rows: self
                .shown()
                .map(|(g, name)| TableRow {
                    head: name.clone(),
                    note: None,
                    cells: cells(g).into_iter().map(cell).collect(),
                })
                .collect(),
        }
    }

    /// A table with one row per group, those withheld whole too (with a note across).
    pub(super) fn table_of_every_group(
        &self,
        caption: String,
        head: Vec<String>,
        cells: impl Fn(&GroupMeasures) -> Vec<String>,
    ) -> Table {
        Table {
            caption,
            corner: self.l.group,
            head,
            rows: self
                .m
                .groups
                .iter()
                .zip(&self.names)
                .map(|(g, name)| TableRow {
                    head: name.clone(),
                    note: self.withheld(g),
                    cells: cells(g).into_iter().map(cell).collect(),
                })
                .collect(),
        }
    }

    /// A figure of one row per series for each group; left out, with a note saying why,
    /// when it has nothing to draw or would not fit on a page.
    pub(super) fn figure(
        &self,
        id: &'static str,
        title: &str,
        caption: &str,
        scale: Scale,
        rows: impl Fn(&GroupMeasures) -> Vec<Row>,
    ) -> Block {
        let groups: Vec<GroupRows> = self
            .shown()
            .map(|(g, name)| GroupRows {
                name: name.clone(),
                note: None,
                rows: rows(g),
            })
            .collect();
        let drawn = groups.iter().flat_map(|g| &g.rows).any(|r| match r.mark {
            Mark::Bar(v) => v.is_some(),
            Mark::Box(q) => q.is_some(),
        });
        if !drawn {
            return Block::Note(self.l.figure_empty.to_string());
        }
        let w = self.w;
        let tick = move |v: f64| match scale {
            Scale::Share => w.percent(v),
            Scale::Count => w.whole(v.round() as u64),
            Scale::Fixed(_) => w.whole(v.round() as u64),
        };
        let figure = chart::figure(
            id,
            title.to_string(),
            caption.to_string(),
            scale,
            self.m.query.group_by != GroupBy::None,
            &groups,
            &tick,
        );
        if figure.height.0 > MAX_FIGURE_HEIGHT {
            Block::Note(self.l.figure_too_tall.to_string())
        } else {
            Block::Figure(figure)
        }
    }

    pub(crate) fn page(&self, made_on: Option<NaiveDate>) -> ReportPage {
        let (l, m, w) = (self.l, self.m, self.w);
        let mut facts = vec![
            Fact {
                label: l.period,
                value: self.period(),
            },
            Fact {
                label: l.grouping,
                value: l.grouping(m.query.group_by).to_string(),
            },
        ];
        let requests: Option<u64> = m.groups.iter().map(|g| g.uptake.requests).sum();
        if let Some(requests) = requests {
            facts.push(Fact {
                label: l.requests_in_period,
                value: w.whole(requests),
            });
        }
        if m.query.group_by != GroupBy::None {
            facts.push(Fact {
                label: l.groups,
                value: w.whole(m.groups.len() as u64),
            });
        }
        facts.push(Fact {
            label: l.disclosure,
            value: if m.pseudonymised {
                l.pseudonymised
            } else {
                l.identifying
            }
            .to_string(),
        });
        if let Some(day) = made_on {
            facts.push(Fact {
                label: l.made_on,
                value: l.date(day),
            });
        }
        let disclosure = if m.pseudonymised {
            let withheld: u64 = m.groups.iter().map(|g| g.cells_suppressed).sum();
            vec![
                fill(l.pseudonymised_note, "min", m.min_cell),
                fill(l.withheld_total, "n", w.whole(withheld)),
            ]
        } else {
            vec![l.identifying_note.to_string()]
        };
        let legend = if m.pseudonymised {
            fill(l.withheld_legend, "min", m.min_cell)
        } else {
            l.missing_legend.to_string()
        };
        let sections = if m.groups.is_empty() {
            vec![Section {
                id: "summary",
                heading: l.summary,
                intro: None,
                blocks: vec![Block::Note(l.no_groups.to_string())],
            }]
        } else if !self.any_shown() {
            // Every group withheld whole: the summary says so of each.
            vec![self.summary()]
        } else {
            vec![
                self.summary(),
                self.uptake(),
                self.timing(),
                self.circle(),
                self.attendance(),
                self.plan_items(),
                self.acceptance(),
                self.kept(),
                self.follow_up(),
                self.satisfaction(),
            ]
        };
        ReportPage {
            lang: l.lang.code(),
            title: l.title,
            facts,
            disclosure,
            legend,
            sections,
            about_heading: l.about,
            about: l.about_text,
        }
    }

    /// The period in words, its end the last day included.
    fn period(&self) -> String {
        let l = self.l;
        let last = |to: NaiveDate| to.pred_opt().unwrap_or(to);
        match (self.m.query.from, self.m.query.to) {
            (None, None) => l.all_requests.to_string(),
            (Some(from), None) => format!("{} {}", l.from_on, l.date(from)),
            (None, Some(to)) => format!("{} {}", l.through, l.date(last(to))),
            (Some(from), Some(to)) => {
                format!("{} {} {}", l.date(from), l.through, l.date(last(to)))
            }
        }
    }
}

/// A group's name in words: `all`, a variant or a legal basis in the reader's language, an
/// organisation by its name (identifying) or its pseudonym, or the family's own requests.
pub(crate) fn group_name(g: &GroupMeasures, by: GroupBy, l: &'static Labels) -> String {
    let code = g.group.as_str();
    let known = match by {
        GroupBy::None if code == "all" => Some(l.all_cases.to_string()),
        GroupBy::Variant => code.parse::<Variant>().ok().map(|v| l.variant(v).into()),
        GroupBy::LegalBasis => code
            .parse::<LegalBasis>()
            .ok()
            .map(|b| l.legal_basis(b).into()),
        GroupBy::Organisation if code == "family" => Some(l.family_request.to_string()),
        GroupBy::Organisation => g.label.clone(),
        GroupBy::None => None,
    };
    known.unwrap_or_else(|| code.to_string())
}
