//! The house rules of `src/`, checked: a top-level module names only modules below it in
//! LAYERS, and no file grows past MAX_LINES (a file that big does more than one job).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use modules of lower layers only; modules of one layer
/// do not use each other. A new top-level module must be placed here (the test says so).
const LAYERS: &[&[&str]] = &[
    // Leaves: text handling, HTML, place names, messages, paths, logging.
    &["text", "paths", "time"],
    &["html", "places", "i18n", "logging"],
    // Data about keys and actions (no behaviour).
    &["action"],
    &["keymap"],
    // The query language (parsed here; the store compiles it).
    &["query"],
    &["config"],
    &["store"],
    // Downloading with limits.
    &["net"],
    // Turning the outside world into stored articles.
    &["article", "opml"],
    &["feed"],
    &["discover"],
    &["sync"],
    // Running programs: the browser, user commands.
    &["browser", "commands"],
    &["app"],
    &["ui"],
    &["tui"],
    &["cli"],
];

/// Violations that still exist and are being removed (issue 12). Never add to this list: a
/// module that needs something above it means the code belongs elsewhere. The test fails when an
/// entry here is no longer a violation, so the list only shrinks.
const KNOWN: &[(&str, &str)] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments (doc links and prose may name any module).
fn without_comments(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut in_block = 0usize;
    for line in src.lines() {
        let mut rest = line;
        let mut kept = String::new();
        loop {
            if in_block > 0 {
                match rest.find("*/") {
                    Some(i) => {
                        in_block -= 1;
                        rest = &rest[i + 2..];
                    }
                    None => break,
                }
            } else {
                let line_c = rest.find("//");
                let block_c = rest.find("/*");
                match (line_c, block_c) {
                    (Some(l), b) if b.is_none_or(|b| l < b) => {
                        kept.push_str(&rest[..l]);
                        break;
                    }
                    (_, Some(b)) => {
                        kept.push_str(&rest[..b]);
                        in_block += 1;
                        rest = &rest[b + 2..];
                    }
                    _ => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The top-level modules a piece of code names through `crate::` (including `use crate::{a, b}`).
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = rest[i + "crate::".len()..].trim_start();
        if let Some(group) = after.strip_prefix('{') {
            // Top-level names of the group: split at depth 0.
            let mut depth = 0usize;
            let mut start = 0usize;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.insert(ident_at(group[start..j].trim()).to_string());
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(ident_at(group[start..j].trim()).to_string());
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.insert(ident_at(after).to_string());
        }
        rest = &rest[i + "crate::".len()..];
    }
    found.remove("");
    found
}

/// Which top-level module a file belongs to (`src/store/mod.rs` -> `store`, `src/cli.rs` -> `cli`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_string())
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let code = without_comments(&std::fs::read_to_string(&file).expect("read file"));
        let mut names = named_modules(&code);
        // `super::x` in a top-level file (`src/a.rs`) means `crate::x`.
        if file.parent() == Some(src.as_path()) {
            let mut rest = code.as_str();
            while let Some(i) = rest.find("super::") {
                names.insert(ident_at(&rest[i + 7..]).to_string());
                rest = &rest[i + 7..];
            }
        }
        names.remove(&module);
        graph.entry(module).or_default().extend(names);
    }
    graph
}

#[test]
fn every_module_is_placed_in_a_layer() {
    let unplaced: Vec<_> = graph()
        .keys()
        .filter(|m| layer_of(m).is_none())
        .cloned()
        .collect();
    assert!(
        unplaced.is_empty(),
        "top-level modules missing from LAYERS in tests/layers.rs (and ARCHITECTURE.md): {unplaced:?}"
    );
}

#[test]
fn imports_point_one_way() {
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for (module, names) in graph() {
        let Some(own) = layer_of(&module) else {
            continue;
        };
        for name in names {
            match layer_of(&name) {
                Some(l) if l < own => {}
                Some(_) if KNOWN.contains(&(module.as_str(), name.as_str())) => {
                    seen.insert((module.clone(), name));
                }
                Some(_) => wrong.push(format!("{module} names {name}, which is not below it")),
                None => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports must point from higher layers to lower ones (see ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
    let gone: Vec<_> = KNOWN
        .iter()
        .filter(|(m, n)| !seen.contains(&(m.to_string(), n.to_string())))
        .collect();
    assert!(
        gone.is_empty(),
        "these are no longer violations: delete them from KNOWN in tests/layers.rs: {gone:?}"
    );
}

/// The most lines a file of `src/` may have (issue 12): split a file by job before it grows past it.
const MAX_LINES: usize = 800;

#[test]
fn no_file_in_src_is_over_max_lines() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f)
                .expect("read a source file")
                .lines()
                .count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines: split each by job (ARCHITECTURE.md):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_reader_finds_references() {
    let code =
        "use crate::{store::Store, text::{self, x}};\nlet a = crate::feed::go(); // crate::ui\n";
    let names = named_modules(&without_comments(code));
    let names: Vec<_> = names.iter().map(String::as_str).collect();
    assert_eq!(names, ["feed", "store", "text"]);
}
