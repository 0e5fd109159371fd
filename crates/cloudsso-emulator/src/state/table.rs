//! One table of rows of one resource kind, journaled so that a request that fails part-way
//! is rolled back and the database is sent only the rows that changed.

use std::collections::BTreeMap;
use std::ops::Bound;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A row: what one table holds per key. Serialized as JSON into the database (wire-like
/// PascalCase field names are welcome: it is what a person sees in the `sqlite3` shell).
pub(crate) trait Row: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The SQLite table the rows are kept in: lower-case letters, digits and `_`, unique
    /// among every family's rows.
    const TABLE: &'static str;

    /// Where a row serialized to JSON holds secrets (password hashes, MFA seeds, credential
    /// hashes), as JSON pointers (RFC 6901). The admin dump shows [`REDACTED`] there unless
    /// secrets are asked for; a seed row that carries [`REDACTED`] there is loaded without
    /// the secret (the field's default: a secret nothing matches). The database keeps rows
    /// as they are.
    const SECRETS: &'static [&'static str] = &[];

    /// Hides what the admin dump must not show in a row serialized to JSON: by default each
    /// of [`SECRETS`](Self::SECRETS) present becomes [`REDACTED`].
    fn redact(row: &mut serde_json::Value) {
        for pointer in Self::SECRETS {
            if let Some(secret) = row.pointer_mut(pointer) {
                *secret = serde_json::Value::String(REDACTED.to_owned());
            }
        }
    }
}

/// What the admin dump shows instead of a secret.
pub(crate) const REDACTED: &str = "** redacted **";

/// Removes from a seed row each of `secrets` that holds [`REDACTED`], so that the row loads
/// with the field's default instead of the marker.
fn drop_redacted(row: &mut serde_json::Value, secrets: &[&str]) {
    for pointer in secrets {
        let Some((parent, field)) = pointer.rsplit_once('/') else {
            continue;
        };
        let parent = if parent.is_empty() {
            Some(&mut *row)
        } else {
            row.pointer_mut(parent)
        };
        if let Some(serde_json::Value::Object(fields)) = parent
            && fields.get(field).and_then(serde_json::Value::as_str) == Some(REDACTED)
        {
            fields.remove(field);
        }
    }
}

/// One table of rows of one resource kind, keyed by a string key chosen so that a
/// directory's rows are a prefix range (`d-xxx/u-yyy`), iterated in key order.
///
/// Every change is journaled (the first-touch old value of each key), so a request that
/// fails part-way is rolled back, and the persistence layer writes only the changed rows.
#[derive(Clone)]
pub(crate) struct Table<V> {
    rows: BTreeMap<String, V>,
    /// Since the last commit: each touched key's value before the first touch.
    journal: BTreeMap<String, Option<V>>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Self {
            rows: BTreeMap::new(),
            journal: BTreeMap::new(),
        }
    }
}

impl<V: Row> std::fmt::Debug for Table<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("name", &V::TABLE)
            .field("rows", &self.rows.len())
            .field("changed", &self.journal.len())
            .finish()
    }
}

impl<V: Row> Table<V> {
    /// The row at `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.rows.get(key)
    }

    /// The row at `key`, to change in place (journaled).
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let row = self.rows.get_mut(key)?;
        if !self.journal.contains_key(key) {
            self.journal.insert(key.to_owned(), Some(row.clone()));
        }
        Some(row)
    }

    /// Puts `value` at `key` (journaled); the row it replaced, if any.
    pub(crate) fn insert(&mut self, key: String, value: V) -> Option<V> {
        let old = self.rows.insert(key.clone(), value);
        self.journal.entry(key).or_insert_with(|| old.clone());
        old
    }

    /// Removes the row at `key` (journaled).
    pub(crate) fn remove(&mut self, key: &str) -> Option<V> {
        let old = self.rows.remove(key)?;
        if !self.journal.contains_key(key) {
            self.journal.insert(key.to_owned(), Some(old.clone()));
        }
        Some(old)
    }

    /// Removes every row whose key starts with `prefix` (journaled); how many.
    pub(crate) fn remove_prefix(&mut self, prefix: &str) -> usize {
        let keys: Vec<String> = self.prefix(prefix).map(|(k, _)| k.to_owned()).collect();
        for key in &keys {
            self.remove(key);
        }
        keys.len()
    }

    /// Whether a row is at `key`.
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.rows.contains_key(key)
    }

    /// How many rows the table holds.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Every row, in key order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &V)> {
        self.rows.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The rows whose key starts with `prefix`, in key order.
    pub(crate) fn prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a V)> + 'a {
        self.rows
            .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.as_str(), v))
    }
}

/// A change to persist: the table, the key, and the row's JSON (`None`: deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) table: &'static str,
    pub(crate) key: String,
    pub(crate) body: Option<String>,
}

/// A table seen without its row type, for the persistence layer and the admin interface.
pub(crate) trait AnyTable {
    /// The SQLite table name ([`Row::TABLE`]).
    fn name(&self) -> &'static str;
    /// How many rows the table holds.
    fn row_count(&self) -> usize;
    /// Whether anything changed since the last commit or rollback.
    fn is_changed(&self) -> bool;
    /// The rows changed since the last commit, serialized; the journal is kept (see
    /// [`commit`](Self::commit) and [`rollback`](Self::rollback)).
    fn changes(&self, out: &mut Vec<Change>) -> Result<(), serde_json::Error>;
    /// Forgets the journal: the changes are persisted.
    fn commit(&mut self);
    /// Puts every changed row back as it was at the last commit.
    fn rollback(&mut self);
    /// Loads a row read from the database (not journaled).
    fn load(&mut self, key: String, body: &str) -> Result<(), serde_json::Error>;
    /// Puts a row given as JSON (journaled).
    fn put_json(&mut self, key: String, body: serde_json::Value) -> Result<(), serde_json::Error>;
    /// Removes every row (journaled).
    fn clear(&mut self);
    /// Every row as JSON, by key; secrets redacted ([`Row::redact`]) unless
    /// `include_secrets`.
    fn dump(
        &self,
        include_secrets: bool,
    ) -> Result<serde_json::Map<String, serde_json::Value>, serde_json::Error>;
}

impl<V: Row> AnyTable for Table<V> {
    fn name(&self) -> &'static str {
        V::TABLE
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn is_changed(&self) -> bool {
        !self.journal.is_empty()
    }

    fn changes(&self, out: &mut Vec<Change>) -> Result<(), serde_json::Error> {
        for key in self.journal.keys() {
            let body = match self.rows.get(key) {
                Some(row) => Some(serde_json::to_string(row)?),
                None => None,
            };
            out.push(Change {
                table: V::TABLE,
                key: key.clone(),
                body,
            });
        }
        Ok(())
    }

    fn commit(&mut self) {
        self.journal.clear();
    }

    fn rollback(&mut self) {
        for (key, old) in std::mem::take(&mut self.journal) {
            match old {
                Some(old) => {
                    self.rows.insert(key, old);
                }
                None => {
                    self.rows.remove(&key);
                }
            }
        }
    }

    fn load(&mut self, key: String, body: &str) -> Result<(), serde_json::Error> {
        let row: V = serde_json::from_str(body)?;
        self.rows.insert(key, row);
        Ok(())
    }

    fn put_json(
        &mut self,
        key: String,
        mut body: serde_json::Value,
    ) -> Result<(), serde_json::Error> {
        drop_redacted(&mut body, V::SECRETS);
        let row: V = serde_json::from_value(body)?;
        self.insert(key, row);
        Ok(())
    }

    fn clear(&mut self) {
        let keys: Vec<String> = self.rows.keys().cloned().collect();
        for key in keys {
            self.remove(&key);
        }
    }

    fn dump(
        &self,
        include_secrets: bool,
    ) -> Result<serde_json::Map<String, serde_json::Value>, serde_json::Error> {
        let mut map = serde_json::Map::new();
        for (key, row) in &self.rows {
            let mut value = serde_json::to_value(row)?;
            if !include_secrets {
                V::redact(&mut value);
            }
            map.insert(key.clone(), value);
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct Thing {
        #[serde(rename = "Name")]
        name: String,
    }

    impl Row for Thing {
        const TABLE: &'static str = "things";
    }

    fn thing(name: &str) -> Thing {
        Thing {
            name: name.to_owned(),
        }
    }

    fn keys(table: &Table<Thing>) -> Vec<&str> {
        table.iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn rollback_restores_every_touched_row() {
        let mut table = Table::default();
        table.insert("d-1/a".to_owned(), thing("a"));
        table.insert("d-1/b".to_owned(), thing("b"));
        table.commit();
        table.insert("d-1/c".to_owned(), thing("c"));
        table.get_mut("d-1/a").unwrap().name = "changed".to_owned();
        table.get_mut("d-1/a").unwrap().name = "twice".to_owned();
        table.remove("d-1/b");
        table.insert("d-1/b".to_owned(), thing("new b"));
        assert!(table.is_changed());
        table.rollback();
        assert!(!table.is_changed());
        assert_eq!(keys(&table), ["d-1/a", "d-1/b"]);
        assert_eq!(table.get("d-1/a"), Some(&thing("a")));
        assert_eq!(table.get("d-1/b"), Some(&thing("b")));
    }

    #[test]
    fn changes_name_only_touched_rows_with_their_current_value() {
        let mut table = Table::default();
        for i in 0..100 {
            table.insert(format!("d-1/{i:03}"), thing("x"));
        }
        table.commit();
        table.get_mut("d-1/007").unwrap().name = "seven".to_owned();
        table.remove("d-1/008");
        table.insert("d-1/100".to_owned(), thing("new"));
        let mut changes = Vec::new();
        table.changes(&mut changes).unwrap();
        assert_eq!(
            changes,
            [
                Change {
                    table: "things",
                    key: "d-1/007".to_owned(),
                    body: Some(r#"{"Name":"seven"}"#.to_owned())
                },
                Change {
                    table: "things",
                    key: "d-1/008".to_owned(),
                    body: None
                },
                Change {
                    table: "things",
                    key: "d-1/100".to_owned(),
                    body: Some(r#"{"Name":"new"}"#.to_owned())
                },
            ]
        );
        table.commit();
        changes.clear();
        table.changes(&mut changes).unwrap();
        assert!(changes.is_empty());
    }

    #[test]
    fn prefix_stays_within_the_prefix_in_key_order() {
        let mut table = Table::default();
        for key in [
            "d-1/u-a", "d-1/u-b", "d-1/u-c", "d-10/u-a", "d-2/u-a", "d-1",
        ] {
            table.insert(key.to_owned(), thing(key));
        }
        let prefix: Vec<&str> = table.prefix("d-1/").map(|(k, _)| k).collect();
        assert_eq!(prefix, ["d-1/u-a", "d-1/u-b", "d-1/u-c"]);
        assert_eq!(table.remove_prefix("d-1/"), 3);
        assert_eq!(keys(&table), ["d-1", "d-10/u-a", "d-2/u-a"]);
    }
}
