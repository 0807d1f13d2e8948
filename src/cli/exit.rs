//! Exit codes (documented in the README, and in `kabar --help` and `kabar man`).

/// How kabar ends. The numbers are part of the interface: scripts test them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// Success (also: a reader closed the pipe early, as with `kabar list | head`).
    Ok = 0,
    /// Something asked for does not exist (an unknown id or feed), or could not be had:
    /// `kabar add` found no feed at the URL (or nothing was picked at the prompt), `kabar remove`
    /// found no such feed, `kabar check` saw at least one feed fail.
    NotFound = 1,
    /// Bad command line or config.toml; also `kabar add` given a URL that is not http(s), or
    /// finding several feeds with no terminal to ask on and no `--yes`; and a config directory
    /// kabar refuses to use (owned by another user, or writable by group or others).
    Config = 2,
    /// The store (kabar.db) cannot be used.
    Store = 3,
    /// Reading or writing a file or the terminal failed.
    Io = 4,
    /// `kabar refresh` could refresh no feed: every feed it tried failed (cron sees it).
    NothingRefreshed = 5,
    /// `kabar sync` (or refresh, add, remove with `[sync]` set): the sync server could not be
    /// reached, refused the login, or failed; the cache and the outbox are as they were.
    SyncFailed = 6,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

/// How a command ends: `Ok` when it did its job, else `Err` with the code to exit with (its
/// message already printed), so a command can stop early with `?`.
pub type Outcome = Result<(), ExitCode>;

/// The exit code of an [`Outcome`].
pub fn code(outcome: Outcome) -> ExitCode {
    outcome.err().unwrap_or(ExitCode::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_values() {
        let codes = [
            ExitCode::Ok,
            ExitCode::NotFound,
            ExitCode::Config,
            ExitCode::Store,
            ExitCode::Io,
            ExitCode::NothingRefreshed,
            ExitCode::SyncFailed,
        ];
        assert_eq!(codes.map(|c| c as u8), [0, 1, 2, 3, 4, 5, 6]);
    }
}
