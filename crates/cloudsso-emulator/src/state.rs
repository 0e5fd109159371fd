//! The emulator's state, the MFA setting of each directory, and its persistence.
//!
//! With a state file, every change is written before it is acknowledged: the whole state is
//! serialized to a temporary file beside the target, the file is synced, renamed over the
//! target, and the directory synced. A rename is atomic, so a reader (or a restart after a
//! `kill -9` at any moment) sees either the old state or the new one, never a torn file.
//! Changes are serialized by one lock held across the write, so the file's order of changes
//! is the order of acknowledgements and no update is lost.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use cloudsso_model::{
    MfaAuthenticationAdvanceSettings, OperationForRiskLogin, UserMfaAuthenticationSettings,
};
use serde::{Deserialize, Serialize};

use crate::error::StateError;

/// The `format` field every state file carries.
pub const STATE_FORMAT: &str = "cloudsso-emulator-state";
/// The version of the state file layout this crate writes. Version 1 files (the MFA setting
/// of each directory only) are still read, and rewritten as this version at start.
pub const STATE_VERSION: u32 = 2;

/// One directory: its attributes (what `GetDirectory` reports), its MFA setting and the MFA
/// setting of each user the emulator has been told about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DirectoryState {
    /// The directory's name (`DirectoryName`): given to `CreateDirectory`, or made from the
    /// ID for a configured directory or a `CreateDirectory` without a name.
    #[serde(rename = "DirectoryName", default)]
    pub directory_name: String,
    /// The region the directory lives in (`Region`).
    #[serde(rename = "Region", default)]
    pub region: String,
    /// When the directory was created (`CreateTime`), `YYYY-MM-DDTHH:MM:SSZ` in UTC.
    #[serde(rename = "CreateTime", default)]
    pub create_time: String,
    /// When the directory's attributes last changed (`UpdateTime`), same format. No
    /// operation the emulator serves renames a directory, so it is the creation time.
    #[serde(rename = "UpdateTime", default)]
    pub update_time: String,
    /// What `GetMFAAuthenticationSettingInfo` reports as `MfaAuthenticationAdvanceSettings`;
    /// `SetMFAAuthenticationStatus` sets it to `Enabled` or `Disabled`,
    /// `UpdateMFAAuthenticationSettings` to any of the four values.
    #[serde(rename = "MfaAuthenticationAdvanceSettings")]
    pub mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings,
    /// The policy for unusual logons, reported only while the setting is `Byuser` or
    /// `OnlyRiskyLogin`.
    #[serde(rename = "OperationForRiskLogin")]
    pub operation_for_risk_login: OperationForRiskLogin,
    /// The MFA methods users may use, once `UpdateMFAAuthenticationSettings` set them;
    /// `None` (not reported) until then.
    #[serde(
        rename = "AllowedVerificationTypes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_verification_types: Option<Vec<String>>,
    /// Each user's own MFA setting (`UserMFAAuthenticationSettings`), by user ID, as
    /// `UpdateUserMFAAuthenticationSettings` set it.
    #[serde(rename = "Users", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub users: BTreeMap<String, UserMfaAuthenticationSettings>,
}

impl Default for DirectoryState {
    /// The documented sample MFA setting (`OnlyRiskyLogin` with `EnforceVerify`), no users,
    /// and empty attributes (the emulator fills them when it creates a directory).
    fn default() -> Self {
        Self {
            directory_name: String::new(),
            region: String::new(),
            create_time: String::new(),
            update_time: String::new(),
            mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings::OnlyRiskyLogin,
            operation_for_risk_login: OperationForRiskLogin::EnforceVerify,
            allowed_verification_types: None,
            users: BTreeMap::new(),
        }
    }
}

impl DirectoryState {
    /// A new directory named `name` in `region`, created at `now`, with the default MFA
    /// setting.
    pub(crate) fn new(name: String, region: &str, now: SystemTime) -> Self {
        let time = timestamp(now);
        Self {
            directory_name: name,
            region: region.to_owned(),
            create_time: time.clone(),
            update_time: time,
            ..Self::default()
        }
    }

    /// Whether `OperationForRiskLogin` is reported with the setting.
    pub fn reports_risk_login(&self) -> bool {
        matches!(
            self.mfa_authentication_advance_settings,
            MfaAuthenticationAdvanceSettings::ByUser
                | MfaAuthenticationAdvanceSettings::OnlyRiskyLogin
        )
    }
}

/// `now` as the service writes times: `YYYY-MM-DDTHH:MM:SSZ` in UTC (the epoch for a clock
/// outside 1970..=9999).
pub(crate) fn timestamp(now: SystemTime) -> String {
    acs_signer::SigningTime::from_system_time(now).map_or_else(
        |_| "1970-01-01T00:00:00Z".to_owned(),
        |time| time.to_string(),
    )
}

/// Whether `name` follows the documented rules of `DirectoryName`: 2 to 64 characters,
/// lower-case letters, digits and hyphens, no hyphen first or last, no two hyphens in a
/// row, not starting with `d-`.
pub(crate) fn is_valid_directory_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && !name.starts_with("d-")
}

/// A valid name made from directory ID `id` (`d-00fc2p61****` -> `00fc2p61`), unique among
/// `taken`.
pub(crate) fn name_for(id: &str, taken: &BTreeMap<String, DirectoryState>) -> String {
    let rest = id.strip_prefix("d-").unwrap_or(id).to_ascii_lowercase();
    let mut base = String::new();
    for c in rest.chars() {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && (base.is_empty() || base.ends_with('-'))) {
            base.push(c);
        }
        if base.len() >= 48 {
            break;
        }
    }
    let mut base = base.trim_end_matches('-').to_owned();
    if !is_valid_directory_name(&base) {
        base = format!("directory-{base}").trim_end_matches('-').to_owned();
    }
    let in_use = |name: &str| taken.values().any(|d| d.directory_name == name);
    if !in_use(&base) {
        return base;
    }
    (2_u32..)
        .map(|n| format!("{base}-{n}"))
        .find(|name| !in_use(name))
        .unwrap_or(base)
}

/// Everything the emulator keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Data {
    /// The directories, by ID.
    pub(crate) directories: BTreeMap<String, DirectoryState>,
    /// Configured directories that `DeleteDirectory` deleted: not created again at start.
    pub(crate) deleted: BTreeSet<String>,
}

/// The state file's layout (version 2), as read; [`StateFileRef`] writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    // Both checked through `Header` before the file is read as a whole.
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    version: u32,
    directories: BTreeMap<String, DirectoryState>,
    #[serde(default)]
    deleted: BTreeSet<String>,
}

/// [`StateFile`] borrowed from [`Data`], for writing: the same fields, the same JSON.
#[derive(Serialize)]
struct StateFileRef<'a> {
    format: &'a str,
    version: u32,
    directories: &'a BTreeMap<String, DirectoryState>,
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    deleted: &'a BTreeSet<String>,
}

/// A version 1 state file: the MFA setting of each directory.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFileV1 {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    version: u32,
    directories: BTreeMap<String, DirectoryStateV1>,
}

/// A directory of a version 1 state file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryStateV1 {
    #[serde(rename = "MfaAuthenticationAdvanceSettings")]
    mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings,
    #[serde(rename = "OperationForRiskLogin")]
    operation_for_risk_login: OperationForRiskLogin,
}

/// The first fields of any state file.
#[derive(Debug, Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// What the store is seeded with at start.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seed<'a> {
    /// The configured directories.
    pub(crate) directories: &'a [String],
    /// The directory served when none is configured and the state names none.
    pub(crate) fallback: &'a str,
    /// The region of new directories.
    pub(crate) region: &'a str,
    /// The creation time of new directories (and of those migrated from version 1).
    pub(crate) now: SystemTime,
}

/// The directories, in memory and, with a path, on disk.
#[derive(Debug)]
pub(crate) struct Store {
    path: Option<PathBuf>,
    /// The directories configured at this start (deleting one is remembered).
    configured: BTreeSet<String>,
    data: Mutex<Data>,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// A store of the configured directories (each new one with the default setting),
    /// loaded from and kept in `path` when given. Directories in the file keep their state;
    /// configured ones the file lacks are added, unless `DeleteDirectory` deleted them. With
    /// no directory configured and none in the file, `seed.fallback` is served. A file that
    /// exists but cannot be read is refused; a version 1 file is rewritten as version 2.
    pub(crate) fn open(seed: Seed<'_>, path: Option<PathBuf>) -> Result<Self, StateError> {
        let (mut data, migrated, existed) = match &path {
            Some(path) => match load(path, seed)? {
                Some((data, migrated)) => (data, migrated, true),
                None => (Data::default(), false, false),
            },
            None => (Data::default(), false, false),
        };
        let mut wanted: Vec<String> = seed.directories.to_vec();
        if wanted.is_empty() && data.directories.is_empty() && data.deleted.is_empty() {
            wanted.push(seed.fallback.to_owned());
        }
        let mut added = false;
        for id in &wanted {
            if data.directories.contains_key(id) {
                continue;
            }
            if data.deleted.contains(id) {
                tracing::warn!(
                    directory = %id,
                    "configured directory was deleted by DeleteDirectory (state file); not                      created again"
                );
                continue;
            }
            let name = name_for(id, &data.directories);
            data.directories
                .insert(id.clone(), DirectoryState::new(name, seed.region, seed.now));
            added = true;
        }
        if let Some(path) = &path
            && (added || migrated || !existed)
        {
            save(path, &data)?;
        }
        Ok(Self {
            path,
            configured: wanted.into_iter().collect(),
            data: Mutex::new(data),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Data> {
        match self.data.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The state of directory `id`, if it exists.
    pub(crate) fn get(&self, id: &str) -> Option<DirectoryState> {
        self.lock().directories.get(id).cloned()
    }

    /// Every directory and its state.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, DirectoryState> {
        self.lock().directories.clone()
    }

    /// Whether directory `id` was configured at this start.
    pub(crate) fn is_configured(&self, id: &str) -> bool {
        self.configured.contains(id)
    }

    /// Reads the state under the lock.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Data) -> T) -> T {
        f(&self.lock())
    }

    /// Changes the state with `change` and, with a state file, writes the new state before
    /// returning, if it changed. On a write error the change is not applied in memory
    /// either. `change` sees a copy, so one that fails halfway should return an error and
    /// leave its copy as it was, or its partial change is kept.
    pub(crate) fn write<T>(&self, change: impl FnOnce(&mut Data) -> T) -> Result<T, StateError> {
        let mut data = self.lock();
        let Some(path) = &self.path else {
            return Ok(change(&mut data));
        };
        let mut next = data.clone();
        let out = change(&mut next);
        if next != *data {
            save(path, &next)?;
            *data = next;
        }
        Ok(out)
    }

    /// Changes directory `id` with `change` (see [`write`](Self::write)). `Ok(false)` when
    /// the directory does not exist.
    pub(crate) fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut DirectoryState),
    ) -> Result<bool, StateError> {
        self.write(|data| match data.directories.get_mut(id) {
            Some(state) => {
                change(state);
                true
            }
            None => false,
        })
    }
}

/// Reads the state file: `None` when it does not exist, and whether it was migrated from an
/// earlier version.
fn load(path: &Path, seed: Seed<'_>) -> Result<Option<(Data, bool)>, StateError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StateError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let corrupt = |reason: String| StateError::Corrupt {
        path: path.to_owned(),
        reason,
    };
    let header: Header = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
    if header.format != STATE_FORMAT {
        return Err(corrupt(format!(
            "format is `{}`; expected `{STATE_FORMAT}`",
            header.format
        )));
    }
    let (data, migrated) = match header.version {
        1 => {
            let file: StateFileV1 =
                serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
            let mut directories = BTreeMap::new();
            for (id, old) in file.directories {
                let name = name_for(&id, &directories);
                let mut state = DirectoryState::new(name, seed.region, seed.now);
                state.mfa_authentication_advance_settings = old.mfa_authentication_advance_settings;
                state.operation_for_risk_login = old.operation_for_risk_login;
                directories.insert(id, state);
            }
            (
                Data {
                    directories,
                    deleted: BTreeSet::new(),
                },
                true,
            )
        }
        STATE_VERSION => {
            let file: StateFile =
                serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
            (
                Data {
                    directories: file.directories,
                    deleted: file.deleted,
                },
                false,
            )
        }
        other => {
            return Err(corrupt(format!(
                "version is {other}; expected 1 or {STATE_VERSION}"
            )));
        }
    };
    if let Some(empty) = data.directories.keys().find(|id| id.is_empty()) {
        return Err(corrupt(format!(
            "directory ID `{empty}` is empty; expected a non-empty ID"
        )));
    }
    if migrated {
        tracing::info!(path = %path.display(), from = header.version, to = STATE_VERSION, "state file migrated");
    }
    Ok(Some((data, migrated)))
}

/// Writes the state atomically: temporary file, fsync, rename, fsync of the directory.
pub(crate) fn save(path: &Path, data: &Data) -> Result<(), StateError> {
    let write_error = |source: io::Error| StateError::Write {
        path: path.to_owned(),
        source,
    };
    let file = StateFileRef {
        format: STATE_FORMAT,
        version: STATE_VERSION,
        directories: &data.directories,
        deleted: &data.deleted,
    };
    let mut bytes = serde_json::to_vec_pretty(&file)
        .map_err(|e| write_error(io::Error::new(io::ErrorKind::InvalidData, e)))?;
    bytes.push(b'\n');

    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".to_owned());
    let tmp = parent.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        TMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut out = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        out.write_all(&bytes)?;
        out.sync_all()?;
        drop(out);
        fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        File::open(&parent)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(directories: &[String]) -> Seed<'_> {
        Seed {
            directories,
            fallback: "d-fallback",
            region: "cn-shanghai",
            now: std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
        }
    }

    #[test]
    fn round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let store = Store::open(seed(&["d-1".to_owned()]), Some(path.clone())).unwrap();
        assert!(
            store
                .update("d-1", |s| {
                    s.mfa_authentication_advance_settings =
                        MfaAuthenticationAdvanceSettings::Enabled;
                    s.users
                        .insert("u-1".to_owned(), UserMfaAuthenticationSettings::Disabled);
                })
                .unwrap()
        );
        assert!(!store.update("d-unknown", |_| {}).unwrap());
        let reopened = Store::open(seed(&[]), Some(path.clone())).unwrap();
        let d1 = reopened.get("d-1").unwrap();
        assert_eq!(
            d1.mfa_authentication_advance_settings,
            MfaAuthenticationAdvanceSettings::Enabled
        );
        assert_eq!(d1.users["u-1"], UserMfaAuthenticationSettings::Disabled);
        assert_eq!(d1.create_time, "2023-11-14T22:13:20Z");
        assert_eq!(d1.directory_name, "directory-1");
        // The state names a directory: the fallback is not added.
        assert!(reopened.get("d-fallback").is_none());
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_deleted_configured_directory_stays_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let configured = ["d-1".to_owned(), "d-2".to_owned()];
        let store = Store::open(seed(&configured), Some(path.clone())).unwrap();
        assert!(store.is_configured("d-1"));
        store
            .write(|data| {
                data.directories.remove("d-1");
                data.deleted.insert("d-1".to_owned());
            })
            .unwrap();
        let reopened = Store::open(seed(&configured), Some(path.clone())).unwrap();
        assert!(reopened.get("d-1").is_none());
        assert!(reopened.get("d-2").is_some());
        // Everything deleted: nothing comes back, not even the fallback.
        reopened
            .write(|data| {
                data.directories.clear();
                data.deleted.insert("d-2".to_owned());
            })
            .unwrap();
        let empty = Store::open(seed(&[]), Some(path)).unwrap();
        assert!(empty.snapshot().is_empty());
    }

    #[test]
    fn a_version_1_file_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let v1 = r#"{
  "format": "cloudsso-emulator-state",
  "version": 1,
  "directories": {
    "d-00fc2p61****": {
      "MfaAuthenticationAdvanceSettings": "Byuser",
      "OperationForRiskLogin": "Autonomous"
    }
  }
}
"#;
        fs::write(&path, v1).unwrap();
        let store = Store::open(seed(&[]), Some(path.clone())).unwrap();
        let state = store.get("d-00fc2p61****").unwrap();
        assert_eq!(
            state.mfa_authentication_advance_settings,
            MfaAuthenticationAdvanceSettings::ByUser
        );
        assert_eq!(
            state.operation_for_risk_login,
            OperationForRiskLogin::Autonomous
        );
        assert_eq!(state.directory_name, "00fc2p61");
        assert_eq!(state.region, "cn-shanghai");
        assert_eq!(store.snapshot().len(), 1);
        let on_disk: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        assert_eq!(on_disk["version"], STATE_VERSION);
        assert_eq!(
            on_disk["directories"]["d-00fc2p61****"]["MfaAuthenticationAdvanceSettings"],
            "Byuser"
        );
    }

    #[test]
    fn names_follow_the_documented_rules() {
        let none = BTreeMap::new();
        for (id, name) in [
            ("d-00fc2p61****", "00fc2p61"),
            ("d-abc", "abc"),
            ("u-00q8wbq42wiltcrk****", "u-00q8wbq42wiltcrk"),
            ("d-d-x", "directory-d-x"),
            ("*", "directory"),
            ("d-A__B", "a-b"),
        ] {
            let made = name_for(id, &none);
            assert_eq!(made, name, "{id}");
            assert!(is_valid_directory_name(&made), "{made}");
        }
        let mut taken = BTreeMap::new();
        let state = DirectoryState {
            directory_name: "abc".to_owned(),
            ..DirectoryState::default()
        };
        taken.insert("d-abc".to_owned(), state);
        assert_eq!(name_for("d-abc", &taken), "abc-2");
        for bad in [
            "a",
            "-ab",
            "ab-",
            "a--b",
            "d-ab",
            "Ab",
            "a_b",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_directory_name(bad), "{bad}");
        }
        assert!(is_valid_directory_name(&"a".repeat(64)));
    }

    #[test]
    fn refuses_a_corrupt_file_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        for content in [
            "",
            "{not json",
            r#"{"format":"other","version":1,"directories":{}}"#,
            r#"{"format":"cloudsso-emulator-state","version":9,"directories":{}}"#,
            r#"{"format":"cloudsso-emulator-state","version":1,"directories":{"d":{"Bogus":1}}}"#,
            r#"{"format":"cloudsso-emulator-state","version":2,"directories":{"d":{"Bogus":1}}}"#,
            r#"{"format":"cloudsso-emulator-state","version":1,"directories":{"d":{"MfaAuthenticationAdvanceSettings":"Enabled","OperationForRiskLogin":"Autonomous","Users":{}}}}"#,
        ] {
            fs::write(&path, content).unwrap();
            let error = Store::open(seed(&["d-1".to_owned()]), Some(path.clone())).unwrap_err();
            assert!(matches!(error, StateError::Corrupt { .. }), "{content}");
            assert!(error.to_string().contains("state.json"), "{error}");
            assert_eq!(fs::read_to_string(&path).unwrap(), content);
        }
    }
}
