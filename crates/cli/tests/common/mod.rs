//! The `fnhost` binary run as a user would, with its own home (credentials) and project dir.
#![allow(dead_code)]

use fnhost_server::{Server, ServerConfig};
use fnhost_store::Backend;
use fnhost_store::testing::TestDb;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The admin password of every [`CliServer`].
pub const PASSWORD: &str = "cli-password";

/// A real server (account 1000, user `admin` / [`PASSWORD`]) on a fresh database, with a CLI
/// environment (home and project directories) for it.
pub struct CliServer {
    pub server: Server,
    pub env: Env,
    pub dir: PathBuf,
    _db: TestDb,
}

impl CliServer {
    pub async fn start(backend: Backend, tweak: impl FnOnce(&mut ServerConfig)) -> CliServer {
        let db = TestDb::new(backend).await;
        let dir =
            std::env::temp_dir().join(format!("fnhost-cli-{}", uuid::Uuid::new_v4().simple()));
        let mut config = ServerConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            data_dir: dir.join("data"),
            database_url: Some(db.url.clone()),
            bootstrap_password: Some(PASSWORD.into()),
            ..ServerConfig::default()
        };
        tweak(&mut config);
        let server = Server::start(config).await.unwrap();
        let env = Env {
            server: format!("http://{}", server.addr),
            home: dir.join("home"),
            proj: dir.join("proj"),
        };
        std::fs::create_dir_all(&env.proj).unwrap();
        CliServer {
            server,
            env,
            dir,
            _db: db,
        }
    }

    /// Shuts the server down and removes its directories.
    pub async fn stop(self) {
        self.server.shutdown().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[derive(Clone)]
pub struct Env {
    pub server: String,
    pub home: PathBuf,
    pub proj: PathBuf,
}

impl Env {
    /// `fnhost login` as the admin of account 1000.
    pub fn login(&self) {
        let server = self.server.clone();
        self.ok(&[
            "login", "--server", &server, "-a", "1000", "-u", "admin", "-p", PASSWORD,
        ]);
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_fnhost"))
            .args(args)
            .current_dir(&self.proj)
            .env("FNHOST_HOME", &self.home)
            .env("NO_COLOR", "1")
            .env_remove("FNHOST_SERVER")
            .env_remove("FNHOST_ACCOUNT")
            .output()
            .expect("fnhost runs")
    }
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success(), "fnhost {args:?} failed:\n{text}");
        text
    }
    pub fn fails(&self, args: &[&str]) -> (i32, String) {
        let o = self.run(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!o.status.success(), "fnhost {args:?} should fail:\n{text}");
        (o.status.code().unwrap_or(-1), text)
    }
}

pub fn write(p: &Path, s: &str) {
    std::fs::write(p, s).unwrap();
}
