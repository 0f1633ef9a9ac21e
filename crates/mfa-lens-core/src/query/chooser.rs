//! What the column chooser and the filter row need to know about each column:
//! its caption, how it sorts, and which filter control fits it (a value list
//! with counts, a date range, or a text box).

use serde::Serialize;

use crate::workspace::Workspace;

use super::dataset::{ColumnSource, Dataset, DatasetId};
use super::page::{default_columns, is_low_cardinality};
use super::sort::{sort_kind, SortKind};

/// The filter control that suits a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterControl {
    /// The dataset's date: a from/to range ([`Filter::DateRange`](super::Filter::DateRange)).
    DateRange,
    /// Few distinct values: a list with counts ([`Filter::Equals`](super::Filter::Equals)).
    ValueList,
    /// Anything else: a text box ([`Filter::Contains`](super::Filter::Contains)).
    Text,
}

/// One column as the chooser shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnInfo {
    pub key: String,
    pub caption: String,
    /// Computed from the classification rather than read from a file.
    pub computed: bool,
    /// Shown when the view opens.
    pub default: bool,
    pub sort: &'static str,
    pub filter: FilterControl,
}

/// Every column of `dataset`, in dataset order.
pub fn column_infos(ws: &Workspace, dataset: DatasetId) -> Vec<ColumnInfo> {
    let ds = Dataset::build(ws, dataset);
    let defaults = default_columns(&ds);
    ds.columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let sort = sort_kind(&ds, i);
            let few_values = is_low_cardinality(&ds, i);
            ColumnInfo {
                key: c.key.clone(),
                caption: c.caption.clone(),
                computed: c.source != ColumnSource::Field,
                default: defaults.contains(&c.key),
                sort: match sort {
                    SortKind::Date => "date",
                    SortKind::Number => "number",
                    SortKind::Text => "text",
                },
                filter: if sort == SortKind::Date {
                    FilterControl::DateRange
                } else if few_values {
                    FilterControl::ValueList
                } else {
                    FilterControl::Text
                },
            }
        })
        .collect()
}
