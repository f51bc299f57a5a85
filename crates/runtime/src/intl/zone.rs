//! Time zones for `Intl`: names from the IANA database bundled into the binary by jiff
//! (`tzdb-bundle-always`, so neither the build nor a function depends on the host's
//! `/usr/share/zoneinfo`), the offset and civil time of an instant in a zone (DST included), and
//! `Intl.supportedValuesOf('timeZone')`.

use super::{Cache, IntlError};
use jiff::tz::TimeZone;
use rquickjs::function::Func;
use rquickjs::{Ctx, Object, Result};

/// The names ECMA-402 canonicalises to `UTC`.
const UTC_ALIASES: &[&str] = &[
    "utc",
    "etc/utc",
    "etc/uct",
    "uct",
    "gmt",
    "etc/gmt",
    "etc/gmt0",
    "etc/gmt+0",
    "etc/gmt-0",
    "gmt0",
    "gmt+0",
    "gmt-0",
    "etc/greenwich",
    "greenwich",
    "etc/universal",
    "universal",
    "etc/zulu",
    "zulu",
];

/// A zone a formatter uses: its name as reported by `resolvedOptions().timeZone` and the rules.
pub(crate) struct Zone {
    pub(crate) name: String,
    pub(crate) tz: TimeZone,
}

/// Looks a zone up by name, case-insensitively (`america/new_york` is `America/New_York`).
pub(crate) fn zone(name: &str) -> std::result::Result<std::rc::Rc<Zone>, IntlError> {
    thread_local! {
        static ZONES: Cache<Zone> = Cache::new();
    }
    ZONES.with(|c| {
        c.get_or_try(name, || {
            let lower = name.to_ascii_lowercase();
            if UTC_ALIASES.contains(&lower.as_str()) {
                return Ok(Zone {
                    name: "UTC".to_owned(),
                    tz: TimeZone::UTC,
                });
            }
            let tz = jiff::tz::db()
                .get(name)
                .map_err(|_| IntlError::TimeZone(name.to_owned()))?;
            let name = tz.iana_name().unwrap_or(name).to_owned();
            Ok(Zone { name, tz })
        })
    })
}

/// The civil date and time of `ms` (milliseconds since the epoch) in a zone, and its UTC offset
/// in seconds there.
pub(crate) fn civil(
    ms: f64,
    tz: &TimeZone,
) -> std::result::Result<(jiff::civil::DateTime, i32), IntlError> {
    if !ms.is_finite() || ms.abs() > 8.64e15 {
        return Err(IntlError::TimeValue);
    }
    let ts =
        jiff::Timestamp::from_millisecond(ms.floor() as i64).map_err(|_| IntlError::TimeValue)?;
    let offset = tz.to_offset(ts);
    Ok((offset.to_datetime(ts), offset.seconds()))
}

/// `Intl.supportedValuesOf('timeZone')`: every canonical zone of the bundled database (links
/// such as `US/Eastern` excluded), sorted.
pub(crate) fn supported() -> Vec<String> {
    let mut names: Vec<String> = icu_time::zone::iana::IanaParserExtended::new()
        .iter()
        .map(|z| z.canonical.to_owned())
        .filter(|n| n != "Etc/Unknown" && jiff::tz::db().get(n).is_ok())
        .collect();
    names.sort();
    names.dedup();
    names
}

pub(crate) fn install<'js>(_ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    host.set(
        "intlTimeZone",
        Func::from(|name: String| zone(&name).ok().map(|z| z.name.clone())),
    )?;
    host.set("intlTimeZones", Func::from(supported))?;
    host.set(
        "intlOffset",
        Func::from(|ctx: Ctx<'js>, name: String, ms: f64| -> Result<i32> {
            let z = zone(&name).map_err(|e| e.throw(&ctx))?;
            civil(ms, &z.tz).map(|c| c.1).map_err(|e| e.throw(&ctx))
        }),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_and_utc_aliases_collapse() {
        assert_eq!(zone("america/new_york").unwrap().name, "America/New_York");
        assert_eq!(zone("Etc/GMT").unwrap().name, "UTC");
        assert_eq!(zone("Etc/GMT+5").unwrap().name, "Etc/GMT+5");
        assert!(matches!(zone("Mars/Olympus"), Err(IntlError::TimeZone(_))));
    }

    #[test]
    fn offsets_follow_dst_transitions() {
        let ny = zone("America/New_York").unwrap();
        // 2024-03-10 06:59:59Z is 01:59:59 EST; a second later it is 03:00:00 EDT.
        let before = civil(1_710_053_999_000.0, &ny.tz).unwrap();
        let after = civil(1_710_054_000_000.0, &ny.tz).unwrap();
        assert_eq!((before.0.hour(), before.1), (1, -5 * 3600));
        assert_eq!((after.0.hour(), after.1), (3, -4 * 3600));
        let berlin = zone("Europe/Berlin").unwrap();
        assert_eq!(civil(1_730_000_000_000.0, &berlin.tz).unwrap().1, 3600);
        assert_eq!(
            civil(f64::NAN, &berlin.tz).err(),
            Some(IntlError::TimeValue)
        );
    }

    #[test]
    fn supported_zones_are_canonical() {
        let all = supported();
        assert!(all.len() > 400, "{}", all.len());
        assert!(all.iter().any(|z| z == "America/New_York"));
        assert!(!all.iter().any(|z| z == "US/Eastern"));
    }
}
