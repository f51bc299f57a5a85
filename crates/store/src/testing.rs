//! Throw-away databases for tests: a temporary SQLite file or a fresh PostgreSQL database.
//!
//! PostgreSQL tests use `FNHOST_TEST_PG` (default `postgres://postgres@127.0.0.1:5432`) and create a
//! database named `fnhost_test_<random>`, dropped again when the [`TestDb`] is dropped.

use crate::Backend;
use sqlx::Executor;

/// A database that exists for the lifetime of this value.
pub struct TestDb {
    pub url: String,
    backend: Backend,
    name: String,
    _dir: Option<TempDir>,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn pg_base() -> String {
    std::env::var("FNHOST_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let name = format!("fnhost_test_{}", uuid::Uuid::new_v4().simple());
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&dir).expect("temp dir");
                let url = format!("sqlite://{}", dir.join("fnhost.db").display());
                TestDb {
                    url,
                    backend,
                    name,
                    _dir: Some(TempDir(dir)),
                }
            }
            Backend::Postgres => {
                sqlx::any::install_default_drivers();
                let admin = sqlx::AnyPool::connect(&format!("{}/postgres", pg_base()))
                    .await
                    .expect("PostgreSQL reachable for tests");
                admin
                    .execute(format!("CREATE DATABASE {name}").as_str())
                    .await
                    .expect("create test database");
                admin.close().await;
                TestDb {
                    url: format!("{}/{name}", pg_base()),
                    backend,
                    name,
                    _dir: None,
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.backend == Backend::Postgres {
            let name = self.name.clone();
            // Drop runs outside async code paths; use a private runtime on a helper thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async move {
                    if let Ok(admin) =
                        sqlx::AnyPool::connect(&format!("{}/postgres", pg_base())).await
                    {
                        let _ = admin
                            .execute(
                                format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str(),
                            )
                            .await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}
