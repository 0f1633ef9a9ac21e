//! The README's Findings section lists every rule of `findings::RULES`, and
//! under each rule every threshold's flag with its default, so the
//! documentation cannot fall behind the table.

use std::path::PathBuf;

use mfa_lens_core::findings::RULES;

#[test]
fn the_readme_lists_every_rule_flag_and_default() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find("\n## Findings\n").expect("a Findings section");
    let section = &readme[start..];
    let section = &section[..section[4..].find("\n## ").map_or(section.len(), |n| n + 4)];
    for rule in RULES {
        let at = section
            .find(&format!("**`{}`**", rule.id.id()))
            .unwrap_or_else(|| panic!("{} not in the README", rule.id.id()));
        // The rule's own bullet: up to the next rule.
        let bullet = &section[at..];
        let bullet = &bullet[..bullet[2..].find("\n- **").map_or(bullet.len(), |n| n + 2)];
        for t in rule.thresholds {
            let wanted = format!("`{}` {}", t.flag, t.default);
            assert!(
                bullet.contains(&wanted),
                "{}: `{wanted}` missing",
                rule.id.id()
            );
        }
        let severities: Vec<&str> = rule.severities.iter().map(|s| s.id()).collect();
        assert!(
            bullet.contains(&format!("({})", severities.join(" / "))),
            "{}: severities",
            rule.id.id()
        );
    }
}
