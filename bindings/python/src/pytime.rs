//! Times and dates between Rust and Python, through pyo3's own types (no C API of the
//! `datetime` module is used directly).
//!
//! - **Out**: the times and dates the core writes (`YYYY-MM-DDTHH:MM:SS[.fff]Z`,
//!   `YYYY-MM-DD`) are parsed by hand (cheaper than chrono's general parser) and made with
//!   `PyDateTime::new` / `PyDate::new`; other text goes through chrono.
//! - **In**: an aware `datetime` becomes UTC by subtracting the epoch in Python (one
//!   subtraction and three attribute reads of the `timedelta`), which also accepts every
//!   `tzinfo` (zoneinfo included), not only fixed offsets.

use chrono::{DateTime, NaiveDate, Utc};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDate, PyDateTime, PyTzInfo};

/// A UTC `datetime`.
#[allow(clippy::too_many_arguments)]
fn datetime<'py>(
    py: Python<'py>,
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    micro: u32,
) -> PyResult<Bound<'py, PyAny>> {
    let utc = PyTzInfo::utc(py)?;
    Ok(PyDateTime::new(
        py,
        year,
        month as u8,
        day as u8,
        hour as u8,
        minute as u8,
        second as u8,
        micro,
        Some(&utc.to_owned()),
    )?
    .into_any())
}

/// A `date`.
fn date<'py>(py: Python<'py>, year: i32, month: u32, day: u32) -> PyResult<Bound<'py, PyAny>> {
    Ok(PyDate::new(py, year, month as u8, day as u8)?.into_any())
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD`, a valid date in Python's range (years 1 to 9999).
fn parse_date(b: &[u8]) -> Option<(i32, u32, u32)> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    );
    (y >= 1 && NaiveDate::from_ymd_opt(y, m, d).is_some()).then_some((y, m, d))
}

/// The form chrono writes a UTC time in (`YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z`), without leap
/// seconds; the fraction is truncated to microseconds as pyo3 does.
fn parse_time(s: &str) -> Option<(i32, u32, u32, u32, u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() < 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[b.len() - 1] != b'Z' {
        return None;
    }
    let (y, mo, d) = parse_date(&b[..10])?;
    let (h, mi, sec) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    let frac = &b[19..b.len() - 1];
    let micro = match frac {
        [] => 0,
        [b'.', f @ ..] if (1..=9).contains(&f.len()) => {
            let n = digits(f)?;
            let scaled = u64::from(n) * 10u64.pow(9 - f.len() as u32);
            (scaled / 1000) as u32
        }
        _ => return None,
    };
    Some((y, mo, d, h, mi, sec, micro))
}

/// Text that should be a time, as a UTC `datetime`; text that is not one stays a `str`.
pub fn time_from_text<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    if let Some((y, mo, d, h, mi, sec, us)) = parse_time(s) {
        return datetime(py, y, mo, d, h, mi, sec, us);
    }
    Ok(match DateTime::parse_from_rfc3339(s) {
        Ok(t) => t.with_timezone(&Utc).into_pyobject(py)?.into_any(),
        Err(_) => pyo3::types::PyString::new(py, s).into_any(),
    })
}

/// Text that should be a date, as a `date`; text that is not one stays a `str`.
pub fn date_from_text<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    if let Some((y, m, d)) = parse_date(s.as_bytes()) {
        return date(py, y, m, d);
    }
    Ok(match s.parse::<NaiveDate>() {
        Ok(d) => d.into_pyobject(py)?.into_any(),
        Err(_) => pyo3::types::PyString::new(py, s).into_any(),
    })
}

/// What a Python value is, as a moment.
pub enum Moment {
    /// Not a `datetime` at all.
    Other,
    /// A `datetime` without a UTC offset.
    Naive,
    /// An aware `datetime` outside what the core can hold.
    OutOfRange,
    Aware(DateTime<Utc>),
}

pub fn is_datetime(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyDateTime>()
}

/// Whether `obj` is a `date` (a `datetime` is one too).
pub fn is_date(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyDate>()
}

/// A `date` (not a `datetime`) as `YYYY-MM-DD`, as chrono writes it; `None` if `obj` is not
/// one.
pub fn date_text(obj: &Bound<'_, PyAny>) -> Option<String> {
    if !is_date(obj) || is_datetime(obj) {
        return None;
    }
    let py = obj.py();
    let part = |name: &Bound<'_, pyo3::types::PyString>| {
        obj.getattr(name).and_then(|v| v.extract::<u32>()).ok()
    };
    let (y, m, d) = (
        part(intern!(py, "year"))?,
        part(intern!(py, "month"))?,
        part(intern!(py, "day"))?,
    );
    // Python's years are 1 to 9999; chrono writes those with four digits.
    (y <= 9999 && m <= 12 && d <= 31).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A Python value as a moment in UTC.
pub fn moment(obj: &Bound<'_, PyAny>) -> Moment {
    let py = obj.py();
    if !is_datetime(obj) {
        return Moment::Other;
    }
    let epoch = match EPOCH.get_or_try_init(py, || {
        datetime(py, 1970, 1, 1, 0, 0, 0, 0).map(Bound::unbind)
    }) {
        Ok(e) => e.bind(py),
        Err(_) => return Moment::Other,
    };
    let Ok(delta) = obj.sub(epoch) else {
        // Naive minus aware raises; so does a tzinfo whose offset is None.
        return match obj.call_method0(intern!(py, "utcoffset")) {
            Ok(o) if !o.is_none() => Moment::Other,
            _ => Moment::Naive,
        };
    };
    let part = |name: &Bound<'_, pyo3::types::PyString>| {
        delta.getattr(name).and_then(|v| v.extract::<i64>()).ok()
    };
    let (Some(days), Some(secs), Some(micros)) = (
        part(intern!(py, "days")),
        part(intern!(py, "seconds")),
        part(intern!(py, "microseconds")),
    ) else {
        return Moment::Other;
    };
    let nanos = u32::try_from(micros * 1000).ok();
    match nanos.and_then(|n| DateTime::from_timestamp(days * 86_400 + secs, n)) {
        Some(t) => Moment::Aware(t),
        None => Moment::OutOfRange,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_chrono_writes() {
        for t in [
            "2026-03-02T09:00:00Z",
            "2026-03-02T09:00:00.5Z",
            "2026-03-02T09:00:00.123456789Z",
            "2024-02-29T23:59:59.000001Z",
            "0001-01-01T00:00:00Z",
        ] {
            let c = DateTime::parse_from_rfc3339(t).unwrap();
            let (y, mo, d, h, mi, s, us) = parse_time(t).unwrap();
            use chrono::{Datelike, Timelike};
            assert_eq!(
                (y, mo, d, h, mi, s, us),
                (
                    c.year(),
                    c.month(),
                    c.day(),
                    c.hour(),
                    c.minute(),
                    c.second(),
                    c.nanosecond() / 1000
                ),
                "{t}"
            );
        }
        for t in [
            "2026-03-02T09:00:00+01:00",
            "2026-02-30T09:00:00Z",
            "2026-03-02T24:00:00Z",
            "2026-03-02T23:59:60Z",
            "2026-03-02T09:00:00.Z",
            "2026-03-02T09:00:00.1234567890Z",
            "0000-03-02T09:00:00Z",
            "2026-03-02 09:00:00Z",
            "yesterday",
        ] {
            assert_eq!(parse_time(t), None, "{t}");
        }
        assert_eq!(parse_date(b"2026-03-02"), Some((2026, 3, 2)));
        for d in [
            "2026-13-02",
            "2026-3-2",
            "+10000-01-01",
            "0000-01-01",
            "2026-02-29",
        ] {
            assert_eq!(parse_date(d.as_bytes()), None, "{d}");
        }
    }
}
