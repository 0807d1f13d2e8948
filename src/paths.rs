//! Where kabar keeps its files: the config directory and the files inside it.

use std::path::{Path, PathBuf};

/// The config directory and the files kabar keeps in it.
#[derive(Debug, Clone)]
pub struct Paths {
    pub dir: PathBuf,
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

    /// Create the directory if it does not exist yet.
    pub fn ensure(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)
    }

    pub fn config(&self) -> PathBuf {
        self.dir.join("config.toml")
    }
    pub fn db(&self) -> PathBuf {
        self.dir.join("kabar.db")
    }
    pub fn log(&self) -> PathBuf {
        self.dir.join("kabar.log")
    }
}
