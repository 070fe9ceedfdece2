//! A single-pass, recursive-descent reader of POSIX sh as written in Dockerfiles.
//!
//! Every byte is looked at a bounded number of times (substitutions are parsed once, in place, and
//! nesting deeper than [`MAX_DEPTH`] is skipped by counting brackets), so the parser is linear in the
//! input and cannot overflow the stack. It never fails: problems become [`ShellError`]s.

use super::ast::{Assignment, Command, CommandId, Connector, Context, Heredoc, Redirect, RedirectOp, ShellError, Word};
use super::programs::{finish, Finished, Program};
use super::ParseOptions;

/// Deeper nesting of substitutions, subshells and compound commands is skipped, not parsed.
pub(crate) const MAX_DEPTH: usize = 32;

/// Commands past this many are parsed but not recorded, which bounds memory on adversarial input.
pub(crate) const MAX_COMMANDS: usize = 100_000;

const TOO_MANY: &str = "too many commands: the rest is parsed but not recorded";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Term {
    Eof,
    Paren,
    Backtick,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    If,
    Loop,
    Case,
    Group,
    Subshell,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Cond,
    Body,
    Header,
    Patterns,
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    kind: Kind,
    state: State,
    outer: Context,
    start: usize,
}

/// Per-list bookkeeping of connectors and pipelines.
#[derive(Default)]
struct ListState {
    last: Option<CommandId>,
    before: Option<Connector>,
    negate: bool,
    function: bool,
}

struct PendingHeredoc {
    command: CommandId,
    redirect: usize,
    delimiter: Vec<u8>,
    strip_tabs: bool,
}

pub(crate) struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    base: usize,
    docker: bool,
    escape: u8,
    in_single: bool,
    backtick: bool,
    depth: usize,
    ctx: Context,
    frames: Vec<Frame>,
    pipelines: usize,
    heredocs: Vec<PendingHeredoc>,
    pub commands: Vec<Command>,
    pub errors: Vec<ShellError>,
    /// Number of character reads: the work measure reported by [`super::parse_cost`].
    pub steps: usize,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Length of `NAME=` or `NAME+=` at the start of `raw`, if it is an assignment.
pub(crate) fn assignment_prefix(raw: &[u8]) -> Option<usize> {
    if !raw.first().is_some_and(|&b| is_name_start(b)) {
        return None;
    }
    let n = raw.iter().take_while(|&&b| is_name(b)).count();
    match raw.get(n..) {
        Some([b'=', ..]) => Some(n + 1),
        Some([b'+', b'=', ..]) => Some(n + 2),
        _ => None,
    }
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str, base: usize, options: ParseOptions) -> Self {
        Parser {
            src: text.as_bytes(),
            pos: 0,
            base,
            docker: options.dockerfile,
            escape: options.escape,
            in_single: false,
            backtick: false,
            depth: 0,
            ctx: Context::default(),
            frames: Vec::new(),
            pipelines: 0,
            heredocs: Vec::new(),
            commands: Vec::new(),
            errors: Vec::new(),
            steps: 0,
        }
    }

    pub(crate) fn run(&mut self) {
        self.parse_list(Term::Eof);
    }

    fn error(&mut self, message: &'static str, start: usize, end: usize) {
        // Bounded so that junk input cannot make the error list the dominant cost.
        if self.errors.len() < 1000 {
            self.errors.push(ShellError {
                message,
                span: self.base + start..self.base + end.max(start),
            });
        }
    }

    // ---- character level -------------------------------------------------------------------------

    /// Skips line continuations at `pos`. In Dockerfile mode these are the escape character, optional
    /// blanks and a newline anywhere (Docker joins lines before the shell runs), followed by any comment
    /// or blank lines; in shell mode, `\` + newline outside single quotes.
    fn skip_cont(&mut self) {
        loop {
            let Some(&b) = self.src.get(self.pos) else { return };
            if self.docker {
                if b != self.escape {
                    return;
                }
                let mut j = self.pos + 1;
                while matches!(self.src.get(j), Some(b' ' | b'\t')) {
                    j += 1;
                }
                self.steps += j - self.pos;
                if self.src.get(j) == Some(&b'\r') {
                    j += 1;
                }
                if self.src.get(j) != Some(&b'\n') {
                    return;
                }
                self.pos = j + 1;
                // Docker drops comment lines and blank lines inside a continued instruction.
                loop {
                    let mut k = self.pos;
                    while matches!(self.src.get(k), Some(b' ' | b'\t' | b'\r')) {
                        k += 1;
                    }
                    self.steps += k - self.pos + 1;
                    match self.src.get(k) {
                        Some(b'#') => {
                            let from = k;
                            while k < self.src.len() && self.src[k] != b'\n' {
                                k += 1;
                            }
                            self.steps += k - from;
                            if k >= self.src.len() {
                                self.pos = k;
                                return;
                            }
                            self.pos = k + 1;
                        }
                        Some(b'\n') => self.pos = k + 1,
                        _ => break,
                    }
                }
            } else {
                if b != b'\\' || self.in_single {
                    return;
                }
                match (self.src.get(self.pos + 1), self.src.get(self.pos + 2)) {
                    (Some(b'\n'), _) => self.pos += 2,
                    (Some(b'\r'), Some(b'\n')) => self.pos += 3,
                    _ => return,
                }
            }
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.steps += 1;
        self.skip_cont();
        self.src.get(self.pos).copied()
    }

    /// The byte after the current one (continuations after the current byte are not skipped).
    fn peek2(&self) -> Option<u8> {
        self.src.get(self.pos + 1).copied()
    }

    /// The byte after an escaping `\`: continuation-aware in Dockerfile mode, literal in shell mode.
    fn peek_escaped(&mut self) -> Option<u8> {
        if self.docker {
            self.peek()
        } else {
            self.src.get(self.pos).copied()
        }
    }

    /// Spaces, tabs, carriage returns and comments (a `#` where a token starts).
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'#') => {
                    let saved = self.in_single;
                    self.in_single = true;
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                    self.in_single = saved;
                }
                _ => return,
            }
        }
    }

    /// True when `kw` is at `pos`, followed by a delimiter or the end.
    fn at_keyword(&mut self, kw: &str) -> bool {
        self.peek();
        let end = self.pos + kw.len();
        self.src.get(self.pos..end) == Some(kw.as_bytes()) && self.src.get(end).is_none_or(|&b| is_delim(b))
    }

    /// Digits followed by `<` or `>` (not a process substitution) at `pos`.
    fn at_io_number(&self) -> bool {
        let mut j = self.pos;
        while self.src.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j > self.pos && matches!(self.src.get(j), Some(b'<' | b'>')) && self.src.get(j + 1) != Some(&b'(')
    }

    /// Copies `src[start..end]` into a word value; in Dockerfile mode without the line continuations
    /// (and dropped comment lines) that Docker removes.
    fn push_clean(&mut self, value: &mut Vec<u8>, start: usize, end: usize) {
        let end = end.min(self.src.len());
        if !self.docker {
            value.extend_from_slice(&self.src[start.min(end)..end]);
            return;
        }
        let saved = self.pos;
        let mut i = start.min(end);
        while i < end {
            let Some(k) = self.src[i..end].iter().position(|&b| b == self.escape) else {
                value.extend_from_slice(&self.src[i..end]);
                break;
            };
            value.extend_from_slice(&self.src[i..i + k]);
            self.pos = i + k;
            self.skip_cont();
            if self.pos == i + k {
                value.push(self.escape);
                self.pos += 1;
            }
            i = self.pos;
        }
        self.pos = saved;
    }

    fn text(&self, start: usize, end: usize) -> String {
        String::from_utf8_lossy(&self.src[start.min(self.src.len())..end.min(self.src.len())]).into_owned()
    }

    /// Skips a balanced `( ... )` starting at `pos` (which holds `(`), without parsing. Quote-aware.
    fn skip_balanced(&mut self, open: u8, close: u8) {
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' if self.peek_escaped().is_some() => self.pos += 1,
                b'\'' => {
                    while let Some(c) = self.src.get(self.pos) {
                        self.steps += 1;
                        self.pos += 1;
                        if *c == b'\'' {
                            break;
                        }
                    }
                }
                b'"' => {
                    while let Some(&c) = self.src.get(self.pos) {
                        self.steps += 1;
                        self.pos += 1;
                        if c == b'\\' {
                            self.pos = (self.pos + 1).min(self.src.len());
                        } else if c == b'"' {
                            break;
                        }
                    }
                }
                _ if b == open => depth += 1,
                _ if b == close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
        self.error("unterminated bracket", start, self.pos);
    }

    // ---- words -----------------------------------------------------------------------------------

    fn lex_word(&mut self) -> Word {
        self.peek();
        let start = self.pos;
        let mut end = start;
        let mut w = Word::default();
        let mut value: Vec<u8> = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b')' => break,
                b'<' | b'>' => {
                    if self.peek2() == Some(b'(') && value.is_empty() {
                        self.process_substitution(&mut w, &mut value);
                    } else {
                        break;
                    }
                }
                b'(' => {
                    let is_array = assignment_prefix(&value).is_some_and(|n| n == value.len()) && !w.quoted;
                    if !is_array {
                        break;
                    }
                    let s = self.pos;
                    self.skip_balanced(b'(', b')');
                    self.push_clean(&mut value, s, self.pos);
                }
                b'`' => {
                    if self.backtick {
                        break;
                    }
                    self.backtick_substitution(&mut w, &mut value);
                }
                b'\\' => {
                    self.pos += 1;
                    w.quoted = true;
                    match self.peek_escaped() {
                        Some(n) => {
                            value.push(n);
                            self.pos += 1;
                        }
                        None => value.push(b'\\'),
                    }
                }
                b'\'' => self.single_quoted(&mut w, &mut value),
                b'"' => self.double_quoted(&mut w, &mut value),
                b'$' => self.dollar(&mut w, &mut value, false),
                b'*' | b'?' | b'[' => {
                    w.glob = true;
                    value.push(c);
                    self.pos += 1;
                }
                _ => {
                    value.push(c);
                    self.pos += 1;
                }
            }
            end = self.pos;
        }
        if end == start {
            // Never return an empty token without progress: consume one byte.
            if self.pos < self.src.len() {
                self.error("unexpected character", self.pos, self.pos + 1);
                self.pos += 1;
                end = self.pos;
                value.extend_from_slice(&self.src[start..end]);
            }
        }
        w.value = String::from_utf8(value).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        w.raw = self.text(start, end);
        w.span = self.base + start..self.base + end;
        w
    }

    fn single_quoted(&mut self, w: &mut Word, value: &mut Vec<u8>) {
        let start = self.pos;
        self.pos += 1;
        w.quoted = true;
        self.in_single = true;
        loop {
            match self.peek() {
                None => {
                    self.error("unterminated single quote", start, self.pos);
                    break;
                }
                Some(b'\'') => {
                    self.pos += 1;
                    break;
                }
                Some(c) => {
                    value.push(c);
                    self.pos += 1;
                }
            }
        }
        self.in_single = false;
    }

    fn double_quoted(&mut self, w: &mut Word, value: &mut Vec<u8>) {
        let start = self.pos;
        self.pos += 1;
        w.quoted = true;
        loop {
            match self.peek() {
                None => {
                    self.error("unterminated double quote", start, self.pos);
                    break;
                }
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek_escaped() {
                        Some(n @ (b'$' | b'`' | b'"' | b'\\')) => {
                            value.push(n);
                            self.pos += 1;
                        }
                        _ => value.push(b'\\'),
                    }
                }
                Some(b'$') => self.dollar(w, value, true),
                Some(b'`') if !self.backtick => self.backtick_substitution(w, value),
                Some(c) => {
                    value.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// `$...` at `pos`: expansions are copied literally into the value; substitutions are parsed.
    fn dollar(&mut self, w: &mut Word, value: &mut Vec<u8>, in_double: bool) {
        let start = self.pos;
        self.pos += 1;
        match self.peek() {
            Some(b'(') if self.peek2() == Some(b'(') => {
                self.skip_balanced(b'(', b')');
                w.expansion = true;
            }
            Some(b'(') => {
                self.pos += 1;
                self.substitution(Term::Paren);
                w.expansion = true;
                w.substitution = true;
            }
            Some(b'{') => {
                self.braced_parameter(w);
                w.expansion = true;
            }
            Some(b'\'') if !in_double => {
                // ANSI-C quoting.
                self.pos += 1;
                w.quoted = true;
                loop {
                    self.steps += 1;
                    match self.src.get(self.pos) {
                        None => {
                            self.error("unterminated $' quote", start, self.pos);
                            break;
                        }
                        Some(b'\'') => {
                            self.pos += 1;
                            break;
                        }
                        Some(b'\\') => {
                            self.pos += 1;
                            if let Some(&n) = self.src.get(self.pos) {
                                value.push(match n {
                                    b'n' => b'\n',
                                    b't' => b'\t',
                                    b'r' => b'\r',
                                    b'0' => 0,
                                    other => other,
                                });
                                self.pos += 1;
                            }
                        }
                        Some(&c) => {
                            value.push(c);
                            self.pos += 1;
                        }
                    }
                }
                return;
            }
            Some(b'"') if !in_double => {
                self.double_quoted(w, value);
                return;
            }
            Some(b) if is_name_start(b) => {
                value.push(b'$');
                while let Some(c) = self.peek().filter(|&c| is_name(c)) {
                    value.push(c);
                    self.pos += 1;
                }
                w.expansion = true;
                return;
            }
            Some(c @ (b'0'..=b'9' | b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!')) => {
                value.extend_from_slice(&[b'$', c]);
                self.pos += 1;
                w.expansion = true;
                return;
            }
            _ => {
                // A lone `$` is literal (a continuation after it is not part of the value).
                value.push(b'$');
                return;
            }
        }
        self.push_clean(value, start, self.pos);
    }

    /// `${ ... }` at `pos` (which holds `{`).
    fn braced_parameter(&mut self, w: &mut Word) {
        if self.depth >= MAX_DEPTH {
            self.skip_balanced(b'{', b'}');
            return;
        }
        self.depth += 1;
        self.braced_parameter_inner(w);
        self.depth -= 1;
    }

    fn braced_parameter_inner(&mut self, w: &mut Word) {
        let start = self.pos;
        self.pos += 1;
        let mut depth = 1usize;
        loop {
            match self.peek() {
                None => {
                    self.error("unterminated ${", start, self.pos);
                    return;
                }
                Some(b'}') => {
                    self.pos += 1;
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    depth += 1;
                }
                Some(b'\\') => {
                    self.pos += 1;
                    if self.peek_escaped().is_some() {
                        self.pos += 1;
                    }
                }
                Some(b'\'') => {
                    let mut scratch = Vec::new();
                    let mut inner = Word::default();
                    self.single_quoted(&mut inner, &mut scratch);
                }
                Some(b'"') => {
                    let mut scratch = Vec::new();
                    let mut inner = Word::default();
                    self.double_quoted(&mut inner, &mut scratch);
                    w.substitution |= inner.substitution;
                }
                Some(b'$') => {
                    let mut scratch = Vec::new();
                    let mut inner = Word::default();
                    self.dollar(&mut inner, &mut scratch, false);
                    w.substitution |= inner.substitution;
                }
                Some(b'`') if !self.backtick => {
                    let mut scratch = Vec::new();
                    self.backtick_substitution(w, &mut scratch);
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn backtick_substitution(&mut self, w: &mut Word, value: &mut Vec<u8>) {
        let start = self.pos;
        self.pos += 1;
        w.expansion = true;
        w.substitution = true;
        if self.depth >= MAX_DEPTH {
            while let Some(b) = self.peek() {
                self.pos += 1;
                if b == b'`' {
                    break;
                }
            }
        } else {
            let saved = self.backtick;
            self.backtick = true;
            self.nested(Term::Backtick);
            self.backtick = saved;
        }
        self.push_clean(value, start, self.pos);
    }

    /// `<(...)` or `>(...)` at `pos`.
    fn process_substitution(&mut self, w: &mut Word, value: &mut Vec<u8>) {
        let start = self.pos;
        self.pos += 2;
        self.substitution(Term::Paren);
        w.expansion = true;
        w.substitution = true;
        self.push_clean(value, start, self.pos);
    }

    /// After `$(` or `<(`: parses the nested list up to and including `)`.
    fn substitution(&mut self, term: Term) {
        if self.depth >= MAX_DEPTH {
            // Resume skipping from just before the `(` that was consumed.
            self.pos -= 1;
            if self.src.get(self.pos) == Some(&b'(') {
                self.skip_balanced(b'(', b')');
            } else {
                self.pos += 1;
            }
            return;
        }
        let saved = self.backtick;
        self.backtick = false;
        self.nested(term);
        self.backtick = saved;
    }

    fn nested(&mut self, term: Term) {
        let saved = self.ctx;
        self.ctx.substitution = self.ctx.substitution.saturating_add(1);
        self.ctx.background = false;
        self.ctx.negated = false;
        self.depth += 1;
        self.parse_list(term);
        self.depth -= 1;
        self.ctx = saved;
    }

    // ---- lists and compound commands ------------------------------------------------------------

    fn separator(&mut self, list: &mut ListState, connector: Connector) {
        if let Some(id) = list.last {
            let command = &mut self.commands[id];
            if command.after.is_none() {
                command.after = Some(connector);
                if connector == Connector::Background {
                    command.context.background = true;
                }
            }
            if connector != Connector::Pipe {
                list.last = None;
            }
        }
        list.before = Some(connector);
        if connector != Connector::Pipe {
            list.negate = false;
        }
    }

    fn push_frame(&mut self, kind: Kind, state: State, list: &mut ListState) {
        let frame = Frame {
            kind,
            state,
            outer: self.ctx,
            start: self.pos,
        };
        self.frames.push(frame);
        if list.function && matches!(kind, Kind::Group | Kind::Subshell) {
            self.ctx.function = true;
            list.function = false;
        }
        self.apply_state(kind, state);
        list.last = None;
        list.before = None;
    }

    fn apply_state(&mut self, kind: Kind, state: State) {
        let outer = self.frames.last().map_or(self.ctx, |f| f.outer);
        let function = self.ctx.function;
        let mut ctx = outer;
        ctx.function |= function;
        match (kind, state) {
            (Kind::If, State::Cond) => ctx.condition = true,
            (Kind::If, _) => ctx.conditional = true,
            (Kind::Loop, State::Cond) => {
                ctx.condition = true;
                ctx.in_loop = true;
            }
            (Kind::Loop, _) => {
                ctx.in_loop = true;
                ctx.conditional = true;
            }
            (Kind::Case, _) => ctx.conditional = true,
            (Kind::Group, _) => ctx.group = true,
            (Kind::Subshell, _) => ctx.subshell = ctx.subshell.saturating_add(1),
        }
        self.ctx = ctx;
    }

    fn set_state(&mut self, state: State) {
        if let Some(frame) = self.frames.last_mut() {
            frame.state = state;
            let kind = frame.kind;
            self.apply_state(kind, state);
        }
    }

    fn pop_frame(&mut self, list: &mut ListState) {
        if let Some(frame) = self.frames.pop() {
            self.ctx = frame.outer;
        }
        list.last = None;
        list.before = None;
    }

    /// The innermost frame above `base`, if any.
    fn top(&self, base: usize) -> Option<Frame> {
        if self.frames.len() > base {
            self.frames.last().copied()
        } else {
            None
        }
    }

    /// Pops frames down to and including the nearest frame of `kind` above `base`; returns false (and
    /// pops nothing) when there is none.
    fn close(&mut self, kind: Kind, base: usize, list: &mut ListState, message: &'static str, at: usize) -> bool {
        let Some(index) = self.frames[base..].iter().rposition(|f| f.kind == kind) else {
            self.error(message, at, self.pos);
            return false;
        };
        let index = base + index;
        while self.frames.len() > index + 1 {
            let start = self.frames.last().map_or(at, |f| f.start);
            self.error("unterminated compound command", start, at);
            self.pop_frame(list);
        }
        self.pop_frame(list);
        true
    }

    fn parse_list(&mut self, term: Term) {
        let base = self.frames.len();
        let mut list = ListState::default();
        let start = self.pos;
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else {
                if term != Term::Eof {
                    self.error("unterminated command substitution", start.saturating_sub(1), self.pos);
                }
                break;
            };
            let at = self.pos;
            // `case` patterns: `(a|b)` or `a|b)`.
            if self
                .top(base)
                .is_some_and(|f| f.kind == Kind::Case && f.state == State::Patterns)
                && !matches!(c, b'\n' | b';')
            {
                if self.at_keyword("esac") {
                    self.pos += 4;
                    self.pop_frame(&mut list);
                    self.compound_suffix();
                    continue;
                }
                self.case_patterns();
                self.set_state(State::Body);
                continue;
            }
            match c {
                b'\n' => {
                    self.pos += 1;
                    self.separator(&mut list, Connector::Newline);
                    self.read_heredocs();
                }
                b';' => {
                    self.pos += 1;
                    let case_end = matches!(self.peek(), Some(b';' | b'&'));
                    if case_end {
                        self.pos += 1;
                        if self.peek() == Some(b'&') {
                            self.pos += 1;
                        }
                    }
                    self.separator(&mut list, Connector::Semi);
                    if case_end {
                        if let Some(index) = self.frames[base..].iter().rposition(|f| f.kind == Kind::Case) {
                            while self.frames.len() > base + index + 1 {
                                self.error("unterminated compound command", at, at + 2);
                                self.pop_frame(&mut list);
                            }
                            self.set_state(State::Patterns);
                        } else {
                            self.error("`;;` outside case", at, self.pos);
                        }
                    }
                }
                b'&' if self.peek2() == Some(b'&') => {
                    self.pos += 2;
                    self.separator(&mut list, Connector::And);
                }
                b'&' if self.peek2() != Some(b'>') => {
                    self.pos += 1;
                    self.separator(&mut list, Connector::Background);
                }
                b'|' => {
                    self.pos += 1;
                    if self.peek() == Some(b'|') {
                        self.pos += 1;
                        self.separator(&mut list, Connector::Or);
                    } else {
                        if self.peek() == Some(b'&') {
                            self.pos += 1;
                        }
                        self.separator(&mut list, Connector::Pipe);
                    }
                }
                b')' => {
                    if self.frames[base..].iter().any(|f| f.kind == Kind::Subshell) {
                        self.pos += 1;
                        self.close(Kind::Subshell, base, &mut list, "unmatched )", at);
                        self.compound_suffix();
                    } else if term == Term::Paren {
                        self.pos += 1;
                        break;
                    } else {
                        self.pos += 1;
                        self.error("unmatched )", at, self.pos);
                    }
                }
                b'`' if term == Term::Backtick => {
                    self.pos += 1;
                    break;
                }
                b'<' | b'>' | b'&' => self.simple(None, &mut list),
                b'0'..=b'9' if self.at_io_number() => self.simple(None, &mut list),
                b'(' => {
                    if self.peek2() == Some(b'(') {
                        // Arithmetic command `(( ... ))`.
                        self.skip_balanced(b'(', b')');
                    } else if self.depth + self.frames.len() >= MAX_DEPTH {
                        self.skip_balanced(b'(', b')');
                    } else {
                        self.pos += 1;
                        self.push_frame(Kind::Subshell, State::Body, &mut list);
                    }
                }
                _ => {
                    let word = self.lex_word();
                    if !self.keyword(&word, base, &mut list, term) {
                        self.simple(Some(word), &mut list);
                    }
                }
            }
        }
        while self.frames.len() > base {
            let start = self.frames.last().map_or(self.pos, |f| f.start);
            self.error("unterminated compound command", start, self.pos);
            self.pop_frame(&mut list);
        }
    }

    /// Handles `word` as a reserved word in command position; false when it is not one.
    fn keyword(&mut self, word: &Word, base: usize, list: &mut ListState, _term: Term) -> bool {
        if word.quoted || word.expansion || word.glob {
            return false;
        }
        let at = word.span.start - self.base;
        let deep = self.depth + self.frames.len() >= MAX_DEPTH;
        match word.value.as_str() {
            "if" if !deep => self.push_frame(Kind::If, State::Cond, list),
            "while" | "until" if !deep => self.push_frame(Kind::Loop, State::Cond, list),
            "for" | "select" if !deep => {
                // The word list is expanded once, outside the loop.
                self.for_header();
                self.push_frame(Kind::Loop, State::Header, list);
            }
            "case" if !deep => {
                self.skip_blanks();
                if self.peek().is_some_and(|b| !is_delim(b)) {
                    self.lex_word();
                }
                self.push_frame(Kind::Case, State::Header, list);
                loop {
                    self.skip_blanks();
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                if self.at_keyword("in") {
                    self.pos += 2;
                } else {
                    self.error("expected `in` after `case WORD`", at, self.pos);
                }
                self.set_state(State::Patterns);
            }
            "{" if !deep => self.push_frame(Kind::Group, State::Body, list),
            "then" => self.clause(Kind::If, State::Body, base, list, "`then` without `if`", at),
            "elif" => self.clause(Kind::If, State::Cond, base, list, "`elif` without `if`", at),
            "else" => self.clause(Kind::If, State::Body, base, list, "`else` without `if`", at),
            "do" => self.clause(Kind::Loop, State::Body, base, list, "`do` without a loop", at),
            "fi" => {
                self.close(Kind::If, base, list, "`fi` without `if`", at);
                self.compound_suffix();
            }
            "done" => {
                self.close(Kind::Loop, base, list, "`done` without a loop", at);
                self.compound_suffix();
            }
            "esac" => {
                self.close(Kind::Case, base, list, "`esac` without `case`", at);
                self.compound_suffix();
            }
            "}" if self.frames[base..].iter().any(|f| f.kind == Kind::Group) => {
                self.close(Kind::Group, base, list, "unmatched }", at);
                self.compound_suffix();
            }
            "!" => list.negate = true,
            "function" => {
                self.skip_blanks();
                if self.peek().is_some_and(|b| !is_delim(b)) {
                    self.lex_word();
                }
                self.skip_blanks();
                if self.peek() == Some(b'(') && self.peek2() == Some(b')') {
                    self.pos += 2;
                }
                list.function = true;
            }
            _ => return false,
        }
        true
    }

    /// A word that moves the innermost open `kind` to its next part (`then`, `elif`, `else`, `do`).
    fn clause(
        &mut self,
        kind: Kind,
        state: State,
        base: usize,
        list: &mut ListState,
        message: &'static str,
        at: usize,
    ) {
        if self.top(base).is_some_and(|f| f.kind == kind) {
            self.set_state(state);
        } else {
            self.error(message, at, self.pos);
        }
        list.last = None;
        list.before = None;
    }

    /// After `for`: the variable and an optional `in WORDS ;`.
    fn for_header(&mut self) {
        self.skip_blanks();
        if self.peek() == Some(b'(') {
            self.skip_balanced(b'(', b')');
        } else if self.peek().is_some_and(|b| !is_delim(b)) {
            self.lex_word();
        }
        loop {
            self.skip_blanks();
            if self.peek() == Some(b'\n') {
                self.pos += 1;
            } else {
                break;
            }
        }
        if self.at_keyword("in") {
            self.pos += 2;
            loop {
                self.skip_blanks();
                match self.peek() {
                    Some(b';' | b'\n') => {
                        self.pos += 1;
                        break;
                    }
                    Some(b) if !is_delim(b) => {
                        self.lex_word();
                    }
                    _ => break,
                }
            }
        } else if self.peek() == Some(b';') {
            self.pos += 1;
        }
    }

    /// `(a|b)` / `a|b)` of a case arm.
    fn case_patterns(&mut self) {
        self.skip_blanks();
        if self.peek() == Some(b'(') {
            self.pos += 1;
        }
        loop {
            self.skip_blanks();
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    return;
                }
                Some(b'|') => self.pos += 1,
                None | Some(b'\n' | b';' | b'&' | b'<' | b'>' | b'(') => {
                    let at = self.pos;
                    self.error("malformed case pattern", at, at);
                    if self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                    return;
                }
                Some(_) => {
                    self.lex_word();
                }
            }
        }
    }

    /// A simple command starting with `first` (already read) or at `pos`.
    fn simple(&mut self, first: Option<Word>, list: &mut ListState) {
        let mut words: Vec<Word> = Vec::new();
        let mut assignments: Vec<Assignment> = Vec::new();
        let mut redirects: Vec<Redirect> = Vec::new();
        let mut heredocs: Vec<(usize, Vec<u8>, bool)> = Vec::new();
        let mut start = usize::MAX;
        let mut end = 0;
        let mut function_def = false;
        fn classify(
            word: Word,
            words: &mut Vec<Word>,
            assignments: &mut Vec<Assignment>,
            bounds: (&mut usize, &mut usize),
        ) {
            *bounds.0 = (*bounds.0).min(word.span.start);
            *bounds.1 = (*bounds.1).max(word.span.end);
            if words.is_empty() {
                if let Some(n) = assignment_prefix(word.raw.as_bytes()) {
                    let name_len = if word.raw.as_bytes()[n - 2] == b'+' {
                        n - 2
                    } else {
                        n - 1
                    };
                    let value_start = if word.raw.as_bytes()[n - 2] == b'+' {
                        name_len + 2
                    } else {
                        name_len + 1
                    };
                    assignments.push(Assignment {
                        name: word.raw[..name_len].to_string(),
                        value: word.value.get(value_start..).unwrap_or("").to_string(),
                        word,
                    });
                    return;
                }
            }
            words.push(word);
        }
        if let Some(word) = first {
            classify(word, &mut words, &mut assignments, (&mut start, &mut end));
        }
        let is_test = words.first().is_some_and(|w| w.raw == "[[");
        if is_test {
            // `[[ ... ]]`: operators inside are words.
            loop {
                self.skip_blanks();
                match self.peek() {
                    None | Some(b'\n') => break,
                    Some(b'&' | b'|' | b'<' | b'>' | b'(' | b')' | b';') => {
                        let s = self.pos;
                        let c = self.src[s];
                        self.pos += 1;
                        if matches!(c, b'&' | b'|') && self.peek() == Some(c) {
                            self.pos += 1;
                        }
                        if c == b';' {
                            self.pos = s;
                            break;
                        }
                        let raw = self.text(s, self.pos);
                        words.push(Word {
                            value: raw.clone(),
                            raw,
                            span: self.base + s..self.base + self.pos,
                            ..Word::default()
                        });
                    }
                    Some(_) => {
                        let w = self.lex_word();
                        let done = w.raw == "]]";
                        end = end.max(w.span.end);
                        words.push(w);
                        if done {
                            break;
                        }
                    }
                }
            }
            if let Some(w) = words.last() {
                end = end.max(w.span.end);
            }
        }
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else { break };
            match c {
                b'\n' | b';' | b'|' | b')' => break,
                b'&' if self.peek2() != Some(b'>') => break,
                b'`' if self.backtick => break,
                b'(' => {
                    if words.len() == 1 && assignments.is_empty() && redirects.is_empty() {
                        // `name() compound-command`
                        self.pos += 1;
                        self.skip_blanks();
                        if self.peek() == Some(b')') {
                            self.pos += 1;
                        }
                        function_def = true;
                        break;
                    }
                    let at = self.pos;
                    self.error("unexpected (", at, at + 1);
                    self.skip_balanced(b'(', b')');
                }
                b'<' | b'>' if self.peek2() == Some(b'(') => {
                    let w = self.lex_word();
                    classify(w, &mut words, &mut assignments, (&mut start, &mut end));
                }
                b'<' | b'>' | b'&' => {
                    if let Some(r) = self.redirect(None, &mut heredocs, redirects.len()) {
                        start = start.min(r.span.start);
                        end = end.max(r.span.end);
                        redirects.push(r);
                    }
                }
                b'0'..=b'9' => {
                    let s = self.pos;
                    let mut j = s;
                    while self.src.get(j).is_some_and(u8::is_ascii_digit) {
                        j += 1;
                    }
                    if self.at_io_number() {
                        let fd = std::str::from_utf8(&self.src[s..j]).ok().and_then(|t| t.parse().ok());
                        self.pos = j;
                        if let Some(mut r) = self.redirect(fd, &mut heredocs, redirects.len()) {
                            r.span.start = self.base + s;
                            start = start.min(r.span.start);
                            end = end.max(r.span.end);
                            redirects.push(r);
                        }
                    } else {
                        let w = self.lex_word();
                        classify(w, &mut words, &mut assignments, (&mut start, &mut end));
                    }
                }
                _ => {
                    let w = self.lex_word();
                    classify(w, &mut words, &mut assignments, (&mut start, &mut end));
                }
            }
        }
        if function_def {
            list.function = true;
            list.last = None;
            list.before = None;
            return;
        }
        if words.is_empty() && assignments.is_empty() && redirects.is_empty() {
            return;
        }
        if self.commands.len() >= MAX_COMMANDS {
            if self.commands.len() == MAX_COMMANDS && !self.errors.iter().any(|e| e.message == TOO_MANY) {
                self.error(TOO_MANY, start - self.base, end - self.base);
            }
            list.last = None;
            list.before = None;
            return;
        }
        let span = start..end.max(start);
        let Finished {
            words,
            program_index,
            wrappers,
            assignments,
            program,
        } = finish(words, assignments);
        if let Program::Shell(shell) = &program {
            if let Some(word) = shell
                .command
                .as_ref()
                .and_then(|c| words.iter().find(|w| w.span == c.span))
            {
                self.script_string(word);
            }
        }
        let id = self.commands.len();
        let before = list.before.take();
        let (pipeline, pipe_index) = match (before, list.last) {
            (Some(Connector::Pipe), Some(prev)) => (self.commands[prev].pipeline, self.commands[prev].pipe_index + 1),
            (Some(Connector::Pipe), None) => {
                self.pipelines += 1;
                (self.pipelines - 1, 1)
            }
            _ => {
                self.pipelines += 1;
                (self.pipelines - 1, 0)
            }
        };
        let mut context = self.ctx;
        if list.negate {
            context.negated = true;
            context.condition = true;
        }
        // Children (substitutions inside this command's words) were pushed before it.
        for child in (0..id).rev() {
            let c = &mut self.commands[child];
            if c.span.start < span.start {
                break;
            }
            if c.parent.is_none()
                && (c.context.substitution > self.ctx.substitution || c.context.script_string > self.ctx.script_string)
            {
                c.parent = Some(id);
            }
        }
        self.commands.push(Command {
            id,
            span,
            words,
            program_index,
            wrappers,
            assignments,
            redirects,
            before,
            after: None,
            pipeline,
            pipe_index,
            context,
            parent: None,
            program,
        });
        for (redirect, delimiter, strip_tabs) in heredocs {
            self.heredocs.push(PendingHeredoc {
                command: id,
                redirect,
                delimiter,
                strip_tabs,
            });
        }
        list.last = Some(id);
    }

    /// Redirections after a compound command (`done < file`, `fi > log 2>&1`, `} <<EOF`): read so that
    /// they do not become commands; here-document bodies are skipped.
    fn compound_suffix(&mut self) {
        loop {
            self.skip_blanks();
            let redirect = match self.peek() {
                Some(b'<' | b'>') => self.peek2() != Some(b'('),
                Some(b'&') => self.peek2() == Some(b'>'),
                Some(b'0'..=b'9') => self.at_io_number(),
                _ => false,
            };
            if !redirect {
                return;
            }
            let mut fd = None;
            if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                let s = self.pos;
                while self.src.get(self.pos).is_some_and(u8::is_ascii_digit) {
                    self.pos += 1;
                }
                fd = std::str::from_utf8(&self.src[s..self.pos])
                    .ok()
                    .and_then(|t| t.parse().ok());
            }
            let mut heredocs = Vec::new();
            self.redirect(fd, &mut heredocs, 0);
            for (_, delimiter, strip_tabs) in heredocs {
                self.heredocs.push(PendingHeredoc {
                    command: usize::MAX,
                    redirect: 0,
                    delimiter,
                    strip_tabs,
                });
            }
        }
    }

    /// Parses the `-c` string of `sh -c '...'` as a script of its own, when its text maps one to one onto
    /// the source (a single quoted segment without escapes other than Dockerfile continuations), so that
    /// spans stay exact. `$VAR` stays literal as everywhere else. Words with command substitutions are
    /// skipped: those were parsed already.
    fn script_string(&mut self, word: &Word) {
        if word.substitution || self.depth + 1 >= MAX_DEPTH {
            return;
        }
        let (start, end) = (word.span.start - self.base, word.span.end - self.base);
        let raw = &self.src[start..end];
        let [q @ (b'\'' | b'"'), inner @ .., last] = raw else {
            return;
        };
        if last != q || inner.contains(q) {
            return;
        }
        // In double quotes a backslash may only be a Dockerfile line continuation, which both Docker and
        // the nested parse remove.
        if *q == b'"' {
            let continuation = |k: usize| {
                let mut j = k + 1;
                while matches!(inner.get(j), Some(b' ' | b'\t')) {
                    j += 1;
                }
                if inner.get(j) == Some(&b'\r') {
                    j += 1;
                }
                inner.get(j) == Some(&b'\n')
            };
            let backslashes_ok = self.docker
                && self.escape == b'\\'
                && inner.iter().enumerate().all(|(k, &b)| b != b'\\' || continuation(k));
            if inner.contains(&b'\\') && !backslashes_ok {
                return;
            }
        }
        let Ok(text) = std::str::from_utf8(inner) else { return };
        let options = ParseOptions {
            dockerfile: self.docker,
            escape: self.escape,
        };
        let mut sub = Parser::new(text, self.base + start + 1, options);
        sub.depth = self.depth + 1;
        sub.ctx = self.ctx;
        sub.ctx.script_string = sub.ctx.script_string.saturating_add(1);
        sub.ctx.background = false;
        sub.ctx.negated = false;
        sub.pipelines = self.pipelines;
        sub.run();
        let offset = self.commands.len();
        for mut c in sub.commands.into_iter().take(MAX_COMMANDS.saturating_sub(offset)) {
            c.id += offset;
            c.parent = c.parent.map(|p| p + offset);
            self.commands.push(c);
        }
        self.pipelines = sub.pipelines;
        self.steps += sub.steps;
        for e in sub.errors {
            if self.errors.len() < 1000 {
                self.errors.push(e);
            }
        }
    }

    /// A redirection operator at `pos` and its target.
    fn redirect(
        &mut self,
        fd: Option<u32>,
        heredocs: &mut Vec<(usize, Vec<u8>, bool)>,
        index: usize,
    ) -> Option<Redirect> {
        let s = self.pos;
        let rest = &self.src[s..];
        let (op, len) = if rest.starts_with(b"&>>") {
            (RedirectOp::AppendOutErr, 3)
        } else if rest.starts_with(b"&>") {
            (RedirectOp::OutErr, 2)
        } else if rest.starts_with(b"<<<") {
            (RedirectOp::HereString, 3)
        } else if rest.starts_with(b"<<-") {
            (RedirectOp::HeredocStripTabs, 3)
        } else if rest.starts_with(b"<<") {
            (RedirectOp::Heredoc, 2)
        } else if rest.starts_with(b"<>") {
            (RedirectOp::ReadWrite, 2)
        } else if rest.starts_with(b"<&") {
            (RedirectOp::DupIn, 2)
        } else if rest.starts_with(b"<") {
            (RedirectOp::In, 1)
        } else if rest.starts_with(b">>") {
            (RedirectOp::Append, 2)
        } else if rest.starts_with(b">|") {
            (RedirectOp::Clobber, 2)
        } else if rest.starts_with(b">&") {
            (RedirectOp::DupOut, 2)
        } else if rest.starts_with(b">") {
            (RedirectOp::Out, 1)
        } else {
            self.pos += 1;
            return None;
        };
        self.pos += len;
        self.skip_blanks();
        let target = match self.peek() {
            Some(b) if !is_delim(b) || (matches!(b, b'<' | b'>') && self.peek2() == Some(b'(')) => {
                Some(self.lex_word())
            }
            _ => {
                self.error("redirection without a target", s, self.pos);
                None
            }
        };
        let end = target.as_ref().map_or(self.base + self.pos, |t| t.span.end);
        if matches!(op, RedirectOp::Heredoc | RedirectOp::HeredocStripTabs) {
            if let Some(t) = &target {
                heredocs.push((index, t.value.as_bytes().to_vec(), op == RedirectOp::HeredocStripTabs));
            }
        }
        Some(Redirect {
            fd,
            op,
            target,
            span: self.base + s..end,
            heredoc: None,
        })
    }

    /// After a newline token: the bodies of pending `<<` redirections.
    fn read_heredocs(&mut self) {
        for pending in std::mem::take(&mut self.heredocs) {
            let body_start = self.pos;
            let mut body_end = None;
            while self.pos < self.src.len() {
                let line_start = self.pos;
                let mut eol = line_start;
                while eol < self.src.len() && self.src[eol] != b'\n' {
                    eol += 1;
                }
                self.steps += eol - line_start + 1;
                let mut line = &self.src[line_start..eol];
                if pending.strip_tabs {
                    while let [b'\t', rest @ ..] = line {
                        line = rest;
                    }
                }
                if let [rest @ .., b'\r'] = line {
                    line = rest;
                }
                self.pos = (eol + 1).min(self.src.len());
                if line == pending.delimiter.as_slice() {
                    body_end = Some(line_start);
                    break;
                }
            }
            let end = body_end.unwrap_or(self.src.len());
            if body_end.is_none() {
                self.error("unterminated here-document", body_start, end);
            }
            let body = self.text(body_start, end);
            let span = self.base + body_start..self.base + end;
            if let Some(r) = self
                .commands
                .get_mut(pending.command)
                .and_then(|c| c.redirects.get_mut(pending.redirect))
            {
                let quoted = r.target.as_ref().is_some_and(|t| t.quoted);
                r.heredoc = Some(Heredoc {
                    delimiter: String::from_utf8_lossy(&pending.delimiter).into_owned(),
                    quoted,
                    body,
                    body_span: span,
                });
            }
        }
    }
}
