//! Compact row references: a result set of 2,000,000 rows is one flat
//! `Vec<RowRef>` of 16 MB, with no allocation per row.

use serde::{Deserialize, Serialize};

use crate::workspace::FileId;

/// A row of a loaded file: the [`FileId`] in the high 32 bits, the row index
/// in the low 32. Serialises as one number (exact in JavaScript as long as the
/// file id stays below 2^21, i.e. always in practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RowRef(pub u64);

impl RowRef {
    pub fn new(file: FileId, row: u32) -> Self {
        RowRef((u64::from(file.0) << 32) | u64::from(row))
    }

    pub fn file(self) -> FileId {
        FileId((self.0 >> 32) as u32)
    }

    pub fn row(self) -> usize {
        (self.0 & 0xffff_ffff) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_and_row_round_trip() {
        let r = RowRef::new(FileId(7), 1_999_999);
        assert_eq!(r.file(), FileId(7));
        assert_eq!(r.row(), 1_999_999);
        let max = RowRef::new(FileId(u32::MAX), u32::MAX);
        assert_eq!(
            (max.file(), max.row()),
            (FileId(u32::MAX), u32::MAX as usize)
        );
        assert!(RowRef::new(FileId(1), 0) > RowRef::new(FileId(0), 5));
    }
}
