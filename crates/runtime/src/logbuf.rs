//! Per-invocation log capture with the platform's limits (entries and characters).
//!
//! The buffer never grows past its limits: entries beyond them are counted, not stored, and
//! [`LogBuffer::finish`] appends one Error entry saying how much was dropped.

use fnhost_model::{LogEntry, LogLevel};

pub(crate) struct LogBuffer {
    entries: Vec<LogEntry>,
    chars: usize,
    dropped_entries: usize,
    dropped_chars: usize,
    max_entries: usize,
    max_chars: usize,
}

use fnhost_model::now_ms;

impl LogBuffer {
    pub(crate) fn new(max_entries: usize, max_chars: usize) -> Self {
        LogBuffer {
            entries: Vec::new(),
            chars: 0,
            dropped_entries: 0,
            dropped_chars: 0,
            max_entries,
            max_chars,
        }
    }

    /// Records one entry; `extras_json` is the JSON array of extras (`[]` when none).
    pub(crate) fn push(&mut self, level: LogLevel, message: String, extras_json: &str) {
        let extras_chars = if extras_json == "[]" {
            0
        } else {
            extras_json.chars().count()
        };
        let size = message.chars().count() + extras_chars;
        if self.entries.len() >= self.max_entries || self.chars + size > self.max_chars {
            self.dropped_entries += 1;
            self.dropped_chars += size;
            return;
        }
        let extras = match serde_json::from_str::<serde_json::Value>(extras_json) {
            Ok(serde_json::Value::Array(items)) => items,
            Ok(other) => vec![other],
            Err(_) => Vec::new(),
        };
        self.chars += size;
        self.entries.push(LogEntry {
            level,
            message,
            extras,
            timestamp: now_ms(),
        });
    }

    /// Returns the kept entries and, when the limits were exceeded, the overflow message (also
    /// appended as a final Error entry).
    pub(crate) fn finish(mut self) -> (Vec<LogEntry>, Option<String>) {
        if self.dropped_entries == 0 {
            return (self.entries, None);
        }
        let msg = format!(
            "log limit reached: {} more log entries ({} characters) were dropped; a function may write at most {} entries and {} characters (message + extras) per invocation",
            self.dropped_entries, self.dropped_chars, self.max_entries, self.max_chars
        );
        self.entries.push(LogEntry {
            level: LogLevel::Error,
            message: msg.clone(),
            extras: Vec::new(),
            timestamp: now_ms(),
        });
        (self.entries, Some(msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_entries_up_to_the_limit_and_reports_the_rest() {
        let mut b = LogBuffer::new(2, 100);
        for i in 0..5 {
            b.push(LogLevel::Info, format!("m{i}"), "[]");
        }
        let (entries, overflow) = b.finish();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2].level, LogLevel::Error);
        assert!(overflow.unwrap().contains("3 more log entries"));
    }

    #[test]
    fn counts_characters_of_message_and_extras() {
        let mut b = LogBuffer::new(10, 10);
        b.push(LogLevel::Info, "12345".into(), "[1]");
        b.push(LogLevel::Info, "123".into(), "[]");
        let (entries, overflow) = b.finish();
        assert_eq!(entries.len(), 2, "second entry would exceed 10 characters");
        assert!(overflow.is_some());
        assert_eq!(entries[0].extras, vec![serde_json::json!(1)]);
    }
}
