//! Everyday tools: user management, file operations, `set`, `git`, `gem`, `go`, shells.

use super::{
    last_flag_value, operands_at, operands_of, package_at_version, packages_at, split_subcommand, Operand, Package,
    Subcommand,
};
use crate::shell::args::{self, Args, Spec};
use crate::shell::ast::Word;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UserKind {
    #[default]
    User,
    Group,
}

/// `useradd`, `adduser` (Debian or BusyBox), `groupadd`, `addgroup`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserMgmt {
    pub tool: String,
    pub kind: UserKind,
    /// The user or group created.
    pub name: Option<Operand>,
    /// `-u`/`--uid` (users) or `-g`/`--gid` (groups).
    pub id: Option<Operand>,
    /// Primary group: useradd `-g`, Debian adduser `--ingroup`/`--gid`, BusyBox adduser `-G`.
    pub group: Option<Operand>,
    /// Supplementary groups: useradd `-G`/`--groups`.
    pub groups: Option<Operand>,
    /// `-r`/`--system`, BusyBox `-S`.
    pub system: bool,
    /// `-l`/`--no-log-init` (useradd).
    pub no_log_init: bool,
    /// `-m`/`--create-home`.
    pub create_home: bool,
    /// `-M`/`--no-create-home`, BusyBox `-H`.
    pub no_create_home: bool,
    /// `-s`/`--shell`.
    pub shell: Option<Operand>,
    /// `-D` (BusyBox adduser) or `--disabled-password`.
    pub disabled_password: bool,
    pub args: Args,
}

pub(crate) fn user(tool: &str, args: &[Word]) -> UserMgmt {
    let kind = if tool.contains("group") {
        UserKind::Group
    } else {
        UserKind::User
    };
    // Debian's adduser/addgroup use long options; BusyBox's use short ones.
    let spec = match tool {
        "useradd" => &Spec {
            short_value: b"ugGsdcefkKpbRZ",
            long_value: "--uid --gid --groups --shell --home-dir --comment --expiredate --inactive --skel --key \
                --password --base-dir --root --selinux-user --prefix",
            ..Spec::PLAIN
        },
        "groupadd" => &Spec {
            short_value: b"gKpR",
            long_value: "--gid --key --password --root --users --prefix",
            ..Spec::PLAIN
        },
        _ => &Spec {
            short_value: b"hgsGuk",
            long_value: "--home --shell --uid --gid --gecos --ingroup --firstuid --lastuid --conf --comment \
                --add-extra-groups",
            ..Spec::PLAIN
        },
    };
    let parsed = args::parse(args, spec);
    let ops = operands_at(args, &parsed.operands);
    let (id, group, groups) = match (tool, kind) {
        ("useradd", _) => (
            last_flag_value(&parsed, "-u --uid"),
            last_flag_value(&parsed, "-g --gid"),
            last_flag_value(&parsed, "-G --groups"),
        ),
        (_, UserKind::Group) => (last_flag_value(&parsed, "-g --gid"), None, None),
        _ => (
            last_flag_value(&parsed, "-u --uid"),
            last_flag_value(&parsed, "-G --ingroup --gid"),
            None,
        ),
    };
    UserMgmt {
        tool: tool.to_string(),
        kind,
        name: ops.first().cloned(),
        id,
        group,
        groups,
        system: parsed.has_any("-r --system -S"),
        no_log_init: tool == "useradd" && parsed.has_any("-l --no-log-init"),
        create_home: parsed.has_any("-m --create-home"),
        no_create_home: parsed.has_any("-M --no-create-home") || (tool == "adduser" && parsed.has_any("-H")),
        shell: last_flag_value(&parsed, "-s --shell"),
        disabled_password: parsed.has_any("-D --disabled-password"),
        args: parsed,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chmod {
    /// `-R`/`--recursive`.
    pub recursive: bool,
    /// The mode (`755`, `u+x`, `-x`), absent with `--reference`.
    pub mode: Option<Operand>,
    pub paths: Vec<Operand>,
    pub args: Args,
}

pub(crate) fn chmod(args: &[Word]) -> Chmod {
    // `-x`, `-w`, `-rwx` are modes, not options.
    let is_mode = |w: &Word| {
        let v = w.value.as_bytes();
        v.len() > 1 && v[0] == b'-' && v[1..].iter().all(|b| b"rwxXstugo".contains(b))
    };
    let split = args.iter().position(is_mode);
    let (option_words, mode_word) = match split {
        Some(k) => (&args[..k], Some(&args[k])),
        None => (args, None),
    };
    const SPEC: Spec = Spec {
        long_value: "--reference",
        ..Spec::PLAIN
    };
    let parsed = args::parse(option_words, &SPEC);
    let mut ops = operands_at(option_words, &parsed.operands);
    let mode = match mode_word {
        Some(w) => Some(Operand::of(w)),
        None if parsed.has_any("--reference") => None,
        None if !ops.is_empty() => Some(ops.remove(0)),
        None => None,
    };
    if let Some(k) = split {
        ops.extend(operands_of(&args[k + 1..]));
    }
    Chmod {
        recursive: parsed.has_any("-R --recursive"),
        mode,
        paths: ops,
        args: parsed,
    }
}

/// `chown` or `chgrp`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chown {
    pub recursive: bool,
    /// `user[:group]` (or the group for `chgrp`); absent with `--reference`.
    pub owner: Option<Operand>,
    pub paths: Vec<Operand>,
    pub args: Args,
}

pub(crate) fn chown(args: &[Word]) -> Chown {
    const SPEC: Spec = Spec {
        long_value: "--reference --from",
        ..Spec::PLAIN
    };
    let parsed = args::parse(args, &SPEC);
    let mut ops = operands_at(args, &parsed.operands);
    let owner = if parsed.has_any("--reference") || ops.is_empty() {
        None
    } else {
        Some(ops.remove(0))
    };
    Chown {
        recursive: parsed.has_any("-R --recursive"),
        owner,
        paths: ops,
        args: parsed,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rm {
    /// `-r`, `-R`, `--recursive`.
    pub recursive: bool,
    /// `-f`, `--force`.
    pub force: bool,
    pub paths: Vec<Operand>,
    pub args: Args,
}

pub(crate) fn rm(args: &[Word]) -> Rm {
    let parsed = args::parse(args, &Spec::PLAIN);
    Rm {
        recursive: parsed.has_any("-r -R --recursive"),
        force: parsed.has_any("-f --force"),
        paths: operands_at(args, &parsed.operands),
        args: parsed,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cd {
    /// Absent for a bare `cd` (home directory).
    pub target: Option<Operand>,
}

pub(crate) fn cd(args: &[Word]) -> Cd {
    let parsed = args::parse(args, &Spec::PLAIN);
    Cd {
        target: parsed.operands.first().map(|&i| Operand::of(&args[i])),
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mkdir {
    /// `-p`/`--parents`.
    pub parents: bool,
    /// `-m`/`--mode`.
    pub mode: Option<Operand>,
    pub paths: Vec<Operand>,
    pub args: Args,
}

pub(crate) fn mkdir(args: &[Word]) -> Mkdir {
    const SPEC: Spec = Spec {
        short_value: b"m",
        long_value: "--mode --context",
        ..Spec::PLAIN
    };
    let parsed = args::parse(args, &SPEC);
    Mkdir {
        parents: parsed.has_any("-p --parents"),
        mode: last_flag_value(&parsed, "-m --mode"),
        paths: operands_at(args, &parsed.operands),
        args: parsed,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Find {
    /// Starting points (operands before the expression).
    pub paths: Vec<Operand>,
    /// `-delete` is used.
    pub delete: bool,
    /// An `-exec`/`-execdir` runs `rm`.
    pub exec_rm: bool,
    /// The commands of `-exec`/`-execdir`/`-ok`, without the `;`/`+` terminator.
    pub execs: Vec<Vec<String>>,
}

pub(crate) fn find(args: &[Word]) -> Find {
    let mut f = Find::default();
    let mut i = 0;
    // Leading options -H -L -P -O3 -D x.
    while let Some(w) = args.get(i) {
        match w.value.as_str() {
            "-H" | "-L" | "-P" => i += 1,
            "-D" => i += 2,
            v if v.starts_with("-O") => i += 1,
            _ => break,
        }
    }
    while let Some(w) = args.get(i) {
        if w.value.starts_with('-') || w.value == "(" || w.value == "!" {
            break;
        }
        f.paths.push(Operand::of(w));
        i += 1;
    }
    while let Some(w) = args.get(i) {
        match w.value.as_str() {
            "-delete" => f.delete = true,
            "-exec" | "-execdir" | "-ok" | "-okdir" => {
                let mut cmd = Vec::new();
                i += 1;
                while let Some(w) = args.get(i) {
                    if w.value == ";" || (w.value == "+" && cmd.last().is_some_and(|l: &String| l == "{}")) {
                        break;
                    }
                    cmd.push(w.value.clone());
                    i += 1;
                }
                if cmd.first().is_some_and(|c| c.rsplit('/').next() == Some("rm")) {
                    f.exec_rm = true;
                }
                f.execs.push(cmd);
            }
            _ => {}
        }
        i += 1;
    }
    f
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gem {
    pub subcommand: Option<Subcommand>,
    /// Gems; `-v VERSION` applies to them, `name:version` is split.
    pub packages: Vec<Package>,
    /// `--no-document`, `--no-doc`, `-N`, or both `--no-ri` and `--no-rdoc`.
    pub no_document: bool,
    pub args: Args,
}

pub(crate) fn gem(args: &[Word]) -> Gem {
    const SPEC: Spec = Spec {
        short_value: b"viansp",
        long_value: "--version --install-dir --bindir --source --platform --document",
        ..Spec::PLAIN
    };
    let parsed = args::parse(args, &SPEC);
    let (subcommand, ops) = split_subcommand(args, &parsed);
    let version = parsed.value_of_any("-v --version").map(str::to_string);
    let mut packages = packages_at(args, &ops, |w| Package::new(w).split_at_ops(&[":"]));
    if let Some(v) = &version {
        // `-v` applies to the gems that do not name their own version.
        for p in packages.iter_mut().filter(|p| p.version.is_none()) {
            p.op = Some("=".into());
            p.version = Some(v.clone());
        }
    }
    Gem {
        subcommand,
        packages,
        no_document: parsed.has_any("--no-document --no-doc -N")
            || parsed.has_any("--no-ri") && parsed.has_any("--no-rdoc"),
        args: parsed,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Go {
    pub subcommand: Option<Subcommand>,
    /// `go install`/`go get` packages (`pkg@version`).
    pub packages: Vec<Package>,
    pub args: Args,
}

pub(crate) fn go(args: &[Word]) -> Go {
    const SPEC: Spec = Spec {
        long_value: "-o -C -p -tags -ldflags -gcflags -mod -modfile -pkgdir",
        single_dash_long: true,
        ..Spec::PLAIN
    };
    let parsed = args::parse(args, &SPEC);
    let (subcommand, ops) = split_subcommand(args, &parsed);
    let packages = if subcommand
        .as_ref()
        .is_some_and(|s| s.name == "install" || s.name == "get")
    {
        packages_at(args, &ops, package_at_version)
    } else {
        Vec::new()
    };
    Go {
        subcommand,
        packages,
        args: parsed,
    }
}

/// Shell options changed by `set`: `Some(true)` when turned on (`-e`), `Some(false)` when turned off (`+e`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetOptions {
    /// `-e` / `-o errexit`.
    pub errexit: Option<bool>,
    /// `-u` / `-o nounset`.
    pub nounset: Option<bool>,
    /// `-x` / `-o xtrace`.
    pub xtrace: Option<bool>,
    /// `-o pipefail`.
    pub pipefail: Option<bool>,
    /// Every option letter or `-o` name as (name, on).
    pub options: Vec<(String, bool)>,
}

pub(crate) fn set(args: &[Word]) -> SetOptions {
    let mut s = SetOptions::default();
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let v = w.value.as_str();
        if v == "--" || v == "-" || !(v.starts_with('-') || v.starts_with('+')) || v.len() < 2 {
            break;
        }
        let on = v.starts_with('-');
        let mut takes_name = false;
        for c in v[1..].chars() {
            if c == 'o' {
                takes_name = true;
            } else {
                s.options.push((c.to_string(), on));
            }
        }
        if takes_name {
            if let Some(name) = args.get(i + 1) {
                s.options.push((name.value.clone(), on));
                i += 1;
            }
        }
        i += 1;
    }
    for (name, on) in &s.options {
        let slot = match name.as_str() {
            "e" | "errexit" => &mut s.errexit,
            "u" | "nounset" => &mut s.nounset,
            "x" | "xtrace" => &mut s.xtrace,
            "pipefail" => &mut s.pipefail,
            _ => continue,
        };
        *slot = Some(*on);
    }
    s
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Git {
    pub subcommand: Option<Subcommand>,
    /// `git clone` repository.
    pub url: Option<Operand>,
    /// `git clone` target directory.
    pub directory: Option<Operand>,
    /// `--depth`.
    pub depth: Option<String>,
    /// `-b`/`--branch`.
    pub branch: Option<String>,
    pub args: Args,
}

pub(crate) fn git(args: &[Word]) -> Git {
    // Global options before the subcommand.
    let mut start = 0;
    while let Some(w) = args.get(start) {
        match w.value.as_str() {
            "-C" | "-c" | "--git-dir" | "--work-tree" | "--namespace" => start += 2,
            v if v.starts_with('-') => start += 1,
            _ => break,
        }
    }
    let start = start.min(args.len());
    const SPEC: Spec = Spec {
        short_value: b"bocju",
        long_value: "--depth --branch --origin --config --reference --jobs --filter --separate-git-dir --template \
            --shallow-since --shallow-exclude --upload-pack --message",
        ..Spec::PLAIN
    };
    let rest = &args[start..];
    let sub = rest.first().map(|w| Subcommand {
        name: w.value.clone(),
        span: w.span.clone(),
    });
    let after = rest.get(1..).unwrap_or(&[]);
    let parsed = args::parse(after, &SPEC);
    let clone = sub.as_ref().is_some_and(|s| s.name == "clone");
    let ops = operands_at(after, &parsed.operands);
    Git {
        url: if clone { ops.first().cloned() } else { None },
        directory: if clone { ops.get(1).cloned() } else { None },
        depth: parsed.value_of_any("--depth").map(str::to_string),
        branch: parsed.value_of_any("-b --branch").map(str::to_string),
        subcommand: sub,
        args: parsed,
    }
}

/// `echo` or `printf`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Echo {
    /// The operands joined by spaces (options like `-n`/`-e` of echo left out).
    pub text: String,
    pub operands: Vec<Operand>,
    /// `echo -e` (not portable: `/bin/sh` on Debian prints the `-e`).
    pub escapes: bool,
    /// `echo -n`.
    pub no_newline: bool,
}

pub(crate) fn echo(args: &[Word]) -> Echo {
    let is_option = |w: &Word| {
        let v = w.value.as_bytes();
        v.len() > 1 && v[0] == b'-' && v[1..].iter().all(|b| matches!(b, b'n' | b'e' | b'E'))
    };
    let start = args.iter().take_while(|w| is_option(w)).count();
    let options = &args[..start];
    let operands = operands_of(&args[start..]);
    let mut text = String::new();
    for (k, operand) in operands.iter().enumerate() {
        if k > 0 {
            text.push(' ');
        }
        text.push_str(&operand.value);
    }
    Echo {
        text,
        operands,
        escapes: options.iter().any(|w| w.value.contains('e')),
        no_newline: options.iter().any(|w| w.value.contains('n')),
    }
}

/// `source FILE` or `. FILE`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    pub path: Option<Operand>,
}

pub(crate) fn source(args: &[Word]) -> Source {
    Source {
        path: args.first().map(Operand::of),
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ln {
    /// `-s`/`--symbolic`.
    pub symbolic: bool,
    /// `-f`/`--force`.
    pub force: bool,
    /// Targets then link name (or directory), as written.
    pub operands: Vec<Operand>,
    pub args: Args,
}

pub(crate) fn ln(args: &[Word]) -> Ln {
    const SPEC: Spec = Spec {
        short_value: b"St",
        long_value: "--suffix --target-directory",
        ..Spec::PLAIN
    };
    let parsed = args::parse(args, &SPEC);
    Ln {
        symbolic: parsed.has_any("-s --symbolic"),
        force: parsed.has_any("-f --force"),
        operands: operands_at(args, &parsed.operands),
        args: parsed,
    }
}

/// `sh`, `bash`, ... and what they run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShellInvocation {
    pub shell: String,
    /// The `-c` command string.
    pub command: Option<Operand>,
    /// A script file operand (when there is no `-c`).
    pub script: Option<Operand>,
    /// Reads the script from standard input (no `-c` and no script file, or `-s`).
    pub reads_stdin: bool,
    pub args: Args,
}

pub(crate) fn shell(name: &str, args: &[Word]) -> ShellInvocation {
    const SPEC: Spec = Spec {
        short_value: b"oO",
        long_value: "--rcfile --init-file",
        stop_at_operand: true,
        ..Spec::PLAIN
    };
    let parsed = args::parse(args, &SPEC);
    let ops = operands_at(args, &parsed.operands);
    let c = parsed.has_any("-c");
    let script = if c || parsed.has_any("-s") {
        None
    } else {
        ops.first().cloned().filter(|o| o.value != "-")
    };
    ShellInvocation {
        shell: name.to_string(),
        command: if c { ops.first().cloned() } else { None },
        reads_stdin: parsed.has_any("-s") || (!c && script.is_none()),
        script,
        args: parsed,
    }
}

#[cfg(test)]
mod tests {
    use crate::shell::{parse, Program};

    fn program(text: &str) -> Program {
        parse(text, 0).commands().last().unwrap().program.clone()
    }

    #[test]
    #[allow(clippy::type_complexity)] // table rows
    fn users_table() {
        // (text, name, id, system, no_log_init, disabled_password, create_home)
        let cases: &[(&str, &str, Option<&str>, bool, bool, bool, bool)] = &[
            (
                "useradd -l -u 1000 -r -m -s /bin/sh app",
                "app",
                Some("1000"),
                true,
                true,
                false,
                true,
            ),
            (
                "useradd --uid=1001 --no-log-init -g app app",
                "app",
                Some("1001"),
                false,
                true,
                false,
                false,
            ),
            (
                "adduser -D -u 1000 -G app -s /bin/sh app",
                "app",
                Some("1000"),
                false,
                false,
                true,
                false,
            ),
            ("adduser -S -D -H -h /app app", "app", None, true, false, true, false),
            (
                "adduser --system --disabled-password --uid 999 --ingroup app app",
                "app",
                Some("999"),
                true,
                false,
                true,
                false,
            ),
            (
                "groupadd -r -g 1000 app",
                "app",
                Some("1000"),
                true,
                false,
                false,
                false,
            ),
            (
                "addgroup -S -g 1000 app",
                "app",
                Some("1000"),
                true,
                false,
                false,
                false,
            ),
            (
                "addgroup --system --gid 999 app",
                "app",
                Some("999"),
                true,
                false,
                false,
                false,
            ),
        ];
        for &(text, name, id, system, no_log_init, disabled, home) in cases {
            let Program::User(u) = program(text) else {
                panic!("{text}")
            };
            assert_eq!(
                (
                    u.name.as_ref().map(|n| n.value.as_str()),
                    u.id.as_ref().map(|n| n.value.as_str()),
                    u.system,
                    u.no_log_init,
                    u.disabled_password,
                    u.create_home
                ),
                (Some(name), id, system, no_log_init, disabled, home),
                "{text}"
            );
        }
        let Program::User(u) = program("adduser -D -G app app") else {
            panic!()
        };
        assert_eq!(u.group.unwrap().value, "app");
        let Program::User(u) = program("useradd -G sudo,docker -s /bin/bash app") else {
            panic!()
        };
        assert_eq!(
            (u.groups.unwrap().value.as_str(), u.shell.unwrap().value.as_str()),
            ("sudo,docker", "/bin/bash")
        );
    }

    #[test]
    fn files_table() {
        let Program::Chmod(c) = program("chmod -R 755 /app /srv") else {
            panic!()
        };
        assert!(c.recursive);
        assert_eq!(c.mode.unwrap().value, "755");
        assert_eq!(c.paths.len(), 2);
        let Program::Chmod(c) = program("chmod -x /app/x") else {
            panic!()
        };
        assert_eq!(
            (c.mode.unwrap().value.as_str(), c.paths[0].value.as_str()),
            ("-x", "/app/x")
        );
        let Program::Chmod(c) = program("chmod +x entrypoint.sh") else {
            panic!()
        };
        assert_eq!(c.mode.unwrap().value, "+x");
        let Program::Chown(c) = program("chown -R app:app /app") else {
            panic!()
        };
        assert!(c.recursive);
        assert_eq!(c.owner.unwrap().value, "app:app");
        let Program::Rm(r) = program("rm -rf /var/lib/apt/lists/* /tmp/x") else {
            panic!()
        };
        assert!(r.recursive && r.force);
        assert_eq!(r.paths[0].value, "/var/lib/apt/lists/*");
        let Program::Rm(r) = program("rm -r -f -- -weird") else {
            panic!()
        };
        assert!(r.recursive && r.force);
        assert_eq!(r.paths[0].value, "-weird");
        let Program::Cd(c) = program("cd /usr/src/python") else {
            panic!()
        };
        assert_eq!(c.target.unwrap().value, "/usr/src/python");
        let Program::Cd(c) = program("cd") else { panic!() };
        assert!(c.target.is_none());
        let Program::Mkdir(m) = program("mkdir -p -m 700 /a /b") else {
            panic!()
        };
        assert!(m.parents);
        assert_eq!((m.mode.unwrap().value.as_str(), m.paths.len()), ("700", 2));
        let Program::Ln(l) = program("ln -svT python3 /usr/local/bin/python") else {
            panic!()
        };
        assert!(l.symbolic && !l.force);
        assert_eq!(l.operands.len(), 2);
        let Program::Source(s) = program(". /etc/os-release") else {
            panic!()
        };
        assert_eq!(s.path.unwrap().value, "/etc/os-release");
        let Program::Source(s) = program("source venv/bin/activate") else {
            panic!()
        };
        assert_eq!(s.path.unwrap().value, "venv/bin/activate");
        let Program::Echo(e) = program("echo -n 'a b' c") else {
            panic!()
        };
        assert_eq!(e.text, "a b c");
        assert!(e.no_newline && !e.escapes);
        let Program::Echo(e) = program("echo -ne 'a\\tb' -e") else {
            panic!()
        };
        assert!(e.no_newline && e.escapes);
        assert_eq!(e.operands.len(), 2);
    }

    #[test]
    fn find_table() {
        let Program::Find(f) = program("find /usr/local -depth -type f -name '*.pyc' -delete") else {
            panic!()
        };
        assert!(f.delete && !f.exec_rm);
        assert_eq!(f.paths[0].value, "/usr/local");
        let Program::Find(f) = program(r"find /usr/local -depth \( -type d -a -name test \) -exec rm -rf '{}' +")
        else {
            panic!()
        };
        assert!(f.exec_rm && !f.delete);
        assert_eq!(f.execs[0], ["rm", "-rf", "{}"]);
        let Program::Find(f) = program("find / -type f -exec ldd '{}' ';'") else {
            panic!()
        };
        assert!(!f.exec_rm);
        assert_eq!(f.execs[0], ["ldd", "{}"]);
    }

    #[test]
    #[allow(clippy::type_complexity)] // table rows
    fn set_table() {
        let cases: &[(&str, Option<bool>, Option<bool>, Option<bool>)] = &[
            ("set -eux", Some(true), None, Some(true)),
            ("set -o pipefail", None, Some(true), None),
            ("set -eux -o pipefail", Some(true), Some(true), Some(true)),
            ("set -euxo pipefail", Some(true), Some(true), Some(true)),
            ("set +e", Some(false), None, None),
            ("set +o pipefail", None, Some(false), None),
            ("set -o errexit -o xtrace", Some(true), None, Some(true)),
            ("set -- -e", None, None, None),
        ];
        for &(text, errexit, pipefail, xtrace) in cases {
            let Program::Set(s) = program(text) else {
                panic!("{text}")
            };
            assert_eq!((s.errexit, s.pipefail, s.xtrace), (errexit, pipefail, xtrace), "{text}");
        }
    }

    #[test]
    fn gem_go_git_shell() {
        let Program::Gem(g) = program("gem install bundler -v 2.5.0 --no-document") else {
            panic!()
        };
        assert!(g.no_document);
        assert_eq!(
            (g.packages[0].name.as_str(), g.packages[0].version.as_deref()),
            ("bundler", Some("2.5.0"))
        );
        let Program::Gem(g) = program("gem install rails:7.1") else {
            panic!()
        };
        assert!(g.packages[0].is_pinned() && !g.no_document);
        let Program::Go(g) = program("go install golang.org/x/tools/gopls@v0.15.0") else {
            panic!()
        };
        assert_eq!(
            (g.packages[0].name.as_str(), g.packages[0].version.as_deref()),
            ("golang.org/x/tools/gopls", Some("v0.15.0"))
        );
        let Program::Go(g) = program("go build -o /app ./cmd") else {
            panic!()
        };
        assert!(g.packages.is_empty());
        let Program::Git(g) = program("git clone --depth 1 -b v1.2 https://github.com/x/y.git /src") else {
            panic!()
        };
        assert_eq!(g.url.unwrap().value, "https://github.com/x/y.git");
        assert_eq!(g.directory.unwrap().value, "/src");
        assert_eq!((g.depth.as_deref(), g.branch.as_deref()), (Some("1"), Some("v1.2")));
        let Program::Git(g) = program("git -C /src checkout abc") else {
            panic!()
        };
        assert_eq!(g.subcommand.unwrap().name, "checkout");
        let Program::Shell(s) = program("bash -c 'echo hi'") else {
            panic!()
        };
        assert_eq!(s.command.unwrap().value, "echo hi");
        let Program::Shell(s) = program("sh -s -- --yes") else {
            panic!()
        };
        assert!(s.reads_stdin);
        let Program::Shell(s) = program("sh ./install.sh") else {
            panic!()
        };
        assert!(!s.reads_stdin);
        assert_eq!(s.script.unwrap().value, "./install.sh");
        let Program::Shell(s) = program("sh") else { panic!() };
        assert!(s.reads_stdin);
    }
}
