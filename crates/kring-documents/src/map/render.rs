//! The laid-out map written as SVG: one standalone element, no external references, every
//! text escaped by [`escape`].

use std::fmt::Write;

use kring_domain::{Identified, Side};

use super::geom::{Rect, baseline, polar, snap};
use super::layout::{CardStyle, Draw, MapLayout, Symbol};
use super::model::{Attend, Mark, Node};

/// Text or an attribute value made safe for XML: the five special characters become
/// entities, and characters XML does not allow become U+FFFD.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A number as the SVG prints it: at most one decimal.
fn n(v: f64) -> String {
    let v = snap(v);
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The text colour.
const INK: &str = "#111827";
/// The colour of outlines.
const LINE: &str = "#1f2937";

/// A side's light tint (its sector) and its strong colour (its members' symbols and frames).
fn side_colours(side: Side) -> (&'static str, &'static str) {
    match side {
        Side::Mothers => ("#f3e8ff", "#8b5cf6"),
        Side::Fathers => ("#ffedd5", "#f97316"),
        Side::Own => ("#dcfce7", "#22c55e"),
    }
}

/// The dashes of a member's outline: how they were found.
fn found_dashes(found: Identified) -> &'static str {
    match found {
        Identified::AtIntake => "",
        Identified::WideningCircle => r#" stroke-dasharray="4 2""#,
        Identified::AtConference => r#" stroke-dasharray="0.1 3" stroke-linecap="round""#,
    }
}

/// Writes the map as SVG.
pub(super) fn svg(map: &MapLayout) -> String {
    let mut s = String::new();
    let lang = map.lang.code();
    let id = escape(&map.doc_id);
    let (w, h) = (n(map.width), n(map.height));
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" xml:lang="{lang}" lang="{lang}" font-family="sans-serif">"#
    );
    s.push('\n');
    let _ = writeln!(
        s,
        r#"<title id="{id}-title">{}</title>"#,
        escape(&map.title)
    );
    let _ = writeln!(s, r#"<desc id="{id}-desc">{}</desc>"#, escape(&map.desc));
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>"##
    );
    for e in &map.elements {
        let r = &e.rect;
        match &e.draw {
            Draw::Wedge {
                side,
                cx,
                cy,
                r: radius,
                from,
                to,
            } => {
                let (tint, _) = side_colours(*side);
                let (x0, y0) = polar(*from, *radius);
                let (x1, y1) = polar(*to, *radius);
                let large = if to - from > std::f64::consts::PI {
                    1
                } else {
                    0
                };
                // Counter-clockwise on paper is sweep flag 0 in SVG's y-down coordinates.
                let _ = writeln!(
                    s,
                    r#"<path d="M {} {} L {} {} A {} {} 0 {large} 0 {} {} Z" fill="{tint}"/>"#,
                    n(*cx),
                    n(*cy),
                    n(cx + x0),
                    n(cy + y0),
                    n(*radius),
                    n(*radius),
                    n(cx + x1),
                    n(cy + y1),
                );
            }
            Draw::Band => {
                let _ = writeln!(
                    s,
                    r##"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="#f3f4f6" stroke="#d1d5db"/>"##,
                    n(r.x),
                    n(r.y),
                    n(r.w),
                    n(r.h)
                );
            }
            Draw::Card(style) => {
                let (fill, stroke, width, dash) = match style {
                    CardStyle::Main => ("#ffffff", LINE, 2.0, ""),
                    CardStyle::Member(side) => ("#ffffff", side_colours(*side).1, 1.5, ""),
                    CardStyle::Outside { ended: false } => ("#ffffff", "#6b7280", 1.0, ""),
                    CardStyle::Outside { ended: true } => {
                        ("#f9fafb", "#6b7280", 1.0, r#" stroke-dasharray="4 3""#)
                    }
                };
                let half = width / 2.0;
                let _ = writeln!(
                    s,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{}"{dash}/>"#,
                    n(r.x + half),
                    n(r.y + half),
                    n(r.w - width),
                    n(r.h - width),
                    n(width)
                );
            }
            Draw::Text(t) => {
                let (x, anchor) = if t.start {
                    (r.x + 1.0, "start")
                } else {
                    (r.cx(), "middle")
                };
                let _ = writeln!(
                    s,
                    r#"<text x="{}" y="{}" font-size="{}"{}{} text-anchor="{anchor}" fill="{INK}">{}</text>"#,
                    n(x),
                    n(r.y + baseline(t.size)),
                    n(t.size),
                    if t.bold { r#" font-weight="bold""# } else { "" },
                    if t.italic {
                        r#" font-style="italic""#
                    } else {
                        ""
                    },
                    escape(&t.text)
                );
            }
            Draw::Symbol(sym) => symbol(&mut s, *sym, r),
        }
    }
    s.push_str("</svg>\n");
    s
}

/// Draws a symbol inside its box.
fn symbol(s: &mut String, sym: Symbol, r: &Rect) {
    let (cx, cy) = (r.cx(), r.cy());
    match sym {
        Symbol::Node(Node::Main) => {
            let _ = writeln!(
                s,
                r##"<circle cx="{}" cy="{}" r="8" fill="{LINE}"/><circle cx="{}" cy="{}" r="3.5" fill="#ffffff"/>"##,
                n(cx),
                n(cy),
                n(cx),
                n(cy)
            );
        }
        Symbol::Node(Node::Member { side, found }) => {
            member_node(s, cx, cy, side_colours(side).1, found);
        }
        Symbol::Found(found) => member_node(s, cx, cy, "#d1d5db", found),
        Symbol::Node(Node::Professional) => {
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="12" height="12" fill="#e5e7eb" stroke="{LINE}" stroke-width="1.5"/>"##,
                n(cx - 6.0),
                n(cy - 6.0)
            );
        }
        Symbol::Node(Node::Coordinator) => {
            let _ = writeln!(
                s,
                r#"<rect x="{}" y="{}" width="12" height="12" fill="{LINE}"/>"#,
                n(cx - 6.0),
                n(cy - 6.0)
            );
        }
        Symbol::Node(Node::Interpreter) => {
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="12" height="12" fill="#ffffff" stroke="{LINE}" stroke-width="1.5" stroke-dasharray="3 2"/>"##,
                n(cx - 6.0),
                n(cy - 6.0)
            );
        }
        Symbol::Mark(Mark::Monitor) => {
            let points: Vec<String> = (0..10)
                .map(|i| {
                    let radius = if i % 2 == 0 { 6.8 } else { 2.9 };
                    let a = std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::PI / 5.0;
                    let (x, y) = polar(a, radius);
                    format!("{},{}", n(cx + x), n(cy + y + 0.6))
                })
                .collect();
            let _ = writeln!(
                s,
                r##"<polygon points="{}" fill="#b45309"/>"##,
                points.join(" ")
            );
        }
        Symbol::Mark(Mark::Convener) => {
            let (x, y) = (r.x, r.y);
            let _ = writeln!(
                s,
                r##"<path d="M {} {} L {} {}" stroke="#1d4ed8" stroke-width="1.6"/><polygon points="{},{} {},{} {},{}" fill="#1d4ed8"/>"##,
                n(x + 3.0),
                n(y + 1.0),
                n(x + 3.0),
                n(y + 13.0),
                n(x + 3.8),
                n(y + 1.0),
                n(x + 13.0),
                n(y + 4.5),
                n(x + 3.8),
                n(y + 8.0)
            );
        }
        Symbol::Mark(Mark::Minor) => {
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#fef3c7" stroke="#92400e"/><text x="{}" y="{}" font-size="8.5" font-weight="bold" text-anchor="middle" fill="#92400e">&lt;18</text>"##,
                n(r.x + 0.5),
                n(r.y + 0.5),
                n(r.w - 1.0),
                n(r.h - 1.0),
                n(cx),
                n(r.y + 9.6)
            );
        }
        Symbol::Attendance(parts) => {
            for (i, a) in parts.iter().enumerate() {
                attend(s, r.x + 12.0 * i as f64, r.y, *a);
            }
        }
        Symbol::Attend(a) => attend(s, r.x, r.y, a),
        Symbol::Swatch(side) => {
            let (tint, strong) = side_colours(side);
            let _ = writeln!(
                s,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{tint}" stroke="{strong}"/>"#,
                n(r.x + 0.5),
                n(r.y + 0.5),
                n(r.w - 1.0),
                n(r.h - 1.0)
            );
        }
        Symbol::Ended => {
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#f9fafb" stroke="#6b7280" stroke-dasharray="4 3"/>"##,
                n(r.x + 0.5),
                n(r.y + 0.5),
                n(r.w - 1.0),
                n(r.h - 1.0)
            );
        }
    }
}

/// A member's circle, outlined as they were found.
fn member_node(s: &mut String, cx: f64, cy: f64, fill: &str, found: Identified) {
    let _ = writeln!(
        s,
        r#"<circle cx="{}" cy="{}" r="6.5" fill="{fill}" stroke="{LINE}" stroke-width="2"{}/>"#,
        n(cx),
        n(cy),
        found_dashes(found)
    );
}

/// One attendance marker, 9 × 9 from (`x`, `y`).
fn attend(s: &mut String, x: f64, y: f64, a: Attend) {
    let (fill, stroke) = match a {
        Attend::Present => (LINE, r##" stroke="#1f2937""##),
        Attend::Absent => ("#ffffff", r##" stroke="#1f2937""##),
        Attend::NotHeld => ("none", r##" stroke="#9ca3af" stroke-dasharray="2 1.5""##),
    };
    let _ = writeln!(
        s,
        r#"<rect x="{}" y="{}" width="8" height="8" fill="{fill}"{stroke} stroke-width="1"/>"#,
        n(x + 0.5),
        n(y + 0.5)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_the_special_characters() {
        assert_eq!(
            escape(r#"<script>alert(1)</script> "&'<>"#),
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&apos;&lt;&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{FFFF}"), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(escape("Çiğdem Öztürk"), "Çiğdem Öztürk");
    }

    #[test]
    fn numbers_have_at_most_one_decimal() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.26), "1.3");
        assert_eq!(n(-0.01), "0");
    }
}
