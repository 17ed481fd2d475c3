//! Just enough calendar arithmetic for records: Unix seconds ↔ RFC 3339 UTC, and parsing a
//! date-input value or an RFC 3339 timestamp. Hand-written (about 80 lines) rather than the
//! `time` crate to keep the wasm small; it is tested against known dates.

/// Seconds per day.
pub const DAY: i64 = 86_400;

/// 9999-12-31T23:59:59Z, the last moment [`to_rfc3339`] can write.
pub const MAX_SECS: i64 = 253_402_300_799;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
///
/// ```
/// assert_eq!(patmint::date::to_rfc3339(0), "1970-01-01T00:00:00Z");
/// assert_eq!(patmint::date::to_rfc3339(1_798_761_599), "2026-12-31T23:59:59Z");
/// ```
pub fn to_rfc3339(secs: i64) -> String {
    // Saturate to what RFC 3339 can write (years 1970..=9999): a broken clock gives the
    // nearest representable moment, never a later date before an earlier one.
    let secs = secs.clamp(0, MAX_SECS);
    let (y, m, d) = civil_from_days(secs.div_euclid(DAY));
    let t = secs.rem_euclid(DAY);
    // Digits by hand rather than `format!`: padded integer formatting costs ~1 KiB of wasm.
    let mut out = String::with_capacity(20);
    let mut push = |v: i64, width: u32, sep: char| {
        for k in (0..width).rev() {
            let digit = (v / 10_i64.pow(k)) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
        out.push(sep);
    };
    push(y, 4, '-');
    push(m, 2, '-');
    push(d, 2, 'T');
    push(t / 3600, 2, ':');
    push(t / 60 % 60, 2, ':');
    push(t % 60, 2, 'Z');
    out
}

/// Parses `YYYY-MM-DD` (meaning the end of that day, 23:59:59 UTC, as a date picker intends)
/// or an RFC 3339 timestamp `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)` into Unix seconds.
/// Years 1970..=9999 only.
///
/// ```
/// assert_eq!(patmint::date::parse("2026-12-31"), Some(1_798_761_599));
/// assert_eq!(patmint::date::parse("2027-01-01T00:59:59+01:00"), Some(1_798_761_599));
/// assert_eq!(patmint::date::parse("2026-02-29"), None);
/// ```
pub fn parse(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |r: core::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(
            part.iter()
                .fold(0, |acc, &c| acc * 10 + i64::from(c - b'0')),
        )
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if y < 1970 || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let day = days_from_civil(y, m, d) * DAY;
    if b.len() == 10 {
        return Some(day + DAY - 1);
    }
    if !matches!(b[10], b'T' | b't' | b' ') || b.get(13) != Some(&b':') {
        return None;
    }
    let (hh, mm) = (num(11..13)?, num(14..16)?);
    let mut i = 16;
    let mut ss = 0;
    if b.get(i) == Some(&b':') {
        ss = num(17..19)?;
        i = 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            i += digits;
        }
    }
    if hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    let offset = match b.get(i)? {
        b'Z' | b'z' if b.len() == i + 1 => 0,
        sign @ (b'+' | b'-') if b.len() == i + 6 && b[i + 3] == b':' => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if *sign == b'+' {
                o
            } else {
                -o
            }
        }
        _ => return None,
    };
    Some(day + hh * 3600 + mm * 60 + ss - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_centuries() {
        let mut z = days_from_civil(1970, 1, 1);
        assert_eq!(z, 0);
        let end = days_from_civil(2500, 12, 31);
        while z <= end {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
            assert!(d <= days_in_month(y, m));
            z += 1;
        }
    }

    #[test]
    fn out_of_range_times_saturate() {
        assert_eq!(to_rfc3339(-1), "1970-01-01T00:00:00Z");
        assert_eq!(to_rfc3339(i64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(to_rfc3339(MAX_SECS + 7 * DAY), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn known_dates() {
        assert_eq!(to_rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(to_rfc3339(1_795_472_000), "2026-11-23T22:13:20Z");
        assert_eq!(parse("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(parse("2000-02-29t00:00:00.123456z"), Some(951_782_400));
        assert_eq!(parse("2000-02-29 01:00-01:00"), Some(951_782_400 + 7200));
        assert_eq!(parse("2026-11-23T22:13:20.000Z"), Some(1_795_472_000));
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "2026",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "1900-02-29",
            "1969-12-31",
            "2026-1-01",
            "2026-01-01T",
            "2026-01-01T24:00Z",
            "2026-01-01T23:60Z",
            "2026-01-01T23:59:60Z",
            "2026-01-01T23:59:59",
            "2026-01-01T23:59:59.Z",
            "2026-01-01T23:59:59+0100",
            "2026-01-01T23:59:59+24:00",
            "2026-01-01T23:59:59Zjunk",
            "+2026-01-01",
            "２０２６-01-01",
            "2026-01-01é",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
