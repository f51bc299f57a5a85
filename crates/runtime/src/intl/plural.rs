//! `Intl.PluralRules` and `Intl.RelativeTimeFormat`: ICU4X's plural rules (cardinal and
//! ordinal) and its experimental relative-time formatter, with the number rounding of
//! `number.rs`.

use super::number::{Digits, rounded};
use super::{Cache, IntlError};
use icu_experimental::relativetime::{
    RelativeTimeFormatter, RelativeTimeFormatterOptions, options::Numeric,
};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use rquickjs::function::Func;
use rquickjs::{Ctx, Object, Result};
use writeable::Writeable;

fn data(e: impl std::fmt::Display) -> IntlError {
    IntlError::Data(e.to_string())
}

fn plural_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

fn plural_rules(
    locale: &str,
    ordinal: bool,
) -> std::result::Result<std::rc::Rc<PluralRules>, IntlError> {
    thread_local! {
        static RULES: Cache<PluralRules> = Cache::new();
    }
    let key = format!("{locale}|{ordinal}");
    RULES.with(|c| {
        c.get_or_try(&key, || {
            let locale = Locale::try_from_str(locale).map_err(|_| IntlError::Locale)?;
            let r = if ordinal {
                PluralRules::try_new_ordinal((&locale).into())
            } else {
                PluralRules::try_new_cardinal((&locale).into())
            };
            r.map_err(data)
        })
    })
}

/// `Intl.PluralRules.prototype.select`.
pub(crate) fn plural_select(
    locale: &str,
    ordinal: bool,
    x: f64,
    min_frac: u8,
    max_frac: u8,
) -> std::result::Result<&'static str, IntlError> {
    let rules = plural_rules(locale, ordinal)?;
    Ok(
        match rounded(x.abs(), Digits::fraction(min_frac, max_frac), false) {
            Some(d) => plural_name(rules.category_for(&d)),
            None => "other",
        },
    )
}

/// `resolvedOptions().pluralCategories`, in CLDR's order (`zero one two few many other`).
pub(crate) fn plural_categories(
    locale: &str,
    ordinal: bool,
) -> std::result::Result<Vec<&'static str>, IntlError> {
    Ok(plural_rules(locale, ordinal)?
        .categories()
        .map(plural_name)
        .collect())
}

/// `Intl.RelativeTimeFormat.prototype.format`; `key` is `locale|style|numeric|unit` with the unit
/// singular (`day`) and already validated by the shim.
pub(crate) fn relative(key: &str, x: f64) -> std::result::Result<String, IntlError> {
    thread_local! {
        static FORMATS: Cache<RelativeTimeFormatter> = Cache::new();
    }
    let f = FORMATS.with(|c| {
        c.get_or_try(key, || {
            let mut it = key.split('|');
            let mut next = || it.next().unwrap_or("");
            let locale = Locale::try_from_str(next()).map_err(|_| IntlError::Locale)?;
            let (style, numeric, unit) = (next(), next(), next());
            let prefs = (&locale).into();
            let mut o = RelativeTimeFormatterOptions::default();
            o.numeric = Some(if numeric == "auto" {
                Numeric::Auto
            } else {
                Numeric::Always
            });
            macro_rules! pick {
                ($($unit:literal => $long:ident $short:ident $narrow:ident),*) => {
                    match unit {
                        $($unit => match style {
                            "short" => RelativeTimeFormatter::$short(prefs, o),
                            "narrow" => RelativeTimeFormatter::$narrow(prefs, o),
                            _ => RelativeTimeFormatter::$long(prefs, o),
                        },)*
                        other => return Err(IntlError::Unit(other.to_owned())),
                    }
                };
            }
            pick!(
                "second" => try_new_long_second try_new_short_second try_new_narrow_second,
                "minute" => try_new_long_minute try_new_short_minute try_new_narrow_minute,
                "hour" => try_new_long_hour try_new_short_hour try_new_narrow_hour,
                "day" => try_new_long_day try_new_short_day try_new_narrow_day,
                "week" => try_new_long_week try_new_short_week try_new_narrow_week,
                "month" => try_new_long_month try_new_short_month try_new_narrow_month,
                "quarter" => try_new_long_quarter try_new_short_quarter try_new_narrow_quarter,
                "year" => try_new_long_year try_new_short_year try_new_narrow_year
            )
            .map_err(data)
        })
    })?;
    // With `numeric: 'auto'`, −0 is "today" as 0 is (ICU4X would write "0 days ago").
    let x = if x == 0.0 && key.contains("|auto|") {
        0.0
    } else {
        x
    };
    let d = rounded(x, Digits::fraction(0, 3), false).ok_or(IntlError::TimeValue)?;
    Ok(f.format(d).write_to_string().into_owned())
}

pub(crate) fn install<'js>(_ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    host.set(
        "intlPluralSelect",
        Func::from(
            |ctx: Ctx<'js>,
             locale: String,
             ordinal: bool,
             x: f64,
             min_frac: u8,
             max_frac: u8|
             -> Result<&'static str> {
                plural_select(&locale, ordinal, x, min_frac, max_frac).map_err(|e| e.throw(&ctx))
            },
        ),
    )?;
    host.set(
        "intlPluralCategories",
        Func::from(
            |ctx: Ctx<'js>, locale: String, ordinal: bool| -> Result<Vec<&'static str>> {
                plural_categories(&locale, ordinal).map_err(|e| e.throw(&ctx))
            },
        ),
    )?;
    host.set(
        "intlRelativeTime",
        Func::from(|ctx: Ctx<'js>, key: String, x: f64| -> Result<String> {
            relative(&key, x).map_err(|e| e.throw(&ctx))
        }),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_relative_time() {
        assert_eq!(plural_select("en", false, 1.0, 0, 3).unwrap(), "one");
        assert_eq!(plural_select("en", false, 1.5, 0, 3).unwrap(), "other");
        assert_eq!(plural_select("en", true, 22.0, 0, 3).unwrap(), "two");
        assert_eq!(plural_select("fr", false, 1.5, 0, 3).unwrap(), "one");
        assert_eq!(plural_categories("en", false).unwrap(), ["one", "other"]);
        assert_eq!(relative("en|long|always|day", -1.0).unwrap(), "1 day ago");
        assert_eq!(relative("en|long|auto|day", -1.0).unwrap(), "yesterday");
        assert_eq!(
            relative("de|long|always|hour", 3.0).unwrap(),
            "in 3 Stunden"
        );
        assert!(matches!(
            relative("en|long|auto|fortnight", 1.0),
            Err(IntlError::Unit(_))
        ));
    }
}
