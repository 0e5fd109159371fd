//! The emulator's state, the MFA setting of each directory, and its persistence.
//!
//! With a state file, every change is written before it is acknowledged: the whole state is
//! serialized to a temporary file beside the target, the file is synced, renamed over the
//! target, and the directory synced. A rename is atomic, so a reader (or a restart after a
//! `kill -9` at any moment) sees either the old state or the new one, never a torn file.
//! Changes are serialized by one lock held across the write, so the file's order of changes
//! is the order of acknowledgements and no update is lost.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use cloudsso_model::{MfaAuthenticationAdvanceSettings, OperationForRiskLogin};
use serde::{Deserialize, Serialize};

use crate::error::StateError;

/// The `format` field every state file carries.
pub const STATE_FORMAT: &str = "cloudsso-emulator-state";
/// The version of the state file layout this crate reads and writes.
pub const STATE_VERSION: u32 = 1;

/// The MFA setting of one directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DirectoryState {
    /// What `GetMFAAuthenticationSettingInfo` reports as `MfaAuthenticationAdvanceSettings`;
    /// `SetMFAAuthenticationStatus` sets it to `Enabled` or `Disabled`.
    #[serde(rename = "MfaAuthenticationAdvanceSettings")]
    pub mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings,
    /// The policy for unusual logons, reported only while the setting is `Byuser` or
    /// `OnlyRiskyLogin`.
    #[serde(rename = "OperationForRiskLogin")]
    pub operation_for_risk_login: OperationForRiskLogin,
}

impl Default for DirectoryState {
    /// The documented sample: `OnlyRiskyLogin` with `EnforceVerify`.
    fn default() -> Self {
        Self {
            mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings::OnlyRiskyLogin,
            operation_for_risk_login: OperationForRiskLogin::EnforceVerify,
        }
    }
}

impl DirectoryState {
    /// Whether `OperationForRiskLogin` is reported with the setting.
    pub fn reports_risk_login(&self) -> bool {
        matches!(
            self.mfa_authentication_advance_settings,
            MfaAuthenticationAdvanceSettings::ByUser
                | MfaAuthenticationAdvanceSettings::OnlyRiskyLogin
        )
    }
}

/// The state file's layout.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    format: String,
    version: u32,
    directories: BTreeMap<String, DirectoryState>,
}

/// The directories, in memory and, with a path, on disk.
#[derive(Debug)]
pub(crate) struct Store {
    path: Option<PathBuf>,
    directories: Mutex<BTreeMap<String, DirectoryState>>,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// A store of `directories` (each with the default setting), loaded from and kept in
    /// `path` when given. Directories in the file keep their setting; configured ones the
    /// file lacks are added. A file that exists but cannot be read is refused.
    pub(crate) fn open(directories: &[String], path: Option<PathBuf>) -> Result<Self, StateError> {
        let mut map = match &path {
            Some(path) => load(path)?.unwrap_or_default(),
            None => BTreeMap::new(),
        };
        let mut added = false;
        for id in directories {
            if !map.contains_key(id) {
                map.insert(id.clone(), DirectoryState::default());
                added = true;
            }
        }
        if let Some(path) = &path
            && (added || !path.exists())
        {
            save(path, &map)?;
        }
        Ok(Self {
            path,
            directories: Mutex::new(map),
        })
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, DirectoryState>> {
        match self.directories.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The setting of directory `id`, if it exists.
    pub(crate) fn get(&self, id: &str) -> Option<DirectoryState> {
        self.lock().get(id).cloned()
    }

    /// Every directory and its setting.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, DirectoryState> {
        self.lock().clone()
    }

    /// Changes directory `id` with `change` and, with a state file, writes the new state
    /// before returning. `Ok(false)` when the directory does not exist. On a write error the
    /// change is not applied in memory either.
    pub(crate) fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut DirectoryState),
    ) -> Result<bool, StateError> {
        let mut directories = self.lock();
        let Some(current) = directories.get(id) else {
            return Ok(false);
        };
        let mut next = current.clone();
        change(&mut next);
        if next == *current {
            return Ok(true);
        }
        if let Some(path) = &self.path {
            let mut copy = directories.clone();
            copy.insert(id.to_owned(), next.clone());
            save(path, &copy)?;
        }
        directories.insert(id.to_owned(), next);
        Ok(true)
    }
}

/// Reads the state file; `None` when it does not exist.
pub(crate) fn load(path: &Path) -> Result<Option<BTreeMap<String, DirectoryState>>, StateError> {
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
    let file: StateFile = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
    if file.format != STATE_FORMAT {
        return Err(corrupt(format!(
            "format is `{}`; expected `{STATE_FORMAT}`",
            file.format
        )));
    }
    if file.version != STATE_VERSION {
        return Err(corrupt(format!(
            "version is {}; expected {STATE_VERSION}",
            file.version
        )));
    }
    if let Some(empty) = file.directories.keys().find(|id| id.is_empty()) {
        return Err(corrupt(format!(
            "directory ID `{empty}` is empty; expected a non-empty ID"
        )));
    }
    Ok(Some(file.directories))
}

/// Writes the state atomically: temporary file, fsync, rename, fsync of the directory.
pub(crate) fn save(
    path: &Path,
    directories: &BTreeMap<String, DirectoryState>,
) -> Result<(), StateError> {
    let write_error = |source: io::Error| StateError::Write {
        path: path.to_owned(),
        source,
    };
    let file = StateFile {
        format: STATE_FORMAT.to_owned(),
        version: STATE_VERSION,
        directories: directories.clone(),
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

    #[test]
    fn round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let store = Store::open(&["d-1".to_owned()], Some(path.clone())).unwrap();
        assert!(
            store
                .update("d-1", |s| {
                    s.mfa_authentication_advance_settings =
                        MfaAuthenticationAdvanceSettings::Enabled;
                })
                .unwrap()
        );
        assert!(!store.update("d-unknown", |_| {}).unwrap());
        let reopened = Store::open(&[], Some(path.clone())).unwrap();
        assert_eq!(
            reopened
                .get("d-1")
                .unwrap()
                .mfa_authentication_advance_settings,
            MfaAuthenticationAdvanceSettings::Enabled
        );
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
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
        ] {
            fs::write(&path, content).unwrap();
            let error = Store::open(&["d-1".to_owned()], Some(path.clone())).unwrap_err();
            assert!(matches!(error, StateError::Corrupt { .. }), "{content}");
            assert!(error.to_string().contains("state.json"), "{error}");
            assert_eq!(fs::read_to_string(&path).unwrap(), content);
        }
    }
}
