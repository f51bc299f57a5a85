//! The clock every crate reads: wall-clock milliseconds since the Unix epoch, the unit of every
//! stored timestamp and of the functions' `input.timestamp`.

/// Milliseconds since the Unix epoch (0 if the system clock is before it).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
