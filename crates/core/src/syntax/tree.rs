//! The lossless syntax tree: a flat list of items that tile the source byte for byte, instructions carrying
//! the spans of their keyword, flags, arguments and heredoc bodies.

use serde::Serialize;

pub use super::keyword::Keyword;
use crate::analysis::Severity;
use crate::span::Span;

/// A parsed Dockerfile. `items` cover `source` exactly, in order, so [`Dockerfile::print`] gives it back.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dockerfile {
    pub source: String,
    pub items: Vec<Item>,
    /// Parser directives found at the top (`# syntax=`, `# escape=`, `# check=`).
    pub directives: Vec<Directive>,
    /// The escape character in effect: `\` or `` ` ``.
    pub escape: char,
    pub diagnostics: Vec<SyntaxDiagnostic>,
}

impl Default for Dockerfile {
    fn default() -> Self {
        Dockerfile {
            source: String::new(),
            items: Vec::new(),
            directives: Vec::new(),
            escape: '\\',
            diagnostics: Vec::new(),
        }
    }
}

impl Dockerfile {
    /// The source text again, rebuilt from the items (identical to `source` by construction).
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(self.source.len());
        for item in &self.items {
            out.push_str(&self.source[item.span.start..item.span.end]);
        }
        out
    }

    pub fn instructions(&self) -> impl Iterator<Item = &Instruction> + '_ {
        self.items.iter().filter_map(|item| match &item.kind {
            ItemKind::Instruction(instruction) => Some(&**instruction),
            _ => None,
        })
    }

    /// The item containing byte `offset` (the last one for the end of the text).
    pub fn item_at(&self, offset: usize) -> Option<&Item> {
        let index = self.items.partition_point(|item| item.span.end <= offset);
        self.items.get(index).or(self.items.last())
    }

    /// The source text under a span.
    pub fn text(&self, span: Span) -> &str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// Whether BuildKit's parser would reject the file.
    pub fn rejected(&self) -> Option<&SyntaxDiagnostic> {
        self.diagnostics.iter().find(|d| d.kind == DiagnosticKind::Parse)
    }
}

/// One top-level piece of the file; its span includes the line ending(s).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    pub span: Span,
    pub kind: ItemKind,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ItemKind {
    /// The UTF-8 byte-order mark at the very start.
    Bom,
    /// A parser directive line; `index` points into [`Dockerfile::directives`].
    Directive {
        index: usize,
    },
    Comment,
    /// A line of whitespace only (or a lone escape character, which BuildKit also skips).
    Blank,
    Instruction(Box<Instruction>),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    pub span: Span,
    pub value_span: Span,
}

/// A word of the instruction with the value BuildKit's parser gives it and where its raw text is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Word {
    pub value: String,
    pub span: Span,
}

/// A `--name[=value]` builder flag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// Name without the dashes, as written (BuildKit matches flag names exactly).
    pub name: String,
    /// Value with quotes and backslashes processed; `None` for `--link`.
    pub value: Option<String>,
    /// BuildKit's form of the flag: `--name=value`, or `--name`.
    pub raw: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    pub key: Word,
    /// The value as BuildKit's parser keeps it: quotes and escapes still in.
    pub value: Word,
    /// Whether written `k=v` (true) or legacy `k v` (false).
    pub equals: bool,
}

/// What follows the keyword and flags, shaped per instruction as BuildKit's line parsers shape it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(tag = "form", content = "parts", rename_all = "snake_case")]
pub enum Arguments {
    /// Nothing after the keyword (and flags).
    #[default]
    Empty,
    /// A JSON array of strings (exec form).
    Json(Vec<Word>),
    /// The rest of the line kept as one string (shell form of RUN/CMD/ENTRYPOINT/SHELL, USER, WORKDIR...).
    Text(Word),
    /// Whitespace-separated words (FROM, EXPOSE, COPY/ADD/VOLUME shell form) or ARG's name[=value] words.
    Words(Vec<Word>),
    /// ENV and LABEL pairs.
    Pairs(Vec<KeyValue>),
    /// HEALTHCHECK: the type word (`CMD`/`NONE`) and its command.
    Health { kind: Word, command: Box<Arguments> },
    /// ONBUILD's trigger instruction.
    Sub(Box<Instruction>),
    /// Unknown instruction: BuildKit keeps no arguments.
    Ignored,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// Delimiter word with quotes removed.
    pub name: String,
    /// File descriptor written before `<<` (`3<<EOF`), 0 when absent.
    pub fd: u32,
    /// False when any part of the delimiter is quoted: the body is then not variable-expanded.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body lines and the terminator.
    pub chomp: bool,
    /// Body as written, every line with its line ending, without the terminator line.
    pub content: String,
    /// The `<<EOF` word on the instruction line.
    pub marker_span: Span,
    /// The body lines (empty span at the body start when there are none).
    pub body_span: Span,
    /// The terminator line, when present.
    pub terminator_span: Option<Span>,
}

impl Heredoc {
    /// The body as the build sees it: for `<<-`, leading tabs removed from every line.
    pub fn body(&self) -> String {
        if !self.chomp {
            return self.content.clone();
        }
        self.content
            .split_inclusive('\n')
            .map(|line| line.trim_start_matches('\t'))
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Instruction {
    /// The keyword, e.g. [`Keyword::Run`]; [`Keyword::Unknown`] for a word BuildKit does not know.
    pub keyword: Keyword,
    /// Keyword as written (BuildKit's `cmd` keeps the case).
    pub keyword_text: String,
    pub keyword_span: Span,
    /// From the keyword to the end of the last line (heredoc terminators included), line ending excluded.
    pub span: Span,
    pub flags: Vec<Flag>,
    pub arguments: Arguments,
    /// The text after keyword and flags, in the joined line (empty span when absent).
    pub arguments_span: Span,
    pub heredocs: Vec<Heredoc>,
    /// The logical line BuildKit parses: continuation lines joined, comment lines dropped.
    pub original: String,
    /// 1-based first and last source lines (heredoc bodies included), as BuildKit counts them.
    pub start_line: u32,
    pub end_line: u32,
    /// Pieces of `original` and where they come from, to map joined-line offsets back to the source.
    #[serde(skip)]
    pub(crate) segments: Vec<Segment>,
}

/// `original[logical..logical + len]` is `source[source..source + len]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub logical: usize,
    pub source: usize,
    pub len: usize,
}

impl Instruction {
    /// The keyword upper-cased, as BuildKit names it, also for an unknown one (`copy.` is `COPY.`).
    pub fn keyword_name(&self) -> String {
        match self.keyword {
            Keyword::Unknown => self.keyword_text.to_ascii_uppercase(),
            known => known.as_str().to_string(),
        }
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// Whether arguments are in JSON (exec) form.
    pub fn is_json(&self) -> bool {
        match &self.arguments {
            Arguments::Json(_) => true,
            Arguments::Health { command, .. } => matches!(**command, Arguments::Json(_)),
            _ => false,
        }
    }

    /// The arguments as BuildKit's AST lists them (`value` of the oracle schema).
    pub fn values(&self) -> Vec<String> {
        arguments_values(&self.arguments)
    }

    /// Source byte offset of an offset in [`Instruction::original`]; ends of pieces map to the piece's end.
    pub fn source_offset(&self, logical: usize, is_end: bool) -> usize {
        map_offset(&self.segments, logical, is_end).unwrap_or(self.keyword_span.start)
    }
}

/// Maps an offset of a joined line to the source through its pieces. An end offset that falls between two
/// pieces maps to the end of the earlier one, so a span never swallows the line break that joined them.
pub(crate) fn map_offset(segments: &[Segment], logical: usize, is_end: bool) -> Option<usize> {
    let probe = if is_end && logical > 0 { logical - 1 } else { logical };
    let index = segments
        .partition_point(|s| s.logical + s.len <= probe)
        .min(segments.len().checked_sub(1)?);
    let s = segments[index];
    Some(s.source + logical.saturating_sub(s.logical).min(s.len))
}

pub(crate) fn arguments_values(arguments: &Arguments) -> Vec<String> {
    let mut values = Vec::new();
    value_refs(arguments, &mut values);
    values.into_iter().map(str::to_string).collect()
}

/// [`arguments_values`] without copying the strings.
pub(crate) fn value_refs<'a>(arguments: &'a Arguments, out: &mut Vec<&'a str>) {
    match arguments {
        Arguments::Empty => {}
        // BuildKit's ONBUILD node holds its trigger as a child of an empty-valued node; unknown
        // instructions keep one empty value.
        Arguments::Ignored | Arguments::Sub(_) => out.push(""),
        Arguments::Json(words) | Arguments::Words(words) => out.extend(words.iter().map(|w| w.value.as_str())),
        Arguments::Text(word) => out.push(&word.value),
        Arguments::Pairs(pairs) => {
            for pair in pairs {
                out.push(&pair.key.value);
                out.push(&pair.value.value);
            }
        }
        Arguments::Health { kind, command } => {
            out.push(&kind.value);
            value_refs(command, out);
        }
    }
}

/// How bad a problem is for BuildKit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// BuildKit's parser rejects the whole file.
    Parse,
    /// The file parses but the build would fail (e.g. unknown instruction).
    Build,
    /// BuildKit warns.
    Warning,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SyntaxDiagnostic {
    pub kind: DiagnosticKind,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
}
