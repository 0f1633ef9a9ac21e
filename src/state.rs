//! The page's state as a pure reducer: no DOM, no browser calls, so it is tested
//! like any other Rust code. Row data never lives here; this holds what the page
//! shows about each file.

use std::rc::Rc;

use yew::Reducible;

/// Identifies a dropped file for the lifetime of the page.
pub type FileId = u32;

/// What the page knows about one dropped file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    pub id: FileId,
    pub name: String,
    pub size: u64,
    pub status: FileStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FileStatus {
    /// Its first bytes are being read.
    Reading,
    /// Its first line, decoded.
    Previewed { first_line: String },
    /// The browser could not read it (permissions, file gone, ...).
    Failed { message: String },
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct State {
    pub files: Vec<LoadedFile>,
    next_id: FileId,
}

pub enum Action {
    /// New files were dropped or picked; ids are assigned in order.
    Add(Vec<(String, u64)>),
    Previewed {
        id: FileId,
        first_line: String,
    },
    Failed {
        id: FileId,
        message: String,
    },
    Remove(FileId),
    Clear,
}

impl State {
    /// The id the next added file will get; lets the caller start reading files
    /// under the ids the reducer is about to assign.
    pub fn next_id(&self) -> FileId {
        self.next_id
    }

    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    fn set_status(&mut self, id: FileId, status: FileStatus) {
        // A result for a file removed meanwhile is dropped, not resurrected.
        if let Some(file) = self.files.iter_mut().find(|f| f.id == id) {
            file.status = status;
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Add(files) => {
                for (name, size) in files {
                    let id = next.next_id;
                    next.next_id += 1;
                    next.files.push(LoadedFile {
                        id,
                        name,
                        size,
                        status: FileStatus::Reading,
                    });
                }
            }
            Action::Previewed { id, first_line } => {
                next.set_status(id, FileStatus::Previewed { first_line })
            }
            Action::Failed { id, message } => next.set_status(id, FileStatus::Failed { message }),
            Action::Remove(id) => next.files.retain(|f| f.id != id),
            Action::Clear => next.files.clear(),
        }
        Rc::new(next)
    }
}

/// "1.2 MB"-style sizes, decimal units as file managers show them.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn added_files_get_consecutive_ids_across_drops() {
        let s = reduce(
            State::default(),
            Action::Add(vec![("a.csv".into(), 1), ("b.csv".into(), 2)]),
        );
        let s = reduce(s, Action::Add(vec![("c.csv".into(), 3)]));
        let ids: Vec<_> = s.files.iter().map(|f| f.id).collect();
        assert_eq!(ids, [0, 1, 2]);
        assert_eq!(s.next_id(), 3);
        assert_eq!(s.total_bytes(), 6);
    }

    #[test]
    fn preview_for_a_removed_file_is_ignored() {
        let s = reduce(State::default(), Action::Add(vec![("a.csv".into(), 1)]));
        let s = reduce(s, Action::Remove(0));
        let s = reduce(
            s,
            Action::Previewed {
                id: 0,
                first_line: "x".into(),
            },
        );
        assert!(s.files.is_empty());
    }

    #[test]
    fn clear_keeps_ids_unique() {
        let s = reduce(State::default(), Action::Add(vec![("a.csv".into(), 1)]));
        let s = reduce(s, Action::Clear);
        let s = reduce(s, Action::Add(vec![("b.csv".into(), 1)]));
        assert_eq!(s.files[0].id, 1);
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(7_730), "7.7 kB");
        assert_eq!(human_size(104_857_600), "104.9 MB");
    }
}
