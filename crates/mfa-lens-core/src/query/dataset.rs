//! Datasets: one table-shaped view over every loaded file of a family.
//!
//! An admin often loads the interactive and the non-interactive sign-ins, or
//! two downloads of different widths (57 and 44 columns), and wants one table.
//! A [`Dataset`] lines their columns up: the dataset's columns are the union of
//! the files' captions, matched by meaning first (a caption with a
//! [`Role`](crate::columns::Role), so `Date (UTC)` meets `Date` and a French
//! `Nom d'utilisateur` meets `Username`) and by normalised caption otherwise; a
//! file without a column just shows blanks there. Computed columns follow
//! (file, outcome, reason…), read from the engine's classification.
//!
//! A dataset holds no row data: building one costs a few microseconds per
//! column, so every query builds it afresh from the [`Workspace`] and the
//! result can never go stale after a file is added or removed.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::classify::registration::row_is_registered;
use crate::classify::{call_outcome, call_result_of, Outcome, Reasons, SignInClasses};
use crate::columns::{role_of, ColumnMap, Role};
use crate::detect::ReportKind;
use crate::knowledge;
use crate::store::{Column, Table};
use crate::workspace::{FileId, Workspace};

use super::rowref::RowRef;

/// Which family of files a view shows. Serialised in snake case (`sign_ins`),
/// an unrecognised file as `{"unknown": <file id>}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DatasetId {
    /// Entra sign-ins (interactive, non-interactive, any width) and the
    /// 2018–2020 export, with their auth details attached.
    #[default]
    SignIns,
    AuthDetails,
    AppSignIns,
    MfaServerActivity,
    Blocked,
    Bypassed,
    ServerStatus,
    Fraud,
    /// Registration details (portal, Graph, SDK) and the MSOnline report.
    Registration,
    /// One unrecognised file, by its [`FileId`] number.
    Unknown(u32),
}

impl DatasetId {
    /// Does a file of `kind` (with id `file`) belong here?
    pub fn includes(self, kind: ReportKind, file: FileId) -> bool {
        match self {
            DatasetId::SignIns => kind.is_sign_ins(),
            DatasetId::AuthDetails => kind == ReportKind::EntraAuthDetails,
            DatasetId::AppSignIns => kind == ReportKind::EntraAppSignIns,
            DatasetId::MfaServerActivity => kind == ReportKind::MfaServerActivity,
            DatasetId::Blocked => kind == ReportKind::MfaServerBlocked,
            DatasetId::Bypassed => kind == ReportKind::MfaServerBypassed,
            DatasetId::ServerStatus => kind == ReportKind::MfaServerStatus,
            DatasetId::Fraud => kind == ReportKind::FraudAlerts,
            DatasetId::Registration => kind.is_registration(),
            DatasetId::Unknown(id) => kind == ReportKind::Unknown && file.0 == id,
        }
    }

    /// The name of the dataset, as the Rows tab's picker shows it: an
    /// unrecognised file goes by its file name ("Other table" once the file
    /// is gone).
    pub fn label(self, ws: &Workspace) -> String {
        let fixed = match self {
            DatasetId::SignIns => "Sign-ins",
            DatasetId::AuthDetails => "Authentication details",
            DatasetId::AppSignIns => "Service principal & managed identity sign-ins",
            DatasetId::MfaServerActivity => "MFA Server activity",
            DatasetId::Blocked => "Blocked user history",
            DatasetId::Bypassed => "Bypassed user history",
            DatasetId::ServerStatus => "Server status",
            DatasetId::Fraud => "Fraud alerts",
            DatasetId::Registration => "Registration",
            DatasetId::Unknown(file) => {
                return ws
                    .files()
                    .iter()
                    .find(|f| f.id.0 == file)
                    .map_or_else(|| "Other table".to_string(), |f| f.name.clone());
            }
        };
        fixed.to_string()
    }

    /// The datasets that have at least one loaded file, in menu order.
    pub fn available(ws: &Workspace) -> Vec<DatasetId> {
        let fixed = [
            DatasetId::SignIns,
            DatasetId::AuthDetails,
            DatasetId::AppSignIns,
            DatasetId::MfaServerActivity,
            DatasetId::Blocked,
            DatasetId::Bypassed,
            DatasetId::ServerStatus,
            DatasetId::Fraud,
            DatasetId::Registration,
        ];
        let loaded = |d: DatasetId| {
            ws.files()
                .iter()
                .any(|f| !f.loading && !f.unreadable && d.includes(f.kind, f.id))
        };
        let mut out: Vec<DatasetId> = fixed.into_iter().filter(|&d| loaded(d)).collect();
        out.extend(
            ws.files()
                .iter()
                .filter(|f| !f.loading && !f.unreadable && f.kind == ReportKind::Unknown)
                .map(|f| DatasetId::Unknown(f.id.0)),
        );
        out
    }
}

/// A column computed from the classification, not read from a file. Keys
/// start with `$` so they can never clash with a normalised caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Computed {
    /// The file the row came from.
    File,
    /// Sign-ins: `satisfied` / `denied` / `interrupted` / `no_mfa`.
    /// MFA Server activity: `succeeded` / `failed` / `did_not_complete` / `depends`.
    Outcome,
    /// Sign-ins: `yes` / `no`.
    MfaRequired,
    /// Sign-ins: the normalised denial reason.
    DenialReason,
    /// MFA Server activity: the call result code's documented label.
    CallLabel,
    /// Where to look (knowledge-base category) for the row's reason, call
    /// result or error code: the pointer the detail panel expands.
    Category,
    /// Registration: `yes` / `no`, by the row rule the Registration view
    /// counts with ([`row_is_registered`]).
    MfaRegistered,
}

impl Computed {
    pub fn key(self) -> &'static str {
        match self {
            Computed::File => "$file",
            Computed::Outcome => "$outcome",
            Computed::MfaRequired => "$mfa_required",
            Computed::DenialReason => "$reason",
            Computed::CallLabel => "$call_label",
            Computed::Category => "$category",
            Computed::MfaRegistered => "$mfa_registered",
        }
    }

    pub fn caption(self) -> &'static str {
        match self {
            Computed::File => "File",
            Computed::Outcome => "Outcome",
            Computed::MfaRequired => "MFA required",
            Computed::DenialReason => "Denial reason",
            Computed::CallLabel => "Call result label",
            Computed::Category => "Category",
            Computed::MfaRegistered => "Registered for MFA",
        }
    }
}

/// Where a dataset column's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnSource {
    /// A file column (position per file in [`Member::fields`]).
    Field,
    Computed(Computed),
}

/// One column of a dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnDef {
    /// Stable id for queries and the URL: the normalised caption (with `#2`
    /// for a repeated caption), or a `$…` key for a computed column.
    pub key: String,
    /// As first written in a file (trimmed), or the computed column's name.
    pub caption: String,
    #[serde(skip)]
    pub source: ColumnSource,
    #[serde(skip)]
    pub role: Option<Role>,
}

/// One file of a dataset.
pub struct Member<'w> {
    pub id: FileId,
    pub name: &'w str,
    pub kind: ReportKind,
    pub table: &'w Table,
    pub map: ColumnMap,
    pub classes: Option<&'w SignInClasses>,
    /// For each dataset column, the file's column position (None: blank here).
    pub fields: Vec<Option<usize>>,
}

impl Member<'_> {
    pub fn rows(&self) -> usize {
        self.table.rows()
    }

    pub fn row_ref(&self, row: usize) -> RowRef {
        RowRef::new(self.id, row as u32)
    }
}

/// The files and the lined-up columns of one dataset.
pub struct Dataset<'w> {
    pub id: DatasetId,
    pub columns: Vec<ColumnDef>,
    pub members: Vec<Member<'w>>,
    pub reasons: &'w Reasons,
    /// Knowledge-base category label per denial-reason code (index = code).
    reason_categories: Vec<&'static str>,
}

impl<'w> Dataset<'w> {
    /// The dataset `id` over the workspace's finished files.
    pub fn build(ws: &'w Workspace, id: DatasetId) -> Dataset<'w> {
        let mut columns: Vec<ColumnDef> = Vec::new();
        let mut members: Vec<Member<'w>> = Vec::new();
        // Lookups by key and by role, so lining up a file costs time in
        // proportion to its columns: a hostile file with 10,000 columns must not
        // take minutes (a linear search per caption made this cubic).
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut with_role: Vec<(Role, usize)> = Vec::new();
        for report in ws.files() {
            if report.loading || report.unreadable || !id.includes(report.kind, report.id) {
                continue;
            }
            let Some(table) = ws.table(report.id) else {
                continue;
            };
            let captions: Vec<&str> = table.names().iter().map(String::as_str).collect();
            let map = ColumnMap::new(&captions);
            let norms = map.normalized();
            let mut positions: Vec<(usize, usize)> = Vec::new();
            // Dataset columns this file already uses (two captions of one file
            // never share a column), and how often each caption came before.
            let mut taken: Vec<bool> = vec![false; columns.len()];
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (pos, caption) in captions.iter().enumerate() {
                let role = role_of(caption).filter(|r| map.get(*r) == Some(pos));
                let mut key = norms.get(pos).cloned().unwrap_or_default();
                // A repeated caption within one file gets its own column.
                let repeats = {
                    let count = seen
                        .entry(norms.get(pos).map_or("", String::as_str))
                        .or_insert(0);
                    *count += 1;
                    *count - 1
                };
                if repeats > 0 {
                    key = format!("{key}#{}", repeats + 1);
                }
                // Same caption or same meaning, not yet taken by this file: the
                // first such column.
                let free = |i: &usize| !taken.get(*i).copied().unwrap_or(false);
                let same_key = by_key.get(&key).copied().filter(free);
                let same_role = role.and_then(|role| {
                    with_role
                        .iter()
                        .filter(|(r, _)| *r == role)
                        .map(|&(_, i)| i)
                        .find(free)
                });
                let existing = match (same_key, same_role) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let index = match existing {
                    Some(i) => i,
                    None => {
                        let mut unique = key.clone();
                        let mut n = 2;
                        while by_key.contains_key(&unique) {
                            unique = format!("{key}#{n}");
                            n += 1;
                        }
                        let index = columns.len();
                        by_key.insert(unique.clone(), index);
                        if let Some(role) = role {
                            with_role.push((role, index));
                        }
                        columns.push(ColumnDef {
                            key: unique,
                            caption: caption.trim().to_string(),
                            source: ColumnSource::Field,
                            role,
                        });
                        index
                    }
                };
                if taken.len() <= index {
                    taken.resize(index + 1, false);
                }
                taken[index] = true;
                positions.push((index, pos));
            }
            members.push(Member {
                id: report.id,
                name: &report.name,
                kind: report.kind,
                table,
                map,
                classes: ws.sign_in_classes(report.id),
                fields: {
                    let mut fields = vec![None; columns.len()];
                    for (index, pos) in positions {
                        if let Some(slot) = fields.get_mut(index) {
                            *slot = Some(pos);
                        }
                    }
                    fields
                },
            });
        }
        let computed: &[Computed] = match id {
            DatasetId::SignIns => &[
                Computed::File,
                Computed::Outcome,
                Computed::MfaRequired,
                Computed::DenialReason,
                Computed::Category,
            ],
            DatasetId::MfaServerActivity => &[
                Computed::File,
                Computed::Outcome,
                Computed::CallLabel,
                Computed::Category,
            ],
            DatasetId::Registration => &[Computed::File, Computed::MfaRegistered],
            _ => &[Computed::File],
        };
        columns.extend(computed.iter().map(|&c| ColumnDef {
            key: c.key().to_string(),
            caption: c.caption().to_string(),
            source: ColumnSource::Computed(c),
            role: None,
        }));
        let width = columns.len();
        for m in &mut members {
            m.fields.resize(width, None);
        }
        let reasons = ws.reasons();
        let mut reason_categories = vec![""];
        let mut code = 1u32;
        while let Some(r) = reasons.get(code) {
            reason_categories.push(knowledge::mfa_result(r).map_or("", |e| e.category.label()));
            code = code.saturating_add(1);
        }
        Dataset {
            id,
            columns,
            members,
            reasons,
            reason_categories,
        }
    }

    /// The position of the column with `key`.
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// The dataset column playing `role` (the date, the user…).
    pub fn role_index(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == Some(role))
    }

    pub fn member(&self, file: FileId) -> Option<&Member<'w>> {
        self.members.iter().find(|m| m.id == file)
    }

    /// Rows over all files.
    pub fn rows(&self) -> usize {
        self.members.iter().map(Member::rows).sum()
    }

    /// How column `col` reads in `member`.
    pub fn source<'d>(&'d self, member: &'d Member<'w>, col: usize) -> Source<'d> {
        match self.columns.get(col).map(|c| c.source) {
            Some(ColumnSource::Field) => {
                match member
                    .fields
                    .get(col)
                    .copied()
                    .flatten()
                    .and_then(|p| member.table.column(p))
                {
                    Some(c) => Source::Field(c),
                    None => Source::Blank,
                }
            }
            Some(ColumnSource::Computed(c)) => match (c, member.classes) {
                (Computed::File, _) => Source::Constant(member.name),
                (Computed::Outcome, Some(k)) => Source::SignInOutcome(k),
                (Computed::MfaRequired, Some(k)) => Source::MfaRequired(k),
                (Computed::DenialReason, Some(k)) => Source::Reason(k, self.reasons),
                (Computed::Category, Some(k)) => Source::ReasonCategory(k, &self.reason_categories),
                (Computed::Outcome, None) if member.kind == ReportKind::MfaServerActivity => {
                    Source::Call(member, CallPart::Outcome)
                }
                (Computed::CallLabel, None) if member.kind == ReportKind::MfaServerActivity => {
                    Source::Call(member, CallPart::Label)
                }
                (Computed::Category, None) if member.kind == ReportKind::MfaServerActivity => {
                    Source::Call(member, CallPart::Category)
                }
                (Computed::MfaRegistered, _) => Source::Registered(member),
                _ => Source::Blank,
            },
            None => Source::Blank,
        }
    }
}

/// Which part of an MFA Server row's call result a computed column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallPart {
    Outcome,
    Label,
    Category,
}

/// A column of one file, ready to read row by row.
#[derive(Clone, Copy)]
pub enum Source<'d> {
    Blank,
    Field(&'d Column),
    Constant(&'d str),
    SignInOutcome(&'d SignInClasses),
    MfaRequired(&'d SignInClasses),
    Reason(&'d SignInClasses, &'d Reasons),
    ReasonCategory(&'d SignInClasses, &'d [&'static str]),
    Call(&'d Member<'d>, CallPart),
    /// Registration rows: registered for MFA, `yes` / `no`.
    Registered(&'d Member<'d>),
}

impl<'d> Source<'d> {
    /// The cell text of `row`.
    #[inline]
    pub fn value(&self, row: usize) -> &'d str {
        match *self {
            Source::Blank => "",
            Source::Field(c) => c.get(row),
            Source::Constant(s) => s,
            Source::SignInOutcome(k) => k.rows.get(row).map_or("", |c| c.outcome().id()),
            Source::MfaRequired(k) => k.rows.get(row).map_or("", |c| yes_no(c.mfa_required())),
            Source::Reason(k, reasons) => k
                .reasons
                .get(row)
                .and_then(|&r| reasons.get(r))
                .unwrap_or(""),
            Source::ReasonCategory(k, cats) => k
                .reasons
                .get(row)
                .and_then(|&r| cats.get(r as usize))
                .copied()
                .unwrap_or(""),
            Source::Call(m, part) => call_part(m, row, part),
            Source::Registered(m) => yes_no(registered(m, row)),
        }
    }

    /// A small integer that determines the value, when there is one: lets a
    /// predicate run once per distinct value instead of once per row.
    #[inline]
    pub fn value_key(&self, row: usize) -> Option<u32> {
        match *self {
            Source::Blank | Source::Constant(_) => Some(0),
            Source::Field(c) => c.code(row),
            Source::SignInOutcome(k) => k.rows.get(row).map(|c| c.outcome() as u32),
            Source::MfaRequired(k) => k.rows.get(row).map(|c| u32::from(c.mfa_required())),
            Source::Reason(k, _) | Source::ReasonCategory(k, _) => k.reasons.get(row).copied(),
            Source::Call(..) => None,
            Source::Registered(m) => Some(u32::from(registered(m, row))),
        }
    }

    /// The value of every key [`value_key`](Self::value_key) can return, by
    /// key; `None` when the source has no keys (per-row values).
    pub fn key_values(&self) -> Option<Vec<&'d str>> {
        match *self {
            Source::Blank => Some(vec![""]),
            Source::Constant(v) => Some(vec![v]),
            Source::Field(c) => c.dict_values().map(|v| v.iter().map(|s| &**s).collect()),
            Source::SignInOutcome(_) => Some(
                [
                    Outcome::NoMfa,
                    Outcome::Satisfied,
                    Outcome::Denied,
                    Outcome::Interrupted,
                ]
                .iter()
                .map(|o| o.id())
                .collect(),
            ),
            Source::MfaRequired(_) | Source::Registered(_) => {
                Some(vec![yes_no(false), yes_no(true)])
            }
            Source::Reason(_, reasons) => {
                let mut out = vec![""];
                let mut code = 1u32;
                while let Some(r) = reasons.get(code) {
                    out.push(r);
                    code = code.saturating_add(1);
                }
                Some(out)
            }
            Source::ReasonCategory(_, cats) => Some(cats.to_vec()),
            Source::Call(..) => None,
        }
    }
}

fn registered(m: &Member<'_>, row: usize) -> bool {
    row_is_registered(m.kind, m.table, &m.map, row)
}

/// How the yes/no computed columns (`$mfa_required`, `$mfa_registered`)
/// write a flag; filters on them use the same words.
pub fn yes_no(flag: bool) -> &'static str {
    if flag {
        "yes"
    } else {
        "no"
    }
}

fn call_part<'d>(m: &'d Member<'_>, row: usize, part: CallPart) -> &'d str {
    let Some((code, from)) = call_result_of(m.table, &m.map, row) else {
        return "";
    };
    match part {
        CallPart::Outcome => call_outcome(m.table, &m.map, row, code, from).id(),
        CallPart::Label => knowledge::call_result(code).map_or("", |c| c.label),
        CallPart::Category => knowledge::call_result(code).map_or("", |c| c.category.label()),
    }
}
