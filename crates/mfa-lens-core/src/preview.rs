//! A file's first line, for the list of dropped files shown before (or beside)
//! the full analysis. Only the first bytes of a file are ever passed here: the
//! page reads a small slice, never the whole file, to show it.

/// How many characters of the first line are kept: enough to recognise a
/// header by eye, bounded so a file with no line break cannot flood the page.
pub const FIRST_LINE_MAX_CHARS: usize = 240;

/// The first line of `head` (the first bytes of a file), decoded.
///
/// A byte-order mark selects UTF-8 or UTF-16 (Excel's "Unicode text"); without
/// one the bytes are read as UTF-8 and anything invalid is shown as U+FFFD
/// rather than failing, because this is a preview, not the parse. A line cut by
/// the length bound, or by the end of `head` when `head` is not the whole file,
/// ends in `…`.
pub fn first_line(head: &[u8], head_is_whole_file: bool) -> String {
    let (encoding, bom_len) =
        encoding_rs::Encoding::for_bom(head).unwrap_or((encoding_rs::UTF_8, 0));
    let (text, _) = encoding.decode_without_bom_handling(&head[bom_len..]);
    let line_end = text.find(['\r', '\n']);
    let line = &text[..line_end.unwrap_or(text.len())];
    let mut out: String = line.chars().take(FIRST_LINE_MAX_CHARS).collect();
    let cut_by_bound = out.len() < line.len();
    let cut_by_slice = line_end.is_none() && !head_is_whole_file && !line.is_empty();
    if cut_by_bound || cut_by_slice {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_crlf_lf_or_cr() {
        assert_eq!(first_line(b"a,b\r\n1,2", true), "a,b");
        assert_eq!(first_line(b"a,b\n1,2", true), "a,b");
        assert_eq!(first_line(b"a,b\r1,2", true), "a,b");
    }

    #[test]
    fn strips_utf8_bom_and_decodes_utf16() {
        assert_eq!(
            first_line(b"\xEF\xBB\xBF\"Date (UTC)\",\"Request ID\"\r\n", true),
            "\"Date (UTC)\",\"Request ID\""
        );
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Nom,Statut\r\nx"
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes()),
            )
            .collect();
        assert_eq!(first_line(&utf16le, true), "Nom,Statut");
    }

    #[test]
    fn invalid_utf8_becomes_replacement_not_error() {
        assert_eq!(first_line(b"Ren\xE9,x\n", true), "Ren\u{FFFD},x");
    }

    #[test]
    fn long_lines_are_cut_with_an_ellipsis() {
        let long = "x".repeat(FIRST_LINE_MAX_CHARS + 10);
        let shown = first_line(long.as_bytes(), true);
        assert_eq!(shown.chars().count(), FIRST_LINE_MAX_CHARS + 1);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn a_slice_without_line_break_is_marked_partial_only_if_more_follows() {
        assert_eq!(first_line(b"aaaa", true), "aaaa");
        assert_eq!(first_line(b"aaaa", false), "aaaa…");
        assert_eq!(first_line(b"a,b\n", false), "a,b");
    }

    #[test]
    fn empty_input_gives_empty_line() {
        assert_eq!(first_line(b"", true), "");
    }
}
