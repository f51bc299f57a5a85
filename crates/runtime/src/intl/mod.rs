//! The Rust half of `Intl` (and of `toLocaleString`/`localeCompare`): locale negotiation, time
//! zones (jiff's bundled IANA database), date/time formatting, numbers, plural rules, relative
//! time and collation (ICU4X with its compiled CLDR data). The JS half (`js/modules/intl.js`)
//! reads and validates the option bags and builds the ECMA-402 objects; every call here gets
//! already-validated, compact arguments and answers a string (copied into engine memory by
//! rquickjs) or a small array.
//!
//! Formatters are costly to build and cheap to use, so each kind is cached per thread
//! ([`Cache`]), keyed by the locale and options the shim passes; the cache is bounded and only
//! ever holds configuration, never data of a call.

mod collate;
mod datetime;
mod number;
mod parts;
mod plural;
mod zone;

use icu_locale::LocaleCanonicalizer;
use icu_locale_core::Locale;
use rquickjs::function::Func;
use rquickjs::{Ctx, Exception, Object, Result};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The locale a formatter falls back to when none of the requested ones is supported (and the
/// locale of `new Intl.DateTimeFormat()`), as in Node with `LANG` unset.
pub(crate) const DEFAULT_LOCALE: &str = "en-US";

/// Languages whose formatting data fnhost answers for; any other falls back to
/// [`DEFAULT_LOCALE`], which `resolvedOptions().locale` then reports. Every one of them has
/// datetime, number, plural, relative-time and collation data in ICU4X's compiled CLDR set.
const LANGUAGES: &[&str] = &[
    "en", "de", "fr", "es", "it", "pt", "nl", "ja", "zh", "ko", "ru", "pl", "sv", "da", "nb", "fi",
    "tr", "cs",
];

/// Why an `Intl` call was refused; each maps to the exception Node (V8) throws.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum IntlError {
    #[error("Incorrect locale information provided")]
    Locale,
    #[error("Invalid time zone specified: {0}")]
    TimeZone(String),
    #[error("Invalid time value")]
    TimeValue,
    #[error("Invalid currency code : {0}")]
    Currency(String),
    #[error("Invalid unit argument for Intl.RelativeTimeFormat.prototype.format() '{0}'")]
    Unit(String),
    #[error("Value {0} out of range for Intl options")]
    Option(String),
    #[error("ICU4X could not build a formatter: {0}")]
    Data(String),
}

impl IntlError {
    /// Throws this error in `ctx` as the JS exception Node throws for it.
    pub(crate) fn throw(&self, ctx: &Ctx<'_>) -> rquickjs::Error {
        match self {
            IntlError::Data(_) => Exception::throw_internal(ctx, &self.to_string()),
            _ => Exception::throw_range(ctx, &self.to_string()),
        }
    }
}

/// A small per-thread cache of built formatters. Instances move between threads freely; a cache
/// is only configuration, so each thread keeping its own is merely a few more builds.
pub(crate) struct Cache<T> {
    map: RefCell<HashMap<String, Rc<T>>>,
}

impl<T> Cache<T> {
    /// At most this many formatters of one kind are kept per thread; past it the cache restarts.
    const CAPACITY: usize = 256;

    pub(crate) fn new() -> Self {
        Cache {
            map: RefCell::new(HashMap::new()),
        }
    }

    /// The cached value for `key`, built by `make` on a miss.
    pub(crate) fn get_or_try(
        &self,
        key: &str,
        make: impl FnOnce() -> std::result::Result<T, IntlError>,
    ) -> std::result::Result<Rc<T>, IntlError> {
        if let Some(v) = self.map.borrow().get(key) {
            return Ok(v.clone());
        }
        let v = Rc::new(make()?);
        let mut map = self.map.borrow_mut();
        if map.len() >= Self::CAPACITY {
            map.clear();
        }
        map.insert(key.to_owned(), v.clone());
        Ok(v)
    }
}

/// Parses and canonicalises one BCP 47 tag (`EN-us` → `en-US`, `iw` → `he`).
pub(crate) fn canonical_locale(tag: &str) -> std::result::Result<Locale, IntlError> {
    let mut loc = Locale::try_from_str(tag).map_err(|_| IntlError::Locale)?;
    LocaleCanonicalizer::new_extended().canonicalize(&mut loc);
    Ok(loc)
}

/// `Intl.getCanonicalLocales`: each tag canonicalised, duplicates dropped, order kept.
pub(crate) fn canonical_locales(tags: &[String]) -> std::result::Result<Vec<String>, IntlError> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for t in tags {
        let c = canonical_locale(t)?.to_string();
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// The locale a formatter uses for the requested list: the first supported one (without its
/// Unicode extensions, which fnhost does not honour), else [`DEFAULT_LOCALE`]. Every tag must be
/// well-formed, as in Node.
pub(crate) fn resolve_locale(tags: &[String]) -> std::result::Result<String, IntlError> {
    thread_local! {
        static RESOLVED: Cache<String> = Cache::new();
    }
    let resolve = || {
        let mut found = None;
        for t in tags {
            let loc = canonical_locale(t)?;
            if found.is_none() && LANGUAGES.contains(&loc.id.language.as_str()) {
                // Language, script and region only: extensions and variants are not honoured,
                // and every key built from a resolved locale stays short.
                let id = &loc.id;
                let mut out = id.language.to_string();
                if let Some(script) = id.script {
                    out.push('-');
                    out.push_str(script.as_str());
                }
                if let Some(region) = id.region {
                    out.push('-');
                    out.push_str(region.as_str());
                }
                found = Some(out);
            }
        }
        Ok(found.unwrap_or_else(|| DEFAULT_LOCALE.to_owned()))
    };
    let key = tags.join("\u{1}");
    // Only short requests are remembered: a cache keyed by whatever a function passes must not
    // hold megabytes outside its heap.
    if key.len() > 128 {
        return resolve();
    }
    RESOLVED
        .with(|c| c.get_or_try(&key, resolve))
        .map(|s| (*s).clone())
}

/// Adds the `intl*` functions to the private `host` object.
pub(crate) fn install<'js>(ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    host.set(
        "intlLocale",
        Func::from(|ctx: Ctx<'js>, tags: Vec<String>| -> Result<String> {
            resolve_locale(&tags).map_err(|e| e.throw(&ctx))
        }),
    )?;
    host.set(
        "intlCanonicalLocales",
        Func::from(|ctx: Ctx<'js>, tags: Vec<String>| -> Result<Vec<String>> {
            canonical_locales(&tags).map_err(|e| e.throw(&ctx))
        }),
    )?;
    zone::install(ctx, host)?;
    datetime::install(ctx, host)?;
    number::install(ctx, host)?;
    plural::install(ctx, host)?;
    collate::install(ctx, host)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn locales_are_canonicalised_and_negotiated() {
        assert_eq!(
            canonical_locales(&tags(&["EN-us", "zh-hant-tw", "en-US"])).unwrap(),
            vec!["en-US", "zh-Hant-TW"]
        );
        assert_eq!(resolve_locale(&tags(&["de-DE"])).unwrap(), "de-DE");
        assert_eq!(resolve_locale(&tags(&["pt-br"])).unwrap(), "pt-BR");
        assert_eq!(resolve_locale(&tags(&["sw", "fr"])).unwrap(), "fr");
        assert_eq!(resolve_locale(&tags(&["sw"])).unwrap(), DEFAULT_LOCALE);
        assert_eq!(resolve_locale(&[]).unwrap(), DEFAULT_LOCALE);
        assert_eq!(resolve_locale(&tags(&["en-GB-u-hc-h12"])).unwrap(), "en-GB");
        assert_eq!(resolve_locale(&tags(&["de-CH-1901"])).unwrap(), "de-CH");
        assert_eq!(
            resolve_locale(&tags(&["zh-hant-tw"])).unwrap(),
            "zh-Hant-TW"
        );
        let long = vec!["fr".to_owned(); 100];
        assert_eq!(resolve_locale(&long).unwrap(), "fr");
        assert_eq!(resolve_locale(&tags(&["en_US"])), Err(IntlError::Locale));
        assert_eq!(resolve_locale(&tags(&["fr", "x"])), Err(IntlError::Locale));
    }
}
