//! What the signed-in user may choose: `GET /access-assignments/accounts` and
//! `GET /access-assignments/access-configurations?AccountId=`, every page (`IsTruncated`,
//! `NextToken`), with the access token as Bearer.

use acs_protocol::encoding::percent_encoded;
use serde::Deserialize;

use super::{AccessToken, LoginError, Portal};
use crate::transport::parse_json;

/// `MaxResults` of each page, the CLI's.
pub const PAGE_SIZE: u32 = 100;

/// An account the user was granted.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Account {
    /// `AccountId`.
    pub account_id: String,
    /// `DisplayName`.
    #[serde(default)]
    pub display_name: String,
}

/// An access configuration the user was granted on an account.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AccessConfiguration {
    /// `AccessConfigurationId` (`ac-…`).
    pub access_configuration_id: String,
    /// `AccessConfigurationName`.
    #[serde(default)]
    pub access_configuration_name: String,
    /// `AccessConfigurationDescription`.
    #[serde(default)]
    pub access_configuration_description: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Page<T> {
    #[serde(
        default = "Vec::new",
        alias = "Accounts",
        alias = "AccessConfigurationsForAccount"
    )]
    items: Vec<T>,
    #[serde(default)]
    is_truncated: bool,
    #[serde(default)]
    next_token: Option<String>,
}

impl Portal {
    /// Every account the user may sign in to.
    pub async fn list_accounts(&self, token: &AccessToken) -> Result<Vec<Account>, LoginError> {
        self.list_all("/access-assignments/accounts", "", token)
            .await
    }

    /// Every access configuration the user may use on `account_id`.
    pub async fn list_access_configurations(
        &self,
        token: &AccessToken,
        account_id: &str,
    ) -> Result<Vec<AccessConfiguration>, LoginError> {
        let query = format!("AccountId={}&", percent_encoded(account_id));
        self.list_all("/access-assignments/access-configurations", &query, token)
            .await
    }

    /// Follows `NextToken` while `IsTruncated`; `query` is the fixed part, ending in `&`.
    async fn list_all<T: for<'de> Deserialize<'de>>(
        &self,
        path: &str,
        query: &str,
        token: &AccessToken,
    ) -> Result<Vec<T>, LoginError> {
        let endpoint = self.endpoint(path);
        let mut items = Vec::new();
        let mut next_token: Option<String> = None;
        loop {
            let mut path_and_query = format!("{path}?{query}MaxResults={PAGE_SIZE}");
            if let Some(next) = &next_token {
                path_and_query.push_str(&format!("&NextToken={}", percent_encoded(next)));
            }
            let response = self
                .call(http::Method::GET, &path_and_query, None, Some(&token.token))
                .await?;
            let page: Page<T> = parse_json(&endpoint, response.body())?;
            items.extend(page.items);
            if !page.is_truncated {
                return Ok(items);
            }
            match page.next_token {
                Some(next) if !next.is_empty() && next_token.as_deref() != Some(next.as_str()) => {
                    next_token = Some(next);
                }
                other => {
                    return Err(LoginError::Paging {
                        endpoint,
                        next_token: other.unwrap_or_default(),
                    });
                }
            }
        }
    }
}
