//! The text forms of times and dates: read strictly, written without allocating.

use chrono::{DateTime, NaiveDate, Utc};

/// A date written exactly as `YYYY-MM-DD`: four, two and two digits, nothing around them.
/// Looser forms (`2000-1-1`, `+2000-01-01`, ` 2000-01-01`) are refused, so that a date
/// means one thing in every language that sends one.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let n = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
    NaiveDate::from_ymd_opt(n(0..4)? as i32, n(5..7)?, n(8..10)?)
}

/// A time written as RFC 3339 (`2026-03-02T09:00:00Z`, or with an offset), nothing around
/// it; returned in UTC.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Writes `n` as `width` decimal digits at the start of `out`.
fn digits(out: &mut [u8], mut n: u32, width: usize) {
    for slot in out[..width].iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// `YYYY-MM-DD` for years 0–9999 (others have a sign in ISO 8601; chrono writes those).
pub(crate) fn date_text(d: NaiveDate, out: &mut [u8]) -> Option<usize> {
    use chrono::Datelike;
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    digits(out, year, 4);
    out[4] = b'-';
    digits(&mut out[5..], d.month(), 2);
    out[7] = b'-';
    digits(&mut out[8..], d.day(), 2);
    Some(10)
}

/// The RFC 3339 text chrono writes for a UTC time with `Z`, built on the stack (every read of
/// a case as JSON writes on the order of a hundred): with `fraction`, as its serde form does
/// (`SecondsFormat::AutoSi`); without, whole seconds (`SecondsFormat::Secs`). For years 0–9999.
pub(crate) fn time_text(t: &DateTime<Utc>, out: &mut [u8; 32], fraction: bool) -> Option<usize> {
    use chrono::Timelike;
    let naive = t.naive_utc();
    date_text(naive.date(), out)?;
    let (mut sec, mut nano) = (naive.second(), naive.nanosecond());
    if nano >= 1_000_000_000 {
        // A leap second.
        sec += 1;
        nano -= 1_000_000_000;
    }
    out[10] = b'T';
    digits(&mut out[11..], naive.hour(), 2);
    out[13] = b':';
    digits(&mut out[14..], naive.minute(), 2);
    out[16] = b':';
    digits(&mut out[17..], sec, 2);
    let mut len = 19;
    let (fraction, width) = if nano == 0 || !fraction {
        (0, 0)
    } else if nano % 1_000_000 == 0 {
        (nano / 1_000_000, 3)
    } else if nano % 1_000 == 0 {
        (nano / 1_000, 6)
    } else {
        (nano, 9)
    };
    if width > 0 {
        out[len] = b'.';
        digits(&mut out[len + 1..], fraction, width);
        len += 1 + width;
    }
    out[len] = b'Z';
    Some(len + 1)
}

/// The text of bytes [`date_text`] or [`time_text`] wrote.
pub(crate) fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("digits and punctuation are ASCII")
}

/// A date as `YYYY-MM-DD` (chrono's form, with a sign outside the years 0–9999).
pub fn date_string(d: NaiveDate) -> String {
    let mut out = [0u8; 10];
    match date_text(d, &mut out) {
        Some(n) => ascii(&out[..n]).to_owned(),
        None => d.to_string(),
    }
}

/// A UTC time as RFC 3339 with `Z`, as chrono writes it: with `fraction`, as its serde form
/// does (`SecondsFormat::AutoSi`); without, in whole seconds (`SecondsFormat::Secs`).
pub fn time_string(t: &DateTime<Utc>, fraction: bool) -> String {
    let mut out = [0u8; 32];
    match time_text(t, &mut out, fraction) {
        Some(n) => ascii(&out[..n]).to_owned(),
        None if fraction => t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        None => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}
