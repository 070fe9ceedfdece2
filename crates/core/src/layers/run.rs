//! What one RUN layer writes, read from its shell scripts: packages (with their dependency closures, minus
//! what the base has), caches left behind, bytecode; and what it deletes or re-owns from earlier layers.

use super::requirements;
use super::tables::{self, AptBase, Release, SizeEstimate};
use crate::analysis::{Options, SizeModel, SizeRange};
use crate::model::ScopeView;
use crate::shell::{venv_created, ApkAction, AptAction, PipAction, PipInvocation, Program, Script};
use crate::syntax::instructions::Mount;

/// Bytes a layer wrote under a path, for later deletions and `COPY --from` to find.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub path: String,
    pub size: SizeRange,
    pub what: String,
    /// Bytes the image never uses where they are written: a package manager's cache or apt's lists left in
    /// the layer. Counted as wasted there, so a later deletion does not count them again.
    pub waste: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunLayer {
    pub size: SizeRange,
    pub basis: Vec<String>,
    /// The models that sized what this layer writes, in the order first used.
    pub models: Vec<SizeModel>,
    pub writes: Vec<Written>,
    /// Paths removed (`rm`), which frees nothing if an earlier layer wrote them.
    pub removes: Vec<String>,
    /// Paths re-owned or re-moded recursively (`chown -R`, `chmod -R`): copied again into this layer.
    pub rewrites: Vec<String>,
    /// The commands with no size model, quoted and joined (empty when every command has one).
    pub unknown_commands: String,
}

/// Where the image's package managers put things, and what the analysis knows about the stage.
pub struct RunInput<'a> {
    pub scripts: &'a [Script],
    pub mounts: &'a [Mount],
    /// Debian family and release for apt sizes; `None` when apt tables do not apply (Alpine, unknown images).
    pub family: Option<AptBase>,
    pub scope: ScopeView<'a>,
    pub workdir: &'a str,
    pub options: &'a Options,
}

/// Commands that write nothing, or only small files: directories, links, users and groups, modes of single
/// files, short configuration files, shell builtins. A layer of nothing else is sized [`SMALL_FILES`]; the
/// real builds of `tests/builds/` measure such layers at 0–9 KB (`docs/accuracy.md`).
const SMALL_WRITERS: &[&str] = &[
    "true",
    "false",
    ":",
    "export",
    "test",
    "[",
    "exit",
    "touch",
    "printf",
    "cat",
    "tee",
    "sed",
    "grep",
    "usermod",
    "groupmod",
    "chpasswd",
    "passwd",
    "id",
    "whoami",
    "which",
    "command",
    "type",
    "env",
    "printenv",
    "sleep",
    "date",
    "uname",
    "ls",
    "pwd",
    "readlink",
    "dirname",
    "basename",
    "umask",
    "ulimit",
    "unset",
    "trap",
    "wait",
    "shift",
    "local",
    "return",
    "break",
    "continue",
    "eval",
    "hash",
    "alias",
    "update-alternatives",
    "ldconfig",
    "mkfifo",
    "nproc",
    "arch",
    "tr",
    "sort",
    "head",
    "tail",
    "cut",
    "awk",
    "wc",
    "uniq",
    "sha256sum",
    "sha512sum",
    "sha1sum",
    "md5sum",
    "mktemp",
    "gpg",
    "gpgconf",
    "gpgv",
    "userdel",
    "groupdel",
    "deluser",
    "delgroup",
    "chgrp",
    "stat",
    "cmp",
    "diff",
    "xargs",
    "yes",
    "seq",
    "expr",
    "file",
    "getent",
    "locale",
    "tput",
];

/// Upper bound of a layer that only writes small files.
pub const SMALL_FILES: SizeRange = SizeRange {
    low: 0,
    high: 128 << 10,
};

/// How the layer estimate sees one command.
enum Sized {
    /// Sized by a table, or by what it removes or re-owns (handled where it is matched).
    Modelled,
    /// Writes nothing or only small files.
    Small,
    /// No size model: named in the basis, not counted.
    Unknown,
}

fn sized(command: &crate::shell::Command) -> Sized {
    if venv_created(command).is_some() {
        return Sized::Modelled;
    }
    match &command.program {
        Program::AptGet(_) | Program::Apk(_) | Program::Rm(_) => Sized::Modelled,
        Program::Pip(pip) if matches!(pip.action, PipAction::Install | PipAction::Sync) => Sized::Modelled,
        // `pip wheel` and `pip download` write the closure's wheels where they are told.
        Program::Pip(pip) if matches!(pip.action, PipAction::Wheel | PipAction::Download) => Sized::Modelled,
        Program::Pip(pip) if pip.action == PipAction::Other => Sized::Unknown,
        Program::Pip(_) => Sized::Small,
        Program::Uv(uv) if uv.subcommand.as_ref().is_some_and(|s| s.name == "sync") => Sized::Modelled,
        Program::Poetry(_) | Program::Pipenv(_) if is_install(command.args()) => Sized::Modelled,
        Program::Chown(chown) if chown.recursive => Sized::Modelled,
        Program::Chmod(chmod) if chmod.recursive => Sized::Modelled,
        Program::None
        | Program::User(_)
        | Program::Chmod(_)
        | Program::Chown(_)
        | Program::Cd(_)
        | Program::Mkdir(_)
        | Program::Set(_)
        | Program::Echo(_)
        | Program::Source(_)
        | Program::Ln(_) => Sized::Small,
        // `sh -c '…'`: its script is one of the layer's scripts too, read on its own.
        Program::Shell(shell) if shell.command.is_some() => Sized::Small,
        Program::Other if SMALL_WRITERS.contains(&command.name()) => Sized::Small,
        // `dpkg --print-architecture` and the like; `dpkg -i` installs packages the tables cannot see.
        Program::Other
            if command.name() == "dpkg"
                && !command
                    .args()
                    .iter()
                    .any(|a| a.value.starts_with("-i") || a.value == "--install" || a.value == "--unpack") =>
        {
            Sized::Small
        }
        _ => Sized::Unknown,
    }
}

/// Packages an `apt-get purge`/`remove` of this layer takes out again, when an autoremove (`apt-get
/// autoremove`, `--auto-remove`) then takes out what only they needed: the layer keeps only the closure of
/// the rest.
fn purged_with_their_dependencies(scripts: &[Script]) -> Vec<String> {
    let mut purged = Vec::new();
    let mut autoremove = false;
    for command in scripts.iter().flat_map(|script| script.commands()) {
        if let Program::AptGet(apt) = &command.program {
            match apt.action {
                AptAction::Purge | AptAction::Remove => {
                    autoremove |= apt.auto_remove;
                    purged.extend(apt.packages.iter().map(|p| p.name.clone()));
                }
                AptAction::Autoremove => autoremove = true,
                _ => {}
            }
        }
    }
    if autoremove {
        purged
    } else {
        Vec::new()
    }
}

pub fn estimate(input: &RunInput) -> RunLayer {
    let mut layer = RunLayer::default();
    let purged = purged_with_their_dependencies(input.scripts);
    let mut small = Vec::new();
    let mut unknown = Vec::new();
    for command in input.scripts.iter().flat_map(|script| script.commands()) {
        let name = command.name().to_string();
        let list = match sized(command) {
            Sized::Unknown => &mut unknown,
            Sized::Small => &mut small,
            Sized::Modelled => continue,
        };
        if !name.is_empty() && !list.contains(&name) {
            list.push(name);
        }
    }
    let mounted = |dir: &str| {
        input
            .mounts
            .iter()
            .any(|m| matches!(m.kind.as_str(), "cache" | "tmpfs") && m.target.as_deref().is_some_and(|t| under(dir, t)))
    };
    for script in input.scripts {
        for command in script.commands() {
            if let Some(dir) = venv_created(command) {
                layer.add_venv(&absolute(input.workdir, &dir.value), command);
                continue;
            }
            match &command.program {
                Program::AptGet(apt)
                    if apt.action == AptAction::Update
                        && !script.apt_lists_cleaned_after(command.id)
                        && !mounted("/var/lib/apt/lists") =>
                {
                    // An image the tables do not cover still fills the lists: Debian stable's are the nearest.
                    let release = input.family.map_or(Release::Trixie, |base| base.release);
                    match (tables::apt_lists_size(release), tables::apt_basis(release)) {
                        (Some((low, high)), Some((release, _))) => layer.by(SizeModel::Apt).add_waste(
                            "/var/lib/apt/lists",
                            SizeRange { low, high },
                            format!("apt package lists left in the layer ({release})"),
                        ),
                        _ => layer
                            .basis
                            .push(format!("apt package lists left in the layer: {}", tables::LOADING)),
                    }
                }
                Program::AptGet(apt) if apt.action == AptAction::Install => {
                    let names: Vec<&str> = apt
                        .packages
                        .iter()
                        .filter(|p| !p.local && !p.expansion && !purged.contains(&p.name))
                        .map(|p| p.name.as_str())
                        .collect();
                    let recommends = !apt.no_install_recommends;
                    let gone: Vec<&str> = apt
                        .packages
                        .iter()
                        .filter(|p| purged.contains(&p.name))
                        .map(|p| p.name.as_str())
                        .collect();
                    match input.family {
                        Some(family) => {
                            let estimate = tables::apt_install_size(&names, recommends, family);
                            let what = format!(
                                "apt: {} with dependencies{}, minus what the base image has{}",
                                names.join(", "),
                                if recommends { " and recommends" } else { "" },
                                if gone.is_empty() {
                                    String::new()
                                } else {
                                    format!(" ({} purged and autoremoved in the same layer)", gone.join(", "))
                                }
                            );
                            let installs = estimate.high > 0;
                            layer
                                .by(SizeModel::Apt)
                                .add_estimate("/usr", &estimate, what, "apt package");
                            if installs && !layer.writes.iter().any(|w| w.path == "/var/lib/dpkg") {
                                let (low, high) = tables::APT_BOOKKEEPING;
                                layer.add(
                                    "/var/lib/dpkg",
                                    SizeRange { low, high },
                                    "dpkg and apt bookkeeping (status database, file lists, debconf cache, logs)"
                                        .into(),
                                );
                            }
                        }
                        None => layer.basis.push(format!(
                            "apt packages {} on an image the apt tables do not cover: not estimated",
                            names.join(", ")
                        )),
                    }
                }
                Program::Apk(apk) if apk.action == ApkAction::Add => {
                    let names: Vec<&str> = apk
                        .packages
                        .iter()
                        .filter(|p| !p.local && !p.expansion)
                        .map(|p| p.name.as_str())
                        .collect();
                    let estimate = tables::apk_install_size(&names);
                    layer.by(SizeModel::Apk).add_estimate(
                        "/usr",
                        &estimate,
                        format!("apk: {} with dependencies", names.join(", ")),
                        "apk package",
                    );
                }
                Program::Pip(pip) if matches!(pip.action, PipAction::Install | PipAction::Sync) => {
                    let uv = pip.invocation == PipInvocation::Uv;
                    let names = requested(pip, input.options, &mut layer);
                    let target = pip
                        .args
                        .value(&["--target", "-t", "--prefix"])
                        .map(|dir| absolute(input.workdir, dir))
                        .unwrap_or_else(|| {
                            if pip.user {
                                "/root/.local".into()
                            } else {
                                environment_of(command).unwrap_or_else(|| site_packages(input.scope))
                            }
                        });
                    let cache_dir = if uv { "/root/.cache/uv" } else { "/root/.cache/pip" };
                    let keeps_cache = !pip.no_cache_dir
                        && !cache_disabled(input.scope, uv)
                        && !mounted(cache_dir)
                        && !script.pip_cache_cleaned_after(command.id);
                    let compiles = if uv {
                        uv_compiles(input.scope, &pip.args)
                    } else {
                        !pip.args.has(&["--no-compile"])
                    };
                    layer.add_python(
                        &names,
                        &target,
                        keeps_cache.then_some(cache_dir),
                        compiles,
                        if uv { "uv pip" } else { "pip" },
                    );
                }
                Program::Pip(pip) if matches!(pip.action, PipAction::Wheel | PipAction::Download) => {
                    let names = requested(pip, input.options, &mut layer);
                    let dir = pip
                        .args
                        .value(&["--wheel-dir", "-w", "--dest", "-d"])
                        .map_or_else(|| input.workdir.to_string(), |dir| absolute(input.workdir, dir));
                    layer.add_wheels(&names, &dir);
                }
                Program::Uv(uv) if uv.subcommand.as_ref().is_some_and(|s| s.name == "sync") => {
                    let names = project_dependencies(input.options, &mut layer);
                    let env = input
                        .scope
                        .get("UV_PROJECT_ENVIRONMENT")
                        .map(|dir| absolute(input.workdir, dir));
                    let target = env.unwrap_or_else(|| absolute(input.workdir, ".venv"));
                    let keeps_cache = !uv.no_cache && !cache_disabled(input.scope, true) && !mounted("/root/.cache/uv");
                    let compiles = uv_compiles(input.scope, &uv.args);
                    layer.add_python(
                        &names,
                        &target,
                        keeps_cache.then_some("/root/.cache/uv"),
                        compiles,
                        "uv sync",
                    );
                }
                Program::Poetry(_) | Program::Pipenv(_) if is_install(command.args()) => {
                    let names = project_dependencies(input.options, &mut layer);
                    layer.add_python(&names, &site_packages(input.scope), None, true, command.name());
                }
                Program::Rm(rm) => layer
                    .removes
                    .extend(rm.paths.iter().map(|p| absolute(input.workdir, &p.value))),
                Program::Chown(chown) if chown.recursive => layer
                    .rewrites
                    .extend(chown.paths.iter().map(|p| absolute(input.workdir, &p.value))),
                Program::Chmod(chmod) if chmod.recursive => layer
                    .rewrites
                    .extend(chmod.paths.iter().map(|p| absolute(input.workdir, &p.value))),
                _ => {}
            }
        }
    }
    let quoted = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    if !unknown.is_empty() {
        layer.unknown_commands = quoted(&unknown);
    } else if layer.writes.is_empty() && layer.basis.is_empty() && layer.rewrites.is_empty() && !small.is_empty() {
        // Nothing a table sizes was written: folders, users, links. Not recorded under a path: those few bytes
        // are all over the tree, and a later deletion or COPY --from finds nothing of its own in them (a write
        // at `/` would be related to every path, making each later `rm` walk them all).
        let what = format!("small files only ({})", quoted(&small));
        layer.size = SMALL_FILES;
        layer.models.push(SizeModel::SmallFiles);
        layer
            .basis
            .push(format!("{what}: {}", super::format_range(SMALL_FILES)));
    }
    layer
}

impl RunLayer {
    /// Notes that `model` sizes what follows.
    fn by(&mut self, model: SizeModel) -> &mut Self {
        if !self.models.contains(&model) {
            self.models.push(model);
        }
        self
    }

    fn add(&mut self, path: &str, size: SizeRange, what: String) {
        self.write(path, size, what, false);
    }

    /// Bytes left where the image never uses them (a cache, apt's lists).
    fn add_waste(&mut self, path: &str, size: SizeRange, what: String) {
        self.write(path, size, what, true);
    }

    fn write(&mut self, path: &str, size: SizeRange, what: String, waste: bool) {
        self.size.low += size.low;
        self.size.high += size.high;
        self.basis.push(format!("{what}: {}", super::format_range(size)));
        self.writes.push(Written {
            path: path.to_string(),
            size,
            what,
            waste,
        });
    }

    fn add_estimate(&mut self, path: &str, estimate: &SizeEstimate, what: String, kind: &str) {
        if !tables::loaded() {
            return self.basis.push(format!("{what}: {}", tables::LOADING));
        }
        self.add(
            path,
            SizeRange {
                low: estimate.low,
                high: estimate.high,
            },
            what,
        );
        if !estimate.unknown_packages.is_empty() {
            self.basis.push(format!(
                "{kind}s not in the size tables, not counted: {}",
                estimate.unknown_packages.join(", ")
            ));
        }
    }

    /// `python -m venv DIR` (and `virtualenv`) copy pip into the environment and compile it; `uv venv` and
    /// `--without-pip` make only the interpreter links and `pyvenv.cfg`.
    fn add_venv(&mut self, dir: &str, command: &crate::shell::Command) {
        let with_pip = command.name() != "uv" && !command.has_arg("--without-pip");
        self.by(SizeModel::Venv);
        if !with_pip {
            return self.add(dir, SMALL_FILES, "virtual environment without pip".into());
        }
        if !tables::loaded() {
            return self
                .basis
                .push(format!("virtual environment with pip: {}", tables::LOADING));
        }
        let pip = tables::pip_estimate(&["pip"]);
        let size = SizeRange {
            low: pip.install.low + pip.bytecode.low,
            high: pip.install.high + pip.bytecode.high + SMALL_FILES.high,
        };
        self.add(dir, size, "virtual environment with its own pip (compiled)".into());
    }

    /// The wheels of the closure of `names`, as `pip wheel` / `pip download` leave them in `dir`.
    fn add_wheels(&mut self, names: &[String], dir: &str) {
        if names.is_empty() {
            return;
        }
        self.by(SizeModel::Wheels);
        if !tables::loaded() {
            return self
                .basis
                .push(format!("pip wheels: {}: {}", names.join(", "), tables::LOADING));
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let estimate = tables::pip_estimate(&refs);
        let what = format!("pip wheels: {} with dependencies, in {dir}", names.join(", "));
        self.add_estimate(dir, &estimate.cache, what, "Python package");
    }

    fn add_python(&mut self, names: &[String], target: &str, cache: Option<&str>, compiles: bool, tool: &str) {
        if names.is_empty() {
            return;
        }
        self.by(SizeModel::Python);
        if !tables::loaded() {
            return self
                .basis
                .push(format!("{tool}: {}: {}", names.join(", "), tables::LOADING));
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let estimate = tables::pip_estimate(&refs);
        let wheels = match tables::pip_basis() {
            Some((python, platform, _)) => format!(" (wheels for Python {python}, {platform})"),
            None => String::new(),
        };
        let what = format!("{tool}: {} with dependencies{wheels}", names.join(", "));
        self.add_estimate(target, &estimate.install, what, "Python package");
        if compiles {
            let bytecode = SizeRange {
                low: estimate.bytecode.low,
                high: estimate.bytecode.high,
            };
            self.add(target, bytecode, "bytecode compiled at install time (.pyc)".into());
        }
        if let Some(dir) = cache {
            let size = SizeRange {
                low: estimate.cache.low,
                high: estimate.cache.high,
            };
            self.add_waste(dir, size, format!("{tool} cache left in the layer ({dir})"));
        }
    }
}

/// What a pip command names: its packages (not local paths or expansions) and what its `-r` files hold.
fn requested(pip: &crate::shell::Pip, options: &Options, layer: &mut RunLayer) -> Vec<String> {
    let mut names: Vec<String> = pip
        .packages
        .iter()
        .filter(|p| !p.local && !p.expansion)
        .map(|p| p.name.clone())
        .collect();
    for file in &pip.requirements {
        names.extend(requirement_file(&file.value, options, layer));
    }
    names
}

/// Names from a `-r` file: the user's `requirements.txt` when they gave it, otherwise unknown.
fn requirement_file(file: &str, options: &Options, layer: &mut RunLayer) -> Vec<String> {
    let name = file.rsplit('/').next().unwrap_or(file);
    match &options.context.requirements_txt {
        Some(text) if name.starts_with("requirements") => requirements::from_requirements_txt(text),
        _ => {
            layer.basis.push(format!(
                "`{file}`: contents unknown, so its packages are not counted (add it to sharpen the estimate)"
            ));
            Vec::new()
        }
    }
}

fn project_dependencies(options: &Options, layer: &mut RunLayer) -> Vec<String> {
    match &options.context.pyproject_toml {
        Some(text) => requirements::from_pyproject_toml(text),
        None => {
            layer
                .basis
                .push("project dependencies unknown, not counted (add pyproject.toml to sharpen the estimate)".into());
            Vec::new()
        }
    }
}

fn is_install(args: &[crate::shell::Word]) -> bool {
    args.iter().any(|w| matches!(w.as_str(), "install" | "sync"))
}

/// pip's cache is off with `PIP_NO_CACHE_DIR` set to anything pip reads as a boolean; uv's with `UV_NO_CACHE`.
fn cache_disabled(scope: ScopeView, uv: bool) -> bool {
    let name = if uv { "UV_NO_CACHE" } else { "PIP_NO_CACHE_DIR" };
    scope.get(name).is_some_and(|v| !v.is_empty())
}

fn uv_compiles(scope: ScopeView, args: &crate::shell::Args) -> bool {
    args.has(&["--compile-bytecode", "--compile"])
        || scope
            .get("UV_COMPILE_BYTECODE")
            .is_some_and(|v| matches!(v, "1" | "true" | "yes" | "on"))
}

/// Where pip installs without flags: the active virtualenv (`VIRTUAL_ENV`, or a `…/bin` first on `PATH`
/// as set by `ENV PATH=/opt/venv/bin:$PATH`), else the system prefix.
/// The environment a pip run by its path installs into: `/opt/venv/bin/pip install …` or
/// `/opt/venv/bin/python -m pip install …` write under `/opt/venv`.
fn environment_of(command: &crate::shell::Command) -> Option<String> {
    let program = &command.program_word()?.value;
    let (prefix, _) = program.rsplit_once("/bin/")?;
    (prefix.starts_with('/') && !matches!(prefix, "/usr" | "/usr/local" | "")).then(|| prefix.to_string())
}

fn site_packages(scope: ScopeView) -> String {
    if let Some(venv) = scope.get("VIRTUAL_ENV") {
        return venv.to_string();
    }
    let first = scope.get("PATH").and_then(|path| path.split(':').next()).unwrap_or("");
    match first.strip_suffix("/bin") {
        Some(venv) if !venv.is_empty() && !matches!(venv, "/usr" | "/usr/local" | "") => venv.to_string(),
        _ => "/usr/local".into(),
    }
}

/// `path` made absolute against the working directory, without `.`/trailing-slash noise.
pub fn absolute(workdir: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{}", workdir.trim_end_matches('/'), path)
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Whether `path` is `dir` or inside it (globs in `dir` match up to their first wildcard).
pub fn under(path: &str, dir: &str) -> bool {
    let dir = dir.split(['*', '?', '[']).next().unwrap_or(dir).trim_end_matches('/');
    let path = path.trim_end_matches('/');
    dir.is_empty() || path == dir || path.starts_with(&format!("{dir}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_made_absolute_and_compared_by_component() {
        assert_eq!(absolute("/app", "requirements.txt"), "/app/requirements.txt");
        assert_eq!(absolute("/app", "./src/../lib/"), "/app/lib");
        assert_eq!(absolute("/", "/var/lib/apt/lists/*"), "/var/lib/apt/lists/*");
        assert!(under("/var/lib/apt/lists/partial", "/var/lib/apt/lists/*"));
        assert!(under("/var/lib/apt/lists", "/var/lib/apt/lists"));
        assert!(!under("/var/lib/apt/listsx", "/var/lib/apt/lists"));
    }
}
