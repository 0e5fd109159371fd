//! The directory family: directories and their settings.

mod directories;

pub use self::directories::DirectoryState;
pub(crate) use self::directories::{DeletedDirectory, is_valid_directory_name, name_for};
use crate::state::{Table, TableSet, TableVisitor};

/// The directory family's tables.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {
    /// Directories by ID.
    pub(crate) directories: Table<DirectoryState>,
    /// Configured directories that `DeleteDirectory` deleted: not created again at start.
    pub(crate) deleted_directories: Table<DeletedDirectory>,
}

impl TableSet for Tables {
    fn visit(&mut self, visitor: &mut dyn TableVisitor) {
        visitor.table(&mut self.directories);
        visitor.table(&mut self.deleted_directories);
    }
}
