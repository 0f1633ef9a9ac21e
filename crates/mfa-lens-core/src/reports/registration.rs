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
//!   without a user is the single user [`UNKNOWN_USER`].
//! - A registration-details row is registered when its `MFA registered` flag
//!   says `True`/`Yes`/`Registered`; without that column, when it lists a
//!   method. An MSOnline row is registered when it lists a method, exactly
//!   like the PowerShell questions. A user is registered if any row says so.
//! - `MFA capable` is `True`/`Yes`/`Capable`; `Admin` is `True`/`Yes`.
//! - Sign-in users are joined on the user name, ignoring case; sign-in rows
//!   without a user take no part.
//!
//! Costs: one pass over the registration rows with every per-value decision
//! (flags, method lists) memoised per distinct value, and one pass over the
//! sign-in user column the same way. Lists are bounded: the unregistered
//! users come a page at a time (picked with `select_nth_unstable`, not a full
//! sort), the others are capped at [`LIST_CAP`] with their full count beside.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::{is_yes, Outcome, ValueMemo};
use crate::columns::{ColumnMap, Role};
use crate::detect::ReportKind;
use crate::query::text::compare_text;
use crate::query::{Dataset, DatasetId, Filter};
use crate::store::dates::format_timestamp;
use crate::store::{Column, FxHashMap, Table};
use crate::summary::{FileView, SEVERAL_METHODS, UNKNOWN_USER};
use crate::workspace::Workspace;

/// Longest list sent for the admins and the two sign-in lists.
pub const LIST_CAP: usize = 200;
/// Largest page of unregistered users one request gets.
pub const MAX_PAGE: u64 = 1_000;
/// Key of the computed `Registered for MFA` column of the registration rows.
pub const REGISTERED_KEY: &str = "$mfa_registered";

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
    /// Users per registered method, most users first.
    pub methods: Vec<(String, u64)>,
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

/// A registration flag: `True`, `Yes`, `Registered` (any case).
pub(crate) fn is_registered_value(v: &str) -> bool {
    is_yes(v) || v.trim().eq_ignore_ascii_case("registered")
}

/// `True`, `Yes`, `Capable` (any case).
fn is_capable_value(v: &str) -> bool {
    is_yes(v) || v.trim().eq_ignore_ascii_case("capable")
}

/// Split a registered-methods cell into method names.
pub(crate) fn registered_methods(cell: &str) -> Vec<&str> {
    let cell = cell.trim();
    if cell.eq_ignore_ascii_case("System.Object[]") || cell.eq_ignore_ascii_case("System.String[]")
    {
        return vec![SEVERAL_METHODS];
    }
    cell.split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect()
}

fn is_registration(kind: ReportKind) -> bool {
    matches!(
        kind,
        ReportKind::RegistrationDetails | ReportKind::MsolMfaStatus
    )
}

/// The column holding a file's registered methods.
fn methods_column(kind: ReportKind, map: &ColumnMap) -> Option<usize> {
    if kind == ReportKind::MsolMfaStatus {
        map.get(Role::MfaMethods)
    } else {
        map.get(Role::MethodsRegistered)
    }
}

/// Is `row` of a registration file registered for MFA? (The computed column
/// of the Rows tab uses this, so it shows exactly what the counts count.)
pub fn row_is_registered(kind: ReportKind, table: &Table, map: &ColumnMap, row: usize) -> bool {
    match (kind, map.get(Role::IsMfaRegistered)) {
        (ReportKind::RegistrationDetails, Some(c)) => is_registered_value(table.get(row, c)),
        _ => methods_column(kind, map)
            .is_some_and(|c| !registered_methods(table.get(row, c)).is_empty()),
    }
}

/// Case-insensitive user interner, keeping the first spelling.
#[derive(Default)]
struct Interner {
    index: FxHashMap<String, u32>,
    shown: Vec<String>,
}

impl Interner {
    fn key(raw: &str) -> String {
        raw.trim().to_lowercase()
    }

    fn id(&mut self, raw: &str) -> u32 {
        let raw = raw.trim();
        let raw = if raw.is_empty() { UNKNOWN_USER } else { raw };
        let key = Self::key(raw);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.shown.len() as u32;
        self.shown.push(raw.to_string());
        self.index.insert(key, i);
        i
    }

    fn find(&self, raw: &str) -> Option<u32> {
        self.index.get(&Self::key(raw)).copied()
    }

    fn name(&self, id: u32) -> &str {
        self.shown.get(id as usize).map_or("", String::as_str)
    }
}

/// What the registration reports say about one user.
#[derive(Default, Clone)]
struct UserAcc {
    registered: bool,
    admin: Option<bool>,
    capable: Option<bool>,
    /// Index into [`Tally::states`].
    state: Option<u16>,
    /// Index into [`Tally::names`].
    name: Option<u32>,
    /// Method ids, each once.
    methods: Vec<u16>,
    /// Sign-in rows (filled by the sign-in pass).
    sign_ins: u64,
}

/// One sign-in user.
#[derive(Default, Clone)]
struct SignInAcc {
    sign_ins: u64,
    satisfied: u64,
    last_seen: Option<i64>,
    /// The registration user, if the reports list them.
    reg: Option<u32>,
}

/// One pass over every loaded file: the registration users and the sign-in
/// users joined to them. `None` without a registration report.
pub(crate) struct Tally {
    users: Interner,
    accs: Vec<UserAcc>,
    method_names: Vec<String>,
    states: Vec<String>,
    names: Vec<String>,
    any_capable: bool,
    any_admin: bool,
    /// Present when a sign-in file is loaded.
    sign_ins: Option<(Interner, Vec<SignInAcc>)>,
}

/// Display-name captions (portal, Graph, SDK, hand-built scripts).
const NAME_CAPTIONS: [&str; 3] = ["name", "userdisplayname", "display name"];

pub(crate) fn tally(files: &[FileView<'_>]) -> Option<Tally> {
    let mut t = Tally {
        users: Interner::default(),
        accs: Vec::new(),
        method_names: Vec::new(),
        states: Vec::new(),
        names: Vec::new(),
        any_capable: false,
        any_admin: false,
        sign_ins: None,
    };
    let mut any = false;
    let mut method_index: FxHashMap<String, u16> = FxHashMap::default();
    for f in files
        .iter()
        .filter(|f| is_registration(f.file.detection.kind))
    {
        any = true;
        let kind = f.file.detection.kind;
        let (table, map) = (&f.file.table, &f.file.map);
        let col = |c: Option<usize>| c.and_then(|c| table.column(c));
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
        let name_col = col(map
            .normalized()
            .iter()
            .position(|c| NAME_CAPTIONS.contains(&c.as_str())));
        t.any_capable |= capable_col.is_some();
        t.any_admin |= admin_col.is_some();
        let mut user_memo = ValueMemo::new(user_col);
        let mut flag_memo = ValueMemo::new(flag_col);
        let mut yes_memo_capable = ValueMemo::new(capable_col);
        let mut yes_memo_admin = ValueMemo::new(admin_col);
        // Method cells repeat (a few combinations): each distinct cell is
        // split once into an index of `combos`.
        let mut combos: Vec<Vec<u16>> = Vec::new();
        let mut combo_index: FxHashMap<String, u32> = FxHashMap::default();
        let mut methods_memo = ValueMemo::new(methods_col);
        let mut state_memo = ValueMemo::new(state_col);
        let mut state_index: FxHashMap<String, u16> = FxHashMap::default();
        for row in 0..table.rows() {
            let u = user_memo.get(user_col, row, |v| t.users.id(v)) as usize;
            if t.accs.len() <= u {
                t.accs.resize(u + 1, UserAcc::default());
            }
            let combo = methods_memo.get(methods_col, row, |cell| {
                if let Some(&i) = combo_index.get(cell) {
                    return i;
                }
                let ids = registered_methods(cell)
                    .into_iter()
                    .map(|m| match method_index.get(m) {
                        Some(&i) => i,
                        None => {
                            let i = t.method_names.len().min(u16::MAX as usize) as u16;
                            t.method_names.push(m.to_string());
                            method_index.insert(m.to_string(), i);
                            i
                        }
                    })
                    .collect();
                let i = combos.len() as u32;
                combos.push(ids);
                combo_index.insert(cell.to_string(), i);
                i
            });
            let methods = combos.get(combo as usize).map_or(&[][..], Vec::as_slice);
            let registered = match flag_col {
                Some(c) => flag_memo.get(Some(c), row, is_registered_value),
                None => !methods.is_empty(),
            };
            let capable = capable_col.map(|c| {
                yes_memo_capable.get(Some(c), row, |v| {
                    (!v.trim().is_empty(), is_capable_value(v))
                })
            });
            let admin = admin_col
                .map(|c| yes_memo_admin.get(Some(c), row, |v| (!v.trim().is_empty(), is_yes(v))));
            let state = state_col.and_then(|c| {
                state_memo.get(Some(c), row, |v| {
                    let v = v.trim();
                    if v.is_empty() {
                        return None;
                    }
                    Some(match state_index.get(v) {
                        Some(&i) => i,
                        None => {
                            let i = t.states.len().min(u16::MAX as usize) as u16;
                            t.states.push(v.to_string());
                            state_index.insert(v.to_string(), i);
                            i
                        }
                    })
                })
            });
            let name = name_col
                .map(|c| c.get(row).trim())
                .filter(|n| !n.is_empty());
            let Some(acc) = t.accs.get_mut(u) else {
                continue;
            };
            acc.registered |= registered;
            if let Some((present, yes)) = capable.filter(|(present, _)| *present) {
                acc.capable = Some(acc.capable.unwrap_or(false) || (present && yes));
            }
            if let Some((_, yes)) = admin.filter(|(present, _)| *present) {
                acc.admin = Some(acc.admin.unwrap_or(false) || yes);
            }
            if acc.state.is_none() {
                acc.state = state;
            }
            if acc.name.is_none() {
                if let Some(n) = name {
                    acc.name = Some(t.names.len() as u32);
                    t.names.push(n.to_string());
                }
            }
            for &m in methods {
                if !acc.methods.contains(&m) {
                    acc.methods.push(m);
                }
            }
        }
    }
    if !any {
        return None;
    }
    t.sign_ins = sign_in_pass(files, &t.users, &mut t.accs);
    Some(t)
}

fn sign_in_pass(
    files: &[FileView<'_>],
    reg: &Interner,
    accs: &mut [UserAcc],
) -> Option<(Interner, Vec<SignInAcc>)> {
    let sign_in_files: Vec<&FileView<'_>> = files
        .iter()
        .filter(|f| f.file.detection.kind.is_sign_ins())
        .collect();
    if sign_in_files.is_empty() {
        return None;
    }
    let mut users = Interner::default();
    let mut out: Vec<SignInAcc> = Vec::new();
    for f in sign_in_files {
        let (table, map) = (&f.file.table, &f.file.map);
        let user_col: Option<&Column> = map.get(Role::Username).and_then(|c| table.column(c));
        let Some(user_col) = user_col else { continue };
        let mut memo = ValueMemo::new(Some(user_col));
        for row in 0..table.rows() {
            let id = memo.get(Some(user_col), row, |v| {
                if v.trim().is_empty() {
                    return u32::MAX;
                }
                let id = users.id(v);
                if out.len() <= id as usize {
                    out.resize(id as usize + 1, SignInAcc::default());
                    if let Some(acc) = out.get_mut(id as usize) {
                        acc.reg = reg.find(v);
                    }
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
            if let Some(r) = acc.reg.and_then(|r| accs.get_mut(r as usize)) {
                r.sign_ins += 1;
            }
        }
    }
    Some((users, out))
}

/// The counts Summary JSON v1's `registration` section carries.
pub(crate) struct Counts {
    pub users: u64,
    pub registered: u64,
    pub methods: BTreeMap<String, u64>,
    pub capability: Option<Capability>,
    pub admins: Option<u64>,
    pub admins_without_mfa: Vec<String>,
    pub mfa_states: BTreeMap<String, u64>,
    /// (sign-in users not registered, sign-in users not in any report).
    pub sign_ins: Option<(u64, u64)>,
}

impl Tally {
    pub(crate) fn counts(&self) -> Counts {
        let mut methods = vec![0u64; self.method_names.len()];
        let mut states = vec![0u64; self.states.len()];
        let mut capability = Capability::default();
        let mut admins = 0u64;
        let mut registered = 0u64;
        for a in &self.accs {
            registered += u64::from(a.registered);
            for &m in &a.methods {
                if let Some(n) = methods.get_mut(m as usize) {
                    *n += 1;
                }
            }
            if let Some(n) = a.state.and_then(|s| states.get_mut(s as usize)) {
                *n += 1;
            }
            admins += u64::from(a.admin == Some(true));
            let cell = match (a.capable, a.registered) {
                (None, _) => &mut capability.unknown,
                (Some(true), true) => &mut capability.registered_capable,
                (Some(false), true) => &mut capability.registered_not_capable,
                (Some(true), false) => &mut capability.not_registered_capable,
                (Some(false), false) => &mut capability.not_registered_not_capable,
            };
            *cell += 1;
        }
        let mut admins_without_mfa: Vec<String> = self
            .admin_ids_without_mfa()
            .map(|i| self.users.name(i).to_string())
            .collect();
        admins_without_mfa.sort_by(|a, b| compare_text(a, b));
        let sign_ins = self.sign_ins.as_ref().map(|(_, s)| {
            let not_registered = s
                .iter()
                .filter(|a| a.sign_ins > 0)
                .filter(|a| {
                    a.reg
                        .and_then(|r| self.accs.get(r as usize))
                        .is_some_and(|r| !r.registered)
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
            capability: self.any_capable.then_some(capability),
            admins: self.any_admin.then_some(admins),
            admins_without_mfa,
            mfa_states: self.states.iter().cloned().zip(states).collect(),
            sign_ins,
        }
    }

    fn admin_ids_without_mfa(&self) -> impl Iterator<Item = u32> + '_ {
        self.accs
            .iter()
            .enumerate()
            .filter(|(_, a)| a.admin == Some(true) && !a.registered)
            .map(|(i, _)| i as u32)
    }

    fn user(&self, id: u32) -> RegisteredUser {
        let a = self.accs.get(id as usize);
        RegisteredUser {
            user: self.users.name(id).to_string(),
            name: a
                .and_then(|a| a.name)
                .and_then(|n| self.names.get(n as usize).cloned()),
            admin: a.and_then(|a| a.admin),
            capable: a.and_then(|a| a.capable),
            mfa_state: a
                .and_then(|a| a.state)
                .and_then(|s| self.states.get(s as usize).cloned()),
            sign_ins: self.sign_ins.as_ref().map(|_| a.map_or(0, |a| a.sign_ins)),
        }
    }

    /// Admins first, then most sign-ins, then by name.
    fn unregistered_order(&self, x: u32, y: u32) -> Ordering {
        let (a, b) = (self.accs.get(x as usize), self.accs.get(y as usize));
        let admin = |a: Option<&UserAcc>| a.is_some_and(|a| a.admin == Some(true));
        let sign_ins = |a: Option<&UserAcc>| a.map_or(0, |a| a.sign_ins);
        admin(b)
            .cmp(&admin(a))
            .then_with(|| sign_ins(b).cmp(&sign_ins(a)))
            .then_with(|| compare_text(self.users.name(x), self.users.name(y)))
    }

    fn unregistered_page(&self, request: RegistrationRequest) -> UserPage {
        let mut ids: Vec<u32> = self
            .accs
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.registered)
            .map(|(i, _)| i as u32)
            .collect();
        let total = ids.len();
        let offset = (request.offset as usize).min(total);
        let end = offset
            .saturating_add(request.limit.min(MAX_PAGE) as usize)
            .min(total);
        // Only the first `end` in order matter: select them, then sort those.
        if end < total && end > 0 {
            ids.select_nth_unstable_by(end - 1, |&x, &y| self.unregistered_order(x, y));
        }
        let prefix = ids.get_mut(..end).unwrap_or(&mut []);
        prefix.sort_by(|&x, &y| self.unregistered_order(x, y));
        UserPage {
            total: total as u64,
            offset: offset as u64,
            users: prefix
                .get(offset..)
                .unwrap_or(&[])
                .iter()
                .map(|&i| self.user(i))
                .collect(),
        }
    }

    fn sign_in_check(&self) -> Option<SignInCheck> {
        let (users, accs) = self.sign_ins.as_ref()?;
        let list = |keep: &dyn Fn(&SignInAcc) -> bool| {
            let mut ids: Vec<usize> = accs
                .iter()
                .enumerate()
                .filter(|(_, a)| a.sign_ins > 0 && keep(a))
                .map(|(i, _)| i)
                .collect();
            let order = |x: &usize, y: &usize| {
                let (a, b) = (&accs[*x], &accs[*y]);
                b.sign_ins
                    .cmp(&a.sign_ins)
                    .then_with(|| compare_text(users.name(*x as u32), users.name(*y as u32)))
            };
            let total = ids.len();
            if total > LIST_CAP {
                ids.select_nth_unstable_by(LIST_CAP - 1, order);
                ids.truncate(LIST_CAP);
            }
            ids.sort_by(order);
            SignInList {
                total: total as u64,
                users: ids
                    .into_iter()
                    .filter_map(|i| {
                        let a = accs.get(i)?;
                        Some(SignInUser {
                            user: users.name(i as u32).to_string(),
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
                .is_some_and(|r| !r.registered)
        });
        let not_in_report = list(&|a| a.reg.is_none());
        Some(SignInCheck {
            sign_in_users: accs.iter().filter(|a| a.sign_ins > 0).count() as u64,
            not_registered,
            not_in_report,
        })
    }
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
    admin_list.sort_by(|&x, &y| compare_text(t.users.name(x), t.users.name(y)));
    admin_list.truncate(LIST_CAP);
    let (unregistered_filter, admins_filter) = row_filters(ws, c.admins.is_some());
    Some(RegistrationReport {
        users: c.users,
        registered: c.registered,
        not_registered: c.users.saturating_sub(c.registered),
        methods: by_count(c.methods),
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
            column: REGISTERED_KEY.to_string(),
            values: vec!["yes".to_string()],
        }],
        unregistered_filter,
        admins_filter,
    })
}

/// Filters on the `registration` dataset: the rows not registered, and the
/// admin rows among them (the admin column's own yes-values, as written).
fn row_filters(ws: &Workspace, with_admins: bool) -> (Vec<Filter>, Vec<Filter>) {
    let not_registered = Filter::Equals {
        column: REGISTERED_KEY.to_string(),
        values: vec!["no".to_string()],
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
