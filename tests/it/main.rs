//! The integration tests as one binary, a module per area: linking one test binary instead of
//! thirty is most of what `cargo test` costs on a small machine. Tests that change state of the
//! whole process (the umask, a controlling terminal) stay binaries of their own:
//! tests/hardening_cli.rs and tests/terminal_hangup.rs.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
mod miniflux;
mod sync_common;

mod clean_corpus;
mod clean_fixtures;
mod cli;
mod cli_ecosystem;
mod commands;
mod config;
mod config_edit;
mod daily;
mod discover_api;
mod discover_cli;
mod enclosures;
mod feed_settings;
mod fulltext;
mod fuzz_pipeline;
mod hostile_browser;
mod hostile_refresh;
mod layers;
mod net_limits;
mod opml_import;
mod parse_fast;
mod parse_feedparser;
mod parse_fixtures;
mod parse_hostile;
mod parse_paths;
mod places;
mod prefs;
mod query;
mod reader_sync;
mod refresh;
mod render_article;
mod search_index;
mod store_crash;
mod store_migrate;
mod store_outbox;
mod sync_clients;
mod sync_engine;
mod sync_fulltext;
mod sync_kill;
mod sync_real;
mod sync_server;
mod ui;
mod undo;
mod views_rules;
mod wire;
