//! The node's data directory: the master key (created once, private), the node id that survives
//! restarts, and files and directories created readable by their owner only.

use crate::config::ServerConfig;
use crate::state::StartError;
use rand::RngCore;

pub(crate) fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub(crate) fn parse_hex_key(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
        out[i] = u8::from_str_radix(std::str::from_utf8(chunk).ok()?, 16).ok()?;
    }
    Some(out)
}

/// The master key: `--master-key`, else `data_dir/master.key` (created on first start).
pub(crate) fn master_key(config: &ServerConfig) -> Result<[u8; 32], StartError> {
    if let Some(k) = &config.master_key {
        return parse_hex_key(k).ok_or(StartError::MasterKey);
    }
    let path = config.data_dir.join("master.key");
    match std::fs::read_to_string(&path) {
        Ok(s) => parse_hex_key(&s).ok_or(StartError::MasterKey),
        Err(_) => {
            let hex = random_hex(32);
            write_private(&path, &hex)
                .map_err(|e| StartError::DataDir(path.display().to_string(), e))?;
            parse_hex_key(&hex).ok_or(StartError::MasterKey)
        }
    }
}

/// Creates the data directory readable by the owner only (0700), and tightens an existing one
/// this process owns: it holds the database, the master key and the node id.
pub(crate) fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
        let meta = std::fs::metadata(dir)?;
        // Only tighten a directory this process owns (never a shared one such as /tmp).
        if meta.uid() == own_uid() && meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

/// The effective uid of this process, read from `/proc/self` (no libc call needed).
#[cfg(unix)]
pub(crate) fn own_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(u32::MAX)
}

/// Makes the SQLite database and its WAL files readable by the owner only (0600).
pub(crate) fn private_files(db: &str) {
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let path = format!("{db}{suffix}");
        if std::path::Path::new(&path).exists()
            && let Err(e) = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
        {
            tracing::warn!(error = %e, path, "could not make the database private");
        }
    }
    #[cfg(not(unix))]
    let _ = db;
}

/// Writes a file readable by the owner only.
pub fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path)?;
    f.write_all(contents.as_bytes())
}

/// The node id: kept in `data_dir/node-id` so a restarted process recognises its own leftovers;
/// a fresh random id when the directory cannot be written.
pub(crate) fn node_id(config: &ServerConfig) -> String {
    let path = config.data_dir.join("node-id");
    if let Ok(id) = std::fs::read_to_string(&path) {
        let id = id.trim();
        if !id.is_empty() {
            return id.to_owned();
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    if std::fs::create_dir_all(&config.data_dir).is_ok() {
        let _ = write_private(&path, &id);
    }
    id
}
