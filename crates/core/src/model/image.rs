//! The image being built, at every instruction: where it comes from (a known official image, another stage,
//! `scratch`, or something the tables do not describe), which programs and users it has, whether apt's
//! package lists are present, and where its Python comes from. Computed once per analysis in one pass over
//! the stages; rules ask it questions at a [`Point`] of the build.
//!
//! Unknown stays unknown: a program or user is reported absent only when the base image is in the tables
//! and nothing before the point could have added it (an unknown package, a script, a download, a COPY into
//! a directory on PATH, ...). Every step the model cannot follow makes the answers after it `Unknown`.

use std::collections::HashMap;

use crate::knowledge::images::{alpine_programs_of, known_image, programs_of, KnownImage, Os, Presence};
use crate::layers::tables::{apt_closure, Release};
use crate::shell::{venv_created, Command, Program, Script};
use crate::syntax::instructions::View;

use super::paths::PathIndexed;
use super::{Base, Model};

/// A point of the build. Facts are recorded with the point from which they hold, and a question asked at a
/// point sees every fact recorded at or before it. A point is: before command `command` of script `script` of instruction `instruction` (scripts
/// and commands in execution order; `(i, 0, 0)` is before instruction `i`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Point {
    pub instruction: usize,
    pub script: usize,
    pub command: usize,
}

impl Point {
    pub fn before(instruction: usize) -> Point {
        Point {
            instruction,
            script: 0,
            command: 0,
        }
    }

    /// After every command of the instruction.
    pub fn after(instruction: usize) -> Point {
        Point::before(instruction + 1)
    }
}

/// Where Python comes from, once something provides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PythonSource {
    /// The image's own build in `/usr/local` (the python images): pip may install into it.
    Image,
    /// The distribution's `python3` from apt, marked externally managed (PEP 668) since Debian 12 and
    /// Ubuntu 23.04: pip refuses to install into it.
    ExternallyManaged,
    /// The distribution's `python3`, not marked (Debian 11, Ubuntu 22.04).
    Distribution,
}

/// What the model knows about one stage's image.
#[derive(Clone, Debug, Default)]
struct StageImage {
    /// The official image at the root of the stage's chain, when the tables know it.
    known: Option<KnownImage>,
    /// The apt table the stage's installs read (`Release::of_image` of the root's reference, as the layer
    /// estimate reads it).
    apt_release: Release,
    scratch: bool,
    /// Programs installed by a package, with the point after which they exist.
    /// Each program's installs and removals in build order: the point after which it exists, or after which it
    /// is gone (`apt-get purge`/`remove`) with the removing instruction's index.
    programs: HashMap<&'static str, Vec<(Point, Option<usize>)>>,
    /// From here on any program may exist (a script ran, a file was copied onto PATH, ...).
    any_program_from: Option<Point>,
    /// From here on language package managers (pip, npm, gem, ...) may have installed programs.
    language_programs_from: Option<Point>,
    /// Changes to the presence of apt's package lists, in build order (`true`: present).
    lists: Vec<(Point, bool)>,
    /// The lists' state became unknown (a cache mount, a script).
    lists_unknown_from: Option<Point>,
    /// Users created, with where and whether a home directory was made (`None`: unknown).
    users: HashMap<String, (Point, Option<bool>)>,
    /// From here on any user may exist.
    any_user_from: Option<Point>,
    /// Packages installed (names as written), for users created by packages' maintainer scripts.
    installed: Vec<(Point, String)>,
    /// Changes to where Python comes from.
    python: Vec<(Point, PythonSource)>,
    /// The WORKDIR in effect (`None`: unknown), for relative COPY destinations.
    workdir: Option<String>,
    /// Where the WORKDIR changed, for [`ImageModel::workdir`]: `(instruction, new WORKDIR)`.
    workdirs: Vec<(usize, Option<String>)>,
    /// Paths placed by COPY/ADD, WORKDIR, `mkdir` and venvs: the first placement of each path.
    placed: PathIndexed<Placement>,
    placed_paths: std::collections::HashSet<String>,
    /// From here on any file may exist (a RUN the model cannot follow wrote somewhere).
    any_file_from: Option<Point>,
    /// From here on apt may read other sources (a repository added, a file copied into `/etc/apt`).
    apt_sources_from: Option<Point>,
    /// The externally-managed marker was removed or overridden from this point.
    break_system_packages_from: Option<Point>,
}

/// A path that an instruction put into the image.
#[derive(Clone, Debug)]
pub struct Placement {
    pub path: String,
    pub point: Point,
    /// A directory whose contents the model does not list (a copied folder): anything under it may exist.
    pub open_dir: bool,
}

/// The top-level directories of the official (Debian, Ubuntu, Alpine) images. A path under any other top-level
/// directory (`/app`, `/venv`, `/wheels`) exists only if the Dockerfile put it there.
const SYSTEM_TOP_LEVEL: &[&str] = &[
    "bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "libx32", "media", "mnt", "opt", "proc", "root",
    "run", "sbin", "srv", "sys", "tmp", "usr", "var",
];

/// System directories the official images ship empty: what is under them comes from the Dockerfile.
const EMPTY_SYSTEM_DIRS: &[&str] = &["/opt", "/srv", "/mnt", "/media", "/usr/src"];

/// Whether the official images certainly lack `path` (absolute, no trailing slash).
fn absent_from_official_images(path: &str) -> bool {
    let top = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    if top.is_empty() {
        return false;
    }
    !SYSTEM_TOP_LEVEL.contains(&top) || EMPTY_SYSTEM_DIRS.iter().any(|dir| path.starts_with(&format!("{dir}/")))
}

/// The image model of every stage, indexed like [`super::BuildModel::stages`].
#[derive(Debug, Default)]
pub struct ImageModel {
    stages: Vec<StageImage>,
}

/// Language package managers install programs with names of their own choosing; these system programs
/// are never among them (PyPI, npm and RubyGems distributions do not put them on PATH), so a `pip
/// install` leaves the answer for them unchanged.
const SYSTEM_PROGRAMS: &[&str] = &[
    "adduser",
    "addgroup",
    "apk",
    "apt",
    "apt-get",
    "bash",
    "bzip2",
    "curl",
    "dig",
    "dpkg",
    "file",
    "g++",
    "gcc",
    "git",
    "gosu",
    "gpg",
    "groupadd",
    "gzip",
    "host",
    "ifconfig",
    "ip",
    "jq",
    "less",
    "lsb_release",
    "make",
    "mysql",
    "nano",
    "nc",
    "netcat",
    "netstat",
    "nslookup",
    "openssl",
    "patch",
    "pg_isready",
    "pgrep",
    "ping",
    "pkill",
    "ps",
    "psql",
    "redis-cli",
    "rsync",
    "scp",
    "ssh",
    "su",
    "sudo",
    "tar",
    "telnet",
    "tini",
    "unzip",
    "useradd",
    "usermod",
    "vi",
    "vim",
    "wget",
    "xz",
    "zip",
];

/// Commands known not to put programs on PATH or create users (beyond what the model tracks itself).
const INERT: &[&str] = &[
    "[",
    "test",
    "true",
    "false",
    "echo",
    "printf",
    "cat",
    "ls",
    "mkdir",
    "rm",
    "rmdir",
    "touch",
    "sed",
    "grep",
    "egrep",
    "awk",
    "head",
    "tail",
    "sort",
    "uniq",
    "wc",
    "cut",
    "tr",
    "tee",
    "find",
    "xargs",
    "export",
    "set",
    "unset",
    "cd",
    "pwd",
    "sleep",
    "date",
    "env",
    "exec",
    "sh",
    "bash",
    "dash",
    "ash",
    "python",
    "python3",
    "update-ca-certificates",
    "locale-gen",
    "ldconfig",
    "chown",
    "chgrp",
    "id",
    "whoami",
    "uname",
    "which",
    "command",
    "type",
    "hash",
    "stat",
    "du",
    "df",
    "basename",
    "dirname",
    "readlink",
    "realpath",
    "mktemp",
    "sync",
    "ulimit",
    "umask",
    "true",
    ":",
    "source",
    ".",
    "git",
    "diff",
    "cmp",
    "md5sum",
    "sha256sum",
    "sha1sum",
    "gpg",
    "curl",
    "wget",
    "apt-key",
    "debconf-set-selections",
    "dpkg-reconfigure",
    "update-alternatives",
    "ln",
    "cp",
    "mv",
    "chmod",
    "install",
    "tar",
    "unzip",
    "gzip",
    "gunzip",
];

/// Commands that write no file a later instruction could read (beyond what the model places itself).
const FILE_INERT: &[&str] = &[
    "[",
    "test",
    "true",
    "false",
    "printf",
    "ls",
    "grep",
    "cat",
    "sleep",
    "id",
    "whoami",
    "uname",
    "which",
    "command",
    "type",
    "pwd",
    "export",
    "unset",
    "env",
    "exec",
    "update-ca-certificates",
    "ldconfig",
    "locale-gen",
];

/// Directories on the default PATH of the official images.
const SYSTEM_BIN: &[&str] = &[
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

/// Whether writing to `destination` (absolute) can put a program on PATH: a system bin directory, a parent of
/// one, or a directory the ENV's PATH at `index` names (`ENV PATH=/opt/tools/bin:$PATH`).
fn writes_on_path(model: &Model, index: usize, destination: &str) -> bool {
    let destination = destination.trim_end_matches('/');
    let related = |dir: &str| {
        let dir = dir.trim_end_matches('/');
        destination == dir || destination.starts_with(&format!("{dir}/")) || dir.starts_with(&format!("{destination}/"))
    };
    destination.is_empty()
        || SYSTEM_BIN.iter().any(|dir| related(dir))
        || model
            .scope(index)
            .get("PATH")
            .is_some_and(|path| path.split(':').any(|dir| dir.starts_with('/') && related(dir)))
}

impl StageImage {
    /// The last install or removal of `program` at or before `point`.
    fn last_change(&self, program: &str, point: Point) -> Option<(Point, Option<usize>)> {
        self.programs
            .get(program)?
            .iter()
            .rev()
            .find(|(at, _)| *at <= point)
            .copied()
    }
}

impl ImageModel {
    pub fn new(model: &Model) -> ImageModel {
        let mut stages: Vec<StageImage> = Vec::with_capacity(model.build.stages.len());
        for stage in &model.build.stages {
            let mut image = match &stage.base {
                Base::Stage { index } if *index < stages.len() => stages[*index].clone(),
                Base::Stage { .. } => StageImage::default(),
                Base::Scratch => StageImage {
                    scratch: true,
                    ..StageImage::default()
                },
                Base::Image {
                    reference, unresolved, ..
                } => match known_image(reference).filter(|_| unresolved.is_empty()) {
                    Some(known) => StageImage {
                        known: Some(known),
                        apt_release: Release::of_image(reference),
                        workdir: Some("/".to_string()),
                        python: if known.facts.ships_python() {
                            vec![(Point::before(0), PythonSource::Image)]
                        } else {
                            Vec::new()
                        },
                        ..StageImage::default()
                    },
                    None => StageImage {
                        apt_release: Release::of_image(reference),
                        ..StageImage::default()
                    },
                },
            };
            for &index in stage.instructions.iter().skip(1) {
                image.apply(model, index);
                if model.instructions[index].keyword == crate::syntax::Keyword::Workdir {
                    image.workdir = super::paths::next_workdir(image.workdir.take(), model.instructions[index]);
                    image.workdirs.push((index, image.workdir.clone()));
                    if let Some(dir) = image.workdir.clone() {
                        image.place(&dir, Point::before(index), false);
                    }
                }
            }
            stages.push(image);
        }
        ImageModel { stages }
    }

    /// Whether `program` is on PATH at `point` of stage `stage`.
    pub fn program(&self, stage: usize, point: Point, program: &str) -> Presence {
        let Some(image) = self.stages.get(stage) else {
            return Presence::Unknown;
        };
        if image.scratch && image.any_program_from.is_none_or(|from| from > point) {
            // `scratch` has no files at all until something is copied in.
            return Presence::Absent(&[]);
        }
        let Some(known) = image.known else {
            return Presence::Unknown;
        };
        match image.last_change(program, point) {
            Some((_, None)) => return Presence::Present,
            Some((removed, Some(_))) => {
                // Gone, unless something that may put programs on PATH ran since.
                let since = |from: Option<Point>| from.is_some_and(|from| removed <= from && from <= point);
                if since(image.any_program_from)
                    || (since(image.language_programs_from) && !SYSTEM_PROGRAMS.contains(&program))
                {
                    return Presence::Unknown;
                }
                return Presence::Absent(&[]);
            }
            None => {}
        }
        let at_base = known.facts.program(program);
        if at_base != Presence::Unknown && !matches!(at_base, Presence::Absent(_)) {
            return at_base;
        }
        let before = |from: Option<Point>| from.is_some_and(|from| from <= point);
        if before(image.any_program_from)
            || (before(image.language_programs_from) && !SYSTEM_PROGRAMS.contains(&program))
        {
            return Presence::Unknown;
        }
        at_base
    }

    /// The instruction that removed `program`'s package, when that removal is why it is gone at `point`.
    pub fn program_removed_by(&self, stage: usize, point: Point, program: &str) -> Option<usize> {
        self.stages.get(stage)?.last_change(program, point)?.1
    }

    /// Whether apt's package lists are present at `point` (`None`: unknown).
    pub fn apt_lists(&self, stage: usize, point: Point) -> Option<bool> {
        let image = self.stages.get(stage)?;
        image.known?;
        if image.lists_unknown_from.is_some_and(|from| from <= point) {
            return None;
        }
        // Every official image is published without lists.
        Some(
            image
                .lists
                .iter()
                .rev()
                .find(|(at, _)| *at <= point)
                .is_some_and(|(_, present)| *present),
        )
    }

    /// Whether the user exists at `point`: `Some(true)`, `Some(false)` when it certainly does not, `None`
    /// when the model cannot tell.
    pub fn user_exists(&self, stage: usize, point: Point, name: &str) -> Option<bool> {
        let image = self.stages.get(stage)?;
        if image.users.get(name).is_some_and(|(at, _)| *at <= point) {
            return Some(true);
        }
        if image.any_user_from.is_some_and(|from| from <= point) {
            return None;
        }
        if image.scratch {
            return Some(false);
        }
        let known = image.known?;
        if known.facts.has_user(name) {
            return Some(true);
        }
        // Packages create their service users (postgresql makes `postgres`): a name inside an installed
        // package's name is left unknown.
        if image
            .installed
            .iter()
            .any(|(at, package)| *at <= point && (package.contains(name) || name.contains(package.as_str())))
        {
            return None;
        }
        Some(false)
    }

    /// Whether the user's home directory was created (`None`: unknown or not a created user).
    pub fn user_home(&self, stage: usize, point: Point, name: &str) -> Option<bool> {
        let image = self.stages.get(stage)?;
        match image.users.get(name) {
            Some((at, home)) if *at <= point => *home,
            _ => None,
        }
    }

    /// Where `python3` comes from at `point` (`None`: none known, or unknown).
    pub fn python(&self, stage: usize, point: Point) -> Option<PythonSource> {
        let image = self.stages.get(stage)?;
        image.known?;
        if image.any_program_from.is_some_and(|from| from <= point) {
            return None;
        }
        image
            .python
            .iter()
            .rev()
            .find(|(at, _)| *at <= point)
            .map(|(_, source)| *source)
    }

    /// True when, before `point`, the externally-managed marker was removed or pip told to ignore it.
    pub fn externally_managed_overridden(&self, stage: usize, point: Point) -> bool {
        self.stages
            .get(stage)
            .and_then(|image| image.break_system_packages_from)
            .is_some_and(|from| from <= point)
    }

    /// The WORKDIR in effect at instruction `at` of `stage` (`None`: unknown).
    pub fn workdir(&self, stage: usize, at: usize) -> Option<&str> {
        let image = self.stages.get(stage)?;
        let changes = image.workdirs.partition_point(|(index, _)| *index < at);
        match changes.checked_sub(1) {
            Some(last) => image.workdirs[last].1.as_deref(),
            None if image.known.is_some() || image.scratch => Some("/"),
            None => None,
        }
    }

    /// Whether the file or directory `path` (absolute) exists at `point`: `Some(false)` only when the base
    /// image does not have it and nothing before the point could have put it there. With `Some(false)`, the
    /// first later placement that would bring it, if any.
    pub fn path_exists(&self, stage: usize, point: Point, path: &str) -> (Option<bool>, Option<&Placement>) {
        let Some(image) = self.stages.get(stage) else {
            return (None, None);
        };
        let path = path.trim_end_matches('/');
        let covers = |placement: &Placement| {
            let placed = placement.path.as_str();
            placed == path
                // A directory above the path, whose contents are not listed.
                || (placement.open_dir && (placed.is_empty() || path.starts_with(&format!("{placed}/"))))
                // A file placed below the path makes the path a directory that exists.
                || placed.starts_with(&format!("{path}/"))
        };
        let mut later: Option<&Placement> = None;
        for placement in image.placed.related(path) {
            if !covers(placement) {
                continue;
            }
            if placement.point <= point {
                return (Some(true), None);
            }
            if later.is_none_or(|l| placement.point < l.point) {
                later = Some(placement);
            }
        }
        if image.any_file_from.is_some_and(|from| from <= point) {
            return (None, None);
        }
        let empty_in_base = image.scratch || (image.known.is_some() && absent_from_official_images(path));
        if empty_in_base {
            (Some(false), later)
        } else {
            (None, None)
        }
    }

    /// Whether apt reads only the release's own suites at `point`: no repository was added and nothing the
    /// model cannot follow ran before (`false` also when the base is unknown).
    pub fn apt_sources_are_the_release(&self, stage: usize, point: Point) -> bool {
        self.stages.get(stage).is_some_and(|image| {
            image.known.is_some()
                && [image.apt_sources_from, image.any_file_from, image.any_program_from]
                    .iter()
                    .all(|from| from.is_none_or(|from| from > point))
        })
    }

    /// The official image a stage's chain starts from, when the tables know it.
    pub fn known_base(&self, stage: usize) -> Option<KnownImage> {
        self.stages.get(stage)?.known
    }
}

impl StageImage {
    fn first(slot: &mut Option<Point>, at: Point) {
        if slot.is_none() {
            *slot = Some(at);
        }
    }

    fn opaque(&mut self, at: Point) {
        Self::first(&mut self.any_program_from, at);
        Self::first(&mut self.any_user_from, at);
        Self::first(&mut self.lists_unknown_from, at);
    }

    fn place(&mut self, path: &str, point: Point, open_dir: bool) {
        let path = path.trim_end_matches('/');
        // The first placement of a path of each kind is all a question needs.
        if self.placed_paths.insert(format!("{path}\0{open_dir}")) {
            self.placed.push(
                path,
                Placement {
                    path: path.to_string(),
                    point,
                    open_dir,
                },
            );
        }
    }

    fn os(&self) -> Option<Os> {
        self.known.map(|k| k.facts.os)
    }

    fn apply(&mut self, model: &Model, index: usize) {
        let at = Point::before(index);
        match model.view(index) {
            View::Run(run) => {
                let instruction = model.instructions[index];
                let mounts_lists = instruction
                    .flags
                    .iter()
                    .filter(|f| f.name == "mount")
                    .filter_map(|f| f.value.as_deref())
                    .any(|v| v.contains("/var/lib/apt"));
                if mounts_lists {
                    Self::first(&mut self.lists_unknown_from, at);
                }
                let scripts = model.scripts(index);
                if matches!(run.command, crate::syntax::instructions::Command::Exec(_)) {
                    // Exec form: a program we do not model.
                    self.opaque(Point::after(index));
                }
                for (script_index, script) in scripts.iter().enumerate() {
                    for command in script.commands() {
                        let point = Point {
                            instruction: index,
                            script: script_index,
                            command: command.id,
                        };
                        self.command(model, script, command, point);
                    }
                }
                let env_break = model
                    .scope(index)
                    .get("PIP_BREAK_SYSTEM_PACKAGES")
                    .is_some_and(super::truthy);
                if env_break {
                    Self::first(&mut self.break_system_packages_from, at);
                }
            }
            View::Copy(copy) | View::Add(copy) => {
                let destination = copy
                    .destination
                    .and_then(|d| super::paths::resolve(&model.expand_at(index, &d.value), self.workdir.as_deref()));
                let Some(destination) = destination else {
                    // A destination the model cannot place may be anywhere.
                    self.opaque(at);
                    return;
                };
                let into_dir = destination.ends_with('/') || copy.sources.len() > 1;
                let destination = destination.trim_end_matches('/');
                // What lands where: a named file keeps its name in a directory destination; a folder, a
                // wildcard or another stage's path fills the destination with contents the model does not list.
                for source in &copy.sources {
                    let value = source.value.trim_end_matches('/');
                    let name = value.rsplit('/').next().unwrap_or(value);
                    let file_like = copy.from.is_none()
                        && copy.heredocs.is_empty()
                        && !value.contains(['*', '?', '[', '$'])
                        && name.contains('.')
                        && !matches!(name, "." | "..")
                        && !value.contains("://");
                    if copy.heredocs.is_empty() && file_like {
                        let target = if into_dir {
                            format!("{destination}/{name}")
                        } else {
                            destination.to_string()
                        };
                        self.place(&target, at, false);
                        self.place(destination, at, false);
                    } else if !copy.heredocs.is_empty() && !into_dir {
                        self.place(destination, at, false);
                    } else {
                        self.place(destination, at, true);
                    }
                }
                if writes_on_path(model, index, destination) {
                    Self::first(&mut self.any_program_from, at);
                }
                if destination.is_empty() || destination == "/etc" || destination.starts_with("/etc/apt") {
                    Self::first(&mut self.apt_sources_from, at);
                }
                // The user database, or a root filesystem holding one.
                if matches!(destination, "" | "/etc" | "/etc/passwd" | "/etc/group") {
                    Self::first(&mut self.any_user_from, at);
                }
                if destination.is_empty() || destination.starts_with("/var/lib/apt") || destination == "/var" {
                    Self::first(&mut self.lists_unknown_from, at);
                }
            }
            View::Env(_)
                if model
                    .scope(index + 1)
                    .get("PIP_BREAK_SYSTEM_PACKAGES")
                    .is_some_and(super::truthy) =>
            {
                Self::first(&mut self.break_system_packages_from, Point::after(index));
            }
            _ => {}
        }
    }

    fn command(&mut self, model: &Model, script: &Script, command: &Command, at: Point) {
        // What the command adds exists after it.
        let after = Point {
            command: command.id + 1,
            ..at
        };
        self.files_written(model, command, after);
        match &command.program {
            Program::None => {}
            Program::AptGet(apt) => match apt.action {
                crate::shell::AptAction::Update => self.lists.push((after, true)),
                crate::shell::AptAction::Install => {
                    let names: Vec<&str> = apt.packages.iter().map(|p| p.name.as_str()).collect();
                    if apt.packages.iter().any(|p| p.local) {
                        self.opaque(after);
                    }
                    self.installed
                        .extend(names.iter().map(|name| (after, (*name).to_string())));
                    match apt_closure(&names, !apt.no_install_recommends, self.apt_release) {
                        Some(closure) if self.os() != Some(Os::Alpine) => {
                            for package in closure {
                                for program in programs_of(package) {
                                    self.programs.entry(program).or_default().push((after, None));
                                }
                                // On the python images `python3` and `pip` stay the image's own (first on PATH).
                                if matches!(package, "python3" | "python3-minimal")
                                    && self
                                        .python
                                        .last()
                                        .is_none_or(|(_, source)| *source != PythonSource::Image)
                                {
                                    self.python.push((after, self.distribution_python()));
                                }
                            }
                        }
                        _ => Self::first(&mut self.any_program_from, after),
                    }
                }
                crate::shell::AptAction::DistClean => self.lists.push((after, false)),
                // The named packages' programs go (their dependencies too with `--auto-remove`, which this does
                // not follow: a program kept here is at worst unknown to be gone, never wrongly reported gone).
                crate::shell::AptAction::Purge | crate::shell::AptAction::Remove => {
                    for package in apt.packages.iter().filter(|p| !p.expansion && !p.local) {
                        for program in programs_of(&package.name) {
                            self.programs
                                .entry(program)
                                .or_default()
                                .push((after, Some(at.instruction)));
                        }
                    }
                }
                _ => {}
            },
            Program::Apk(apk) if apk.action == crate::shell::ApkAction::Add => {
                for package in &apk.packages {
                    self.installed.push((after, package.name.clone()));
                    let provided = alpine_programs_of(&package.name);
                    if provided.is_empty() {
                        // What an apk package we have no table for installs is unknown.
                        Self::first(&mut self.any_program_from, after);
                    }
                    for program in provided {
                        self.programs.entry(program).or_default().push((after, None));
                    }
                }
            }
            Program::Apk(_) | Program::Rpm(_) => {}
            Program::Pip(_) | Program::Uv(_) | Program::Poetry(_) | Program::Pipenv(_) | Program::Node(_) => {
                Self::first(&mut self.language_programs_from, after);
                if let Program::Pip(pip) = &command.program {
                    if pip.break_system_packages {
                        Self::first(&mut self.break_system_packages_from, after);
                    }
                }
            }
            Program::Gem(_) | Program::Go(_) => Self::first(&mut self.language_programs_from, after),
            Program::User(user) => {
                if let Some(name) = &user.name {
                    if user.kind == crate::shell::UserKind::User && !name.value.contains('$') {
                        let home = if user.no_create_home {
                            Some(false)
                        } else if user.create_home || command.name() == "adduser" && !user.system {
                            Some(true)
                        } else if command.name() == "useradd" {
                            Some(false)
                        } else {
                            None
                        };
                        self.users.entry(name.value.clone()).or_insert((after, home));
                    } else if name.value.contains('$') {
                        Self::first(&mut self.any_user_from, after);
                    }
                } else {
                    Self::first(&mut self.any_user_from, after);
                }
            }
            Program::Rm(rm) => {
                if rm.paths.iter().any(|p| p.value.contains("EXTERNALLY-MANAGED")) {
                    Self::first(&mut self.break_system_packages_from, after);
                }
                if command.cleans_path("/var/lib/apt/lists") {
                    self.lists.push((after, false));
                }
            }
            _ => {
                let name = command.name();
                let remote = script.remote_executions().iter().any(|r| r.interpreter == command.id);
                if remote || !INERT.contains(&name) || self.writes_programs(model, at.instruction, command) {
                    self.opaque(after);
                }
                if matches!(name, "python" | "python3") && command.has_arg("venv") {
                    Self::first(&mut self.language_programs_from, after);
                }
            }
        }
    }

    /// `cp`/`mv`/`ln`/`install`/`chmod`/`tar`/`unzip` and downloads that target a directory on PATH (or a
    /// destination the model cannot read).
    fn writes_programs(&self, model: &Model, index: usize, command: &Command) -> bool {
        // A relative target is resolved against the WORKDIR; one the model cannot place may be anywhere.
        let onto_path = |target: &str| {
            super::paths::resolve(target, self.workdir.as_deref())
                .is_none_or(|absolute| writes_on_path(model, index, &absolute))
        };
        let args = command.args();
        match command.name() {
            "cp" | "mv" | "ln" | "install" => args
                .iter()
                .rfind(|w| !w.value.starts_with('-'))
                .is_none_or(|w| !w.is_static() || onto_path(&w.value)),
            "chmod" => args
                .iter()
                .filter(|w| !w.value.starts_with('-') && !w.value.starts_with('+'))
                .skip(1)
                .any(|w| !w.is_static() || onto_path(w.value.rsplit_once('/').map_or(".", |(d, _)| d))),
            "tar" | "unzip" => true,
            // A download saved with `-o`/`-O` onto PATH.
            "curl" | "wget" => args
                .iter()
                .any(|w| w.value.starts_with('/') && onto_path(w.value.rsplit_once('/').map_or("/", |(d, _)| d))),
            _ => false,
        }
    }

    /// Paths a RUN command creates that later instructions may read: `mkdir`, venvs; any other write the
    /// model cannot place (a redirection, a download, a script, an archive) leaves every path unknown.
    fn files_written(&mut self, model: &Model, command: &Command, after: Point) {
        if matches!(command.name(), "add-apt-repository" | "apt-add-repository" | "extrepo") {
            Self::first(&mut self.apt_sources_from, after);
        }
        let cwd = self.workdir.clone();
        let absolute = |path: &str| super::paths::resolve(path, cwd.as_deref());
        let writes_file = command.redirects.iter().any(|r| {
            r.effective_fd() >= 1
                && !matches!(
                    r.target.as_ref().map(|w| w.value.as_str()),
                    Some("/dev/null" | "/dev/stderr" | "/dev/stdout")
                )
        });
        if writes_file {
            Self::first(&mut self.any_file_from, after);
            return;
        }
        if let Some(venv) = venv_created(command) {
            match absolute(&model.expand_at(after.instruction, &venv.value)) {
                Some(dir) => self.place(&dir, after, true),
                None => Self::first(&mut self.any_file_from, after),
            }
            return;
        }
        match &command.program {
            Program::Mkdir(mkdir) => {
                for path in &mkdir.paths {
                    match absolute(&path.value) {
                        Some(dir) => self.place(&dir, after, false),
                        None => Self::first(&mut self.any_file_from, after),
                    }
                }
            }
            Program::None
            | Program::AptGet(_)
            | Program::Apk(_)
            | Program::Rpm(_)
            | Program::User(_)
            | Program::Chmod(_)
            | Program::Chown(_)
            | Program::Rm(_)
            | Program::Set(_)
            | Program::Echo(_)
            | Program::Cd(_)
            | Program::Source(_) => {}
            Program::Pip(pip)
                if matches!(
                    pip.action,
                    crate::shell::PipAction::Install | crate::shell::PipAction::Uninstall
                ) =>
            {
                // `--target`, `--prefix` and `--root` fill a directory of the caller's choosing.
                if let Some(dir) = pip.args.value(&["--target", "-t", "--prefix", "--root"]) {
                    match absolute(&model.expand_at(after.instruction, dir)) {
                        Some(dir) => self.place(&dir, after, true),
                        None => Self::first(&mut self.any_file_from, after),
                    }
                }
            }
            _ if FILE_INERT.contains(&command.name()) => {}
            _ => Self::first(&mut self.any_file_from, after),
        }
    }

    fn distribution_python(&self) -> PythonSource {
        match self.known.map(|k| (k.facts.os, k.release)) {
            Some((Os::Debian, "bullseye" | "buster")) | Some((Os::Ubuntu, "jammy" | "focal")) => {
                PythonSource::Distribution
            }
            Some((Os::Debian | Os::Ubuntu, _)) => PythonSource::ExternallyManaged,
            _ => PythonSource::Distribution,
        }
    }
}
