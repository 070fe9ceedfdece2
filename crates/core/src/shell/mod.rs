//! The shell command model: what a `RUN` instruction runs, for lint rules and fixes.
//!
//! [`parse`] reads POSIX sh as written in Dockerfiles (quotes, escapes, `$VAR`/`${...}`, `$(...)` and
//! backticks, `&&`/`||`/`;`/`|`/`&`, redirections, here-documents, subshells, `{ ...; }` groups,
//! `if`/`for`/`while`/`until`/`case`, functions) and returns a [`Script`]: a flat list of every simple
//! [`Command`], nested ones included, each with its words, prefix assignments, redirections, connectors,
//! pipeline, [`Context`] (subshell, substitution, condition, loop...) and a typed [`Program`] view
//! (`apt-get`, `apk`, `pip`, `curl`, `useradd`, `rm`, `set`, ...). Wrappers (`sudo`, `env`, `exec`,
//! `time`, `nice`, `nohup`, `xargs`, `timeout`, `gosu`, ...) are stripped but remembered
//! ([`Command::wrappers`]).
//!
//! # Spans
//!
//! Every span is a `Range<usize>` of byte offsets **in the Dockerfile**: the offsets in `text` plus the
//! `base_offset` given to [`parse`]. Convert with [`LineIndex::span`](crate::span::LineIndex::span)
//! (`index.span(r.start, r.end)`). For exact spans, pass the raw slice of the Dockerfile (continuations
//! and comment lines included: Dockerfile mode removes `\`+newline and the comment lines Docker drops)
//! and the slice's offset. Text that was already joined parses the same, with spans relative to it.
//!
//! # What rules use
//!
//! - [`Script::commands`]: every simple command (nested ones included) in execution order;
//!   [`Script::named`], [`Script::before`], [`Script::after`], [`Script::pipeline`], [`Script::piped_into`].
//! - [`Command`]: [`name`](Command::name) (base name after wrappers), [`args`](Command::args),
//!   [`words`](Command::words), [`assignments`](Command::assignments), [`redirects`](Command::redirects),
//!   [`before`](Command::before)/[`after`](Command::after) connectors, [`context`](Command::context),
//!   [`uses_sudo`](Command::uses_sudo), [`program`](Command::program).
//! - [`Program`]: one typed view per tool ([`AptGet`], [`Apk`], [`Rpm`], [`Pip`], [`Uv`], [`Poetry`],
//!   [`Pipenv`], [`Node`], [`Fetch`], [`UserMgmt`], [`Chmod`], [`Chown`], [`Rm`], [`Cd`], [`Mkdir`], [`Find`],
//!   [`Gem`], [`Go`], [`SetOptions`], [`Git`], [`Echo`], [`Source`], [`Ln`], [`ShellInvocation`]) with
//!   accessors (`program.apt_get()`, `program.pip()`, ...). Packages are [`Package`]s with name, operator,
//!   version and span; every view keeps its parsed options ([`Args`]) for flags it does not name.
//! - Script-level facts: [`Script::apt_installs`], [`Script::apt_update_before`],
//!   [`Script::apt_lists_cleaned_after`], [`Script::apk_cache_cleaned`], [`Script::rpm_cache_cleaned_after`],
//!   [`Script::pip_cache_cleaned_after`], [`Script::pipefail_before`], [`Script::errexit_before`],
//!   [`Script::removes_path_prefix`], [`Script::cleans_path_after`], [`Script::remote_executions`]
//!   (`curl ... | sh`, `sh -c "$(curl ...)"`), [`Script::sudo_commands`].
//! - Fix positions: spans of every word, package and option value, and
//!   [`Subcommand::insert_offset`] (where `--no-install-recommends` or `--no-cache-dir` goes).
//!
//! [`parse_with`] with [`ParseOptions::shell`] reads `RUN <<EOF` here-document bodies; [`from_argv`] makes
//! a one-command script from the exec form `RUN ["pip", "install", "x"]`.
//!
//! The text of `sh -c '...'` is parsed too when it maps one to one onto the source (its commands have
//! [`Context::script_string`] set). Leading `RUN` flags (`--mount=...`) are skipped in Dockerfile mode.
//!
//! # Known gaps
//!
//! - A `sh -c "..."` string with backslash escapes (`sh -c "apt-get install -y \"curl\""`) is not parsed:
//!   its unescaped text does not map one to one onto the source, and the spans of its words, packages and
//!   fix positions would need a byte map through every [`Program`] view (a fix inserting text into an
//!   escaped word must also escape it). Rules see only the `sh` command there.
//!
//! # Guarantees
//!
//! Never panics, never fails (problems are reported in [`Script::errors`] and parsing recovers), and
//! runs in time linear in the input: every byte is read a bounded number of times and nesting deeper than
//! 32 levels is skipped by bracket counting instead of recursion (the deepest input fits in a 256 KiB
//! stack). At most 100 000 commands are recorded, which bounds memory on adversarial input. The cleanup
//! queries are O(1) after parsing; [`Script::option_before`] is O(`set` commands).
//!
//! Benchmark (`cargo run -p dflab-core --profile native --example shell_bench`): time for 1, 2 and 4 MiB
//! of each shape, the ratios, and the ratio of character reads for 2n and n bytes, which is exactly 2
//! when parsing is linear. Times were taken on a shared 2-core machine under load average 10, so they are
//! noisy, and 1 MiB inputs still fit in cache; the read counts are exact. An unterminated 1..32 MiB quote
//! settles at 16-24 ms/MiB from 4 MiB on. The pipeline shapes pass the 100 000-command cap at 1 MiB.
//!
//! ```text
//! shape                      1 MiB     2 MiB     4 MiB    2n/n   4n/2n   MiB/s  reads 2n/n
//! realistic RUN             74.1ms   106.7ms   166.8ms    1.44    1.56    29.0       2.000
//! pipeline a|a|...          86.2ms   165.9ms   276.5ms    1.92    1.67    14.5       2.000
//! curl x | curl x | ...     49.1ms    77.2ms   151.4ms    1.57    1.96    26.4       2.000
//! eval "$(curl x)" ...      77.0ms   125.6ms   305.2ms    1.63    2.43    13.1       2.000
//! unterminated quote         3.9ms    11.1ms    27.8ms    2.87    2.51   143.6       2.000
//! backslashes                9.1ms    19.8ms    40.4ms    2.17    2.04    99.1       2.000
//! backslash-blank            8.8ms    19.1ms    41.2ms    2.17    2.16    97.0       2.000
//! deep $( nesting           72.0ms   137.0ms   360.7ms    1.90    2.63    11.1       2.000
//! deep ${ nesting           40.1ms    76.4ms    81.6ms    1.90    1.07    49.0       2.000
//! if/for soup               70.0ms   124.0ms   289.9ms    1.77    2.34    13.8       2.000
//! heredocs (shell mode)     44.6ms    90.2ms   171.8ms    2.02    1.91    23.3       2.000
//! random bytes              40.2ms    74.4ms   171.5ms    1.85    2.30    42.3       1.999
//! deep nesting in a 256 KiB stack: ok
//! ```
//!
//! # Example
//!
//! ```
//! use dflab_core::shell::{self, Program};
//!
//! let script = shell::parse("set -eux; apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*", 0);
//! let (id, apt) = script.apt_installs().next().unwrap();
//! assert!(apt.assume_yes && !apt.no_install_recommends);
//! assert_eq!(apt.packages[0].name, "curl");
//! assert!(script.apt_update_before(id) && script.apt_lists_cleaned_after(id));
//! ```

mod args;
mod ast;
mod parser;
mod programs;

pub use args::{parse as parse_args, Args, Flag, Spec};
pub use ast::{
    basename, path_has_prefix, Assignment, Command, CommandId, Connector, Context, Heredoc, Redirect, RedirectOp,
    ShellError, Word, Wrapper,
};
pub use programs::*;

/// How to read the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// Dockerfile mode (the default): the escape character + optional blanks + newline is a line
    /// continuation everywhere, even in quotes, and comment or blank lines after it are dropped, as Docker
    /// does before the shell runs. Off for shell text such as a `RUN <<EOF` here-document body, where
    /// only `\`+newline outside single quotes continues a line and comments end at the newline.
    pub dockerfile: bool,
    /// The Dockerfile escape character (`# escape=` directive): `\` or `` ` ``.
    pub escape: u8,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            dockerfile: true,
            escape: b'\\',
        }
    }
}

impl ParseOptions {
    /// Plain shell text (here-document bodies).
    pub fn shell() -> Self {
        ParseOptions {
            dockerfile: false,
            escape: b'\\',
        }
    }
}

/// The [`Span`](crate::span::Span) (with lines and columns) of a byte range returned by this module.
pub fn to_span(index: &crate::span::LineIndex, range: &std::ops::Range<usize>) -> crate::span::Span {
    index.span(range.start, range.end)
}

/// Parses `text` (the shell part of a `RUN` instruction) whose first byte is at `base_offset` in the
/// Dockerfile, in Dockerfile mode.
pub fn parse(text: &str, base_offset: usize) -> Script {
    parse_with(text, base_offset, ParseOptions::default())
}

/// [`parse`] with explicit options.
pub fn parse_with(text: &str, base_offset: usize, options: ParseOptions) -> Script {
    let skip = if options.dockerfile { run_flags_len(text) } else { 0 };
    let (text, base_offset) = (&text[skip..], base_offset + skip);
    let mut parser = parser::Parser::new(text, base_offset, options);
    parser.run();
    let mut script = Script {
        commands: parser.commands,
        errors: parser.errors,
        pipelines: Vec::new(),
        sets: Vec::new(),
        facts: Facts::default(),
    };
    script.index();
    script.link_remote_executions();
    script
}

/// A script of one command from the exec (JSON) form `RUN ["apt-get", "install", "-y", "x"]`: each
/// argument with the span of its JSON string, taken literally (no shell runs).
pub fn from_argv<S: AsRef<str>>(argv: &[(S, std::ops::Range<usize>)]) -> Script {
    let words: Vec<Word> = argv
        .iter()
        .map(|(arg, span)| Word {
            value: arg.as_ref().to_string(),
            raw: arg.as_ref().to_string(),
            span: span.clone(),
            ..Word::default()
        })
        .collect();
    let mut commands = Vec::new();
    if let (Some(first), Some(last)) = (words.first(), words.last()) {
        let span = first.span.start..last.span.end.max(first.span.start);
        let finished = programs::finish(words, Vec::new());
        commands.push(Command {
            id: 0,
            span,
            words: finished.words,
            program_index: finished.program_index,
            wrappers: finished.wrappers,
            assignments: finished.assignments,
            redirects: Vec::new(),
            before: None,
            after: None,
            pipeline: 0,
            pipe_index: 0,
            context: Context::default(),
            parent: None,
            program: finished.program,
        });
    }
    let mut script = Script {
        commands,
        errors: Vec::new(),
        pipelines: Vec::new(),
        sets: Vec::new(),
        facts: Facts::default(),
    };
    script.index();
    script
}

/// Length of leading `RUN` flags (`--mount=...`, `--network=none`, `--security=insecure`), which are
/// skipped when the caller passes the whole `RUN` arguments: no shell command starts with `--`.
fn run_flags_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut end = 0;
    loop {
        while pos < bytes.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'\\') {
            pos += 1;
        }
        if !(bytes[pos..].starts_with(b"--") && bytes.get(pos + 2).is_some_and(u8::is_ascii_alphabetic)) {
            return end;
        }
        let mut quote = None;
        while pos < bytes.len() {
            let b = bytes[pos];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b.is_ascii_whitespace() => break,
                None => {}
            }
            pos += 1;
        }
        end = pos;
    }
}

/// The number of character reads [`parse_with`] makes on `text`: a machine-independent work measure
/// for checking that parsing stays linear (see the `shell_bench` example).
#[doc(hidden)]
pub fn parse_cost(text: &str, options: ParseOptions) -> usize {
    let mut parser = parser::Parser::new(text, 0, options);
    parser.run();
    parser.steps
}

/// How downloaded content reaches an interpreter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemoteVia {
    /// `curl ... | sh`
    Pipe,
    /// `sh -c "$(curl ...)"`, `bash <(curl ...)`, `eval "$(wget -O- ...)"`.
    Substitution,
}

/// A download executed without being saved and checked first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RemoteExec {
    /// The `curl`/`wget` command.
    pub fetch: CommandId,
    /// The interpreter (`sh`, `bash`, `python3`, `eval`, ...).
    pub interpreter: CommandId,
    pub via: RemoteVia,
}

/// The parsed shell text: every simple command in execution order, and parse problems.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    commands: Vec<Command>,
    errors: Vec<ShellError>,
    /// Members of each pipeline, by pipeline number.
    pipelines: Vec<Vec<CommandId>>,
    /// Top-level `set` commands, in order.
    sets: Vec<CommandId>,
    facts: Facts,
}

/// Precomputed answers to the cleanup queries, so each is O(1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Facts {
    first_apt_update: Option<CommandId>,
    last_apt_lists_clean: Option<CommandId>,
    last_apk_cache_clean: Option<CommandId>,
    last_rpm_clean: Option<CommandId>,
    last_pip_cache_clean: Option<CommandId>,
}

/// Programs that pass their input through (`curl ... | tee x | sh`).
const PASS_THROUGH: &[&str] = &["tee", "cat", "gunzip", "zcat", "xzcat", "bzcat", "dos2unix"];

const INTERPRETERS: &[&str] = &[
    "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "fish", "perl", "ruby", "node", "php", "pwsh",
];

fn is_interpreter(name: &str) -> bool {
    INTERPRETERS.contains(&name)
        || name
            .strip_prefix("python")
            .is_some_and(|r| r.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// True when the interpreter `c` runs what it reads on standard input.
fn runs_stdin(c: &Command) -> bool {
    match &c.program {
        Program::Shell(s) => s.reads_stdin,
        _ if is_interpreter(c.name()) => {
            let args = c.args();
            args.first().is_none_or(|a| a.value == "-")
                || args
                    .iter()
                    .all(|a| a.value.starts_with('-') && !matches!(a.value.as_str(), "-c" | "-e" | "-m" | "-E"))
        }
        _ => false,
    }
}

impl Script {
    fn index(&mut self) {
        let count = self.commands.iter().map(|c| c.pipeline + 1).max().unwrap_or(0);
        self.pipelines = vec![Vec::new(); count];
        let mut facts = Facts::default();
        for c in &self.commands {
            self.pipelines[c.pipeline].push(c.id);
            let id = Some(c.id);
            match &c.program {
                Program::Set(_) if c.context.is_top_shell() => self.sets.push(c.id),
                Program::AptGet(a) if a.action == AptAction::Update => {
                    facts.first_apt_update = facts.first_apt_update.or(id);
                }
                Program::AptGet(a) if a.action == AptAction::DistClean => facts.last_apt_lists_clean = id,
                Program::Apk(a)
                    if a.action == ApkAction::Cache
                        && c.args().iter().any(|w| matches!(w.value.as_str(), "clean" | "purge")) =>
                {
                    facts.last_apk_cache_clean = id;
                }
                Program::Rpm(r) if r.clean_all => facts.last_rpm_clean = id,
                Program::Pip(p) if p.action == PipAction::CachePurge => facts.last_pip_cache_clean = id,
                Program::Rm(_) | Program::Find(_) => {
                    if c.cleans_path("/var/lib/apt/lists") {
                        facts.last_apt_lists_clean = id;
                    }
                    if c.cleans_path("/var/cache/apk") || c.cleans_path("/etc/apk/cache") {
                        facts.last_apk_cache_clean = id;
                    }
                    if ["/var/cache/yum", "/var/cache/dnf", "/var/cache/zypp", "/var/cache/tdnf"]
                        .iter()
                        .any(|p| c.cleans_path(p))
                    {
                        facts.last_rpm_clean = id;
                    }
                    if c.cleans_path("/root/.cache/pip") {
                        facts.last_pip_cache_clean = id;
                    }
                }
                _ => {}
            }
        }
        self.facts = facts;
    }

    /// Every simple command, nested ones included, in execution order; `commands()[id].id == id`.
    pub fn commands(&self) -> &[Command] {
        &self.commands
    }

    pub fn get(&self, id: CommandId) -> Option<&Command> {
        self.commands.get(id)
    }

    /// Problems found while parsing (unterminated quotes, unmatched keywords, ...).
    pub fn errors(&self) -> &[ShellError] {
        &self.errors
    }

    /// Commands whose program (after wrappers) has this base name.
    pub fn named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Command> + 's {
        self.commands.iter().filter(move |c| c.name() == name)
    }

    /// Commands that run before `id`.
    pub fn before(&self, id: CommandId) -> impl Iterator<Item = &Command> {
        self.commands[..id.min(self.commands.len())].iter()
    }

    /// Commands that run after `id`.
    pub fn after(&self, id: CommandId) -> impl Iterator<Item = &Command> {
        self.commands.get(id + 1..).unwrap_or(&[]).iter()
    }

    /// The commands of `id`'s pipeline, in order (O(pipeline length)).
    pub fn pipeline(&self, id: CommandId) -> impl Iterator<Item = &Command> {
        let members = self
            .commands
            .get(id)
            .and_then(|c| self.pipelines.get(c.pipeline))
            .map_or(&[][..], Vec::as_slice);
        members.iter().map(|&m| &self.commands[m])
    }

    /// The command that reads `id`'s output through `|` (O(1)).
    pub fn piped_into(&self, id: CommandId) -> Option<&Command> {
        let c = self.commands.get(id)?;
        if c.after != Some(Connector::Pipe) {
            return None;
        }
        // Members are in pipe order, numbered from the first member's index: O(1).
        let members = self.pipelines.get(c.pipeline)?;
        let first = self.commands[*members.first()?].pipe_index;
        let next = &self.commands[*members.get((c.pipe_index + 1).checked_sub(first)?)?];
        (next.pipe_index == c.pipe_index + 1).then_some(next)
    }

    /// The last value a top-level `set` gave an option before `id` (`None` if never set).
    pub fn option_before(&self, id: CommandId, option: impl Fn(&SetOptions) -> Option<bool>) -> Option<bool> {
        let target = self.commands.get(id)?;
        let end = self.sets.partition_point(|&s| s < id);
        self.sets[..end]
            .iter()
            .rev()
            .map(|&s| &self.commands[s])
            .filter(|c| c.span.start < target.span.start)
            .find_map(|c| c.program.set().and_then(&option))
    }

    /// `set -o pipefail` is in effect for `id` (set by a top-level `set` before it). A `SHELL` with
    /// `-o pipefail` is the caller's to check.
    pub fn pipefail_before(&self, id: CommandId) -> bool {
        self.option_before(id, |s| s.pipefail) == Some(true)
    }

    /// Whether a failure of command `id` fails the whole script: it runs unconditionally at the top level, nothing
    /// handles its failure (`||`, `if`, `!`, a pipe without pipefail), and either `set -e` is on or its list is
    /// the last one of the script.
    pub fn failure_is_fatal(&self, id: CommandId) -> bool {
        let script = self;
        let Some(command) = self.commands.get(id) else {
            return false;
        };
        let context = command.context;
        if !context.is_top_shell()
            || context.condition
            || context.conditional
            || context.in_loop
            || context.function
            || context.background
            || context.negated
            || command.parent.is_some()
        {
            return false;
        }
        if command.after == Some(Connector::Pipe) && !script.pipefail_before(command.id) {
            return false;
        }
        let mut connector = command.after;
        let mut next = command.id + 1;
        loop {
            match connector {
                None => return true,
                Some(Connector::Or) => return false,
                Some(Connector::And | Connector::Pipe) => {
                    // The rest of the list is skipped; keep reading its connectors.
                    let Some(following) = script
                        .commands()
                        .get(next..)
                        .and_then(|rest| rest.iter().find(|c| c.context.is_top_shell() && c.parent.is_none()))
                    else {
                        return true;
                    };
                    if following.context.condition || following.context.conditional {
                        return false;
                    }
                    connector = following.after;
                    next = following.id + 1;
                }
                Some(Connector::Semi | Connector::Newline | Connector::Background) => {
                    return script.errexit_before(command.id);
                }
            }
        }
    }

    /// `set -e` is in effect for `id`.
    pub fn errexit_before(&self, id: CommandId) -> bool {
        self.option_before(id, |s| s.errexit) == Some(true)
    }

    /// Some `rm` removes `prefix` or something under it.
    pub fn removes_path_prefix(&self, prefix: &str) -> bool {
        self.commands.iter().any(|c| c.removes_path_prefix(prefix))
    }

    /// Some `rm` after `id` removes `prefix` or something under it.
    pub fn removes_path_prefix_after(&self, id: CommandId, prefix: &str) -> bool {
        self.after(id).any(|c| c.removes_path_prefix(prefix))
    }

    /// Some `rm` after `id` removes `path`, something under it, or a directory containing it.
    pub fn cleans_path_after(&self, id: CommandId, path: &str) -> bool {
        self.after(id).any(|c| c.cleans_path(path))
    }

    /// `apt-get`/`apt` commands with their typed view.
    pub fn apt(&self) -> impl Iterator<Item = (CommandId, &AptGet)> {
        self.commands.iter().filter_map(|c| match &c.program {
            Program::AptGet(a) => Some((c.id, &**a)),
            _ => None,
        })
    }

    /// `apt-get install` commands.
    pub fn apt_installs(&self) -> impl Iterator<Item = (CommandId, &AptGet)> {
        self.apt().filter(|(_, a)| a.action == AptAction::Install)
    }

    /// An `apt-get update` runs before `id`.
    pub fn apt_update_before(&self, id: CommandId) -> bool {
        self.facts.first_apt_update.is_some_and(|u| u < id)
    }

    /// After `id`, the apt lists are removed (`rm -rf /var/lib/apt/lists/*`) or `apt-get dist-clean` runs.
    pub fn apt_lists_cleaned_after(&self, id: CommandId) -> bool {
        self.facts.last_apt_lists_clean.is_some_and(|c| c > id)
    }

    /// `apk` commands with their typed view.
    pub fn apk(&self) -> impl Iterator<Item = (CommandId, &Apk)> {
        self.commands.iter().filter_map(|c| match &c.program {
            Program::Apk(a) => Some((c.id, &**a)),
            _ => None,
        })
    }

    /// `apk add` at `id` leaves no cache: it has `--no-cache`, or `/var/cache/apk` is removed or
    /// `apk cache clean` runs after it.
    pub fn apk_cache_cleaned(&self, id: CommandId) -> bool {
        self.get(id).and_then(|c| c.program.apk()).is_some_and(|a| a.no_cache)
            || self.facts.last_apk_cache_clean.is_some_and(|c| c > id)
    }

    /// yum/dnf/zypper commands with their typed view.
    pub fn rpm(&self) -> impl Iterator<Item = (CommandId, &Rpm)> {
        self.commands.iter().filter_map(|c| match &c.program {
            Program::Rpm(r) => Some((c.id, &**r)),
            _ => None,
        })
    }

    /// After `id`, `yum/dnf/microdnf clean all` (`zypper clean -a`) runs or `/var/cache/{yum,dnf,zypp}` is
    /// removed.
    pub fn rpm_cache_cleaned_after(&self, id: CommandId) -> bool {
        self.facts.last_rpm_clean.is_some_and(|c| c > id)
    }

    /// pip commands (any spelling) with their typed view.
    pub fn pip(&self) -> impl Iterator<Item = (CommandId, &Pip)> {
        self.commands.iter().filter_map(|c| match &c.program {
            Program::Pip(p) => Some((c.id, &**p)),
            _ => None,
        })
    }

    /// After `id`, `pip cache purge` runs or the pip cache (`~/.cache/pip`, `/root/.cache/pip`) is removed.
    pub fn pip_cache_cleaned_after(&self, id: CommandId) -> bool {
        self.facts.last_pip_cache_clean.is_some_and(|c| c > id)
    }

    /// Downloads run straight by an interpreter (`curl ... | sh`, `sh -c "$(curl ...)"`).
    pub fn remote_executions(&self) -> Vec<RemoteExec> {
        let mut found = Vec::new();
        for c in &self.commands {
            let Program::Fetch(f) = &c.program else { continue };
            if !f.to_stdout {
                continue;
            }
            // Through a pipe, possibly via `tee`, `cat` or a decompressor.
            let mut cur = c;
            while let Some(next) = self.piped_into(cur.id) {
                if runs_stdin(next) {
                    found.push(RemoteExec {
                        fetch: c.id,
                        interpreter: next.id,
                        via: RemoteVia::Pipe,
                    });
                    break;
                }
                if !PASS_THROUGH.contains(&next.name()) {
                    break;
                }
                cur = next;
            }
            // Through a substitution in an interpreter's argument.
            let mut ancestor = c.parent;
            while let Some(p) = ancestor.and_then(|p| self.get(p)) {
                let interprets = is_interpreter(p.name()) || matches!(p.name(), "eval" | "source" | ".");
                // Arguments are in source order: find the one that could contain `c` in O(log n).
                let args = p.args();
                let k = args.partition_point(|a| a.span.start <= c.span.start);
                let inside = k > 0 && c.span.end <= args[k - 1].span.end;
                if interprets && inside {
                    found.push(RemoteExec {
                        fetch: c.id,
                        interpreter: p.id,
                        via: RemoteVia::Substitution,
                    });
                    break;
                }
                ancestor = p.parent;
            }
        }
        found
    }

    fn link_remote_executions(&mut self) {
        for exec in self.remote_executions() {
            let name = self.commands[exec.interpreter].name().to_string();
            if let Program::Fetch(f) = &mut self.commands[exec.fetch].program {
                f.executed_by.get_or_insert(name);
            }
        }
    }

    /// Commands run through `sudo`.
    pub fn sudo_commands(&self) -> impl Iterator<Item = &Command> {
        self.commands.iter().filter(|c| c.uses_sudo() || c.name() == "sudo")
    }
}

#[cfg(test)]
mod tests;
