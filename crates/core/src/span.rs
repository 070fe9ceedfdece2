//! Byte spans with 1-based line/column positions, shared by every node, finding and layer.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` of the source, with the 1-based line and column (in characters)
/// of both ends, so that front ends can point at it without re-scanning the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// Maps byte offsets to line/column positions in O(log lines).
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { source, line_starts }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters, not bytes.
    /// Offsets inside a multi-byte character or past the end are clamped.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line];
        let column = self.source.as_bytes()[line_start..offset]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        (line as u32 + 1, column as u32 + 1)
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        let (line, column) = self.position(start);
        let (end_line, end_column) = self.position(end);
        Span {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let index = LineIndex::new("FROM a\nRUN é x\n");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(7), (2, 1));
        // "RUN é" is 6 bytes; the byte after é is the 6th character.
        assert_eq!(index.position(13), (2, 6));
        assert_eq!(index.position(10_000), (3, 1));
    }

    #[test]
    fn span_covers_both_ends() {
        let index = LineIndex::new("a\nbc\n");
        let span = index.span(2, 4);
        assert_eq!((span.line, span.column, span.end_line, span.end_column), (2, 1, 2, 3));
    }
}
