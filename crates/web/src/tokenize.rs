//! A small Dockerfile tokenizer for the editor's highlight overlay. It only colours text: the analysis uses
//! the core's parser. Line-based, with state for `\` continuations and heredoc bodies, and it never fails.

/// What a highlighted piece of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An instruction keyword at the start of an instruction (`FROM`, `RUN`).
    Instruction,
    /// `--flag` or `--flag=value` after the keyword.
    Flag,
    /// `"…"` or `'…'`.
    String,
    /// `$NAME` or `${NAME…}`.
    Variable,
    /// A `#` comment line or parser directive.
    Comment,
    /// `<<EOF` and the heredoc's closing word.
    HeredocMarker,
    /// The lines of a heredoc.
    HeredocBody,
    /// `AS` in `FROM image AS name`, and the trailing `\`.
    Operator,
}

impl Kind {
    pub fn class(self) -> &'static str {
        match self {
            Kind::Instruction => "tok-instruction",
            Kind::Flag => "tok-flag",
            Kind::String => "tok-string",
            Kind::Variable => "tok-variable",
            Kind::Comment => "tok-comment",
            Kind::HeredocMarker => "tok-heredoc-marker",
            Kind::HeredocBody => "tok-heredoc",
            Kind::Operator => "tok-operator",
        }
    }
}

/// A highlighted byte range of the source; text between tokens is plain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// Tokens in source order, non-overlapping, on character boundaries.
pub fn tokenize(source: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut continued = false;
    // Whether `--flags` may still follow: only before the instruction's first other word, across lines.
    let mut flags_allowed = false;
    // Pending heredoc terminators (word, strip leading tabs), in order.
    let mut heredocs: Vec<(String, bool)> = Vec::new();
    let mut offset = 0;
    for raw in source.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if let Some((word, strip)) = heredocs.first() {
            let candidate = if *strip { line.trim_start_matches('\t') } else { line };
            if candidate == word {
                tokens.push(Token {
                    start,
                    end: start + line.len(),
                    kind: Kind::HeredocMarker,
                });
                heredocs.remove(0);
            } else if !line.is_empty() {
                tokens.push(Token {
                    start,
                    end: start + line.len(),
                    kind: Kind::HeredocBody,
                });
            }
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let trimmed = &line[indent..];
        if trimmed.starts_with('#') {
            tokens.push(Token {
                start: start + indent,
                end: start + line.len(),
                kind: Kind::Comment,
            });
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        let mut pos = indent;
        let mut keyword = String::new();
        if !continued {
            flags_allowed = true;
            let word_len = trimmed.find(|c: char| c.is_whitespace()).unwrap_or(trimmed.len());
            keyword = trimmed[..word_len].to_ascii_uppercase();
            tokens.push(Token {
                start: start + indent,
                end: start + indent + word_len,
                kind: Kind::Instruction,
            });
            pos += word_len;
        }
        (continued, flags_allowed) =
            scan_arguments(line, start, pos, flags_allowed, &keyword, &mut tokens, &mut heredocs);
    }
    tokens
}

/// Tokenizes the arguments part of one line from `pos`; returns whether the line ends with a continuation
/// and whether flags may still follow on the next line.
fn scan_arguments(
    line: &str,
    base: usize,
    mut pos: usize,
    mut flags_allowed: bool,
    keyword: &str,
    tokens: &mut Vec<Token>,
    heredocs: &mut Vec<(String, bool)>,
) -> (bool, bool) {
    let bytes = line.as_bytes();
    let mut at_word_start = true;
    let mut word_index = 0;
    let push = |tokens: &mut Vec<Token>, s: usize, e: usize, kind: Kind| {
        if e > s {
            tokens.push(Token {
                start: base + s,
                end: base + e,
                kind,
            })
        }
    };
    // The trailing continuation backslash.
    let content_end = {
        let t = line.trim_end();
        if t.ends_with('\\') && !t.ends_with("\\\\") {
            t.len() - 1
        } else {
            line.len()
        }
    };
    while pos < content_end {
        let c = bytes[pos];
        if c.is_ascii_whitespace() {
            at_word_start = true;
            pos += 1;
            continue;
        }
        let word_start = at_word_start;
        if word_start {
            word_index += 1;
        }
        at_word_start = false;
        match c {
            b'-' if word_start && flags_allowed && line[pos..].starts_with("--") => {
                let end = word_end(line, pos, content_end);
                push(tokens, pos, end, Kind::Flag);
                pos = end;
                at_word_start = true;
                continue;
            }
            b'"' | b'\'' => {
                flags_allowed = false;
                let end = string_end(line, pos, content_end);
                push(tokens, pos, end, Kind::String);
                pos = end;
                continue;
            }
            b'$' => {
                flags_allowed = false;
                let end = variable_end(line, pos, content_end);
                push(tokens, pos, end, Kind::Variable);
                pos = end.max(pos + 1);
                continue;
            }
            b'<' if line[pos..].starts_with("<<") && !line[pos..].starts_with("<<<") => {
                flags_allowed = false;
                if let Some((end, word, strip)) = heredoc_marker(line, pos, content_end) {
                    push(tokens, pos, end, Kind::HeredocMarker);
                    heredocs.push((word, strip));
                    pos = end;
                    continue;
                }
                pos += 2;
                continue;
            }
            _ => {}
        }
        flags_allowed = false;
        if word_start && keyword == "FROM" && word_index >= 2 {
            let end = word_end(line, pos, content_end);
            if line[pos..end].eq_ignore_ascii_case("as") {
                push(tokens, pos, end, Kind::Operator);
                pos = end;
                at_word_start = true;
                continue;
            }
        }
        pos += line[pos..].chars().next().map_or(1, char::len_utf8);
    }
    if content_end < line.len() {
        let slash = line.trim_end().len() - 1;
        push(tokens, slash, slash + 1, Kind::Operator);
        return (true, flags_allowed);
    }
    (false, false)
}

fn word_end(line: &str, pos: usize, limit: usize) -> usize {
    line[pos..limit]
        .find(|c: char| c.is_whitespace())
        .map_or(limit, |i| pos + i)
}

fn string_end(line: &str, pos: usize, limit: usize) -> usize {
    let quote = line.as_bytes()[pos];
    let mut i = pos + 1;
    let bytes = line.as_bytes();
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

fn variable_end(line: &str, pos: usize, limit: usize) -> usize {
    let bytes = line.as_bytes();
    if pos + 1 < limit && bytes[pos + 1] == b'{' {
        return line[pos..limit].find('}').map_or(limit, |i| pos + i + 1);
    }
    let mut i = pos + 1;
    while i < limit && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    if i == pos + 1 {
        pos
    } else {
        i
    }
}

/// `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`: returns (end, word, strip tabs).
fn heredoc_marker(line: &str, pos: usize, limit: usize) -> Option<(usize, String, bool)> {
    let mut i = pos + 2;
    let bytes = line.as_bytes();
    let strip = i < limit && bytes[i] == b'-';
    if strip {
        i += 1;
    }
    let quote = (i < limit && (bytes[i] == b'"' || bytes[i] == b'\'')).then(|| bytes[i]);
    if quote.is_some() {
        i += 1;
    }
    let word_start = i;
    while i < limit && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    if i == word_start {
        return None;
    }
    let word = line[word_start..i].to_string();
    if let Some(q) = quote {
        if i < limit && bytes[i] == q {
            i += 1;
        } else {
            return None;
        }
    }
    Some((i, word, strip))
}
