//! Articles: turning untrusted HTML bodies into wrapped, readable text with numbered links.

pub mod render;

pub use render::{RenderedBody, render};
