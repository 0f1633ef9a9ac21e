//! The core's top-level modules (`read`, `store`, `ingest`, `classify`,
//! `workspace`, `query`, `reports`, `summary`, …) form layers: a module may
//! use the ones below it, never one above. Rust compiles an import loop
//! inside one crate without a word, so this test reads `src/`, draws the
//! graph of references between top-level modules and fails with the loop
//! printed when there is one (test code inside `src/` counts too: a test
//! that needs a higher layer belongs in `tests/`).
//!
//! A reference is any path through `crate::` (in a `use`, a `use` group or
//! an expression) and any `super::` path leaving a top-level module (in a
//! file directly under `src/`, `super::` is the crate root). Names the crate
//! root re-exports (`crate::Workspace`) count for their module. Comments and
//! string literals are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where an edge was seen first: file and line.
type Edges = BTreeMap<(String, String), (String, usize)>;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

/// Tokens with their line, comments and literals left out.
fn tokens(src: &str) -> Vec<(Tok, usize)> {
    let b = src.as_bytes();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    let skip_to = |i: &mut usize, line: &mut usize, end: usize| {
        *line += b[*i..end.min(b.len())]
            .iter()
            .filter(|&&c| c == b'\n')
            .count();
        *i = end;
    };
    while i < b.len() {
        let c = b[i];
        let rest = &src[i..];
        if c == b'\n' {
            line += 1;
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if rest.starts_with("//") {
            let end = rest.find('\n').map_or(b.len(), |n| i + n);
            skip_to(&mut i, &mut line, end);
        } else if rest.starts_with("/*") {
            let (mut depth, mut j) = (0, i);
            while j < b.len() {
                if src[j..].starts_with("/*") {
                    depth += 1;
                    j += 2;
                } else if src[j..].starts_with("*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            skip_to(&mut i, &mut line, j);
        } else if let Some(len) = raw_string_end(rest) {
            let end = i + len;
            skip_to(&mut i, &mut line, end);
        } else if c == b'"' || (c == b'b' && rest.starts_with("b\"")) {
            let mut j = i + if c == b'b' { 2 } else { 1 };
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            skip_to(&mut i, &mut line, j + 1);
        } else if c == b'\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if let Some(escaped) = rest.strip_prefix("'\\") {
                let end = escaped.find('\'').map_or(b.len(), |n| i + 2 + n + 1);
                skip_to(&mut i, &mut line, end);
            } else {
                let ch = rest[1..].chars().next().map_or(0, char::len_utf8);
                i += if rest[1 + ch..].starts_with('\'') {
                    2 + ch
                } else {
                    1
                };
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let end = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .map_or(b.len(), |n| i + n);
            out.push((Tok::Ident(src[i..end].to_string()), line));
            i = end;
        } else if rest.starts_with("::") {
            out.push((Tok::Path, line));
            i += 2;
        } else {
            let ch = rest.chars().next().unwrap_or(' ');
            out.push((Tok::Punct(ch), line));
            i += ch.len_utf8();
        }
    }
    out
}

/// Length of a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) at the start of
/// `s`, if there is one.
fn raw_string_end(s: &str) -> Option<usize> {
    let body = s.strip_prefix("br").or_else(|| s.strip_prefix('r'))?;
    let hashes = body.len() - body.trim_start_matches('#').len();
    let open = s.len() - body.len() + hashes;
    if !s[open..].starts_with('"') {
        return None;
    }
    let close = format!("\"{}", "#".repeat(hashes));
    Some(
        s[open + 1..]
            .find(&close)
            .map_or(s.len(), |n| open + 1 + n + close.len()),
    )
}

fn ident(t: Option<&(Tok, usize)>) -> Option<&str> {
    match t {
        Some((Tok::Ident(s), _)) => Some(s),
        _ => None,
    }
}

/// The top-level modules a file refers to, with the line of each reference.
/// `module` is the file's module path (`["query", "dataset"]`); `roots`
/// maps the crate root's re-exported names to their module.
fn references(
    src: &str,
    module: &[String],
    roots: &BTreeMap<String, String>,
) -> Vec<(String, usize)> {
    let toks = tokens(src);
    let is_sep = |k: usize| toks.get(k).map(|t| &t.0) == Some(&Tok::Path);
    let mut out = Vec::new();
    // Inline modules (`mod tests { … }`) and the brace depth they opened at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    for (i, (tok, line)) in toks.iter().enumerate() {
        match tok {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                while inline.last().is_some_and(|&(_, d)| d == depth) {
                    inline.pop();
                }
            }
            Tok::Ident(k) if k == "mod" => {
                if let (Some(name), Some((Tok::Punct('{'), _))) =
                    (ident(toks.get(i + 1)), toks.get(i + 2))
                {
                    inline.push((name.to_string(), depth));
                }
            }
            _ => {}
        }
        if i > 0 && is_sep(i - 1) {
            continue; // inside a path, not at its start
        }
        // The module a path starts from (`crate::` is the root, each
        // `super::` one level up) and where the rest of the path begins.
        let start = match ident(Some(&toks[i])) {
            Some("crate") if is_sep(i + 1) => Some((Vec::new(), i + 2)),
            Some("super") => {
                let mut path: Vec<String> = module.to_vec();
                path.extend(inline.iter().map(|(n, _)| n.clone()));
                let mut j = i;
                while ident(toks.get(j)) == Some("super") && is_sep(j + 1) {
                    path.pop();
                    j += 2;
                }
                (j > i).then_some((path, j))
            }
            _ => None,
        };
        let Some((base, rest)) = start else {
            continue;
        };
        if let Some(top) = base.first() {
            out.push((top.clone(), *line));
        } else {
            for name in first_segments(&toks, rest) {
                let top = roots.get(&name).cloned().unwrap_or_else(|| {
                    panic!("line {line}: `crate::{name}` is neither a module nor a re-export")
                });
                out.push((top, *line));
            }
        }
    }
    out
}

/// The first segment of the path at `j`, or of every item of the `use`
/// group there (`{a::b, c}` gives `a` and `c`).
fn first_segments(toks: &[(Tok, usize)], j: usize) -> Vec<String> {
    if let Some(name) = ident(toks.get(j)) {
        return vec![name.to_string()];
    }
    let mut out = Vec::new();
    if toks.get(j).map(|t| &t.0) != Some(&Tok::Punct('{')) {
        return out;
    }
    let (mut depth, mut item_start) = (0, true);
    for (tok, _) in &toks[j..] {
        match tok {
            Tok::Punct('{') => {
                depth += 1;
                item_start = depth == 1;
                continue;
            }
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Tok::Punct(',') if depth == 1 => {
                item_start = true;
                continue;
            }
            Tok::Ident(name) if item_start && name != "self" => out.push(name.clone()),
            _ => {}
        }
        item_start = false;
    }
    out
}

/// Names `lib.rs` re-exports (`pub use workspace::{FileId, Workspace};`),
/// each with its module; every top-level module maps to itself.
fn root_names(lib: &str, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> =
        modules.iter().map(|m| (m.clone(), m.clone())).collect();
    let toks = tokens(lib);
    for (i, _) in toks.iter().enumerate() {
        if ident(toks.get(i)) != Some("use") {
            continue;
        }
        let Some(module) = ident(toks.get(i + 1)).filter(|m| modules.contains(*m)) else {
            continue;
        };
        let end = toks[i..]
            .iter()
            .position(|t| t.0 == Tok::Punct(';'))
            .map_or(toks.len(), |n| i + n);
        let mut last = None;
        for t in &toks[i + 2..end] {
            match &t.0 {
                Tok::Ident(n) if n == "as" || n == "self" => {}
                Tok::Ident(n) => last = Some(n.clone()),
                Tok::Punct(',' | '}') => {
                    if let Some(n) = last.take() {
                        out.insert(n, module.to_string());
                    }
                }
                _ => {}
            }
        }
        if let Some(n) = last {
            out.insert(n, module.to_string());
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `query/dataset.rs` → `["query", "dataset"]`; `query/mod.rs` → `["query"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every edge between two top-level modules of the core, with where it was
/// seen first.
fn core_edges() -> (BTreeSet<String>, Edges) {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let rel = |p: &Path| p.strip_prefix(&src).unwrap().to_path_buf();
    let modules: BTreeSet<String> = files
        .iter()
        .map(|p| module_path(&rel(p)))
        .filter_map(|m| m.first().cloned())
        .filter(|m| m != "lib")
        .collect();
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let roots = root_names(&lib, &modules);
    let mut edges = Edges::new();
    for p in &files {
        let path = module_path(&rel(p));
        let Some(from) = path.first().filter(|m| *m != "lib") else {
            continue;
        };
        let text = std::fs::read_to_string(p).unwrap();
        for (to, line) in references(&text, &path, &roots) {
            if &to != from {
                let at = (rel(p).display().to_string(), line);
                edges.entry((from.clone(), to)).or_insert(at);
            }
        }
    }
    (modules, edges)
}

/// One cycle per strongly connected group of modules, each written
/// `a → b (a.rs:3) → a (b.rs:9)`; empty when the graph has none.
fn cycles(edges: &Edges) -> Vec<String> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        next.entry(a).or_default().push(b);
    }
    let reach = |from: &str| -> BTreeMap<String, String> {
        // Breadth-first: each module reached, with the module it came from.
        let mut came: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = vec![from.to_string()];
        while !queue.is_empty() {
            let mut later = Vec::new();
            for m in queue {
                for &n in next.get(m.as_str()).map_or(&[][..], Vec::as_slice) {
                    if !came.contains_key(n) {
                        came.insert(n.to_string(), m.clone());
                        later.push(n.to_string());
                    }
                }
            }
            queue = later;
        }
        came
    };
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for start in next.keys() {
        if done.contains(*start) {
            continue;
        }
        let came = reach(start);
        if !came.contains_key(*start) {
            continue;
        }
        // Walk back from `start` to itself: the shortest loop through it.
        let mut loop_ = vec![start.to_string()];
        let mut at = came[*start].clone();
        while at != *start {
            loop_.push(at.clone());
            at = came[&at].clone();
        }
        loop_.push(start.to_string());
        loop_.reverse();
        let mut text = loop_[0].clone();
        for w in loop_.windows(2) {
            let (file, line) = &edges[&(w[0].clone(), w[1].clone())];
            text += &format!(" → {} ({file}:{line})", w[1]);
        }
        done.extend(loop_);
        out.push(text);
    }
    out
}

#[test]
fn top_level_modules_form_no_cycle() {
    let (modules, edges) = core_edges();
    // The scan sees the crate: a scanner that found nothing would pass.
    for m in [
        "read",
        "store",
        "workspace",
        "query",
        "reports",
        "findings",
        "summary",
    ] {
        assert!(modules.contains(m), "module {m} not found in src/");
    }
    assert!(edges.contains_key(&("workspace".into(), "ingest".into())));
    // Findings sit above the row views and the reports, below the summary.
    for (a, b) in [
        ("summary", "findings"),
        ("findings", "reports"),
        ("findings", "query"),
        ("findings", "classify"),
    ] {
        assert!(
            edges.contains_key(&(a.into(), b.into())),
            "{a} → {b} not seen"
        );
    }
    for lower in [
        "reports",
        "query",
        "sign_ins",
        "classify",
        "join",
        "workspace",
    ] {
        assert!(
            !edges.contains_key(&(lower.into(), "findings".into())),
            "{lower} must not use findings"
        );
    }
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "the core's top-level modules have an import cycle; make the lower \
         module stop using the higher one:\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn every_spelling_of_a_reference_is_seen_and_comments_are_not() {
    let roots: BTreeMap<String, String> = [("a", "a"), ("b", "b"), ("c", "c"), ("Thing", "c")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let src = r#"
        use crate::{a::X, b};
        // use crate::never;
        /* crate::never::Y */
        const S: &str = "crate::never";
        fn f<'x>(c: char) -> bool { c == '"' && crate::Thing::new().is(super::a::Z) }
        mod tests {
            use super::*;
            fn g() { super::super::b::go() }
        }
    "#;
    let found: Vec<(String, usize)> = references(src, &["top".to_string()], &roots);
    let names: Vec<&str> = found.iter().map(|(m, _)| m.as_str()).collect();
    // `super::*` in `top::tests` is `top` itself; `super::super::b` is `b`.
    assert_eq!(names, ["a", "b", "c", "a", "top", "b"]);
    assert_eq!(found[2].1, 6);
}

#[test]
fn a_back_reference_is_reported_as_a_cycle() {
    let mut edges = Edges::new();
    for (a, b) in [
        ("summary", "workspace"),
        ("workspace", "store"),
        ("summary", "reports"),
    ] {
        edges.insert((a.into(), b.into()), (format!("{a}.rs"), 1));
    }
    assert!(cycles(&edges).is_empty());
    edges.insert(
        ("workspace".into(), "summary".into()),
        ("workspace.rs".into(), 7),
    );
    assert_eq!(
        cycles(&edges),
        ["summary → workspace (summary.rs:1) → summary (workspace.rs:7)"]
    );
}
