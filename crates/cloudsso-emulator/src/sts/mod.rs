//! STS (Security Token Service, API `2015-04-01`) on the emulator's listener, as moto serves
//! a second service beside the first: temporary credentials issued and kept per account,
//! and accepted by every request that carries their security token until they expire.
//!
//! - [`credentials`]: the table of issued credentials (`sts_credentials`), [`issue`] (the
//!   one way to issue them, for STS's operations and the user portal), and what the
//!   verifier asks of an `STS.` key: its secret, then its token and expiry.

// The operations that use it land next; the portal calls `issue` too.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod credentials;

#[allow(unused_imports)]
pub(crate) use credentials::{Issued, Principal, issue, issue_in};

use crate::state::{Table, TableSet, TableVisitor};

/// STS's tables in an account's state.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {
    /// The temporary credentials that act for the account, by access key ID (`STS.N…`).
    pub(crate) credentials: Table<credentials::IssuedRow>,
}

impl TableSet for Tables {
    fn visit(&mut self, visitor: &mut dyn TableVisitor) {
        visitor.table(&mut self.credentials);
    }
}

#[cfg(test)]
mod tests;
