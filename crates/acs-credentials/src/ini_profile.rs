//! The credentials file of the official SDK libraries, INI:
//!
//! ```ini
//! [default]
//! type = access_key            # access_key | ecs_ram_role | ram_role_arn | oidc_role_arn
//! access_key_id = ...
//! access_key_secret = ...
//! ```
//!
//! Its path is `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials` (the
//! Go and Node.js libraries' name) if it exists, else `~/.alibabacloud/credentials.ini` (the
//! Python library's). Looking at both keeps a file that either family wrote working; Go's
//! name is looked at first because it is the older and more common. The section is
//! `ALIBABA_CLOUD_PROFILE`, else `default`. `rsa_key_pair` (a retired Japan-site feature) is
//! not supported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use acs_protocol::Credentials;

use crate::cli_profile::{ENV_PROFILE, home};
use crate::ecs::{EcsRamRoleProvider, EcsRamRoleSettings};
use crate::error::{ConfigError, FileError};
use crate::oidc::{OidcRoleArnProvider, OidcSettings};
use crate::ram_role_arn::{RamRoleArnProvider, RamRoleArnSettings};
use crate::runtime::{
    BoxError, CredentialsError, Env, HttpClient, ProvideCredentials, ProvideCredentialsFuture,
    SharedCredentialsProvider, declined, failed, named_through,
};

/// The provider's name, as the official libraries send it in `x-acs-credentials-provider`.
pub const NAME: &str = "profile";

fn fail(source: impl Into<BoxError>) -> CredentialsError {
    failed(NAME, "the credentials file cannot be used", source)
}

/// `ALIBABA_CLOUD_CREDENTIALS_FILE`.
pub const ENV_CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

/// The file to read, by the order above; `None` if neither default file exists.
pub fn credentials_file_path(env: &Env) -> Option<PathBuf> {
    if let Some(path) = env.get(ENV_CREDENTIALS_FILE).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let dir = home(env)?.join(".alibabacloud");
    ["credentials", "credentials.ini"]
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.is_file())
}

/// Sections of an INI text: `[name]` headers, `key = value` lines (also `key: value`),
/// comments after `#` or `;` at the start of a line; keys and values trimmed, surrounding
/// quotes removed.
pub fn parse_ini(text: &str) -> Result<BTreeMap<String, BTreeMap<String, String>>, String> {
    let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or_else(|| format!("line {}: a section header without `]`", number + 1))?;
            let name = name.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        let Some((key, value)) = line.split_once(['=', ':']) else {
            return Err(format!("line {}: expected `key = value`", number + 1));
        };
        let Some(section) = &current else {
            return Err(format!("line {}: a value before any [section]", number + 1));
        };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        sections
            .entry(section.clone())
            .or_default()
            .insert(key.trim().to_owned(), value.to_owned());
    }
    Ok(sections)
}

fn read_file(path: &Path) -> Result<Option<String>, FileError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(FileError {
            path: path.to_owned(),
            problem: "cannot read the credentials file".to_owned(),
            source: Some(Box::new(error)),
        }),
    }
}

/// Builds the provider of one section.
pub fn provider_for_section(
    section: &BTreeMap<String, String>,
    source_name: &str,
    env: &Env,
    http: &HttpClient,
) -> Result<SharedCredentialsProvider, ConfigError> {
    let get = |key: &str| section.get(key).filter(|v| !v.is_empty()).cloned();
    let required = |key: &str| {
        get(key).ok_or_else(|| ConfigError::new(source_name, key, "is empty; this type needs it"))
    };
    let kind = get("type").unwrap_or_default();
    Ok(match kind.as_str() {
        "access_key" => SharedCredentialsProvider::new(Credentials::new(
            required("access_key_id")?,
            required("access_key_secret")?,
        )),
        "ram_role_arn" => {
            let source = SharedCredentialsProvider::new(Credentials::new(
                required("access_key_id")?,
                required("access_key_secret")?,
            ));
            let mut settings = RamRoleArnSettings::new(required("role_arn")?);
            settings.role_session_name = get("role_session_name");
            settings.policy = get("policy");
            SharedCredentialsProvider::new(RamRoleArnProvider::new(
                source,
                settings,
                env,
                http.clone(),
            )?)
        }
        "oidc_role_arn" => {
            let settings = OidcSettings {
                role_arn: Some(required("role_arn")?),
                oidc_provider_arn: Some(required("oidc_provider_arn")?),
                oidc_token_file: Some(PathBuf::from(required("oidc_token_file_path")?)),
                role_session_name: get("role_session_name"),
                policy: get("policy"),
                ..OidcSettings::default()
            };
            SharedCredentialsProvider::new(OidcRoleArnProvider::new(settings, env, http.clone())?)
        }
        "ecs_ram_role" => {
            let settings = EcsRamRoleSettings {
                role_name: get("role_name"),
                ..EcsRamRoleSettings::default()
            };
            SharedCredentialsProvider::new(EcsRamRoleProvider::new(settings, env, http.clone()))
        }
        other => {
            return Err(ConfigError::new(
                source_name,
                "type",
                format!(
                    "is {other:?}; expected access_key, ecs_ram_role, ram_role_arn or oidc_role_arn"
                ),
            ));
        }
    })
}

/// The credentials file provider of the default chain.
#[derive(Debug)]
pub struct IniProfileProvider {
    env: Env,
    http: HttpClient,
    loaded: tokio::sync::OnceCell<SharedCredentialsProvider>,
}

impl IniProfileProvider {
    /// Reads the file chosen from `env` when first asked.
    pub fn new(env: Env, http: HttpClient) -> Self {
        Self {
            env,
            http,
            loaded: tokio::sync::OnceCell::new(),
        }
    }

    async fn load(&self) -> Result<SharedCredentialsProvider, CredentialsError> {
        let path = credentials_file_path(&self.env).ok_or_else(|| {
            declined(
                NAME,
                "no credentials file: ~/.alibabacloud/credentials and credentials.ini do not exist",
            )
        })?;
        let text = read_file(&path)
            .map_err(fail)?
            .ok_or_else(|| declined(NAME, format!("{} does not exist", path.display())))?;
        let sections = parse_ini(&text).map_err(|problem| {
            fail(FileError {
                path: path.clone(),
                problem,
                source: None,
            })
        })?;
        let name = self
            .env
            .get(ENV_PROFILE)
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "default".to_owned());
        let section = sections
            .get(&name)
            .ok_or_else(|| declined(NAME, format!("{} has no section [{name}]", path.display())))?;
        provider_for_section(
            section,
            &format!("{} [{name}]", path.display()),
            &self.env,
            &self.http,
        )
        .map_err(|error| CredentialsError::invalid_configuration(NAME, error.to_string()))
    }
}

impl ProvideCredentials for IniProfileProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            let provider = self.loaded.get_or_try_init(|| self.load()).await?;
            Ok(named_through(NAME, provider.provide_credentials().await?))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_ini;

    #[test]
    fn ini_sections_keys_comments_and_quotes() {
        let text =
            "# c\n[default]\ntype = access_key\naccess_key_id= \"id\" \n; x\n[other]\nk: v\n";
        let sections = parse_ini(text).unwrap_or_default();
        assert_eq!(sections["default"]["type"], "access_key");
        assert_eq!(sections["default"]["access_key_id"], "id");
        assert_eq!(sections["other"]["k"], "v");
        assert!(parse_ini("k = v").is_err());
        assert!(parse_ini("[a\n").is_err());
    }
}
