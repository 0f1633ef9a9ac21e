//! How wide each shown column of the Rows view should be, from its content.
//!
//! The page cannot measure text it has not been sent, and the result may hold
//! millions of rows, so the worker looks at a sample: the first rows (what
//! opens on screen) and rows spread evenly over the rest (what a scroll
//! reaches). Widths are in characters; the page turns them into pixels.

use crate::workspace::Workspace;

use super::dataset::Dataset;
use super::filter::ResultSet;
use super::page::{shown_columns, CellReader};
use crate::columns::Role;

/// Rows looked at: enough to meet the long values of a column, few enough
/// to cost well under a millisecond.
pub const WIDTH_SAMPLE: usize = 400;

/// For each of `keys` (empty: the dataset's default columns), the most
/// characters one of the sampled rows holds in it. Unknown keys are dropped,
/// as [`page`](super::page) drops them, so the widths line up with its cells.
pub fn text_widths(ws: &Workspace, result: &ResultSet, keys: &[String]) -> Vec<u16> {
    let ds = Dataset::build(ws, result.dataset);
    let cols = shown_columns(&ds, keys);
    let reader = CellReader::new(&ds, &cols);
    let mut widths = vec![0u16; cols.len()];
    for index in sample(result.rows.len(), WIDTH_SAMPLE) {
        let Some(r) = result.rows.get(index) else {
            continue;
        };
        let Some(sources) = reader.sources(r.file()) else {
            continue;
        };
        for (width, source) in widths.iter_mut().zip(sources) {
            let chars = source.value(r.row()).chars().count();
            *width = (*width).max(chars.min(usize::from(u16::MAX)) as u16);
        }
    }
    widths
}

/// The key of the dataset's date column, whose cells the page shows from the
/// parsed times ([`Page::times`](super::Page::times)) rather than as written.
pub fn date_column(ws: &Workspace, dataset: super::DatasetId) -> Option<String> {
    let ds = Dataset::build(ws, dataset);
    let col = ds.role_index(Role::Date)?;
    ds.columns.get(col).map(|c| c.key.clone())
}

/// Up to `n` row indexes of `0..total`: the first half of them from the top,
/// the rest spread evenly over the remainder.
fn sample(total: usize, n: usize) -> impl Iterator<Item = usize> {
    let head = total.min(n / 2);
    let rest = total - head;
    let spread = (n - n / 2).min(rest);
    let step = rest.checked_div(spread).unwrap_or(1);
    (0..head).chain((0..spread).map(move |i| head + i * step))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{run, Query};

    const SIGN_INS: &str = "Date (UTC),Request ID,Username,Application,Status,Sign-in error code\n\
        2024-05-01T10:00:00Z,r1,ann@contoso.com,Office,Success,0\n\
        2024-05-01T10:05:00Z,r2,bartholomew.longname@contoso.com,Azure Portal,Failure,500121\n";

    #[test]
    fn a_column_is_as_wide_as_its_longest_sampled_value() {
        let mut ws = Workspace::default();
        ws.load("signins.csv", SIGN_INS.as_bytes());
        let result = run(&ws, &Query::default());
        let keys: Vec<String> = ["username", "status"].map(String::from).to_vec();
        assert_eq!(text_widths(&ws, &result, &keys), vec![32, 7]);
        assert_eq!(
            date_column(&ws, result.dataset).as_deref(),
            Some("date (utc)")
        );
    }

    #[test]
    fn the_sample_takes_the_top_and_spreads_over_the_rest() {
        let rows: Vec<usize> = sample(1_000, 10).collect();
        assert_eq!(rows, vec![0, 1, 2, 3, 4, 5, 204, 403, 602, 801]);
        assert_eq!(sample(3, 10).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(sample(0, 10).count(), 0);
        assert!(sample(5_000_000, WIDTH_SAMPLE).all(|i| i < 5_000_000));
    }
}
