//! Python packaging: pip (any spelling), uv, poetry, pipenv.

use super::{flag_values, lookup, operands_at, packages_at, split_subcommand, Operand, Package, Program, Subcommand};
use crate::shell::args::{self, Args, Spec};
use crate::shell::ast::Word;

/// How pip was started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PipInvocation {
    /// `pip`, `pip3`, `pip3.12`.
    #[default]
    Pip,
    /// `python -m pip`, `python3.12 -m pip`.
    PythonModule,
    /// `uv pip`.
    Uv,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PipAction {
    Install,
    Uninstall,
    Download,
    Wheel,
    Freeze,
    /// `pip cache purge` / `pip cache remove`.
    CachePurge,
    /// `uv pip sync`.
    Sync,
    #[default]
    Other,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pip {
    pub invocation: PipInvocation,
    pub subcommand: Option<Subcommand>,
    pub action: PipAction,
    /// Requirement specifiers (`flask==3.0`, `requests>=2`, `pkg[extra]`, `./dir`, `x.whl`, URLs).
    pub packages: Vec<Package>,
    /// `-r`/`--requirement` files (and `uv pip sync` operands).
    pub requirements: Vec<Operand>,
    /// `-c`/`--constraint` files.
    pub constraints: Vec<Operand>,
    /// `-e`/`--editable` targets.
    pub editables: Vec<Operand>,
    /// `--no-cache-dir` (pip) or `--no-cache`/`-n` (uv).
    pub no_cache_dir: bool,
    /// `--user`.
    pub user: bool,
    /// `-U`/`--upgrade`.
    pub upgrade: bool,
    /// `--break-system-packages`.
    pub break_system_packages: bool,
    /// `-i`/`--index-url`.
    pub index_urls: Vec<Operand>,
    /// `--extra-index-url`.
    pub extra_index_urls: Vec<Operand>,
    /// `--trusted-host`.
    pub trusted_hosts: Vec<Operand>,
    pub args: Args,
}

impl Pip {
    /// Byte offset right after the subcommand (`install`): where to insert ` --no-cache-dir`.
    pub fn insert_offset(&self) -> Option<usize> {
        self.subcommand.as_ref().map(Subcommand::insert_offset)
    }
}

const PIP_SPEC: Spec = Spec {
    short_value: b"rceiftpCb",
    long_value: "--requirement --constraint --editable --index-url --extra-index-url --trusted-host --find-links \
        --target --prefix --root --src --upgrade-strategy --platform --python-version --implementation --abi \
        --only-binary --no-binary --progress-bar --cache-dir --log --proxy --retries --timeout --exists-action \
        --cert --client-cert --global-option --config-settings --install-option --report --python \
        --keyring-provider --group --wheel-dir --dest --index-strategy --resolution --prerelease --override \
        --build-constraint --default-index --index --extra --exclude-newer --link-mode --compile-bytecode-args \
        --root-user-action --use-feature --use-deprecated --hash --requirements --constraints",
    single_dash_long: false,
    stop_at_operand: false,
};

pub(crate) fn is_pip_name(name: &str) -> bool {
    name.strip_prefix("pip")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

pub(crate) fn is_python_name(name: &str) -> bool {
    name == "py"
        || name
            .strip_prefix("python")
            .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// A PEP 508 requirement, or a path/URL.
fn requirement(word: &Word) -> Package {
    let mut p = Package::new(word);
    let s = word.value.as_str();
    if s.starts_with('.')
        || s.starts_with('/')
        || s.contains("://")
        || s.starts_with("git+")
        || [".whl", ".tar.gz", ".zip", ".tgz"].iter().any(|e| s.ends_with(e))
    {
        p.local = true;
        return p;
    }
    // `name [extras] (op version)* (; marker)`
    let s = s.split(';').next().unwrap_or("").trim();
    if let Some((name, url)) = s.split_once(" @ ").or_else(|| s.split_once('@')) {
        if url.contains("://") || url.contains('/') {
            p.local = true;
            p.name = name.trim().to_string();
            return p;
        }
    }
    // Byte-wise scans: the characters looked for are ASCII.
    let name_end = s
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
        .unwrap_or(s.len());
    p.name = s[..name_end].to_string();
    let mut rest = s[name_end..].trim_start();
    if let Some(inner) = rest.strip_prefix('[') {
        if let Some((extras, after)) = inner.split_once(']') {
            p.extras = Some(extras.to_string());
            rest = after.trim_start();
        }
    }
    if !rest.is_empty() {
        let op_len = rest
            .bytes()
            .position(|b| !matches!(b, b'=' | b'<' | b'>' | b'!' | b'~'))
            .unwrap_or(rest.len());
        p.op = Some(rest[..op_len].to_string());
        p.version = Some(rest[op_len..].trim().to_string());
    }
    p
}

const PIP_ACTIONS: &[(&str, PipAction)] = &[
    ("install", PipAction::Install),
    ("uninstall", PipAction::Uninstall),
    ("download", PipAction::Download),
    ("wheel", PipAction::Wheel),
    ("freeze", PipAction::Freeze),
    ("sync", PipAction::Sync),
];

pub(crate) fn pip(invocation: PipInvocation, args: &[Word]) -> Pip {
    let parsed = args::parse(args, &PIP_SPEC);
    let (subcommand, ops) = split_subcommand(args, &parsed);
    let sub = subcommand.as_ref().map(|s| s.name.as_str());
    let purges_cache = sub == Some("cache")
        && (invocation == PipInvocation::Uv
            || ops
                .first()
                .is_some_and(|&i| matches!(args[i].value.as_str(), "purge" | "remove")));
    let action = match lookup(PIP_ACTIONS, sub) {
        Some(action) => action,
        None if purges_cache => PipAction::CachePurge,
        None => PipAction::Other,
    };
    let mut requirements = flag_values(&parsed, "-r --requirement");
    let packages = match action {
        PipAction::Install | PipAction::Uninstall | PipAction::Download | PipAction::Wheel => {
            packages_at(args, &ops, requirement)
        }
        PipAction::Sync => {
            requirements.extend(operands_at(args, &ops));
            Vec::new()
        }
        _ => Vec::new(),
    };
    Pip {
        invocation,
        subcommand,
        action,
        packages,
        requirements,
        constraints: flag_values(&parsed, "-c --constraint"),
        editables: flag_values(&parsed, "-e --editable"),
        no_cache_dir: parsed.has_any("--no-cache-dir --no-cache")
            || (invocation == PipInvocation::Uv && parsed.has_any("-n")),
        user: parsed.has_any("--user"),
        upgrade: parsed.has_any("-U --upgrade"),
        break_system_packages: parsed.has_any("--break-system-packages"),
        index_urls: flag_values(&parsed, "-i --index-url --default-index --index"),
        extra_index_urls: flag_values(&parsed, "--extra-index-url"),
        trusted_hosts: flag_values(&parsed, "--trusted-host"),
        args: parsed,
    }
}

/// `python [options] -m pip ...`; other Python invocations are [`Program::Other`].
pub(crate) fn python(args: &[Word]) -> Program {
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let v = w.value.as_str();
        if v == "-m" {
            return match args.get(i + 1).map(|w| w.value.as_str()) {
                Some("pip") => Program::Pip(Box::new(pip(PipInvocation::PythonModule, &args[i + 2..]))),
                _ => Program::Other,
            };
        }
        if let Some(module) = v.strip_prefix("-m") {
            return if module == "pip" {
                Program::Pip(Box::new(pip(PipInvocation::PythonModule, &args[i + 1..])))
            } else {
                Program::Other
            };
        }
        // Interpreter options before `-m` (`-u`, `-I`, `-X opt`, `-W arg`).
        if !v.starts_with('-') || v == "-c" || v == "-" {
            return Program::Other;
        }
        i += if matches!(v, "-X" | "-W" | "-Q") { 2 } else { 1 };
    }
    Program::Other
}

/// `uv` other than `uv pip` (`uv sync`, `uv add`, `uv run`, `uv tool install`, ...).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Uv {
    pub subcommand: Option<Subcommand>,
    /// `--locked`.
    pub locked: bool,
    /// `--frozen`.
    pub frozen: bool,
    /// `--no-dev` (or `--only-group`/`--no-default-groups`, which also leave dev out).
    pub no_dev: bool,
    /// `--no-install-project`.
    pub no_install_project: bool,
    /// `--no-cache`/`-n`.
    pub no_cache: bool,
    /// Operands after the subcommand (`uv add` packages, `uv run` command).
    pub operands: Vec<Operand>,
    pub args: Args,
}

pub(crate) fn uv(args: &[Word]) -> Program {
    let mut start = 0;
    // Global options before the subcommand, e.g. `uv --no-cache pip install`.
    while args.get(start).is_some_and(|w| w.value.starts_with('-')) {
        start += 1;
    }
    if args.get(start).is_some_and(|w| w.value == "pip") {
        let mut p = pip(PipInvocation::Uv, &args[start + 1..]);
        let globals = args::parse(&args[..start], &PIP_SPEC);
        p.no_cache_dir |= globals.has_any("--no-cache -n");
        return Program::Pip(Box::new(p));
    }
    let parsed = args::parse(args, &PIP_SPEC);
    let (subcommand, ops) = split_subcommand(args, &parsed);
    Program::Uv(Box::new(Uv {
        subcommand,
        locked: parsed.has_any("--locked"),
        frozen: parsed.has_any("--frozen"),
        no_dev: parsed.has_any("--no-dev --no-default-groups --only-group"),
        no_install_project: parsed.has_any("--no-install-project"),
        no_cache: parsed.has_any("--no-cache -n"),
        operands: operands_at(args, &ops),
        args: parsed,
    }))
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Poetry {
    pub subcommand: Option<Subcommand>,
    /// `--no-root`.
    pub no_root: bool,
    /// `--only` groups (`--only main`, `--only=main,docs`).
    pub only: Vec<String>,
    /// `--without` groups.
    pub without: Vec<String>,
    /// `--no-interaction`/`-n`.
    pub no_interaction: bool,
    /// `--no-dev` (Poetry < 1.2), or `--only main`, or `--without dev`.
    pub no_dev: bool,
    /// Operands after the subcommand (`poetry add` packages, `poetry config` key and value).
    pub operands: Vec<Operand>,
    pub args: Args,
}

const POETRY_SPEC: Spec = Spec {
    short_value: b"EC",
    long_value: "--only --without --with --extras --directory --group --project",
    single_dash_long: false,
    stop_at_operand: false,
};

fn groups(parsed: &Args, name: &str) -> Vec<String> {
    let mut groups = Vec::new();
    for value in parsed.get_any(name).filter_map(|f| f.value.as_deref()) {
        for group in value.split(',').map(str::trim).filter(|g| !g.is_empty()) {
            groups.push(group.to_string());
        }
    }
    groups
}

pub(crate) fn poetry(args: &[Word]) -> Poetry {
    let parsed = args::parse(args, &POETRY_SPEC);
    let (subcommand, ops) = split_subcommand(args, &parsed);
    let only = groups(&parsed, "--only");
    let without = groups(&parsed, "--without");
    Poetry {
        subcommand,
        no_root: parsed.has_any("--no-root"),
        no_interaction: parsed.has_any("--no-interaction -n"),
        no_dev: parsed.has_any("--no-dev --only-root")
            || (!only.is_empty() && !only.iter().any(|g| g == "dev"))
            || without.iter().any(|g| g == "dev"),
        only,
        without,
        operands: operands_at(args, &ops),
        args: parsed,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pipenv {
    pub subcommand: Option<Subcommand>,
    /// `--deploy`.
    pub deploy: bool,
    /// `--system`.
    pub system: bool,
    /// `--dev`/`-d`.
    pub dev: bool,
    pub packages: Vec<Package>,
    pub args: Args,
}

pub(crate) fn pipenv(args: &[Word]) -> Pipenv {
    const SPEC: Spec = Spec {
        long_value: "--python --categories --pypi-mirror --extra-pip-args",
        ..Spec::PLAIN
    };
    let parsed = args::parse(args, &SPEC);
    let (subcommand, ops) = split_subcommand(args, &parsed);
    Pipenv {
        subcommand,
        deploy: parsed.has_any("--deploy"),
        system: parsed.has_any("--system"),
        dev: parsed.has_any("--dev -d"),
        packages: packages_at(args, &ops, requirement),
        args: parsed,
    }
}

/// `python`, `python3`, `python3.12`.
pub fn is_python(program: &str) -> bool {
    program
        .strip_prefix("python")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// The directory a command creates a virtual environment in: `python -m venv DIR`, `virtualenv DIR`,
/// `uv venv DIR`.
pub fn venv_created(command: &crate::shell::Command) -> Option<&Word> {
    let args = command.args();
    let name = command.name();
    let rest = if is_python(name) {
        let at = args.iter().position(|a| a.value == "-m")?;
        if !matches!(args.get(at + 1)?.value.as_str(), "venv" | "virtualenv") {
            return None;
        }
        &args[at + 2..]
    } else if name == "virtualenv" {
        args
    } else if name == "uv" && args.first()?.value == "venv" {
        &args[1..]
    } else {
        return None;
    };
    rest.iter().rfind(|a| !a.value.starts_with('-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse;

    fn program(text: &str) -> Program {
        parse(text, 0).commands().last().unwrap().program.clone()
    }

    fn pip_of(text: &str) -> Pip {
        match program(text) {
            Program::Pip(p) => *p,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn pip_invocations() {
        let cases: &[(&str, PipInvocation, PipAction)] = &[
            ("pip install x", PipInvocation::Pip, PipAction::Install),
            ("pip3 install x", PipInvocation::Pip, PipAction::Install),
            ("pip3.12 install x", PipInvocation::Pip, PipAction::Install),
            ("/usr/local/bin/pip install x", PipInvocation::Pip, PipAction::Install),
            (
                "python3 -m pip install -U pip",
                PipInvocation::PythonModule,
                PipAction::Install,
            ),
            (
                "python -u -m pip install x",
                PipInvocation::PythonModule,
                PipAction::Install,
            ),
            (
                "python3.12 -mpip install x",
                PipInvocation::PythonModule,
                PipAction::Install,
            ),
            ("uv pip install --system x", PipInvocation::Uv, PipAction::Install),
            ("uv pip sync requirements.txt", PipInvocation::Uv, PipAction::Sync),
            ("pip cache purge", PipInvocation::Pip, PipAction::CachePurge),
            ("pip wheel -w /wheels -r r.txt", PipInvocation::Pip, PipAction::Wheel),
            ("pip uninstall -y x", PipInvocation::Pip, PipAction::Uninstall),
            ("pip freeze", PipInvocation::Pip, PipAction::Freeze),
        ];
        for &(text, invocation, action) in cases {
            let p = pip_of(text);
            assert_eq!((p.invocation, p.action), (invocation, action), "{text}");
        }
        assert!(matches!(program("python3 -m venv /venv"), Program::Other));
        assert!(matches!(program("python3 -c 'import x'"), Program::Other));
        assert!(matches!(program("pipx install x"), Program::Other));
    }

    #[test]
    fn pip_install_options() {
        let p = pip_of("pip install --no-cache-dir -r requirements.txt");
        assert!(p.no_cache_dir && p.packages.is_empty());
        assert_eq!(p.requirements[0].value, "requirements.txt");
        let p = pip_of("python3 -m pip install -U pip");
        assert!(p.upgrade);
        assert_eq!(p.packages[0].name, "pip");
        let p = pip_of(
            "pip install --user --trusted-host mirror.example.com -i https://i/simple --extra-index-url https://e \
             -c c.txt -e ./src 'flask==3.0' 'requests>=2' 'pkg[extra,b]~=1.4' . git+https://g/x.git",
        );
        assert!(p.user && !p.no_cache_dir);
        assert_eq!(p.trusted_hosts[0].value, "mirror.example.com");
        assert_eq!(p.index_urls[0].value, "https://i/simple");
        assert_eq!(p.extra_index_urls[0].value, "https://e");
        assert_eq!(p.constraints[0].value, "c.txt");
        assert_eq!(p.editables[0].value, "./src");
        let got: Vec<_> = p
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.op.as_deref(), p.version.as_deref(), p.local))
            .collect();
        assert_eq!(
            got,
            [
                ("flask", Some("=="), Some("3.0"), false),
                ("requests", Some(">="), Some("2"), false),
                ("pkg", Some("~="), Some("1.4"), false),
                (".", None, None, true),
                ("git+https://g/x.git", None, None, true),
            ]
        );
        assert_eq!(p.packages[2].extras.as_deref(), Some("extra,b"));
        assert!(p.packages[0].is_pinned() && !p.packages[1].is_pinned());
        let p = pip_of("uv pip install --no-cache x");
        assert!(p.no_cache_dir);
        let p = pip_of("uv --no-cache pip install x");
        assert!(p.no_cache_dir);
        let p = pip_of("pip install --break-system-packages x");
        assert!(p.break_system_packages);
        let p = pip_of("pip install --root-user-action ignore --progress-bar off x");
        assert_eq!(p.packages.len(), 1);
        let p = pip_of("PIP_NO_CACHE_DIR=1 pip install x");
        assert!(p.no_cache_dir);
        assert_eq!(p.insert_offset(), Some("PIP_NO_CACHE_DIR=1 pip install".len()));
        let p = pip_of("env PIP_NO_CACHE_DIR=true python3 -m pip install x");
        assert!(p.no_cache_dir);
    }

    #[test]
    fn uv_poetry_pipenv() {
        let Program::Uv(uv) = program("uv sync --locked --no-dev --no-install-project") else {
            panic!()
        };
        assert!(uv.locked && uv.no_dev && uv.no_install_project && !uv.frozen);
        assert_eq!(uv.subcommand.unwrap().name, "sync");
        let Program::Uv(uv) = program("uv sync --frozen --no-cache") else {
            panic!()
        };
        assert!(uv.frozen && uv.no_cache);
        let Program::Poetry(p) = program("poetry install --no-root --only main --no-interaction") else {
            panic!()
        };
        assert!(p.no_root && p.no_interaction && p.no_dev);
        assert_eq!(p.only, ["main"]);
        let Program::Poetry(p) = program("poetry install --without=dev,test") else {
            panic!()
        };
        assert!(p.no_dev && !p.no_root);
        let Program::Poetry(p) = program("poetry config virtualenvs.create false") else {
            panic!()
        };
        assert_eq!(p.operands.len(), 2);
        let Program::Pipenv(p) = program("pipenv install --deploy --system") else {
            panic!()
        };
        assert!(p.deploy && p.system);
    }
}
