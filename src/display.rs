//! File content as the page shows it: always text (Yew text nodes and
//! attributes, never markup), and with the invisible bidirectional controls made
//! visible.
//!
//! Why: a right-to-left override (U+202E) inside a value reverses how the rest of
//! it is drawn — `invoice\u{202E}fdp.exe` reads as `invoiceexe.pdf` — and an
//! unclosed embedding can spill into the text after it. The stylesheet isolates
//! every cell (`unicode-bidi: isolate`), so one value cannot reorder its
//! neighbours; replacing each control with a visible `[U+202E]` also stops it
//! from disguising its own value, and shows the reader that something odd is
//! there. Only what is drawn changes: filters, exports and the summary keep the
//! value exactly as the file has it.

use std::borrow::Cow;

/// The characters that change the drawing order of text without being drawn:
/// the embeddings, overrides and isolates, the marks, and the Arabic letter mark.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` with every bidirectional control written out as `[U+XXXX]`;
/// borrowed, without a copy, when there is none (nearly always).
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_bidi_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_bidi_control(c) {
            out.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`shown`] as an owned `String`, for Yew children and attributes.
pub fn shown_string(text: &str) -> String {
    shown(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_become_visible_and_nothing_else_changes() {
        assert_eq!(shown("invoice\u{202E}fdp.exe"), "invoice[U+202E]fdp.exe");
        assert_eq!(
            shown("\u{2067}a\u{2069}\u{200F}\u{061C}\u{202A}"),
            "[U+2067]a[U+2069][U+200F][U+061C][U+202A]"
        );
        // Right-to-left letters themselves are text, not controls.
        assert_eq!(shown("مرحبا alice"), "مرحبا alice");
        assert!(matches!(shown("<script>x</script>"), Cow::Borrowed(_)));
    }
}
