//! What this crate takes from acs-client, and the two ways a provider says no.

use std::borrow::Cow;

pub(crate) use acs_client::{
    CredentialsError, Env, EnvironmentVariableCredentialsProvider, HttpClient, ProvideCredentials,
    ProvideCredentialsFuture, SharedCredentialsProvider,
};

/// A boxed error, as [`CredentialsError`] keeps its cause.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// `provider` is configured but could not give credentials (`message`), because of
/// `source`.
pub(crate) fn failed(
    provider: impl Into<Cow<'static, str>>,
    message: &'static str,
    source: impl Into<BoxError>,
) -> CredentialsError {
    CredentialsError::provider_failed(provider, message, source)
}

/// `provider` is not configured here; the chain moves on.
pub(crate) fn declined(
    provider: impl Into<Cow<'static, str>>,
    message: impl Into<Cow<'static, str>>,
) -> CredentialsError {
    CredentialsError::not_loaded(provider, message)
}

/// `credentials` named `<wrapper>/<their provider>` as the official libraries name what a
/// wrapping provider passes on (`default/cli_profile/ram_role_arn/static_ak`).
pub(crate) fn named_through(
    wrapper: &str,
    credentials: acs_protocol::Credentials,
) -> acs_protocol::Credentials {
    let name = match credentials.provider_name() {
        Some(inner) => format!("{wrapper}/{inner}"),
        None => wrapper.to_owned(),
    };
    credentials.with_provider_name(name)
}
