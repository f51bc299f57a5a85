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

/// A sink for number parts: every piece of text belongs to the innermost part open while it is
/// written (ICU4X nests `group` inside `integer`), adjacent pieces of one kind merged; text outside
/// every part is `literal` (the shim's caller classifies currency and percent signs).
#[derive(Default)]
pub(crate) struct LeafParts {
    text: String,
    stack: Vec<&'static str>,
    runs: Vec<(usize, usize, &'static str)>,
}

/// The part names ECMA-402 uses for ICU4X's decimal parts.
fn number_part_type(p: &Part) -> &'static str {
    use icu_decimal::parts as np;
    match *p {
        x if x == np::INTEGER => "integer",
        x if x == np::FRACTION => "fraction",
        x if x == np::GROUP => "group",
        x if x == np::DECIMAL => "decimal",
        x if x == np::MINUS_SIGN => "minusSign",
        x if x == np::PLUS_SIGN => "plusSign",
        _ => "literal",
    }
}

impl fmt::Write for LeafParts {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.is_empty() {
            return Ok(());
        }
        let kind = self.stack.last().copied().unwrap_or("literal");
        let start = self.text.len();
        self.text.push_str(s);
        match self.runs.last_mut() {
            Some(last) if last.2 == kind && last.1 == start => last.1 = self.text.len(),
            _ => self.runs.push((start, self.text.len(), kind)),
        }
        Ok(())
    }
}

impl PartsWrite for LeafParts {
    type SubPartsWrite = LeafParts;
    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self::SubPartsWrite) -> fmt::Result,
    ) -> fmt::Result {
        self.stack.push(number_part_type(&part));
        let r = f(self);
        self.stack.pop();
        r
    }
}

impl LeafParts {
    /// The parts; `symbol` names what a literal's non-space core is (`currency`, `percentSign`,
    /// `compact`), `None` to keep literals as they are.
    pub(crate) fn into_pairs(self, symbol: Option<&'static str>) -> Vec<(&'static str, String)> {
        let mut out = Vec::with_capacity(self.runs.len() + 2);
        for (start, end, kind) in self.runs {
            let v = &self.text[start..end];
            match symbol {
                Some(sym) if kind == "literal" => {
                    let core = v.trim_matches(char::is_whitespace);
                    if core.is_empty() {
                        out.push(("literal", v.to_owned()));
                        continue;
                    }
                    let lead = &v[..v.len() - v.trim_start_matches(char::is_whitespace).len()];
                    let trail = &v[v.trim_end_matches(char::is_whitespace).len()..];
                    if !lead.is_empty() {
                        out.push(("literal", lead.to_owned()));
                    }
                    out.push((sym, core.to_owned()));
                    if !trail.is_empty() {
                        out.push(("literal", trail.to_owned()));
                    }
                }
                _ => out.push((kind, v.to_owned())),
            }
        }
        out
    }
}
