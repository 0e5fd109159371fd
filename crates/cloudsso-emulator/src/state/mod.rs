//! The emulator's state: per account, in journaled tables, kept in SQLite when a state file
//! is given.
//!
//! - [`Table`] holds the rows of one resource kind; every change is journaled, so a request
//!   that fails part-way is rolled back ([`Store::write`]) and only the changed rows are
//!   written.
//! - [`AccountState`] is everything one account owns: each family's [`TableSet`]. State is
//!   kept per account, as moto keys its backends: one account's key never sees another's.
//! - [`Store`] holds every account, and with a state file commits each request's changes in
//!   one SQLite transaction before the request is answered ([`database`]).

mod database;
pub(crate) mod legacy;
mod table;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::SystemTime;

use http::StatusCode;

pub(crate) use self::database::{Database, SCHEMA_VERSION, STATE_MARKER};
pub(crate) use self::table::{AnyTable, Change, REDACTED, Row, Table};
use crate::error::{Failure, StateError};

/// Everything one account owns (state is kept per account, as moto keys its backends).
#[derive(Debug, Default, Clone)]
pub(crate) struct AccountState {
    /// Directories and their settings.
    pub(crate) directory: crate::directory::Tables,
    /// Users, groups and their settings.
    pub(crate) identity: crate::identity::Tables,
    /// Access configurations, provisionings, assignments and tasks.
    pub(crate) access: crate::access::Tables,
    /// Temporary credentials issued to act for the account.
    pub(crate) sts: crate::sts::Tables,
    /// The user portal's access tokens (by their SHA-256).
    pub(crate) portal: crate::portal::Tables,
}

/// A set of tables: each family's `Tables` implements it by listing its tables, so that the
/// persistence layer can load, save and roll back every table without knowing the families.
pub(crate) trait TableSet {
    /// Calls `visitor.table` once for each table of the set.
    fn visit(&mut self, visitor: &mut dyn TableVisitor);
}

/// What [`TableSet::visit`] hands each table to.
pub(crate) trait TableVisitor {
    /// Called with each table.
    fn table(&mut self, table: &mut dyn AnyTable);
}

impl<F: FnMut(&mut dyn AnyTable)> TableVisitor for F {
    fn table(&mut self, table: &mut dyn AnyTable) {
        self(table);
    }
}

impl TableSet for AccountState {
    fn visit(&mut self, visitor: &mut dyn TableVisitor) {
        self.directory.visit(visitor);
        self.identity.visit(visitor);
        self.access.visit(visitor);
        self.sts.visit(visitor);
        self.portal.visit(visitor);
    }
}

impl AccountState {
    /// Calls `f` with each table.
    pub(crate) fn each_table(&mut self, mut f: impl FnMut(&mut dyn AnyTable)) {
        self.visit(&mut f);
    }

    /// The rows changed since the last commit.
    fn changes(&mut self) -> Result<Vec<Change>, serde_json::Error> {
        let mut changes = Vec::new();
        let mut result = Ok(());
        self.each_table(|table| {
            if result.is_ok() && table.is_changed() {
                result = table.changes(&mut changes);
            }
        });
        result.map(|()| changes)
    }

    fn commit(&mut self) {
        self.each_table(|table| table.commit());
    }

    fn rollback(&mut self) {
        self.each_table(|table| table.rollback());
    }

    /// Every non-empty table as JSON: table name to key to row; secrets redacted unless
    /// `include_secrets`.
    pub(crate) fn dump(
        &mut self,
        include_secrets: bool,
    ) -> Result<serde_json::Map<String, serde_json::Value>, String> {
        let mut out = serde_json::Map::new();
        let mut error = None;
        self.each_table(|table| match table.dump(include_secrets) {
            Ok(rows) if rows.is_empty() => {}
            Ok(rows) => {
                out.insert(table.name().to_owned(), serde_json::Value::Object(rows));
            }
            Err(e) => error = Some(format!("table {}: {e}", table.name())),
        });
        error.map_or(Ok(out), Err)
    }

    /// Puts the rows of `tables` (table name to key to row, as [`dump`](Self::dump) writes
    /// them), journaled; an unknown table or a row that does not fit is an error naming it.
    pub(crate) fn put_dump(
        &mut self,
        tables: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), String> {
        let mut known = Vec::new();
        let mut error = None;
        self.each_table(|table| {
            known.push(table.name());
            let Some(rows) = tables.get(table.name()) else {
                return;
            };
            let Some(rows) = rows.as_object() else {
                error.get_or_insert_with(|| {
                    format!(
                        "table `{}` is not a JSON object of rows by key",
                        table.name()
                    )
                });
                return;
            };
            for (key, row) in rows {
                if let Err(e) = table.put_json(key.clone(), row.clone()) {
                    error.get_or_insert_with(|| {
                        format!("table `{}`, row `{key}`: {e}", table.name())
                    });
                }
            }
        });
        if let Some(error) = error {
            return Err(error);
        }
        if let Some(unknown) = tables.keys().find(|name| !known.contains(&name.as_str())) {
            return Err(format!(
                "table `{unknown}` is not a table of the emulator; expected one of {}",
                known.join(", ")
            ));
        }
        Ok(())
    }

    /// Removes every row (journaled).
    pub(crate) fn clear(&mut self) {
        self.each_table(|table| table.clear());
    }
}

/// The names of every table, checked: lower-case ASCII letters, digits and `_`, unique.
fn table_names() -> Result<Vec<&'static str>, StateError> {
    let mut names = Vec::new();
    AccountState::default().each_table(|table| names.push(table.name()));
    for (i, name) in names.iter().enumerate() {
        let valid = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && name != &"meta";
        if !valid || names[..i].contains(name) {
            return Err(StateError::Schema {
                reason: format!("table name `{name}` is invalid or used twice"),
            });
        }
    }
    Ok(names)
}

/// `now` as the service writes times: `YYYY-MM-DDTHH:MM:SSZ` in UTC (the epoch for a clock
/// outside 1970..=9999).
pub(crate) fn timestamp(now: SystemTime) -> String {
    acs_signer::SigningTime::from_system_time(now).map_or_else(
        |_| "1970-01-01T00:00:00Z".to_owned(),
        |time| time.to_string(),
    )
}

/// One account's state, shared by the requests of that account.
type Shared = Arc<RwLock<AccountState>>;

/// Every account's state, in memory and, with a state file, in SQLite.
pub(crate) struct Store {
    accounts: RwLock<HashMap<String, Shared>>,
    /// Held by a change that must see other accounts first (a directory name is unique
    /// across accounts), so that two such changes cannot both pass their check.
    across_accounts: Mutex<()>,
    database: Option<Mutex<Database>>,
    /// The database file, when there is one.
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("accounts", &read_lock(&self.accounts).len())
            .field("path", &self.path)
            .finish()
    }
}

fn read_lock<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    match lock.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn write_lock<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    match lock.write() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// `ServiceUnavailable`, for a change that could not be persisted (and was rolled back).
pub(crate) fn state_failure(error: &StateError) -> Failure {
    tracing::error!(%error, "state could not be persisted");
    Failure::new(
        "ServiceUnavailable",
        StatusCode::SERVICE_UNAVAILABLE,
        "The request has failed due to a temporary failure of the server: the state could not \
         be persisted.",
    )
}

impl Store {
    /// An empty store in memory.
    pub(crate) fn in_memory() -> Self {
        Self {
            accounts: RwLock::new(HashMap::new()),
            across_accounts: Mutex::new(()),
            database: None,
            path: None,
        }
    }

    /// The store kept in `path` (see [`database`] for what a path may hold): every row
    /// loaded, and a JSON state file of earlier versions imported once into the default
    /// account `legacy_account`. A file that is not ours is refused and left untouched.
    pub(crate) fn open(
        path: &Path,
        legacy_account: &str,
        region: &str,
    ) -> Result<Self, StateError> {
        let names = table_names()?;
        let opened = database::open(path, &names)?;
        let mut accounts: HashMap<String, AccountState> = HashMap::new();
        for (account, rows) in opened.rows {
            let state = accounts.entry(account.clone()).or_default();
            let mut error = None;
            state.each_table(|table| {
                for (key, body) in rows.get(table.name()).into_iter().flatten() {
                    if let Err(e) = table.load(key.clone(), body) {
                        error.get_or_insert_with(|| {
                            format!(
                                "row `{key}` of table `{}` (account {account}) is not valid: {e}",
                                table.name()
                            )
                        });
                    }
                }
            });
            if let Some(reason) = error {
                return Err(StateError::Corrupt {
                    path: opened.database.path().to_owned(),
                    reason,
                });
            }
        }
        let store = Self {
            across_accounts: Mutex::new(()),
            path: Some(opened.database.path().to_owned()),
            accounts: RwLock::new(
                accounts
                    .into_iter()
                    .map(|(k, v)| (k, Arc::new(RwLock::new(v))))
                    .collect(),
            ),
            database: Some(Mutex::new(opened.database)),
        };
        if let Some(legacy) = opened.legacy {
            let shared = store.account_or_new(legacy_account);
            let mut state = write_lock(&shared);
            legacy::import(&legacy, &mut state, region, SystemTime::now());
            let changes = state.changes().map_err(|e| StateError::Encode {
                reason: e.to_string(),
            })?;
            let source = legacy.path.display().to_string();
            if let Some(database) = &store.database {
                lock(database)
                    .apply(&[(legacy_account, changes)], &[("json_imported", &source)])?;
            }
            state.commit();
            tracing::info!(from = %source, to = ?store.path, "JSON state file imported");
        }
        Ok(store)
    }

    /// The database file, if the state is kept in one.
    pub(crate) fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn account(&self, account: &str) -> Option<Shared> {
        read_lock(&self.accounts).get(account).cloned()
    }

    fn account_or_new(&self, account: &str) -> Shared {
        if let Some(shared) = self.account(account) {
            return shared;
        }
        write_lock(&self.accounts)
            .entry(account.to_owned())
            .or_default()
            .clone()
    }

    /// The accounts that hold state.
    pub(crate) fn accounts(&self) -> Vec<String> {
        let mut accounts: Vec<String> = read_lock(&self.accounts).keys().cloned().collect();
        accounts.sort();
        accounts
    }

    /// Serializes the changes that check other accounts before writing their own: hold the
    /// guard across [`any_other_account`](Self::any_other_account) and the
    /// [`write`](Self::write) it decides. No account lock is held while waiting for it.
    pub(crate) fn lock_across_accounts(&self) -> MutexGuard<'_, ()> {
        lock(&self.across_accounts)
    }

    /// Whether `f` holds for any account's state but `account`'s (each read in turn, never
    /// two locks at once).
    pub(crate) fn any_other_account(
        &self,
        account: &str,
        f: impl Fn(&AccountState) -> bool,
    ) -> bool {
        let others: Vec<Shared> = read_lock(&self.accounts)
            .iter()
            .filter(|(name, _)| name.as_str() != account)
            .map(|(_, shared)| shared.clone())
            .collect();
        others.iter().any(|shared| f(&read_lock(shared)))
    }

    /// Reads `account`'s state (an account never written reads as empty).
    pub(crate) fn read<T>(&self, account: &str, f: impl FnOnce(&AccountState) -> T) -> T {
        match self.account(account) {
            Some(shared) => f(&read_lock(&shared)),
            None => f(&AccountState::default()),
        }
    }

    /// Changes `account`'s state in one transaction: on `Ok` the changed rows are committed
    /// (to SQLite first, with a state file) before this returns; on `Err`, or when the
    /// commit fails (`ServiceUnavailable`), every change is rolled back.
    pub(crate) fn write<T>(
        &self,
        account: &str,
        f: impl FnOnce(&mut AccountState) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let shared = self.account_or_new(account);
        let mut state = write_lock(&shared);
        // A request that panicked part-way left its changes journaled: undo them.
        state.rollback();
        let out = match f(&mut state) {
            Ok(out) => out,
            Err(failure) => {
                state.rollback();
                return Err(failure);
            }
        };
        match self.persist(&mut [(account, &mut *state)]) {
            Ok(()) => Ok(out),
            Err(error) => Err(state_failure(&error)),
        }
    }

    /// Commits the changes of `states` in one database transaction, or rolls them all back.
    fn persist(&self, states: &mut [(&str, &mut AccountState)]) -> Result<(), StateError> {
        if let Some(database) = &self.database {
            let mut all = Vec::with_capacity(states.len());
            for (account, state) in states.iter_mut() {
                match state.changes() {
                    Ok(changes) => all.push((*account, changes)),
                    Err(e) => {
                        for (_, state) in states.iter_mut() {
                            state.rollback();
                        }
                        return Err(StateError::Encode {
                            reason: e.to_string(),
                        });
                    }
                }
            }
            if all.iter().any(|(_, changes)| !changes.is_empty())
                && let Err(error) = lock(database).apply(&all, &[])
            {
                for (_, state) in states.iter_mut() {
                    state.rollback();
                }
                return Err(error);
            }
        }
        for (_, state) in states.iter_mut() {
            state.commit();
        }
        Ok(())
    }

    /// Brings every account of `accounts` (and every account holding state) to its
    /// initial state with `init` (given whether the account held no row), in one
    /// transaction. With `reset`, every row of every account is removed first.
    pub(crate) fn initialize(
        &self,
        accounts: &[String],
        reset: bool,
        init: &dyn Fn(&str, &mut AccountState, bool) -> Result<(), String>,
    ) -> Result<(), InitError> {
        for account in accounts {
            self.account_or_new(account);
        }
        // Holding the map's lock keeps requests of new accounts out meanwhile.
        let map = write_lock(&self.accounts);
        let mut names: Vec<&String> = map.keys().collect();
        names.sort();
        let mut guards: Vec<(&str, RwLockWriteGuard<'_, AccountState>)> = names
            .iter()
            .map(|name| (name.as_str(), write_lock(&map[*name])))
            .collect();
        let mut failure = None;
        for (account, state) in &mut guards {
            state.rollback();
            if reset {
                state.clear();
            }
            let fresh = {
                let mut empty = true;
                state.each_table(|table| empty &= table.row_count() == 0);
                empty
            };
            if accounts.iter().any(|a| a == account)
                && let Err(reason) = init(account, state, fresh)
            {
                failure = Some(reason);
                break;
            }
        }
        if let Some(reason) = failure {
            for (_, state) in &mut guards {
                state.rollback();
            }
            return Err(InitError::Invalid(reason));
        }
        let mut states: Vec<(&str, &mut AccountState)> = guards
            .iter_mut()
            .map(|(account, guard)| (*account, &mut **guard))
            .collect();
        self.persist(&mut states).map_err(InitError::State)
    }

    /// Loads `seed` (account to table to key to row) over the current state, in one
    /// transaction: rows with the same key are replaced, others kept.
    pub(crate) fn load(
        &self,
        seed: &BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
    ) -> Result<(), InitError> {
        for account in seed.keys() {
            self.account_or_new(account);
        }
        let map = write_lock(&self.accounts);
        let mut guards: Vec<(&str, RwLockWriteGuard<'_, AccountState>)> = seed
            .keys()
            .filter_map(|name| map.get(name).map(|s| (name.as_str(), write_lock(s))))
            .collect();
        let mut failure = None;
        for (account, state) in &mut guards {
            state.rollback();
            if let Some(tables) = seed.get(*account)
                && let Err(reason) = state.put_dump(tables)
            {
                failure = Some(format!("account {account}: {reason}"));
                break;
            }
            // Raw rows carry no indexes or counts: the identity family derives them again.
            crate::identity::seed::rebuild_derived(state);
        }
        if let Some(reason) = failure {
            for (_, state) in &mut guards {
                state.rollback();
            }
            return Err(InitError::Invalid(reason));
        }
        let mut states: Vec<(&str, &mut AccountState)> = guards
            .iter_mut()
            .map(|(account, guard)| (*account, &mut **guard))
            .collect();
        self.persist(&mut states).map_err(InitError::State)
    }

    /// Every account's tables as JSON: account to table to key to row; secrets redacted
    /// unless `include_secrets`.
    pub(crate) fn dump(
        &self,
        include_secrets: bool,
    ) -> Result<BTreeMap<String, serde_json::Map<String, serde_json::Value>>, String> {
        let accounts: Vec<(String, Shared)> = read_lock(&self.accounts)
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut out = BTreeMap::new();
        for (account, shared) in accounts {
            // A copy, so the dump does not hold the account's lock while serializing.
            let mut copy = read_lock(&shared).clone();
            let tables = copy.dump(include_secrets)?;
            if !tables.is_empty() {
                out.insert(account, tables);
            }
        }
        Ok(out)
    }
}

/// Why the initial state or a seed could not be applied.
#[derive(Debug)]
pub(crate) enum InitError {
    /// The seed or the configuration does not fit the tables.
    Invalid(String),
    /// The change could not be persisted.
    State(StateError),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid(reason) => f.write_str(reason),
            Self::State(error) => error.fmt(f),
        }
    }
}
