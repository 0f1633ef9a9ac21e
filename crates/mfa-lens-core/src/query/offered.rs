//! The datasets the loaded files offer, as a face lists them for picking (the
//! page's Rows view): each with its label and its number of rows.

use serde::{Deserialize, Serialize};

use crate::workspace::Workspace;

use super::dataset::{Dataset, DatasetId};

/// One dataset the loaded files offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetInfo {
    pub id: DatasetId,
    pub label: String,
    pub rows: u64,
}

/// Every dataset the loaded files offer, in [`DatasetId::available`] order.
pub fn datasets(ws: &Workspace) -> Vec<DatasetInfo> {
    DatasetId::available(ws)
        .into_iter()
        .map(|id| DatasetInfo {
            id,
            label: id.label(ws),
            // Counting needs no result set: the dataset knows its rows.
            rows: Dataset::build(ws, id).rows() as u64,
        })
        .collect()
}
