//! Redaction: a copy of an export that reads the same, with every identifying
//! value replaced by a keyed pseudonym.
//!
//! Why keyed pseudonyms rather than blanks or plain hashes: the copy must still
//! be analysable (the same user is the same token in every file, a sign-in
//! still joins its auth-details rows, two addresses of one network stay in one
//! network), and nobody without the key may reverse it — a plain hash of a
//! user principal name is reversed by hashing the tenant's directory. ENISA's
//! pseudonymisation guidance calls this a keyed MAC; Crypto-PAn is the
//! prefix-preserving form for IP addresses.
//!
//! What is replaced is decided per column from the header, by the one table
//! [`crate::columns::personal_of`]. Everything else is copied byte for byte, so
//! MFA Lens (or anyone) reads the redacted file as the same kind with the same
//! counts, outcomes, reasons and methods.
//!
//! - [`Key`] — the 256-bit secret (random, hex, or from a passphrase).
//! - [`Pseudonyms`] — value → pseudonym per class (`pseudonym.rs`, with
//!   `ip.rs`, `phone.rs`, `location.rs`).
//! - [`FileRedactor`] — one file, streamed in chunks of any size (`file.rs`
//!   for encodings, `rewrite.rs` for records, `scan.rs` for field bounds).
//! - [`Redactor`] — the key's pseudonyms shared by every file of one
//!   redaction, with a bounded cache and, when asked, the mapping.
//! - [`redact_workspace`] and [`bundle`] — a set of files at once, into a
//!   fresh workspace (a redacted report) or one ZIP (`bundle.rs`), both over
//!   [`StreamedRedaction`], which the page's worker feeds slice by slice.

mod bundle;
mod file;
mod ip;
mod key;
mod location;
mod phone;
mod pseudonym;
mod rewrite;
mod scan;

use std::collections::BTreeMap;

pub use bundle::{
    bundle, entry_names, redact_workspace, Bundle, BundleError, RedactedSet, StreamedRedaction,
    README, README_NAME, SUMMARY_NAME,
};
pub use file::{FileRedactor, RedactError, Redacted};
pub use key::{Key, KeyError, PASSPHRASE_ROUNDS, PASSPHRASE_SALT};
pub use pseudonym::Pseudonyms;

use crate::columns::Personal;
use crate::query::push_field;
use crate::store::FxHashMap;

/// A record may not grow past this many bytes: beyond it the input is not an
/// export but, most likely, a quote left open near its top.
pub const RECORD_LIMIT: usize = 64 << 20;

/// Distinct values the cache holds before it starts again (each entry is a
/// value and its pseudonym, so about 20 MB at most).
const CACHE_LIMIT: usize = 1 << 18;

/// Pseudonyms for every file of one redaction.
pub struct Redactor {
    pseudonyms: Pseudonyms,
    /// (class tag + value bytes) → pseudonym. Users, addresses, places repeat
    /// on every row; computing each once is most of the speed.
    cache: FxHashMap<Box<[u8]>, Box<str>>,
    scratch: Vec<u8>,
    mapping: Option<Mapping>,
}

/// Original → pseudonym, per class, for the owner of the data only.
pub type Mapping = BTreeMap<(String, String), String>;

impl Redactor {
    pub fn new(key: &Key) -> Self {
        Redactor {
            pseudonyms: Pseudonyms::new(key),
            cache: FxHashMap::default(),
            scratch: Vec::new(),
            mapping: None,
        }
    }

    /// Also remember every original value with its pseudonym.
    pub fn keep_mapping(&mut self) {
        // Values met before were cached unrecorded: meet them again.
        self.cache.clear();
        self.mapping.get_or_insert_with(Mapping::new);
    }

    /// What [`Redactor::keep_mapping`] collected: (class, original) →
    /// pseudonym, originals trimmed.
    pub fn mapping(&self) -> Option<&Mapping> {
        self.mapping.as_ref()
    }

    /// The mapping as CSV (`class,original,pseudonym`), formulas neutralised.
    pub fn mapping_csv(&self) -> String {
        let mut out = String::from("class,original,pseudonym\r\n");
        for ((class, original), pseudonym) in self.mapping.iter().flatten() {
            for (i, cell) in [class, original, pseudonym].into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_field(&mut out, cell);
            }
            out.push_str("\r\n");
        }
        out
    }

    /// Redacts a whole file held in memory (tests, small files); large files
    /// go through [`FileRedactor`] in chunks.
    pub fn redact(&mut self, bytes: &[u8]) -> Result<(Vec<u8>, Redacted), RedactError> {
        let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8);
        let mut file = FileRedactor::new();
        file.push(self, bytes, &mut out)?;
        let done = file.finish(self, &mut out)?;
        Ok((out, done))
    }

    /// The pseudonym of a non-empty value.
    pub(crate) fn pseudonym(&mut self, class: Personal, value: &str) -> &str {
        self.scratch.clear();
        class_tag(class, &mut self.scratch);
        self.scratch.extend_from_slice(value.as_bytes());
        if !self.cache.contains_key(self.scratch.as_slice()) {
            if self.cache.len() >= CACHE_LIMIT {
                self.cache.clear();
            }
            let pseudonym = self.pseudonyms.of(class, value);
            if let Some(mapping) = &mut self.mapping {
                let key = (class_name(class).to_string(), value.trim().to_string());
                mapping.insert(key, pseudonym.clone());
            }
            let key: Box<[u8]> = self.scratch.as_slice().into();
            self.cache.insert(key, pseudonym.into());
        }
        &self.cache[self.scratch.as_slice()]
    }
}

/// The cache key's prefix: a class, ended by a NUL no class name contains.
fn class_tag(class: Personal, out: &mut Vec<u8>) {
    out.extend_from_slice(class_name(class).as_bytes());
    out.push(0);
}

/// A class as the mapping names it.
fn class_name(class: Personal) -> &'static str {
    match class {
        Personal::User => "user",
        Personal::Name => "name",
        Personal::Id => "id",
        Personal::Ip => "ip",
        Personal::Phone => "phone",
        Personal::Location => "location",
        Personal::MethodDetail => "method detail",
        Personal::Text(word) => word,
    }
}

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}
