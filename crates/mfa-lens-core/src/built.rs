//! One file read to its end on its own: the part of loading that needs no
//! other file, so it can run anywhere — inside a [`Workspace`], or in another
//! worker (a shard) whose result travels as bytes and is adopted.
//!
//! Reading a file (decode, csv-core, detection, the columnar store) depends
//! on that file's bytes alone; only the join and the classification look
//! across files. So the page spreads the reading over several workers, each
//! with a [`FileBuilder`], and the one workspace adopts the [`BuiltFile`]s
//! ([`Workspace::adopt`]) and joins and classifies once. The workspace reads
//! its own files through the same type, which is what makes a file read in a
//! shard indistinguishable from one read in place.
//!
//! [`Workspace`]: crate::Workspace
//! [`Workspace::adopt`]: crate::Workspace::adopt

mod codec;
pub mod parts;

pub use codec::{CodecError, CodecErrorKind};

use crate::detect::ReportKind;
use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use crate::format::grouped;
use crate::ingest::{FileLoader, LoadedFile};
use crate::join::StepFacts;
use crate::source::Source;

/// A file being read, slice by slice.
pub struct FileBuilder {
    name: String,
    state: Reading,
}

enum Reading {
    Open {
        reader: Box<Source>,
        loader: Box<FileLoader>,
    },
    /// The reader gave up: not a table (binary, a workbook, empty).
    Failed(Diagnostic),
}

/// What reading one file to its end gave: its table, or the fatal
/// diagnostics that say why there is none (a file cut short has both).
#[derive(Debug)]
pub struct BuiltFile {
    pub name: String,
    pub loaded: Option<LoadedFile>,
    /// Errors about the file as a whole, reported before its own diagnostics.
    pub fatal: Vec<Diagnostic>,
    /// What the join needs from the file's auth-details rows
    /// ([`step_facts_of`]), when it was worked out where the file was read
    /// ([`with_step_facts`](Self::with_step_facts)): a shard does, sparing
    /// the coordinator that work and giving it the few bytes it forwards to
    /// the shards that classify sign-ins. `None` for a file read in place:
    /// the workspace joins its rows directly.
    pub facts: Option<Vec<StepFacts>>,
}

impl BuiltFile {
    /// A file whose reading is over.
    pub fn new(name: String, loaded: Option<LoadedFile>, fatal: Vec<Diagnostic>) -> Self {
        BuiltFile {
            name,
            loaded,
            fatal,
            facts: None,
        }
    }

    /// The file with its step facts worked out.
    pub fn with_step_facts(mut self) -> Self {
        self.facts = Some(self.loaded.as_ref().map(step_facts_of).unwrap_or_default());
        self
    }
}

/// The step facts of a file's auth-details rows: its own when it is an
/// auth-details file, then those of the steps it carries (the JSON
/// download's `authenticationDetails`). Empty for any other file.
pub fn step_facts_of(file: &LoadedFile) -> Vec<StepFacts> {
    let own = (file.detection.kind == ReportKind::EntraAuthDetails)
        .then(|| StepFacts::of(&file.table, &file.map));
    let steps = file.steps.as_ref().map(|s| StepFacts::of(&s.table, &s.map));
    own.into_iter().chain(steps).collect()
}

impl FileBuilder {
    pub fn new(name: &str) -> Self {
        Self::reading(name, FileLoader::new(name))
    }

    fn reading(name: &str, loader: FileLoader) -> Self {
        FileBuilder {
            name: name.to_string(),
            state: Reading::Open {
                reader: Box::new(Source::new(name)),
                loader: Box::new(loader),
            },
        }
    }

    /// A builder for one part of a large file read in parts (see
    /// [`parts`]): it is fed the file's preamble and then the part's bytes,
    /// and stops before what only the whole file can settle.
    pub fn part(name: &str) -> Self {
        Self::reading(name, FileLoader::part(name))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Feed the next slice (any size, split anywhere). After a fatal error
    /// the rest is ignored.
    pub fn push(&mut self, chunk: &[u8]) {
        if let Reading::Open { reader, loader } = &mut self.state {
            if let Err(e) = reader.push(chunk, loader.as_mut()) {
                self.state = Reading::Failed(e.to_diagnostic(&self.name));
            }
        }
    }

    /// True once the file is known not to be a table: a caller reading a
    /// large file in slices can stop reading it.
    pub fn is_unreadable(&self) -> bool {
        matches!(self.state, Reading::Failed(_))
    }

    /// Data rows stored so far.
    pub fn rows_so_far(&self) -> u64 {
        match &self.state {
            Reading::Open { loader, .. } => loader.rows_so_far(),
            Reading::Failed(_) => 0,
        }
    }

    /// The file is complete.
    pub fn finish(self) -> BuiltFile {
        let (loaded, fatal) = match self.state {
            Reading::Open { reader, loader } => match reader.finish(*loader) {
                Ok(file) => (Some(file), Vec::new()),
                Err(e) => (None, vec![e.to_diagnostic(&self.name)]),
            },
            Reading::Failed(d) => (None, vec![d]),
        };
        BuiltFile::new(self.name, loaded, fatal)
    }

    /// The source stopped delivering bytes after `read` of `size`: the
    /// complete records read so far are kept (the one cut in two is
    /// dropped), and an error says how far the reading got, in `cause`'s
    /// words first, so no count is silently short.
    pub fn finish_cut_short(self, read: u64, size: u64, cause: &str) -> BuiltFile {
        let loaded = match self.state {
            Reading::Open { reader, loader } => reader.finish_cut(*loader),
            // Known not to be a table before the bytes stopped: that is
            // what the person needs to read, not how far the reading got.
            Reading::Failed(d) => return BuiltFile::new(self.name, None, vec![d]),
        };
        let kept = loaded.as_ref().map(|f| f.table.rows() as u64);
        let fatal = vec![Diagnostic::new(
            self.name.clone(),
            None,
            Severity::Error,
            DiagnosticCode::ReadFailed,
            cut_short_message(cause, read, size, kept),
        )];
        BuiltFile::new(self.name, loaded, fatal)
    }
}

/// What a person reads about a file whose bytes stopped arriving.
fn cut_short_message(cause: &str, read: u64, size: u64, kept: Option<u64>) -> String {
    let (read, size) = (grouped(read), grouped(size));
    match kept {
        Some(rows) => format!(
            "{cause} Reading stopped after {read} of {size} bytes. The {} complete row{} read \
             before that {} kept and counted; the rest of the file is not. Add the file again \
             to read it whole.",
            grouped(rows),
            if rows == 1 { "" } else { "s" },
            if rows == 1 { "is" } else { "are" },
        ),
        None => format!(
            "{cause} Reading stopped after {read} of {size} bytes, before the header line was \
             complete, so nothing from this file is used. Add the file again to read it."
        ),
    }
}
