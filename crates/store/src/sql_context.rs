//! The context session store in SQL: namespaces with an optional TTL, sessions as JSON objects.

use crate::StoreError;
use crate::records::ContextNamespace;
use crate::sql::SqlStore;
use serde_json::{Map, Value};
use sqlx::{Any, Row, Transaction};

type Props = Map<String, Value>;

async fn namespace(
    tx: &mut Transaction<'_, Any>,
    account_id: &str,
    namespace: &str,
) -> Result<ContextNamespace, StoreError> {
    let row = sqlx::query("SELECT namespace, created_at, ttl_second FROM context_namespaces WHERE account_id = $1 AND namespace = $2")
        .bind(account_id)
        .bind(namespace)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(ContextNamespace {
        name: row.try_get("namespace")?,
        created_at: row.try_get("created_at")?,
        ttl_second: row.try_get("ttl_second")?,
    })
}

/// Locks the namespace row for the rest of the transaction, so read-modify-write updates of its
/// sessions from several nodes (PostgreSQL, read committed) cannot lose each other's changes.
/// On SQLite the write transaction already holds the database's write lock.
async fn lock_namespace(
    tx: &mut Transaction<'_, Any>,
    account_id: &str,
    namespace: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE context_namespaces SET created_at = created_at WHERE account_id = $1 AND namespace = $2")
        .bind(account_id)
        .bind(namespace)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A session's properties, or empty when it does not exist or outlived the namespace's TTL.
async fn session(
    tx: &mut Transaction<'_, Any>,
    ns: &ContextNamespace,
    account_id: &str,
    session_id: &str,
    now: i64,
) -> Result<Props, StoreError> {
    let row = sqlx::query("SELECT properties_json, updated_at FROM context_sessions WHERE account_id = $1 AND namespace = $2 AND session_id = $3")
        .bind(account_id)
        .bind(&ns.name)
        .bind(session_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else {
        return Ok(Props::new());
    };
    let updated: i64 = row.try_get("updated_at")?;
    if ns.ttl_second.is_some_and(|ttl| updated + ttl * 1000 < now) {
        return Ok(Props::new());
    }
    Ok(serde_json::from_str(&row.try_get::<String, _>("properties_json")?).unwrap_or_default())
}

async fn write(
    tx: &mut Transaction<'_, Any>,
    account_id: &str,
    namespace: &str,
    session_id: &str,
    props: &Props,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO context_sessions (account_id, namespace, session_id, properties_json, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (account_id, namespace, session_id) DO UPDATE SET properties_json = excluded.properties_json, updated_at = excluded.updated_at",
    )
    .bind(account_id)
    .bind(namespace)
    .bind(session_id)
    .bind(Value::Object(props.clone()).to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl SqlStore {
    pub(crate) async fn ctx_create(
        &self,
        account_id: &str,
        ns: &str,
        ttl: Option<i64>,
        now: i64,
    ) -> Result<ContextNamespace, StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("INSERT INTO context_namespaces (account_id, namespace, created_at, ttl_second) VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, namespace) DO NOTHING")
            .bind(account_id)
            .bind(ns)
            .bind(now)
            .bind(ttl)
            .execute(&mut *tx)
            .await?;
        let out = namespace(&mut tx, account_id, ns).await?;
        tx.commit().await?;
        Ok(out)
    }

    pub(crate) async fn ctx_delete(&self, account_id: &str, ns: &str) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        for sql in [
            "DELETE FROM context_sessions WHERE account_id = $1 AND namespace = $2",
            "DELETE FROM context_namespaces WHERE account_id = $1 AND namespace = $2",
        ] {
            sqlx::query(sql)
                .bind(account_id)
                .bind(ns)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn ctx_namespaces(
        &self,
        account_id: &str,
    ) -> Result<Vec<ContextNamespace>, StoreError> {
        let rows = sqlx::query("SELECT namespace, created_at, ttl_second FROM context_namespaces WHERE account_id = $1 ORDER BY namespace")
            .bind(account_id)
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| -> Result<ContextNamespace, sqlx::Error> {
                Ok(ContextNamespace {
                    name: r.try_get("namespace")?,
                    created_at: r.try_get("created_at")?,
                    ttl_second: r.try_get("ttl_second")?,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }

    pub(crate) async fn ctx_merge(
        &self,
        account_id: &str,
        ns: &str,
        sid: &str,
        patch: &Props,
        now: i64,
    ) -> Result<Props, StoreError> {
        let mut tx = self.write_tx().await?;
        lock_namespace(&mut tx, account_id, ns).await?;
        let n = namespace(&mut tx, account_id, ns).await?;
        let mut props = session(&mut tx, &n, account_id, sid, now).await?;
        props.extend(patch.clone());
        write(&mut tx, account_id, ns, sid, &props, now).await?;
        tx.commit().await?;
        Ok(props)
    }

    pub(crate) async fn ctx_get(
        &self,
        account_id: &str,
        ns: &str,
        sid: &str,
        now: i64,
    ) -> Result<Props, StoreError> {
        let mut tx = self.read_tx().await?;
        let n = namespace(&mut tx, account_id, ns).await?;
        let props = session(&mut tx, &n, account_id, sid, now).await?;
        tx.commit().await?;
        Ok(props)
    }

    pub(crate) async fn ctx_delete_property(
        &self,
        account_id: &str,
        ns: &str,
        sid: &str,
        name: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        lock_namespace(&mut tx, account_id, ns).await?;
        let n = namespace(&mut tx, account_id, ns).await?;
        let mut props = session(&mut tx, &n, account_id, sid, now).await?;
        if props.remove(name).is_some() {
            write(&mut tx, account_id, ns, sid, &props, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn ctx_delete_session(
        &self,
        account_id: &str,
        ns: &str,
        sid: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM context_sessions WHERE account_id = $1 AND namespace = $2 AND session_id = $3")
            .bind(account_id)
            .bind(ns)
            .bind(sid)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub(crate) async fn ctx_sessions(
        &self,
        account_id: &str,
        ns: &str,
        now: i64,
    ) -> Result<Vec<String>, StoreError> {
        let mut tx = self.read_tx().await?;
        let n = namespace(&mut tx, account_id, ns).await?;
        let rows = sqlx::query("SELECT session_id, updated_at FROM context_sessions WHERE account_id = $1 AND namespace = $2 ORDER BY session_id")
            .bind(account_id)
            .bind(ns)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        let mut out = Vec::new();
        for r in rows {
            let updated: i64 = r.try_get("updated_at")?;
            if n.ttl_second.is_none_or(|ttl| updated + ttl * 1000 >= now) {
                out.push(r.try_get("session_id")?);
            }
        }
        Ok(out)
    }
}
