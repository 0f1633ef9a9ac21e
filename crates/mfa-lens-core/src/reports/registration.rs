//! The Registration view: who has and who has not registered for MFA.
//!
//! The reference document asks two PowerShell questions of the MSOnline
//! module — *which users have registered for MFA* (`StrongAuthenticationMethods
//! -ne $null`) and *which have not* (`StrongAuthenticationMethods.Count -eq 0`).
//! The exports admins download today answer the same questions: the portal's
//! "User registration details" (and its Graph / SDK spellings) carries an
//! `MFA registered` flag, and the MSOnline report carries the methods
//! themselves. [`registration_report`] answers both questions from whichever
//! is loaded, plus what an admin asks next: which methods, which admins have
//! no MFA, who is capable but not registered (or the reverse), and — when
//! sign-ins are loaded too — who signs in without being registered.
//!
//! Rules, shared with Summary JSON v1's `registration` section (which is
//! built from the same [`tally`], so the page and the CLI cannot disagree):
//! - Users are matched case-insensitively across files (trimmed); a row
//!   without a user is the single user `(unknown)`
//!   ([`crate::classify::users`]).
//! - A row is registered, and MFA capable, by the row rules of
//!   [`crate::classify::registration`] (which the Rows tab's computed column
//!   reads too); a user is registered if any row says so.
//! - `Admin` is `True`/`Yes`.
//! - Sign-in users are joined on the user name, ignoring case; sign-in rows
//!   without a user take no part.
//!
//! Costs: one pass over the registration rows with every per-value decision
//! (flags, method lists) memoised per distinct value, and one pass over the
//! sign-in user column the same way. Lists are bounded: the unregistered
//! users come a page at a time (picked with `select_nth_unstable`, not a full
//! sort), the others are capped at [`LIST_CAP`] with their full count beside.
//! A user costs 20 bytes and no allocation (see `UserIndex`); measured by
//! `examples/registration_speed.rs`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::registration::{
    is_capable_value, is_registered_value, methods_column, registered_methods,
};
use crate::classify::users::{fold_user, same_user, shown_user};
use crate::classify::{is_yes, Outcome, ValueMemo};
use crate::columns::Role;
use crate::detect::ReportKind;
use crate::knowledge::{self, MethodId};
use crate::query::text::compare_text;
use crate::query::{yes_no, Computed, Dataset, DatasetId, Filter, RowRef};
use crate::store::dates::format_timestamp;
use crate::store::{hash_str, FxHashMap, Table};
use crate::workspace::{FileId, FileView, Workspace};

/// Longest list sent for the admins and the two sign-in lists.
pub const LIST_CAP: usize = 200;
/// Largest page of unregistered users one request gets.
pub const MAX_PAGE: u64 = 1_000;

/// Which page of the unregistered users to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRequest {
    pub offset: u64,
    pub limit: u64,
}

impl Default for RegistrationRequest {
    fn default() -> Self {
        RegistrationRequest {
            offset: 0,
            limit: 100,
        }
    }
}

/// Everything the Registration view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationReport {
    /// Distinct users in the registration reports.
    pub users: u64,
    /// Users registered for MFA (the first PowerShell question).
    pub registered: u64,
    /// Users not registered (the second PowerShell question).
    pub not_registered: u64,
    /// Users per registered method, most users first: each method once,
    /// under its portal name ([`knowledge::method_label`]), whatever spelling
    /// each file wrote it in; a spelling the knowledge base does not know is
    /// kept as written.
    pub methods: Vec<MethodCount>,
    /// MFA capable against registered; absent without an `MFA capable` column.
    pub capability: Option<Capability>,
    /// Admins and those of them without MFA; absent without an `Admin` column.
    pub admins: Option<Admins>,
    /// Users per MSOnline per-user MFA state (`Enabled`, `Enforced`,
    /// `Disabled`); empty without an MSOnline report.
    pub mfa_states: Vec<(String, u64)>,
    /// A page of the users not registered: admins first, then those with the
    /// most sign-ins, then by name.
    pub unregistered: UserPage,
    /// The join with the sign-ins; absent when no sign-in export is loaded.
    pub sign_ins: Option<SignInCheck>,
    /// Filters on the registration rows (the Rows tab's `registration`
    /// dataset) selecting the rows that say registered: the list the first
    /// PowerShell question prints.
    pub registered_filter: Vec<Filter>,
    /// Filters selecting the rows of the users not registered.
    pub unregistered_filter: Vec<Filter>,
    /// Filters selecting the rows of the admins without MFA; empty without
    /// an `Admin` column.
    pub admins_filter: Vec<Filter>,
}

/// One registered method and the users who have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodCount {
    /// The portal's name of the method, or the spelling as written when the
    /// knowledge base does not know it.
    pub label: String,
    /// The method, when the knowledge base knows the spelling.
    pub id: Option<MethodId>,
    pub users: u64,
    /// The spellings the files used for it, as first written, in the order
    /// first seen (the label itself among them when a file wrote it so).
    pub spellings: Vec<String>,
}

/// MFA capable (registered with a method the policy allows) against MFA
/// registered, in users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capability {
    pub registered_capable: u64,
    /// Registered, but with no method the policy allows.
    pub registered_not_capable: u64,
    /// Capable without being registered (a policy allows a method the user
    /// has, such as a phone number set by an admin, outside registration).
    pub not_registered_capable: u64,
    pub not_registered_not_capable: u64,
    /// Users with no capable value (only in an MSOnline report).
    pub unknown: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Admins {
    pub admins: u64,
    pub without_mfa: u64,
    /// The admins without MFA, by name (at most [`LIST_CAP`]).
    pub list: Vec<RegisteredUser>,
}

/// One user of the registration reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredUser {
    /// As first written in the files.
    pub user: String,
    /// The display name, when a file has one.
    pub name: Option<String>,
    pub admin: Option<bool>,
    pub capable: Option<bool>,
    /// The MSOnline per-user MFA state.
    pub mfa_state: Option<String>,
    /// Sign-in rows, when sign-ins are loaded.
    pub sign_ins: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub total: u64,
    pub offset: u64,
    pub users: Vec<RegisteredUser>,
}

/// Registration against the sign-ins.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInCheck {
    /// Distinct users in the sign-ins (rows with a user).
    pub sign_in_users: u64,
    /// Sign-in users the registration reports list as not registered.
    pub not_registered: SignInList,
    /// Sign-in users absent from every registration report.
    pub not_in_report: SignInList,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInList {
    pub total: u64,
    /// Most sign-ins first (at most [`LIST_CAP`]).
    pub users: Vec<SignInUser>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInUser {
    pub user: String,
    pub sign_ins: u64,
    /// Sign-ins where MFA was satisfied anyway (by a claim, a remembered
    /// device, a federated provider…).
    pub mfa_satisfied: u64,
    /// ISO 8601 UTC.
    pub last_seen: Option<String>,
}

/// Case-insensitive index of users: a 64-bit hash of the folded name → a
/// dense id, each hit confirmed against the user's first-seen cell (which the
/// caller reads back from its table), and the rare name whose hash another
/// took in a small exact map. So a user costs no allocation at all: the
/// name is folded into a reused buffer (as `DictColumn` does for values).
#[derive(Default)]
struct UserIndex {
    ids: FxHashMap<u64, u32>,
    collisions: FxHashMap<Box<str>, u32>,
    buf: String,
}

impl UserIndex {
    fn with_capacity(n: usize) -> Self {
        let mut ids = FxHashMap::default();
        ids.reserve(n);
        UserIndex {
            ids,
            ..UserIndex::default()
        }
    }

    /// Folds `raw` into the buffer; its hash.
    fn fold(&mut self, raw: &str) -> u64 {
        fold_user(raw, &mut self.buf);
        hash_str(&self.buf)
    }

    /// The id of `raw`, or `next` (returned with `true`) when it is new.
    /// `stored(id)` is the cell a known user was first seen with.
    fn id<'s>(&mut self, raw: &str, next: u32, stored: impl Fn(u32) -> &'s str) -> (u32, bool) {
        let hash = self.fold(raw);
        match self.ids.get(&hash) {
            None => {
                self.ids.insert(hash, next);
                (next, true)
            }
            Some(&i) if same_user(stored(i), &self.buf) => (i, false),
            Some(_) => match self.collisions.get(self.buf.as_str()) {
                Some(&i) => (i, false),
                None => {
                    self.collisions.insert(self.buf.as_str().into(), next);
                    (next, true)
                }
            },
        }
    }

    fn find<'s>(&mut self, raw: &str, stored: impl Fn(u32) -> &'s str) -> Option<u32> {
        let hash = self.fold(raw);
        match self.ids.get(&hash) {
            None => None,
            Some(&i) if same_user(stored(i), &self.buf) => Some(i),
            Some(_) => self.collisions.get(self.buf.as_str()).copied(),
        }
    }
}

/// Where a user was first seen: the file (index into the tally's files) and row.
#[derive(Clone, Copy, Default)]
struct Seen {
    file: u16,
    row: u32,
}

const REGISTERED: u8 = 1;
const ADMIN_KNOWN: u8 = 2;
const ADMIN: u8 = 4;
const CAPABLE_KNOWN: u8 = 8;
const CAPABLE: u8 = 16;
const NONE: u32 = u32::MAX;

/// What the registration reports say about one user (20 bytes: 2,000,000
/// users cost 40 MB).
#[derive(Clone, Copy)]
struct UserAcc {
    flags: u8,
    /// Index into [`Tally::states`]; `u16::MAX` when none.
    state: u16,
    /// Index into [`Tally::combos`] (the first method list seen); [`NONE`]
    /// before any. Users whose rows list different methods have the union
    /// in [`Tally::merged`].
    combo: u32,
    seen: Seen,
    /// Sign-in rows (filled by the sign-in pass).
    sign_ins: u32,
}

impl UserAcc {
    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    fn registered(&self) -> bool {
        self.has(REGISTERED)
    }

    fn admin(&self) -> Option<bool> {
        self.has(ADMIN_KNOWN).then(|| self.has(ADMIN))
    }

    fn capable(&self) -> Option<bool> {
        self.has(CAPABLE_KNOWN).then(|| self.has(CAPABLE))
    }
}

/// One sign-in user.
#[derive(Clone, Copy)]
struct SignInAcc {
    sign_ins: u64,
    satisfied: u64,
    last_seen: Option<i64>,
    /// The registration user, if the reports list them.
    reg: Option<u32>,
    seen: Seen,
}

/// The sign-in files (table, user column) and one entry per sign-in user.
type SignIns<'a> = (Vec<(&'a Table, usize)>, Vec<SignInAcc>);

/// A registration file as the tally reads it back for names.
struct RegFile<'a> {
    id: FileId,
    table: &'a Table,
    user: Option<usize>,
    name: Option<usize>,
}

/// One pass over every loaded file: the registration users and the sign-in
/// users joined to them.
pub(crate) struct Tally<'a> {
    files: Vec<RegFile<'a>>,
    accs: Vec<UserAcc>,
    /// Every method spelling seen, as written (trimmed).
    method_names: Vec<String>,
    /// For each spelling, its method: an index into `labels`.
    method_label: Vec<u16>,
    /// The methods: the portal's name (or an unknown spelling as written)
    /// and the knowledge base's id.
    labels: Vec<(String, Option<MethodId>)>,
    /// Distinct method lists, as spelling ids.
    combos: Vec<Vec<u16>>,
    merged: FxHashMap<u32, Vec<u16>>,
    states: Vec<String>,
    any_capable: bool,
    any_admin: bool,
    /// Present when a sign-in file is loaded: the files (table, user
    /// column) and one entry per sign-in user.
    sign_ins: Option<SignIns<'a>>,
}

/// Display-name captions (portal, Graph, SDK, hand-built scripts).
const NAME_CAPTIONS: [&str; 3] = ["name", "userdisplayname", "display name"];

/// The user of `row` as shown (see [`shown_user`]).
fn user_cell(table: &Table, col: Option<usize>, row: u32) -> String {
    shown_user(col.map_or("", |c| table.get(row as usize, c))).to_string()
}

/// The tally of the registration files among `files`; `None` without one.
pub(crate) fn tally<'a>(files: &[FileView<'a>]) -> Option<Tally<'a>> {
    let mut t = Tally {
        files: Vec::new(),
        accs: Vec::new(),
        method_names: Vec::new(),
        method_label: Vec::new(),
        labels: Vec::new(),
        combos: Vec::new(),
        merged: FxHashMap::default(),
        states: Vec::new(),
        any_capable: false,
        any_admin: false,
        sign_ins: None,
    };
    // One entry per user: sized for one row per user, so the index never
    // rehashes while 2,000,000 users go in.
    let rows: usize = files
        .iter()
        .filter(|f| f.file.detection.kind.is_registration())
        .map(|f| f.file.table.rows())
        .sum();
    let mut users = UserIndex::with_capacity(rows);
    t.accs.reserve(rows);
    let mut method_index: FxHashMap<String, u16> = FxHashMap::default();
    let mut label_index: FxHashMap<String, u16> = FxHashMap::default();
    let mut combo_index: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut state_index: FxHashMap<String, u16> = FxHashMap::default();
    for f in files
        .iter()
        .filter(|f| f.file.detection.kind.is_registration())
    {
        let kind = f.file.detection.kind;
        let table: &'a Table = &f.file.table;
        let map = &f.file.map;
        let col = |c: Option<usize>| c.and_then(|c| table.column(c));
        let file_ix = t.files.len().min(u16::MAX as usize) as u16;
        t.files.push(RegFile {
            id: f.id,
            table,
            user: map.get(Role::Username),
            name: map
                .normalized()
                .iter()
                .position(|c| NAME_CAPTIONS.contains(&c.as_str())),
        });
        let user_col = col(map.get(Role::Username));
        let flag_col = if kind == ReportKind::RegistrationDetails {
            col(map.get(Role::IsMfaRegistered))
        } else {
            None
        };
        let methods_col = col(methods_column(kind, map));
        let capable_col = col(map.get(Role::IsMfaCapable));
        let admin_col = col(map.get(Role::IsAdmin));
        let state_col = col(map.get(Role::MfaStatus));
        t.any_capable |= capable_col.is_some();
        t.any_admin |= admin_col.is_some();
        let mut user_memo = ValueMemo::new(user_col);
        let mut flag_memo = ValueMemo::new(flag_col);
        let mut capable_memo = ValueMemo::new(capable_col);
        let mut admin_memo = ValueMemo::new(admin_col);
        let mut methods_memo = ValueMemo::new(methods_col);
        let mut state_memo = ValueMemo::new(state_col);
        // A yes/no column read as flags: (known, yes).
        let bits = |v: &str, yes: fn(&str) -> bool, known: u8, set: u8| -> u8 {
            if v.trim().is_empty() {
                0
            } else if yes(v) {
                known | set
            } else {
                known
            }
        };
        for row in 0..table.rows() {
            let next = t.accs.len() as u32;
            // The memo answers a repeated cell without asking `users`, so
            // whether the user is new is read from the id, not remembered:
            // a file listing one user twice in the same spelling is one user.
            let (u, _) = user_memo.get(user_col, row, |v| {
                users.id(v, next, |id| first_cell(&t.files, &t.accs, id))
            });
            if u == next {
                t.accs.push(UserAcc {
                    flags: 0,
                    state: u16::MAX,
                    combo: NONE,
                    seen: Seen {
                        file: file_ix,
                        row: row as u32,
                    },
                    sign_ins: 0,
                });
            }
            let combo = methods_memo.get(methods_col, row, |cell| {
                if let Some(&i) = combo_index.get(cell) {
                    return i;
                }
                let mut ids: Vec<u16> = Vec::new();
                for m in registered_methods(cell) {
                    let id = match method_index.get(m) {
                        Some(&i) => i,
                        None => {
                            let i = t.method_names.len().min(u16::MAX as usize) as u16;
                            t.method_names.push(m.to_string());
                            method_index.insert(m.to_string(), i);
                            let label = knowledge::method_label(m);
                            let l = match label_index.get(label.as_ref()) {
                                Some(&l) => l,
                                None => {
                                    let l = t.labels.len().min(u16::MAX as usize) as u16;
                                    let id = knowledge::auth_method(m).map(|a| a.id);
                                    t.labels.push((label.to_string(), id));
                                    label_index.insert(label.into_owned(), l);
                                    l
                                }
                            };
                            t.method_label.push(l);
                            i
                        }
                    };
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                let i = t.combos.len() as u32;
                t.combos.push(ids);
                combo_index.insert(cell.into(), i);
                i
            });
            let lists_methods = t.combos.get(combo as usize).is_some_and(|c| !c.is_empty());
            let registered = match flag_col {
                Some(c) => flag_memo.get(Some(c), row, is_registered_value),
                None => lists_methods,
            };
            let mut flags = u8::from(registered) * REGISTERED;
            if let Some(c) = capable_col {
                flags |= capable_memo.get(Some(c), row, |v| {
                    bits(v, is_capable_value, CAPABLE_KNOWN, CAPABLE)
                });
            }
            if let Some(c) = admin_col {
                flags |= admin_memo.get(Some(c), row, |v| bits(v, is_yes, ADMIN_KNOWN, ADMIN));
            }
            let state = match state_col {
                Some(c) => state_memo.get(Some(c), row, |v| {
                    let v = v.trim();
                    if v.is_empty() {
                        return u16::MAX;
                    }
                    match state_index.get(v) {
                        Some(&i) => i,
                        None => {
                            let i = t.states.len().min(u16::MAX as usize - 1) as u16;
                            t.states.push(v.to_string());
                            state_index.insert(v.to_string(), i);
                            i
                        }
                    }
                }),
                None => u16::MAX,
            };
            let Some(acc) = t.accs.get_mut(u as usize) else {
                continue;
            };
            acc.flags |= flags;
            if acc.state == u16::MAX {
                acc.state = state;
            }
            if acc.combo == NONE {
                acc.combo = combo;
            } else if acc.combo != combo && lists_methods {
                let first = acc.combo;
                let union = t
                    .merged
                    .entry(u)
                    .or_insert_with(|| t.combos.get(first as usize).cloned().unwrap_or_default());
                for &m in t.combos.get(combo as usize).map_or(&[][..], Vec::as_slice) {
                    if !union.contains(&m) {
                        union.push(m);
                    }
                }
            }
        }
    }
    if t.files.is_empty() {
        return None;
    }
    t.sign_ins = sign_in_pass(files).map(|(tables, mut accs)| {
        // Each sign-in user looked up once among the registration users.
        for a in &mut accs {
            let Some((table, col)) = tables.get(a.seen.file as usize) else {
                continue;
            };
            let raw = table.get(a.seen.row as usize, *col);
            a.reg = users.find(raw, |id| first_cell(&t.files, &t.accs, id));
            if let Some(r) = a.reg.and_then(|r| t.accs.get_mut(r as usize)) {
                r.sign_ins = r
                    .sign_ins
                    .saturating_add(u32::try_from(a.sign_ins).unwrap_or(u32::MAX));
            }
        }
        (tables, accs)
    });
    Some(t)
}

/// The user cell registration user `id` was first seen with.
fn first_cell<'a>(files: &[RegFile<'a>], accs: &[UserAcc], id: u32) -> &'a str {
    let Some(a) = accs.get(id as usize) else {
        return "";
    };
    match files.get(a.seen.file as usize) {
        Some(RegFile {
            table,
            user: Some(c),
            ..
        }) => table.get(a.seen.row as usize, *c),
        _ => "",
    }
}

/// The sign-in users (without their registration user yet).
fn sign_in_pass<'a>(files: &[FileView<'a>]) -> Option<SignIns<'a>> {
    if !files.iter().any(|f| f.file.detection.kind.is_sign_ins()) {
        return None;
    }
    let mut users = UserIndex::default();
    let mut tables: Vec<(&'a Table, usize)> = Vec::new();
    let mut out: Vec<SignInAcc> = Vec::new();
    for f in files.iter().filter(|f| f.file.detection.kind.is_sign_ins()) {
        let table: &'a Table = &f.file.table;
        let Some(user_pos) = f.file.map.get(Role::Username) else {
            continue;
        };
        let Some(user_col) = table.column(user_pos) else {
            continue;
        };
        let file_ix = tables.len().min(u16::MAX as usize) as u16;
        tables.push((table, user_pos));
        let mut memo = ValueMemo::new(Some(user_col));
        for row in 0..table.rows() {
            let id = memo.get(Some(user_col), row, |v| {
                if v.trim().is_empty() {
                    return NONE;
                }
                let next = out.len() as u32;
                let (id, new) = users.id(v, next, |i| {
                    out.get(i as usize)
                        .and_then(|a| {
                            let (t, c) = tables.get(a.seen.file as usize)?;
                            Some(t.get(a.seen.row as usize, *c))
                        })
                        .unwrap_or("")
                });
                if new {
                    out.push(SignInAcc {
                        sign_ins: 0,
                        satisfied: 0,
                        last_seen: None,
                        reg: None,
                        seen: Seen {
                            file: file_ix,
                            row: row as u32,
                        },
                    });
                }
                id
            });
            let Some(acc) = out.get_mut(id as usize) else {
                continue;
            };
            acc.sign_ins += 1;
            let satisfied = f
                .classes
                .and_then(|k| k.rows.get(row))
                .is_some_and(|c| c.outcome() == Outcome::Satisfied);
            if satisfied {
                acc.satisfied += 1;
            }
            if let Some(ts) = table.timestamp(row) {
                acc.last_seen = Some(acc.last_seen.map_or(ts, |l| l.max(ts)));
            }
        }
    }
    Some((tables, out))
}

/// The counts Summary JSON v1's `registration` section carries.
pub(crate) struct Counts {
    pub users: u64,
    pub registered: u64,
    /// Users per method spelling, as written.
    pub methods: BTreeMap<String, u64>,
    /// Users per method under its portal name, each user once per method.
    pub method_labels: Vec<MethodCount>,
    pub capability: Option<Capability>,
    pub admins: Option<u64>,
    pub admins_without_mfa: Vec<String>,
    pub mfa_states: BTreeMap<String, u64>,
    /// (sign-in users not registered, sign-in users not in any report).
    pub sign_ins: Option<(u64, u64)>,
}

impl Tally<'_> {
    /// The name of registration user `id` as first written.
    fn name_of(&self, id: u32) -> String {
        let Some(a) = self.accs.get(id as usize) else {
            return String::new();
        };
        match self.files.get(a.seen.file as usize) {
            Some(f) => user_cell(f.table, f.user, a.seen.row),
            None => String::new(),
        }
    }

    /// The name of sign-in user `i` as first written.
    fn sign_in_name(&self, i: usize) -> String {
        let Some((tables, accs)) = &self.sign_ins else {
            return String::new();
        };
        match accs
            .get(i)
            .and_then(|a| Some((tables.get(a.seen.file as usize)?, a.seen.row)))
        {
            Some(((table, col), row)) => user_cell(table, Some(*col), row),
            None => String::new(),
        }
    }

    /// The methods (indexes into `labels`) of spelling ids, each once.
    fn labels_of(&self, spellings: &[u16]) -> Vec<u16> {
        let mut out: Vec<u16> = Vec::with_capacity(spellings.len());
        for &m in spellings {
            if let Some(&l) = self.method_label.get(m as usize) {
                if !out.contains(&l) {
                    out.push(l);
                }
            }
        }
        out
    }

    pub(crate) fn counts(&self) -> Counts {
        let mut per_combo = vec![0u64; self.combos.len()];
        let mut methods = vec![0u64; self.method_names.len()];
        let mut labels = vec![0u64; self.labels.len()];
        let mut states = vec![0u64; self.states.len()];
        let mut capability = Capability::default();
        let mut admins = 0u64;
        let mut registered = 0u64;
        for (i, a) in self.accs.iter().enumerate() {
            registered += u64::from(a.registered());
            match self.merged.get(&(i as u32)) {
                Some(union) => {
                    for &m in union {
                        if let Some(n) = methods.get_mut(m as usize) {
                            *n += 1;
                        }
                    }
                    for l in self.labels_of(union) {
                        if let Some(n) = labels.get_mut(l as usize) {
                            *n += 1;
                        }
                    }
                }
                None => {
                    if let Some(n) = per_combo.get_mut(a.combo as usize) {
                        *n += 1;
                    }
                }
            }
            if let Some(n) = states.get_mut(a.state as usize) {
                *n += 1;
            }
            admins += u64::from(a.admin() == Some(true));
            let cell = match (a.capable(), a.registered()) {
                (None, _) => &mut capability.unknown,
                (Some(true), true) => &mut capability.registered_capable,
                (Some(false), true) => &mut capability.registered_not_capable,
                (Some(true), false) => &mut capability.not_registered_capable,
                (Some(false), false) => &mut capability.not_registered_not_capable,
            };
            *cell += 1;
        }
        for (combo, n) in self.combos.iter().zip(per_combo) {
            for &m in combo {
                if let Some(c) = methods.get_mut(m as usize) {
                    *c += n;
                }
            }
            for l in self.labels_of(combo) {
                if let Some(c) = labels.get_mut(l as usize) {
                    *c += n;
                }
            }
        }
        let method_labels = self
            .labels
            .iter()
            .zip(labels)
            .enumerate()
            .map(|(l, ((label, id), users))| MethodCount {
                label: label.clone(),
                id: *id,
                users,
                spellings: self
                    .method_names
                    .iter()
                    .zip(&self.method_label)
                    .filter(|(_, &ml)| ml as usize == l)
                    .map(|(name, _)| name.clone())
                    .collect(),
            })
            .collect();
        let mut admins_without_mfa: Vec<String> = self
            .admin_ids_without_mfa()
            .map(|i| self.name_of(i))
            .collect();
        admins_without_mfa.sort_by(|a, b| compare_text(a, b));
        let sign_ins = self.sign_ins.as_ref().map(|(_, s)| {
            let not_registered = s
                .iter()
                .filter(|a| a.sign_ins > 0)
                .filter(|a| {
                    a.reg
                        .and_then(|r| self.accs.get(r as usize))
                        .is_some_and(|r| !r.registered())
                })
                .count() as u64;
            let missing = s
                .iter()
                .filter(|a| a.sign_ins > 0 && a.reg.is_none())
                .count() as u64;
            (not_registered, missing)
        });
        Counts {
            users: self.accs.len() as u64,
            registered,
            methods: self.method_names.iter().cloned().zip(methods).collect(),
            method_labels,
            capability: self.any_capable.then_some(capability),
            admins: self.any_admin.then_some(admins),
            admins_without_mfa,
            mfa_states: self.states.iter().cloned().zip(states).collect(),
            sign_ins,
        }
    }

    /// Each admin not registered for MFA: the name as first written, the
    /// sign-in rows of the admin (`None` without sign-ins loaded) and the
    /// registration row that first listed them (the `admin-without-mfa`
    /// finding's evidence).
    pub(crate) fn admins_without_mfa_rows(&self) -> Vec<(String, Option<u64>, RowRef)> {
        self.admin_ids_without_mfa()
            .filter_map(|i| {
                let a = self.accs.get(i as usize)?;
                let f = self.files.get(a.seen.file as usize)?;
                let sign_ins = self.sign_ins.as_ref().map(|_| u64::from(a.sign_ins));
                Some((self.name_of(i), sign_ins, RowRef::new(f.id, a.seen.row)))
            })
            .collect()
    }

    fn admin_ids_without_mfa(&self) -> impl Iterator<Item = u32> + '_ {
        self.accs
            .iter()
            .enumerate()
            .filter(|(_, a)| a.admin() == Some(true) && !a.registered())
            .map(|(i, _)| i as u32)
    }

    fn user(&self, id: u32) -> RegisteredUser {
        let a = self.accs.get(id as usize);
        let file = a.and_then(|a| self.files.get(a.seen.file as usize));
        let cell = |col: Option<usize>| -> Option<String> {
            let (a, f) = (a?, file?);
            let v = f.table.get(a.seen.row as usize, col?).trim();
            (!v.is_empty()).then(|| v.to_string())
        };
        RegisteredUser {
            user: self.name_of(id),
            name: cell(file.and_then(|f| f.name)),
            admin: a.and_then(UserAcc::admin),
            capable: a.and_then(UserAcc::capable),
            mfa_state: a.and_then(|a| self.states.get(a.state as usize).cloned()),
            sign_ins: self
                .sign_ins
                .as_ref()
                .map(|_| a.map_or(0, |a| u64::from(a.sign_ins))),
        }
    }

    /// Admins first, then most sign-ins, then by name (names are read from
    /// the tables only when the first two are equal).
    fn unregistered_order(&self, x: u32, y: u32) -> Ordering {
        let (a, b) = (self.accs.get(x as usize), self.accs.get(y as usize));
        let admin = |a: Option<&UserAcc>| a.is_some_and(|a| a.admin() == Some(true));
        let sign_ins = |a: Option<&UserAcc>| a.map_or(0, |a| a.sign_ins);
        admin(b)
            .cmp(&admin(a))
            .then_with(|| sign_ins(b).cmp(&sign_ins(a)))
            .then_with(|| self.compare_names(x, y))
    }

    fn compare_names(&self, x: u32, y: u32) -> Ordering {
        let cell = |id: u32| first_cell(&self.files, &self.accs, id).trim();
        compare_text(cell(x), cell(y))
    }

    fn unregistered_page(&self, request: RegistrationRequest) -> UserPage {
        let mut ids: Vec<u32> = self
            .accs
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.registered())
            .map(|(i, _)| i as u32)
            .collect();
        let total = ids.len();
        let offset = (request.offset as usize).min(total);
        let end = offset
            .saturating_add(request.limit.min(MAX_PAGE) as usize)
            .min(total);
        // Only `offset..end` in order matter: partition around both ends
        // (linear), then sort just the page.
        let order = |x: &u32, y: &u32| self.unregistered_order(*x, *y);
        if end > offset {
            if end < total {
                ids.select_nth_unstable_by(end, order);
            }
            if offset > 0 {
                if let Some(head) = ids.get_mut(..end) {
                    head.select_nth_unstable_by(offset, order);
                }
            }
        }
        let page = ids.get_mut(offset..end).unwrap_or(&mut []);
        page.sort_by(order);
        UserPage {
            total: total as u64,
            offset: offset as u64,
            users: page.iter().map(|&i| self.user(i)).collect(),
        }
    }

    fn sign_in_check(&self) -> Option<SignInCheck> {
        let (_, accs) = self.sign_ins.as_ref()?;
        let list = |keep: &dyn Fn(&SignInAcc) -> bool| {
            let mut ids: Vec<usize> = accs
                .iter()
                .enumerate()
                .filter(|(_, a)| a.sign_ins > 0 && keep(a))
                .map(|(i, _)| i)
                .collect();
            let count = |i: usize| accs.get(i).map_or(0, |a| a.sign_ins);
            // Most sign-ins first; names break ties only among the kept few.
            let by_count = |x: &usize, y: &usize| count(*y).cmp(&count(*x));
            let total = ids.len();
            if total > LIST_CAP {
                ids.select_nth_unstable_by(LIST_CAP - 1, by_count);
                ids.truncate(LIST_CAP);
            }
            let mut named: Vec<(usize, String)> =
                ids.into_iter().map(|i| (i, self.sign_in_name(i))).collect();
            named.sort_by(|a, b| by_count(&a.0, &b.0).then_with(|| compare_text(&a.1, &b.1)));
            SignInList {
                total: total as u64,
                users: named
                    .into_iter()
                    .filter_map(|(i, user)| {
                        let a = accs.get(i)?;
                        Some(SignInUser {
                            user,
                            sign_ins: a.sign_ins,
                            mfa_satisfied: a.satisfied,
                            last_seen: a.last_seen.map(format_timestamp),
                        })
                    })
                    .collect(),
            }
        };
        let not_registered = list(&|a| {
            a.reg
                .and_then(|r| self.accs.get(r as usize))
                .is_some_and(|r| !r.registered())
        });
        let not_in_report = list(&|a| a.reg.is_none());
        Some(SignInCheck {
            sign_in_users: accs.iter().filter(|a| a.sign_ins > 0).count() as u64,
            not_registered,
            not_in_report,
        })
    }
}

/// Methods with users, most users first, ties by name.
fn methods_by_users(mut methods: Vec<MethodCount>) -> Vec<MethodCount> {
    methods.retain(|m| m.users > 0);
    methods.sort_by(|a, b| {
        b.users
            .cmp(&a.users)
            .then_with(|| compare_text(&a.label, &b.label))
    });
    methods
}

/// Counts sorted most first, ties by name.
fn by_count(map: BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = map.into_iter().filter(|(_, n)| *n > 0).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| compare_text(&a.0, &b.0)));
    v
}

/// The Registration view over the workspace's finished files; `None` when no
/// registration report is loaded.
pub fn registration_report(
    ws: &Workspace,
    request: RegistrationRequest,
) -> Option<RegistrationReport> {
    let t = tally(&ws.views())?;
    let c = t.counts();
    let mut admin_list: Vec<u32> = t.admin_ids_without_mfa().collect();
    admin_list.sort_by(|&x, &y| t.compare_names(x, y));
    admin_list.truncate(LIST_CAP);
    let (unregistered_filter, admins_filter) = row_filters(ws, c.admins.is_some());
    Some(RegistrationReport {
        users: c.users,
        registered: c.registered,
        not_registered: c.users.saturating_sub(c.registered),
        methods: methods_by_users(c.method_labels),
        capability: c.capability,
        admins: c.admins.map(|admins| Admins {
            admins,
            without_mfa: c.admins_without_mfa.len() as u64,
            list: admin_list.into_iter().map(|i| t.user(i)).collect(),
        }),
        mfa_states: by_count(c.mfa_states),
        unregistered: t.unregistered_page(request),
        sign_ins: t.sign_in_check(),
        registered_filter: vec![Filter::Equals {
            column: Computed::MfaRegistered.key().to_string(),
            values: vec![yes_no(true).to_string()],
        }],
        unregistered_filter,
        admins_filter,
    })
}

/// Every user registered for MFA (`registered`) or not, as first written,
/// sorted by name: the lists the two PowerShell questions print. `None`
/// without a registration report. (The CLI's `registration` command; the page
/// pages through [`RegistrationReport::unregistered`] instead.)
pub fn registration_users(ws: &Workspace, registered: bool) -> Option<Vec<String>> {
    let t = tally(&ws.views())?;
    let mut ids: Vec<u32> = (0..t.accs.len() as u32)
        .filter(|&i| {
            t.accs
                .get(i as usize)
                .is_some_and(|a| a.registered() == registered)
        })
        .collect();
    ids.sort_by(|&x, &y| t.compare_names(x, y));
    Some(ids.into_iter().map(|i| t.name_of(i)).collect())
}

/// Filters on the `registration` dataset: the rows not registered, and the
/// admin rows among them (the admin column's own yes-values, as written).
fn row_filters(ws: &Workspace, with_admins: bool) -> (Vec<Filter>, Vec<Filter>) {
    let not_registered = Filter::Equals {
        column: Computed::MfaRegistered.key().to_string(),
        values: vec![yes_no(false).to_string()],
    };
    if !with_admins {
        return (vec![not_registered], Vec::new());
    }
    let ds = Dataset::build(ws, DatasetId::Registration);
    let admin = ds.role_index(Role::IsAdmin).and_then(|col| {
        let key = ds.columns.get(col)?.key.clone();
        let mut yes: Vec<String> = Vec::new();
        for m in &ds.members {
            let Some(c) = m.fields.get(col).copied().flatten() else {
                continue;
            };
            let Some(column) = m.table.column(c) else {
                continue;
            };
            let mut seen = ValueMemo::new(Some(column));
            for row in 0..column.len() {
                seen.get(Some(column), row, |v| {
                    if is_yes(v) && !yes.iter().any(|y| y == v) {
                        yes.push(v.to_string());
                    }
                });
            }
        }
        Some(Filter::Equals {
            column: key,
            values: yes,
        })
    });
    let admins = match admin {
        Some(a) => vec![not_registered.clone(), a],
        None => Vec::new(),
    };
    (vec![not_registered], admins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_match_ignoring_case_and_a_hash_collision_keeps_them_apart() {
        let cells = ["Alice@Contoso.com", "bob@contoso.com", ""];
        let stored = |id: u32| cells.get(id as usize).copied().unwrap_or("");
        let mut index = UserIndex::default();
        assert_eq!(index.id(" alice@contoso.com ", 0, stored), (0, true));
        assert_eq!(index.id("ALICE@contoso.com", 1, stored), (0, false));
        // Pretend bob's name hashes like alice's: the stored cell tells
        // them apart, and bob gets his own id through the exact map.
        let bob_hash = index.fold("bob@contoso.com");
        index.ids.insert(bob_hash, 0);
        assert_eq!(index.id("Bob@contoso.com", 1, stored), (1, true));
        assert_eq!(index.id("bob@CONTOSO.com", 2, stored), (1, false));
        assert_eq!(index.find("BOB@contoso.com", stored), Some(1));
        assert_eq!(index.find("alice@contoso.com", stored), Some(0));
        assert_eq!(index.find("carol@contoso.com", stored), None);
        // An empty user is the single unknown user.
        assert_eq!(index.id("  ", 2, stored), (2, true));
        assert_eq!(index.id("", 3, stored), (2, false));
    }
}
