//! Rewriting `config.toml` (adding and removing feeds) with toml_edit, keeping the user's
//! comments and layout; and which configured feed a URL or name means.
//!
//! Every change is written atomically: the new text goes to a temporary file in the same
//! directory, is flushed to disk, then renamed over the config (through a symlink, the target
//! is replaced, so a dotfiles link survives). A failed write leaves the old file untouched.

use super::{Config, ConfigError, FeedConfig};
use std::path::{Path, PathBuf};
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("config.toml line {line}: {msg}")]
    Syntax { line: usize, msg: String },
}

fn io_err(path: &Path, source: std::io::Error) -> EditError {
    EditError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Append `feeds` to the `[[feeds]]` array of the config at `path` (created if missing), skipping
/// URLs already present. Returns (added, skipped as duplicates).
///
/// Feeds whose URL is not an absolute http(s) URL are skipped too (and counted as skipped),
/// since the config would no longer load with them. URLs are compared after normalisation
/// (`HTTPS://Example.com` equals `https://example.com/`). The file is left untouched when
/// nothing is added.
pub fn add_feeds(path: &Path, feeds: &[FeedConfig]) -> Result<(usize, usize), EditError> {
    let target = resolve_target(path);
    let text = read_existing(&target)?;
    let mut doc = parse(text.as_deref().unwrap_or(""))?;

    let mut entries = feeds_entries(&mut doc, text.as_deref().unwrap_or(""))?;
    let mut known: Vec<String> = entries.urls().iter().map(|u| url_key(u)).collect();
    let mut names: Vec<String> = entries
        .entries()
        .into_iter()
        .filter_map(|(_, n)| n)
        .collect();
    let (mut added, mut skipped) = (0, 0);
    for f in feeds {
        let url = f.url.trim();
        if crate::text::safe_link(url).is_none() {
            skipped += 1;
            continue;
        }
        let key = url_key(url);
        if known.contains(&key) {
            skipped += 1;
            continue;
        }
        known.push(key);
        // Two feeds under one name cannot be told apart in the list, the refresh output or
        // `kabar remove NAME`: a taken name gets a number.
        let name = f.name.as_deref().map(|n| unique_name(n.trim(), &names));
        if let Some(n) = &name {
            names.push(n.clone());
        }
        entries.push(url, name.as_deref(), &f.tags);
        added += 1;
    }
    if added > 0 {
        write_atomic(&target, &doc.to_string())?;
    }
    Ok((added, skipped))
}

/// `wanted`, or when a name in `taken` already equals it (ignoring case) `wanted (2)`,
/// `wanted (3)`, ... : the first that is free.
pub fn unique_name(wanted: &str, taken: &[String]) -> String {
    let is_taken = |n: &str| taken.iter().any(|t| t.trim().eq_ignore_ascii_case(n));
    if wanted.is_empty() || !is_taken(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|i| format!("{wanted} ({i})"))
        .find(|n| !is_taken(n))
        .unwrap_or_else(|| wanted.to_string())
}

/// The names of the feeds in `config`, for [`unique_name`].
pub fn names(config: &Config) -> Vec<String> {
    config.feeds.iter().filter_map(|f| f.name.clone()).collect()
}

/// Remove the first `[[feeds]]` entry whose `url` equals `name_or_url` (compared after
/// normalisation) or whose `name` equals it ignoring case. Returns whether one was removed;
/// a missing file removes nothing.
pub fn remove_feed(path: &Path, name_or_url: &str) -> Result<bool, EditError> {
    let target = resolve_target(path);
    let Some(text) = read_existing(&target)? else {
        return Ok(false);
    };
    let mut doc = parse(&text)?;
    let wanted = NameOrUrl::new(name_or_url);
    let mut entries = feeds_entries(&mut doc, &text)?;
    let hit = entries
        .entries()
        .iter()
        .position(|(url, name)| wanted.matches(url.as_deref(), name.as_deref()));
    let Some(i) = hit else {
        return Ok(false);
    };
    entries.remove(i);
    write_atomic(&target, &doc.to_string())?;
    Ok(true)
}

/// Give the `[[feeds]]` entry whose URL is `from` (compared after normalisation) the URL `to`,
/// keeping everything else in the file (comments, the entry's name and tags). Returns whether
/// an entry was changed; a missing file changes nothing.
pub fn replace_url(path: &Path, from: &str, to: &str) -> Result<bool, EditError> {
    let target = resolve_target(path);
    let Some(text) = read_existing(&target)? else {
        return Ok(false);
    };
    let mut doc = parse(&text)?;
    let mut entries = feeds_entries(&mut doc, &text)?;
    let key = url_key(from);
    let hit = entries
        .entries()
        .iter()
        .position(|(url, _)| url.as_deref().is_some_and(|u| url_key(u) == key));
    let Some(i) = hit else {
        return Ok(false);
    };
    entries.set_url(i, to);
    write_atomic(&target, &doc.to_string())?;
    Ok(true)
}

/// A comparison key for a feed URL: the normalised http(s) form, else the trimmed text.
pub fn url_key(u: &str) -> String {
    crate::text::safe_link(u).unwrap_or_else(|| u.trim().to_string())
}

/// The configured feed (in `config`, defaults included) with this URL, if any.
pub fn configured<'a>(config: &'a Config, url: &str) -> Option<&'a FeedConfig> {
    let key = url_key(url);
    config.feeds.iter().find(|f| url_key(&f.url) == key)
}

/// The configured feed that `kabar remove NAME_OR_URL` means: same URL (normalised), or the
/// same name ignoring case, as [`remove_feed`] matches.
pub fn configured_by_name_or_url<'a>(
    config: &'a Config,
    name_or_url: &str,
) -> Option<&'a FeedConfig> {
    let wanted = NameOrUrl::new(name_or_url);
    config
        .feeds
        .iter()
        .find(|f| wanted.matches(Some(&f.url), f.name.as_deref()))
}

/// What `kabar remove NAME_OR_URL` names: a feed with that URL (also after normalisation) or
/// with that name, ignoring case.
struct NameOrUrl {
    text: String,
    url_key: String,
    lower: String,
}

impl NameOrUrl {
    fn new(name_or_url: &str) -> NameOrUrl {
        let text = name_or_url.trim().to_string();
        NameOrUrl {
            url_key: url_key(&text),
            lower: text.to_lowercase(),
            text,
        }
    }

    fn matches(&self, url: Option<&str>, name: Option<&str>) -> bool {
        url.is_some_and(|u| u.trim() == self.text || url_key(u) == self.url_key)
            || name.is_some_and(|n| n.trim().to_lowercase() == self.lower)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// config.toml does not load (bad syntax or values).
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// What [`add_to_config`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    /// Written. `defaults_written` is how many default feeds were written first because no
    /// config.toml existed (0 otherwise).
    Added { defaults_written: usize },
    /// The URL is already configured (under this name or URL); nothing was written.
    Duplicate { existing: String },
}

/// Add `feed` to the config at `path`, keeping the user's comments. When no config file
/// exists, the embedded default feeds are written into a new one first (they are what the
/// user sees now). A URL already configured writes nothing.
pub fn add_to_config(path: &Path, feed: &FeedConfig) -> Result<AddOutcome, WriteError> {
    let config = Config::load(path)?;
    if let Some(f) = configured(&config, &feed.url) {
        return Ok(AddOutcome::Duplicate {
            existing: f.name.clone().unwrap_or_else(|| f.url.clone()),
        });
    }
    let defaults_written = if config.using_defaults {
        materialise_defaults(path)?
    } else {
        0
    };
    let (added, _) = add_feeds(path, std::slice::from_ref(feed))?;
    if added == 0 {
        return Ok(AddOutcome::Duplicate {
            existing: feed.url.clone(),
        });
    }
    Ok(AddOutcome::Added { defaults_written })
}

/// When no config file exists at `path`, write one holding the embedded default feeds (with
/// a comment saying so) and return how many; otherwise do nothing and return 0.
pub fn materialise_defaults(path: &Path) -> Result<usize, EditError> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(0);
    }
    let header = "# kabar configuration (see config.example.toml for every setting).\n\
        # kabar wrote the embedded default feeds here when you first changed the feed list;\n\
        # edit or remove them freely.\n";
    let defaults = Config::with_default_feeds().feeds;
    let (added, _) = add_feeds(path, &defaults)?;
    // The comment goes in after: in an empty document toml_edit would keep it at the end.
    let io = |e| EditError::Io {
        path: path.display().to_string(),
        source: e,
    };
    let text = std::fs::read_to_string(path).map_err(io)?;
    write_atomic(path, &format!("{header}{text}"))?;
    Ok(added)
}

/// Follow a symlinked config to its target, so the link itself is not replaced.
fn resolve_target(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

fn read_existing(path: &Path) -> Result<Option<String>, EditError> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_err(path, e)),
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.as_bytes()[..byte]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn parse(text: &str) -> Result<DocumentMut, EditError> {
    text.parse::<DocumentMut>().map_err(|e| EditError::Syntax {
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        msg: crate::text::sanitize_line(e.message().trim()),
    })
}

/// The feed list, whichever way the user wrote it.
enum Entries<'a> {
    /// `[[feeds]]` tables.
    Tables(&'a mut ArrayOfTables),
    /// `feeds = [ { url = "…" }, … ]`.
    Inline(&'a mut Array),
}

fn feeds_entries<'a>(doc: &'a mut DocumentMut, text: &str) -> Result<Entries<'a>, EditError> {
    let root = doc.as_table_mut();
    if !root.contains_key("feeds") {
        root.insert("feeds", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let not_a_list = || EditError::Syntax {
        line: text
            .lines()
            .position(|l| {
                let l = l.trim_start();
                l.starts_with("feeds") || l.starts_with("[feeds") || l.starts_with("[[feeds")
            })
            .map_or(1, |i| i + 1),
        msg: "`feeds` must be a list of feeds ([[feeds]] tables)".into(),
    };
    match root.get_mut("feeds") {
        Some(Item::ArrayOfTables(a)) => Ok(Entries::Tables(a)),
        Some(Item::Value(Value::Array(a)))
            if a.iter().all(|v| matches!(v, Value::InlineTable(_))) =>
        {
            Ok(Entries::Inline(a))
        }
        _ => Err(not_a_list()),
    }
}

impl Entries<'_> {
    /// (url, name) of every entry.
    fn entries(&self) -> Vec<(Option<String>, Option<String>)> {
        let get = |url: Option<&str>, name: Option<&str>| {
            (url.map(str::to_string), name.map(str::to_string))
        };
        match self {
            Entries::Tables(a) => a
                .iter()
                .map(|t| {
                    get(
                        t.get("url").and_then(Item::as_str),
                        t.get("name").and_then(Item::as_str),
                    )
                })
                .collect(),
            Entries::Inline(a) => a
                .iter()
                .map(|v| {
                    let t = v.as_inline_table();
                    get(
                        t.and_then(|t| t.get("url")).and_then(Value::as_str),
                        t.and_then(|t| t.get("name")).and_then(Value::as_str),
                    )
                })
                .collect(),
        }
    }

    /// Set entry `i`'s URL, keeping the comments and spacing around the value.
    fn set_url(&mut self, i: usize, url: &str) {
        let slot = match self {
            Entries::Tables(a) => a
                .get_mut(i)
                .and_then(|t| t.get_mut("url"))
                .and_then(Item::as_value_mut),
            Entries::Inline(a) => a
                .get_mut(i)
                .and_then(Value::as_inline_table_mut)
                .and_then(|t| t.get_mut("url")),
        };
        if let Some(v) = slot {
            let decor = v.decor().clone();
            *v = Value::from(url);
            *v.decor_mut() = decor;
        }
    }

    fn urls(&self) -> Vec<String> {
        self.entries().into_iter().filter_map(|(u, _)| u).collect()
    }

    fn push(&mut self, url: &str, name: Option<&str>, tags: &[String]) {
        let tags: Vec<&str> = tags
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        match self {
            Entries::Tables(a) => {
                let mut t = Table::new();
                t.decor_mut().set_prefix("\n");
                t.insert("url", value(url));
                if let Some(n) = name {
                    t.insert("name", value(n));
                }
                if !tags.is_empty() {
                    t.insert("tags", value(Array::from_iter(tags)));
                }
                a.push(t);
            }
            Entries::Inline(a) => {
                let mut t = InlineTable::new();
                t.insert("url", url.into());
                if let Some(n) = name {
                    t.insert("name", n.into());
                }
                if !tags.is_empty() {
                    t.insert("tags", Value::Array(Array::from_iter(tags)));
                }
                t.fmt();
                a.push_formatted(Value::InlineTable(t));
                // Keep the array's layout: one entry per line if it already was.
                if let Some(last) = a.len().checked_sub(1)
                    && last > 0
                {
                    let prev_prefix = a
                        .get(last - 1)
                        .and_then(|v| v.decor().prefix())
                        .and_then(|p| p.as_str())
                        .unwrap_or(" ")
                        .to_string();
                    if let Some(v) = a.get_mut(last) {
                        v.decor_mut().set_prefix(prev_prefix);
                    }
                } else if let Some(v) = a.get_mut(0) {
                    v.decor_mut().set_prefix("");
                }
            }
        }
    }

    fn remove(&mut self, i: usize) {
        match self {
            Entries::Tables(a) => {
                a.remove(i);
            }
            Entries::Inline(a) => {
                a.remove(i);
            }
        }
    }
}

/// Write `contents` to `path` atomically: a temporary file in the same directory (created if
/// missing), flushed, given the old file's permissions, then renamed over `path`.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), EditError> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.toml".into());
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{file_name}.tmp-{}-{n}", std::process::id()));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // config.toml holds feed URLs, some with tokens or passwords: only its owner reads it,
        // whatever the umask.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp)?;
        f.write_all(contents.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(path) {
            f.set_permissions(crate::paths::private(meta.permissions()))?;
        }
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_err(path, e));
    }
    // Make the rename itself durable (best effort; not supported everywhere).
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
