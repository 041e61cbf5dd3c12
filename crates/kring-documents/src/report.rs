//! The standard measures of many cases as one printable HTML report, with charts, in Dutch
//! or English: what a regional manager reads of their organisation's cases.
//!
//! [`report_html`] takes the measures ([`kring_research::measures::Measures`], from
//! [`kring_research::measures::store_measures`] or [`kring_research::measures::measures`])
//! and writes one self-contained HTML file that loads nothing (no scripts, fonts, images or
//! links: its style is inline and its charts are inline SVG), prints on A4, and reads the
//! same on screen.
//!
//! It contains: the title, the period, the grouping and the disclosure (what is withheld and
//! how a withheld value shows); a summary table with a row per group; then a section per
//! measure of `docs/research.md`, each with a chart and a table of its figures per group:
//! uptake (requests, conferences held, withdrawals by phase, closures by outcome), days to
//! the coordinator and to the conference (median and quartiles, as boxes), the circle and
//! how it was widened, attendance per part, the share of the plan carried by the circle,
//! acceptance first time or after private time, agreements kept at the first evaluation and
//! at three months, follow-up, and satisfaction per participant group.
//!
//! Every chart reads without the picture: each bar or box is labelled and its value written
//! beside it, its SVG `<title>` and `<desc>` say the figures in sentences, and the table
//! under it holds them all. A value withheld under a pseudonymised disclosure (or one that
//! does not exist, as the median of no cases) has no shape and shows as `—`, explained at the
//! top; a group withheld whole says so in one line. A chart with nothing to draw, or too tall
//! for a page (many groups), is left out with a line saying why, and its table stays. Every
//! text is escaped by the template engine (askama), and the same measures and options
//! always give the same bytes.
//!
//! ```
//! use kring_documents::{Lang, report::{ReportOptions, report_html}};
//! use kring_research::Disclosure;
//! use kring_research::measures::{MeasureQuery, measures};
//!
//! let case = kring_testkit::example::full_story().0.case.unwrap();
//! let figures = measures([&case], &MeasureQuery::default(), &Disclosure::Identifying);
//! let html = report_html(&figures, &ReportOptions { lang: Lang::En, made_on: None }).unwrap();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("Who carries the plan"));
//! assert!(html.contains("<svg"));
//! ```

use askama::Template;
use chrono::NaiveDate;
use kring_domain::{Error, Result};
use kring_research::measures::Measures;

use crate::Lang;

mod chart;
mod labels;
mod page;
mod sections;

/// How to write the report.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The language of the report.
    pub lang: Lang,
    /// The day the report was made, printed under the title; not printed when `None`.
    pub made_on: Option<NaiveDate>,
}

impl ReportOptions {
    /// The options as text gives them (the bindings, the command line): `lang` `nl` (when
    /// absent) or `en`, `made_on` a day written `YYYY-MM-DD`; checked in that order.
    ///
    /// # Errors
    ///
    /// `invalid_input`, field `lang` or `made_on`.
    pub fn from_options(lang: Option<&str>, made_on: Option<&str>) -> Result<Self> {
        let lang = lang.map_or(Ok(Lang::default()), str::parse)?;
        let made_on = made_on
            .map(|day| {
                kring_domain::wire::parse_date(day)
                    .ok_or_else(|| Error::invalid("made_on", "expected a date written YYYY-MM-DD"))
            })
            .transpose()?;
        Ok(ReportOptions { lang, made_on })
    }
}

/// The report of `measures` as a self-contained HTML file.
///
/// # Errors
///
/// `invalid_input` (field `report`) only if the document cannot be written, which the
/// template's checks at build time rule out.
pub fn report_html(measures: &Measures, options: &ReportOptions) -> Result<String> {
    let l = labels::Labels::of(options.lang);
    page::Builder::new(measures, l)
        .page(options.made_on)
        .render()
        .map_err(|e| Error::invalid("report", e.to_string()))
}
