//! A password or API key: never printed, loaded from an environment variable or a command.

use super::error::{SyncError, SyncErrorKind};

/// A secret value. `Debug` and `Display` print `***`, so it cannot leak through a log line or a
/// formatted error by accident; [`Secret::expose`] is the one way to the text.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret's text, for the one header or form field that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value of environment variable `var`, trimmed; an error when unset or empty.
    pub fn from_env(var: &str) -> Result<Secret, SyncError> {
        let value = std::env::var(var).map_err(|_| {
            SyncError::new(
                SyncErrorKind::Secret,
                format!("environment variable {var} is not set"),
            )
        })?;
        non_empty(value.trim(), var)
    }

    /// The standard output of `argv[0]` run with the rest of `argv` as its arguments (no shell,
    /// so nothing in them is interpreted), trimmed. Fails when the command cannot run, exits
    /// with an error, or prints nothing. Its stderr is not kept (it might echo the secret).
    pub fn from_command(argv: &[String]) -> Result<Secret, SyncError> {
        let Some((program, args)) = argv.split_first() else {
            return Err(SyncError::new(SyncErrorKind::Secret, "empty command"));
        };
        let fail = |what: String| SyncError::new(SyncErrorKind::Secret, what);
        let out = std::process::Command::new(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .map_err(|e| fail(format!("cannot run {program}: {e}")))?;
        if !out.status.success() {
            return Err(fail(format!("{program} failed ({})", out.status)));
        }
        let text = String::from_utf8(out.stdout)
            .map_err(|_| fail(format!("{program} printed something that is not UTF-8")))?;
        non_empty(text.trim(), program)
    }
}

fn non_empty(value: &str, source: &str) -> Result<Secret, SyncError> {
    if value.is_empty() {
        return Err(SyncError::new(
            SyncErrorKind::Secret,
            format!("{source} gave an empty secret"),
        ));
    }
    Ok(Secret(value.to_string()))
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}
