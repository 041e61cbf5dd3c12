//! Geometry: boxes, how wide a text is estimated to be, wrapping, and the polar placement
//! of the circle. Every estimate errs on the wide side, so that a text drawn in any common
//! sans-serif font stays inside its box.

/// An axis-aligned box in SVG user units: `x`, `y` its top-left corner (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// A box of `w` × `h` centred on (`cx`, `cy`).
    pub(crate) fn centred(cx: f64, cy: f64, w: f64, h: f64) -> Rect {
        Rect {
            x: cx - w / 2.0,
            y: cy - h / 2.0,
            w,
            h,
        }
    }

    /// The right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// The horizontal centre.
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }

    /// The vertical centre.
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }

    /// The box grown by `m` on every side.
    pub(crate) fn inflate(&self, m: f64) -> Rect {
        Rect {
            x: self.x - m,
            y: self.y - m,
            w: self.w + 2.0 * m,
            h: self.h + 2.0 * m,
        }
    }

    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }

    /// Whether `o` lies wholly inside this box.
    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.right() <= self.right() && o.bottom() <= self.bottom()
    }

    /// The smallest box holding both.
    pub(crate) fn union(&self, o: &Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        Rect {
            x,
            y,
            w: self.right().max(o.right()) - x,
            h: self.bottom().max(o.bottom()) - y,
        }
    }

    /// The box moved by (`dx`, `dy`).
    pub(crate) fn shifted(&self, dx: f64, dy: f64) -> Rect {
        Rect {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }

    /// The box with its corners on the tenth of a unit, as the SVG prints them.
    pub(crate) fn snapped(&self) -> Rect {
        let x = snap(self.x);
        let y = snap(self.y);
        Rect {
            x,
            y,
            w: snap(self.right()) - x,
            h: snap(self.bottom()) - y,
        }
    }

    /// Whether the point lies strictly inside.
    pub(crate) fn holds_point(&self, px: f64, py: f64) -> bool {
        px > self.x && px < self.right() && py > self.y && py < self.bottom()
    }

    /// Whether the ray from (`ox`, `oy`) in direction (`dx`, `dy`) meets the box.
    pub(crate) fn hit_by_ray(&self, ox: f64, oy: f64, dx: f64, dy: f64) -> bool {
        let mut t0 = 0.0_f64;
        let mut t1 = f64::INFINITY;
        for (o, d, lo, hi) in [
            (ox, dx, self.x, self.right()),
            (oy, dy, self.y, self.bottom()),
        ] {
            if d.abs() < 1e-12 {
                if o < lo || o > hi {
                    return false;
                }
            } else {
                let (a, b) = ((lo - o) / d, (hi - o) / d);
                t0 = t0.max(a.min(b));
                t1 = t1.min(a.max(b));
            }
        }
        t0 <= t1
    }

    /// The distance from the origin to the farthest corner.
    pub(crate) fn reach(&self) -> f64 {
        let fx = self.x.abs().max(self.right().abs());
        let fy = self.y.abs().max(self.bottom().abs());
        fx.hypot(fy)
    }
}

/// A number on the tenth of a unit, without a negative zero.
pub(crate) fn snap(v: f64) -> f64 {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

/// The point at angle `theta` (radians, counter-clockwise from the right, as on paper) and
/// distance `r` from the origin, in SVG coordinates (y down).
pub(crate) fn polar(theta: f64, r: f64) -> (f64, f64) {
    (r * theta.cos(), -r * theta.sin())
}

/// The angle of a point, as [`polar`] measures it, brought into `[from, from + 2π)`.
pub(crate) fn angle_from(x: f64, y: f64, from: f64) -> f64 {
    let tau = std::f64::consts::TAU;
    let a = (-y).atan2(x);
    let k = ((from - a) / tau).ceil();
    let mut t = a + k * tau;
    if t >= from + tau {
        t -= tau;
    }
    t
}

/// How wide one character is, in ems: generous widths of a common sans-serif (DejaVu Sans,
/// the widest of the usual defaults), rounded up.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'l' | 'j' | '\'' | '|' | '.' | ',' | ':' | ';' | '!' | 'ı' => 0.38,
        'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' | 'I' | '"' | '`' | '*' => 0.52,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '&' | '…' | '—' | 'Æ' | 'Œ' | 'æ' | 'œ' => 1.05,
        '<' | '>' | '=' | '+' | '~' | '#' | '^' | '·' => 0.9,
        c if is_wide(c) => 1.1,
        c if c.is_uppercase() => 0.82,
        _ => 0.68,
    }
}

/// Characters drawn a full em wide or more: CJK, Hangul, fullwidth forms, emoji.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F000..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// The estimated width of `text` at `size` (bold is a tenth wider), with a unit of room on
/// each side.
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(char_em).sum();
    em * size * if bold { 1.1 } else { 1.0 } + 2.0
}

/// The height of a line of text at `size`: the ascent of accented capitals and the descent.
pub(crate) fn line_height(size: f64) -> f64 {
    size * 1.3
}

/// Where the baseline sits below the top of a line's box.
pub(crate) fn baseline(size: f64) -> f64 {
    size * 1.0
}

/// Collapses runs of white space (and anything not printable) into single spaces.
pub(crate) fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Wraps `text` into lines of at most `width` characters (splitting a longer word), at most
/// `max_lines` of them; text beyond is cut with an ellipsis.
pub(crate) fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_len = 0;
    for word in clean(text).split(' ').filter(|w| !w.is_empty()) {
        let mut rest: Vec<char> = word.chars().collect();
        while !rest.is_empty() {
            let room = if line_len == 0 {
                width
            } else {
                width.saturating_sub(line_len + 1)
            };
            if rest.len() <= room {
                if line_len > 0 {
                    line.push(' ');
                    line_len += 1;
                }
                line.extend(rest.iter());
                line_len += rest.len();
                rest.clear();
            } else if line_len > 0 {
                lines.push(std::mem::take(&mut line));
                line_len = 0;
            } else {
                let tail = rest.split_off(width);
                lines.push(rest.iter().collect());
                rest = tail;
            }
        }
    }
    if line_len > 0 {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let mut chars: Vec<char> = last.chars().collect();
            chars.truncate(width.saturating_sub(1));
            *last = chars.into_iter().collect::<String>().trim_end().to_string() + "…";
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_cuts_with_an_ellipsis() {
        assert_eq!(wrap("Ruud Verhoef", 26, 2), vec!["Ruud Verhoef"]);
        assert_eq!(
            wrap("Maria-Magdalena van den Heuvel-Schoonhoven", 26, 2),
            vec!["Maria-Magdalena van den", "Heuvel-Schoonhoven"]
        );
        assert_eq!(wrap("abcdefghij", 4, 5), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("aa bb cc dd", 5, 1), vec!["aa b…"]);
        assert_eq!(wrap("  a \n\t b ", 10, 2), vec!["a b"]);
        assert!(wrap("", 10, 2).is_empty());
    }

    #[test]
    fn rays_and_angles() {
        let r = Rect::centred(10.0, 0.0, 4.0, 4.0);
        assert!(r.hit_by_ray(0.0, 0.0, 1.0, 0.0));
        assert!(!r.hit_by_ray(0.0, 0.0, -1.0, 0.0));
        assert!(!r.hit_by_ray(0.0, 0.0, 0.0, 1.0));
        let (x, y) = polar(std::f64::consts::FRAC_PI_2, 5.0);
        assert!(x.abs() < 1e-9 && (y + 5.0).abs() < 1e-9, "up is negative y");
        let a = angle_from(0.0, 5.0, 4.0);
        assert!((a - 1.5 * std::f64::consts::PI).abs() < 1e-9);
    }
}
