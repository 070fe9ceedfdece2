//! Typed views of the programs rules care about, and the stripping of wrappers (`sudo`, `env`, ...).
//!
//! Each recognizer knows which options of its tool take a value, so that a value (`-o Dpkg::Options`,
//! `--virtual .deps`, `-r requirements.txt`) is never mistaken for a package.

mod fetch;
mod node;
mod packages;
mod python;
mod system;

use std::ops::Range;

pub use fetch::{Fetch, FetchTool};
pub use node::{Node, NodeAction, NodeTool};
pub use packages::{Apk, ApkAction, AptAction, AptGet, Rpm, RpmAction};
pub use python::{is_python, venv_created, Pip, PipAction, PipInvocation, Pipenv, Poetry, Uv};
pub use system::{
    Cd, Chmod, Chown, Echo, Find, Gem, Git, Go, Ln, Mkdir, Rm, SetOptions, ShellInvocation, Source, UserKind, UserMgmt,
};

use super::args::{self, Spec};
use super::ast::{basename, Assignment, Word, Wrapper};
use super::parser::assignment_prefix;

/// What a simple command runs, as far as rules care.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Program {
    /// An assignment-only or redirection-only command.
    #[default]
    None,
    /// `apt-get`, `apt`, `aptitude`.
    AptGet(Box<AptGet>),
    Apk(Box<Apk>),
    /// `yum`, `dnf`, `microdnf`, `tdnf`, `zypper`.
    Rpm(Box<Rpm>),
    /// `pip`, `pip3`, `pythonX -m pip`, `uv pip`.
    Pip(Box<Pip>),
    /// `uv` (other than `uv pip`).
    Uv(Box<Uv>),
    Poetry(Box<Poetry>),
    Pipenv(Box<Pipenv>),
    /// `npm`, `yarn`, `pnpm`.
    Node(Box<Node>),
    /// `curl`, `wget`.
    Fetch(Box<Fetch>),
    /// `useradd`, `adduser`, `groupadd`, `addgroup`.
    User(Box<UserMgmt>),
    Chmod(Box<Chmod>),
    Chown(Box<Chown>),
    Rm(Box<Rm>),
    Cd(Box<Cd>),
    Mkdir(Box<Mkdir>),
    Find(Box<Find>),
    Gem(Box<Gem>),
    Go(Box<Go>),
    Set(Box<SetOptions>),
    Git(Box<Git>),
    Echo(Box<Echo>),
    /// `source` and `.`.
    Source(Box<Source>),
    Ln(Box<Ln>),
    /// `sh`, `bash`, `dash`, `ash`, `zsh`, `ksh`.
    Shell(Box<ShellInvocation>),
    /// Anything else: use [`Command::name`](super::Command::name) and [`Command::args`](super::Command::args).
    Other,
}

macro_rules! accessors {
    ($($fn_name:ident => $variant:ident($ty:ty),)*) => {
        impl Program {
            $(
                #[doc = concat!("The [`", stringify!($ty), "`] view, if this is that program.")]
                pub fn $fn_name(&self) -> Option<&$ty> {
                    match self {
                        Program::$variant(p) => Some(p),
                        _ => None,
                    }
                }
            )*
        }
    };
}

accessors! {
    apt_get => AptGet(AptGet),
    apk => Apk(Apk),
    rpm => Rpm(Rpm),
    pip => Pip(Pip),
    uv => Uv(Uv),
    poetry => Poetry(Poetry),
    pipenv => Pipenv(Pipenv),
    node => Node(Node),
    fetch => Fetch(Fetch),
    user => User(UserMgmt),
    chmod => Chmod(Chmod),
    chown => Chown(Chown),
    rm => Rm(Rm),
    cd => Cd(Cd),
    mkdir => Mkdir(Mkdir),
    find => Find(Find),
    gem => Gem(Gem),
    go => Go(Go),
    set => Set(SetOptions),
    git => Git(Git),
    echo => Echo(Echo),
    source => Source(Source),
    ln => Ln(Ln),
    shell => Shell(ShellInvocation),
}

/// A word that is an operand of a program (a path, a URL, a name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Operand {
    pub value: String,
    pub span: Range<usize>,
}

impl Operand {
    pub(crate) fn of(word: &Word) -> Self {
        Operand {
            value: word.value.clone(),
            span: word.span.clone(),
        }
    }

    fn from_flag(flag: &args::Flag) -> Option<Self> {
        Some(Operand {
            value: flag.value.clone()?,
            span: flag.value_span.clone()?,
        })
    }
}

/// A subcommand word (`install` in `apt-get install`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subcommand {
    pub name: String,
    pub span: Range<usize>,
}

impl Subcommand {
    /// Byte offset right after the subcommand: where a fix inserts ` --flag`
    /// (`apt-get install` + ` --no-install-recommends`, `pip install` + ` --no-cache-dir`).
    pub fn insert_offset(&self) -> usize {
        self.span.end
    }
}

/// A package operand: name and optional version constraint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Package {
    pub name: String,
    /// Constraint operator as written: `=`, `==`, `>=`, `~`, `@`, `:`, `-` (yum `name-1.2`), ...
    pub op: Option<String>,
    pub version: Option<String>,
    /// pip extras (`pkg[extra]` gives `extra`).
    pub extras: Option<String>,
    /// A path, URL or archive rather than a registry name.
    pub local: bool,
    /// The unquoted operand.
    pub spec: String,
    /// Span of the whole operand word.
    pub span: Range<usize>,
    /// Contains a `$` expansion: its value is not known statically.
    pub expansion: bool,
}

impl Package {
    pub(crate) fn new(word: &Word) -> Self {
        Package {
            name: word.value.clone(),
            spec: word.value.clone(),
            span: word.span.clone(),
            expansion: word.expansion,
            ..Package::default()
        }
    }

    /// Splits the name at the first of `ops` found (longest operator first at that position).
    pub(crate) fn split_at_ops(mut self, ops: &[&str]) -> Self {
        let s = self.spec.as_bytes();
        // Byte by byte from the second byte: operators are ASCII, so they only match where a character starts,
        // and never inside the first character, which belongs to the name.
        let found = (1..s.len()).find_map(|i| {
            let op = ops
                .iter()
                .filter(|op| s[i..].starts_with(op.as_bytes()))
                .max_by_key(|op| op.len())?;
            Some((i, *op))
        });
        if let Some((i, op)) = found {
            self.name = self.spec[..i].to_string();
            self.op = Some(op.to_string());
            self.version = Some(self.spec[i + op.len()..].to_string());
        }
        self
    }

    /// True when an exact version is requested (`=1.2`, `==1.2`, `@1.2`, apk `~1.2`, yum `-1.2`, gem `:1.2`,
    /// but not `>=1.2`, `/bookworm` or `@latest`). Local files and URLs count as pinned.
    pub fn is_pinned(&self) -> bool {
        if self.local {
            return true;
        }
        let exact = matches!(
            self.op.as_deref(),
            Some("=" | "==" | "===" | "@" | ":" | "-" | "~" | "=~")
        );
        exact
            && self
                .version
                .as_deref()
                .is_some_and(|v| !v.is_empty() && !matches!(v, "latest" | "next" | "*" | "x"))
    }
}

/// Result of stripping wrappers and recognizing the program.
pub(crate) struct Finished {
    pub words: Vec<Word>,
    pub program_index: usize,
    pub wrappers: Vec<Wrapper>,
    pub assignments: Vec<Assignment>,
    pub program: Program,
}

/// Wrappers take their options first and then the command they run.
const WRAPPER: Spec = Spec {
    stop_at_operand: true,
    ..Spec::PLAIN
};

/// Option letters taking a value, per wrapper.
fn wrapper_spec(name: &str) -> Option<&'static Spec> {
    Some(match name {
        "sudo" => &Spec {
            short_value: b"ugCDhpRrtTU",
            long_value: "--user --group --close-from --chdir --host --prompt --chroot --role --type --command-timeout \
                --other-user",
            ..WRAPPER
        },
        "env" => &Spec {
            short_value: b"uCS",
            long_value: "--unset --chdir --split-string",
            ..WRAPPER
        },
        "exec" => &Spec {
            short_value: b"a",
            ..WRAPPER
        },
        "time" | "nohup" | "builtin" | "command" => &WRAPPER,
        "nice" => &Spec {
            short_value: b"n",
            long_value: "--adjustment",
            ..WRAPPER
        },
        "ionice" => &Spec {
            short_value: b"cnp",
            long_value: "--class --classdata --pid",
            ..WRAPPER
        },
        "stdbuf" => &Spec {
            short_value: b"ioe",
            long_value: "--input --output --error",
            ..WRAPPER
        },
        "timeout" => &Spec {
            short_value: b"sk",
            long_value: "--signal --kill-after",
            ..WRAPPER
        },
        "xargs" => &Spec {
            short_value: b"IiLlnPsdEea",
            long_value: "--replace --max-lines --max-args --max-procs --max-chars --delimiter --eof --arg-file \
                --process-slot-var",
            ..WRAPPER
        },
        "gosu" | "su-exec" | "chroot" | "tini" | "dumb-init" => &WRAPPER,
        _ => return None,
    })
}

/// Strips wrappers, separates `env` assignments and recognizes the program.
pub(crate) fn finish(words: Vec<Word>, mut assignments: Vec<Assignment>) -> Finished {
    let mut wrappers = Vec::new();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        let name = basename(&word.value);
        let Some(spec) = wrapper_spec(name) else { break };
        if word.quoted || word.expansion {
            break;
        }
        let rest = &words[i + 1..];
        let parsed = args::parse(rest, spec);
        // `command -v x` is a lookup, not a wrapper.
        if name == "command" && parsed.has_any("-v -V") {
            break;
        }
        let mut next = parsed.operands.first().map_or(words.len(), |&k| i + 1 + k);
        match name {
            "env" => {
                while let Some(w) = words.get(next) {
                    let Some(n) = assignment_prefix(w.value.as_bytes()) else {
                        break;
                    };
                    let name_len = if w.value.as_bytes()[n - 2] == b'+' {
                        n - 2
                    } else {
                        n - 1
                    };
                    assignments.push(Assignment {
                        name: w.value[..name_len].to_string(),
                        value: w.value[n..].to_string(),
                        word: w.clone(),
                    });
                    next += 1;
                }
            }
            "sudo" => {
                while words
                    .get(next)
                    .is_some_and(|w| assignment_prefix(w.value.as_bytes()).is_some())
                {
                    next += 1;
                }
            }
            // The user (gosu/su-exec), the new root (chroot) or the duration (timeout) comes first.
            "gosu" | "su-exec" | "chroot" | "timeout" => next += 1,
            _ => {}
        }
        if next >= words.len() {
            break;
        }
        let end = words[next - 1].span.end;
        wrappers.push(Wrapper {
            name: name.to_string(),
            span: word.span.start..end.max(word.span.start),
        });
        i = next;
    }
    let mut program = words.get(i).map_or(Program::None, |w| recognize(w, &words[i + 1..]));
    // Environment that changes a recognized program's behavior for this command only.
    if let Program::Pip(pip) = &mut program {
        let truthy = |v: &str| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on" | "off");
        if assignments
            .iter()
            .any(|a| a.name == "PIP_NO_CACHE_DIR" && truthy(&a.value))
        {
            pip.no_cache_dir = true;
        }
    }
    Finished {
        words,
        program_index: i,
        wrappers,
        assignments,
        program,
    }
}

/// The typed view of `program args...`.
pub(crate) fn recognize(program: &Word, args: &[Word]) -> Program {
    if program.expansion {
        return Program::Other;
    }
    let name = basename(&program.value);
    match name {
        "apt-get" | "apt" | "aptitude" => Program::AptGet(Box::new(packages::apt(name, args))),
        "apk" => Program::Apk(Box::new(packages::apk(args))),
        "yum" | "dnf" | "microdnf" | "tdnf" | "zypper" | "dnf5" => Program::Rpm(Box::new(packages::rpm(name, args))),
        "uv" => python::uv(args),
        "poetry" => Program::Poetry(Box::new(python::poetry(args))),
        "pipenv" => Program::Pipenv(Box::new(python::pipenv(args))),
        "npm" | "yarn" | "pnpm" => Program::Node(Box::new(node::node(name, args))),
        "curl" | "wget" => Program::Fetch(Box::new(fetch::fetch(name, args))),
        "useradd" | "adduser" | "groupadd" | "addgroup" => Program::User(Box::new(system::user(name, args))),
        "chmod" => Program::Chmod(Box::new(system::chmod(args))),
        "chown" | "chgrp" => Program::Chown(Box::new(system::chown(args))),
        "rm" => Program::Rm(Box::new(system::rm(args))),
        "cd" => Program::Cd(Box::new(system::cd(args))),
        "mkdir" => Program::Mkdir(Box::new(system::mkdir(args))),
        "find" => Program::Find(Box::new(system::find(args))),
        "gem" => Program::Gem(Box::new(system::gem(args))),
        "go" => Program::Go(Box::new(system::go(args))),
        "set" => Program::Set(Box::new(system::set(args))),
        "git" => Program::Git(Box::new(system::git(args))),
        "echo" | "printf" => Program::Echo(Box::new(system::echo(args))),
        "source" | "." => Program::Source(Box::new(system::source(args))),
        "ln" => Program::Ln(Box::new(system::ln(args))),
        "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh" | "mksh" | "busybox"
            if name != "busybox" || args.first().is_some_and(|w| w.value == "sh") =>
        {
            let args = if name == "busybox" { &args[1..] } else { args };
            Program::Shell(Box::new(system::shell(name, args)))
        }
        _ if name.starts_with("pip") && python::is_pip_name(name) => {
            Program::Pip(Box::new(python::pip(PipInvocation::Pip, args)))
        }
        _ if python::is_python_name(name) => python::python(args),
        _ => Program::Other,
    }
}

// The collecting helpers below are shared by every recognizer and kept out of line: inlined, each
// recognizer's closure would compile its own copy of the loop.

/// The words of `args` at `indices`, as operands.
#[inline(never)]
pub(crate) fn operands_at(args: &[Word], indices: &[usize]) -> Vec<Operand> {
    indices.iter().map(|&i| Operand::of(&args[i])).collect()
}

/// Every word of `words`, as operands.
#[inline(never)]
pub(crate) fn operands_of(words: &[Word]) -> Vec<Operand> {
    words.iter().map(Operand::of).collect()
}

/// The words of `args` at `indices`, each read as a package by `read`.
#[inline(never)]
pub(crate) fn packages_at(args: &[Word], indices: &[usize], read: fn(&Word) -> Package) -> Vec<Package> {
    indices.iter().map(|&i| read(&args[i])).collect()
}

/// The values of every flag among the space-separated `names`, as operands.
#[inline(never)]
pub(crate) fn flag_values(parsed: &args::Args, names: &str) -> Vec<Operand> {
    parsed.get_any(names).filter_map(Operand::from_flag).collect()
}

/// The value of the last flag among the space-separated `names`, when that flag has one.
#[inline(never)]
pub(crate) fn last_flag_value(parsed: &args::Args, names: &str) -> Option<Operand> {
    parsed.get_any(names).last().and_then(Operand::from_flag)
}

/// A package whose version follows an `@` (`name@1.2`, `@scope/name@1.2`, Go's `path@v1.2`).
pub(crate) fn package_at_version(word: &Word) -> Package {
    Package::new(word).split_at_ops(&["@"])
}

/// What `word` means in `table` (subcommand names and what they do): a table is smaller code than a
/// `match` on strings.
pub(crate) fn lookup<T: Copy>(table: &[(&str, T)], word: Option<&str>) -> Option<T> {
    let word = word?;
    table.iter().find(|(name, _)| *name == word).map(|&(_, value)| value)
}

/// The first operand as subcommand, the rest as operands.
pub(crate) fn split_subcommand(args: &[Word], parsed: &args::Args) -> (Option<Subcommand>, Vec<usize>) {
    let sub = parsed.operands.first().map(|&i| Subcommand {
        name: args[i].value.clone(),
        span: args[i].span.clone(),
    });
    (sub, parsed.operands.get(1..).unwrap_or_default().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse;

    #[test]
    fn wrappers_are_stripped_and_remembered() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("sudo apt-get install x", "apt-get", &["sudo"]),
            ("sudo -u app -E pip install x", "pip", &["sudo"]),
            ("sudo -- rm -rf /", "rm", &["sudo"]),
            ("env A=1 B=2 npm ci", "npm", &["env"]),
            ("env -i PATH=/bin sh -c x", "sh", &["env"]),
            ("exec gosu app python app.py", "python", &["exec", "gosu"]),
            ("time nice -n 10 make", "make", &["time", "nice"]),
            ("xargs -r -n1 rm -f", "rm", &["xargs"]),
            ("timeout 10 curl x", "curl", &["timeout"]),
            ("command -v curl", "command", &[]),
            ("sudo", "sudo", &[]),
            ("nohup ./run &", "run", &["nohup"]),
        ];
        for (text, name, wrappers) in cases {
            let script = parse(text, 0);
            let c = &script.commands()[0];
            let got: Vec<_> = c.wrappers.iter().map(|w| w.name.as_str()).collect();
            assert_eq!((c.name(), &got[..]), (*name, *wrappers), "{text}");
        }
        let script = parse("env A=1 B=2 npm ci", 0);
        let names: Vec<_> = script.commands()[0]
            .assignments
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["A", "B"]);
        assert!(parse("sudo apt-get install x", 0).commands()[0].uses_sudo());
    }

    #[test]
    fn package_versions() {
        let w = |s: &str| Word {
            value: s.into(),
            raw: s.into(),
            ..Word::default()
        };
        let p = Package::new(&w("curl=7.88")).split_at_ops(&["="]);
        assert_eq!(
            (p.name.as_str(), p.op.as_deref(), p.version.as_deref()),
            ("curl", Some("="), Some("7.88"))
        );
        assert!(p.is_pinned());
        let p = Package::new(&w("requests>=2")).split_at_ops(&["==", ">=", "<", ">", "="]);
        assert_eq!((p.name.as_str(), p.op.as_deref()), ("requests", Some(">=")));
        assert!(!p.is_pinned());
        let p = Package::new(&w("@scope/x@latest")).split_at_ops(&["@"]);
        assert_eq!(p.name, "@scope/x");
        assert!(!p.is_pinned());
    }
}
