//! Offsets: the core speaks UTF-8 byte offsets, the textarea speaks UTF-16 code units.

use dflab_core::num::fixed;
use dflab_core::SizeRange;

/// UTF-16 offset of byte offset `byte` in `source` (clamped to the text and to a character boundary).
pub fn utf16_offset(source: &str, byte: usize) -> u32 {
    let mut byte = byte.min(source.len());
    while !source.is_char_boundary(byte) {
        byte -= 1;
    }
    source[..byte].encode_utf16().count() as u32
}

/// `source` with `# dflab ignore=RULE` on a line of its own before the line holding byte `at` (an
/// instruction's start), indented like it: the comment that suppresses `rule` for that instruction only
/// (`dflab_core::rules` honours it as hadolint does its own).
pub fn with_ignore_comment(source: &str, at: usize, rule: &str) -> String {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = source[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    // A file with CRLF line ends keeps them.
    let newline = if source[line_start..]
        .split('\n')
        .next()
        .is_some_and(|l| l.ends_with('\r'))
    {
        "\r\n"
    } else {
        "\n"
    };
    format!(
        "{}{indent}# dflab ignore={rule}{newline}{}",
        &source[..line_start],
        &source[line_start..]
    )
}

/// The byte offset of the UTF-16 offset `utf16` (what a textarea's selection reports) in `source`; the end of
/// the text past its length.
pub fn byte_offset(source: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (byte, c) in source.char_indices() {
        if units >= utf16 {
            return byte;
        }
        units += c.len_utf16() as u32;
    }
    source.len()
}

/// An SVG coordinate: whole pixels as `f64::to_string` prints them (`130`), fractions to 1/100 px.
pub fn px(value: f64) -> String {
    let text = fixed(value, 2);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The byte offset of the character drawn at visual column `column` (0-based) of line `line` (0-based) in a
/// monospace editor whose tabs stop every `tab_size` columns, or `None` past the line's end. Every other
/// character is one column wide: wide CJK characters, rare in Dockerfiles, are counted as one.
pub fn offset_at_column(source: &str, line: usize, column: usize, tab_size: usize) -> Option<usize> {
    let start = match line {
        0 => 0,
        _ => source.match_indices('\n').nth(line - 1)?.0 + 1,
    };
    let text = source[start..].split('\n').next().unwrap_or_default();
    let mut at = 0;
    for (i, c) in text.char_indices() {
        let width = if c == '\t' { tab_size - at % tab_size } else { 1 };
        if column < at + width {
            return Some(start + i);
        }
        at += width;
    }
    None
}

/// 1-based line of a byte offset.
pub fn line_of(source: &str, byte: usize) -> usize {
    let byte = byte.min(source.len());
    source.as_bytes()[..byte].iter().filter(|&&b| b == b'\n').count() + 1
}

/// "120 MB–1.2 GB": a range, even when both ends agree.
pub fn range_text(range: SizeRange) -> String {
    format!("{}–{}", human_bytes(range.low), human_bytes(range.high))
}

/// A size estimate: one size when both ends agree, else the range; "unknown" without an estimate.
pub fn size_text(size: Option<SizeRange>) -> String {
    match size {
        Some(r) if r.low == r.high => human_bytes(r.high),
        Some(r) => range_text(r),
        None => "unknown".into(),
    }
}

/// "1.2 MB"-style size; decimal units like `docker images`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{} {}", fixed(value, u32::from(value < 10.0)), UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ignore_comment_goes_on_its_own_line_before_the_instruction() {
        let source = "FROM python\n  RUN apt-get install curl \\\n    git\n";
        let at = source.find("RUN").unwrap();
        assert_eq!(
            with_ignore_comment(source, at, "P002"),
            "FROM python\n  # dflab ignore=P002\n  RUN apt-get install curl \\\n    git\n"
        );
        assert_eq!(
            with_ignore_comment("FROM a\r\n", 0, "B001"),
            "# dflab ignore=B001\r\nFROM a\r\n"
        );
        assert_eq!(byte_offset("é\nFROM", 2), "é\n".len());
    }

    /// The comment written suppresses exactly that finding: the core reads it as the page writes it.
    #[test]
    fn the_written_comment_silences_the_finding_in_the_core() {
        let source = "FROM python\nFROM ubuntu\n";
        let options = dflab_core::Options::default();
        let before = dflab_core::analyze(source, &options).findings;
        let ubuntu = before
            .iter()
            .find(|f| f.rule == "B001" && f.span.line == 2)
            .expect("B001 on line 2");
        let ignored = with_ignore_comment(source, source.find("FROM ubuntu").unwrap(), &ubuntu.rule);
        let after = dflab_core::analyze(&ignored, &options).findings;
        assert!(
            after.iter().all(|f| !(f.rule == "B001" && f.span.line == 3)),
            "{after:?}"
        );
        assert!(
            after.iter().any(|f| f.rule == "B001" && f.span.line == 1),
            "the other instruction keeps its finding"
        );
    }

    #[test]
    fn the_pointer_column_finds_the_character_under_it() {
        let source = "FROM python\n\tRUN é x\n";
        assert_eq!(offset_at_column(source, 0, 0, 4), Some(0));
        assert_eq!(offset_at_column(source, 0, 10, 4), Some(10));
        assert_eq!(offset_at_column(source, 0, 11, 4), None, "past the end of the line");
        // The tab fills columns 0-3; `é` is two bytes but one column.
        assert_eq!(offset_at_column(source, 1, 3, 4), Some(12));
        assert_eq!(offset_at_column(source, 1, 4, 4), Some(13));
        assert_eq!(offset_at_column(source, 1, 8, 4), Some(17));
        assert_eq!(offset_at_column(source, 1, 9, 4), Some(19));
        assert_eq!(offset_at_column(source, 1, 10, 4), Some(20));
        assert_eq!(offset_at_column(source, 2, 0, 4), None, "the empty last line");
        assert_eq!(offset_at_column(source, 7, 0, 4), None, "no such line");
    }
}
