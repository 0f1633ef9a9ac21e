//! The one escape every text from the data goes through.
//!
//! A report is opened from disk by whoever it is handed to, so a cell that
//! says `<script>` or `" onmouseover=` must arrive as text, never as markup.
//! Every value the renderer did not write itself — users, file names,
//! reasons, codes, titles — is written through [`Esc`] (or [`escape`]), in
//! element content and in attribute values alike: the five characters
//! escaped here are all HTML needs in both places, and the renderer only
//! ever writes attributes between double quotes.

use std::fmt;

/// `text` with `&`, `<`, `>`, `"` and `'` written as character references.
pub fn escape(text: &str) -> String {
    Esc(text).to_string()
}

/// `text`, escaped as it is written: `write!(out, "<td>{}</td>", Esc(v))`.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_a_cell_becomes_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("\"onmouseover=x"), "&quot;onmouseover=x");
        assert_eq!(escape("a' onclick='b"), "a&#39; onclick=&#39;b");
        assert_eq!(escape("</style>"), "&lt;/style&gt;");
        // An ampersand first, so an existing reference is not read as one.
        assert_eq!(escape("&lt; Müller & Co"), "&amp;lt; Müller &amp; Co");
        assert_eq!(escape("plain text"), "plain text");
    }
}
