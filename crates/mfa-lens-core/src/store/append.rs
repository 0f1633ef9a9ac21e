//! One table's rows added after another's, exactly as if they had been
//! pushed one by one.
//!
//! A large file is read in parts by several workers (`built::parts`), and the
//! parts' tables are put back together in the coordinator. "Together" has to
//! mean *identical* to the table a single read would have built — the same
//! dictionary codes in the same first-seen order, the same switch from a
//! dictionary to an arena at the same row — because classification takes its
//! paths by layout and the shards' promise is byte-identical answers. Pushing
//! every value again would give that, but it is the per-row hashing the parts
//! were read elsewhere to avoid. Instead each distinct value of the part is
//! looked up once, the first time it occurs, and every other row is a code
//! copied through a small translation table; a part stored as an arena is
//! copied as one block of text once the target is an arena too.

use super::{ArenaColumn, Column, DictColumn, Table};

/// A part's code not yet translated into the target dictionary.
const UNSEEN: u32 = u32::MAX;

impl Table {
    /// Adds `other`'s rows after this table's last row, as if each had been
    /// pushed in turn (see the module documentation). False, and nothing
    /// changed, when the two tables do not have the same columns.
    ///
    /// The date index is dropped: the day/month order is decided over the
    /// whole column, so the caller indexes the finished table.
    pub fn append(&mut self, other: &Table) -> bool {
        if self.names != other.names {
            return false;
        }
        for (column, part) in self.columns.iter_mut().zip(&other.columns) {
            column.append(part);
        }
        self.rows += other.rows;
        self.timestamps = None;
        self.day_order = None;
        true
    }
}

impl Column {
    fn append(&mut self, part: &Column) {
        match part {
            Column::Dict(part) => self.append_dict(part),
            Column::Arena(part) => self.append_arena(part, 0),
        }
    }

    fn append_dict(&mut self, part: &DictColumn) {
        let mut translated = vec![UNSEEN; part.values.len()];
        for row in 0..part.codes.len() {
            let code = part.codes.get(row).unwrap_or(0) as usize;
            let Column::Dict(target) = self else {
                // Turned into an arena part-way: the rest are values.
                for row in row..part.codes.len() {
                    self.push(part_value(part, row));
                }
                return;
            };
            match translated.get(code).copied() {
                Some(known) if known != UNSEEN => {
                    // Already in the dictionary, so `push` would neither add a
                    // value nor reconsider the layout: only the code is new.
                    target.codes.push(known);
                    target.last = Some(known);
                }
                _ => {
                    self.push(part_value(part, row));
                    if let (Column::Dict(target), Some(slot)) = (&*self, translated.get_mut(code)) {
                        *slot = target.last.unwrap_or(UNSEEN);
                    }
                }
            }
        }
    }

    /// Appends `part`'s rows from `from` on.
    fn append_arena(&mut self, part: &ArenaColumn, from: usize) {
        let rows = part.ends.len();
        let mut row = from;
        // Still a dictionary: value by value, until it turns into an arena
        // (it may not, if the part's values repeat what came before).
        while row < rows {
            if !self.is_dictionary() {
                break;
            }
            self.push(part.get(row));
            row += 1;
        }
        if let Column::Arena(target) = self {
            target.extend_from(part, row);
        }
    }
}

fn part_value(part: &DictColumn, row: usize) -> &str {
    let code = part.codes.get(row).unwrap_or(0) as usize;
    part.values.get(code).map(|v| &**v).unwrap_or("")
}

impl ArenaColumn {
    /// Appends `part`'s rows from `from` on as one block of text, with their
    /// end offsets moved; value by value where the text would pass the `u32`
    /// offsets (each value is then stored as `push` stores it).
    fn extend_from(&mut self, part: &ArenaColumn, from: usize) {
        if from >= part.ends.len() {
            return;
        }
        let start = match from.checked_sub(1) {
            Some(prev) => part.ends[prev] as usize,
            None => 0,
        };
        let text = &part.text[start..];
        if self.text.len() + text.len() > u32::MAX as usize {
            for row in from..part.ends.len() {
                self.push(part.get(row));
            }
            return;
        }
        let base = self.text.len() as u32;
        self.text.push_str(text);
        self.ends.extend(
            part.ends[from..]
                .iter()
                .map(|&end| base + (end - start as u32)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table_of(rows: &[Vec<String>]) -> Table {
        let mut t = Table::new(vec!["a".into(), "b".into(), "c".into()]);
        for row in rows {
            t.push_row(row.iter().map(String::as_str));
        }
        t
    }

    fn bytes(t: &Table) -> Vec<u8> {
        let mut out = Vec::new();
        t.encode_into(&mut out);
        out
    }

    /// Rows whose columns repeat always (a dictionary throughout), until
    /// row 25,000 (an arena from about row 49,900, inside a part), and never
    /// (an arena from row 16,384).
    fn rows(n: usize, seed: u64) -> Vec<Vec<String>> {
        let mut x = seed | 1;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                vec![
                    format!("v{}", x % 7),
                    if i < 25_000 {
                        format!("w{}", x % 50)
                    } else {
                        format!("w{i}")
                    },
                    format!("id-{i}-{x}"),
                ]
            })
            .collect()
    }

    #[test]
    fn a_table_appended_in_parts_is_the_table_pushed_whole_layouts_and_codes_included() {
        let all = rows(60_000, 7);
        let whole = table_of(&all);
        let mut joined = table_of(&all[..20_000]);
        assert!(joined.append(&table_of(&all[20_000..41_000])));
        assert!(joined.append(&table_of(&all[41_000..])));
        // The middle column turned into an arena inside a part.
        assert!(whole.column(0).is_some_and(Column::is_dictionary));
        assert!(!whole.column(1).is_some_and(Column::is_dictionary));
        assert_eq!(bytes(&joined), bytes(&whole));
    }

    #[test]
    fn tables_with_other_columns_are_not_appended() {
        let mut t = table_of(&rows(3, 1));
        let other = Table::new(vec!["a".into()]);
        assert!(!t.append(&other));
        assert_eq!(t.rows(), 3);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_cut_of_the_rows_appends_back_to_the_same_bytes(
            n in 0usize..40_000,
            seed in any::<u64>(),
            cuts in proptest::collection::vec(0.0f64..1.0, 0..4),
        ) {
            let all = rows(n, seed);
            let mut at: Vec<usize> = cuts.iter().map(|c| (c * n as f64) as usize).collect();
            at.push(n);
            at.sort_unstable();
            let mut joined = table_of(&[]);
            let mut from = 0;
            for to in at {
                prop_assert!(joined.append(&table_of(&all[from..to])));
                from = to;
            }
            prop_assert_eq!(bytes(&joined), bytes(&table_of(&all)));
        }
    }
}
