//! `Intl.Collator` and `String.prototype.localeCompare`: ICU4X's collator (the CLDR root order
//! with each locale's tailoring). The shim passes `locale|usage|sensitivity|numeric|caseFirst|
//! ignorePunctuation`, validated.

use super::{Cache, IntlError};
use icu_collator::options::{AlternateHandling, CaseLevel, CollatorOptions, Strength};
use icu_collator::preferences::{CollationCaseFirst, CollationNumericOrdering, CollationType};
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;
use rquickjs::function::Func;
use rquickjs::{Ctx, Object, Result};
use std::cmp::Ordering;

fn collator(key: &str) -> std::result::Result<std::rc::Rc<CollatorBorrowed<'static>>, IntlError> {
    thread_local! {
        static COLLATORS: Cache<CollatorBorrowed<'static>> = Cache::new();
    }
    COLLATORS.with(|c| {
        c.get_or_try(key, || {
            let mut it = key.split('|');
            let mut next = || it.next().unwrap_or("");
            let locale = Locale::try_from_str(next()).map_err(|_| IntlError::Locale)?;
            let (usage, sensitivity, numeric, case_first, ignore_punct) =
                (next(), next(), next(), next(), next());
            let mut prefs = CollatorPreferences::from(&locale);
            if usage == "search" {
                prefs.collation_type = Some(CollationType::Search);
            }
            prefs.numeric_ordering = Some(if numeric == "true" {
                CollationNumericOrdering::True
            } else {
                CollationNumericOrdering::False
            });
            prefs.case_first = match case_first {
                "upper" => Some(CollationCaseFirst::Upper),
                "lower" => Some(CollationCaseFirst::Lower),
                _ => None,
            };
            let mut o = CollatorOptions::default();
            (o.strength, o.case_level) = match sensitivity {
                "base" => (Some(Strength::Primary), None),
                "accent" => (Some(Strength::Secondary), None),
                "case" => (Some(Strength::Primary), Some(CaseLevel::On)),
                _ => (Some(Strength::Tertiary), None),
            };
            if ignore_punct == "true" {
                o.alternate_handling = Some(AlternateHandling::Shifted);
            }
            Collator::try_new(prefs, o).map_err(|e| IntlError::Data(e.to_string()))
        })
    })
}

/// `compare(a, b)` of one configuration: −1, 0 or 1.
pub(crate) fn compare(key: &str, a: &str, b: &str) -> std::result::Result<i32, IntlError> {
    Ok(match collator(key)?.compare(a, b) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    })
}

pub(crate) fn install<'js>(_ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    host.set(
        "intlCompare",
        Func::from(
            |ctx: Ctx<'js>, key: String, a: String, b: String| -> Result<i32> {
                compare(&key, &a, &b).map_err(|e| e.throw(&ctx))
            },
        ),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_locale_and_options() {
        let en = "en|sort|variant|false||false";
        assert_eq!(compare(en, "a", "B").unwrap(), -1);
        assert_eq!(compare(en, "résumé", "resume").unwrap(), 1);
        assert_eq!(
            compare("en|sort|base|false||false", "résumé", "Resume").unwrap(),
            0
        );
        assert_eq!(compare(en, "item10", "item9").unwrap(), -1);
        assert_eq!(
            compare("en|sort|variant|true||false", "item10", "item9").unwrap(),
            1
        );
        // Swedish sorts ä after z; German with a.
        assert_eq!(
            compare("sv|sort|variant|false||false", "ä", "z").unwrap(),
            1
        );
        assert_eq!(
            compare("de|sort|variant|false||false", "ä", "z").unwrap(),
            -1
        );
    }
}
