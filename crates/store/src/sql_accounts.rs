//! Accounts and their users in SQL, as the operator and account admins manage them: accounts
//! with their own limits, user deletion, roles and passwords. Every change that must end a
//! user's sessions raises the user's token generation (or records the deletion) in the same
//! transaction that deletes their refresh sessions; nodes read the generations on each sync.

use crate::StoreError;
use crate::records::{AccountLimits, AccountRecord, Role, UserRecord};
use crate::sql::{SqlStore, json};
use async_trait::async_trait;
use sqlx::Row;

#[async_trait]
pub trait Accounts: Send + Sync {
    /// Every account, oldest first.
    async fn list_accounts(&self) -> Result<Vec<AccountRecord>, StoreError>;
    async fn get_account(&self, account_id: &str) -> Result<Option<AccountRecord>, StoreError>;
    /// Creates an account with its limits and first admin user in one transaction; `Conflict`
    /// when the account exists.
    async fn create_account_with_admin(
        &self,
        account: &AccountRecord,
        admin: &UserRecord,
    ) -> Result<(), StoreError>;
    /// Replaces an account's limits; `false` when there is no such account.
    async fn set_account_limits(
        &self,
        account_id: &str,
        limits: &AccountLimits,
    ) -> Result<bool, StoreError>;
    /// The user of `account_id` with this id or login name.
    async fn get_user(
        &self,
        account_id: &str,
        id_or_login: &str,
    ) -> Result<Option<UserRecord>, StoreError>;
    /// Deletes a user and their sessions; their tokens end on every node. `false` when absent.
    async fn delete_user(
        &self,
        account_id: &str,
        user_id: &str,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// Replaces a user's roles and ends their sessions. `false` when absent.
    async fn set_user_roles(
        &self,
        account_id: &str,
        user_id: &str,
        roles: &[Role],
    ) -> Result<bool, StoreError>;
    /// Replaces a user's password hash and ends their sessions. `false` when absent.
    async fn set_user_password(
        &self,
        account_id: &str,
        user_id: &str,
        password_hash: &str,
    ) -> Result<bool, StoreError>;
    /// `(user id, token generation)` of every user whose generation was raised, and of every
    /// deleted user (as `i64::MAX`).
    async fn token_generations(&self) -> Result<Vec<(String, i64)>, StoreError>;
}

fn account_from_row(r: &sqlx::any::AnyRow) -> Result<AccountRecord, sqlx::Error> {
    Ok(AccountRecord {
        id: r.try_get("id")?,
        created_at: r.try_get("created_at")?,
        limits: r
            .try_get::<Option<String>, _>("limits_json")?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
    })
}

impl SqlStore {
    /// Raises a user's token generation and deletes their refresh sessions, in `tx`.
    async fn end_sessions(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        user_id: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET token_generation = token_generation + 1 WHERE id = $1")
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

#[async_trait]
impl Accounts for SqlStore {
    async fn list_accounts(&self) -> Result<Vec<AccountRecord>, StoreError> {
        let rows =
            sqlx::query("SELECT id, created_at, limits_json FROM accounts ORDER BY created_at, id")
                .fetch_all(&self.reader)
                .await?;
        Ok(rows
            .iter()
            .map(account_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn get_account(&self, account_id: &str) -> Result<Option<AccountRecord>, StoreError> {
        let row = sqlx::query("SELECT id, created_at, limits_json FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(&self.reader)
            .await?;
        Ok(row.map(|r| account_from_row(&r)).transpose()?)
    }

    async fn create_account_with_admin(
        &self,
        account: &AccountRecord,
        admin: &UserRecord,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE id = $1")
            .bind(&account.id)
            .fetch_one(&mut *tx)
            .await?;
        if exists > 0 {
            return Err(StoreError::Conflict(format!(
                "account `{}` already exists",
                account.id
            )));
        }
        sqlx::query("INSERT INTO accounts (id, created_at, limits_json) VALUES ($1, $2, $3)")
            .bind(&account.id)
            .bind(account.created_at)
            .bind(json(&account.limits))
            .execute(&mut *tx)
            .await?;
        let roles: Vec<&str> = admin.roles.iter().map(|r| r.as_str()).collect();
        sqlx::query("INSERT INTO users (id, account_id, login_name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&admin.id)
            .bind(&account.id)
            .bind(&admin.login_name)
            .bind(&admin.password_hash)
            .bind(roles.join(","))
            .bind(admin.created_at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_account_limits(
        &self,
        account_id: &str,
        limits: &AccountLimits,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query("UPDATE accounts SET limits_json = $1 WHERE id = $2")
            .bind(json(limits))
            .bind(account_id)
            .execute(&self.writer)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn get_user(
        &self,
        account_id: &str,
        id_or_login: &str,
    ) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT * FROM users WHERE account_id = $1 AND (id = $2 OR login_name = $2) ORDER BY (id = $2) DESC LIMIT 1",
        )
        .bind(account_id)
        .bind(id_or_login)
        .fetch_optional(&self.reader)
        .await?;
        Ok(row.map(|r| crate::sql::user_from_row(&r)).transpose()?)
    }

    async fn delete_user(
        &self,
        account_id: &str,
        user_id: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let r = sqlx::query("DELETE FROM users WHERE account_id = $1 AND id = $2")
            .bind(account_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO deleted_users (user_id, account_id, at) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(account_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_user_roles(
        &self,
        account_id: &str,
        user_id: &str,
        roles: &[Role],
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        let r = sqlx::query("UPDATE users SET role = $1 WHERE account_id = $2 AND id = $3")
            .bind(names.join(","))
            .bind(account_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() != 1 {
            return Ok(false);
        }
        Self::end_sessions(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_user_password(
        &self,
        account_id: &str,
        user_id: &str,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let r =
            sqlx::query("UPDATE users SET password_hash = $1 WHERE account_id = $2 AND id = $3")
                .bind(password_hash)
                .bind(account_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        if r.rows_affected() != 1 {
            return Ok(false);
        }
        Self::end_sessions(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn token_generations(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let mut out: Vec<(String, i64)> =
            sqlx::query("SELECT id, token_generation FROM users WHERE token_generation > 0")
                .fetch_all(&self.reader)
                .await?
                .iter()
                .map(|r| Ok((r.try_get("id")?, r.try_get("token_generation")?)))
                .collect::<Result<_, sqlx::Error>>()?;
        let deleted: Vec<String> = sqlx::query_scalar("SELECT user_id FROM deleted_users")
            .fetch_all(&self.reader)
            .await?;
        out.extend(deleted.into_iter().map(|id| (id, i64::MAX)));
        Ok(out)
    }
}
