//! The `fnhost` binary run as a user would, with its own home (credentials) and project dir.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Env {
    pub server: String,
    pub home: PathBuf,
    pub proj: PathBuf,
}

impl Env {
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
