//! `Intl.DateTimeFormat` (and `Date.prototype.toLocale*String`): the shim's options, already
//! validated, arrive as a compact key `locale|k=v;k=v` (`G` era, `y` year, `M` month, `d` day,
//! `E` weekday, `h` hour, `m` minute, `s` second, `S` fractional digits, `z` time-zone name, `hc`
//! 12/24, `ds`/`ts` date/time style). ICU4X turns them into a field set — its
//! `DateTimeFieldBag` mirrors ECMA-402's bag — and formats a zoned date-time whose civil fields
//! and offset jiff computed from the IANA rules.

use super::parts::{Parts, Width};
use super::zone::{civil, zone};
use super::{Cache, IntlError};
use icu_calendar::{Date, Iso};
use icu_datetime::fieldbag::{DateTimeFieldBag, field};
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder, ZoneStyle};
use icu_datetime::options::{Length, TimePrecision};
use icu_datetime::{
    DateTimeFormatter, DateTimeFormatterPreferences, fieldsets::enums::CompositeFieldSet,
};
use icu_locale_core::Locale;
use icu_locale_core::preferences::extensions::unicode::keywords::HourCycle;
use icu_time::zone::{UtcOffset, ZoneNameTimestamp};
use icu_time::{Time, TimeZone, ZonedDateTime};
use rquickjs::function::Func;
use rquickjs::{Ctx, Object, Result};
use writeable::{PartsWrite, Writeable};

/// A formatter built from one key.
pub(crate) struct DateFormat {
    formatter: DateTimeFormatter<CompositeFieldSet>,
    /// Requested widths of year, month, day and hour (none for `dateStyle`/`timeStyle`).
    widths: [Option<Width>; 4],
    /// The `h24` cycle (1–24), which ICU4X lacks: written as h23 with hour 0 as 24.
    h24: bool,
    /// See [`Parsed::strip24`].
    strip24: bool,
}

/// Languages whose CLDR `yMd`/`Md` skeleton patterns are unpadded (`d.M.y`) while their short
/// date pattern, which ICU4X uses, is padded (`dd.MM.yy`). ICU4X 2.x has no skeleton data, so
/// this is the one fact fnhost keeps itself; en-GB, fr, it, es and pt pad in both.
const UNPADDED_NUMERIC_DATES: &[&str] = &["de", "nl", "ja", "zh", "ko"];

/// ECMA-402's hour cycles (ICU4X's `HourCycle` has no h24).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cycle {
    H11,
    H12,
    H23,
    H24,
}

/// What a key asks for, parsed.
struct Parsed {
    /// Whether a numeric hour is unpadded on a 24-hour clock too.
    strip24: bool,
    locale: Locale,
    hour_cycle: Option<Cycle>,
    hour_kind: Option<field::HourKind>,
    set: CompositeFieldSet,
    widths: [Option<Width>; 4],
}

fn style_length(v: &str) -> Option<Length> {
    match v {
        "full" | "long" => Some(Length::Long),
        "medium" => Some(Length::Medium),
        "short" => Some(Length::Short),
        _ => None,
    }
}

/// The field set for `dateStyle`/`timeStyle` (ICU4X has one length for both halves: the date's
/// wins when both are given).
fn style_field_set(
    ds: Option<&str>,
    ts: Option<&str>,
) -> std::result::Result<CompositeFieldSet, IntlError> {
    let mut b = FieldSetBuilder::new();
    b.length = ds.or(ts).and_then(style_length);
    if let Some(ds) = ds {
        b.date_fields = Some(if ds == "full" {
            DateFields::YMDE
        } else {
            DateFields::YMD
        });
    }
    if let Some(ts) = ts {
        b.time_precision = Some(if ts == "short" {
            TimePrecision::Minute
        } else {
            TimePrecision::Second
        });
        b.zone_style = match ts {
            "full" => Some(ZoneStyle::SpecificLong),
            "long" => Some(ZoneStyle::SpecificShort),
            _ => None,
        };
    }
    b.build_composite()
        .map_err(|e| IntlError::Data(format!("{e:?}")))
}

fn opt<T>(v: &str, name: &str, table: &[(&str, T)]) -> std::result::Result<T, IntlError>
where
    T: Copy,
{
    table
        .iter()
        .find(|(k, _)| *k == v)
        .map(|(_, t)| *t)
        .ok_or_else(|| IntlError::Option(format!("{v} ({name})")))
}

/// Parses the options half of a key into ICU4X preferences and a field set.
fn parse_key(key: &str) -> std::result::Result<Parsed, IntlError> {
    let (locale, fields) = key.split_once('|').unwrap_or((key, ""));
    let locale = Locale::try_from_str(locale).map_err(|_| IntlError::Locale)?;
    let mut bag = DateTimeFieldBag::default();
    let (mut ds, mut ts, mut hc, mut kind) = (None, None, None, None);
    use field::*;
    for kv in fields.split(';').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        match k {
            "G" => {
                bag.era = Some(opt(
                    v,
                    "era",
                    &[
                        ("short", Era::Short),
                        ("long", Era::Long),
                        ("narrow", Era::Narrow),
                    ],
                )?)
            }
            "y" => {
                bag.year = Some(opt(
                    v,
                    "year",
                    &[("numeric", Year::Numeric), ("2-digit", Year::TwoDigit)],
                )?)
            }
            "M" => {
                bag.month = Some(opt(
                    v,
                    "month",
                    &[
                        ("numeric", Month::Numeric),
                        ("2-digit", Month::TwoDigit),
                        ("short", Month::Short),
                        ("long", Month::Long),
                        ("narrow", Month::Narrow),
                    ],
                )?)
            }
            "d" => {
                bag.day = Some(opt(
                    v,
                    "day",
                    &[("numeric", Day::Numeric), ("2-digit", Day::TwoDigit)],
                )?)
            }
            "E" => {
                bag.weekday = Some(opt(
                    v,
                    "weekday",
                    &[
                        ("short", Weekday::Short),
                        ("long", Weekday::Long),
                        ("narrow", Weekday::Narrow),
                    ],
                )?)
            }
            "h" => {
                bag.hour = Some(opt(
                    v,
                    "hour",
                    &[("numeric", Hour::Numeric), ("2-digit", Hour::TwoDigit)],
                )?)
            }
            "m" => {
                bag.minute = Some(opt(
                    v,
                    "minute",
                    &[("numeric", Minute::Numeric), ("2-digit", Minute::TwoDigit)],
                )?)
            }
            "s" => {
                bag.second = Some(opt(
                    v,
                    "second",
                    &[("numeric", Second::Numeric), ("2-digit", Second::TwoDigit)],
                )?)
            }
            "S" => {
                bag.fractional_second_digits = Some(opt(
                    v,
                    "fractionalSecondDigits",
                    &[
                        ("1", FractionalSecondDigits::F1),
                        ("2", FractionalSecondDigits::F2),
                        ("3", FractionalSecondDigits::F3),
                    ],
                )?)
            }
            "z" => {
                bag.time_zone_name = Some(opt(
                    v,
                    "timeZoneName",
                    &[
                        ("short", TimeZoneName::ShortSpecific),
                        ("long", TimeZoneName::LongSpecific),
                        ("shortOffset", TimeZoneName::ShortOffset),
                        ("longOffset", TimeZoneName::LongOffset),
                        ("shortGeneric", TimeZoneName::ShortGeneric),
                        ("longGeneric", TimeZoneName::LongGeneric),
                    ],
                )?)
            }
            // `12`/`24` (from `hour12`): the locale's 12- or 24-hour clock; `h11`…`h24` (from
            // `hourCycle`): that cycle (ICU4X has no h24; it writes h23).
            "hc" if v == "12" || v == "24" => {
                kind = Some(if v == "12" {
                    HourKind::Clock12
                } else {
                    HourKind::Clock24
                })
            }
            "hc" => {
                hc = Some(opt(
                    v,
                    "hourCycle",
                    &[
                        ("h11", Cycle::H11),
                        ("h12", Cycle::H12),
                        ("h23", Cycle::H23),
                        ("h24", Cycle::H24),
                    ],
                )?)
            }
            "ds" => ds = Some(v),
            "ts" => ts = Some(v),
            other => return Err(IntlError::Option(other.to_owned())),
        }
    }
    let set = if ds.is_some() || ts.is_some() {
        style_field_set(ds, ts)?
    } else {
        if bag.hour.is_some() {
            bag.hour_kind = kind.or(hc.map(|h| match h {
                Cycle::H11 | Cycle::H12 => HourKind::Clock12,
                _ => HourKind::Clock24,
            }));
        }
        bag.to_composite_field_set()
    };
    let width = |two: bool, numeric: bool| match (two, numeric) {
        (true, _) => Some(Width::TwoDigit),
        (_, true) => Some(Width::Numeric),
        _ => None,
    };
    let unpadded = UNPADDED_NUMERIC_DATES.contains(&locale.id.language.as_str());
    let widths = if ds.is_some() || ts.is_some() {
        [None; 4]
    } else {
        [
            width(
                bag.year == Some(Year::TwoDigit),
                bag.year == Some(Year::Numeric),
            ),
            width(
                bag.month == Some(Month::TwoDigit),
                unpadded && bag.month == Some(Month::Numeric),
            ),
            width(
                bag.day == Some(Day::TwoDigit),
                unpadded && bag.day == Some(Day::Numeric),
            ),
            // A numeric hour is unpadded on a 12-hour clock; on a 24-hour one only beside a
            // 2-digit minute and no numeric second (ICU4C widens `H` to the `HH` of the
            // locale's `Hms` pattern otherwise).
            width(false, bag.hour == Some(Hour::Numeric)),
        ]
    };
    let strip24 = bag.minute == Some(Minute::TwoDigit) && bag.second != Some(Second::Numeric);
    Ok(Parsed {
        strip24,
        locale,
        hour_cycle: hc,
        hour_kind: kind,
        set,
        widths,
    })
}

impl DateFormat {
    fn new(key: &str) -> std::result::Result<DateFormat, IntlError> {
        let p = parse_key(key)?;
        let mut prefs = DateTimeFormatterPreferences::from(&p.locale);
        let mut cycle = p.hour_cycle;
        if let Some(kind) = p.hour_kind {
            // `hour12` (ECMA-402 2023): h11/h23 if the locale's own cycle is h11 or h23, else
            // h12/h24 — so en-US with `hour12: false` counts 1–24, as in Node.
            let default = hour_cycle(&format!("{}|h=numeric", p.locale))?;
            let zero_based = matches!(default, Some("h11" | "h23"));
            cycle = Some(match (kind, zero_based) {
                (field::HourKind::Clock12, true) => Cycle::H11,
                (field::HourKind::Clock12, false) => Cycle::H12,
                (_, true) => Cycle::H23,
                (_, false) => Cycle::H24,
            });
        }
        prefs.hour_cycle = cycle.map(|c| match c {
            Cycle::H11 => HourCycle::H11,
            Cycle::H12 => HourCycle::H12,
            Cycle::H23 | Cycle::H24 => HourCycle::H23,
        });
        let formatter =
            DateTimeFormatter::try_new(prefs, p.set).map_err(|e| IntlError::Data(e.to_string()))?;
        Ok(DateFormat {
            formatter,
            widths: p.widths,
            h24: cycle == Some(Cycle::H24),
            strip24: p.strip24,
        })
    }

    /// The cached formatter for `key`.
    pub(crate) fn get(key: &str) -> std::result::Result<std::rc::Rc<DateFormat>, IntlError> {
        thread_local! {
            static FORMATS: Cache<DateFormat> = Cache::new();
        }
        FORMATS.with(|c| c.get_or_try(key, || DateFormat::new(key)))
    }

    /// Writes `ms` in the zone named `zone_name` into `sink`.
    fn write<W: PartsWrite + ?Sized>(
        &self,
        zone_name: &str,
        ms: f64,
        sink: &mut W,
    ) -> std::result::Result<(), IntlError> {
        let z = zone(zone_name)?;
        let (dt, offset) = civil(ms, &z.tz)?;
        let date = Date::try_new_iso(dt.year().into(), dt.month() as u8, dt.day() as u8)
            .map_err(|_| IntlError::TimeValue)?;
        let time = Time::try_new(
            dt.hour() as u8,
            dt.minute() as u8,
            dt.second() as u8,
            dt.subsec_nanosecond() as u32,
        )
        .map_err(|_| IntlError::TimeValue)?;
        let id = if z.name == "UTC" {
            TimeZone::from_iana_id("Etc/UTC")
        } else {
            TimeZone::from_iana_id(&z.name)
        };
        let zone = id
            .with_offset(UtcOffset::try_from_seconds(offset).ok())
            .with_zone_name_timestamp(ZoneNameTimestamp::from_epoch_seconds(
                (ms / 1000.0).floor() as i64
            ));
        let input: ZonedDateTime<Iso, _> = ZonedDateTime { date, time, zone };
        self.formatter
            .format(&input)
            .write_to_parts(sink)
            .map_err(|_| IntlError::TimeValue)
    }

    /// `format`: the text.
    pub(crate) fn format(&self, zone: &str, ms: f64) -> std::result::Result<String, IntlError> {
        let mut parts = Parts::default();
        self.write(zone, ms, &mut parts)?;
        let text = parts.adjust(self.widths, self.h24, self.strip24).text;
        // V8's `format` writes U+0020 where CLDR 42+ has U+202F (before AM/PM: "6:05 PM"), as
        // Node 14 did; `formatToParts` keeps CLDR's character. fnhost does the same.
        Ok(if text.contains('\u{202f}') {
            text.replace('\u{202f}', " ")
        } else {
            text
        })
    }

    /// `formatToParts`: `(type, value)` pairs in ECMA-402's vocabulary, text between fields as
    /// `literal`.
    pub(crate) fn parts(
        &self,
        zone: &str,
        ms: f64,
    ) -> std::result::Result<Vec<(&'static str, String)>, IntlError> {
        let mut parts = Parts::default();
        self.write(zone, ms, &mut parts)?;
        Ok(parts
            .adjust(self.widths, self.h24, self.strip24)
            .into_pairs())
    }
}

/// The hour cycle a formatter uses (`h11`, `h12`, `h23`, `h24`) and whether its hour has two
/// digits, from how it writes 00:30 and 01:30; `None` when it writes no hour.
pub(crate) fn hour_style(
    key: &str,
) -> std::result::Result<Option<(&'static str, bool)>, IntlError> {
    let Some(cycle) = hour_cycle(key)? else {
        return Ok(None);
    };
    let parts = DateFormat::get(key)?.parts("UTC", 5_400_000.0)?;
    let two = parts.iter().any(|(k, v)| *k == "hour" && v.len() == 2);
    Ok(Some((cycle, two)))
}

/// The hour cycle a formatter uses (`h11`, `h12`, `h23`), from how it writes half past midnight;
/// `None` when it writes no hour.
pub(crate) fn hour_cycle(key: &str) -> std::result::Result<Option<&'static str>, IntlError> {
    let parts = DateFormat::get(key)?.parts("UTC", 1_800_000.0)?;
    let hour = parts.iter().find(|(k, _)| *k == "hour");
    let period = parts.iter().any(|(k, _)| *k == "dayPeriod");
    Ok(hour.map(
        |(_, h)| match (period, h.trim_start_matches('0').is_empty()) {
            (true, false) => "h12",
            (true, true) => "h11",
            (false, _) if h == "24" => "h24",
            (false, _) => "h23",
        },
    ))
}

pub(crate) fn install<'js>(_ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    host.set(
        "intlDateFormat",
        Func::from(
            |ctx: Ctx<'js>, key: String, zone: String, ms: f64| -> Result<String> {
                DateFormat::get(&key)
                    .and_then(|f| f.format(&zone, ms))
                    .map_err(|e| e.throw(&ctx))
            },
        ),
    )?;
    host.set(
        "intlDateParts",
        // `type\u{1}value\u{1}…` in one string: the shim makes the objects (one native split and
        // object literals are several times faster than setting properties from Rust).
        Func::from(
            |ctx: Ctx<'js>, key: String, zone: String, ms: f64| -> Result<String> {
                let parts = DateFormat::get(&key)
                    .and_then(|f| f.parts(&zone, ms))
                    .map_err(|e| e.throw(&ctx))?;
                Ok(super::parts::flatten(&parts))
            },
        ),
    )?;
    host.set(
        "intlDateHourCycle",
        Func::from(
            |ctx: Ctx<'js>, key: String| -> Result<Option<Vec<String>>> {
                let style = hour_style(&key).map_err(|e| e.throw(&ctx))?;
                Ok(style.map(|(cycle, two)| {
                    vec![
                        cycle.to_owned(),
                        if two { "2-digit" } else { "numeric" }.to_owned(),
                    ]
                }))
            },
        ),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: f64 = 1_710_054_000_000.0; // 2024-03-10T07:00:00Z, the first second of EDT

    fn fmt(key: &str, zone: &str) -> String {
        DateFormat::get(key).unwrap().format(zone, T).unwrap()
    }

    #[test]
    fn formats_in_zones_and_locales() {
        assert_eq!(
            fmt("en-US|y=numeric;M=numeric;d=numeric", "UTC"),
            "3/10/2024"
        );
        assert_eq!(
            fmt("en-US|h=numeric;m=2-digit;z=short", "America/New_York"),
            "3:00 AM EDT"
        );
        // formatToParts keeps CLDR's U+202F; format writes U+0020 as V8 does.
        let parts = DateFormat::get("en-US|h=numeric;m=2-digit")
            .unwrap()
            .parts("UTC", T)
            .unwrap();
        assert_eq!(parts[3], ("literal", "\u{202f}".to_owned()));
        assert_eq!(
            fmt("de|y=numeric;M=long;d=numeric", "Asia/Tokyo"),
            "10. März 2024"
        );
        assert_eq!(fmt("en-GB|h=2-digit;m=2-digit", "Europe/London"), "07:00");
    }

    #[test]
    fn parts_name_fields_and_literals() {
        let p = DateFormat::get(
            "en-US|y=numeric;M=2-digit;d=2-digit;h=2-digit;m=2-digit;s=2-digit;hc=h23",
        )
        .unwrap()
        .parts("America/New_York", T)
        .unwrap();
        let kinds: Vec<&str> = p.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                "month", "literal", "day", "literal", "year", "literal", "hour", "literal",
                "minute", "literal", "second"
            ]
        );
        assert_eq!(p[6].1, "03");
    }

    #[test]
    fn widths_follow_the_request_as_in_icu4c() {
        // de's short date pattern is dd.MM.yy; a numeric request writes d.M.y.
        assert_eq!(fmt("de|y=numeric;M=numeric;d=numeric", "UTC"), "10.3.2024");
        assert_eq!(
            fmt("en-GB|y=2-digit;M=2-digit;d=2-digit", "UTC"),
            "10/03/24"
        );
        // en-US with hour12: false counts 1–24 (h24).
        let midnight = DateFormat::get("en-US|h=2-digit;m=2-digit;hc=24")
            .unwrap()
            .format("UTC", 1_710_028_800_000.0)
            .unwrap();
        assert_eq!(midnight, "24:00");
        assert_eq!(hour_cycle("en-US|h=2-digit;hc=24").unwrap(), Some("h24"));
        assert_eq!(hour_cycle("en-GB|h=numeric;hc=12").unwrap(), Some("h11"));
    }

    #[test]
    fn hour_cycles_follow_locale_and_option() {
        assert_eq!(hour_cycle("en-US|h=numeric").unwrap(), Some("h12"));
        assert_eq!(hour_cycle("de|h=numeric").unwrap(), Some("h23"));
        assert_eq!(hour_cycle("en-US|h=numeric;hc=h23").unwrap(), Some("h23"));
        assert_eq!(hour_cycle("en-US|y=numeric").unwrap(), None);
    }

    #[test]
    fn bad_options_are_refused() {
        assert!(matches!(
            DateFormat::get("en-US|M=huge"),
            Err(IntlError::Option(_))
        ));
        assert!(matches!(
            DateFormat::get("en-US|y=numeric")
                .unwrap()
                .format("Nowhere/Land", T),
            Err(IntlError::TimeZone(_))
        ));
    }
}
