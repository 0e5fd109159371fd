use std::borrow::Cow;
use std::fmt;
use std::time::SystemTime;

use zeroize::Zeroizing;

/// A secret string: zeroized on drop, `** redacted **` in `Debug`, never in `Display`.
///
/// The only way to read it is [`Secret::expose`], so every use is visible in review.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret itself; keep the borrow short and never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

/// As the plain string: a model's sensitive fields (an STS response's `AccessKeySecret`,
/// an OIDC token) are `Secret`s, encoded and decoded on the wire like any string.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

impl schemars::JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "A secret, never logged." })
    }
}

/// An access key: its ID, its secret and, for STS credentials, a security token.
///
/// For `ACS3-RSA-SHA256` the secret is the PKCS#8 private key in PEM form.
///
/// Temporary credentials also say when they expire ([`Credentials::expiration`]), so that a
/// cache knows when to fetch new ones, and credentials may name the provider that gave them
/// ([`Credentials::provider_name`]), which the official SDKs send as
/// `x-acs-credentials-provider` (`static_ak`, `env`, `default/ecs_ram_role`, ...).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: Secret,
    security_token: Option<Secret>,
    expiration: Option<SystemTime>,
    provider_name: Option<Cow<'static, str>>,
}

impl Credentials {
    /// Long-lived credentials: an access key ID and its secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
            provider_name: None,
        }
    }

    /// The same key with an STS security token, sent as `x-acs-security-token` (V3) or
    /// `SecurityToken` (V2).
    #[must_use]
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The same credentials, valid until `expiration` (temporary credentials: STS tokens,
    /// ECS RAM roles, ...).
    #[must_use]
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// The same credentials, naming the provider that gave them (`static_ak`, `env`,
    /// `default/env`, ...), as the official SDKs send it in `x-acs-credentials-provider`.
    #[must_use]
    pub fn with_provider_name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.provider_name = Some(name.into());
        self
    }

    /// When these credentials stop being valid; `None` for long-lived keys.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }

    /// The provider that gave these credentials, if it said.
    pub fn provider_name(&self) -> Option<&str> {
        self.provider_name.as_deref()
    }

    /// The access key ID, which is public and travels with every request.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret.
    pub fn access_key_secret(&self) -> &Secret {
        &self.access_key_secret
    }

    /// The STS security token, if these are temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &self.access_key_secret)
            .field("security_token", &self.security_token)
            .field("expiration", &self.expiration)
            .field("provider_name", &self.provider_name)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret_or_the_token() {
        let credentials =
            Credentials::new("testid", "s3cr3t-value").with_security_token("t0ken-value");
        let debug = format!("{credentials:?}");
        assert!(debug.contains("testid"));
        assert!(!debug.contains("s3cr3t-value"));
        assert!(!debug.contains("t0ken-value"));
        assert_eq!(credentials.access_key_secret().expose(), "s3cr3t-value");
        assert_eq!(
            credentials.security_token().map(Secret::expose),
            Some("t0ken-value")
        );
    }

    #[test]
    fn expiration_and_provider_name_are_kept() {
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let credentials = Credentials::new("testid", "secret")
            .with_expiration(at)
            .with_provider_name("static_ak");
        assert_eq!(credentials.expiration(), Some(at));
        assert_eq!(credentials.provider_name(), Some("static_ak"));
        assert_eq!(Credentials::new("a", "b").expiration(), None);
        assert!(format!("{credentials:?}").contains("static_ak"));
    }
}
