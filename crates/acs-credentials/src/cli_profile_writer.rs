//! Saving a CloudSSO sign-in in the aliyun CLI's `config.json` as the CLI does: the profile
//! in mode `CloudSSO` with the CLI's keys, every other profile and every other key of the
//! file kept (the file goes through [`serde_json::Value`], so keys this crate does not know
//! survive; their order may change), written atomically (a temporary file in the same
//! directory, fsync, rename, fsync of the directory) with mode 0600. A file that is not the
//! CLI's JSON is refused and left as it is.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use acs_protocol::Secret;
use serde_json::{Map, Value};

use crate::error::FileError;

/// The keys of the cached STS credentials; cleared when a sign-in saves none, so that
/// credentials of an earlier account or access configuration are never used for the new one.
const STS_KEYS: [&str; 4] = [
    "access_key_id",
    "access_key_secret",
    "sts_token",
    "sts_expiration",
];

/// The region written to a new profile without one: the CLI refuses a profile without a
/// region, and this is its default.
pub const DEFAULT_REGION: &str = "cn-hangzhou";

/// STS credentials cached in the profile, as the CLI caches them after `/cloud-credentials`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CachedSts {
    /// `access_key_id`.
    pub access_key_id: String,
    /// `access_key_secret`.
    pub access_key_secret: Secret,
    /// `sts_token`.
    pub sts_token: Secret,
    /// `sts_expiration`: Unix seconds, the credentials' `Expiration` − 5 as the CLI writes it.
    pub sts_expiration: i64,
}

impl CachedSts {
    /// Cached credentials expiring (as the CLI counts) at `sts_expiration`.
    pub fn new(
        access_key_id: impl Into<String>,
        access_key_secret: Secret,
        sts_token: Secret,
        sts_expiration: i64,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret,
            sts_token,
            sts_expiration,
        }
    }
}

/// A CloudSSO sign-in to save.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CloudSsoProfile {
    /// `name`.
    pub name: String,
    /// `cloud_sso_sign_in_url`.
    pub sign_in_url: String,
    /// `cloud_sso_account_id`.
    pub account_id: String,
    /// `cloud_sso_access_config`.
    pub access_config: String,
    /// `access_token`.
    pub access_token: Secret,
    /// `cloud_sso_access_token_expire`: Unix seconds.
    pub access_token_expire: i64,
    /// `region_id`: when `None`, the profile's own is kept, else [`DEFAULT_REGION`].
    pub region_id: Option<String>,
    /// The cached STS credentials, when known.
    pub sts: Option<CachedSts>,
}

impl CloudSsoProfile {
    /// A sign-in without a region of its own and without cached STS credentials.
    pub fn new(
        name: impl Into<String>,
        sign_in_url: impl Into<String>,
        account_id: impl Into<String>,
        access_config: impl Into<String>,
        access_token: Secret,
        access_token_expire: i64,
    ) -> Self {
        Self {
            name: name.into(),
            sign_in_url: sign_in_url.into(),
            account_id: account_id.into(),
            access_config: access_config.into(),
            access_token,
            access_token_expire,
            region_id: None,
            sts: None,
        }
    }
}

fn refused(path: &Path, problem: impl Into<String>) -> FileError {
    FileError {
        path: path.to_owned(),
        problem: problem.into(),
        source: None,
    }
}

fn io_error(path: &Path, problem: &str, error: std::io::Error) -> FileError {
    FileError {
        path: path.to_owned(),
        problem: problem.to_owned(),
        source: Some(Box::new(error)),
    }
}

/// Saves `profile` in the CLI configuration at `path` (created, with its directory, if
/// missing). The file's `current` is set only when it has none.
pub fn save_cloud_sso_profile(path: &Path, profile: &CloudSsoProfile) -> Result<(), FileError> {
    let mut config = match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice::<Value>(&bytes).map_err(|error| {
            refused(
                path,
                format!(
                    "not the aliyun CLI's JSON configuration ({:?} error at line {} column {}); \
                     left as it is, fix or move it and sign in again",
                    error.classify(),
                    error.line(),
                    error.column()
                ),
            )
        })?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            serde_json::json!({"current": "", "profiles": [], "meta_path": ""})
        }
        Err(error) => {
            return Err(io_error(
                path,
                "cannot read the aliyun CLI configuration",
                error,
            ));
        }
    };
    update(&mut config, profile).map_err(|problem| refused(path, problem))?;
    let mut text = serde_json::to_vec_pretty(&config)
        .map_err(|error| refused(path, format!("cannot serialize: {error}")))?;
    text.push(b'\n');
    write_atomically(path, &text)
}

/// Puts `profile` into the configuration `config`; a description of what is wrong if
/// `config` is not the CLI's shape.
fn update(config: &mut Value, profile: &CloudSsoProfile) -> Result<(), String> {
    let Value::Object(root) = config else {
        return Err("not the aliyun CLI's configuration: the top level is not an object".into());
    };
    match root.get("current") {
        None | Some(Value::Null) => {
            root.insert("current".into(), Value::String(profile.name.clone()));
        }
        Some(Value::String(current)) if current.is_empty() => {
            root.insert("current".into(), Value::String(profile.name.clone()));
        }
        _ => {}
    }
    let profiles = root
        .entry("profiles")
        .or_insert_with(|| Value::Array(Vec::new()));
    if profiles.is_null() {
        *profiles = Value::Array(Vec::new());
    }
    let Value::Array(profiles) = profiles else {
        return Err("not the aliyun CLI's configuration: `profiles` is not a list".into());
    };
    if let Some(bad) = profiles.iter().position(|p| !p.is_object()) {
        return Err(format!(
            "not the aliyun CLI's configuration: `profiles[{bad}]` is not an object"
        ));
    }
    let index = match profiles
        .iter()
        .position(|p| p.get("name").and_then(Value::as_str) == Some(profile.name.as_str()))
    {
        Some(index) => index,
        None => {
            let mut new = Map::new();
            new.insert("name".into(), Value::String(profile.name.clone()));
            new.insert("output_format".into(), Value::String("json".into()));
            new.insert("language".into(), Value::String("en".into()));
            profiles.push(Value::Object(new));
            profiles.len() - 1
        }
    };
    let Some(Value::Object(entry)) = profiles.get_mut(index) else {
        return Err("the profile vanished while being updated".into());
    };
    let mut set = |key: &str, value: Value| {
        entry.insert(key.to_owned(), value);
    };
    set("mode", Value::String("CloudSSO".into()));
    set("cloud_sso_sign_in_url", profile.sign_in_url.clone().into());
    set("cloud_sso_account_id", profile.account_id.clone().into());
    set(
        "cloud_sso_access_config",
        profile.access_config.clone().into(),
    );
    set("access_token", profile.access_token.expose().into());
    set(
        "cloud_sso_access_token_expire",
        profile.access_token_expire.into(),
    );
    match &profile.sts {
        Some(sts) => {
            set("access_key_id", sts.access_key_id.clone().into());
            set("access_key_secret", sts.access_key_secret.expose().into());
            set("sts_token", sts.sts_token.expose().into());
            set("sts_expiration", sts.sts_expiration.into());
        }
        None => {
            for key in STS_KEYS {
                entry.remove(key);
            }
        }
    }
    match &profile.region_id {
        Some(region) => {
            entry.insert("region_id".into(), region.clone().into());
        }
        None => {
            let has_region = entry
                .get("region_id")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.is_empty());
            if !has_region {
                entry.insert("region_id".into(), DEFAULT_REGION.into());
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to a new file next to `path` (mode 0600), syncs it, renames it over
/// `path` and syncs the directory: a crash leaves the old file or the new one, never half.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir).map_err(|e| io_error(&dir, "cannot create the directory", e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.json".to_owned());
    let mut suffix = [0_u8; 8];
    getrandom::fill(&mut suffix).map_err(|e| refused(path, format!("no random suffix: {e}")))?;
    let temp = dir.join(format!(".{file_name}.{}.tmp", hex::encode(suffix)));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)?;
        #[cfg(unix)]
        std::fs::File::open(&dir)?.sync_all()?;
        Ok(())
    })();
    result.map_err(|error| {
        let _ = std::fs::remove_file(&temp);
        io_error(path, "cannot write the aliyun CLI configuration", error)
    })
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
