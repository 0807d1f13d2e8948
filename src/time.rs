//! The clock: the current time in Unix seconds. Dates are shown through `i18n::Locale`
//! (built from the config by `Config::locale`), never with a fixed zone or language.

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
