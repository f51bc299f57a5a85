//! The text sink of `Intl.DateTimeFormat`: it keeps ICU4X's output with the spans of its
//! outermost parts, so one write serves `format` and `formatToParts`, and adapts numeric field
//! widths to what was asked for, as ICU4C (and so Node) does.

use std::fmt;
use writeable::{Part, PartsWrite};

/// How a numeric field was asked for. ICU4X picks the locale's standard pattern for the length
/// (de `dd.MM.y`); ICU4C, and so Node, adapts the field widths to the request (`d.M.y` for
/// `numeric`, `yy` for `2-digit`), which [`Parts::adjust`] does on the written parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Width {
    Numeric,
    TwoDigit,
}

/// The part names ECMA-402 uses for ICU4X's datetime parts.
fn part_type(p: &Part) -> &'static str {
    use icu_datetime::parts as dp;
    match *p {
        x if x == dp::ERA => "era",
        x if x == dp::YEAR || x == dp::EXTENDED_YEAR => "year",
        x if x == dp::RELATED_YEAR => "relatedYear",
        x if x == dp::YEAR_NAME => "yearName",
        x if x == dp::MONTH => "month",
        x if x == dp::DAY => "day",
        x if x == dp::WEEKDAY => "weekday",
        x if x == dp::DAY_PERIOD => "dayPeriod",
        x if x == dp::HOUR => "hour",
        x if x == dp::MINUTE => "minute",
        x if x == dp::SECOND => "second",
        x if x == dp::TIME_ZONE_NAME => "timeZoneName",
        _ => "literal",
    }
}

/// A sink that keeps the text and the spans of the outermost parts.
#[derive(Default)]
pub(crate) struct Parts {
    /// The text written so far.
    pub(crate) text: String,
    spans: Vec<(usize, usize, &'static str)>,
    depth: usize,
}

impl fmt::Write for Parts {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

impl PartsWrite for Parts {
    type SubPartsWrite = Parts;
    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self::SubPartsWrite) -> fmt::Result,
    ) -> fmt::Result {
        let start = self.text.len();
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        // ICU4X may write an empty zone-name part before its fallback; ECMA-402 has no empty parts.
        if self.depth == 0 && self.text.len() > start {
            self.spans.push((start, self.text.len(), part_type(&part)));
        }
        r
    }
}

impl Parts {
    /// Rewrites all-digit year, month and day parts to the requested widths.
    pub(crate) fn adjust(self, widths: [Option<Width>; 4], h24: bool, strip24: bool) -> Parts {
        if widths == [None; 4] && !h24 {
            return self;
        }
        let hour_unpadded = strip24 || self.spans.iter().any(|s| s.2 == "dayPeriod");
        let mut out = Parts::default();
        let mut at = 0;
        for (start, end, kind) in self.spans {
            out.text.push_str(&self.text[at..start]);
            let v = &self.text[start..end];
            let width = match kind {
                "year" => widths[0],
                "month" => widths[1],
                "day" => widths[2],
                "hour" if hour_unpadded => widths[3],
                _ => None,
            };
            let new_start = out.text.len();
            let v = if h24 && kind == "hour" && v.bytes().all(|b| b == b'0') {
                "24"
            } else {
                v
            };
            match width {
                Some(w) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
                    let digits = v.trim_start_matches('0');
                    let digits = if digits.is_empty() { "0" } else { digits };
                    match (w, kind) {
                        (Width::TwoDigit, _) => {
                            let n = digits.len();
                            let last = &digits[n.saturating_sub(2)..];
                            if last.len() < 2 {
                                out.text.push('0');
                            }
                            out.text.push_str(last);
                        }
                        (Width::Numeric, "year") => out.text.push_str(v),
                        (Width::Numeric, _) => out.text.push_str(digits),
                    }
                }
                _ => out.text.push_str(v),
            }
            out.spans.push((new_start, out.text.len(), kind));
            at = end;
        }
        out.text.push_str(&self.text[at..]);
        out
    }

    pub(crate) fn into_pairs(self) -> Vec<(&'static str, String)> {
        let mut out = Vec::with_capacity(self.spans.len() * 2 + 1);
        let mut at = 0;
        for (start, end, kind) in self.spans {
            if start > at {
                out.push(("literal", self.text[at..start].to_owned()));
            }
            if kind == "second" {
                // ICU4X writes fractional seconds inside the second; ECMA-402 splits them off.
                let s = &self.text[start..end];
                if let Some(i) = s.find(|c: char| !c.is_numeric()) {
                    let frac_at = s[i..].find(char::is_numeric).map_or(s.len(), |j| i + j);
                    out.push(("second", s[..i].to_owned()));
                    out.push(("literal", s[i..frac_at].to_owned()));
                    out.push(("fractionalSecond", s[frac_at..].to_owned()));
                    at = end;
                    continue;
                }
            }
            out.push((kind, self.text[start..end].to_owned()));
            at = end;
        }
        if at < self.text.len() {
            out.push(("literal", self.text[at..].to_owned()));
        }
        out
    }
}

/// Parts as `type\u{1}value\u{1}type\u{1}value` (no part contains U+0001).
pub(crate) fn flatten(parts: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (kind, value)) in parts.iter().enumerate() {
        if i > 0 {
            out.push('\u{1}');
        }
        out.push_str(kind);
        out.push('\u{1}');
        out.push_str(value);
    }
    out
}
