//! Stored logins: one credential per server and account, in a file readable by the owner only
//! (`$FNHOST_HOME/credentials.json`, default `~/.config/fnhost/credentials.json`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Credential {
    pub token: String,
    pub user: String,
    pub user_id: String,
    pub expires_at: i64,
}

#[derive(Serialize, Deserialize, Default, Debug)]
pub struct Credentials {
    /// `server` → `account` → credential.
    pub entries: BTreeMap<String, BTreeMap<String, Credential>>,
    pub active_server: Option<String>,
    pub active_account: Option<String>,
}

pub fn home() -> PathBuf {
    if let Some(h) = std::env::var_os("FNHOST_HOME") {
        return PathBuf::from(h);
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."))
                .join(".config")
        });
    base.join("fnhost")
}

fn path() -> PathBuf {
    home().join("credentials.json")
}

impl Credentials {
    pub fn load() -> Credentials {
        std::fs::read_to_string(path())
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }

    pub fn save(&self) -> std::io::Result<()> {
        let p = path();
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir)?;
        }
        fnhost_server::state::write_private(
            &p,
            &serde_json::to_string_pretty(self).unwrap_or_default(),
        )?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(())
    }

    pub fn get(&self, server: &str, account: &str) -> Option<&Credential> {
        self.entries.get(server).and_then(|a| a.get(account))
    }
}
