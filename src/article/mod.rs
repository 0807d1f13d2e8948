//! Articles: turning untrusted HTML bodies into wrapped, readable text with numbered links.

pub mod clean;
pub mod extract;
pub mod fulltext;
pub mod render;

pub use render::{RenderedBody, render};
