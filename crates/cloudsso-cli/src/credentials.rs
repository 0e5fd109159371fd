//! Credentials as the official tools find them: the `ALIBABA_CLOUD_*` environment variables,
//! then the aliyun CLI's profiles in `~/.aliyun/config.json` (modes `AK` and `StsToken`).
//!
//! The environment is injected ([`Environment`]) so that tests are hermetic.

use std::collections::BTreeMap;
use std::path::PathBuf;

use acs_protocol::Credentials;
use serde::Deserialize;

use crate::error::CliError;

/// `ALIBABA_CLOUD_ACCESS_KEY_ID`.
pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// `ALIBABA_CLOUD_ACCESS_KEY_SECRET`.
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// `ALIBABA_CLOUD_SECURITY_TOKEN`.
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// `ALIBABA_CLOUD_PROFILE`.
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";

/// The process environment as the CLI reads it: variables and the home directory.
#[derive(Clone, Default)]
pub struct Environment {
    vars: BTreeMap<String, String>,
    home: Option<PathBuf>,
}

impl std::fmt::Debug for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Values may be secrets: show the names only.
        f.debug_struct("Environment")
            .field("vars", &self.vars.keys().collect::<Vec<_>>())
            .field("home", &self.home)
            .finish()
    }
}

impl Environment {
    /// The real process environment (`HOME`, or `USERPROFILE` on Windows).
    pub fn from_process() -> Self {
        let vars: BTreeMap<String, String> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        let home = vars
            .get("HOME")
            .or_else(|| vars.get("USERPROFILE"))
            .map(PathBuf::from);
        Self { vars, home }
    }

    /// A made-up environment, for tests.
    pub fn new(vars: impl IntoIterator<Item = (String, String)>, home: Option<PathBuf>) -> Self {
        Self {
            vars: vars.into_iter().collect(),
            home,
        }
    }

    /// A variable's value, if set and not empty.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The same variables as `acs-client`'s injected environment (proxies, CA bundle).
    pub fn to_client_env(&self) -> acs_client::Env {
        acs_client::Env::from_pairs(self.vars.clone())
    }

    /// `~/.aliyun/config.json`.
    pub fn aliyun_config_path(&self) -> Option<PathBuf> {
        self.home
            .as_ref()
            .map(|home| home.join(".aliyun").join("config.json"))
    }
}

/// Credentials and the region of the profile they came from, if any.
#[derive(Debug)]
pub struct Resolved {
    /// The credentials.
    pub credentials: Credentials,
    /// `region_id` of the profile, if they came from one that has it.
    pub region: Option<String>,
    /// Where they came from, for messages: `environment` or `profile NAME`.
    pub source: String,
}

#[derive(Deserialize)]
struct AliyunConfig {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<Profile>,
}

#[derive(Deserialize)]
struct Profile {
    name: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    access_key_secret: String,
    #[serde(default)]
    sts_token: String,
    #[serde(default)]
    region_id: String,
}

/// Finds credentials: the profile named by `--profile` if given; else the environment
/// variables; else the profile named by `ALIBABA_CLOUD_PROFILE` or the config's `current`.
pub fn resolve(env: &Environment, profile: Option<&str>) -> Result<Resolved, CliError> {
    if let Some(name) = profile {
        return from_profile(env, Some(name), "--profile");
    }
    if let (Some(id), Some(secret)) = (env.var(ENV_ACCESS_KEY_ID), env.var(ENV_ACCESS_KEY_SECRET)) {
        let mut credentials = Credentials::new(id, secret);
        if let Some(token) = env.var(ENV_SECURITY_TOKEN) {
            credentials = credentials.with_security_token(token);
        }
        return Ok(Resolved {
            credentials,
            region: None,
            source: "environment".to_owned(),
        });
    }
    from_profile(env, env.var(ENV_PROFILE), ENV_PROFILE)
}

fn from_profile(env: &Environment, name: Option<&str>, flag: &str) -> Result<Resolved, CliError> {
    let none = || {
        CliError::usage(
            "credentials",
            format!(
                "none found: set {ENV_ACCESS_KEY_ID} and {ENV_ACCESS_KEY_SECRET}, or configure \
                 a profile in ~/.aliyun/config.json (aliyun configure) and pass --profile"
            ),
        )
    };
    let Some(path) = env.aliyun_config_path() else {
        return Err(none());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && name.is_none() => {
            return Err(none());
        }
        Err(error) => {
            return Err(CliError::usage(
                flag,
                format!("cannot read {}: {error}", path.display()),
            ));
        }
    };
    let config: AliyunConfig = serde_json::from_str(&text).map_err(|error| {
        CliError::Input(format!(
            "{} is not an aliyun CLI configuration: {error}; expected {{\"current\": NAME, \
             \"profiles\": [...]}}",
            path.display()
        ))
    })?;
    let name = match name.map(str::to_owned).or(config.current.clone()) {
        Some(name) => name,
        None => return Err(none()),
    };
    let profile = config
        .profiles
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = config.profiles.iter().map(|p| p.name.as_str()).collect();
            CliError::usage(
                flag,
                format!(
                    "profile `{name}` is not in {}; expected one of: {}",
                    path.display(),
                    names.join(", ")
                ),
            )
        })?;
    let credentials = match profile.mode.as_str() {
        "AK" | "" => Credentials::new(&profile.access_key_id, profile.access_key_secret.as_str()),
        "StsToken" => Credentials::new(&profile.access_key_id, profile.access_key_secret.as_str())
            .with_security_token(profile.sts_token.as_str()),
        other => {
            return Err(CliError::usage(
                flag,
                format!("profile `{name}` has mode `{other}`; expected AK or StsToken"),
            ));
        }
    };
    if profile.access_key_id.is_empty() || profile.access_key_secret.is_empty() {
        return Err(CliError::usage(
            flag,
            format!("profile `{name}` has no access_key_id or access_key_secret"),
        ));
    }
    Ok(Resolved {
        credentials,
        region: Some(profile.region_id.clone()).filter(|r| !r.is_empty()),
        source: format!("profile {name}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)], home: Option<PathBuf>) -> Environment {
        Environment::new(
            vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
            home,
        )
    }

    fn write_config(dir: &std::path::Path) {
        std::fs::create_dir_all(dir.join(".aliyun")).unwrap();
        std::fs::write(
            dir.join(".aliyun/config.json"),
            r#"{"current": "main", "profiles": [
                {"name": "main", "mode": "AK", "access_key_id": "ak-main", "access_key_secret": "s-main", "region_id": "cn-hongkong"},
                {"name": "sts", "mode": "StsToken", "access_key_id": "ak-sts", "access_key_secret": "s-sts", "sts_token": "tok"},
                {"name": "ram", "mode": "RamRoleArn", "access_key_id": "x", "access_key_secret": "y"}
            ]}"#,
        )
        .unwrap();
    }

    #[test]
    fn environment_first_then_current_profile() {
        let dir = tempfile::tempdir().unwrap();
        write_config(dir.path());
        let home = Some(dir.path().to_owned());
        let resolved = resolve(
            &env(
                &[
                    (ENV_ACCESS_KEY_ID, "ak-env"),
                    (ENV_ACCESS_KEY_SECRET, "s-env"),
                    (ENV_SECURITY_TOKEN, "t"),
                ],
                home.clone(),
            ),
            None,
        )
        .unwrap();
        assert_eq!(resolved.credentials.access_key_id(), "ak-env");
        assert!(resolved.credentials.security_token().is_some());
        let resolved = resolve(&env(&[], home.clone()), None).unwrap();
        assert_eq!(resolved.credentials.access_key_id(), "ak-main");
        assert_eq!(resolved.region.as_deref(), Some("cn-hongkong"));
        let resolved = resolve(&env(&[(ENV_PROFILE, "sts")], home.clone()), None).unwrap();
        assert_eq!(
            resolved.credentials.security_token().map(|t| t.expose()),
            Some("tok")
        );
        // --profile wins over the environment.
        let resolved = resolve(
            &env(
                &[
                    (ENV_ACCESS_KEY_ID, "ak-env"),
                    (ENV_ACCESS_KEY_SECRET, "s-env"),
                ],
                home.clone(),
            ),
            Some("sts"),
        )
        .unwrap();
        assert_eq!(resolved.credentials.access_key_id(), "ak-sts");
    }

    #[test]
    fn errors_name_the_flag_and_never_the_secret() {
        let dir = tempfile::tempdir().unwrap();
        write_config(dir.path());
        let home = Some(dir.path().to_owned());
        let error = resolve(&env(&[], home.clone()), Some("nope")).unwrap_err();
        assert!(
            error.to_string().starts_with("--profile: profile `nope`"),
            "{error}"
        );
        let error = resolve(&env(&[], home), Some("ram")).unwrap_err();
        assert!(
            error.to_string().contains("expected AK or StsToken"),
            "{error}"
        );
        let error = resolve(&env(&[], None), None).unwrap_err();
        assert!(error.to_string().contains(ENV_ACCESS_KEY_ID), "{error}");
        let environment = env(&[(ENV_ACCESS_KEY_SECRET, "s3cr3t")], None);
        assert!(!format!("{environment:?}").contains("s3cr3t"));
    }
}
