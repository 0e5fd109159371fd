//! The timestamps of both signature versions: `YYYY-MM-DDTHH:MM:SSZ` in UTC.
//!
//! V3 sends it as `x-acs-date`, V2 as the `Timestamp` parameter. Formatting and parsing are
//! written out here (a few integer operations on the civil calendar) rather than going through
//! a general date library: the format is fixed, it is on the hot path of every signature, and
//! the parser must be strict (the service answers `InvalidTimeStamp.Format` to anything else).
//! The unit tests check both directions against `jiff`.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The length of `YYYY-MM-DDTHH:MM:SSZ`.
const LEN: usize = 20;

/// The last second that four year digits can write: `9999-12-31T23:59:59Z`.
const MAX_SECONDS: i64 = 253_402_300_799;

/// A signing time, whole seconds since the Unix epoch, within years 1970 to 9999.
///
/// `Display` writes it as the wire does: `2023-10-26T10:22:32Z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SigningTime(i64);

/// A time that cannot be written as `YYYY-MM-DDTHH:MM:SSZ` between 1970 and 9999.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the signing time is outside 1970-01-01T00:00:00Z..=9999-12-31T23:59:59Z")]
pub struct TimeOutOfRange;

/// A timestamp that is not `YYYY-MM-DDTHH:MM:SSZ`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a timestamp of the form YYYY-MM-DDTHH:MM:SSZ (UTC)")]
pub struct ParseTimeError {
    /// The text received (truncated to 64 characters).
    pub value: String,
}

impl SigningTime {
    /// The time at `seconds` since the Unix epoch.
    pub fn from_unix_seconds(seconds: i64) -> Result<Self, TimeOutOfRange> {
        if (0..=MAX_SECONDS).contains(&seconds) {
            Ok(Self(seconds))
        } else {
            Err(TimeOutOfRange)
        }
    }

    /// The time of `time`, its fraction of a second dropped.
    pub fn from_system_time(time: SystemTime) -> Result<Self, TimeOutOfRange> {
        let seconds = time
            .duration_since(UNIX_EPOCH)
            .map_err(|_| TimeOutOfRange)?;
        i64::try_from(seconds.as_secs())
            .map_err(|_| TimeOutOfRange)
            .and_then(Self::from_unix_seconds)
    }

    /// The current time of the system clock.
    pub fn now() -> Result<Self, TimeOutOfRange> {
        Self::from_system_time(SystemTime::now())
    }

    /// Seconds since the Unix epoch.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The same instant as a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        // Within 0..=MAX_SECONDS by construction, so the cast and the addition cannot fail.
        UNIX_EPOCH + Duration::from_secs(self.0.unsigned_abs())
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`, with a valid date and time of day.
    pub fn parse(text: &str) -> Result<Self, ParseTimeError> {
        let error = || ParseTimeError {
            value: text.chars().take(64).collect(),
        };
        let b = text.as_bytes();
        if b.len() != LEN
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'Z'
        {
            return Err(error());
        }
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            b[range].iter().try_fold(0_i64, |acc, &digit| {
                digit
                    .is_ascii_digit()
                    .then(|| acc * 10 + i64::from(digit - b'0'))
            })
        };
        let fields = (
            number(0..4),
            number(5..7),
            number(8..10),
            number(11..13),
            number(14..16),
            number(17..19),
        );
        let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = fields
        else {
            return Err(error());
        };
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(error());
        }
        let seconds =
            days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
        Self::from_unix_seconds(seconds).map_err(|_| error())
    }

    /// Writes the wire form into a fixed buffer, without allocating.
    pub(crate) fn to_bytes(self) -> [u8; LEN] {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let mut out = *b"0000-00-00T00:00:00Z";
        let mut put = |at: usize, width: usize, mut value: i64| {
            for i in (at..at + width).rev() {
                // `value % 10` is a single digit, so the cast is exact.
                out[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, month);
        put(8, 2, day);
        put(11, 2, secs / 3_600);
        put(14, 2, secs / 60 % 60);
        put(17, 2, secs % 60);
        out
    }

    /// Appends the wire form to `out`.
    pub(crate) fn write_to(self, out: &mut String) {
        let bytes = self.to_bytes();
        // Every byte written by `to_bytes` is an ASCII digit or separator.
        out.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
    }
}

impl fmt::Display for SigningTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.to_bytes();
        for &b in &bytes {
            fmt::Write::write_char(f, char::from(b))?;
        }
        Ok(())
    }
}

fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_the_published_timestamps() {
        let t = SigningTime::parse("2023-10-26T10:22:32Z").unwrap();
        assert_eq!(t.unix_seconds(), 1_698_315_752);
        assert_eq!(t.to_string(), "2023-10-26T10:22:32Z");
        let t = SigningTime::parse("2016-02-23T12:46:24Z").unwrap();
        assert_eq!(t.to_string(), "2016-02-23T12:46:24Z");
    }

    #[test]
    fn rejects_everything_but_the_exact_form() {
        for text in [
            "",
            "2023-10-26T10:22:32",
            "2023-10-26 10:22:32Z",
            "2023-10-26T10:22:32.000Z",
            "2023-10-26T10:22:32+00:00",
            "2023-13-26T10:22:32Z",
            "2023-02-29T10:22:32Z",
            "2023-04-31T10:22:32Z",
            "2023-10-00T10:22:32Z",
            "2023-10-26T24:00:00Z",
            "2023-10-26T10:60:00Z",
            "2023-10-26T10:22:60Z",
            "1969-12-31T23:59:59Z",
            "+023-10-26T10:22:32Z",
            "2023-1a-26T10:22:32Z",
            "２023-10-26T10:22:3Z",
        ] {
            let error = SigningTime::parse(text).unwrap_err();
            assert!(error.to_string().contains("YYYY-MM-DDTHH:MM:SSZ"), "{text}");
        }
        assert!(SigningTime::parse("2024-02-29T00:00:00Z").is_ok());
        assert!(SigningTime::parse("2000-02-29T00:00:00Z").is_ok());
        assert!(SigningTime::parse("2100-02-29T00:00:00Z").is_err());
    }

    #[test]
    fn the_range_is_the_four_digit_years_since_the_epoch() {
        assert_eq!(
            SigningTime::from_unix_seconds(0).unwrap().to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            SigningTime::from_unix_seconds(MAX_SECONDS)
                .unwrap()
                .to_string(),
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(SigningTime::from_unix_seconds(-1), Err(TimeOutOfRange));
        assert_eq!(
            SigningTime::from_unix_seconds(MAX_SECONDS + 1),
            Err(TimeOutOfRange)
        );
        let before_epoch = UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(
            SigningTime::from_system_time(before_epoch),
            Err(TimeOutOfRange)
        );
    }

    proptest! {
        #[test]
        fn formatting_agrees_with_jiff(seconds in 0..=MAX_SECONDS) {
            let ours = SigningTime::from_unix_seconds(seconds).unwrap();
            let theirs = jiff::Timestamp::from_second(seconds)
                .unwrap()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            prop_assert_eq!(ours.to_string(), theirs.clone());
            prop_assert_eq!(SigningTime::parse(&theirs).unwrap(), ours);
            let mut appended = String::new();
            ours.write_to(&mut appended);
            prop_assert_eq!(appended, theirs);
            let round_trip = SigningTime::from_system_time(ours.to_system_time()).unwrap();
            prop_assert_eq!(round_trip, ours);
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,24}") {
            let _ = SigningTime::parse(&text);
        }

        #[test]
        fn parsing_agrees_with_jiff_on_near_misses(
            year in 1970_i64..=9999,
            month in 0_i64..=13,
            day in 0_i64..=32,
            hour in 0_i64..=24,
        ) {
            let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:00:00Z");
            let ours = SigningTime::parse(&text).ok().map(SigningTime::unix_seconds);
            let theirs = jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%SZ", &text)
                .ok()
                .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok())
                .map(|zoned| zoned.timestamp().as_second());
            prop_assert_eq!(ours, theirs);
        }
    }
}
