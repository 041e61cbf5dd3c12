//! The report's charts, laid out as plain shapes (rectangles, lines, texts) that
//! `templates/report.html` writes as inline SVG, escaping every text. Two kinds, both one
//! row per value and so as readable with one group as with ten: bars (counts, shares, mean
//! scores) and boxes (the quartiles of a number of days or people).
//!
//! Every row says its value in words beside the shape, so the chart reads without its
//! colours; a value that is withheld or missing gets no shape, only the mark `—`.

use std::fmt;

/// Width of every chart, in SVG units (CSS pixels at full size; it shrinks with the page).
pub(crate) const WIDTH: f64 = 680.0;
/// Where the bars start: left of it, the row's label.
const PLOT_LEFT: f64 = 200.0;
/// Where the scale ends: right of it, room for the value of a full bar.
const PLOT_RIGHT: f64 = 560.0;
const TOP: f64 = 4.0;
/// One row: a bar of `BAR` high and the space around it.
const ROW: f64 = 17.0;
const BAR: f64 = 11.0;
/// A group's name, above its rows.
const GROUP_HEAD: f64 = 19.0;
const GROUP_GAP: f64 = 7.0;
/// The scale under the rows: ticks and their numbers.
const AXIS: f64 = 24.0;
/// Characters of a group's name that fit on its line (at 12 px, about 6.6 px a character).
const GROUP_CHARS: usize = 95;
/// Characters of a row label that fit left of the bars.
pub(crate) const LABEL_CHARS: usize = 29;

/// A coordinate, printed with at most one decimal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Px(pub f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = (self.0 * 10.0).round() / 10.0;
        if v.fract() == 0.0 {
            write!(f, "{v:.0}")
        } else {
            write!(f, "{v:.1}")
        }
    }
}

/// The colour of a shape, as a class of the style sheet (`.s1` … in `report.html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paint {
    /// The first series, and boxes' medians' boxes.
    S1,
    S2,
    S3,
    S4,
    /// The outline of the 0–100 % (or 0–10) a share or score is drawn in.
    Track,
    /// The light grid lines of the scale.
    Grid,
    /// The box of quartiles.
    Box,
    /// The median's stroke.
    Median,
}

impl Paint {
    pub(crate) fn class(self) -> &'static str {
        match self {
            Paint::S1 => "s1",
            Paint::S2 => "s2",
            Paint::S3 => "s3",
            Paint::S4 => "s4",
            Paint::Track => "track",
            Paint::Grid => "grid",
            Paint::Box => "box",
            Paint::Median => "median",
        }
    }

    /// The colour of the `i`-th series of a chart.
    fn series(i: usize) -> Paint {
        [Paint::S1, Paint::S2, Paint::S3, Paint::S4][i % 4]
    }
}

pub(crate) struct Rect {
    pub x: Px,
    pub y: Px,
    pub w: Px,
    pub h: Px,
    pub class: &'static str,
}

pub(crate) struct Line {
    pub x1: Px,
    pub y1: Px,
    pub x2: Px,
    pub y2: Px,
    pub class: &'static str,
}

/// The kind of a text: its colour and weight.
pub(crate) struct Text {
    pub x: Px,
    pub y: Px,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// `label`, `value`, `group` or `tick`.
    pub class: &'static str,
    pub text: String,
}

/// One chart, laid out.
pub(crate) struct Figure {
    /// Unique in the page: the ids of its title and description derive from it.
    pub id: &'static str,
    pub height: Px,
    /// The chart in a few words (its SVG `<title>`).
    pub title: String,
    /// Every row's label and value as sentences (its SVG `<desc>`), for those who do not see
    /// the picture.
    pub desc: String,
    /// How to read it, under the picture.
    pub caption: String,
    /// The scale's grid lines, drawn first, under the bars.
    pub grid: Vec<Line>,
    pub rects: Vec<Rect>,
    pub lines: Vec<Line>,
    pub texts: Vec<Text>,
}

impl Figure {
    pub(crate) fn width(&self) -> Px {
        Px(WIDTH)
    }
}

/// What one row shows.
pub(crate) enum Mark {
    /// A bar of this length on the scale; `None` when withheld or missing.
    Bar(Option<f64>),
    /// The 25th, 50th and 75th percentiles; `None` when withheld or missing.
    Box(Option<(f64, f64, f64)>),
}

/// One row of a group: a series' label, its mark and its value in words.
pub(crate) struct Row {
    pub label: String,
    pub mark: Mark,
    pub value: String,
}

/// The rows of one group, under its name (no name when the chart has one group).
pub(crate) struct GroupRows {
    pub name: String,
    /// The group is withheld whole: `note` instead of its rows.
    pub note: Option<String>,
    pub rows: Vec<Row>,
}

/// The scale of a chart.
#[derive(Clone, Copy)]
pub(crate) enum Scale {
    /// From 0 to a round number at or above the largest value.
    Count,
    /// From 0 to 1, drawn in a track, ticks as percentages.
    Share,
    /// From 0 to this fixed maximum, drawn in a track (scores out of 10).
    Fixed(f64),
}

/// Writes a number on the scale.
pub(crate) type TickFormat<'a> = &'a dyn Fn(f64) -> String;

/// Lays out a chart of `groups`, each under its name when `named`. Each group's rows are
/// drawn in the series colours in order.
pub(crate) fn figure(
    id: &'static str,
    title: String,
    caption: String,
    scale: Scale,
    named: bool,
    groups: &[GroupRows],
    tick: TickFormat<'_>,
) -> Figure {
    let max = match scale {
        Scale::Count => nice_max(
            groups
                .iter()
                .flat_map(|g| &g.rows)
                .filter_map(|r| match r.mark {
                    Mark::Bar(v) => v,
                    Mark::Box(q) => q.map(|(_, _, p75)| p75),
                })
                .fold(0.0, f64::max),
        ),
        Scale::Share => 1.0,
        Scale::Fixed(max) => max,
    };
    let tracked = !matches!(scale, Scale::Count);
    let at = |v: f64| PLOT_LEFT + (v.clamp(0.0, max) / max) * (PLOT_RIGHT - PLOT_LEFT);
    let mut f = Figure {
        id,
        height: Px(0.0),
        title,
        desc: String::new(),
        caption,
        grid: Vec::new(),
        rects: Vec::new(),
        lines: Vec::new(),
        texts: Vec::new(),
    };
    let mut y = TOP;
    let mut sentences = Vec::new();
    for g in groups {
        if named {
            y += GROUP_GAP;
            f.texts.push(Text {
                x: Px(4.0),
                y: Px(y + 13.0),
                anchor: "start",
                class: "group",
                text: clip(&g.name, GROUP_CHARS),
            });
            y += GROUP_HEAD;
        }
        if let Some(note) = &g.note {
            f.texts.push(Text {
                x: Px(PLOT_LEFT),
                y: Px(y + BAR),
                anchor: "start",
                class: "value",
                text: note.clone(),
            });
            sentences.push(format!("{}: {note}.", g.name));
            y += ROW;
            continue;
        }
        let mut said = Vec::new();
        for (i, row) in g.rows.iter().enumerate() {
            let top = y + (ROW - BAR) / 2.0;
            let middle = top + BAR / 2.0;
            f.texts.push(Text {
                x: Px(PLOT_LEFT - 8.0),
                y: Px(middle + 4.0),
                anchor: "end",
                class: "label",
                text: clip(&row.label, LABEL_CHARS),
            });
            if tracked {
                f.rects.push(Rect {
                    x: Px(PLOT_LEFT),
                    y: Px(top),
                    w: Px(PLOT_RIGHT - PLOT_LEFT),
                    h: Px(BAR),
                    class: Paint::Track.class(),
                });
            }
            let end = match row.mark {
                Mark::Bar(Some(v)) => {
                    let w = at(v) - PLOT_LEFT;
                    if w > 0.0 {
                        f.rects.push(Rect {
                            x: Px(PLOT_LEFT),
                            y: Px(top),
                            w: Px(w.max(1.0)),
                            h: Px(BAR),
                            class: Paint::series(i).class(),
                        });
                    }
                    Some(PLOT_LEFT + w.max(0.0))
                }
                Mark::Box(Some((p25, median, p75))) => {
                    let (x25, x50, x75) = (at(p25), at(median), at(p75));
                    // A box of no width still shows: at least 3 units wide.
                    let (left, right) = if x75 - x25 < 3.0 {
                        (x50 - 1.5, x50 + 1.5)
                    } else {
                        (x25, x75)
                    };
                    f.rects.push(Rect {
                        x: Px(left),
                        y: Px(top),
                        w: Px(right - left),
                        h: Px(BAR),
                        class: Paint::Box.class(),
                    });
                    // The median stands out above and below the box: seen at its edge too.
                    f.lines.push(Line {
                        x1: Px(x50),
                        y1: Px(top - 3.0),
                        x2: Px(x50),
                        y2: Px(top + BAR + 3.0),
                        class: Paint::Median.class(),
                    });
                    Some(right)
                }
                Mark::Bar(None) | Mark::Box(None) => None,
            };
            // The value: after the bar, or at the start of the scale when there is none; in
            // a track, after the track, so it never sits on a coloured shape.
            let x = match (tracked, end) {
                (true, _) => PLOT_RIGHT + 6.0,
                (false, Some(end)) => end + 6.0,
                (false, None) => PLOT_LEFT + 2.0,
            };
            f.texts.push(Text {
                x: Px(x),
                y: Px(middle + 4.0),
                anchor: "start",
                class: "value",
                text: row.value.clone(),
            });
            said.push(format!("{} {}", row.label, row.value));
            y += ROW;
        }
        if named {
            sentences.push(format!("{}: {}.", g.name, said.join("; ")));
        } else {
            sentences.push(format!("{}.", said.join("; ")));
        }
    }
    // The scale: grid lines through the rows, and their numbers under them.
    let ticks = ticks(max, matches!(scale, Scale::Share));
    for &t in &ticks {
        let x = at(t);
        f.grid.push(Line {
            x1: Px(x),
            y1: Px(TOP),
            x2: Px(x),
            y2: Px(y + 3.0),
            class: Paint::Grid.class(),
        });
        f.texts.push(Text {
            x: Px(x),
            y: Px(y + 16.0),
            anchor: "middle",
            class: "tick",
            text: tick(t),
        });
    }
    f.height = Px(y + AXIS);
    f.desc = sentences.join(" ");
    f
}

/// `text`, cut to `chars` characters with an ellipsis.
pub(crate) fn clip(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(chars - 1).collect();
        cut.push('…');
        cut
    }
}

/// The smallest round number (1, 2, 2.5 or 5 times a power of ten, and whole) at or above
/// `v`; 1 for nothing.
fn nice_max(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 || v.is_infinite() {
        return 1.0;
    }
    let power = 10f64.powf(v.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= v - 1e-9)
        .unwrap_or(10.0 * power);
    step.ceil().max(1.0)
}

/// The ticks from 0 to `max` (both included): quarters of a share; otherwise whole numbers,
/// every one up to 7, else four or five equal whole steps where they exist.
fn ticks(max: f64, share: bool) -> Vec<f64> {
    let n = if share {
        4.0
    } else if max < 8.0 {
        max.max(1.0).round()
    } else {
        [4.0, 5.0, 2.0]
            .into_iter()
            .find(|n| (max / n).fract() == 0.0)
            .unwrap_or(1.0)
    };
    (0..=n as usize).map(|i| max * i as f64 / n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, mark: Mark, value: &str) -> Row {
        Row {
            label: label.into(),
            mark,
            value: value.into(),
        }
    }

    #[test]
    fn round_maxima_and_ticks() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(f64::NAN), 1.0);
        assert_eq!(nice_max(3.0), 5.0);
        assert_eq!(nice_max(40.0), 50.0);
        assert_eq!(nice_max(100.0), 100.0);
        assert_eq!(nice_max(101.0), 200.0);
        assert_eq!(nice_max(0.3), 1.0);
        assert_eq!(ticks(5.0, false), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(ticks(100.0, false), vec![0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(ticks(10.0, false), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(1.0, false), vec![0.0, 1.0]);
        assert_eq!(ticks(1.0, true).len(), 5);
        for max in [1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 200.0, 250.0, 1000.0] {
            assert!(ticks(max, false).iter().all(|t| t.fract() == 0.0), "{max}");
        }
    }

    #[test]
    fn shapes_stay_within_the_picture_and_withheld_rows_draw_nothing() {
        let groups = vec![
            GroupRows {
                name: "A".into(),
                note: None,
                rows: vec![
                    row("requests", Mark::Bar(Some(40.0)), "40"),
                    row("held", Mark::Bar(None), "—"),
                    row("days", Mark::Box(Some((3.0, 9.0, 500.0))), "9 (3–500)"),
                ],
            },
            GroupRows {
                name: "B".into(),
                note: Some("fewer than 5 cases".into()),
                rows: vec![],
            },
        ];
        let f = figure(
            "t",
            "T".into(),
            "C".into(),
            Scale::Count,
            true,
            &groups,
            &|v: f64| v.to_string(),
        );
        // Two bars: 40, and the box; no bar for the withheld row, nor for group B.
        let marks: Vec<_> = f.rects.iter().filter(|r| r.class != "track").collect();
        assert_eq!(marks.len(), 2);
        for r in &f.rects {
            assert!(r.x.0 >= 0.0 && r.x.0 + r.w.0 <= WIDTH && r.y.0 >= 0.0);
            assert!(r.y.0 + r.h.0 <= f.height.0);
        }
        assert!(f.texts.iter().any(|t| t.text == "—"));
        assert!(f.desc.contains("A: requests 40; held —; days 9 (3–500)."));
        assert!(f.desc.contains("B: fewer than 5 cases."));
        // A share over 1 (from a hand-made input) stays in its track.
        let f = figure(
            "s",
            "S".into(),
            "C".into(),
            Scale::Share,
            false,
            &[GroupRows {
                name: "all".into(),
                note: None,
                rows: vec![row("share", Mark::Bar(Some(7.0)), "700%")],
            }],
            &|v| v.to_string(),
        );
        let bar = f.rects.iter().find(|r| r.class == "s1").unwrap();
        assert_eq!(bar.x.0 + bar.w.0, PLOT_RIGHT);
    }

    #[test]
    fn long_names_are_clipped() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "ab…");
        assert_eq!(Px(1.25).to_string(), "1.3");
        assert_eq!(Px(2.0).to_string(), "2");
    }
}
