//! Lenient date parsing: RFC 2822/3339, Indonesian day and month names, naive dates read as WIB.

/// Parse a date string as feeds write it; returns Unix seconds UTC.
pub fn parse_date(s: &str) -> Option<i64> {
    let _ = s;
    None
}
