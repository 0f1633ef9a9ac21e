//! Which user a row belongs to: the one rule every count of users follows
//! (Summary JSON v1, the report views, the Registration view), so a user is
//! the same person in every number the page and the CLI show.
//!
//! Users are compared case-insensitively (Unicode lower case) after trimming;
//! a row without a user counts as the single user [`UNKNOWN_USER`].

use crate::store::{Column, FxHashMap};

use super::ValueMemo;

/// The user of rows whose user column is empty.
pub const UNKNOWN_USER: &str = "(unknown)";

/// The user as shown: the trimmed cell, or [`UNKNOWN_USER`] when empty.
pub(crate) fn shown_user(cell: &str) -> &str {
    let v = cell.trim();
    if v.is_empty() {
        UNKNOWN_USER
    } else {
        v
    }
}

/// Writes the user `cell` names, folded for comparison, into `out` (reused,
/// so folding a user allocates nothing).
pub(crate) fn fold_user(cell: &str, out: &mut String) {
    let v = shown_user(cell);
    out.clear();
    if v.is_ascii() {
        out.push_str(v);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&v.to_lowercase());
    }
}

/// Does `cell` name the user whose folded name ([`fold_user`]) is `folded`?
pub(crate) fn same_user(cell: &str, folded: &str) -> bool {
    let v = shown_user(cell);
    if v.is_ascii() {
        v.eq_ignore_ascii_case(folded)
    } else {
        v.to_lowercase() == folded
    }
}

/// Case-insensitive user interner: a dense id per user, and each user as
/// first written.
#[derive(Default)]
pub(crate) struct Users {
    index: FxHashMap<String, u32>,
    pub(crate) shown: Vec<String>,
    buf: String,
}

impl Users {
    pub(crate) fn id(&mut self, raw: &str) -> u32 {
        fold_user(raw, &mut self.buf);
        if let Some(&i) = self.index.get(self.buf.as_str()) {
            return i;
        }
        let i = self.shown.len() as u32;
        self.shown.push(shown_user(raw).to_string());
        self.index.insert(self.buf.clone(), i);
        i
    }

    pub(crate) fn len(&self) -> u64 {
        self.shown.len() as u64
    }
}

/// Per-column memo of user ids.
pub(crate) fn user_ids_of<'a>(
    column: Option<&'a Column>,
) -> impl FnMut(&mut Users, usize) -> u32 + 'a {
    let mut memo = ValueMemo::new(column);
    move |users: &mut Users, row: usize| memo.get(column, row, |v| users.id(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_are_case_insensitive_and_empty_is_unknown() {
        let mut u = Users::default();
        let a = u.id("Alice@Contoso.com");
        assert_eq!(u.id(" alice@contoso.com "), a);
        assert_eq!(u.shown[a as usize], "Alice@Contoso.com");
        let x = u.id("");
        assert_eq!(u.id("  "), x);
        assert_eq!(u.shown[x as usize], UNKNOWN_USER);
        assert_eq!(u.len(), 2);
        let e = u.id("ÉLODIE@contoso.com");
        assert_eq!(u.id("élodie@contoso.com"), e);
    }

    #[test]
    fn folding_and_matching_agree() {
        let mut folded = String::new();
        for cell in ["Bob@Contoso.com", " ÉLODIE ", "", "  "] {
            fold_user(cell, &mut folded);
            assert!(same_user(cell, &folded), "{cell:?}");
            assert!(same_user(&cell.to_uppercase(), &folded), "{cell:?}");
        }
        fold_user("", &mut folded);
        assert_eq!(folded, UNKNOWN_USER);
        assert!(!same_user("bob@contoso.com", "alice@contoso.com"));
    }
}
