//! Loading one file into a workspace in given slices, for the tests that
//! check a reader gives the same rows however its input is cut.

use mfa_lens_core::{FileId, Workspace};

/// Load `data` as `name`, cut at the given sizes (the rest in one last slice).
pub fn load_in(name: &str, data: &[u8], cuts: &[usize]) -> (Workspace, FileId) {
    let mut ws = Workspace::new();
    let id = ws.begin_file(name);
    let mut rest = data;
    for &n in cuts {
        let (head, tail) = rest.split_at(n.min(rest.len()));
        ws.push(id, head);
        rest = tail;
    }
    ws.push(id, rest);
    ws.finish(id);
    (ws, id)
}
