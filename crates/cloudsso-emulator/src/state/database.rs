//! The state on disk: one SQLite database (WAL, `synchronous=FULL`), a table per row kind.
//!
//! Each row table holds `(account, key, body)`, `body` the row's JSON, so anyone can read
//! it with the `sqlite3` shell (`SELECT key, json_extract(body, '$.DirectoryName') FROM
//! directories`). The `meta` table holds the format marker (`format` =
//! [`STATE_MARKER`]) and the schema version (`schema_version`); a file without the marker,
//! with a newer version, or that SQLite finds corrupt is refused and left untouched.
//!
//! A request's changed rows are written in one transaction ([`Database::apply`]), committed
//! (and so synced) before the request is answered: a `kill -9` at any moment loses no
//! acknowledged change, and the cost of a write does not grow with the state.
//!
//! A JSON state file of earlier versions given as the path is read, never written: its
//! state is imported once into the database `FILE.sqlite3` beside it.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension as _, params};

use super::Change;
use super::legacy::{self, LegacyState};
use crate::error::StateError;

/// The `format` value of the `meta` table: the file is an emulator's state.
pub(crate) const STATE_MARKER: &str = "cloudsso-emulator-state";
/// The schema version this build writes; older files are migrated, newer ones refused.
pub(crate) const SCHEMA_VERSION: u32 = 1;
/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The suffix of the database a JSON state file is imported into.
const IMPORTED_SUFFIX: &str = ".sqlite3";

/// The schema changes, in order: `MIGRATIONS[n]` takes a file from version `n` to `n + 1`
/// (version 0: a new, empty file). Row tables are created when first needed, not here.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the meta table.
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;",
];

/// Rows as read at open: account to table to `(key, body)`.
pub(crate) type Rows = HashMap<String, HashMap<String, Vec<(String, String)>>>;

/// An open state database.
pub(crate) struct Database {
    connection: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// What [`open`] found.
pub(crate) struct Opened {
    pub(crate) database: Database,
    pub(crate) rows: Rows,
    /// A JSON state file still to import (in the same transaction as its marker).
    pub(crate) legacy: Option<LegacyState>,
}

/// What a path holds, from its first bytes.
enum Kind {
    Missing,
    Empty,
    Sqlite,
    Json,
    Other(Vec<u8>),
}

fn sniff(path: &Path) -> Result<Kind, StateError> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Kind::Missing),
        Err(source) => {
            return Err(StateError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|source| StateError::Read {
            path: path.to_owned(),
            source,
        })?;
    Ok(if head.is_empty() {
        Kind::Empty
    } else if head == SQLITE_MAGIC {
        Kind::Sqlite
    } else if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        Kind::Json
    } else {
        Kind::Other(head)
    })
}

fn corrupt(path: &Path, reason: impl Into<String>) -> StateError {
    StateError::Corrupt {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

fn database_error(path: &Path) -> impl Fn(rusqlite::Error) -> StateError + '_ {
    move |e| StateError::Database {
        path: path.to_owned(),
        source: Box::new(e),
    }
}

/// The database a JSON state file at `path` is imported into: `path` + `.sqlite3`.
pub(crate) fn imported_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(IMPORTED_SUFFIX);
    PathBuf::from(name)
}

/// Opens (or creates) the state database for `path` with row tables `tables`, and reads
/// every row.
pub(crate) fn open(path: &Path, tables: &[&'static str]) -> Result<Opened, StateError> {
    let (path, json) = match sniff(path)? {
        Kind::Missing | Kind::Empty | Kind::Sqlite => (path.to_owned(), None),
        Kind::Json => {
            let target = imported_path(path);
            match sniff(&target)? {
                Kind::Missing | Kind::Empty | Kind::Sqlite => (target, Some(path.to_owned())),
                Kind::Json | Kind::Other(_) => {
                    return Err(corrupt(
                        &target,
                        format!(
                            "it is not a SQLite database, and it is where the JSON state file {} \
                             is imported",
                            path.display()
                        ),
                    ));
                }
            }
        }
        Kind::Other(head) => {
            return Err(corrupt(
                path,
                format!(
                    "it is neither a SQLite database (its first bytes are {:?}, not \
                     \"SQLite format 3\") nor a JSON state file",
                    String::from_utf8_lossy(&head)
                ),
            ));
        }
    };
    let exists = matches!(sniff(&path)?, Kind::Sqlite);
    if exists {
        check(&path)?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(&path, flags).map_err(database_error(&path))?;
    let mut database = Database { connection, path };
    database.prepare(tables)?;
    let imported: Option<String> = database
        .connection
        .query_row(
            "SELECT value FROM meta WHERE key = 'json_imported'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(database_error(&database.path))?;
    let legacy = match (json, imported) {
        (Some(json), None) => Some(legacy::read(&json)?),
        _ => None,
    };
    let rows = database.read_rows(tables)?;
    Ok(Opened {
        database,
        rows,
        legacy,
    })
}

/// Refuses, without changing it, a SQLite file that is not ours, is newer or is corrupt.
fn check(path: &Path) -> Result<(), StateError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags)
        .map_err(|e| corrupt(path, format!("SQLite cannot open it: {e}")))?;
    let meta: Option<String> = connection
        .query_row(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| corrupt(path, format!("SQLite cannot read it: {e}")))?;
    if meta.is_none() {
        return Err(corrupt(
            path,
            format!(
                "it is a SQLite database without the emulator's `meta` table (format \
                 `{STATE_MARKER}`): another program's database"
            ),
        ));
    }
    let value = |key: &str| -> Result<Option<String>, StateError> {
        connection
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| corrupt(path, format!("SQLite cannot read its meta table: {e}")))
    };
    let format = value("format")?;
    if format.as_deref() != Some(STATE_MARKER) {
        return Err(corrupt(
            path,
            format!(
                "its meta table's format is {}; expected `{STATE_MARKER}`",
                format.map_or_else(|| "missing".to_owned(), |f| format!("`{f}`"))
            ),
        ));
    }
    let version = value("schema_version")?;
    let version: u32 = version
        .as_deref()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            corrupt(
                path,
                format!(
                    "its schema_version is {}; expected a number",
                    version.as_deref().unwrap_or("missing")
                ),
            )
        })?;
    if version > SCHEMA_VERSION {
        return Err(StateError::Newer {
            path: path.to_owned(),
            version,
            supported: SCHEMA_VERSION,
        });
    }
    let verdict: String = connection
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| corrupt(path, format!("SQLite cannot check it: {e}")))?;
    if verdict != "ok" {
        return Err(corrupt(path, format!("SQLite finds it damaged: {verdict}")));
    }
    Ok(())
}

impl Database {
    /// The database file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Durability settings, migrations to [`SCHEMA_VERSION`], and a table per row kind.
    fn prepare(&mut self, tables: &[&'static str]) -> Result<(), StateError> {
        let path = self.path.clone();
        let error = database_error(&path);
        let connection = &mut self.connection;
        connection
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(&error)?;
        // WAL: a commit appends to the log and syncs it (FULL: on every commit), so a kill
        // at any moment leaves the last committed transaction readable.
        let mode: String = connection
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(&error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(path = %path.display(), %mode, "SQLite refused WAL mode");
        }
        connection
            .execute_batch("PRAGMA synchronous = FULL;")
            .map_err(&error)?;
        let transaction = connection.transaction().map_err(&error)?;
        let has_meta: bool = transaction
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(&error)?
            > 0;
        let from: u32 = if has_meta {
            transaction
                .query_row(
                    "SELECT value FROM meta WHERE key = 'schema_version'",
                    [],
                    |r| r.get::<_, String>(0),
                )
                .map_err(&error)?
                .parse()
                .unwrap_or(SCHEMA_VERSION)
        } else {
            0
        };
        for (version, migration) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            transaction.execute_batch(migration).map_err(&error)?;
            tracing::info!(path = %path.display(), to = version + 1, "state schema migrated");
        }
        transaction
            .execute(
                "INSERT INTO meta (key, value) VALUES ('format', ?1), ('schema_version', ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![STATE_MARKER, SCHEMA_VERSION.to_string()],
            )
            .map_err(&error)?;
        for table in tables {
            transaction
                .execute_batch(&format!(
                    "CREATE TABLE IF NOT EXISTS \"{table}\" (account TEXT NOT NULL, key TEXT NOT \
                     NULL, body TEXT NOT NULL, PRIMARY KEY (account, key)) WITHOUT ROWID;"
                ))
                .map_err(&error)?;
        }
        transaction.commit().map_err(&error)
    }

    fn read_rows(&self, tables: &[&'static str]) -> Result<Rows, StateError> {
        let error = database_error(&self.path);
        let mut rows: Rows = HashMap::new();
        for table in tables {
            let mut statement = self
                .connection
                .prepare(&format!("SELECT account, key, body FROM \"{table}\""))
                .map_err(&error)?;
            let mut cursor = statement.query([]).map_err(&error)?;
            while let Some(row) = cursor.next().map_err(&error)? {
                let account: String = row.get(0).map_err(&error)?;
                let key: String = row.get(1).map_err(&error)?;
                let body: String = row.get(2).map_err(&error)?;
                rows.entry(account)
                    .or_default()
                    .entry((*table).to_owned())
                    .or_default()
                    .push((key, body));
            }
        }
        Ok(rows)
    }

    /// Writes the changes of each account, and `meta` entries, in one transaction.
    pub(crate) fn apply(
        &mut self,
        changes: &[(&str, Vec<Change>)],
        meta: &[(&str, &str)],
    ) -> Result<(), StateError> {
        let path = self.path.clone();
        let error = database_error(&path);
        let transaction = self.connection.transaction().map_err(&error)?;
        for (account, changes) in changes {
            for change in changes {
                match &change.body {
                    Some(body) => {
                        let mut statement = transaction
                            .prepare_cached(&format!(
                                "INSERT INTO \"{}\" (account, key, body) VALUES (?1, ?2, ?3) \
                                 ON CONFLICT (account, key) DO UPDATE SET body = excluded.body",
                                change.table
                            ))
                            .map_err(&error)?;
                        statement
                            .execute(params![account, change.key, body])
                            .map_err(&error)?;
                    }
                    None => {
                        let mut statement = transaction
                            .prepare_cached(&format!(
                                "DELETE FROM \"{}\" WHERE account = ?1 AND key = ?2",
                                change.table
                            ))
                            .map_err(&error)?;
                        statement
                            .execute(params![account, change.key])
                            .map_err(&error)?;
                    }
                }
            }
        }
        for (key, value) in meta {
            transaction
                .execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )
                .map_err(&error)?;
        }
        transaction.commit().map_err(&error)
    }
}
