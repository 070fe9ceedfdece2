//! What an editor colours, read from the syntax tree: the same parse the analysis makes, so an instruction,
//! a continuation, a comment line inside an instruction and a heredoc are highlighted where BuildKit sees
//! them, with the escape character of a `# escape=` directive.
//!
//! The tree gives the keyword, flag, heredoc and `AS` spans; the rest of an instruction's text is scanned
//! line by line for quoted strings, variables and the line continuation. Never fails: any text yields
//! highlights in source order, non-overlapping, on character boundaries.

use super::tree::{Arguments, Dockerfile, Instruction, ItemKind};
use crate::span::Span;

/// What a highlighted piece of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// An instruction keyword (`FROM`, `RUN`, and ONBUILD's trigger).
    Keyword,
    /// A `--flag` or `--flag=value` of the instruction.
    Flag,
    /// `"…"` or `'…'`.
    String,
    /// `$NAME` or `${NAME…}`.
    Variable,
    /// A comment line, a parser directive, or a comment line inside a continued instruction.
    Comment,
    /// `<<EOF` and the heredoc's closing word.
    HeredocMarker,
    /// A line of a heredoc.
    HeredocBody,
    /// `AS` in `FROM image AS name`, and the line continuation.
    Operator,
}

/// A highlighted byte range of the source; the text between highlights is plain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub kind: HighlightKind,
}

/// The highlights of a parsed file, in source order.
pub fn highlight(tree: &Dockerfile) -> Vec<Highlight> {
    let mut out = Vec::new();
    for item in &tree.items {
        match &item.kind {
            ItemKind::Comment | ItemKind::Directive { .. } => {
                let text = &tree.source[item.span.start..item.span.end];
                let body = text.trim_end_matches(['\n', '\r']);
                let indent = body.len() - body.trim_start().len();
                push(
                    &mut out,
                    item.span.start + indent,
                    item.span.start + body.len(),
                    HighlightKind::Comment,
                );
            }
            ItemKind::Instruction(instruction) => instruction_highlights(tree, instruction, &mut out),
            ItemKind::Bom | ItemKind::Blank => {}
        }
    }
    out
}

fn push(out: &mut Vec<Highlight>, start: usize, end: usize, kind: HighlightKind) {
    if end > start {
        out.push(Highlight { start, end, kind });
    }
}

/// The spans the tree knows, then the gaps between them scanned.
fn instruction_highlights(tree: &Dockerfile, instruction: &Instruction, out: &mut Vec<Highlight>) {
    let mut known: Vec<Highlight> = Vec::new();
    structural(tree, instruction, &mut known);
    known.sort_by_key(|h| h.start);
    let mut at = instruction.span.start;
    for highlight in known {
        if highlight.start < at {
            continue; // overlapping spans from a malformed line: keep the first
        }
        scan(tree, instruction.span.start, at, highlight.start, out);
        out.push(highlight);
        at = highlight.end;
    }
    scan(tree, instruction.span.start, at, instruction.span.end, out);
}

fn structural(tree: &Dockerfile, instruction: &Instruction, known: &mut Vec<Highlight>) {
    let add = |known: &mut Vec<Highlight>, span: Span, kind| push(known, span.start, span.end, kind);
    add(known, instruction.keyword_span, HighlightKind::Keyword);
    for flag in &instruction.flags {
        add(known, flag.span, HighlightKind::Flag);
    }
    for heredoc in &instruction.heredocs {
        add(known, heredoc.marker_span, HighlightKind::HeredocMarker);
        // One highlight a line, without the line endings.
        let body = heredoc.body_span;
        let mut line_start = body.start;
        for line in tree
            .source
            .get(body.start..body.end)
            .unwrap_or_default()
            .split_inclusive('\n')
        {
            let content = line.trim_end_matches(['\n', '\r']);
            push(
                known,
                line_start,
                line_start + content.len(),
                HighlightKind::HeredocBody,
            );
            line_start += line.len();
        }
        if let Some(terminator) = heredoc.terminator_span {
            let text = tree.source.get(terminator.start..terminator.end).unwrap_or_default();
            let content = text.trim_end_matches(['\n', '\r']);
            push(
                known,
                terminator.start,
                terminator.start + content.len(),
                HighlightKind::HeredocMarker,
            );
        }
    }
    match &instruction.arguments {
        Arguments::Words(words) if words.len() >= 3 && words[1].value.eq_ignore_ascii_case("as") => {
            push(known, words[1].span.start, words[1].span.end, HighlightKind::Operator);
        }
        Arguments::Sub(trigger) => structural(tree, trigger, known),
        _ => {}
    }
}

/// Scans `source[from..to]`, a stretch of an instruction that starts at `start`, line by line.
fn scan(tree: &Dockerfile, start: usize, from: usize, to: usize, out: &mut Vec<Highlight>) {
    let source = &tree.source;
    let mut line_start = from;
    while line_start < to {
        let line_end = source[line_start..to].find('\n').map_or(to, |i| line_start + i + 1);
        let line = &source[line_start..line_end];
        let content = line.trim_end_matches(['\n', '\r']);
        let at_line_start = line_start == 0 || source.as_bytes()[line_start - 1] == b'\n';
        let trimmed = content.trim_start();
        if at_line_start && line_start > start && trimmed.starts_with('#') {
            // BuildKit drops comment lines inside a continued instruction.
            let indent = content.len() - trimmed.len();
            push(
                out,
                line_start + indent,
                line_start + content.len(),
                HighlightKind::Comment,
            );
        } else {
            scan_line(content, line_start, tree.escape, line.ends_with('\n'), out);
        }
        line_start = line_end;
    }
}

/// Strings, variables and the continuation in one line's text (`base` is its offset in the source).
/// `line_ends` says the text reaches the end of its line, where a continuation can be.
fn scan_line(text: &str, base: usize, escape: char, line_ends: bool, out: &mut Vec<Highlight>) {
    let bytes = text.as_bytes();
    let trimmed_len = text.trim_end().len();
    let continuation = line_ends
        && text[..trimmed_len].ends_with(escape)
        && !text[..trimmed_len.saturating_sub(escape.len_utf8())].ends_with(escape);
    let limit = if continuation {
        trimmed_len - escape.len_utf8()
    } else {
        text.len()
    };
    let mut at = 0;
    while at < limit {
        match bytes[at] {
            quote @ (b'"' | b'\'') => {
                let end = string_end(bytes, at, limit, quote);
                push(out, base + at, base + end, HighlightKind::String);
                at = end;
            }
            b'$' => {
                let end = variable_end(text, at, limit);
                push(out, base + at, base + end, HighlightKind::Variable);
                at = end.max(at + 1);
            }
            _ => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if continuation {
        push(out, base + limit, base + trimmed_len, HighlightKind::Operator);
    }
}

fn string_end(bytes: &[u8], at: usize, limit: usize, quote: u8) -> usize {
    let mut i = at + 1;
    while i < limit {
        if bytes[i] == b'\\' && quote == b'"' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            return i + 1;
        }
        i += 1;
    }
    limit
}

fn variable_end(text: &str, at: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    if at + 1 < limit && bytes[at + 1] == b'{' {
        return text[at..limit].find('}').map_or(limit, |i| at + i + 1);
    }
    let mut i = at + 1;
    while i < limit && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    if i == at + 1 {
        at
    } else {
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;
    use HighlightKind::*;

    fn kinds(source: &str) -> Vec<(std::string::String, HighlightKind)> {
        highlight(&parse(source))
            .into_iter()
            .map(|h| (source[h.start..h.end].to_string(), h.kind))
            .collect()
    }

    fn expect(source: &str, expected: &[(&str, HighlightKind)]) {
        let expected: Vec<(std::string::String, HighlightKind)> =
            expected.iter().map(|(t, k)| (t.to_string(), *k)).collect();
        assert_eq!(kinds(source), expected, "{source}");
    }

    #[test]
    fn instructions_flags_strings_variables_comments_and_heredocs() {
        expect(
            "# syntax=docker/dockerfile:1\nFROM --platform=$BUILDPLATFORM python:3.12 AS build\n\
             RUN --mount=type=cache,target=/root/.cache \\\n    pip install \"flask==${V:-3}\" # not a comment\n\
             RUN <<EOF\nset -e\necho hi\nEOF\nCOPY <<-'CONF' /etc/x\n\tk = v\n\tCONF\nCMD [\"python\"]\n",
            &[
                ("# syntax=docker/dockerfile:1", Comment),
                ("FROM", Keyword),
                ("--platform=$BUILDPLATFORM", Flag),
                ("AS", Operator),
                ("RUN", Keyword),
                ("--mount=type=cache,target=/root/.cache", Flag),
                ("\\", Operator),
                ("\"flask==${V:-3}\"", String),
                ("RUN", Keyword),
                ("<<EOF", HeredocMarker),
                ("set -e", HeredocBody),
                ("echo hi", HeredocBody),
                ("EOF", HeredocMarker),
                ("COPY", Keyword),
                ("<<-'CONF'", HeredocMarker),
                ("\tk = v", HeredocBody),
                ("\tCONF", HeredocMarker),
                ("CMD", Keyword),
                ("\"python\"", String),
            ],
        );
    }

    #[test]
    fn continuations_flags_and_comment_lines_follow_the_parser() {
        expect(
            "RUN --mount=a \\\n  --mount=b \\\n  pip --no-deps x\n",
            &[
                ("RUN", Keyword),
                ("--mount=a", Flag),
                ("\\", Operator),
                ("--mount=b", Flag),
                ("\\", Operator),
            ],
        );
        expect(
            "ENV A=$HOME \\\n  B=${A}\n",
            &[
                ("ENV", Keyword),
                ("$HOME", Variable),
                ("\\", Operator),
                ("${A}", Variable),
            ],
        );
        // A comment line inside a continued instruction is dropped by BuildKit: a comment, not arguments.
        expect(
            "RUN apt-get update \\\n  # the lists\n  && rm -rf /var/lib/apt/lists/*\n",
            &[("RUN", Keyword), ("\\", Operator), ("# the lists", Comment)],
        );
    }

    #[test]
    fn the_escape_directive_changes_the_continuation() {
        expect(
            "# escape=`\nRUN dir C:\\ `\n  && echo $X\n",
            &[
                ("# escape=`", Comment),
                ("RUN", Keyword),
                ("`", Operator),
                ("$X", Variable),
            ],
        );
        // With the default escape, a backslash ends a Windows path, not the line.
        expect("RUN echo a\\\\\n", &[("RUN", Keyword)]);
    }

    #[test]
    fn onbuild_triggers_and_bad_text_are_highlighted_without_panics() {
        expect(
            "ONBUILD RUN --mount=type=cache,target=/x echo\n",
            &[
                ("ONBUILD", Keyword),
                ("RUN", Keyword),
                ("--mount=type=cache,target=/x", Flag),
            ],
        );
        for text in [
            "\"",
            "RUN \"unterminated",
            "FROM ${",
            "RUN <<",
            "é\\",
            "\u{feff}FROM x",
            "RUN \\",
            "# escape=`\n`",
        ] {
            let highlights = highlight(&parse(text));
            assert!(highlights.windows(2).all(|w| w[0].end <= w[1].start), "{text:?}");
            assert!(highlights
                .iter()
                .all(|h| text.is_char_boundary(h.start) && text.is_char_boundary(h.end)));
        }
    }

    /// On every real file: highlights in order, apart, on character boundaries, and every instruction's
    /// keyword highlighted where the parser found it.
    #[test]
    fn real_files_are_highlighted_in_order_with_every_keyword() {
        let mut files = crate::test_corpus::corpus("public");
        files.extend(crate::test_corpus::corpus("buildkit-parser/testfiles"));
        for (name, source) in files {
            let tree = parse(&source);
            let highlights = highlight(&tree);
            assert!(highlights.windows(2).all(|w| w[0].end <= w[1].start), "{name}");
            assert!(
                highlights
                    .iter()
                    .all(|h| source.is_char_boundary(h.start) && source.is_char_boundary(h.end)),
                "{name}"
            );
            for instruction in tree.instructions() {
                let keyword = instruction.keyword_span;
                assert!(
                    highlights
                        .iter()
                        .any(|h| h.kind == Keyword && (h.start, h.end) == (keyword.start, keyword.end)),
                    "{name}: the keyword at {}",
                    keyword.start
                );
            }
        }
    }
}
