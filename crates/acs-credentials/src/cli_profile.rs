//! The aliyun CLI's profiles, `~/.aliyun/config.json` (or `ALIBABA_CLOUD_CONFIG_FILE`), in
//! every mode the official SDK libraries accept: `AK`, `StsToken`, `RamRoleArn`,
//! `EcsRamRole`, `ChainableRamRoleArn` (a role assumed with another profile's credentials),
//! `OIDC`, `CloudSSO`, `CredentialsURI` and `External`. The profile is the one named
//! explicitly, else `ALIBABA_CLOUD_PROFILE`, else the file's `current`.
//!
//! The file is read once, when credentials are first asked for; the provider it yields is
//! kept (as the Python library does) so that its cache lives on. A file that cannot be read
//! or parsed is an error, never ignored.

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use acs_protocol::Credentials;
use serde::Deserialize;

use crate::cloud_sso::{CloudSsoProvider, CloudSsoSettings};
use crate::ecs::{EcsRamRoleProvider, EcsRamRoleSettings};
use crate::error::{ConfigError, FileError};
use crate::external::ExternalProcessProvider;
use crate::oidc::{OidcRoleArnProvider, OidcSettings};
use crate::ram_role_arn::{RamRoleArnProvider, RamRoleArnSettings};
use crate::runtime::{
    BoxError, CredentialsError, Env, HttpClient, ProvideCredentials, ProvideCredentialsFuture,
    SharedCredentialsProvider, declined, failed, named_through,
};
use crate::sts::StsEndpoint;
use crate::uri::UriCredentialsProvider;

/// The provider's name, as the official libraries send it in `x-acs-credentials-provider`.
pub const NAME: &str = "cli_profile";

fn fail(source: impl Into<BoxError>) -> CredentialsError {
    failed(NAME, "the aliyun CLI profile cannot be used", source)
}

/// `ALIBABA_CLOUD_PROFILE`: the profile when none is named.
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// `ALIBABA_CLOUD_CONFIG_FILE`: the file instead of `~/.aliyun/config.json`.
pub const ENV_CONFIG_FILE: &str = "ALIBABA_CLOUD_CONFIG_FILE";
/// `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`: the default chain skips the file.
pub const ENV_CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// The home directory of `env`: `HOME`, else `USERPROFILE`.
pub(crate) fn home(env: &Env) -> Option<PathBuf> {
    env.get("HOME")
        .or_else(|| env.get("USERPROFILE"))
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// `ALIBABA_CLOUD_CONFIG_FILE`, else `~/.aliyun/config.json`.
pub fn config_path(env: &Env) -> Option<PathBuf> {
    env.get(ENV_CONFIG_FILE)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| home(env).map(|home| home.join(".aliyun").join("config.json")))
}

/// `config.json`: `{"current", "profiles": [...]}`; other keys are ignored.
#[derive(Debug, Clone, Deserialize, Default)]
#[non_exhaustive]
pub struct CliConfig {
    /// The profile in use when none is named.
    #[serde(default)]
    pub current: String,
    /// Every profile.
    #[serde(default)]
    pub profiles: Vec<CliProfile>,
}

/// One profile. Unknown keys are ignored; absent ones are empty.
#[derive(Clone, Deserialize, Default)]
#[serde(default)]
#[non_exhaustive]
#[allow(missing_docs)]
pub struct CliProfile {
    pub name: String,
    pub mode: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    pub sts_token: String,
    pub sts_region: String,
    pub sts_endpoint: String,
    pub enable_vpc: Option<bool>,
    pub ram_role_name: String,
    pub ram_role_arn: String,
    pub ram_session_name: String,
    pub role_session_name: String,
    pub external_id: String,
    pub policy: String,
    pub source_profile: String,
    pub expired_seconds: u32,
    pub region_id: String,
    pub process_command: String,
    pub credentials_uri: String,
    pub oidc_provider_arn: String,
    pub oidc_token_file: String,
    pub cloud_sso_sign_in_url: String,
    pub access_token: String,
    pub cloud_sso_access_token_expire: i64,
    pub cloud_sso_access_config: String,
    pub cloud_sso_account_id: String,
}

impl fmt::Debug for CliProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The keys, token and access token are secrets: only the public fields.
        f.debug_struct("CliProfile")
            .field("name", &self.name)
            .field("mode", &self.mode)
            .field("access_key_id", &self.access_key_id)
            .field("ram_role_arn", &self.ram_role_arn)
            .field("source_profile", &self.source_profile)
            .field("region_id", &self.region_id)
            .finish_non_exhaustive()
    }
}

impl CliConfig {
    /// Reads `path`: `Ok(None)` if it does not exist, an error if it cannot be read or is
    /// not the CLI's JSON.
    pub fn load(path: &std::path::Path) -> Result<Option<Self>, FileError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(FileError {
                    path: path.to_owned(),
                    problem: "cannot read the aliyun CLI configuration".to_owned(),
                    source: Some(Box::new(error)),
                });
            }
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|error| FileError {
                path: path.to_owned(),
                problem: format!(
                    "not the aliyun CLI's JSON configuration ({:?} error at line {} column {})",
                    error.classify(),
                    error.line(),
                    error.column()
                ),
                source: None,
            })
    }

    /// The profile called `name`.
    pub fn profile(&self, name: &str) -> Option<&CliProfile> {
        self.profiles.iter().find(|p| p.name == name)
    }
}

/// The profile's mode, inferred from its fields when `mode` is empty (as the CLI does for
/// old files): keys with a role → `RamRoleArn`, keys with a token → `StsToken`, keys →
/// `AK`, OIDC fields → `OIDC`, a sign-in URL → `CloudSSO`.
pub fn effective_mode(profile: &CliProfile) -> &str {
    if !profile.mode.is_empty() {
        return &profile.mode;
    }
    let keys = !profile.access_key_id.is_empty() && !profile.access_key_secret.is_empty();
    if keys && !profile.ram_role_arn.is_empty() {
        "RamRoleArn"
    } else if keys && !profile.sts_token.is_empty() {
        "StsToken"
    } else if keys {
        "AK"
    } else if !profile.oidc_provider_arn.is_empty() {
        "OIDC"
    } else if !profile.cloud_sso_sign_in_url.is_empty() {
        "CloudSSO"
    } else {
        ""
    }
}

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// Builds the provider of profile `name` of `config` (and of its source profiles).
pub fn provider_for_profile(
    config: &CliConfig,
    name: &str,
    env: &Env,
    http: &HttpClient,
) -> Result<SharedCredentialsProvider, ConfigError> {
    build(config, name, env, http, &mut BTreeSet::new())
}

fn build(
    config: &CliConfig,
    name: &str,
    env: &Env,
    http: &HttpClient,
    seen: &mut BTreeSet<String>,
) -> Result<SharedCredentialsProvider, ConfigError> {
    let source_name = format!("profile '{name}'");
    let profile = config.profile(name).ok_or_else(|| {
        let names: Vec<&str> = config.profiles.iter().map(|p| p.name.as_str()).collect();
        ConfigError::new(
            "config.json",
            "profiles",
            format!(
                "has no profile named '{name}'; it has: {}",
                names.join(", ")
            ),
        )
    })?;
    if !seen.insert(name.to_owned()) {
        return Err(ConfigError::new(
            &source_name,
            "source_profile",
            "leads back to this profile (a cycle)",
        ));
    }
    let required = |field: &str, value: &str| {
        non_empty(value)
            .ok_or_else(|| ConfigError::new(&source_name, field, "is empty; this mode needs it"))
    };
    let keys = || -> Result<Credentials, ConfigError> {
        Ok(Credentials::new(
            required("access_key_id", &profile.access_key_id)?,
            required("access_key_secret", &profile.access_key_secret)?,
        ))
    };
    let sts = StsEndpoint {
        endpoint: non_empty(&profile.sts_endpoint),
        region: non_empty(&profile.sts_region),
        vpc: profile.enable_vpc,
    };
    let duration = (profile.expired_seconds != 0).then_some(profile.expired_seconds);
    let role_settings = || -> Result<RamRoleArnSettings, ConfigError> {
        let mut settings =
            RamRoleArnSettings::new(required("ram_role_arn", &profile.ram_role_arn)?);
        settings.role_session_name =
            non_empty(&profile.ram_session_name).or_else(|| non_empty(&profile.role_session_name));
        settings.duration_seconds = duration;
        settings.policy = non_empty(&profile.policy);
        settings.external_id = non_empty(&profile.external_id);
        settings.sts = sts.clone();
        Ok(settings)
    };
    let provider = match effective_mode(profile) {
        "AK" => SharedCredentialsProvider::new(keys()?),
        "StsToken" => SharedCredentialsProvider::new(
            keys()?.with_security_token(required("sts_token", &profile.sts_token)?),
        ),
        "RamRoleArn" => {
            let source = SharedCredentialsProvider::new(keys()?);
            SharedCredentialsProvider::new(RamRoleArnProvider::new(
                source,
                role_settings()?,
                env,
                http.clone(),
            )?)
        }
        "ChainableRamRoleArn" => {
            let source_profile = required("source_profile", &profile.source_profile)?;
            let source = build(config, &source_profile, env, http, seen)?;
            SharedCredentialsProvider::new(RamRoleArnProvider::new(
                source,
                role_settings()?,
                env,
                http.clone(),
            )?)
        }
        "EcsRamRole" => {
            let settings = EcsRamRoleSettings {
                role_name: non_empty(&profile.ram_role_name),
                ..EcsRamRoleSettings::default()
            };
            SharedCredentialsProvider::new(EcsRamRoleProvider::new(settings, env, http.clone()))
        }
        "OIDC" => {
            let settings = OidcSettings {
                role_arn: Some(required("ram_role_arn", &profile.ram_role_arn)?),
                oidc_provider_arn: Some(required("oidc_provider_arn", &profile.oidc_provider_arn)?),
                oidc_token_file: Some(PathBuf::from(required(
                    "oidc_token_file",
                    &profile.oidc_token_file,
                )?)),
                role_session_name: non_empty(&profile.role_session_name)
                    .or_else(|| non_empty(&profile.ram_session_name)),
                duration_seconds: duration,
                policy: non_empty(&profile.policy),
                sts: sts.clone(),
            };
            SharedCredentialsProvider::new(OidcRoleArnProvider::new(settings, env, http.clone())?)
        }
        "CloudSSO" => {
            let settings = CloudSsoSettings {
                sign_in_url: profile.cloud_sso_sign_in_url.clone(),
                account_id: profile.cloud_sso_account_id.clone(),
                access_config: profile.cloud_sso_access_config.clone(),
                access_token: non_empty(&profile.access_token).map(Into::into),
                access_token_expire: profile.cloud_sso_access_token_expire,
                profile_name: name.to_owned(),
            };
            SharedCredentialsProvider::new(CloudSsoProvider::new(settings, http.clone())?)
        }
        "CredentialsURI" => SharedCredentialsProvider::new(UriCredentialsProvider::new(
            required("credentials_uri", &profile.credentials_uri)?,
            http.clone(),
        )),
        "External" => SharedCredentialsProvider::new(ExternalProcessProvider::new(
            &required("process_command", &profile.process_command)?,
            None::<Duration>,
        )?),
        "" => {
            return Err(ConfigError::new(
                &source_name,
                "mode",
                "is empty and no credentials fields say which mode it is",
            ));
        }
        other => {
            return Err(ConfigError::new(
                &source_name,
                "mode",
                format!(
                    "is {other:?}, which SDK credentials do not support; expected AK, StsToken, \
                     RamRoleArn, EcsRamRole, ChainableRamRoleArn, OIDC, CloudSSO, \
                     CredentialsURI or External"
                ),
            ));
        }
    };
    Ok(provider)
}

/// The profile that was chosen, and its provider.
#[derive(Debug, Clone)]
pub struct SelectedProfile {
    /// Its name.
    pub name: String,
    /// Its mode (inferred if the file has none).
    pub mode: String,
    /// `region_id`, if set.
    pub region_id: Option<String>,
    /// Its credentials.
    pub provider: SharedCredentialsProvider,
}

/// Picks the profile (explicit → `ALIBABA_CLOUD_PROFILE` → `current`) and builds its
/// provider. `Ok(None)` when there is nothing to pick: no file, or no name and no `current`,
/// and no name was given explicitly.
pub fn select_profile(
    env: &Env,
    explicit: Option<&str>,
    http: &HttpClient,
) -> Result<Option<SelectedProfile>, CredentialsError> {
    let path = config_path(env).ok_or_else(|| {
        declined(
            NAME,
            "no home directory (HOME) and no ALIBABA_CLOUD_CONFIG_FILE",
        )
    })?;
    let explicit = explicit
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .or_else(|| env.get(ENV_PROFILE).filter(|v| !v.is_empty()));
    // A file that cannot be read fails; one that is not the CLI's JSON, or a named profile
    // without a file, is a configuration to fix.
    let loaded = CliConfig::load(&path).map_err(|error| match error.source {
        Some(_) => fail(error),
        None => CredentialsError::invalid_configuration(NAME, error.to_string()),
    })?;
    let config = match loaded {
        Some(config) => config,
        None if explicit.is_some() => {
            return Err(CredentialsError::invalid_configuration(
                NAME,
                format!(
                    "{}: does not exist, so profile '{}' cannot be read",
                    path.display(),
                    explicit.unwrap_or_default()
                ),
            ));
        }
        None => return Ok(None),
    };
    let Some(name) = explicit.or_else(|| non_empty(&config.current)) else {
        return Ok(None);
    };
    let provider = provider_for_profile(&config, &name, env, http)
        .map_err(|error| CredentialsError::invalid_configuration(NAME, error.to_string()))?;
    let profile = config.profile(&name);
    Ok(Some(SelectedProfile {
        mode: profile.map(effective_mode).unwrap_or_default().to_owned(),
        region_id: profile.and_then(|p| non_empty(&p.region_id)),
        name,
        provider,
    }))
}

/// The aliyun CLI profile provider of the default chain (or of `--profile`).
#[derive(Debug)]
pub struct CliProfileProvider {
    env: Env,
    http: HttpClient,
    explicit: Option<String>,
    respect_disabled: bool,
    loaded: tokio::sync::OnceCell<SelectedProfile>,
}

impl CliProfileProvider {
    /// The provider of the default chain: skipped when `ALIBABA_CLOUD_CLI_PROFILE_DISABLED`
    /// is `true`.
    pub fn new(env: Env, http: HttpClient) -> Self {
        Self {
            env,
            http,
            explicit: None,
            respect_disabled: true,
            loaded: tokio::sync::OnceCell::new(),
        }
    }

    /// The provider of one named profile (a `--profile` flag): never skipped.
    pub fn for_profile(name: impl Into<String>, env: Env, http: HttpClient) -> Self {
        Self {
            explicit: Some(name.into()),
            respect_disabled: false,
            ..Self::new(env, http)
        }
    }

    /// The profile, loading the file on first use.
    pub async fn selected(&self) -> Result<&SelectedProfile, CredentialsError> {
        if self.respect_disabled
            && self
                .env
                .get(ENV_CLI_PROFILE_DISABLED)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return Err(declined(NAME, format!("{ENV_CLI_PROFILE_DISABLED}=true")));
        }
        self.loaded
            .get_or_try_init(|| async {
                select_profile(&self.env, self.explicit.as_deref(), &self.http)?.ok_or_else(|| {
                    declined(
                        NAME,
                        format!(
                            "no aliyun CLI profile: {} does not exist or names no current profile",
                            config_path(&self.env)
                                .map(|p| p.display().to_string())
                                .unwrap_or_else(|| "~/.aliyun/config.json".to_owned())
                        ),
                    )
                })
            })
            .await
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            let credentials = self
                .selected()
                .await?
                .provider
                .provide_credentials()
                .await?;
            Ok(named_through(NAME, credentials))
        })
    }
}
