//! The theme the views draw with (built by the app from `[theme]`, `NO_COLOR` and `ascii`).

pub use crate::app::theme::{Theme, parse_color};
