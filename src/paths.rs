//! Where kabar keeps its files: the config directory and the files inside it, kept private.
//!
//! The directory holds feed URLs (some with tokens or `user:pass@`), the reading history and
//! saved articles: it is created 0700 and its files 0600 whatever the umask, and a directory
//! someone else owns or can write to is refused (they could swap kabar's files for links).

use std::path::{Path, PathBuf};

/// The config directory and the files kabar keeps in it.
#[derive(Debug, Clone)]
pub struct Paths {
    pub dir: PathBuf,
}

/// Why the config directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DirError {
    #[error("cannot create {dir}: {source}")]
    Create { dir: String, source: std::io::Error },
    #[error(
        "config directory {dir} belongs to another user (uid {owner}): kabar keeps feed URLs \
         and reading history there, so it uses only a directory of your own (--config-dir DIR)"
    )]
    NotOwner { dir: String, owner: u32 },
    #[error(
        "config directory {dir} is writable by {who} (mode {mode:03o}): they could replace \
         kabar's files; run `chmod 700 {dir}` or use another --config-dir"
    )]
    Writable {
        dir: String,
        mode: u32,
        who: &'static str,
    },
}

impl Paths {
    /// `--config-dir`, else `KABAR_CONFIG_DIR`, else the platform's config dir for `kabar`
    /// (`$XDG_CONFIG_HOME/kabar` on Linux).
    pub fn resolve(flag: Option<&Path>) -> Result<Paths, String> {
        if let Some(dir) = flag {
            return Ok(Paths {
                dir: dir.to_path_buf(),
            });
        }
        if let Some(dir) = std::env::var_os("KABAR_CONFIG_DIR").filter(|d| !d.is_empty()) {
            return Ok(Paths {
                dir: PathBuf::from(dir),
            });
        }
        directories::ProjectDirs::from("", "", "kabar")
            .map(|p| Paths {
                dir: p.config_dir().to_path_buf(),
            })
            .ok_or_else(|| "cannot find a home directory; use --config-dir DIR".to_string())
    }

    /// Create the directory if it does not exist yet (0700), refuse one that another user owns
    /// or can write to, and make an existing one private: group and others lose their access
    /// to it and its files. Returns a note when something had to be tightened (say it once;
    /// the next start finds nothing to do).
    pub fn ensure(&self) -> Result<Option<String>, DirError> {
        let dir = self.dir.display().to_string();
        let create = |source| DirError::Create {
            dir: dir.clone(),
            source,
        };
        if let Some(parent) = self.dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(create)?;
        }
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&self.dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && self.dir.is_dir() => {}
            Err(e) => return Err(create(e)),
        }
        self.make_private()
    }

    #[cfg(unix)]
    fn make_private(&self) -> Result<Option<String>, DirError> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = self.dir.display().to_string();
        let meta = std::fs::metadata(&self.dir).map_err(|source| DirError::Create {
            dir: dir.clone(),
            source,
        })?;
        let me = euid();
        if meta.uid() != me {
            return Err(DirError::NotOwner {
                dir,
                owner: meta.uid(),
            });
        }
        let mode = meta.mode() & 0o7777;
        if mode & 0o022 != 0 {
            let who = match (mode & 0o020 != 0, mode & 0o002 != 0) {
                (true, true) => "group and others",
                (true, false) => "its group",
                _ => "other users",
            };
            return Err(DirError::Writable { dir, mode, who });
        }
        let files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        let tightened = files.iter().filter(|p| tighten_file(p, me)).count();
        // Files in a directory only its owner can enter were never readable by others: they
        // are tightened quietly. An open directory exposed them: that is worth a line.
        if mode & 0o077 == 0 {
            return Ok(None);
        }
        std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700)).map_err(
            |source| DirError::Create {
                dir: dir.clone(),
                source,
            },
        )?;
        Ok(Some(format!(
            "made {dir} private: other users could read it (directory now 700, \
             {tightened} files now readable by you only)"
        )))
    }

    #[cfg(not(unix))]
    fn make_private(&self) -> Result<Option<String>, DirError> {
        Ok(None)
    }

    /// Make the store and its side files private again (a store SQLite created itself, as
    /// after moving a damaged one aside); quietly.
    pub fn tighten_store(&self) {
        #[cfg(unix)]
        for f in std::iter::once(self.db()).chain(self.db_side_files()) {
            tighten_file(&f, euid());
        }
    }

    /// Create an empty file at `path` readable by its owner only, unless something is there
    /// (best effort: whoever opens it next reports a real problem).
    pub fn create_private(&self, path: &Path) {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let _ = options.open(path);
    }

    pub fn config(&self) -> PathBuf {
        self.dir.join("config.toml")
    }
    pub fn db(&self) -> PathBuf {
        self.dir.join("kabar.db")
    }
    /// The store's write-ahead log and shared-memory index, beside it.
    pub fn db_side_files(&self) -> [PathBuf; 2] {
        [self.dir.join("kabar.db-wal"), self.dir.join("kabar.db-shm")]
    }
    pub fn log(&self) -> PathBuf {
        self.dir.join("kabar.log")
    }
}

/// `perms` without any access for group and others (the owner's bits kept).
pub fn private(perms: std::fs::Permissions) -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(perms.mode() & 0o700)
    }
    #[cfg(not(unix))]
    perms
}

/// Take group's and others' access away from a regular file of `owner` at `path` (a link is
/// left alone); whether anything changed.
#[cfg(unix)]
fn tighten_file(path: &Path, owner: u32) -> bool {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.uid() != owner || meta.mode() & 0o077 == 0 {
        return false;
    }
    let mode = meta.mode() & 0o700;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).is_ok()
}

/// The effective user id of this process.
#[cfg(unix)]
fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}
