//! The data model of a parsed shell script: words, simple commands, redirections and their context.

use std::ops::Range;

use super::programs::Program;

/// Index of a [`Command`] in [`Script::commands`](super::Script::commands); commands are numbered in
/// execution order (a command substitution runs before the command whose word contains it).
pub type CommandId = usize;

/// One shell word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes removed and escapes resolved. Parameter expansions, command substitutions and
    /// globs are kept as literal text (`"$HOME/x"` has the value `$HOME/x`).
    pub value: String,
    /// The word exactly as written (continuations included).
    pub raw: String,
    /// Byte range in the Dockerfile (base offset applied).
    pub span: Range<usize>,
    /// Some part was quoted or escaped.
    pub quoted: bool,
    /// Contains a `$...` expansion or a command substitution outside single quotes.
    pub expansion: bool,
    /// Contains a command substitution (`$(...)`, backticks, `<(...)`).
    pub substitution: bool,
    /// Contains an unquoted glob character (`*`, `?`, `[`).
    pub glob: bool,
}

impl Word {
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// True when the value is known statically: no expansion.
    pub fn is_static(&self) -> bool {
        !self.expansion
    }
}

/// The operator written between two commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Connector {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;` (also `;;` and `;&` in `case`)
    Semi,
    /// `|` or `|&`
    Pipe,
    /// `&`
    Background,
    /// A newline.
    Newline,
}

impl Connector {
    pub fn as_str(self) -> &'static str {
        match self {
            Connector::And => "&&",
            Connector::Or => "||",
            Connector::Semi => ";",
            Connector::Pipe => "|",
            Connector::Background => "&",
            Connector::Newline => "\n",
        }
    }
}

/// `NAME=value` before a command (or after `env`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    /// Unquoted value (expansions kept literally).
    pub value: String,
    /// The whole `NAME=value` word.
    pub word: Word,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RedirectOp {
    /// `<`
    In,
    /// `>`
    Out,
    /// `>>`
    Append,
    /// `>|`
    Clobber,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
    /// `&>`
    OutErr,
    /// `&>>`
    AppendOutErr,
    /// `<<`
    Heredoc,
    /// `<<-`
    HeredocStripTabs,
    /// `<<<`
    HereString,
}

impl RedirectOp {
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectOp::In => "<",
            RedirectOp::Out => ">",
            RedirectOp::Append => ">>",
            RedirectOp::Clobber => ">|",
            RedirectOp::ReadWrite => "<>",
            RedirectOp::DupIn => "<&",
            RedirectOp::DupOut => ">&",
            RedirectOp::OutErr => "&>",
            RedirectOp::AppendOutErr => "&>>",
            RedirectOp::Heredoc => "<<",
            RedirectOp::HeredocStripTabs => "<<-",
            RedirectOp::HereString => "<<<",
        }
    }
}

/// The body of a `<<DELIM` redirection inside the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    pub delimiter: String,
    /// The delimiter was quoted: the body is not expanded.
    pub quoted: bool,
    pub body: String,
    pub body_span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// Explicit file descriptor (`2>`), if written.
    pub fd: Option<u32>,
    pub op: RedirectOp,
    /// Target file, descriptor (`1` in `2>&1`) or heredoc delimiter.
    pub target: Option<Word>,
    /// Operator and target.
    pub span: Range<usize>,
    /// Filled for `<<` / `<<-` when the body was found in this text.
    pub heredoc: Option<Heredoc>,
}

impl Redirect {
    /// The descriptor this redirection writes to or reads from (`>` is 1, `<` is 0).
    pub fn effective_fd(&self) -> u32 {
        self.fd.unwrap_or(match self.op {
            RedirectOp::In
            | RedirectOp::ReadWrite
            | RedirectOp::DupIn
            | RedirectOp::Heredoc
            | RedirectOp::HeredocStripTabs
            | RedirectOp::HereString => 0,
            _ => 1,
        })
    }
}

/// Where a simple command sits in the script.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Context {
    /// Nesting depth of `( ... )` subshells.
    pub subshell: u16,
    /// Nesting depth of `$( ... )` / backtick / `<( ... )` substitutions.
    pub substitution: u16,
    /// Nesting depth of `sh -c '...'` command strings.
    pub script_string: u16,
    /// In the condition of `if`/`elif`/`while`/`until`, or negated with `!`.
    pub condition: bool,
    /// In a branch that may not run: `then`/`else` bodies, `case` arms, loop bodies.
    pub conditional: bool,
    /// In a `for`/`while`/`until` loop.
    pub in_loop: bool,
    /// In a `{ ...; }` group.
    pub group: bool,
    /// In a function body.
    pub function: bool,
    /// Followed by `&` (runs in the background).
    pub background: bool,
    /// Preceded by `!`.
    pub negated: bool,
}

impl Context {
    /// True at the top level of the `RUN` shell: not in a subshell, substitution or `sh -c` string.
    pub fn is_top_shell(&self) -> bool {
        self.subshell == 0 && self.substitution == 0 && self.script_string == 0
    }
}

/// A prefix that runs the real command: `sudo`, `env`, `exec`, `time`, `nice`, `nohup`, `xargs`, ...
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrapper {
    /// Base name of the wrapper program.
    pub name: String,
    /// The wrapper and its options.
    pub span: Range<usize>,
}

/// A simple command: assignments, words and redirections, with its place in the script.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub id: CommandId,
    /// From the first to the last word, assignment or redirection.
    pub span: Range<usize>,
    /// Every word, wrappers included (`sudo -u x apt-get install y`).
    pub words: Vec<Word>,
    /// Index in `words` of the program after the wrappers were stripped (`words.len()` when there is none).
    pub program_index: usize,
    pub wrappers: Vec<Wrapper>,
    /// Prefix assignments and those given to `env`.
    pub assignments: Vec<Assignment>,
    pub redirects: Vec<Redirect>,
    /// Operator before this command, if any.
    pub before: Option<Connector>,
    /// Operator after this command, if any.
    pub after: Option<Connector>,
    /// Commands connected by `|` share this number.
    pub pipeline: usize,
    /// Position in the pipeline (0 for the first command).
    pub pipe_index: usize,
    pub context: Context,
    /// The command whose word contains this one's command substitution.
    pub parent: Option<CommandId>,
    /// Typed view of the program.
    pub program: Program,
}

impl Command {
    /// The program word (after wrappers).
    pub fn program_word(&self) -> Option<&Word> {
        self.words.get(self.program_index)
    }

    /// Base name of the program (`/usr/bin/apt-get` gives `apt-get`); `""` for an assignment-only command.
    pub fn name(&self) -> &str {
        self.program_word().map_or("", |w| basename(&w.value))
    }

    /// Words after the program.
    pub fn args(&self) -> &[Word] {
        self.words.get(self.program_index + 1..).unwrap_or(&[])
    }

    /// True when an argument after the program has exactly this value (`c.has_arg("--no-cache")`).
    pub fn has_arg(&self, value: &str) -> bool {
        self.args().iter().any(|w| w.value == value)
    }

    /// True when the command runs through the wrapper (`"sudo"`, `"env"`, ...).
    pub fn has_wrapper(&self, name: &str) -> bool {
        self.wrappers.iter().any(|w| w.name == name)
    }

    pub fn uses_sudo(&self) -> bool {
        self.has_wrapper("sudo")
    }

    /// Reads from or writes to a pipe.
    pub fn in_pipeline(&self) -> bool {
        self.pipe_index > 0 || self.after == Some(Connector::Pipe)
    }

    /// True when `rm` removes a path equal to or under `prefix` (`/var/lib/apt/lists` matches
    /// `/var/lib/apt/lists/*` and `/var/lib/apt/lists`).
    pub fn removes_path_prefix(&self, prefix: &str) -> bool {
        match &self.program {
            Program::Rm(rm) => rm.paths.iter().any(|p| path_has_prefix(&p.value, prefix)),
            _ => false,
        }
    }

    /// True when `rm` removes `path`, something under it, or a directory containing it (`rm -rf
    /// /root/.cache` cleans `/root/.cache/pip`; `rm -rf /var/lib/apt/lists/*` cleans `/var/lib/apt/lists`).
    /// `find DIR ... -delete` and `find DIR ... -exec rm` count too.
    pub fn cleans_path(&self, path: &str) -> bool {
        let related = |p: &str| path_has_prefix(p, path) || path_has_prefix(path, p);
        match &self.program {
            Program::Rm(rm) => rm.paths.iter().any(|p| related(&p.value)),
            Program::Find(find) if find.delete || find.exec_rm => find.paths.iter().any(|p| related(&p.value)),
            _ => false,
        }
    }

    /// An output redirection of `fd` (1 or 2), `&>` counting for both.
    pub fn redirects_fd(&self, fd: u32) -> Option<&Redirect> {
        self.redirects.iter().find(|r| {
            r.effective_fd() == fd
                || (matches!(r.op, RedirectOp::OutErr | RedirectOp::AppendOutErr) && (fd == 1 || fd == 2))
        })
    }
}

/// Base name of a path (`/usr/bin/pip3` gives `pip3`).
pub fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `path` equals `prefix` or lies under it, ignoring a trailing `/`, `/*` or `/.` on either side
/// and a leading `~`/`$HOME`/`${HOME}` that is compared as `/root`.
pub fn path_has_prefix(path: &str, prefix: &str) -> bool {
    let (path, prefix) = (normalized_path(path), normalized_path(prefix));
    if prefix.is_empty() {
        return true;
    }
    path.strip_prefix(prefix.as_ref())
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('*'))
}

/// `path` with the home directory spelled `/root` and trailing `/`, `/.` and `/*` removed. Borrowed unless
/// the home directory is spelled out: rules compare paths for every command, so this must not allocate.
fn normalized_path(path: &str) -> std::borrow::Cow<'_, str> {
    let home = path
        .strip_prefix("${HOME}")
        .or_else(|| path.strip_prefix("$HOME"))
        .or_else(|| path.strip_prefix('~'));
    let mut rest = home.unwrap_or(path);
    // Trimming the part after the home directory is the same as trimming `/root` + it: `/root` ends in `t`.
    while let Some(shorter) = rest
        .strip_suffix("/*")
        .or_else(|| rest.strip_suffix("/."))
        .or_else(|| rest.strip_suffix('/'))
    {
        rest = shorter;
    }
    match home {
        Some(_) => std::borrow::Cow::Owned(format!("/root{rest}")),
        None => std::borrow::Cow::Borrowed(rest),
    }
}

/// A problem found while parsing; the parser always recovers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    pub message: &'static str,
    pub span: Range<usize>,
}
