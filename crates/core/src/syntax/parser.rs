//! From text to [`Dockerfile`]: BuildKit's line handling (directives, comments, continuations, heredoc
//! bodies) and its per-instruction line parsers, recording spans and turning every error into a diagnostic.

use super::directives;
use super::heredoc;
use super::json::{self, JsonError};
use super::lines::{is_space, is_split_space, split_lines, trim_continuation, trim_start_space, Line, Locator};
use super::tree::*;
use crate::analysis::Severity;
use crate::span::Span;
use crate::syntax::Keyword;

/// BuildKit reads lines with a 64 KiB buffer and fails on longer ones.
const MAX_LINE: usize = 64 * 1024;

pub fn parse(source: &str) -> Dockerfile {
    let mut parser = Parser {
        source,
        locator: Locator::new(source),
        items: Vec::new(),
        directives: Vec::new(),
        diagnostics: Vec::new(),
        escape: '\\',
    };
    parser.run();
    let mut tree = Dockerfile {
        source: source.to_string(),
        items: parser.items,
        directives: parser.directives,
        escape: parser.escape,
        diagnostics: parser.diagnostics,
    };
    let build_errors = super::validate::check(&tree);
    tree.diagnostics.extend(build_errors);
    crate::sort::sort_by_key(&mut tree.diagnostics, |d| d.span.start);
    tree
}

struct Parser<'a> {
    source: &'a str,
    locator: Locator<'a>,
    items: Vec<Item>,
    directives: Vec<Directive>,
    diagnostics: Vec<SyntaxDiagnostic>,
    escape: char,
}

impl<'a> Parser<'a> {
    fn text(&self, line: &Line) -> &'a str {
        &self.source[line.start..line.content_end]
    }

    fn diagnose(&mut self, kind: DiagnosticKind, message: String, span: Span) {
        let severity = match kind {
            DiagnosticKind::Warning => Severity::Warning,
            _ => Severity::Error,
        };
        self.diagnostics.push(SyntaxDiagnostic {
            kind,
            severity,
            message,
            span,
        });
    }

    fn push(&mut self, start: usize, end: usize, kind: ItemKind) {
        let span = self.locator.span(start, end);
        self.items.push(Item { span, kind });
    }

    fn run(&mut self) {
        let mut body = 0;
        if self.source.starts_with('\u{FEFF}') {
            body = 3;
            self.push(0, 3, ItemKind::Bom);
        }
        let lines = split_lines(self.source, body);
        if let Some(long) = lines.iter().find(|l| l.end - l.start > MAX_LINE) {
            let span = self.locator.span(long.start, long.content_end);
            self.diagnose(
                DiagnosticKind::Parse,
                format!("dockerfile line greater than max allowed size of {}", MAX_LINE - 1),
                span,
            );
        }
        let mut directives_done = false;
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let content = self.text(&line);
            let trimmed = trim_start_space(content);
            let trimmed_at = line.content_end - trimmed.len();
            if !directives_done {
                match directives::parse_line(trimmed) {
                    Some(parsed) => {
                        self.directive(&line, trimmed_at, parsed);
                        i += 1;
                        continue;
                    }
                    None => directives_done = true,
                }
            }
            if trimmed.starts_with('#') {
                self.push(line.start, line.end, ItemKind::Comment);
                i += 1;
                continue;
            }
            let (first, continues) = trim_continuation(trimmed, self.escape);
            if !continues && first.is_empty() {
                self.push(line.start, line.end, ItemKind::Blank);
                i += 1;
                continue;
            }
            i = self.instruction(&lines, i, trimmed_at, first, continues);
        }
        if !self
            .items
            .iter()
            .any(|item| matches!(item.kind, ItemKind::Instruction(_)))
        {
            let span = self.locator.span(self.source.len(), self.source.len());
            self.diagnose(DiagnosticKind::Parse, "file with no instructions".into(), span);
        }
    }

    fn directive(&mut self, line: &Line, trimmed_at: usize, parsed: directives::Parsed) {
        let value_start = trimmed_at + parsed.value_start;
        let value_end = trimmed_at + parsed.value_end;
        let value = self.source[value_start..value_end].to_string();
        let span = self.locator.span(trimmed_at, line.content_end);
        let value_span = self.locator.span(value_start, value_end);
        if self.directives.iter().any(|d| d.name == parsed.name) {
            let message = format!("only one {} parser directive can be used", parsed.name);
            self.diagnose(DiagnosticKind::Parse, message, span);
        } else if parsed.name == "escape" {
            match value.as_str() {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => {
                    let message = format!("invalid escape token '{value}' does not match ` or \\");
                    self.diagnose(DiagnosticKind::Parse, message, value_span);
                }
            }
        }
        self.directives.push(Directive {
            name: parsed.name,
            value,
            span,
            value_span,
        });
        let index = self.directives.len() - 1;
        self.push(line.start, line.end, ItemKind::Directive { index });
    }

    /// Parses the instruction starting at `lines[first_line]` and returns the index of the line after it.
    fn instruction(&mut self, lines: &[Line], first_line: usize, start: usize, first: &str, continues: bool) -> usize {
        let mut logical = String::from(first);
        let mut segments = vec![Segment {
            logical: 0,
            source: start,
            len: first.len(),
        }];
        let mut continues = continues;
        let mut empty_line = None;
        let mut i = first_line + 1;
        while continues && i < lines.len() {
            let line = lines[i];
            i += 1;
            let content = self.text(&line);
            let trimmed = trim_start_space(content);
            if trimmed.starts_with('#') {
                continue;
            }
            if trimmed.is_empty() {
                empty_line.get_or_insert(line);
                continue;
            }
            let (piece, more) = trim_continuation(content, self.escape);
            segments.push(Segment {
                logical: logical.len(),
                source: line.start,
                len: piece.len(),
            });
            logical.push_str(piece);
            continues = more;
        }
        if let Some(line) = empty_line {
            let span = self.locator.span(line.start, line.content_end);
            self.diagnose(
                DiagnosticKind::Warning,
                "empty continuation line; BuildKit says these will become errors in a future release".into(),
                span,
            );
        }
        let mut builder = NodeBuilder {
            segments: &segments,
            locator: &mut self.locator,
            escape: self.escape,
            line_end: lines[i - 1].content_end,
        };
        let node = builder.node(0, &logical);
        let (mut instruction, error) = match node {
            Ok(instruction) => (instruction, None),
            Err(failed) => (failed.0, Some(failed.1)),
        };
        instruction.segments = segments;
        instruction.original = logical;
        instruction.start_line = first_line as u32 + 1;
        if let Some(message) = error {
            let span = instruction.span;
            self.diagnose(DiagnosticKind::Parse, message, span);
        }
        if can_contain_heredoc(&instruction) && instruction.original.contains("<<") {
            match heredoc::markers(&instruction.original) {
                Ok(markers) => {
                    // Marker spans first, in order along the line, then the bodies below it.
                    let spans: Vec<Span> = markers
                        .iter()
                        .map(|m| span_of(&instruction, &mut self.locator, m.start, m.end))
                        .collect();
                    for (marker, marker_span) in markers.into_iter().zip(spans) {
                        i = self.heredoc_body(lines, i, marker, marker_span, &mut instruction);
                    }
                }
                Err(message) => {
                    let span = instruction.span;
                    self.diagnose(DiagnosticKind::Parse, message, span);
                }
            }
        }
        let last_line = lines[i - 1];
        instruction.end_line = i as u32;
        let (start_line, end_line) = (instruction.start_line, instruction.end_line);
        if let Arguments::Sub(sub) = &mut instruction.arguments {
            // The trigger shares its parent's lines.
            sub.start_line = start_line;
            sub.end_line = end_line;
        }
        if !instruction.heredocs.is_empty() {
            // Bodies and terminators belong to the instruction.
            let end = last_line.content_end.max(instruction.keyword_span.start);
            instruction.span = self.locator.span(instruction.keyword_span.start, end);
        }
        let item_start = lines[first_line].start;
        self.push(item_start, last_line.end, ItemKind::Instruction(Box::new(instruction)));
        i
    }

    fn heredoc_body(
        &mut self,
        lines: &[Line],
        mut i: usize,
        marker: heredoc::Marker,
        marker_span: Span,
        instruction: &mut Instruction,
    ) -> usize {
        let body_start = lines.get(i).map_or(self.source.len(), |l| l.start);
        let mut content = String::new();
        let mut terminator = None;
        while i < lines.len() {
            let line = lines[i];
            i += 1;
            let mut candidate = self.text(&line);
            if marker.chomp {
                candidate = candidate.trim_start_matches('\t');
            }
            if candidate == marker.name {
                terminator = Some(line);
                break;
            }
            content.push_str(&self.source[line.start..line.end]);
        }
        let body_end = body_start + content.len();
        let body_span = self.locator.span(body_start, body_end);
        let terminator_span = terminator.map(|l| self.locator.span(l.start, l.content_end));
        if terminator.is_none() {
            self.diagnose(DiagnosticKind::Parse, "unterminated heredoc".into(), marker_span);
        }
        instruction.heredocs.push(Heredoc {
            name: marker.name,
            fd: marker.fd,
            expand: marker.expand,
            chomp: marker.chomp,
            content,
            marker_span,
            body_span,
            terminator_span,
        });
        i
    }
}

fn span_of(instruction: &Instruction, locator: &mut Locator, start: usize, end: usize) -> Span {
    let s = instruction.source_offset(start, false);
    let e = instruction.source_offset(end, true).max(s);
    locator.span(s, e)
}

/// The pieces of a joined line from `base` on, with offsets relative to `base` (ONBUILD's trigger text).
fn shift_segments(segments: &[Segment], base: usize) -> Vec<Segment> {
    segments
        .iter()
        .filter(|s| s.logical + s.len > base)
        .map(|s| {
            let skip = base.saturating_sub(s.logical);
            Segment {
                logical: s.logical + skip - base,
                source: s.source + skip,
                len: s.len - skip,
            }
        })
        .collect()
}

/// BuildKit reads heredoc bodies for RUN, COPY and ADD in shell form, directly or under ONBUILD.
fn can_contain_heredoc(instruction: &Instruction) -> bool {
    let target = match &instruction.arguments {
        Arguments::Sub(sub) if instruction.keyword == Keyword::Onbuild => sub,
        _ => instruction,
    };
    matches!(target.keyword, Keyword::Run | Keyword::Copy | Keyword::Add) && !target.is_json()
}

/// Builds one instruction node from (part of) the joined line, like BuildKit's `newNodeFromLine`.
struct NodeBuilder<'b, 'a> {
    segments: &'b [Segment],
    locator: &'b mut Locator<'a>,
    escape: char,
    line_end: usize,
}

type NodeResult = Result<Instruction, Box<(Instruction, String)>>;

impl NodeBuilder<'_, '_> {
    fn source_offset(&self, logical: usize, is_end: bool) -> usize {
        map_offset(self.segments, logical, is_end).unwrap_or(0)
    }

    fn span(&mut self, start: usize, end: usize) -> Span {
        let s = self.source_offset(start, false);
        let e = if end > start { self.source_offset(end, true) } else { s };
        self.locator.span(s, e.max(s))
    }

    fn word(&mut self, value: impl Into<String>, start: usize, end: usize) -> Word {
        Word {
            value: value.into(),
            span: self.span(start, end),
        }
    }

    /// `text` is `self.logical[base..]` (the whole line, or ONBUILD's rest).
    fn node(&mut self, base: usize, text: &str) -> NodeResult {
        let trimmed_start = text.len() - text.trim_start_matches(is_space).len();
        let trimmed = text.trim_matches(is_space);
        let keyword_end = trimmed.find(is_split_space).unwrap_or(trimmed.len());
        let keyword_text = &trimmed[..keyword_end];
        let after_keyword = trimmed[keyword_end..].trim_start_matches(is_split_space);
        let rest_at = trimmed_start + (trimmed.len() - after_keyword.len());
        let keyword_span = self.span(base + trimmed_start, base + trimmed_start + keyword_end);
        let (args_at, flag_words) = if after_keyword.is_empty() {
            (after_keyword.len(), Vec::new())
        } else {
            extract_flags(after_keyword)
        };
        let args_raw = &after_keyword[args_at..];
        let args_lead = args_raw.len() - args_raw.trim_start_matches(is_space).len();
        let args = args_raw.trim_matches(is_space);
        let args_base = base + rest_at + args_at + args_lead;
        let flags = flag_words
            .into_iter()
            .map(|(raw, start, end)| {
                let name_part = raw.strip_prefix("--").unwrap_or(&raw);
                let (name, value) = match name_part.split_once('=') {
                    Some((n, v)) => (n.to_string(), Some(v.to_string())),
                    None => (name_part.to_string(), None),
                };
                Flag {
                    span: self.span(base + rest_at + start, base + rest_at + end),
                    name,
                    value,
                    raw,
                }
            })
            .collect();
        let arguments_span = self.span(args_base, args_base + args.len());
        let keyword = Keyword::parse(keyword_text);
        let mut instruction = Instruction {
            keyword,
            keyword_text: keyword_text.to_string(),
            keyword_span,
            // The real extent is known only once heredoc bodies are read; set by the caller.
            span: keyword_span,
            flags,
            arguments: Arguments::Empty,
            arguments_span,
            heredocs: Vec::new(),
            // Filled by the caller, which owns the text.
            original: String::new(),
            start_line: 0,
            end_line: 0,
            segments: Vec::new(),
        };
        let parsed = match keyword {
            Keyword::Add | Keyword::Copy | Keyword::Volume => self.maybe_json_to_list(args_base, args),
            Keyword::Arg => Ok(self.name_or_name_val(args_base, args)),
            Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell => self.maybe_json(args_base, args),
            Keyword::Env => self.name_val(args_base, args, "ENV"),
            Keyword::Label => self.name_val(args_base, args, "LABEL"),
            Keyword::Expose | Keyword::From => Ok(self.whitespace_delimited(args_base, args)),
            Keyword::Healthcheck => self.health(args_base, args),
            Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
                Ok(self.string(args_base, args))
            }
            Keyword::Onbuild => {
                if args.is_empty() {
                    Ok(Arguments::Empty)
                } else {
                    match self.node(args_base, args) {
                        Ok(mut sub) => {
                            sub.original = args.to_string();
                            sub.segments = shift_segments(self.segments, args_base);
                            Ok(Arguments::Sub(Box::new(sub)))
                        }
                        Err(failed) => {
                            let (mut sub, message) = *failed;
                            sub.original = args.to_string();
                            sub.segments = shift_segments(self.segments, args_base);
                            instruction.arguments = Arguments::Sub(Box::new(sub));
                            let end = self.line_end.max(instruction.keyword_span.start);
                            instruction.span = self.locator.span(instruction.keyword_span.start, end);
                            return Err(Box::new((instruction, message)));
                        }
                    }
                }
            }
            _ => Ok(Arguments::Ignored),
        };
        let end = self.line_end.max(instruction.keyword_span.start);
        instruction.span = self.locator.span(instruction.keyword_span.start, end);
        match parsed {
            Ok(arguments) => {
                instruction.arguments = arguments;
                Ok(instruction)
            }
            Err(message) => Err(Box::new((instruction, message))),
        }
    }

    fn string(&mut self, at: usize, args: &str) -> Arguments {
        if args.is_empty() {
            return Arguments::Empty;
        }
        Arguments::Text(self.word(args, at, at + args.len()))
    }

    fn whitespace_delimited(&mut self, at: usize, args: &str) -> Arguments {
        if args.is_empty() {
            return Arguments::Empty;
        }
        let mut words = Vec::new();
        let mut word_start = None;
        for (pos, c) in args.char_indices().chain(std::iter::once((args.len(), ' '))) {
            match (is_split_space(c), word_start) {
                (true, Some(start)) => {
                    words.push(self.word(&args[start..pos], at + start, at + pos));
                    word_start = None;
                }
                (false, None) => word_start = Some(pos),
                _ => {}
            }
        }
        Arguments::Words(words)
    }

    fn maybe_json(&mut self, at: usize, args: &str) -> Result<Arguments, String> {
        if args.is_empty() {
            return Ok(Arguments::Empty);
        }
        match self.json(at, args) {
            Ok(arguments) => Ok(arguments),
            Err(JsonError::NotStrings) => Err(NOT_STRINGS.into()),
            Err(JsonError::Syntax) => Ok(self.string(at, args)),
        }
    }

    fn maybe_json_to_list(&mut self, at: usize, args: &str) -> Result<Arguments, String> {
        match self.json(at, args) {
            Ok(arguments) => Ok(arguments),
            Err(JsonError::NotStrings) => Err(NOT_STRINGS.into()),
            Err(JsonError::Syntax) => Ok(self.whitespace_delimited(at, args)),
        }
    }

    fn json(&mut self, at: usize, args: &str) -> Result<Arguments, JsonError> {
        let strings = json::parse_string_array(args)?;
        Ok(Arguments::Json(
            strings
                .into_iter()
                .map(|(value, start, end)| self.word(value, at + start, at + end))
                .collect(),
        ))
    }

    fn name_or_name_val(&mut self, at: usize, args: &str) -> Arguments {
        let words = parse_words(args, self.escape);
        if words.is_empty() {
            return Arguments::Empty;
        }
        Arguments::Words(
            words
                .into_iter()
                .map(|(value, start, end)| self.word(value, at + start, at + end))
                .collect(),
        )
    }

    fn name_val(&mut self, at: usize, args: &str, key: &str) -> Result<Arguments, String> {
        let words = parse_words(args, self.escape);
        let Some(first) = words.first() else {
            return Ok(Arguments::Empty);
        };
        if !first.0.contains('=') {
            let Some(split) = args.find(is_split_space) else {
                return Err(format!("{key} must have two arguments"));
            };
            let value_at = args.len() - args[split..].trim_start_matches(is_split_space).len();
            let name = self.word(&args[..split], at, at + split);
            let value = self.word(&args[value_at..], at + value_at, at + args.len());
            return Ok(Arguments::Pairs(vec![KeyValue {
                key: name,
                value,
                equals: false,
            }]));
        }
        let mut pairs = Vec::new();
        for (word, start, end) in words {
            let Some((name, value)) = word.split_once('=') else {
                return Err(format!(
                    "Syntax error - can't find = in {}. Must be of the form: name=value",
                    super::buildkit::go_quote(&word)
                ));
            };
            let value_at = (start + name.len() + 1).min(end);
            pairs.push(KeyValue {
                key: self.word(name, at + start, at + start + name.len()),
                value: self.word(value, at + value_at, at + end),
                equals: true,
            });
        }
        Ok(Arguments::Pairs(pairs))
    }

    fn health(&mut self, at: usize, args: &str) -> Result<Arguments, String> {
        let sep = args
            .find(|c: char| c.is_ascii_whitespace() || c == '\x0b')
            .unwrap_or(args.len());
        if sep == 0 {
            return Ok(Arguments::Empty);
        }
        let next = args.len()
            - args[sep..]
                .trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b')
                .len();
        let kind = self.word(&args[..sep], at, at + sep);
        let command = self.maybe_json(at + next, &args[next..])?;
        Ok(Arguments::Health {
            kind,
            command: Box::new(command),
        })
    }
}

const NOT_STRINGS: &str = "when using JSON array syntax, arrays must be comprised of strings only";

/// BuildKit's `extractBuilderFlags` (v0.12): leading `--flag[=value]` words, quotes and backslashes
/// processed. `--flag value` is two things: the flag `--flag` and the first argument `value`.
/// Returns where the arguments start and each flag as BuildKit writes it, with its byte range.
fn extract_flags(line: &str) -> (usize, Vec<(String, usize, usize)>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let bytes = line.as_bytes();
    let mut words: Vec<(String, usize, usize)> = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word: Vec<u8> = Vec::new();
    let mut word_start = 0;
    let mut quote = 0u8;
    let mut blank_ok = false;
    let is_ws = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ');
    let text = |w: &[u8]| String::from_utf8_lossy(w).into_owned();
    let mut pos = 0;
    while pos <= bytes.len() {
        let ch = bytes.get(pos).copied().unwrap_or(0);
        if phase == Phase::Spaces {
            if pos == bytes.len() {
                break;
            }
            if is_ws(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || bytes.get(pos + 1) != Some(&b'-') {
                return (pos, words);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if pos == bytes.len() {
            if word != b"--" && (blank_ok || !word.is_empty()) {
                words.push((text(&word), word_start, pos));
            }
            break;
        }
        if phase == Phase::Word {
            if is_ws(ch) {
                phase = Phase::Spaces;
                if word == b"--" {
                    return (pos, words);
                }
                if blank_ok || !word.is_empty() {
                    words.push((text(&word), word_start, pos));
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            let mut c = ch;
            if c == b'\\' {
                if pos + 1 == bytes.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
                c = bytes[pos];
            }
            word.push(c);
            pos += 1;
            continue;
        }
        // Quote phase.
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut c = ch;
        if c == b'\\' {
            if pos + 1 == bytes.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            c = bytes[pos];
        }
        word.push(c);
        pos += 1;
    }
    (bytes.len(), words)
}

/// BuildKit's `parseWords`: space-separated words, quotes and escapes kept in the word.
fn parse_words(rest: &str, escape: char) -> Vec<(String, usize, usize)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut word = String::new();
    let mut word_start = 0;
    let mut chars = rest.char_indices().peekable();
    loop {
        let Some((pos, ch)) = chars.next() else {
            if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
                words.push((word, word_start, rest.len()));
            }
            break;
        };
        if phase == Phase::Spaces {
            if is_space(ch) {
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        let at_end = |next: Option<&(usize, char)>| next.is_none();
        if phase == Phase::Word {
            if is_space(ch) {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push((std::mem::take(&mut word), word_start, pos));
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if at_end(chars.peek()) {
                    continue;
                }
                word.push(ch);
                let (_, next) = chars.next().unwrap_or((pos, ch));
                word.push(next);
                continue;
            }
            word.push(ch);
            continue;
        }
        // Quote phase.
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            if at_end(chars.peek()) {
                phase = Phase::Word;
                continue;
            }
            word.push(ch);
            let (_, next) = chars.next().unwrap_or((pos, ch));
            word.push(next);
            continue;
        }
        word.push(ch);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_follow_buildkit_quirks() {
        let flags = |line: &str| {
            let (at, words) = extract_flags(line);
            (
                words.into_iter().map(|w| w.0).collect::<Vec<_>>(),
                line[at..].to_string(),
            )
        };
        assert_eq!(flags("--from=a b c"), (vec!["--from=a".to_string()], "b c".into()));
        assert_eq!(
            flags("--chown 1:1 a b"),
            (vec!["--chown".to_string()], "1:1 a b".into())
        );
        assert_eq!(
            flags("--link --from=x a"),
            (vec!["--link".to_string(), "--from=x".into()], "a".into())
        );
        assert_eq!(flags("--x=\"a b\" c"), (vec!["--x=a b".to_string()], "c".into()));
        assert_eq!(flags("-- --x"), (vec![], " --x".into()));
        assert_eq!(flags("--foo"), (vec!["--foo".to_string()], "".into()));
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        let words: Vec<String> = parse_words(r#"a="b c" d\ e 'f'"#, '\\')
            .into_iter()
            .map(|w| w.0)
            .collect();
        assert_eq!(words, [r#"a="b c""#, r"d\ e", "'f'"]);
    }
}
