//! What the document tests share: how the template engine escapes text, the headings of a
//! page, and the colours of a style sheet and their contrast (WCAG 2).

/// `text` as the template engine writes it in HTML (askama writes these five as numeric
/// character references).
pub fn escaped(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '&' => out.push_str("&#38;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The levels of the headings of `html` (`<h1>` is 1), in order.
pub fn heading_levels(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(i, _)| html.as_bytes().get(i + 2).copied())
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

/// The relative luminance of a `#rrggbb` colour.
pub fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// The contrast ratio of two `#rrggbb` colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The values (their first seven characters: `#rrggbb` for a colour) given to `property`
/// (`"color: "`, `"background: "`, `"fill: "`, …) in `style`; `"color: "` leaves out
/// `background-color: `.
pub fn colours(style: &str, property: &str) -> Vec<String> {
    style
        .match_indices(property)
        .filter(|(i, _)| property != "color: " || !style[..*i].ends_with('-'))
        .map(|(i, _)| style[i + property.len()..].chars().take(7).collect())
        .collect()
}

/// Checks the ratios the style sheet's comment states, each to within 0.06, and that both
/// colours of each are in the style sheet.
pub fn assert_stated_ratios(style: &str, stated: &[(&str, &str, f64)]) {
    for &(colour, background, ratio) in stated {
        let measured = contrast(colour, background);
        assert!(
            (measured - ratio).abs() < 0.06,
            "{colour} on {background}: {measured:.2}"
        );
        assert!(style.contains(colour) && style.contains(background));
    }
}
