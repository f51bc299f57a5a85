//! Numbers for `Intl.NumberFormat` (decimal, percent, currency, compact) and its
//! `formatToParts`, with ICU4X's decimal and (experimental) percent and currency formatters.
//! Rounding follows ECMA-402 (and serves `plural.rs` too): the shortest decimal that round-trips
//! the double, rounded half away from zero to the maximum fraction (or significant) digits,
//! trailing zeros trimmed down to the minimum.

use super::parts::{LeafParts, flatten};
use super::{Cache, IntlError};
use fixed_decimal::{
    Decimal, FloatPrecision, SignDisplay, SignedRoundingMode, UnsignedRoundingMode,
};
use icu_decimal::options::{
    CompactDecimalFormatterOptions, DecimalFormatterOptions, GroupingStrategy,
};
use icu_decimal::{CompactDecimalFormatter, DecimalFormatter};
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::percent::formatter::PercentFormatter;
use icu_locale_core::Locale;
use rquickjs::function::Func;
use rquickjs::{Ctx, Object, Result};
use writeable::Writeable;

/// One `Intl.NumberFormat` configuration: the formatter and its sign display.
struct NumberFormat {
    kind: Kind,
    sign: SignDisplay,
}

enum Kind {
    Decimal(DecimalFormatter),
    /// `notation: 'compact'` (ICU4X rounds: integers of the compact unit, or two significant
    /// digits below ten of it).
    Compact(CompactDecimalFormatter, Separators),
    /// ICU4X's percent and compact formatters write no parts: [`scan_parts`] finds them, with the
    /// locale's separators.
    Percent(PercentFormatter<DecimalFormatter>, Separators),
    Currency(CurrencyFormatter<DecimalFormatter>),
}

/// Digits of a currency's minor unit (ISO 4217), for the default fraction digits.
pub(crate) fn currency_digits(code: &str) -> u8 {
    match code {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

fn data(e: impl std::fmt::Display) -> IntlError {
    IntlError::Data(e.to_string())
}

impl NumberFormat {
    /// From `locale|style|currency|display|grouping|notation|sign`.
    fn new(key: &str) -> std::result::Result<NumberFormat, IntlError> {
        let mut it = key.split('|');
        let mut next = || it.next().unwrap_or("");
        let locale = Locale::try_from_str(next()).map_err(|_| IntlError::Locale)?;
        let (style, currency, display, grouping) = (next(), next(), next(), next());
        let (notation, sign) = (next(), next());
        let grouping = Some(match grouping {
            "false" => GroupingStrategy::Never,
            "always" => GroupingStrategy::Always,
            "min2" => GroupingStrategy::Min2,
            _ => GroupingStrategy::Auto,
        });
        let sign = match sign {
            "always" => SignDisplay::Always,
            "exceptZero" => SignDisplay::ExceptZero,
            "negative" => SignDisplay::Negative,
            "never" => SignDisplay::Never,
            _ => SignDisplay::Auto,
        };
        if let Some(long) = notation.strip_prefix("compact-").map(|d| d == "long") {
            let mut o = CompactDecimalFormatterOptions::default();
            o.grouping_strategy = grouping;
            let f = if long {
                CompactDecimalFormatter::try_new_long((&locale).into(), o)
            } else {
                CompactDecimalFormatter::try_new_short((&locale).into(), o)
            };
            let separators = Separators::of(&locale)?;
            return Ok(NumberFormat {
                kind: Kind::Compact(f.map_err(data)?, separators),
                sign,
            });
        }
        let mut options = DecimalFormatterOptions::default();
        options.grouping_strategy = grouping;
        let decimal = DecimalFormatter::try_new((&locale).into(), options).map_err(data)?;
        let kind = match style {
            "percent" => Kind::Percent(
                PercentFormatter::try_new_with_decimal_formatter(
                    (&locale).into(),
                    decimal,
                    Default::default(),
                )
                .map_err(data)?,
                Separators::of(&locale)?,
            ),
            "currency" => {
                let code = CurrencyType::try_from_str(&currency.to_ascii_lowercase())
                    .map_err(|_| IntlError::Currency(currency.to_owned()))?;
                let prefs = (&locale).into();
                let f = match display {
                    "code" => CurrencyFormatter::try_new_code(prefs, code, Default::default()),
                    "name" => CurrencyFormatter::try_new_name(prefs, code),
                    "narrowSymbol" => {
                        CurrencyFormatter::try_new_symbol_narrow(prefs, code, Default::default())
                    }
                    _ => CurrencyFormatter::try_new_symbol(prefs, code, Default::default()),
                };
                Kind::Currency(f.map_err(data)?)
            }
            _ => Kind::Decimal(decimal),
        };
        Ok(NumberFormat { kind, sign })
    }

    /// The parts of `d`, in ECMA-402's vocabulary.
    fn write_parts(&self, d: &Decimal) -> Vec<(&'static str, String)> {
        let mut sink = LeafParts::default();
        let (written, symbol) = match &self.kind {
            Kind::Decimal(f) => (f.format(d).write_to_parts(&mut sink), None),
            Kind::Percent(f, seps) => {
                let text = f.format(d).write_to_string().into_owned();
                return scan_parts(&text, *seps, "percentSign");
            }
            Kind::Compact(f, seps) => {
                let text = f.format(d).write_to_string().into_owned();
                return scan_parts(&text, *seps, "compact");
            }
            Kind::Currency(f) => (
                f.format_fixed_decimal(d).write_to_parts(&mut sink),
                Some("currency"),
            ),
        };
        // Writing into a String cannot fail.
        debug_assert!(written.is_ok());
        sink.into_pairs(symbol)
    }

    fn write(&self, d: &Decimal) -> String {
        match &self.kind {
            Kind::Decimal(f) => f.format(d).write_to_string().into_owned(),
            Kind::Compact(f, _) => f.format(d).write_to_string().into_owned(),
            Kind::Percent(f, _) => f.format(d).write_to_string().into_owned(),
            Kind::Currency(f) => f.format_fixed_decimal(d).write_to_string().into_owned(),
        }
    }
}

/// ECMA-402's digit options, resolved by the shim. `max_frac` [`Digits::UNROUNDED`] leaves the
/// rounding to the formatter (compact notation); `max_sig` 0 means fraction digits rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Digits {
    pub(crate) min_int: u8,
    pub(crate) min_frac: u8,
    pub(crate) max_frac: u8,
    pub(crate) min_sig: u8,
    pub(crate) max_sig: u8,
}

impl Digits {
    pub(crate) const UNROUNDED: u8 = u8::MAX;

    /// Fraction digits `min..=max`, at least one integer digit.
    pub(crate) fn fraction(min_frac: u8, max_frac: u8) -> Digits {
        Digits {
            min_int: 1,
            min_frac,
            max_frac,
            min_sig: 0,
            max_sig: 0,
        }
    }
}

/// `x` (×100 for percent, exactly, in decimal) with ECMA-402's digit options applied (`None` for
/// NaN and ±∞).
pub(crate) fn rounded(x: f64, digits: Digits, percent: bool) -> Option<Decimal> {
    let mut d = Decimal::try_from_f64(x, FloatPrecision::RoundTrip).ok()?;
    if percent {
        d.absolute.multiply_pow10(2);
    }
    let half_expand = SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand);
    if digits.max_sig > 0 {
        let top = d.absolute.nonzero_magnitude_start();
        d.round_with_mode(top - digits.max_sig as i16 + 1, half_expand);
        d.absolute.trim_end();
        let top = d.absolute.nonzero_magnitude_start();
        d.absolute.pad_end(top - digits.min_sig.max(1) as i16 + 1);
    } else if digits.max_frac != Digits::UNROUNDED {
        d.round_with_mode(-(digits.max_frac as i16), half_expand);
        d.absolute.trim_end();
        d.absolute.pad_end(-(digits.min_frac as i16));
    }
    d.absolute.pad_start(digits.min_int.max(1) as i16);
    Some(d)
}

/// A locale's decimal and grouping separators.
#[derive(Clone, Copy, Debug)]
struct Separators {
    decimal: char,
    group: char,
}

impl Separators {
    /// Read off how the locale writes 1234.5 with grouping.
    fn of(locale: &Locale) -> std::result::Result<Separators, IntlError> {
        let mut o = DecimalFormatterOptions::default();
        o.grouping_strategy = Some(GroupingStrategy::Always);
        let f = DecimalFormatter::try_new(locale.into(), o).map_err(data)?;
        let mut d = Decimal::from(12345);
        d.multiply_pow10(-1);
        let text = f.format(&d).write_to_string().into_owned();
        let chars: Vec<char> = text.chars().collect();
        Ok(Separators {
            group: chars.get(1).copied().unwrap_or(','),
            decimal: chars.iter().rev().nth(1).copied().unwrap_or('.'),
        })
    }
}

/// The parts of a formatted number whose formatter gives none: the number (digits, with the
/// locale's separators between digits) as integer/group/decimal/fraction, signs by character,
/// whitespace as literal, anything else as `symbol` (`percentSign`, `compact`).
fn scan_parts(text: &str, seps: Separators, symbol: &'static str) -> Vec<(&'static str, String)> {
    let chars: Vec<char> = text.chars().collect();
    let digit_at = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let push =
        |kind: &'static str, c: char, out: &mut Vec<(&'static str, String)>| match out.last_mut() {
            Some((k, v)) if *k == kind && !matches!(kind, "group" | "decimal") => v.push(c),
            _ => out.push((kind, c.to_string())),
        };
    let mut in_fraction = false;
    let mut in_number = false;
    for (i, &c) in chars.iter().enumerate() {
        let kind = if c.is_ascii_digit() {
            in_number = true;
            if in_fraction { "fraction" } else { "integer" }
        } else if in_number && c == seps.decimal && digit_at(i + 1) && !in_fraction {
            in_fraction = true;
            "decimal"
        } else if in_number && c == seps.group && digit_at(i + 1) && !in_fraction {
            "group"
        } else {
            in_number = false;
            match c {
                '-' | '\u{2212}' => "minusSign",
                '+' => "plusSign",
                c if c.is_whitespace() || c == '\u{200e}' || c == '\u{200f}' => "literal",
                '%' | '\u{066a}' if symbol == "percentSign" => "percentSign",
                _ if symbol == "percentSign" => "literal",
                _ => symbol,
            }
        };
        push(kind, c, &mut out);
    }
    out
}

fn number_format(key: &str) -> std::result::Result<std::rc::Rc<NumberFormat>, IntlError> {
    thread_local! {
        static FORMATS: Cache<NumberFormat> = Cache::new();
    }
    FORMATS.with(|c| c.get_or_try(key, || NumberFormat::new(key)))
}

/// `x` rounded and signed as the configuration says; `Err` with ±1 for NaN and ±∞, whose text
/// is the style's pattern around a placeholder digit.
fn prepared(f: &NumberFormat, x: f64, digits: Digits) -> std::result::Result<Decimal, Decimal> {
    match rounded(x, digits, matches!(f.kind, Kind::Percent(..))) {
        Some(mut d) => {
            d.apply_sign_display(f.sign);
            Ok(d)
        }
        None => {
            let mut one = Decimal::from(if x < 0.0 { -1 } else { 1 });
            one.apply_sign_display(f.sign);
            Err(one)
        }
    }
}

fn non_finite(x: f64) -> (&'static str, &'static str) {
    if x.is_nan() {
        ("nan", "NaN")
    } else {
        ("infinity", "∞")
    }
}

/// `format` of one configuration (`key` as in [`NumberFormat::new`]).
pub(crate) fn format_number(
    key: &str,
    x: f64,
    digits: Digits,
) -> std::result::Result<String, IntlError> {
    let f = number_format(key)?;
    Ok(match prepared(&f, x, digits) {
        Ok(d) => f.write(&d),
        Err(one) => f.write(&one).replacen('1', non_finite(x).1, 1),
    })
}

/// `formatToParts` of one configuration.
pub(crate) fn format_number_parts(
    key: &str,
    x: f64,
    digits: Digits,
) -> std::result::Result<Vec<(&'static str, String)>, IntlError> {
    let f = number_format(key)?;
    Ok(match prepared(&f, x, digits) {
        Ok(d) => f.write_parts(&d),
        Err(one) => {
            let (kind, symbol) = non_finite(x);
            f.write_parts(&one)
                .into_iter()
                .map(|(k, v)| {
                    if k == "integer" {
                        (kind, symbol.to_owned())
                    } else {
                        (k, v)
                    }
                })
                .collect()
        }
    })
}

pub(crate) fn install<'js>(_ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    host.set(
        "intlNumberFormat",
        Func::from(
            |ctx: Ctx<'js>, key: String, x: f64, digits: Vec<u8>| -> Result<String> {
                let [min_int, min_frac, max_frac, min_sig, max_sig] = digits[..] else {
                    return Err(IntlError::Option("digits".into()).throw(&ctx));
                };
                let digits = Digits {
                    min_int,
                    min_frac,
                    max_frac,
                    min_sig,
                    max_sig,
                };
                format_number(&key, x, digits).map_err(|e| e.throw(&ctx))
            },
        ),
    )?;
    host.set(
        "intlNumberParts",
        Func::from(
            |ctx: Ctx<'js>, key: String, x: f64, digits: Vec<u8>| -> Result<String> {
                let [min_int, min_frac, max_frac, min_sig, max_sig] = digits[..] else {
                    return Err(IntlError::Option("digits".into()).throw(&ctx));
                };
                let digits = Digits {
                    min_int,
                    min_frac,
                    max_frac,
                    min_sig,
                    max_sig,
                };
                let parts = format_number_parts(&key, x, digits).map_err(|e| e.throw(&ctx))?;
                Ok(flatten(&parts))
            },
        ),
    )?;
    host.set(
        "intlCurrencyDigits",
        Func::from(|code: String| currency_digits(&code)),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(key: &str, x: f64, min_frac: u8, max_frac: u8) -> String {
        format_number(key, x, Digits::fraction(min_frac, max_frac)).unwrap()
    }

    #[test]
    fn decimals_group_and_round_per_locale() {
        assert_eq!(
            n("en-US|decimal|||auto", 1234567.891, 0, 3),
            "1,234,567.891"
        );
        assert_eq!(n("de|decimal|||auto", 1234567.891, 0, 2), "1.234.567,89");
        assert_eq!(n("en-US|decimal|||false", 1234.5, 2, 2), "1234.50");
        assert_eq!(n("en-US|decimal|||auto", 1.005, 0, 2), "1.01");
        assert_eq!(n("en-US|decimal|||auto", -2.5, 0, 0), "-3");
        assert_eq!(n("en-US|decimal|||auto", f64::NAN, 0, 3), "NaN");
        assert_eq!(n("en-US|decimal|||auto", f64::NEG_INFINITY, 0, 3), "-∞");
    }

    #[test]
    fn percent_and_currency() {
        assert_eq!(n("en-US|percent|||auto", 0.256, 0, 0), "26%");
        assert_eq!(
            n("en-US|currency|USD|symbol|auto", 1234.5, 2, 2),
            "$1,234.50"
        );
        assert_eq!(n("ja|currency|JPY|symbol|auto", 1234.5, 0, 0), "￥1,235");
        assert!(matches!(
            format_number("en|currency|U1|symbol|auto", 1.0, Digits::fraction(2, 2)),
            Err(IntlError::Currency(_))
        ));
        assert_eq!(currency_digits("JPY"), 0);
        assert_eq!(currency_digits("EUR"), 2);
    }

    #[test]
    fn significant_digits_sign_display_and_compact() {
        let sig = |x: f64, min_sig: u8, max_sig: u8| {
            let d = Digits {
                min_sig,
                max_sig,
                ..Digits::fraction(0, 3)
            };
            format_number("en|decimal|||auto", x, d).unwrap()
        };
        assert_eq!(sig(123.456, 1, 3), "123");
        assert_eq!(sig(0.00012345, 1, 3), "0.000123");
        assert_eq!(sig(99.99, 1, 3), "100");
        assert_eq!(sig(1.5, 5, 5), "1.5000");
        assert_eq!(n("en|decimal|||auto|standard|always", 5.0, 0, 3), "+5");
        assert_eq!(n("en|decimal|||auto|standard|exceptZero", -0.0, 0, 3), "0");
        assert_eq!(n("en|percent|||auto|standard|always", 0.07, 0, 0), "+7%");
        let compact = |x: f64| {
            let d = Digits::fraction(0, Digits::UNROUNDED);
            format_number("en|decimal|||min2|compact-short|auto", x, d).unwrap()
        };
        assert_eq!(compact(1234.0), "1.2K");
        assert_eq!(compact(123456.0), "123K");
        assert_eq!(compact(999.0), "999");
    }

    #[test]
    fn parts_of_numbers() {
        let p = |key: &str, x: f64, min: u8, max: u8| {
            format_number_parts(key, x, Digits::fraction(min, max)).unwrap()
        };
        let kinds = |v: &[(&'static str, String)]| v.iter().map(|(k, _)| *k).collect::<Vec<_>>();
        let v = p("en-US|decimal|||auto", -1234.5, 0, 3);
        assert_eq!(
            kinds(&v),
            [
                "minusSign",
                "integer",
                "group",
                "integer",
                "decimal",
                "fraction"
            ]
        );
        let v = p("de|currency|EUR|symbol|auto", 1234.5, 2, 2);
        assert_eq!(
            kinds(&v),
            [
                "integer", "group", "integer", "decimal", "fraction", "literal", "currency"
            ]
        );
        assert_eq!(v[6].1, "€");
        let v = p("en|percent|||auto", 0.25, 0, 0);
        assert_eq!(kinds(&v), ["integer", "percentSign"]);
        let v = p("en|decimal|||auto", f64::NAN, 0, 3);
        assert_eq!(v, [("nan", "NaN".to_owned())]);
    }
}
