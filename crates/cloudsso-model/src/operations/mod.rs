//! One module per operation: its marker type, description, request and response.
//!
//! [`OPERATIONS`] and [`visit_operation`] come from the one list at the end of this file, so
//! adding an operation is a new module and a line in that list.

use acs_protocol::{Operation, OperationVisitor};

use crate::OperationDescription;

mod get_mfa_authentication_setting_info;
mod set_mfa_authentication_status;

pub use get_mfa_authentication_setting_info::*;
pub use set_mfa_authentication_status::*;

macro_rules! operations {
    ($($operation:ident,)+) => {
        /// The description of every operation in the model, in the API's order.
        pub static OPERATIONS: &[&OperationDescription] = &[$($operation::DESCRIPTION),+];

        /// Calls `visitor` with the operation whose action is `action`, or returns `None` for
        /// an action the model does not know. Actions are case-sensitive, as on the wire.
        pub fn visit_operation<V: OperationVisitor>(action: &str, visitor: V) -> Option<V::Output> {
            $(
                if action == $operation::DESCRIPTION.action {
                    return Some(visitor.visit::<$operation>());
                }
            )+
            None
        }
    };
}

operations! {
    SetMfaAuthenticationStatus,
    GetMfaAuthenticationSettingInfo,
}

/// The description of the operation whose action is `action`.
pub fn description(action: &str) -> Option<&'static OperationDescription> {
    OPERATIONS.iter().copied().find(|d| d.action == action)
}
