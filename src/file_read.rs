//! Reading dropped files in the browser, through gloo.
//!
//! Only the first slice of each file is read here, because a sign-in export can
//! be hundreds of megabytes and reading it whole on the UI thread would freeze
//! the page (and copy it into memory twice).

use gloo::file::callbacks::{read_as_bytes, FileReader};
use gloo::file::File;

/// Enough for any real header line (57 quoted columns is under 2 kB) with room to
/// spare, small enough to read instantly.
pub const HEAD_BYTES: u64 = 64 * 1024;

/// Starts reading the head of `file`; `done` gets its first line or a message.
/// The returned reader must be kept alive until `done` runs: dropping it cancels.
pub fn read_first_line(
    file: &File,
    done: impl FnOnce(Result<String, String>) + 'static,
) -> FileReader {
    let size = file.size();
    let head_len = size.min(HEAD_BYTES);
    let head = file.slice(0, head_len);
    read_as_bytes(&head, move |result| {
        done(
            result
                .map(|bytes| mfa_lens_core::preview::first_line(&bytes, head_len == size))
                .map_err(|e| format!("The browser could not read this file: {e}")),
        )
    })
}

/// The files of a `FileList` (from a drop or the picker) as gloo files.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(File::from)
        .collect()
}
