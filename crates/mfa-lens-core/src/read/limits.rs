//! The bounds the reader keeps to whatever the input, and the record of what it
//! had to repair to keep to them. Why these numbers: see each constant.

/// Longest field kept, in bytes. The longest legitimate values in the exports
/// (user agents, conditional-access policy lists, Graph JSON pasted into a
/// column) are a few KiB; 1 MiB leaves a wide margin and still bounds memory.
pub const FIELD_LIMIT: usize = 1 << 20;

/// Most fields kept per record: Excel's own column limit, far above the widest
/// export (57 columns). Beyond this the file is not a table of MFA data, but the
/// first columns are still kept so that something useful is shown.
pub const COLUMN_LIMIT: usize = 16_384;

/// How much text is held back looking for the end of the header line before the
/// delimiter is decided from what has arrived.
pub const SNIFF_LIMIT: usize = 1 << 20;

/// The bounds the reader works within. The defaults are the constants above;
/// smaller ones exist so that tests can reach every limit with small inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Longest field kept, in bytes (at least 1).
    pub field_bytes: usize,
    /// Most fields kept per record (at least 1).
    pub columns: usize,
    /// Text held back looking for the end of the header line (at least 1).
    pub sniff_bytes: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            field_bytes: FIELD_LIMIT,
            columns: COLUMN_LIMIT,
            sniff_bytes: SNIFF_LIMIT,
        }
    }
}

impl ReadLimits {
    pub(crate) fn at_least_one(self) -> Self {
        ReadLimits {
            field_bytes: self.field_bytes.max(1),
            columns: self.columns.max(1),
            sniff_bytes: self.sniff_bytes.max(1),
        }
    }
}

/// A problem seen on possibly many rows, reported once: where first, how often.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) first_line: Option<u64>,
    pub(crate) count: u64,
}

impl Tally {
    pub(crate) fn note(&mut self, line: u64) {
        self.first_line.get_or_insert(line);
        self.count = self.count.saturating_add(1);
    }
}

/// What the stage had to repair, for the diagnostics written at the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Repairs {
    /// Undecodable byte sequences (replaced by Windows-1252 text or U+FFFD).
    pub(crate) undecodable: Tally,
    /// Rows with at least one field cut at [`FIELD_LIMIT`].
    pub(crate) long_fields: Tally,
    /// Rows with fields beyond [`COLUMN_LIMIT`].
    pub(crate) wide_rows: Tally,
    /// Line of the record whose quoted field was still open at the end of the file.
    pub(crate) unterminated_quote: Option<u64>,
    /// First line before the header made of delimiters only (`,,,,`): a header
    /// row whose every caption is empty. It is skipped like a blank line, so the
    /// next line with text becomes the header, but the person must be told:
    /// when the file has no real header, that "header" is their first data row.
    pub(crate) empty_header: Option<u64>,
}
