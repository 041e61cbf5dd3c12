//! Where everything goes.
//!
//! - **The circle.** The main persons' cards are stacked at the centre. Each side of the
//!   family gets a sector of the circle, its angle in proportion to the people on it (own
//!   network at the bottom, mother's side to the right, father's side to the left), so a
//!   crowded side gets more room. Its members are placed one by one, in their stable order,
//!   each on the smallest ring (radius, in steps of [`RADIAL_STEP`]) that still has room for
//!   their card, as near the sector's middle as that ring allows (angles in steps of
//!   [`ARC_STEP`] of arc): "room" means inside the sector, clear of its edges, and at least
//!   [`GAP`] from every card, heading and the centre placed before. So the first people sit
//!   innermost and a crowded sector grows ring by ring outwards. The sector's heading goes
//!   in its middle, just outside its cards, and its tinted slice reaches just past them.
//! - **Outside the circle**: a band below it with the coordinator, the professionals and
//!   interpreters, in rows. Then **the legend**, in columns.
//! - The picture is as wide and as tall as what it holds, plus a margin.
//!
//! Every text and symbol gets a box, from a generous estimate of its width
//! ([`super::geom`]); the boxes are exactly what the SVG draws, so the tests check the
//! geometry of the map itself.

use kring_domain::{Identified, PersonId, Side};

use super::geom::{Rect, angle_from, line_height, polar, text_width, wrap};
use super::model::{Attend, CardModel, LegendSymbol, Mark, Model, Node};
use crate::Lang;

/// Room between any two boxes placed in the circle (cards, headings, the centre).
const GAP: f64 = 8.0;
/// Room between a card and the edges of its sector.
const EDGE: f64 = 3.0;
/// Beyond this radius the search for room stops (never reached by real circles).
const MAX_RADIUS: f64 = 200_000.0;
/// The margin around the whole picture.
const MARGIN: f64 = 24.0;
/// The narrowest the picture's content is.
const MIN_CONTENT: f64 = 600.0;
/// Inside a card: room at the sides, at the top and bottom, and between rows.
const PAD_X: f64 = 6.0;
const PAD_Y: f64 = 5.0;
const ROW_GAP: f64 = 3.0;
/// Font sizes.
const TITLE: f64 = 20.0;
const SUBTITLE: f64 = 11.0;
const CAPTION: f64 = 12.0;
const HEADING: f64 = 13.0;
const NAME: f64 = 12.0;
const MAIN_NAME: f64 = 13.0;
const DETAIL: f64 = 10.0;
const LEGEND: f64 = 10.5;
/// The longest line of the legend, in characters.
const LEGEND_WIDTH: usize = 36;

/// What kind of thing a box holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxKind {
    /// A person's card: the frame around their symbol, name, relations and marks.
    Card,
    /// One line of a person's name.
    Name,
    /// Any other line of text: relations, roles, headings, the title, the legend.
    Text,
    /// A symbol: a person's node, a mark, attendance markers, a legend swatch.
    Symbol,
    /// A background: a side's sector, the band of professionals.
    Shape,
}

/// Which part of the map a box belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// The title, the subtitle and the caption.
    Title,
    /// The main persons at the centre of the circle.
    Centre,
    /// A side of the family: its sector, heading and members.
    Side(Side),
    /// The band of professionals, the coordinator and interpreters outside the circle.
    Outside,
    /// The legend.
    Legend,
}

/// One box of the laid-out map.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidBox {
    /// What it holds.
    pub kind: BoxKind,
    /// Where on the map.
    pub region: Region,
    /// The person whose card it is part of.
    pub person: Option<PersonId>,
    /// The text drawn in it (a line of text; for a symbol, what it stands for).
    pub text: String,
    /// Where it is, in the SVG's user units.
    pub rect: Rect,
}

/// The angle a side of the family has on the circle: from `from` to `to`, in radians
/// counter-clockwise from the right (as on paper; the SVG's y axis points down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sector {
    /// The side.
    pub side: Side,
    /// Where the sector starts.
    pub from: f64,
    /// Where it ends (`from` < `to` < `from` + 2π).
    pub to: f64,
}

/// The map laid out: its size, every box, and the circle's centre and sectors. What
/// [`super::network_map_svg`] draws; exposed so tests can check the geometry.
#[derive(Debug, Clone)]
pub struct MapLayout {
    /// The width of the viewBox (which starts at 0, 0).
    pub width: f64,
    /// The height of the viewBox.
    pub height: f64,
    /// The centre of the circle, when the reader may see the circle.
    pub centre: Option<(f64, f64)>,
    /// The sectors of the sides, around [`MapLayout::centre`].
    pub sectors: Vec<Sector>,
    pub(super) elements: Vec<Element>,
    pub(super) lang: Lang,
    pub(super) doc_id: String,
    pub(super) title: String,
    pub(super) desc: String,
}

impl MapLayout {
    /// Every box, in the order drawn.
    pub fn boxes(&self) -> Vec<LaidBox> {
        self.elements
            .iter()
            .map(|e| {
                let (kind, text) = match &e.draw {
                    Draw::Card(_) => (BoxKind::Card, String::new()),
                    Draw::Text(t) => (
                        if t.name { BoxKind::Name } else { BoxKind::Text },
                        t.text.clone(),
                    ),
                    Draw::Symbol(s) => (BoxKind::Symbol, s.code().to_string()),
                    Draw::Wedge { .. } | Draw::Band => (BoxKind::Shape, String::new()),
                };
                LaidBox {
                    kind,
                    region: e.region,
                    person: e.person,
                    text,
                    rect: e.rect,
                }
            })
            .collect()
    }
}

/// One thing drawn.
#[derive(Debug, Clone)]
pub(super) struct Element {
    pub rect: Rect,
    pub region: Region,
    pub person: Option<PersonId>,
    pub draw: Draw,
}

/// How to draw an element in its box.
#[derive(Debug, Clone)]
pub(super) enum Draw {
    Card(CardStyle),
    Text(TextStyle),
    Symbol(Symbol),
    /// A side's sector: a pie slice of radius `r` around (`cx`, `cy`).
    Wedge {
        side: Side,
        cx: f64,
        cy: f64,
        r: f64,
        from: f64,
        to: f64,
    },
    /// The background of the band outside the circle.
    Band,
}

/// The frame of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CardStyle {
    Main,
    Member(Side),
    Outside { ended: bool },
}

/// A line of text.
#[derive(Debug, Clone)]
pub(super) struct TextStyle {
    pub text: String,
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
    /// Starts at the box's left edge; otherwise centred in it.
    pub start: bool,
    /// A line of a person's name.
    pub name: bool,
}

/// A symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Symbol {
    Node(Node),
    Found(Identified),
    Mark(Mark),
    Attendance([Attend; 3]),
    Attend(Attend),
    Swatch(Side),
    Ended,
}

impl Symbol {
    /// Its size.
    fn size(self) -> (f64, f64) {
        match self {
            Symbol::Node(Node::Main) => (18.0, 18.0),
            Symbol::Node(_) | Symbol::Found(_) => (16.0, 16.0),
            Symbol::Mark(Mark::Minor) => (24.0, 13.0),
            Symbol::Mark(_) => (14.0, 14.0),
            Symbol::Attendance(_) => (33.0, 9.0),
            Symbol::Attend(_) => (9.0, 9.0),
            Symbol::Swatch(_) | Symbol::Ended => (18.0, 12.0),
        }
    }

    /// What it stands for, as a code.
    pub(super) fn code(self) -> &'static str {
        match self {
            Symbol::Node(Node::Main) => "main_person",
            Symbol::Node(Node::Member { .. }) => "network_member",
            Symbol::Node(Node::Professional) => "professional",
            Symbol::Node(Node::Coordinator) => "coordinator",
            Symbol::Node(Node::Interpreter) => "interpreter",
            Symbol::Found(f) => f.code(),
            Symbol::Mark(Mark::Monitor) => "monitor",
            Symbol::Mark(Mark::Convener) => "convener",
            Symbol::Mark(Mark::Minor) => "minor",
            Symbol::Attendance(_) => "attendance",
            Symbol::Attend(Attend::Present) => "present",
            Symbol::Attend(Attend::Absent) => "absent",
            Symbol::Attend(Attend::NotHeld) => "not_held",
            Symbol::Swatch(s) => s.code(),
            Symbol::Ended => "involvement_ended",
        }
    }
}

/// Something measured but not yet placed: its size and its parts, relative to its corner.
struct Block {
    w: f64,
    h: f64,
    parts: Vec<(Rect, Draw)>,
}

impl Block {
    /// Puts the block with its top-left corner at (`x`, `y`).
    fn emit(
        self,
        x: f64,
        y: f64,
        region: Region,
        person: Option<PersonId>,
        out: &mut Vec<Element>,
    ) {
        for (rect, draw) in self.parts {
            out.push(Element {
                rect: rect.shifted(x, y),
                region,
                person,
                draw,
            });
        }
    }
}

fn text(text: &str, size: f64, bold: bool) -> (f64, f64, Draw) {
    (
        text_width(text, size, bold),
        line_height(size),
        Draw::Text(TextStyle {
            text: text.to_string(),
            size,
            bold,
            italic: false,
            start: false,
            name: false,
        }),
    )
}

/// A person's card: their symbol and marks, their name, relations or role, attendance.
fn card_block(card: &CardModel) -> Block {
    let main = card.node == Node::Main;
    let name_size = if main { MAIN_NAME } else { NAME };
    let mut symbols = vec![Symbol::Node(card.node)];
    symbols.extend(card.marks.iter().map(|m| Symbol::Mark(*m)));
    let sym_w: f64 =
        symbols.iter().map(|s| s.size().0).sum::<f64>() + 4.0 * (symbols.len() as f64 - 1.0);
    let sym_h = symbols.iter().map(|s| s.size().1).fold(0.0, f64::max);
    let mut rows: Vec<(f64, f64, Draw)> = Vec::new();
    for line in &card.name {
        let (w, h, mut d) = text(line, name_size, true);
        if let Draw::Text(t) = &mut d {
            t.name = true;
        }
        rows.push((w, h, d));
    }
    for line in &card.details {
        rows.push(text(line, DETAIL, false));
    }
    let attendance = card.attendance.map(Symbol::Attendance);
    let inner = rows
        .iter()
        .map(|r| r.0)
        .chain([sym_w])
        .chain(attendance.map(|a| a.size().0))
        .fold(0.0, f64::max);
    let w = inner + 2.0 * PAD_X;
    let mut parts = Vec::new();
    let mut y = PAD_Y;
    let mut x = (w - sym_w) / 2.0;
    for s in symbols {
        let (sw, sh) = s.size();
        parts.push((
            Rect {
                x,
                y: y + (sym_h - sh) / 2.0,
                w: sw,
                h: sh,
            },
            Draw::Symbol(s),
        ));
        x += sw + 4.0;
    }
    y += sym_h + ROW_GAP;
    let names = card.name.len();
    for (i, (rw, rh, d)) in rows.into_iter().enumerate() {
        if i == names && i > 0 {
            y += 1.0;
        }
        parts.push((
            Rect {
                x: (w - rw) / 2.0,
                y,
                w: rw,
                h: rh,
            },
            d,
        ));
        y += rh;
    }
    if let Some(a) = attendance {
        let (aw, ah) = a.size();
        y += ROW_GAP;
        parts.push((
            Rect {
                x: (w - aw) / 2.0,
                y,
                w: aw,
                h: ah,
            },
            Draw::Symbol(a),
        ));
        y += ah;
    }
    let h = y + PAD_Y;
    let style = match card.node {
        Node::Main => CardStyle::Main,
        Node::Member { side, .. } => CardStyle::Member(side),
        _ => CardStyle::Outside { ended: card.ended },
    };
    parts.insert(
        0,
        (
            Rect {
                x: 0.0,
                y: 0.0,
                w,
                h,
            },
            Draw::Card(style),
        ),
    );
    Block { w, h, parts }
}

/// Lines of text under each other, centred on the widest (or starting at the left).
fn lines_block(lines: &[(String, f64, bool, bool)], start: bool) -> Block {
    let mut parts = Vec::new();
    let w = lines
        .iter()
        .map(|(t, s, b, _)| text_width(t, *s, *b))
        .fold(0.0, f64::max);
    let mut y = 0.0;
    for (t, size, bold, italic) in lines {
        let lw = text_width(t, *size, *bold);
        let lh = line_height(*size);
        parts.push((
            Rect {
                x: if start { 0.0 } else { (w - lw) / 2.0 },
                y,
                w: lw,
                h: lh,
            },
            Draw::Text(TextStyle {
                text: t.clone(),
                size: *size,
                bold: *bold,
                italic: *italic,
                start,
                name: false,
            }),
        ));
        y += lh;
    }
    Block { w, h: y, parts }
}

/// A line of the legend: its symbol, then its text.
fn legend_block(symbol: LegendSymbol, label: &str) -> Block {
    let symbol = match symbol {
        LegendSymbol::Node(n) => Symbol::Node(n),
        LegendSymbol::Found(f) => Symbol::Found(f),
        LegendSymbol::Mark(m) => Symbol::Mark(m),
        LegendSymbol::Swatch(s) => Symbol::Swatch(s),
        LegendSymbol::Parts => Symbol::Attendance([Attend::Present; 3]),
        LegendSymbol::Attend(a) => Symbol::Attend(a),
        LegendSymbol::Ended => Symbol::Ended,
    };
    let (sw, sh) = symbol.size();
    let lines: Vec<(String, f64, bool, bool)> = wrap(label, LEGEND_WIDTH, 3)
        .into_iter()
        .map(|l| (l, LEGEND, false, false))
        .collect();
    let text = lines_block(&lines, true);
    let h = sh.max(text.h);
    let mut parts = vec![(
        Rect {
            x: 0.0,
            y: (h - sh) / 2.0,
            w: sw,
            h: sh,
        },
        Draw::Symbol(symbol),
    )];
    let (tx, ty) = (sw + 6.0, (h - text.h) / 2.0);
    parts.extend(text.parts.into_iter().map(|(r, d)| (r.shifted(tx, ty), d)));
    Block {
        w: tx + text.w,
        h,
        parts,
    }
}

/// The two edges of a sector, as directions from the centre.
struct Edges {
    from: f64,
    to: f64,
    a: (f64, f64),
    b: (f64, f64),
}

impl Edges {
    fn new(from: f64, to: f64) -> Self {
        Edges {
            from,
            to,
            a: polar(from, 1.0),
            b: polar(to, 1.0),
        }
    }

    /// Whether a box lies inside the sector, [`EDGE`] clear of its edges and of the centre.
    fn hold(&self, r: &Rect) -> bool {
        let edge = r.inflate(EDGE);
        !edge.holds_point(0.0, 0.0)
            && !edge.hit_by_ray(0.0, 0.0, self.a.0, self.a.1)
            && !edge.hit_by_ray(0.0, 0.0, self.b.0, self.b.1)
            && angle_from(r.cx(), r.cy(), self.from) <= self.to
    }
}

/// A cheap, fixed hash for grid cells (the default one is made for untrusted keys).
#[derive(Default)]
struct CellHasher(u64);

impl std::hash::Hasher for CellHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_i64(&mut self, v: i64) {
        self.write_u64(v as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The boxes placed so far, filed by the cells of a square grid they touch, so that a new
/// box is checked only against its neighbours.
struct Placed {
    cells: std::collections::HashMap<
        (i64, i64),
        Vec<usize>,
        std::hash::BuildHasherDefault<CellHasher>,
    >,
    rects: Vec<Rect>,
}

impl Placed {
    /// The side of a cell.
    const CELL: f64 = 64.0;

    fn new() -> Self {
        Placed {
            cells: Default::default(),
            rects: Vec::new(),
        }
    }

    /// The cells a box, grown by half the gap, touches.
    fn cells_of(r: &Rect) -> impl Iterator<Item = (i64, i64)> {
        let g = r.inflate(GAP / 2.0);
        let c = |v: f64| (v / Self::CELL).floor() as i64;
        let (x0, x1, y0, y1) = (c(g.x), c(g.right()), c(g.y), c(g.bottom()));
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, r: Rect) {
        let i = self.rects.len();
        self.rects.push(r);
        for cell in Self::cells_of(&r) {
            self.cells.entry(cell).or_default().push(i);
        }
    }

    /// Whether `r` comes within [`GAP`] of a box placed before.
    fn crowds(&self, r: &Rect) -> bool {
        let g = r.inflate(GAP / 2.0);
        Self::cells_of(r).any(|cell| {
            self.cells.get(&cell).is_some_and(|ids| {
                ids.iter()
                    .any(|&i| g.overlaps(&self.rects[i].inflate(GAP / 2.0)))
            })
        })
    }
}

/// How far apart, in units, the radii and the angles are that placement tries.
const RADIAL_STEP: f64 = 4.0;
const ARC_STEP: f64 = 4.0;

/// Places boxes of `sizes`, in order, in a sector: each as close to the centre as it fits
/// (inside the sector, clear of everything placed before), on the ring of the smallest
/// radius from `r_start` outwards that has room, as near the sector's middle as the ring
/// allows. The first people sit innermost; a crowded sector fills ring after ring outwards.
fn place(sizes: &[(f64, f64)], from: f64, to: f64, placed: &mut Placed, r_start: f64) -> Vec<Rect> {
    let edges = Edges::new(from, to);
    let mid = (from + to) / 2.0;
    let half = (to - from) / 2.0;
    let base = r_start.max(1.0);
    let largest = sizes.iter().map(|&(w, h)| w.max(h)).fold(0.0, f64::max);
    let back = (1.5 * largest / RADIAL_STEP) as usize;
    // The sizes known not to fit anywhere on each ring: a box at least as large in both
    // directions does not fit there either (it covers the smaller one wherever it is tried,
    // and rings only fill up), so that ring is skipped for it.
    let mut full: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut out = Vec::with_capacity(sizes.len());
    let mut low = 0;
    for &(w, h) in sizes {
        let mut k = low;
        let rect = 'search: loop {
            let r = base + k as f64 * RADIAL_STEP;
            if r > MAX_RADIUS {
                let (x, y) = polar(mid, r);
                break Rect::centred(x, y, w, h);
            }
            if full.len() <= k {
                full.resize(k + 1, Vec::new());
            }
            if !full[k].iter().any(|&(fw, fh)| fw <= w && fh <= h) {
                let step = ARC_STEP / r;
                let steps = (half / step).floor() as i64;
                for k in 0..=steps {
                    for sign in [1.0, -1.0] {
                        if k == 0 && sign < 0.0 {
                            continue;
                        }
                        let (x, y) = polar(mid + sign * k as f64 * step, r);
                        let rect = Rect::centred(x, y, w, h);
                        if edges.hold(&rect) && !placed.crowds(&rect) {
                            break 'search rect;
                        }
                    }
                }
                full[k].push((w, h));
            }
            k += 1;
        };
        placed.insert(rect);
        out.push(rect);
        // The next one may fill a gap a little further in, but never searches from the
        // centre again.
        low = k.saturating_sub(back);
    }
    out
}

/// The box around a sector's slice of radius `r`: the centre, both ends of the arc, and
/// every point of the compass the arc passes.
fn wedge_bounds(r: f64, from: f64, to: f64) -> Rect {
    let quarter = std::f64::consts::FRAC_PI_2;
    let mut pts = vec![(0.0, 0.0), polar(from, r), polar(to, r)];
    let mut k = (from / quarter).ceil();
    while k * quarter <= to {
        pts.push(polar(k * quarter, r));
        k += 1.0;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in pts {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    }
}

/// Lays out rows of boxes of `sizes` left to right within `width`, wrapping; returns each
/// box's corner and the height of all rows.
fn flow(sizes: &[(f64, f64)], width: f64, gap_x: f64, gap_y: f64) -> (Vec<(f64, f64)>, f64) {
    let (mut x, mut y, mut row) = (0.0, 0.0, 0.0_f64);
    let mut at = Vec::new();
    for &(w, h) in sizes {
        if x > 0.0 && x + w > width {
            x = 0.0;
            y += row + gap_y;
            row = 0.0;
        }
        at.push((x, y));
        x += w + gap_x;
        row = row.max(h);
    }
    (at, y + row)
}

/// Lays out boxes of `sizes` in as many columns as fit in `width` (each as wide as its
/// widest box), filling each column top to bottom before the next; returns each box's
/// corner and the total height.
fn columns(sizes: &[(f64, f64)], width: f64, gap_x: f64, gap_y: f64) -> (Vec<(f64, f64)>, f64) {
    let n = sizes.len();
    let widths = |cols: usize| -> (usize, Vec<f64>) {
        let rows = n.div_ceil(cols);
        let ws = (0..cols)
            .map(|c| {
                sizes
                    .iter()
                    .skip(c * rows)
                    .take(rows)
                    .map(|s| s.0)
                    .fold(0.0, f64::max)
            })
            .collect();
        (rows, ws)
    };
    let (rows, col_w) = (1..=n.max(1))
        .rev()
        .map(widths)
        .find(|(_, ws)| ws.iter().sum::<f64>() + gap_x * (ws.len() as f64 - 1.0) <= width)
        .unwrap_or_else(|| widths(1));
    let rows = rows.max(1);
    let mut row_y = vec![0.0; rows + 1];
    for r in 0..rows {
        let h = (0..col_w.len())
            .filter_map(|c| sizes.get(c * rows + r))
            .map(|s| s.1)
            .fold(0.0, f64::max);
        row_y[r + 1] = row_y[r] + h + gap_y;
    }
    let mut col_x = vec![0.0];
    for w in &col_w {
        col_x.push(col_x.last().copied().unwrap_or(0.0) + w + gap_x);
    }
    let at = (0..n).map(|i| (col_x[i / rows], row_y[i % rows])).collect();
    (at, (row_y[rows] - gap_y).max(0.0))
}

/// The circle: the main persons at the centre and the sides around them, centred on the
/// origin. Returns the elements (backgrounds first) and the sectors.
fn lay_out_circle(circle: &super::model::CircleModel) -> (Vec<Element>, Vec<Sector>) {
    let mut items = Vec::new();
    let mut placed = Placed::new();

    // The centre: the main persons stacked.
    let blocks: Vec<Block> = circle.centre.iter().map(card_block).collect();
    let total: f64 =
        blocks.iter().map(|b| b.h).sum::<f64>() + 8.0 * (blocks.len().max(1) - 1) as f64;
    let mut y = -total / 2.0;
    for (block, card) in blocks.into_iter().zip(&circle.centre) {
        let rect = Rect {
            x: -block.w / 2.0,
            y,
            w: block.w,
            h: block.h,
        };
        y += block.h + 8.0;
        placed.insert(rect);
        block.emit(
            rect.x,
            rect.y,
            Region::Centre,
            Some(card.person),
            &mut items,
        );
    }
    let r_start = 12.0;

    // The sectors: own network at the bottom, mother's side to the right, father's side to
    // the left, each as wide as the people on it need.
    let weight = |n: usize| if n == 0 { 2.5 } else { n as f64 + 1.5 };
    let total_weight: f64 = circle.sides.iter().map(|s| weight(s.members.len())).sum();
    let span_of = |side: Side| {
        circle
            .sides
            .iter()
            .find(|s| s.side == side)
            .map_or(0.0, |s| {
                std::f64::consts::TAU * weight(s.members.len()) / total_weight
            })
    };
    let bottom = 1.5 * std::f64::consts::PI;
    let own = span_of(Side::Own);
    let mothers = span_of(Side::Mothers);
    let range = |side: Side| match side {
        Side::Own => (bottom - own / 2.0, bottom + own / 2.0),
        Side::Mothers => (bottom + own / 2.0, bottom + own / 2.0 + mothers),
        Side::Fathers => (
            bottom + own / 2.0 + mothers,
            bottom - own / 2.0 + std::f64::consts::TAU,
        ),
    };

    let mut sectors = Vec::new();
    let mut shapes = Vec::new();
    for side in &circle.sides {
        let (from, to) = range(side.side);
        let region = Region::Side(side.side);
        let blocks: Vec<Block> = side.members.iter().map(card_block).collect();
        let sizes: Vec<(f64, f64)> = blocks.iter().map(|b| (b.w, b.h)).collect();
        let rects = place(&sizes, from, to, &mut placed, r_start);
        let mut reach = rects.iter().map(Rect::reach).fold(0.0, f64::max);
        for ((block, rect), card) in blocks.into_iter().zip(&rects).zip(&side.members) {
            block.emit(rect.x, rect.y, region, Some(card.person), &mut items);
        }

        // The heading goes in the sector's middle, beyond the cards in its way.
        let mut lines = vec![(side.heading.clone(), HEADING, true, false)];
        if let Some(e) = &side.empty {
            lines.push((e.clone(), DETAIL, false, true));
        }
        let heading = lines_block(&lines, false);
        let mid = (from + to) / 2.0;
        let (dx, dy) = polar(mid, 1.0);
        let half = heading.w.max(heading.h) / 2.0 + GAP;
        let heading_from = rects
            .iter()
            .filter(|r| {
                [-half, 0.0, half]
                    .iter()
                    .any(|o| r.hit_by_ray(-dy * o, dx * o, dx, dy))
            })
            .map(Rect::reach)
            .fold(r_start, f64::max);
        let rect = place(
            &[(heading.w, heading.h)],
            from,
            to,
            &mut placed,
            heading_from,
        )[0];
        reach = reach.max(rect.reach());
        heading.emit(rect.x, rect.y, region, None, &mut items);

        let r = reach + 12.0;
        shapes.push(Element {
            rect: wedge_bounds(r, from, to),
            region,
            person: None,
            draw: Draw::Wedge {
                side: side.side,
                cx: 0.0,
                cy: 0.0,
                r,
                from,
                to,
            },
        });
        sectors.push(Sector {
            side: side.side,
            from,
            to,
        });
    }
    shapes.extend(items);
    (shapes, sectors)
}

/// Lays out the whole map.
pub(super) fn lay_out(model: &Model) -> MapLayout {
    let mut elements: Vec<Element> = Vec::new();
    let mut widths = vec![MIN_CONTENT];

    // The title block.
    let mut title_lines = vec![(model.title.clone(), TITLE, true, false)];
    for s in &model.subtitle {
        title_lines.push((s.clone(), SUBTITLE, false, false));
    }
    if let Some(c) = &model.caption {
        title_lines.push((c.clone(), CAPTION, false, true));
    }
    let title = lines_block(&title_lines, true);
    widths.push(title.w);

    // The circle, centred on the origin for now.
    let circle = model.circle.as_ref().map(lay_out_circle);
    let circle_bounds = circle
        .as_ref()
        .and_then(|(els, _)| els.iter().map(|e| e.rect).reduce(|a, b| a.union(&b)));
    if let Some(b) = circle_bounds {
        widths.push(b.w);
    }

    // The band outside the circle and the legend, measured.
    let outside: Vec<Block> = model.outside.iter().map(card_block).collect();
    let band_heading = lines_block(
        &[(model.outside_heading.clone(), HEADING, true, false)],
        true,
    );
    if !outside.is_empty() {
        widths.push(band_heading.w + 20.0);
        widths.extend(outside.iter().map(|b| b.w + 20.0));
    }
    let legend: Vec<Block> = model
        .legend
        .iter()
        .map(|i| legend_block(i.symbol, &i.text))
        .collect();
    let legend_heading = lines_block(
        &[(model.legend_heading.clone(), HEADING, true, false)],
        true,
    );
    widths.push(legend_heading.w);
    widths.extend(legend.iter().map(|b| b.w));
    let content = widths.into_iter().fold(0.0, f64::max);
    let width = content + 2.0 * MARGIN;

    // Top to bottom.
    let mut y = MARGIN;
    let th = title.h;
    title.emit(MARGIN, y, Region::Title, None, &mut elements);
    y += th + 14.0;

    let mut centre = None;
    let mut sectors = Vec::new();
    if let (Some((els, secs)), Some(b)) = (circle, circle_bounds) {
        let dx = MARGIN + (content - b.w) / 2.0 - b.x;
        let dy = y - b.y;
        for mut e in els {
            e.rect = e.rect.shifted(dx, dy);
            if let Draw::Wedge { cx, cy, .. } = &mut e.draw {
                *cx += dx;
                *cy += dy;
            }
            elements.push(e);
        }
        centre = Some((dx, dy));
        sectors = secs;
        y += b.h + 18.0;
    }

    if !outside.is_empty() {
        let top = y;
        let band_at = elements.len();
        let hh = band_heading.h;
        band_heading.emit(
            MARGIN + 10.0,
            top + 8.0,
            Region::Outside,
            None,
            &mut elements,
        );
        let sizes: Vec<(f64, f64)> = outside.iter().map(|b| (b.w, b.h)).collect();
        let (at, fh) = flow(&sizes, content - 20.0, 10.0, 10.0);
        let cards_top = top + 8.0 + hh + 6.0;
        for ((block, (x, cy)), card) in outside.into_iter().zip(at).zip(&model.outside) {
            block.emit(
                MARGIN + 10.0 + x,
                cards_top + cy,
                Region::Outside,
                Some(card.person),
                &mut elements,
            );
        }
        let bottom = cards_top + fh + 10.0;
        elements.insert(
            band_at,
            Element {
                rect: Rect {
                    x: MARGIN,
                    y: top,
                    w: content,
                    h: bottom - top,
                },
                region: Region::Outside,
                person: None,
                draw: Draw::Band,
            },
        );
        y = bottom + 18.0;
    }

    let lh = legend_heading.h;
    legend_heading.emit(MARGIN, y, Region::Legend, None, &mut elements);
    y += lh + 6.0;
    let sizes: Vec<(f64, f64)> = legend.iter().map(|b| (b.w, b.h)).collect();
    let (at, fh) = columns(&sizes, content, 24.0, 5.0);
    for (block, (x, ly)) in legend.into_iter().zip(at) {
        block.emit(MARGIN + x, y + ly, Region::Legend, None, &mut elements);
    }
    y += fh + MARGIN;

    for e in &mut elements {
        e.rect = e.rect.snapped();
    }
    MapLayout {
        width: super::geom::snap(width.ceil()),
        height: super::geom::snap(y.ceil()),
        centre,
        sectors,
        elements,
        lang: model.lang,
        doc_id: model.doc_id.clone(),
        title: format!("{} — {}", model.title, model.subtitle.join(" · ")),
        desc: model.desc.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wedge_bounds_hold_the_arc() {
        let b = wedge_bounds(10.0, 0.0, std::f64::consts::PI);
        assert!((b.x + 10.0).abs() < 1e-9 && (b.right() - 10.0).abs() < 1e-9);
        assert!((b.y + 10.0).abs() < 1e-9 && b.bottom().abs() < 1e-9);
    }

    #[test]
    fn placement_keeps_boxes_apart_and_inside_their_sector() {
        let sizes = vec![(120.0, 60.0); 12];
        let (from, to) = (0.2, 2.0);
        let mut placed = Placed::new();
        placed.insert(Rect::centred(0.0, 0.0, 140.0, 80.0));
        let rects = place(&sizes, from, to, &mut placed, 12.0);
        assert_eq!(rects.len(), 12);
        for (i, a) in rects.iter().enumerate() {
            assert!(Edges::new(from, to).hold(a));
            for b in placed.rects.iter().filter(|b| *b != a) {
                assert!(!a.inflate(GAP / 2.0).overlaps(&b.inflate(GAP / 2.0)), "{i}");
            }
        }
    }
}
