//! `parse_retry_after` reads HTTP dates itself; the `httpdate` crate (which it used before) is
//! the oracle: same answer for every text, valid or not.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use evovoice::retry::parse_retry_after;
use proptest::prelude::*;

/// `parse_retry_after` as it was, on `httpdate`.
fn oracle(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

const NOW: u64 = 1_700_000_000;
const WEEKDAYS: [&str; 8] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Funday"];
const MONTHS: [&str; 13] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo"];

fn check(text: &str) {
    for now in [UNIX_EPOCH, UNIX_EPOCH + Duration::from_secs(NOW)] {
        assert_eq!(parse_retry_after(text, now), oracle(text, now), "{text:?}");
    }
}

#[test]
fn every_day_from_1970_to_9999_in_the_three_forms() {
    // Every 5th day (all weekdays and month ends come round), at a time that moves too.
    let mut secs = 0u64;
    while secs < 253_402_300_800 {
        let imf = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs));
        check(&imf);
        // The same date as RFC 850 and asctime: `Sun, 06 Nov 1994 08:49:37 GMT`.
        let (wday, day, mon, year, time) = (&imf[..3], &imf[5..7], &imf[8..11], &imf[12..16], &imf[17..25]);
        let long = WEEKDAYS.iter().find(|d| d.starts_with(wday)).unwrap();
        check(&format!("{long}, {day}-{mon}-{} {time} GMT", &year[2..]));
        let padded = day.strip_prefix('0').map_or(day.to_owned(), |d| format!(" {d}"));
        check(&format!("{wday} {mon} {padded} {time} {year}"));
        secs += 5 * 86_400 + 3_599;
    }
}

#[test]
fn known_answers() {
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777 - 10);
    for text in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", " Sun Nov  6 08:49:37 1994\t"] {
        assert_eq!(parse_retry_after(text, now), Some(Duration::from_secs(10)), "{text}");
    }
    for text in ["Mon, 06 Nov 1994 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT", "Thu, 29 Feb 2001 00:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Wed, 31 Dec 1969 23:59:59 GMT", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 GMT!", "Sun, 06 Nov 1994 08:49:37 GMT"] {
        check(text);
    }
    assert_eq!(parse_retry_after("Thu, 29 Feb 2024 00:00:00 GMT", UNIX_EPOCH), Some(Duration::from_secs(1_709_164_800)));
    assert_eq!(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", UNIX_EPOCH), Some(Duration::from_secs(253_402_300_799)));
}

fn two(n: u32) -> String {
    format!("{n:02}")
}

/// Date-like texts: right and wrong fields, each form, and one byte changed now and then.
fn date_text() -> impl Strategy<Value = String> {
    (
        (0usize..8, 0u32..34, 0usize..13, 1960u32..10_010, 0u32..26, 0u32..62, 0u32..62),
        0u8..3,
        proptest::option::of((0usize..34, any::<u8>())),
    )
        .prop_map(|((w, day, mon, year, h, m, s), form, edit)| {
            let (wday, mon, time) = (WEEKDAYS[w], MONTHS[mon], format!("{}:{}:{}", two(h), two(m), two(s)));
            let mut text = match form {
                0 => format!("{}, {} {mon} {year} {time} GMT", &wday[..3], two(day)),
                1 => format!("{wday}, {}-{mon}-{} {time} GMT", two(day), two(year % 100)),
                _ => format!("{} {mon} {day:>2} {time} {year}", &wday[..3]),
            }
            .into_bytes();
            if let Some((at, byte)) = edit {
                if at < text.len() {
                    text[at] = byte;
                }
            }
            String::from_utf8_lossy(&text).into_owned()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

    #[test]
    fn dates_read_as_httpdate_reads_them(text in date_text()) {
        check(&text);
    }

    #[test]
    fn any_text_reads_as_httpdate_reads_it(text in "\\PC{0,40}") {
        check(&text);
    }
}
