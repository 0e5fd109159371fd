//! Credentials as the official SDKs find them, through acs-credentials: `--profile` (an aliyun
//! CLI profile in any mode), else the default chain.
//!
//! The environment is injected ([`Environment`]) so that tests are hermetic.

use std::collections::BTreeMap;
use std::path::PathBuf;

use acs_client::{CredentialsError, HttpClient, ProvideCredentials};
use acs_credentials::CredentialsChain;
use acs_credentials::cli_profile::{CliConfig, CliProfileProvider};
use acs_protocol::Credentials;

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

    /// The same variables as `acs-client`'s injected environment (proxies, CA bundle,
    /// credentials), with `HOME` set to the home directory.
    pub fn to_client_env(&self) -> acs_client::Env {
        let mut vars = self.vars.clone();
        if let Some(home) = &self.home {
            vars.insert("HOME".to_owned(), home.display().to_string());
        }
        acs_client::Env::from_pairs(vars)
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
    /// `region_id` of the aliyun CLI profile they came from, if it has one.
    pub region: Option<String>,
    /// The provider that gave them, as the official SDKs name it
    /// (`default/cli_profile/ram_role_arn/static_ak`).
    pub source: String,
}

/// Finds credentials as the official SDKs do (acs-credentials): the aliyun CLI profile named
/// by `--profile` in any of its modes if given, else the default chain (environment, OIDC,
/// the CLI's current profile, the credentials file, ECS instance metadata, a credentials
/// URI). Their HTTP calls (STS, metadata…) go through `http`.
pub async fn resolve(
    env: &Environment,
    profile: Option<&str>,
    http: &HttpClient,
) -> Result<Resolved, CliError> {
    let client_env = env.to_client_env();
    if let Some(name) = profile {
        let provider = CliProfileProvider::for_profile(name, client_env, http.clone());
        let selected = provider
            .selected()
            .await
            .map_err(|e| credentials_error("--profile", &e))?;
        let region = selected.region_id.clone();
        let credentials = provider
            .provide_credentials()
            .await
            .map_err(|e| credentials_error("--profile", &e))?;
        return Ok(Resolved {
            source: credentials
                .provider_name()
                .unwrap_or("cli_profile")
                .to_owned(),
            credentials,
            region,
        });
    }
    let chain = CredentialsChain::default_chain(&client_env, http);
    let resolved = chain
        .resolve()
        .await
        .map_err(|e| credentials_error("credentials", &e))?;
    let region = if resolved.provider == acs_credentials::cli_profile::NAME {
        profile_region(&client_env)
    } else {
        None
    };
    Ok(Resolved {
        source: resolved
            .credentials
            .provider_name()
            .unwrap_or(&resolved.provider)
            .to_owned(),
        credentials: resolved.credentials,
        region,
    })
}

/// None found is a usage error (exit 2) that lists what was looked at, and so is a profile
/// that cannot be used; a provider that failed (STS refused, metadata down…) is a transport
/// error (exit 1).
fn credentials_error(flag: &str, error: &CredentialsError) -> CliError {
    let text = acs_client::DisplayErrorContext(error).to_string();
    if matches!(error, CredentialsError::InvalidConfiguration { .. }) {
        CliError::usage(flag, text)
    } else if error.is_not_loaded() {
        CliError::usage(
            flag,
            format!(
                "{text}; set {ENV_ACCESS_KEY_ID} and {ENV_ACCESS_KEY_SECRET}, or configure a \
                 profile in ~/.aliyun/config.json (aliyun configure)"
            ),
        )
    } else {
        CliError::Transport(text)
    }
}

/// `region_id` of the profile the chain's CLI link chose (`ALIBABA_CLOUD_PROFILE`, else
/// `current`).
fn profile_region(env: &acs_client::Env) -> Option<String> {
    let path = acs_credentials::cli_profile::config_path(env)?;
    let config = CliConfig::load(&path).ok()??;
    let name = env
        .get(ENV_PROFILE)
        .unwrap_or_else(|| config.current.clone());
    config
        .profile(&name)
        .map(|p| p.region_id.clone())
        .filter(|r| !r.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)], home: Option<PathBuf>) -> Environment {
        let mut all: Vec<(String, String)> = vec![(
            "ALIBABA_CLOUD_ECS_METADATA_DISABLED".to_owned(),
            "true".to_owned(),
        )];
        all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        Environment::new(all, home)
    }

    fn write_config(dir: &std::path::Path) {
        std::fs::create_dir_all(dir.join(".aliyun")).unwrap();
        std::fs::write(
            dir.join(".aliyun/config.json"),
            r#"{"current": "main", "profiles": [
                {"name": "main", "mode": "AK", "access_key_id": "ak-main", "access_key_secret": "s-main", "region_id": "cn-hongkong"},
                {"name": "sts", "mode": "StsToken", "access_key_id": "ak-sts", "access_key_secret": "s-sts", "sts_token": "tok"},
                {"name": "oauth", "mode": "OAuth"}
            ]}"#,
        )
        .unwrap();
    }

    fn resolve_now(env: &Environment, profile: Option<&str>) -> Result<Resolved, CliError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let http = HttpClient::new().unwrap();
        runtime.block_on(resolve(env, profile, &http))
    }

    #[test]
    fn environment_first_then_current_profile() {
        let dir = tempfile::tempdir().unwrap();
        write_config(dir.path());
        let home = Some(dir.path().to_owned());
        let resolved = resolve_now(
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
        assert_eq!(resolved.source, "default/env");
        let resolved = resolve_now(&env(&[], home.clone()), None).unwrap();
        assert_eq!(resolved.credentials.access_key_id(), "ak-main");
        assert_eq!(resolved.region.as_deref(), Some("cn-hongkong"));
        assert_eq!(resolved.source, "default/cli_profile/static_ak");
        let resolved = resolve_now(&env(&[(ENV_PROFILE, "sts")], home.clone()), None).unwrap();
        assert_eq!(
            resolved.credentials.security_token().map(|t| t.expose()),
            Some("tok")
        );
        // --profile wins over the environment.
        let resolved = resolve_now(
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
        assert_eq!(resolved.source, "cli_profile/static_sts");
    }

    #[test]
    fn errors_name_the_flag_and_never_the_secret() {
        let dir = tempfile::tempdir().unwrap();
        write_config(dir.path());
        let home = Some(dir.path().to_owned());
        let error = resolve_now(&env(&[], home.clone()), Some("nope")).unwrap_err();
        assert!(
            error.to_string().starts_with("--profile: ") && error.to_string().contains("nope"),
            "{error}"
        );
        let error = resolve_now(&env(&[], home), Some("oauth")).unwrap_err();
        assert!(error.to_string().contains("OAuth"), "{error}");
        let error = resolve_now(&env(&[], None), None).unwrap_err();
        assert!(error.to_string().contains(ENV_ACCESS_KEY_ID), "{error}");
        let environment = env(&[(ENV_ACCESS_KEY_SECRET, "s3cr3t")], None);
        assert!(!format!("{environment:?}").contains("s3cr3t"));
    }
}
