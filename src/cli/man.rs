//! `kabar man` and `kabar completions`: the man page (clap_mangen's, made self-contained) and
//! shell completion scripts, both generated from the English command tree.

use super::args::Cli;
use super::exit::{ExitCode, Outcome};
use super::output::{fail, write_stdout};
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "kabar", &mut out);
    write_stdout(&out)
}

pub fn man() -> Outcome {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        return Err(fail(
            ExitCode::Io,
            format!("cannot render the man page: {e}"),
        ));
    }
    let page = man_page(String::from_utf8_lossy(&out).into_owned());
    write_stdout(page.as_bytes())
}

/// clap_mangen's page, made into one self-contained page: its SUBCOMMANDS list points at
/// kabar-add(1) and the like, which do not exist, so every command is described in place
/// (usage, description, options, examples); and the after-help text becomes EXAMPLES and
/// EXIT STATUS sections laid out as written.
fn man_page(page: String) -> String {
    let mut page = page;
    if let Some(start) = page.find("\n.SH SUBCOMMANDS\n") {
        let body = start + "\n.SH SUBCOMMANDS\n".len();
        let end = page[body..].find("\n.SH ").map_or(page.len(), |i| body + i);
        let mut cmds = String::from("\n.SH COMMANDS\n");
        for sub in Cli::command().get_subcommands() {
            cmds.push_str(&man_command(sub));
        }
        page.replace_range(start..end, cmds.trim_end());
    }
    if let Some(extra) = page.find(".SH EXTRA\nExamples:\n") {
        let end = page[extra..]
            .find("\n.SH ")
            .map_or(page.len(), |i| extra + i);
        let text = page[extra + ".SH EXTRA\nExamples:\n".len()..end].to_string();
        let text = match text.split_once("\n\nExit status:\n") {
            Some((examples, status)) => {
                format!("{examples}\n.fi\n.SH \"EXIT STATUS\"\n.nf\n{status}")
            }
            None => text,
        };
        page.replace_range(extra..end, &format!(".SH EXAMPLES\n.nf\n{text}\n.fi"));
    }
    page
}

/// Roff text: backslashes, hyphens and quotes escaped, no line starting a request.
fn roff(s: &str) -> String {
    let mut out = String::new();
    for (i, line) in s.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let e = line
            .replace('\\', "\\e")
            .replace('-', "\\-")
            .replace('\'', "\\*(Aq");
        if e.starts_with('.') {
            out.push_str("\\&");
        }
        out.push_str(&e);
    }
    out
}

/// One command's part of the man page.
fn man_command(sub: &clap::Command) -> String {
    let name = sub.get_name();
    let mut usage_cmd = sub.clone().bin_name(format!("kabar {name}"));
    let usage = usage_cmd.render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let mut out = format!(".SS \"kabar {name}\"\n.nf\n{}\n.fi\n", roff(usage));
    let about = sub
        .get_long_about()
        .or_else(|| sub.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    for para in about.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str(&format!(".PP\n{}\n", roff(para.trim())));
    }
    for arg in sub.get_arguments() {
        if arg.is_hide_set() || matches!(arg.get_id().as_str(), "help" | "version") {
            continue;
        }
        let value = arg
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string())
            .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
        let takes_value = arg.get_action().takes_values();
        let mut head = Vec::new();
        if let Some(c) = arg.get_short() {
            head.push(format!("\\fB\\-{c}\\fR"));
        }
        if let Some(l) = arg.get_long() {
            head.push(format!("\\fB{}\\fR", roff(&format!("--{l}"))));
        }
        let mut head = head.join(", ");
        if takes_value {
            if !head.is_empty() {
                head.push(' ');
            }
            head.push_str(&format!("\\fI<{}>\\fR", roff(&value)));
        }
        let mut help = arg
            .get_long_help()
            .or_else(|| arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if takes_value && !values.is_empty() {
            help = format!("{help} [{}]", values.join(", ")).trim().to_string();
        }
        out.push_str(&format!(".TP\n{head}\n{}\n", roff(&help)));
    }
    if let Some(after) = sub.get_after_long_help().or_else(|| sub.get_after_help()) {
        let after = after.to_string();
        let after = after.trim_start_matches("Examples:\n");
        out.push_str(&format!(".PP\nExamples:\n.nf\n{}\n.fi\n", roff(after)));
    }
    out
}
