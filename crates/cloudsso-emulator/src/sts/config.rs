//! What STS is configured with: the RAM roles it lets callers assume and the OIDC providers
//! whose tokens it accepts (`EmulatorBuilder::role`, `EmulatorBuilder::oidc_provider`;
//! `cloudsso serve --role`, `--oidc-provider`).

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use rsa::pkcs1::DecodeRsaPublicKey as _;
use rsa::pkcs8::DecodePublicKey as _;
use rsa::traits::PublicKeyParts as _;

use crate::settings::is_account_id;
use crate::sts::credentials::{MAX_DURATION, role_id_of};

/// The shortest `MaxSessionDuration` RAM allows a role.
const MIN_MAX_SESSION: Duration = Duration::from_secs(3600);

/// A configuration value STS cannot use; the message names the value and what was expected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StsConfigError {
    /// Not a RAM role ARN.
    #[error(
        "role ARN `{arn}` is invalid; expected acs:ram::<16-digit account>:role/<name> (name: \
         1 to 64 letters, digits, `.`, `-` or `_`)"
    )]
    InvalidRoleArn {
        /// The value given.
        arn: String,
    },
    /// Not an OIDC provider ARN.
    #[error(
        "OIDC provider ARN `{arn}` is invalid; expected acs:ram::<16-digit account>:oidc-provider/<name>"
    )]
    InvalidOidcProviderArn {
        /// The value given.
        arn: String,
    },
    /// A role's trusted principal is neither an account, an access key ID nor a provider.
    #[error(
        "trusted principal `{value}` of role {role} is invalid; expected a 16-digit account \
         ID, an access key ID or an OIDC provider ARN"
    )]
    InvalidTrustedPrincipal {
        /// The role.
        role: String,
        /// The value given.
        value: String,
    },
    /// A maximum session duration outside 3600..=43200 seconds.
    #[error(
        "maximum session duration {seconds} s of role {role} is invalid; expected 3600 to 43200 seconds"
    )]
    InvalidMaxSessionDuration {
        /// The role.
        role: String,
        /// The value given.
        seconds: u64,
    },
    /// A flag that does not have the documented form.
    #[error("`{value}` is invalid; expected {expected}")]
    InvalidFlag {
        /// The value given (the part that is wrong).
        value: String,
        /// The form expected.
        expected: &'static str,
    },
    /// A verification key that is not an RSA public key (PEM) or a JWKS with RSA keys.
    #[error("the verification key {what} is invalid: {reason}")]
    InvalidKey {
        /// Which key (a file, or a JWKS entry).
        what: String,
        /// What is wrong.
        reason: String,
    },
    /// A key file could not be read.
    #[error("cannot read verification key file {}: {source}", path.display())]
    ReadKeyFile {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An OIDC provider that could never accept a token.
    #[error("OIDC provider {arn} is incomplete: {missing} is required")]
    IncompleteOidcProvider {
        /// The provider.
        arn: String,
        /// What it lacks: an issuer, a client ID or a verification key.
        missing: &'static str,
    },
}

/// A RAM role ARN read: `acs:ram::<account>:role/<name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RoleArn {
    pub(crate) account: String,
    pub(crate) name: String,
}

impl RoleArn {
    /// The ARN as the service writes it.
    pub(crate) fn arn(&self) -> String {
        format!("acs:ram::{}:role/{}", self.account, self.name)
    }
}

/// Reads `acs:ram::<account>:<kind>/<name>`, with a RAM name (1 to 64 letters, digits,
/// `.`, `-`, `_`).
pub(crate) fn parse_arn(arn: &str, kind: &str) -> Option<(String, String)> {
    let rest = arn.strip_prefix("acs:ram::")?;
    let (account, resource) = rest.split_once(':')?;
    let name = resource.strip_prefix(kind)?.strip_prefix('/')?;
    let valid_name = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    (is_account_id(account) && valid_name).then(|| (account.to_owned(), name.to_owned()))
}

/// Reads a role ARN.
pub(crate) fn parse_role_arn(arn: &str) -> Option<RoleArn> {
    parse_arn(arn, "role").map(|(account, name)| RoleArn { account, name })
}

/// A RAM role that `AssumeRole` (and `AssumeRoleWithOIDC`) may assume.
///
/// By default the role trusts its own account: any key of that account, and temporary
/// credentials acting for it, may assume it. [`trust`](Self::trust) replaces that with a
/// list: accounts (16 digits, for cross-account roles), access key IDs, or OIDC provider
/// ARNs. As a `serve` flag: `ARN[=TRUSTED,...]`.
///
/// ```
/// use cloudsso_emulator::RamRole;
///
/// let role = RamRole::new("acs:ram::1234567890123456:role/admin")?
///     .trust("6543210987654321")?;
/// let flag: RamRole = "acs:ram::1234567890123456:role/admin=6543210987654321".parse()?;
/// assert_eq!(role.arn(), flag.arn());
/// # Ok::<(), cloudsso_emulator::StsConfigError>(())
/// ```
#[derive(Clone, Debug)]
pub struct RamRole {
    pub(crate) arn: RoleArn,
    pub(crate) role_id: String,
    pub(crate) trusted: Option<Vec<String>>,
    pub(crate) max_session_duration: Duration,
}

impl RamRole {
    /// The role `arn` (`acs:ram::<account>:role/<name>`), trusting its own account, with a
    /// maximum session of 43200 seconds (*the service's default is 3600; the emulator
    /// allows the whole documented range unless told otherwise*).
    pub fn new(arn: impl AsRef<str>) -> Result<Self, StsConfigError> {
        let text = arn.as_ref();
        let arn = parse_role_arn(text).ok_or_else(|| StsConfigError::InvalidRoleArn {
            arn: text.to_owned(),
        })?;
        Ok(Self {
            role_id: role_id_of(&arn.arn()),
            arn,
            trusted: None,
            max_session_duration: MAX_DURATION,
        })
    }

    /// Adds a trusted principal (repeatable): a 16-digit account ID, an access key ID, or
    /// an OIDC provider ARN. Once one is given, only those listed may assume the role.
    pub fn trust(mut self, principal: impl AsRef<str>) -> Result<Self, StsConfigError> {
        let value = principal.as_ref();
        let valid = is_account_id(value)
            || parse_arn(value, "oidc-provider").is_some()
            || (!value.is_empty()
                && !value.starts_with("acs:")
                && value
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b',' && b != b'='));
        if !valid {
            return Err(StsConfigError::InvalidTrustedPrincipal {
                role: self.arn(),
                value: value.to_owned(),
            });
        }
        self.trusted
            .get_or_insert_with(Vec::new)
            .push(value.to_owned());
        Ok(self)
    }

    /// The longest `DurationSeconds` the role allows (`MaxSessionDuration`), 3600 to 43200
    /// seconds as RAM allows.
    pub fn max_session_duration(mut self, duration: Duration) -> Result<Self, StsConfigError> {
        if !(MIN_MAX_SESSION..=MAX_DURATION).contains(&duration) {
            return Err(StsConfigError::InvalidMaxSessionDuration {
                role: self.arn(),
                seconds: duration.as_secs(),
            });
        }
        self.max_session_duration = duration;
        Ok(self)
    }

    /// The role's ARN.
    pub fn arn(&self) -> String {
        self.arn.arn()
    }

    /// Whether the caller (its account, its access key ID) or `provider` may assume it.
    pub(crate) fn trusts(
        &self,
        account: &str,
        key_id: Option<&str>,
        provider: Option<&str>,
    ) -> bool {
        match &self.trusted {
            None => account == self.arn.account,
            Some(list) => list.iter().any(|t| {
                t == account || Some(t.as_str()) == key_id || Some(t.as_str()) == provider
            }),
        }
    }
}

impl FromStr for RamRole {
    type Err = StsConfigError;

    /// `ARN` or `ARN=TRUSTED[,TRUSTED...]`.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let (arn, trusted) = match value.split_once('=') {
            Some((arn, trusted)) => (arn, Some(trusted)),
            None => (value, None),
        };
        let mut role = Self::new(arn)?;
        for principal in trusted.into_iter().flat_map(|t| t.split(',')) {
            role = role.trust(principal.trim())?;
        }
        Ok(role)
    }
}

/// A key that verifies an OIDC provider's RS256 signatures.
#[derive(Clone)]
pub(crate) struct VerificationKey {
    /// The JWKS `kid`, if the key came with one.
    pub(crate) kid: Option<String>,
    pub(crate) key: DecodingKey,
}

/// An OIDC identity provider whose ID tokens `AssumeRoleWithOIDC` accepts (RRSA):
/// `acs:ram::<account>:oidc-provider/<name>`, its issuer (`iss`), its client IDs (one of
/// them must be the token's `aud`) and its RS256 verification keys (a PEM public key or
/// certificate, or a JWKS). As a `serve` flag:
/// `ARN,issuer=URL,client-id=ID[,client-id=ID...],keys=FILE` (FILE: PEM or JWKS).
///
/// ```
/// use cloudsso_emulator::OidcProvider;
///
/// # let jwks = r#"{"keys":[{"kty":"RSA","kid":"k1","use":"sig","alg":"RS256","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw","e":"AQAB"}]}"#;
/// let provider = OidcProvider::new("acs:ram::1234567890123456:oidc-provider/ack")?
///     .issuer("https://oidc.example.com/cluster")
///     .client_id("sts.aliyuncs.com")
///     .jwks(jwks)?;
/// assert_eq!(provider.arn(), "acs:ram::1234567890123456:oidc-provider/ack");
/// # Ok::<(), cloudsso_emulator::StsConfigError>(())
/// ```
#[derive(Clone)]
pub struct OidcProvider {
    pub(crate) account: String,
    pub(crate) name: String,
    pub(crate) issuer: Option<String>,
    pub(crate) client_ids: Vec<String>,
    pub(crate) keys: Vec<VerificationKey>,
}

impl std::fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProvider")
            .field("arn", &self.arn())
            .field("issuer", &self.issuer)
            .field("client_ids", &self.client_ids)
            .field("keys", &self.keys.len())
            .finish()
    }
}

impl OidcProvider {
    /// The provider `arn` (`acs:ram::<account>:oidc-provider/<name>`); give it an issuer, a
    /// client ID and a key before building the emulator.
    pub fn new(arn: impl AsRef<str>) -> Result<Self, StsConfigError> {
        let text = arn.as_ref();
        let (account, name) = parse_arn(text, "oidc-provider").ok_or_else(|| {
            StsConfigError::InvalidOidcProviderArn {
                arn: text.to_owned(),
            }
        })?;
        Ok(Self {
            account,
            name,
            issuer: None,
            client_ids: Vec::new(),
            keys: Vec::new(),
        })
    }

    /// The issuer URL its tokens carry in `iss`, compared exactly.
    #[must_use]
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Adds a client ID (repeatable): a token's `aud` must name one of them.
    #[must_use]
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_ids.push(id.into());
        self
    }

    /// Adds an RSA public key in PEM (`PUBLIC KEY`, `RSA PUBLIC KEY` or `CERTIFICATE`).
    pub fn rsa_public_key_pem(mut self, pem: &str) -> Result<Self, StsConfigError> {
        let key = rsa_key_from_pem(pem, "(PEM)")?;
        self.keys.push(VerificationKey { kid: None, key });
        Ok(self)
    }

    /// Adds the RSA keys of a JWKS document (`{"keys": [...]}`), each with its `kid`.
    pub fn jwks(mut self, json: &str) -> Result<Self, StsConfigError> {
        let set: JwkSet = serde_json::from_str(json).map_err(|e| StsConfigError::InvalidKey {
            what: "(JWKS)".to_owned(),
            reason: format!("not a JWKS document: {e}"),
        })?;
        let before = self.keys.len();
        for jwk in &set.keys {
            if !matches!(jwk.algorithm, AlgorithmParameters::RSA(_)) {
                continue;
            }
            let key = DecodingKey::from_jwk(jwk).map_err(|e| StsConfigError::InvalidKey {
                what: format!("(JWKS key {:?})", jwk.common.key_id),
                reason: e.to_string(),
            })?;
            self.keys.push(VerificationKey {
                kid: jwk.common.key_id.clone(),
                key,
            });
        }
        if self.keys.len() == before {
            return Err(StsConfigError::InvalidKey {
                what: "(JWKS)".to_owned(),
                reason: "it holds no RSA key; expected at least one key with \"kty\": \"RSA\""
                    .to_owned(),
            });
        }
        Ok(self)
    }

    /// Adds the keys of `path`: a JWKS document (JSON) or a PEM key or certificate.
    pub fn key_file(self, path: impl AsRef<Path>) -> Result<Self, StsConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| StsConfigError::ReadKeyFile {
            path: path.to_owned(),
            source,
        })?;
        let named = |e: StsConfigError| match e {
            StsConfigError::InvalidKey { reason, .. } => StsConfigError::InvalidKey {
                what: path.display().to_string(),
                reason,
            },
            other => other,
        };
        if text.trim_start().starts_with('{') {
            self.jwks(&text).map_err(named)
        } else {
            self.rsa_public_key_pem(&text).map_err(named)
        }
    }

    /// The provider's ARN.
    pub fn arn(&self) -> String {
        format!("acs:ram::{}:oidc-provider/{}", self.account, self.name)
    }

    /// Reads a `serve` flag, `ARN,issuer=URL,client-id=ID[,client-id=ID...],keys=FILE`,
    /// reading the key file.
    pub fn from_flag(value: &str) -> Result<Self, StsConfigError> {
        const EXPECTED: &str =
            "ARN,issuer=URL,client-id=ID[,client-id=ID...],keys=FILE (FILE: PEM or JWKS)";
        let mut parts = value.split(',');
        let mut provider = Self::new(parts.next().unwrap_or_default().trim())?;
        for part in parts {
            let (name, v) = part
                .split_once('=')
                .ok_or_else(|| StsConfigError::InvalidFlag {
                    value: part.to_owned(),
                    expected: EXPECTED,
                })?;
            provider = match name.trim() {
                "issuer" => provider.issuer(v),
                "client-id" => provider.client_id(v),
                "keys" => provider.key_file(v)?,
                _ => {
                    return Err(StsConfigError::InvalidFlag {
                        value: part.to_owned(),
                        expected: EXPECTED,
                    });
                }
            };
        }
        provider.check()?;
        Ok(provider)
    }

    /// An issuer, a client ID and a key are required.
    pub(crate) fn check(&self) -> Result<(), StsConfigError> {
        let missing = if self.issuer.as_deref().is_none_or(str::is_empty) {
            Some("an issuer")
        } else if self.client_ids.is_empty() {
            Some("a client ID")
        } else if self.keys.is_empty() {
            Some("a verification key")
        } else {
            None
        };
        match missing {
            Some(missing) => Err(StsConfigError::IncompleteOidcProvider {
                arn: self.arn(),
                missing,
            }),
            None => Ok(()),
        }
    }
}

/// An RSA public key from PEM: SubjectPublicKeyInfo, PKCS#1, or an X.509 certificate.
fn rsa_key_from_pem(pem: &str, what: &str) -> Result<DecodingKey, StsConfigError> {
    let invalid = |reason: String| StsConfigError::InvalidKey {
        what: what.to_owned(),
        reason,
    };
    let key = if pem.contains("-----BEGIN CERTIFICATE-----") {
        let (_, pem) = x509_parser::pem::parse_x509_pem(pem.as_bytes())
            .map_err(|e| invalid(format!("not a PEM certificate: {e}")))?;
        let certificate = pem
            .parse_x509()
            .map_err(|e| invalid(format!("not an X.509 certificate: {e}")))?;
        rsa::RsaPublicKey::from_public_key_der(certificate.public_key().raw)
            .map_err(|e| invalid(format!("the certificate's key is not RSA: {e}")))?
    } else if pem.contains("-----BEGIN RSA PUBLIC KEY-----") {
        rsa::RsaPublicKey::from_pkcs1_pem(pem.trim())
            .map_err(|e| invalid(format!("not a PKCS#1 RSA public key: {e}")))?
    } else {
        rsa::RsaPublicKey::from_public_key_pem(pem.trim()).map_err(|e| {
            invalid(format!(
                "expected a PEM RSA public key (BEGIN PUBLIC KEY, BEGIN RSA PUBLIC KEY) or \
                 certificate: {e}"
            ))
        })?
    };
    Ok(DecodingKey::from_rsa_raw_components(
        &key.n().to_bytes_be(),
        &key.e().to_bytes_be(),
    ))
}

/// STS's configuration: roles and OIDC providers by lower-case ARN.
#[derive(Clone, Debug, Default)]
pub(crate) struct Config {
    pub(crate) roles: HashMap<String, RamRole>,
    pub(crate) providers: HashMap<String, OidcProvider>,
}

impl Config {
    /// The configuration of `roles` and `providers` (a later one of the same ARN replaces
    /// an earlier one); each provider must be complete.
    pub(crate) fn new(
        roles: Vec<RamRole>,
        providers: Vec<OidcProvider>,
    ) -> Result<Self, StsConfigError> {
        let mut config = Self::default();
        for role in roles {
            config.roles.insert(role.arn().to_ascii_lowercase(), role);
        }
        for provider in providers {
            provider.check()?;
            config
                .providers
                .insert(provider.arn().to_ascii_lowercase(), provider);
        }
        Ok(config)
    }

    /// The configured role `arn`, if any.
    pub(crate) fn role(&self, arn: &RoleArn) -> Option<&RamRole> {
        self.roles.get(&arn.arn().to_ascii_lowercase())
    }

    /// The configured provider `arn`, if any.
    pub(crate) fn provider(&self, arn: &str) -> Option<&OidcProvider> {
        self.providers.get(&arn.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_flags_read_arn_and_trust() {
        let role: RamRole = "acs:ram::1234567890123456:role/admin".parse().unwrap();
        assert!(role.trusts("1234567890123456", None, None));
        assert!(!role.trusts("6543210987654321", None, None));
        let role: RamRole = "acs:ram::1234567890123456:role/admin=6543210987654321,testid"
            .parse()
            .unwrap();
        assert!(!role.trusts("1234567890123456", Some("otherkey"), None));
        assert!(role.trusts("6543210987654321", None, None));
        assert!(role.trusts("1234567890123456", Some("testid"), None));
        assert_eq!(role.role_id.len(), 19);
        for bad in [
            "acs:ram::12:role/admin",
            "acs:ram::1234567890123456:user/admin",
            "acs:ram::1234567890123456:role/",
            "acs:ram::1234567890123456:role/a b",
            "arn:aws:iam::1234567890123456:role/admin",
        ] {
            let error = bad.parse::<RamRole>().unwrap_err();
            assert!(error.to_string().contains(bad), "{error}");
        }
        let error = "acs:ram::1234567890123456:role/admin=acs:bad"
            .parse::<RamRole>()
            .unwrap_err();
        assert!(matches!(
            error,
            StsConfigError::InvalidTrustedPrincipal { .. }
        ));
        let error = RamRole::new("acs:ram::1234567890123456:role/admin")
            .unwrap()
            .max_session_duration(Duration::from_secs(100))
            .unwrap_err();
        assert!(error.to_string().contains("100 s"), "{error}");
    }

    #[test]
    fn providers_need_an_issuer_a_client_id_and_a_key() {
        let provider = OidcProvider::new("acs:ram::1234567890123456:oidc-provider/ack").unwrap();
        assert!(matches!(
            provider.check(),
            Err(StsConfigError::IncompleteOidcProvider {
                missing: "an issuer",
                ..
            })
        ));
        let provider = provider
            .issuer("https://issuer")
            .client_id("sts.aliyuncs.com");
        assert!(matches!(
            provider.check(),
            Err(StsConfigError::IncompleteOidcProvider {
                missing: "a verification key",
                ..
            })
        ));
        assert!(OidcProvider::new("acs:ram::1234567890123456:role/ack").is_err());
        let error = provider.clone().jwks(r#"{"keys": []}"#).unwrap_err();
        assert!(error.to_string().contains("no RSA key"), "{error}");
        let error = provider.clone().rsa_public_key_pem("nonsense").unwrap_err();
        assert!(error.to_string().contains("PEM"), "{error}");
        let error =
            OidcProvider::from_flag("acs:ram::1234567890123456:oidc-provider/ack,colour=red")
                .unwrap_err();
        assert!(error.to_string().contains("colour=red"), "{error}");
    }
}
