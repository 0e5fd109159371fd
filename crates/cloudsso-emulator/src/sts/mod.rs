//! STS (Security Token Service, API `2015-04-01`) on the emulator's listener, as moto serves
//! a second service beside the first: requests are routed to it by their version
//! (`Version` / `x-acs-version` `2015-04-01`), then by action.
//!
//! - [`credentials`]: the table of issued temporary credentials (`sts_credentials`), kept
//!   per account, [`issue`] (the one way to issue them, for STS's operations and the user
//!   portal), and what the verifier asks of an `STS.` key: its secret, then its token and
//!   expiry.
//! - [`config`]: the RAM roles and OIDC providers STS is configured with.
//! - [`service`]: the dispatch and the checks the operations share.
//! - `assume_role`: `AssumeRole` (role chaining included) and `GetCallerIdentity`.
//! - `oidc`: `AssumeRoleWithOIDC`, anonymous, with RS256 ID tokens.

mod assume_role;
pub(crate) mod config;
pub(crate) mod credentials;
mod oidc;
pub(crate) mod service;

#[allow(unused_imports)] // The user portal calls them.
pub(crate) use credentials::{Issued, Principal, issue, issue_in};

use crate::state::{Table, TableSet, TableVisitor};

/// STS's tables in an account's state.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {
    /// The temporary credentials that act for the account, by access key ID (`STS.N…`).
    pub(crate) credentials: Table<credentials::IssuedRow>,
    /// When (Unix seconds) expired rows were last removed; not persisted (a restart only
    /// makes the next issue look again).
    pub(crate) purged_at: Option<i64>,
}

impl TableSet for Tables {
    fn visit(&mut self, visitor: &mut dyn TableVisitor) {
        visitor.table(&mut self.credentials);
    }
}

#[cfg(test)]
mod tests;
