//! Physical lines and the character classes BuildKit's line handling uses.

use crate::span::Span;

/// A physical line: `start..content_end` is the text without trailing `\r`/`\n` (BuildKit trims all of them),
/// `start..end` includes the line ending.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    pub start: usize,
    pub content_end: usize,
    pub end: usize,
}

pub(crate) fn split_lines(source: &str, from: usize) -> Vec<Line> {
    let bytes = source.as_bytes();
    let mut lines = Vec::new();
    let mut start = from;
    while start < bytes.len() {
        let end = match memchr(b'\n', &bytes[start..]) {
            Some(i) => start + i + 1,
            None => bytes.len(),
        };
        let mut content_end = end;
        while content_end > start && matches!(bytes[content_end - 1], b'\n' | b'\r') {
            content_end -= 1;
        }
        lines.push(Line {
            start,
            content_end,
            end,
        });
        start = end;
    }
    lines
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Go's `unicode.IsSpace`, which is Rust's `char::is_whitespace`.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The `[\t\v\f\r ]` class BuildKit splits words with.
pub(crate) fn is_split_space(c: char) -> bool {
    matches!(c, '\t' | '\x0b' | '\x0c' | '\r' | ' ')
}

pub(crate) fn trim_start_space(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

/// BuildKit's continuation test: the escape character at the end of the line (spaces and tabs after it
/// allowed), unless the character before it is also the escape character. Returns the line without the
/// escape and what follows it, and whether the line continues.
pub(crate) fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let Some(before) = trimmed.strip_suffix(escape) else {
        return (line, false);
    };
    if before.ends_with(escape) {
        return (line, false);
    }
    (before, true)
}

/// Turns byte offsets into [`Span`]s. Positions are computed incrementally from the last one asked for,
/// so that many spans on one long line cost linear time overall.
pub(crate) struct Locator<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
    cache: (usize, u32, u32),
}

impl<'a> Locator<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Locator {
            source,
            line_starts,
            cache: (0, 1, 1),
        }
    }

    pub fn position(&mut self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let (cached, cached_line, cached_column) = self.cache;
        // Most lookups stay on the line of the previous one.
        let cached_index = cached_line as usize - 1;
        let on_cached_line = self.line_starts[cached_index] <= offset
            && self.line_starts.get(cached_index + 1).is_none_or(|&next| offset < next);
        let on_next_line = !on_cached_line
            && self
                .line_starts
                .get(cached_index + 1)
                .is_some_and(|&next| next <= offset)
            && self
                .line_starts
                .get(cached_index + 2)
                .is_none_or(|&after| offset < after);
        let line_index = if on_cached_line {
            cached_index
        } else if on_next_line {
            cached_index + 1
        } else {
            self.line_starts.partition_point(|&s| s <= offset) - 1
        };
        let line = line_index as u32 + 1;
        let line_start = self.line_starts[line_index];
        let chars = |from: usize, to: usize| self.source[from..to].chars().count() as u32;
        // Count from whichever known point is nearest: the line start or the last position (either side).
        let column = if cached_line == line && cached <= offset && offset - cached < offset - line_start {
            cached_column + chars(cached, offset)
        } else if cached_line == line && cached > offset && cached - offset < offset - line_start {
            cached_column - chars(offset, cached)
        } else {
            1 + chars(line_start, offset)
        };
        self.cache = (offset, line, column);
        (line, column)
    }

    pub fn span(&mut self, start: usize, end: usize) -> Span {
        let (line, column) = self.position(start);
        let (end_line, end_column) = self.position(end.max(start));
        Span {
            start,
            end: end.max(start),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_needs_an_unescaped_escape() {
        assert_eq!(trim_continuation("a \\", '\\'), ("a ", true));
        assert_eq!(trim_continuation("a \\ \t", '\\'), ("a ", true));
        assert_eq!(trim_continuation("a \\\\", '\\'), ("a \\\\", false));
        assert_eq!(trim_continuation("\\", '\\'), ("", true));
        assert_eq!(trim_continuation("a `", '`'), ("a ", true));
        assert_eq!(trim_continuation("a \\", '`'), ("a \\", false));
    }

    #[test]
    fn locator_matches_line_index() {
        let source = "FROM a\nRUN é x\n\nz";
        let index = crate::span::LineIndex::new(source);
        let mut locator = Locator::new(source);
        for offset in [0, 3, 7, 12, 9, 13, 14, 16, 2, 15] {
            if source.is_char_boundary(offset) {
                assert_eq!(locator.position(offset), index.position(offset), "{offset}");
            }
        }
    }
}
