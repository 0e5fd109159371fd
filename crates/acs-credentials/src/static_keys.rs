//! Fixed credentials: an access key, or an STS token given as it is (no refresh).

use acs_protocol::Credentials;

use crate::runtime::{ProvideCredentials, ProvideCredentialsFuture};

/// Always the same credentials: `AK` and `StsToken` profiles, or keys from the program.
#[derive(Debug, Clone)]
pub struct StaticCredentialsProvider {
    credentials: Credentials,
}

impl StaticCredentialsProvider {
    /// Serves `credentials` (an access key, with or without a security token).
    pub fn new(credentials: Credentials) -> Self {
        Self { credentials }
    }
}

impl ProvideCredentials for StaticCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let credentials = self.credentials.clone();
        Box::pin(async move { Ok(credentials) })
    }
}
