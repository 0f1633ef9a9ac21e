//! Reading a file in parts as the page's coordinator does: the preamble
//! from the file's first MiB, a window of 256 KiB at each cut target, the
//! parts read each after the preamble (in slices of random sizes), joined
//! by `Merge`; the whole file read again when they cannot be. Every file
//! and part is read as a shard reads it, step facts included.

use mfa_lens_core::built::parts::{Merge, Preamble, Unmergeable};
use mfa_lens_core::built::{BuiltFile, FileBuilder};
use mfa_lens_core::generate::Rng;

pub const HEAD: usize = 1 << 20;
pub const WINDOW: usize = 256 << 10;

/// Feeds `bytes` to `builder` in slices of random sizes.
pub fn push_sliced(builder: &mut FileBuilder, bytes: &[u8], draw: &mut Rng) {
    let mut rest = bytes;
    while !rest.is_empty() {
        let take = (1 + draw.below_usize(64 << 10)).min(rest.len());
        builder.push(&rest[..take]);
        rest = &rest[take..];
    }
}

/// The file read whole, as a shard reads it (with its step facts).
pub fn whole(name: &str, bytes: &[u8], draw: &mut Rng) -> BuiltFile {
    let mut builder = FileBuilder::new(name);
    push_sliced(&mut builder, bytes, draw);
    builder.finish().with_step_facts()
}

/// The byte ranges `bytes` is read in when cut near `targets`; `None` when
/// the file cannot be read in parts at all.
// Each test crate compiles this module; only tests/parts.rs calls this.
#[allow(dead_code)]
pub fn ranges(name: &str, bytes: &[u8], targets: &[u64]) -> Option<(Preamble, Vec<(u64, u64)>)> {
    let preamble = Preamble::find(name, &bytes[..bytes.len().min(HEAD)])?;
    let ranges = ranges_after(&preamble, bytes, targets);
    Some((preamble, ranges))
}

/// The byte ranges of `bytes`, whose preamble is found, cut near `targets`.
fn ranges_after(preamble: &Preamble, bytes: &[u8], targets: &[u64]) -> Vec<(u64, u64)> {
    let cuts = targets.iter().map(|&t| {
        let at = (t as usize).min(bytes.len());
        let window = &bytes[at..(at + WINDOW).min(bytes.len())];
        preamble.record_start(window).map(|o| (at + o) as u64)
    });
    preamble.part_ranges(bytes.len() as u64, cuts)
}

/// The file read in the parts `ranges` gives, each part in a builder of
/// its own, the parts joined through their encoding as the shards send it.
// Only tests/parts.rs calls this (see `ranges`).
#[allow(dead_code)]
pub fn in_parts(
    name: &str,
    bytes: &[u8],
    preamble: Preamble,
    ranges: &[(u64, u64)],
    draw: &mut Rng,
) -> Result<BuiltFile, Unmergeable> {
    in_parts_keeping(name, bytes, preamble, ranges, draw, &mut |_| {})
}

/// As [`in_parts`], handing each part's encoding to `keep` as well, as a
/// shard keeps what it read.
fn in_parts_keeping(
    name: &str,
    bytes: &[u8],
    preamble: Preamble,
    ranges: &[(u64, u64)],
    draw: &mut Rng,
    keep: &mut dyn FnMut(&[u8]),
) -> Result<BuiltFile, Unmergeable> {
    let head = &bytes[..preamble.len() as usize];
    let mut merge = Merge::new(name, preamble.clone());
    for &(start, end) in ranges {
        let mut builder = FileBuilder::part(name);
        push_sliced(&mut builder, head, draw);
        push_sliced(&mut builder, &bytes[start as usize..end as usize], draw);
        let sent = builder.finish().with_step_facts().encode();
        keep(&sent);
        merge.push(BuiltFile::decode(&sent).expect("our own encoding decodes"))?;
    }
    merge.finish()
}

/// As the coordinator: in `parts` parts of about equal size where it can
/// be, whole where it cannot; true when it was joined from parts.
// Only tests/parts.rs calls this (see `ranges`).
#[allow(dead_code)]
pub fn split_or_whole(name: &str, bytes: &[u8], parts: usize, draw: &mut Rng) -> (BuiltFile, bool) {
    let (built, sent) = split_or_whole_keeping(name, bytes, parts, draw);
    (built, sent.is_some())
}

/// As [`split_or_whole`], with the encodings of the parts the file was
/// joined from (`None` when it was read whole).
pub fn split_or_whole_keeping(
    name: &str,
    bytes: &[u8],
    parts: usize,
    draw: &mut Rng,
) -> (BuiltFile, Option<Vec<Vec<u8>>>) {
    let mut sent = Vec::new();
    let split = Preamble::find(name, &bytes[..bytes.len().min(HEAD)]).and_then(|preamble| {
        let targets = preamble.cut_targets(bytes.len() as u64, parts);
        let ranges = ranges_after(&preamble, bytes, &targets);
        in_parts_keeping(name, bytes, preamble, &ranges, draw, &mut |part| {
            sent.push(part.to_vec())
        })
        .ok()
    });
    match split {
        Some(joined) => (joined, Some(sent)),
        None => (whole(name, bytes, draw), None),
    }
}
