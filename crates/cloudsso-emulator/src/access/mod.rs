//! The access family: access configurations, provisionings, assignments and tasks.

use crate::state::{TableSet, TableVisitor};

/// The access family's tables.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {}

impl TableSet for Tables {
    fn visit(&mut self, _visitor: &mut dyn TableVisitor) {}
}
