//! Filtering, sorting, paging, aggregation and export over the loaded rows.
//!
//! The web viewer keeps the [`Workspace`](crate::Workspace) in a Web Worker and
//! the UI thread never holds rows: it sends a [`Query`] (serialisable, kept in
//! the URL hash) and asks for what it shows — a [`Page`] of cells, the value
//! lists of a column filter, the overview's counts and timeline, one row's
//! detail, a CSV export. Everything here is plain Rust over the columnar store,
//! tested natively, so the page and the tests agree.
//!
//! ```text
//! Workspace ─ Dataset (files of one family, columns lined up)
//!               └ run(Query) → ResultSet (flat Vec<RowRef>)
//!                   ├ page / value_counts / overview / timeline (its axis) / error_codes
//!                   ├ row_detail(RowRef)
//!                   └ export_csv
//! sign_ins::user_summaries ─ users(UserQuery) / user_timeline
//! ```
//!
//! Costs are designed for 2,000,000 rows: a result set is one `u64` per row;
//! predicates run once per distinct value of a dictionary column; the global
//! search scans arena columns as bytes; sorting compares integer keys.
//!
//! Choices worth knowing (each explained where it is made):
//! - **Stateless.** Every call rebuilds its [`Dataset`] from the workspace (a
//!   few microseconds: no row data is copied), so nothing can go stale when a
//!   file is added or removed, and the worker keeps no second copy of rows.
//! - **Columns by key, not position.** A query names a column by its
//!   normalised caption (`date (utc)`, `sign-in error code`) or a computed key
//!   (`$outcome`, `$reason`, `$mfa_required`, `$category`, `$call_label`,
//!   `$file`), so a URL stays valid when the same files are loaded again.
//!   Files are lined up by column meaning first, so the key of a shared column
//!   is the spelling of the first file loaded.
//! - **Unfiltered order** is file load order, then row order; every sort is
//!   stable on top of the current order, empty values last both ways.
//! - **Value lists are exact**, text filters and the search box ignore case.
//!   The search box also looks at computed columns (searching `denied` finds
//!   the denied rows) and the file name.
//! - **Unknown column keys select nothing** (a filter) or are ignored (a sort,
//!   a page's column list), never everything: a stale URL shows an empty
//!   table, not a wrong one.

mod axis;
mod charts;
mod chooser;
mod dataset;
mod detail;
mod export;
mod filter;
mod offered;
mod overview;
mod page;
mod rowref;
mod sort;
pub mod text;
mod users;
mod widths;

#[cfg(test)]
mod tests;

pub use axis::Tick;
pub use charts::{sign_in_charts, SignInCharts, CHARTED_ERROR_CODES};
pub use chooser::{column_infos, ColumnInfo, FilterControl};
pub use dataset::{yes_no, ColumnDef, Computed, Dataset, DatasetId, Member};
pub use detail::{row_detail, Classification, DetailField, Explanation, RowDetail, Step};
pub use export::{export_csv, push_field, CsvExport, FORMULA_STARTS};
pub use filter::{run, run_cached, run_on, Filter, Query, ResultSet, Sort};
pub use offered::{datasets, DatasetInfo};
pub use overview::{
    error_codes, method_column, overview, timeline, Bucket, ErrorCodeCount, Overview, Timeline,
    TimelinePoint, ALL_ROWS, CALL_OUTCOMES, DENSE_BUCKETS, SIGN_IN_OUTCOMES,
};
pub use page::{
    default_columns, facet_counts, page, value_counts, Page, ValueCount, ValueCounts,
    LOW_CARDINALITY,
};
pub use rowref::RowRef;
pub use sort::{sort_kind, SortCache, SortKind};
pub use users::{filter_users, user_timeline, users, UserColumn, UserFlag, UserQuery};
pub use widths::{date_column, text_widths, WIDTH_SAMPLE};

/// The columns of a dataset, for the column chooser.
pub fn columns(ws: &crate::Workspace, dataset: DatasetId) -> Vec<ColumnDef> {
    Dataset::build(ws, dataset).columns
}
