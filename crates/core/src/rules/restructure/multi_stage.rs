//! The opt-in restructuring behind Y019: split a single-stage Python image that compiles its dependencies
//! into a builder stage that installs them into a virtualenv, and a final stage that copies the virtualenv
//! and installs only the runtime libraries.
//!
//! Preconditions, checked here (the fix refrains otherwise):
//! - the Dockerfile has one stage, built `FROM` the official `python` image, without `ONBUILD`;
//! - uv projects: every Python install is a `uv sync` of the project in the WORKDIR (absolute, no
//!   variables; no `--project`/`--directory`/`--no-editable`, no `UV_PROJECT_ENVIRONMENT`), in RUNs that run
//!   nothing else but `set`; a pip install of `uv` itself stays in the builder, so nothing after the last
//!   sync runs uv;
//! - otherwise every Python install is a pip install (`pip`, `pip3`, `python -m pip`; not `uv pip`) of requirements
//!   files or named packages: no editable (`-e`) or local (`.`, paths) installs, no `--user`, `--target`,
//!   `--prefix` or `--root`; such RUNs run nothing else but `set`;
//! - no virtualenv exists already, and no ENV sets `PATH`, `VIRTUAL_ENV`, `PIP_TARGET`, `PIP_PREFIX` or
//!   `PIP_USER`; no USER comes before the last pip install (the builder creates `/opt/venv` as root);
//! - the system packages come from RUNs that run only `apt-get`/`apk`, `rm` and `set`, before the last pip
//!   install; every build tool is known: compilers, `make`, `pkg-config` and headers are dropped from the
//!   final stage, `-dev` packages become their runtime library (`libpq-dev` → `libpq5`,
//!   `default-libmysqlclient-dev` → `libmariadb3`...), or nothing when the `python` image ships it already
//!   (`libffi-dev`, `libssl-dev`...); an unknown `-dev` package makes the fix refrain; other packages
//!   (`curl`...) are installed in both stages;
//! - no RUN of the stage is in exec form or has here-documents (what they run is not read);
//! - other RUNs before the last pip install compile nothing (no compiler, build tool or package manager);
//!   they are repeated in the final stage;
//! - when the final stage is `-slim`, no RUN, CMD, ENTRYPOINT or HEALTHCHECK uses a program of the full
//!   image that it lacks (`curl`, `wget`, `git`...) without installing it first;
//! - nothing after the last pip install compiles or installs Python packages or build tools, or runs a
//!   program from `/usr/local/bin` (where pip put the packages' programs) that the Dockerfile did not copy
//!   there.
//!
//! What changes: the original stage becomes `builder` (`python -m venv /opt/venv` and
//! `ENV PATH=/opt/venv/bin:$PATH` go before the first pip install, above the COPYs right before it; the
//! install keeps its flags). After the last
//! pip install, a final stage starts `FROM` the same image, or its `-slim` variant of the same tag
//! (`python:3.12` → `python:3.12-slim`, `python:3.12-bookworm` → `python:3.12-slim-bookworm`; Alpine, slim,
//! digest-pinned or unrecognised tags stay as they are, so the Python version and the OS release never
//! change); it repeats the instructions before the last install (ENV, ARG, WORKDIR, COPY, the runtime
//! packages), with `COPY --from=builder /opt/venv /opt/venv` and the same `ENV PATH` where the first install
//! was (a step between two installs finds the packages); the rest of the file
//! (the application copy, USER, CMD...) follows unchanged. A stage name moves to the final stage.
//!
//! For uv projects, uv's own layout: no virtualenv is created (`uv sync` makes `<WORKDIR>/.venv`); the final
//! stage skips the COPYs into the project directory and gets `COPY --from=builder <WORKDIR> <WORKDIR>` (the
//! project with its `.venv`, which an editable project install points into) and
//! `ENV PATH=<WORKDIR>/.venv/bin:$PATH` unless the Dockerfile sets that PATH itself.

use crate::model::Base;
use crate::model::Model;
use crate::rules::{Edit, Fix};
use crate::shell::venv_created;
use crate::shell::{ApkAction, AptAction, PipAction, PipInvocation, Program, Script};
use crate::syntax::Instruction;
use crate::syntax::Keyword;

pub const VENV: &str = "/opt/venv";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Apt,
    Apk,
}

/// What a build-time package means for the final stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A compiler, tool or headers: nothing is needed at run time.
    Tool,
    /// A `-dev` package whose runtime library is this package.
    Runtime(&'static str),
    /// A `-dev` package whose runtime library is not known.
    UnknownDev,
}

const APT_TOOLS: &[&str] = &[
    "build-essential",
    "gcc",
    "g++",
    "cpp",
    "clang",
    "make",
    "cmake",
    "pkg-config",
    "pkgconf",
    "autoconf",
    "automake",
    "libtool",
    "gfortran",
    "python3-dev",
    "python-dev",
    "linux-headers-generic",
    "libc6-dev",
    // Libraries the `python` image itself links against, so it ships them already.
    "libffi-dev",
    "libssl-dev",
    "zlib1g-dev",
    "libbz2-dev",
    "liblzma-dev",
    "libsqlite3-dev",
    "libreadline-dev",
    "libncurses-dev",
    "libncursesw5-dev",
    "uuid-dev",
];

const APT_RUNTIME: &[(&str, &str)] = &[
    ("libpq-dev", "libpq5"),
    ("default-libmysqlclient-dev", "libmariadb3"),
    ("libmariadb-dev", "libmariadb3"),
    ("libmariadb-dev-compat", "libmariadb3"),
    ("libxml2-dev", "libxml2"),
    ("libxslt1-dev", "libxslt1.1"),
    ("libyaml-dev", "libyaml-0-2"),
];

const APK_TOOLS: &[&str] = &[
    "build-base",
    "gcc",
    "g++",
    "clang",
    "make",
    "cmake",
    "musl-dev",
    "linux-headers",
    "pkgconf",
    "pkgconfig",
    "autoconf",
    "automake",
    "libtool",
    "gfortran",
    "python3-dev",
    // Shipped by the Alpine `python` image.
    "libffi-dev",
    "openssl-dev",
    "zlib-dev",
    "bzip2-dev",
    "xz-dev",
    "sqlite-dev",
    "readline-dev",
    "ncurses-dev",
];

const APK_RUNTIME: &[(&str, &str)] = &[
    ("postgresql-dev", "libpq"),
    ("libpq-dev", "libpq"),
    ("mariadb-dev", "mariadb-connector-c"),
    ("mariadb-connector-c-dev", "mariadb-connector-c"),
    ("libxml2-dev", "libxml2"),
    ("libxslt-dev", "libxslt"),
    ("yaml-dev", "yaml"),
];

/// The role of a package in the build, or `None` for an ordinary package.
pub fn build_tool(kind: Kind, name: &str) -> Option<Role> {
    let (tools, runtime) = match kind {
        Kind::Apt => (APT_TOOLS, APT_RUNTIME),
        Kind::Apk => (APK_TOOLS, APK_RUNTIME),
    };
    if tools.contains(&name) || (kind == Kind::Apt && name.starts_with("gcc-") && !name.ends_with("-base")) {
        return Some(Role::Tool);
    }
    if let Some((_, lib)) = runtime.iter().find(|(dev, _)| *dev == name) {
        return Some(Role::Runtime(lib));
    }
    (name.ends_with("-dev") || name.ends_with("-devel")).then_some(Role::UnknownDev)
}

/// Programs that compile or install: a RUN that runs one of them cannot simply be repeated.
const BUILDERS: &[&str] = &[
    "gcc",
    "g++",
    "cc",
    "c++",
    "clang",
    "make",
    "cmake",
    "meson",
    "ninja",
    "cargo",
    "rustc",
    "go",
    "maturin",
    "configure",
    "./configure",
];

/// Programs of the full `python` image that its `-slim` variant lacks.
const FULL_IMAGE_ONLY: &[&str] = &[
    "curl", "wget", "git", "ssh", "scp", "unzip", "gpg", "xz", "bzip2", "patch",
];

/// The final image for `reference` (the FROM word as written): the same, or its `-slim` variant of the same
/// tag.
pub fn final_image(reference: &str) -> String {
    if reference.contains('$') || reference.contains('@') {
        return reference.to_string();
    }
    let slash = reference.rfind('/').map_or(0, |i| i + 1);
    let (repository, tag) = match reference[slash..].split_once(':') {
        Some((_, tag)) => (&reference[..reference.len() - tag.len() - 1], tag),
        None => (reference, ""),
    };
    const RELEASES: &[&str] = &["bookworm", "bullseye", "buster", "trixie", "forky"];
    let version = |v: &str| {
        let v = v.strip_suffix("-rc").unwrap_or(v);
        !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.') && v.as_bytes()[0].is_ascii_digit()
    };
    let slim = match tag {
        "" | "latest" => Some("slim".to_string()),
        t if RELEASES.contains(&t) => Some(format!("slim-{t}")),
        t if version(t) => Some(format!("{t}-slim")),
        t => t
            .rsplit_once('-')
            .filter(|(v, release)| version(v) && RELEASES.contains(release))
            .map(|(v, release)| format!("{v}-slim-{release}")),
    };
    match slim {
        Some(tag) => format!("{repository}:{tag}"),
        None => reference.to_string(),
    }
}

fn line_start(source: &str, at: usize) -> usize {
    source[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The instruction's full lines (continuations and heredoc bodies included), ending with a newline.
fn lines_of(source: &str, instruction: &Instruction) -> String {
    let start = line_start(source, instruction.span.start);
    let end = source[instruction.span.end..]
        .find('\n')
        .map_or(source.len(), |i| instruction.span.end + i);
    format!("{}\n", &source[start..end])
}

/// A RUN that pip-installs only requirement files and named packages, or `None` when it is not a pip RUN;
/// `Some(false)` when it is one the fix cannot move into a virtualenv.
fn pip_run(scripts: &[Script]) -> Option<bool> {
    let commands: Vec<_> = scripts.iter().flat_map(|s| s.commands()).collect();
    let pips = commands
        .iter()
        .filter(|c| matches!(&c.program, Program::Pip(_)))
        .count();
    let others = commands
        .iter()
        .any(|c| matches!(&c.program, Program::Uv(_) | Program::Poetry(_) | Program::Pipenv(_)));
    if pips == 0 {
        return others.then_some(false);
    }
    let ok = !others
        && commands.iter().all(|c| match &c.program {
            Program::Pip(pip) => {
                pip.invocation != PipInvocation::Uv
                    && pip.action == PipAction::Install
                    && pip.editables.is_empty()
                    && !pip.user
                    && !pip.packages.iter().any(|p| p.local || p.expansion)
                    && !pip.args.has(&["--target", "-t", "--prefix", "--root"])
            }
            Program::Set(_) => true,
            _ => false,
        });
    Some(ok)
}

/// A RUN that runs only `uv sync` (and `set`): `None` when it runs no uv sync, `Some(false)` when it runs
/// something else too, or syncs another project (`--project`, `--directory`).
fn uv_sync_run(scripts: &[Script]) -> Option<bool> {
    let commands: Vec<_> = scripts.iter().flat_map(|s| s.commands()).collect();
    let sync = |c: &crate::shell::Command| matches!(&c.program, Program::Uv(uv) if uv.subcommand.as_ref().is_some_and(|s| s.name == "sync"));
    if !commands.iter().any(|c| sync(c)) {
        return None;
    }
    Some(commands.iter().all(|c| match &c.program {
        Program::Uv(uv) => sync(c) && !uv.args.has(&["--project", "--directory", "--no-editable"]),
        Program::Set(_) => true,
        _ => false,
    }))
}

/// A RUN that pip-installs uv itself and nothing else.
fn installs_uv(scripts: &[Script]) -> bool {
    let commands: Vec<_> = scripts.iter().flat_map(|s| s.commands()).collect();
    !commands.is_empty()
        && commands.iter().all(|c| match &c.program {
            Program::Pip(pip) => {
                pip.action == PipAction::Install
                    && pip.requirements.is_empty()
                    && !pip.packages.is_empty()
                    && pip.packages.iter().all(|p| p.name == "uv")
            }
            Program::Set(_) => true,
            _ => false,
        })
}

/// The packages a package-only RUN (apt/apk, `rm`, `set`) asks for, or `None` when it runs anything else.
fn package_run(scripts: &[Script]) -> Option<(Kind, Vec<(String, String)>)> {
    let mut kind = None;
    let mut packages = Vec::new();
    for command in scripts.iter().flat_map(|s| s.commands()) {
        match &command.program {
            Program::AptGet(a) => {
                if matches!(
                    a.action,
                    AptAction::Remove
                        | AptAction::Purge
                        | AptAction::Upgrade
                        | AptAction::DistUpgrade
                        | AptAction::Other
                ) {
                    return None;
                }
                if *kind.get_or_insert(Kind::Apt) != Kind::Apt {
                    return None;
                }
                packages.extend(a.packages.iter().map(|p| (p.name.clone(), p.spec.clone())));
            }
            Program::Apk(a) => {
                if !matches!(a.action, ApkAction::Add | ApkAction::Update) || a.virtual_name.is_some() {
                    return None;
                }
                if *kind.get_or_insert(Kind::Apk) != Kind::Apk {
                    return None;
                }
                packages.extend(a.packages.iter().map(|p| (p.name.clone(), p.spec.clone())));
            }
            Program::Rm(_) | Program::Set(_) => {}
            _ => return None,
        }
    }
    Some((kind?, packages))
}

/// The RUN compiles, installs packages or creates a virtualenv.
fn builds(scripts: &[Script]) -> bool {
    scripts.iter().flat_map(|s| s.commands()).any(|c| {
        venv_created(c).is_some()
            || BUILDERS.contains(&c.name())
            || match &c.program {
                Program::Uv(uv) => uv.subcommand.as_ref().is_none_or(|s| s.name != "run"),
                Program::Pip(_) | Program::Poetry(_) | Program::Pipenv(_) => true,
                Program::AptGet(a) => {
                    a.action == AptAction::Install
                        && a.packages.iter().any(|p| build_tool(Kind::Apt, &p.name).is_some())
                }
                Program::Apk(a) => {
                    a.action == ApkAction::Add && a.packages.iter().any(|p| build_tool(Kind::Apk, &p.name).is_some())
                }
                Program::Rpm(_) | Program::Gem(_) | Program::Node(_) | Program::Go(_) => true,
                _ => {
                    crate::rules::support::python::is_python(c.name())
                        && c.args()
                            .iter()
                            .any(|a| a.value.ends_with("setup.py") || a.value == "build")
                }
            }
    })
}

/// The runtime RUN for a package RUN: the ordinary packages as written and the runtime libraries of the
/// `-dev` ones; `None` (refrain) when a `-dev` package is unknown, `Some(None)` when nothing is needed.
fn runtime_run(kind: Kind, packages: &[(String, String)]) -> Option<Option<String>> {
    let mut keep: Vec<String> = Vec::new();
    for (name, spec) in packages {
        let add = match build_tool(kind, name) {
            None => Some(spec.clone()),
            Some(Role::Tool) => None,
            Some(Role::Runtime(lib)) => Some(lib.to_string()),
            Some(Role::UnknownDev) => return None,
        };
        if let Some(add) = add.filter(|a| !keep.contains(a)) {
            keep.push(add);
        }
    }
    if keep.is_empty() {
        return Some(None);
    }
    let list = keep.join(" ");
    Some(Some(match kind {
        Kind::Apt => format!(
            "RUN apt-get update && apt-get install -y --no-install-recommends {list} && rm -rf /var/lib/apt/lists/*\n"
        ),
        Kind::Apk => format!("RUN apk add --no-cache {list}\n"),
    }))
}

pub fn fix(model: &Model) -> Option<Fix> {
    let [stage] = model.build.stages.as_slice() else {
        return None;
    };
    let Base::Image { reference, .. } = &stage.base else {
        return None;
    };
    let slash = reference.rfind('/').map_or(0, |i| i + 1);
    let repository = &reference[..slash + reference[slash..].find([':', '@']).unwrap_or(reference.len() - slash)];
    if ![
        "python",
        "library/python",
        "docker.io/library/python",
        "index.docker.io/library/python",
    ]
    .contains(&repository)
    {
        return None;
    }
    let source = model.source;
    let in_stage: Vec<(usize, &Instruction)> = model.stage_instructions(stage).collect();
    let (from_index, from_instruction) = *in_stage.first()?;
    let from = from_instruction.as_from()?;
    let uv_runs: Vec<usize> = in_stage
        .iter()
        .filter_map(|(index, _)| uv_sync_run(model.scripts(*index)).map(|ok| (*index, ok)))
        .map(|(index, ok)| ok.then_some(index))
        .collect::<Option<Vec<_>>>()?;
    // With uv, the project's own `.venv` (in the WORKDIR) is what the final stage gets; a pip install of uv
    // itself stays in the builder.
    let uv_tool_runs: Vec<usize> = if uv_runs.is_empty() {
        Vec::new()
    } else {
        in_stage
            .iter()
            .map(|(index, _)| *index)
            .filter(|&index| installs_uv(model.scripts(index)))
            .collect()
    };
    let pip_runs: Vec<usize> = if uv_runs.is_empty() {
        in_stage
            .iter()
            .filter_map(|(index, _)| pip_run(model.scripts(*index)).map(|ok| (*index, ok)))
            .map(|(index, ok)| ok.then_some(index))
            .collect::<Option<Vec<_>>>()?
    } else {
        uv_runs.clone()
    };
    let (&first_pip, &last_pip) = (pip_runs.first()?, pip_runs.last()?);
    let uv_project = if uv_runs.is_empty() {
        None
    } else {
        if model.var_at(last_pip, "UV_PROJECT_ENVIRONMENT").is_some() {
            return None;
        }
        let workdir = in_stage
            .iter()
            .rfind(|(index, i)| *index < last_pip && i.keyword == Keyword::Workdir)
            .and_then(|(_, i)| match i.view() {
                crate::syntax::instructions::View::Workdir(Some(word)) => Some(word.value.clone()),
                _ => None,
            })?;
        if !workdir.starts_with('/') || workdir.contains('$') || workdir.trim_end_matches('/').is_empty() {
            return None;
        }
        Some(workdir.trim_end_matches('/').to_string())
    };
    let under_project = |path: &str| {
        uv_project
            .as_deref()
            .is_some_and(|project| !path.starts_with('/') || crate::rules::support::python::under(path, project))
    };
    // Requirement files the installs read: copying them into the final stage is useless.
    let manifests: Vec<String> = pip_runs
        .iter()
        .flat_map(|&index| model.scripts(index).iter().flat_map(|s| s.pip()))
        .flat_map(|(_, pip)| pip.requirements.iter().chain(&pip.constraints))
        .map(|o| o.value.rsplit('/').next().unwrap_or(&o.value).to_string())
        .collect();
    // The builder keeps the original name's place; a name moves to the final stage.
    let (builder, final_name) = match &from.name {
        Some(name) if name.value.eq_ignore_ascii_case("builder") => ("build".to_string(), Some(name.value.clone())),
        Some(name) => ("builder".to_string(), Some(name.value.clone())),
        None => ("builder".to_string(), None),
    };
    let venv = match &uv_project {
        Some(project) => format!("{project}/.venv"),
        None => VENV.to_string(),
    };
    // uv: the whole project directory (the virtualenv is `.venv` in it, and an editable project points
    // into it); pip: the virtualenv.
    let copied = uv_project.clone().unwrap_or_else(|| VENV.to_string());
    let path_set = in_stage.iter().any(|(_, i)| match i.view() {
        crate::syntax::instructions::View::Env(pairs) => pairs
            .iter()
            .any(|p| p.key.value == "PATH" && p.value.value.contains(&format!("{venv}/bin"))),
        _ => false,
    });
    let path = if path_set {
        String::new()
    } else {
        format!("ENV PATH={venv}/bin:$PATH\n")
    };
    let image = final_image(&source[from.image.span.start..from.image.span.end]);
    let slimmed = image != source[from.image.span.start..from.image.span.end];
    let mut installed: Vec<String> = Vec::new();
    let mut replay = String::new();
    let mut tools = false;
    for &(index, instruction) in &in_stage {
        // Where the first install was, so that steps between two installs find the packages as before.
        if index == first_pip {
            replay.push_str(&format!("COPY --from={builder} {copied} {copied}\n{path}"));
        }
        if index == from_index || pip_runs.contains(&index) || uv_tool_runs.contains(&index) {
            continue;
        }
        let scripts = model.scripts(index);
        let opaque_run = instruction
            .as_run()
            .is_some_and(|run| run.command.is_exec() || !instruction.heredocs.is_empty());
        // The packages' programs move from `/usr/local/bin` to the virtualenv: a command naming one there
        // by path breaks (programs copied there by the Dockerfile stay).
        if index > last_pip
            && matches!(
                instruction.keyword,
                Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
            )
        {
            let copied_there = |name: &str| {
                in_stage
                    .iter()
                    .any(|(_, i)| matches!(i.keyword, Keyword::Copy | Keyword::Add) && i.original.contains(name))
            };
            // uv installed with pip stays in the builder.
            let runs_uv = !uv_tool_runs.is_empty()
                && instruction
                    .original
                    .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .any(|word| word == "uv" || word == "uvx");
            let programs = instruction.original.split("/usr/local/bin/").skip(1);
            if runs_uv
                || programs
                    .map(|rest| {
                        rest.split(|c: char| !(c.is_alphanumeric() || "._-".contains(c)))
                            .next()
                            .unwrap_or("")
                    })
                    .any(|name| name.is_empty() || name.starts_with("python") || !copied_there(name))
            {
                return None;
            }
        }
        // Every RUN of the stage runs on the final image (again, or for the first time), and so do the
        // command and the health check.
        let lacking = |installed: &[String], name: &str| {
            slimmed && FULL_IMAGE_ONLY.contains(&name) && !installed.iter().any(|p| p == name)
        };
        for command in scripts.iter().flat_map(|s| s.commands()) {
            match &command.program {
                Program::AptGet(a) => installed.extend(a.packages.iter().map(|p| p.name.clone())),
                Program::Apk(a) => installed.extend(a.packages.iter().map(|p| p.name.clone())),
                _ if lacking(&installed, command.name()) => return None,
                _ => {}
            }
        }
        if matches!(
            instruction.keyword,
            Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
        ) && instruction
            .original
            .split(|c: char| !(c.is_alphanumeric() || "._-".contains(c)))
            .any(|word| lacking(&installed, word))
        {
            return None;
        }
        match instruction.keyword {
            Keyword::Onbuild => return None,
            // What an exec-form or here-document RUN runs is not read here.
            Keyword::Run if opaque_run => return None,
            Keyword::User if index < last_pip => return None,
            Keyword::Env => {
                if let crate::syntax::instructions::View::Env(pairs) = instruction.view() {
                    if pairs.iter().any(|p| {
                        let venv_path = uv_project.as_deref().is_some_and(|project| {
                            p.key.value == "PATH" && p.value.value.contains(&format!("{project}/.venv/bin"))
                        });
                        !venv_path
                            && matches!(
                                p.key.value.as_str(),
                                "PATH" | "VIRTUAL_ENV" | "PIP_TARGET" | "PIP_PREFIX" | "PIP_USER"
                            )
                    }) {
                        return None;
                    }
                }
            }
            Keyword::Run if index < last_pip => {
                if let Some((kind, packages)) = package_run(scripts) {
                    tools |= packages.iter().any(|(n, _)| build_tool(kind, n).is_some());
                    if let Some(run) = runtime_run(kind, &packages)? {
                        let start = line_start(source, instruction.span.start);
                        replay.push_str(&source[start..instruction.span.start]);
                        replay.push_str(&run);
                    }
                    continue;
                }
                if builds(scripts) {
                    return None;
                }
            }
            Keyword::Run if builds(scripts) => return None,
            Keyword::Copy | Keyword::Add if index < last_pip => {
                let copy = instruction.as_copy()?;
                // The project directory comes from the builder whole.
                if copy.destination.as_ref().is_some_and(|d| under_project(&d.value)) {
                    continue;
                }
                let only_manifests = copy.from.is_none()
                    && !copy.sources.is_empty()
                    && copy
                        .sources
                        .iter()
                        .all(|s| manifests.iter().any(|m| s.value.rsplit('/').next() == Some(m.as_str())));
                if only_manifests {
                    continue;
                }
            }
            _ => {}
        }
        if index < last_pip {
            replay.push_str(&lines_of(source, instruction));
        }
    }
    if !tools {
        return None;
    }
    let mut edits = Vec::new();
    match &from.name {
        Some(name) => edits.push(Edit::replace(name.span.start..name.span.end, builder.clone())),
        None => edits.push(Edit::insert(from_instruction.span.end, format!(" AS {builder}"))),
    }
    // Before the first install, or before the COPYs right above it, so that a copy and the install it
    // feeds stay together (L001 can still reorder them).
    let mut venv_at = first_pip;
    while let Some(&(index, previous)) = in_stage.iter().rev().find(|(i, _)| *i < venv_at) {
        if index == from_index || !matches!(previous.keyword, Keyword::Copy | Keyword::Add) {
            break;
        }
        venv_at = index;
    }
    let first_instruction = model.instructions[venv_at];
    let at = line_start(source, first_instruction.span.start);
    let indent = &source[at..first_instruction.span.start];
    if uv_project.is_none() {
        edits.push(Edit::insert(
            at,
            format!("{indent}RUN python -m venv {VENV}\n{indent}ENV PATH={VENV}/bin:$PATH\n"),
        ));
    }
    let last_instruction = model.instructions[last_pip];
    let end = last_instruction.span.end;
    let after = source[end..].find('\n').map_or(source.len(), |i| end + i + 1);
    let newline = if after == source.len() && !source[..after].ends_with('\n') {
        "\n"
    } else {
        ""
    };
    let platform = from
        .platform
        .as_ref()
        .map(|f| format!("{} ", source[f.span.start..f.span.end].trim()))
        .unwrap_or_default();
    let named = final_name.map(|n| format!(" AS {n}")).unwrap_or_default();
    edits.push(Edit::insert(
        after,
        format!(
            "{newline}\n{} {platform}{image}{named}\n{replay}",
            from_instruction.keyword_text
        ),
    ));
    // One replacement of the whole stage: a restructuring does not mix with other fixes in one pass (they
    // clash with it and are derived again from the new text).
    let start = from_instruction.span.start;
    crate::sort::sort_by_key(&mut edits, |e| std::cmp::Reverse(e.range.start));
    let mut text = source[start..].to_string();
    for edit in edits {
        text.replace_range(edit.range.start - start..edit.range.end - start, &edit.replacement);
    }
    Some(Fix::opt_in(
        "build the Python packages in a builder stage and copy the virtualenv",
        format!(
            "the final image starts from `{image}` and gets only `{copied}` from the builder, whose `bin` \
             comes first on `PATH`: build tools are gone, and a program or library the application runs that came \
             with them (or with the full image) must be installed explicitly"
        ),
        vec![Edit::replace(start..source.len(), text)],
    ))
}

#[cfg(test)]
mod tests {
    use super::final_image;

    #[test]
    fn the_final_image_keeps_version_and_release() {
        for (from, to) in [
            ("python:3.12", "python:3.12-slim"),
            ("python:3.12.4", "python:3.12.4-slim"),
            ("python", "python:slim"),
            ("python:3.12-bookworm", "python:3.12-slim-bookworm"),
            ("python:bookworm", "python:slim-bookworm"),
            ("python:3.15-rc", "python:3.15-rc-slim"),
            (
                "docker.io/library/python:3.11-bullseye",
                "docker.io/library/python:3.11-slim-bullseye",
            ),
            // never another version, OS family or release
            ("python:3.12-slim", "python:3.12-slim"),
            ("python:3.12-alpine3.20", "python:3.12-alpine3.20"),
            ("python:3.12-windowsservercore", "python:3.12-windowsservercore"),
            ("python:3.12@sha256:abcd", "python:3.12@sha256:abcd"),
            ("python:${PY}", "python:${PY}"),
        ] {
            assert_eq!(final_image(from), to, "{from}");
        }
    }
}
