//! kabar: a terminal news reader for Lampung regional news (library half; `main.rs` is the binary).

pub mod action;
pub mod app;
pub mod article;
pub mod browser;
pub mod cli;
pub mod commands;
pub mod config;
pub mod discover;
pub mod feed;
pub mod html;
pub mod i18n;
pub mod keymap;
pub mod logging;
pub mod net;
pub mod opml;
pub mod paths;
pub mod places;
pub mod query;
pub mod store;
pub mod sync;
pub mod text;
pub mod time;
pub mod tui;
pub mod ui;
