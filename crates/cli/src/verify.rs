//! `dflab verify`: the real build is the judge. Builds the Dockerfile of a project as it is and as rewritten,
//! with the local `docker buildx`, and reports what differs between the two images: the build outcomes, the
//! image config, the filesystem (type, mode, owner, size, content; never mtimes), each layer's real size beside
//! our estimate, and a short start of both containers. A difference that no applied fix declares (see
//! `dflab_core::rules::Rule::effects`) makes it exit 1.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use dflab_core::rewrite::Effect;
use dflab_core::{analyze, rules, Analysis, ContextFiles, FixAvailability};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::cli::{TextOrJson, VerifyArgs};
use crate::Failure;

/// The config fields compared, as `docker image inspect` names them.
const CONFIG_FIELDS: [&str; 9] = [
    "User",
    "Cmd",
    "Entrypoint",
    "Env",
    "WorkingDir",
    "ExposedPorts",
    "Healthcheck",
    "Shell",
    "Labels",
];

/// Paths whose content differs between any two builds of the same Dockerfile (logs and caches with dates):
/// their differences are listed apart and never blamed on a fix.
const VOLATILE: [&str; 7] = [
    "/var/log",
    "/var/cache/ldconfig/aux-cache",
    "/var/cache/debconf/config.dat-old",
    "/var/cache/debconf/templates.dat-old",
    "/var/lib/dpkg/status-old",
    "/etc/shadow",
    "/tmp",
];

#[derive(Serialize)]
pub struct Report {
    pub dockerfile: String,
    pub context: String,
    /// The change groups the rewrite applied, with what each declares it may change.
    pub applied: Vec<Applied>,
    pub before: Build,
    pub after: Build,
    pub config: Vec<ConfigDifference>,
    pub files: Vec<FileDifference>,
    /// Differences in paths that differ between any two builds (logs, caches with dates).
    pub volatile_files: usize,
    pub layers: Layers,
    pub start: Option<Starts>,
    /// Differences no applied fix declares, and builds the rewrite broke: each one a bug in a fix.
    pub undeclared: Vec<String>,
}

#[derive(Serialize)]
pub struct Applied {
    pub id: String,
    pub fix: FixAvailability,
    pub title: String,
    pub effects: Vec<Effect>,
}

#[derive(Serialize)]
pub struct Build {
    pub built: bool,
    pub seconds: f64,
    /// The failing step and BuildKit's message, when the build failed.
    pub error: Option<String>,
    #[serde(skip)]
    image: Option<String>,
}

#[derive(Serialize)]
pub struct ConfigDifference {
    pub field: String,
    pub before: Value,
    pub after: Value,
    /// The applied change groups that declare this field.
    pub declared_by: Vec<String>,
}

#[derive(Serialize)]
pub struct FileDifference {
    pub path: String,
    /// `added`, `removed`, or what changed: `type`, `mode`, `owner`, `size`, `content`, `link`.
    pub change: Vec<&'static str>,
    pub declared_by: Vec<String>,
}

#[derive(Serialize, Default)]
pub struct Layers {
    pub before: Vec<LayerSize>,
    pub after: Vec<LayerSize>,
}

/// One instruction of the final stage's chain that writes a layer: its real size and our estimate.
#[derive(Serialize)]
pub struct LayerSize {
    pub instruction: String,
    pub line: u32,
    pub real: Option<u64>,
    pub estimate_low: Option<u64>,
    pub estimate_high: Option<u64>,
    /// What the estimate is made of (`Layer::basis`): which model sized the layer.
    pub basis: String,
    /// The size models the estimate used (`Layer::models`).
    pub models: Vec<dflab_core::SizeModel>,
    /// The image history's record of the instruction that made the layer.
    pub created_by: Option<String>,
}

#[derive(Serialize)]
pub struct Starts {
    pub before: String,
    pub after: String,
    pub same: bool,
}

pub fn run(args: &VerifyArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let docker = Docker::find()?;
    let context = PathBuf::from(&args.dir);
    let dockerfile = args
        .file
        .clone()
        .map(PathBuf::from)
        .unwrap_or_else(|| context.join("Dockerfile"));
    let source = crate::read_source(&dockerfile.to_string_lossy())?;
    let mut options = args.rules.options(&args.opt_in)?;
    options.context = context_files(&context);
    let analysis = analyze(&source, &options);
    let applied = applied_groups(&analysis);
    let scratch = scratch_dir()?;
    let texts = [("before", source.clone()), ("after", analysis.rewrite.text.clone())];
    let mut builds = Vec::new();
    for (name, text) in &texts {
        let text = if args.builtin_frontend {
            without_syntax_directive(text)
        } else {
            text.clone()
        };
        let file = scratch.join(format!("{name}.Dockerfile"));
        std::fs::write(&file, text).map_err(|e| Failure::Io(format!("{}: {e}", file.display())))?;
        let tag = format!("dflab-verify-{}:{name}", std::process::id());
        builds.push(docker.build(&file, &context, &tag, args.network.as_deref()));
    }
    let after = builds.pop().expect("two builds");
    let before = builds.pop().expect("two builds");
    let mut report = Report {
        dockerfile: dockerfile.display().to_string(),
        context: context.display().to_string(),
        applied,
        config: Vec::new(),
        files: Vec::new(),
        volatile_files: 0,
        layers: Layers::default(),
        start: None,
        undeclared: Vec::new(),
        before,
        after,
    };
    if report.before.built && !report.after.built {
        report.undeclared.push(format!(
            "the rewrite does not build: {}",
            report.after.error.as_deref().unwrap_or("")
        ));
    }
    if let (Some(old), Some(new)) = (report.before.image.clone(), report.after.image.clone()) {
        compare(&docker, &old, &new, &mut report)?;
        report.layers = Layers {
            before: docker.layer_sizes(&old, &analysis, false)?,
            after: docker.layer_sizes(&new, &analysis, true)?,
        };
        if !args.no_start {
            let (before, after) = (
                docker.start(&old, args.start_seconds),
                docker.start(&new, args.start_seconds),
            );
            let same = before == after;
            if !same && !declares(&report.applied, |e| matches!(e, Effect::Anything | Effect::Config(_))) {
                report.undeclared.push(format!(
                    "the container starts differently: {before} before, {after} after"
                ));
            }
            report.start = Some(Starts { before, after, same });
        }
    }
    for image in [&report.before.image, &report.after.image].into_iter().flatten() {
        docker.quiet(&["image", "rm", "--force", image]);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    match args.format {
        TextOrJson::Json => {
            serde_json::to_writer(&mut *out, &report).map_err(|e| Failure::Io(e.to_string()))?;
            writeln!(out)?;
        }
        TextOrJson::Text => write_text(out, &report)?,
    }
    Ok(if report.undeclared.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The build-context files the analysis reads, from the context folder as `docker build` sees it, and the
/// context's size for the estimate of `COPY . .`.
fn context_files(context: &Path) -> ContextFiles {
    ContextFiles {
        context_copy_bytes: Some(folder_bytes(context)),
        ..crate::context::files(context)
    }
}

/// Bytes of the files under `dir` (`.git` left out, as most `.dockerignore` files do).
fn folder_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() && entry.file_name() != ".git" => stack.push(entry.path()),
                Ok(kind) if kind.is_file() => total += entry.metadata().map_or(0, |m| m.len()),
                _ => {}
            }
        }
    }
    total
}

fn applied_groups(analysis: &Analysis) -> Vec<Applied> {
    analysis
        .rewrite
        .changes
        .iter()
        .filter(|group| group.applied)
        .map(|group| Applied {
            id: group.id.clone(),
            fix: group.fix,
            title: group.title.clone(),
            effects: group
                .rules
                .iter()
                .filter_map(|code| rules::lookup(code))
                .flat_map(|rule| rule.effects.iter().copied())
                .collect(),
        })
        .collect()
}

fn declares(applied: &[Applied], wanted: impl Fn(&Effect) -> bool) -> bool {
    applied.iter().any(|group| group.effects.iter().any(&wanted))
}

/// The groups whose effects cover a difference.
fn declared_by(applied: &[Applied], covers: impl Fn(&Effect) -> bool) -> Vec<String> {
    applied
        .iter()
        .filter(|group| group.effects.iter().any(|e| matches!(e, Effect::Anything) || covers(e)))
        .map(|group| group.id.clone())
        .collect()
}

/// `# syntax=` names a frontend image to pull; machines that cannot pull it build with the built-in one.
fn without_syntax_directive(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_directives = true;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if in_directives {
            let directive = trimmed
                .strip_prefix('#')
                .and_then(|rest| rest.split_once('='))
                .map(|(name, _)| name.trim().to_ascii_lowercase());
            match directive.as_deref() {
                Some("syntax") => continue,
                Some(_) => {}
                None => in_directives = false,
            }
        }
        out.push_str(line);
    }
    out
}

fn scratch_dir() -> Result<PathBuf, Failure> {
    let dir = std::env::temp_dir().join(format!("dflab-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Failure::Io(format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

struct Docker;

impl Docker {
    /// The docker CLI with buildx, and an engine that answers; a clear error otherwise.
    fn find() -> Result<Docker, Failure> {
        let docker = Docker;
        let version = Command::new("docker").args(["buildx", "version"]).output();
        match version {
            Err(_) => Err(Failure::Io(
                "dflab verify builds your Dockerfile with Docker, and `docker` is not on PATH. Install Docker \
                 (with the buildx plugin) and run it again."
                    .into(),
            )),
            Ok(output) if !output.status.success() => Err(Failure::Io(format!(
                "dflab verify needs Docker's buildx plugin (`docker buildx version` failed: {}).",
                String::from_utf8_lossy(&output.stderr).trim()
            ))),
            Ok(_) => {
                let engine = docker.output(&["version", "--format", "{{.Server.Version}}"]);
                match engine {
                    Ok(_) => Ok(docker),
                    Err(message) => Err(Failure::Io(format!(
                        "dflab verify cannot reach the Docker engine (is it running? DOCKER_HOST?): {message}"
                    ))),
                }
            }
        }
    }

    fn output(&self, args: &[&str]) -> Result<Vec<u8>, String> {
        let output = Command::new("docker")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
        }
    }

    fn quiet(&self, args: &[&str]) {
        let _ = self.output(args);
    }

    fn build(&self, file: &Path, context: &Path, tag: &str, network: Option<&str>) -> Build {
        let started = Instant::now();
        let mut command = Command::new("docker");
        command.args([
            "buildx",
            "build",
            "--load",
            "--progress",
            "plain",
            "--tag",
            tag,
            "--file",
        ]);
        command.arg(file);
        if let Some(network) = network {
            command.args(["--network", network]);
        }
        command.arg(context).stdin(Stdio::null());
        let output = command.output();
        let seconds = started.elapsed().as_secs_f64();
        match output {
            Ok(output) if output.status.success() => Build {
                built: true,
                seconds,
                error: None,
                image: Some(tag.to_string()),
            },
            Ok(output) => Build {
                built: false,
                seconds,
                error: Some(build_error(&String::from_utf8_lossy(&output.stderr))),
                image: None,
            },
            Err(e) => Build {
                built: false,
                seconds,
                error: Some(format!("docker buildx did not start: {e}")),
                image: None,
            },
        }
    }

    fn inspect_config(&self, image: &str) -> Result<Value, Failure> {
        let bytes = self
            .output(&["image", "inspect", "--format", "{{json .Config}}", image])
            .map_err(Failure::Io)?;
        serde_json::from_slice(&bytes).map_err(|e| Failure::Io(format!("docker image inspect: {e}")))
    }

    /// Every path of the image's filesystem with what is compared of it.
    fn filesystem(&self, image: &str) -> Result<BTreeMap<String, Entry>, Failure> {
        let id = self.output(&["create", image]).map_err(Failure::Io)?;
        let id = String::from_utf8_lossy(&id).trim().to_string();
        let mut child = Command::new("docker")
            .args(["export", &id])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Failure::Io(e.to_string()))?;
        let entries = read_tree(child.stdout.take().expect("piped"));
        let _ = child.wait();
        self.quiet(&["rm", "--force", &id]);
        entries.map_err(|e| Failure::Io(format!("reading the exported filesystem of {image}: {e}")))
    }

    /// The real size of each layer-writing instruction (RUN, COPY, ADD) of the final stage's chain, beside
    /// the estimate: the image's history entries of those instructions, the last ones matched in order (the
    /// earlier ones are the base image's).
    fn layer_sizes(&self, image: &str, analysis: &Analysis, after: bool) -> Result<Vec<LayerSize>, Failure> {
        let bytes = self
            .output(&[
                "history",
                "--no-trunc",
                "--human=false",
                "--format",
                "{{.Size}}\t{{.CreatedBy}}",
                image,
            ])
            .map_err(Failure::Io)?;
        let mut sizes: Vec<(Option<u64>, String)> = String::from_utf8_lossy(&bytes)
            .lines()
            .filter_map(|line| {
                let (size, created_by) = line.split_once('\t')?;
                let keyword = created_by.split_whitespace().next()?;
                matches!(keyword, "RUN" | "COPY" | "ADD").then(|| (size.trim().parse().ok(), created_by.to_string()))
            })
            .collect();
        sizes.reverse();
        let estimate = if after {
            &analysis.layers.after
        } else {
            &analysis.layers.before
        };
        let ours: Vec<&dflab_core::Layer> = final_chain(estimate)
            .into_iter()
            .flat_map(|stage| &stage.layers)
            .filter(|layer| layer.creates_layer)
            .collect();
        let offset = sizes.len().saturating_sub(ours.len());
        Ok(ours
            .iter()
            .enumerate()
            .map(|(i, layer)| LayerSize {
                instruction: layer.keyword.clone(),
                line: layer.span.line,
                real: sizes.get(offset + i).and_then(|(size, _)| *size),
                estimate_low: Some(layer.size.low),
                estimate_high: Some(layer.size.high),
                basis: layer.basis.clone(),
                models: layer.models.clone(),
                created_by: sizes.get(offset + i).map(|(_, created_by)| created_by.clone()),
            })
            .collect())
    }

    /// Runs the image for a moment with no network: `running` or `exited N`.
    fn start(&self, image: &str, seconds: u64) -> String {
        let Ok(id) = self.output(&["run", "--detach", "--network", "none", image]) else {
            return "did not start".into();
        };
        let id = String::from_utf8_lossy(&id).trim().to_string();
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut state = String::new();
        loop {
            if let Ok(bytes) = self.output(&["inspect", "--format", "{{.State.Running}} {{.State.ExitCode}}", &id]) {
                state = String::from_utf8_lossy(&bytes).trim().to_string();
            }
            if state.starts_with("false") || Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        self.quiet(&["rm", "--force", &id]);
        match state.split_once(' ') {
            Some(("true", _)) => "running".into(),
            Some((_, code)) => format!("exited {code}"),
            None => "unknown".into(),
        }
    }
}

/// The stages whose layers make up the final image, root first.
fn final_chain(estimate: &dflab_core::ImageEstimate) -> Vec<&dflab_core::StageEstimate> {
    let mut chain = Vec::new();
    let Some(mut stage) = estimate.stages.last() else {
        return chain;
    };
    chain.push(stage);
    // A stage built FROM an earlier stage names it as its base reference.
    while let Some(parent) = estimate.stages[..stage.index.min(estimate.stages.len())]
        .iter()
        .rev()
        .find(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&stage.base.reference))
        })
    {
        chain.push(parent);
        stage = parent;
    }
    chain.reverse();
    chain
}

/// The last step BuildKit reports as failing, and its message.
fn build_error(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let failing: Vec<&str> = lines
        .iter()
        .rev()
        .filter(|l| l.contains("ERROR") || l.contains("failed to solve") || l.contains("error:"))
        .take(3)
        .copied()
        .collect();
    let text = if failing.is_empty() {
        lines.iter().rev().take(3).rev().copied().collect::<Vec<_>>().join("\n")
    } else {
        failing.into_iter().rev().collect::<Vec<_>>().join("\n")
    };
    text.trim().to_string()
}

#[derive(PartialEq, Eq, Debug)]
struct Entry {
    kind: char,
    mode: u32,
    owner: (u64, u64),
    size: u64,
    content: Option<[u8; 32]>,
    link: Option<String>,
}

/// The tar stream of `docker export`: path → what we compare. Mtimes are left out on purpose.
fn read_tree(stream: impl Read) -> std::io::Result<BTreeMap<String, Entry>> {
    let mut archive = tar::Archive::new(stream);
    let mut entries = BTreeMap::new();
    for entry in archive.entries()? {
        let mut entry = entry?;
        let header = entry.header().clone();
        let path = format!(
            "/{}",
            entry
                .path()?
                .to_string_lossy()
                .trim_start_matches("./")
                .trim_end_matches('/')
        );
        let kind = match header.entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous => 'f',
            tar::EntryType::Directory => 'd',
            tar::EntryType::Symlink => 'l',
            tar::EntryType::Link => 'h',
            _ => 'o',
        };
        let content = if kind == 'f' {
            let mut hasher = Sha256::new();
            if path.ends_with(".pyc") {
                // The 16-byte header holds the source's mtime, which differs between any two installs.
                let mut header = [0u8; 16];
                let read = entry.read(&mut header)?;
                if read < header.len() {
                    hasher.update(&header[..read]);
                }
            }
            std::io::copy(&mut entry, &mut hasher)?;
            Some(hasher.finalize().into())
        } else {
            None
        };
        let link = entry.link_name()?.map(|l| l.to_string_lossy().into_owned());
        entries.insert(
            path,
            Entry {
                kind,
                mode: header.mode()?,
                owner: (header.uid()?, header.gid()?),
                size: if kind == 'f' { header.size()? } else { 0 },
                content,
                link,
            },
        );
    }
    Ok(entries)
}

fn compare(docker: &Docker, old: &str, new: &str, report: &mut Report) -> Result<(), Failure> {
    let (before, after) = (docker.inspect_config(old)?, docker.inspect_config(new)?);
    for field in CONFIG_FIELDS {
        let (a, b) = (&before[field], &after[field]);
        if a != b {
            let declared_by = declared_by(
                &report.applied,
                |e| matches!(e, Effect::Config(fields) if fields.contains(&field)),
            );
            if declared_by.is_empty() {
                report.undeclared.push(format!("config {field}: {a} → {b}"));
            }
            report.config.push(ConfigDifference {
                field: field.into(),
                before: a.clone(),
                after: b.clone(),
                declared_by,
            });
        }
    }
    let (before, after) = (docker.filesystem(old)?, docker.filesystem(new)?);
    let mut paths: Vec<&String> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    let mut undeclared = 0;
    for path in paths {
        let change: Vec<&'static str> = match (before.get(path), after.get(path)) {
            (Some(_), None) => vec!["removed"],
            (None, Some(_)) => vec!["added"],
            (Some(a), Some(b)) if a != b => {
                let mut what = Vec::new();
                if a.kind != b.kind {
                    what.push("type");
                }
                if a.mode != b.mode {
                    what.push("mode");
                }
                if a.owner != b.owner {
                    what.push("owner");
                }
                if a.size != b.size {
                    what.push("size");
                }
                if a.content != b.content {
                    what.push("content");
                }
                if a.link != b.link {
                    what.push("link");
                }
                what
            }
            _ => continue,
        };
        if VOLATILE.iter().any(|prefix| under(path, prefix)) {
            report.volatile_files += 1;
            continue;
        }
        let owner_only = change == ["owner"];
        let is_dir = [before.get(path), after.get(path)]
            .into_iter()
            .flatten()
            .all(|e| e.kind == 'd');
        let declared_by = declared_by(&report.applied, |effect| match effect {
            // A directory that exists only to hold a declared path (`/root/.cache` for `~/.cache/uv`) goes with it.
            Effect::Paths(patterns) => patterns
                .iter()
                .any(|p| matches_pattern(path, p) || (is_dir && contains_pattern(path, p))),
            Effect::Packages => PACKAGE_DIRS.iter().any(|dir| under(path, dir)),
            Effect::PythonPackages => python_package_path(path),
            Effect::Ownership => owner_only,
            _ => false,
        });
        if declared_by.is_empty() {
            undeclared += 1;
            if undeclared <= 20 {
                report.undeclared.push(format!("{path}: {}", change.join(", ")));
            }
        }
        report.files.push(FileDifference {
            path: path.clone(),
            change,
            declared_by,
        });
    }
    if undeclared > 20 {
        report
            .undeclared
            .push(format!("… and {} more undeclared file differences", undeclared - 20));
    }
    Ok(())
}

/// Where a package manager writes.
const PACKAGE_DIRS: [&str; 10] = [
    "/usr",
    "/etc",
    "/var/lib/dpkg",
    "/var/lib/apt",
    "/var/lib/ucf",
    "/var/cache",
    "/var/lib/systemd",
    "/lib",
    "/bin",
    "/sbin",
];

fn python_package_path(path: &str) -> bool {
    path.contains("/site-packages")
        || path.contains("/dist-packages")
        || path.contains("/bin/")
        || path.ends_with("/bin")
}

fn under(path: &str, prefix: &str) -> bool {
    path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'))
}

/// `pattern` covers `path` when it is the path or one of its parents; `~` is any home (`/root`,
/// `/home/<name>`), `*` one path segment.
fn matches_pattern(path: &str, pattern: &str) -> bool {
    let have = segments(path);
    expand_home(pattern).iter().any(|pattern| {
        let wanted = segments(pattern);
        have.len() >= wanted.len() && wanted.iter().zip(&have).all(|(w, h)| *w == "*" || w == h)
    })
}

/// A pattern with `~` as the homes it stands for.
fn expand_home(pattern: &str) -> Vec<String> {
    match pattern.strip_prefix('~') {
        Some(rest) => vec![format!("/root{rest}"), format!("/home/*{rest}")],
        None => vec![pattern.to_string()],
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.trim_matches('/').split('/').collect()
}

/// Whether directory `path` is a parent of what `pattern` names (`/root/.cache` of `~/.cache/uv`).
fn contains_pattern(path: &str, pattern: &str) -> bool {
    let have = segments(path);
    expand_home(pattern).iter().any(|pattern| {
        let wanted = segments(pattern);
        have.len() < wanted.len() && have.iter().zip(&wanted).all(|(h, w)| *w == "*" || w == h)
    })
}

fn write_text(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    writeln!(out, "dflab verify: {} (context {})", report.dockerfile, report.context)?;
    if report.applied.is_empty() {
        writeln!(out, "The rewrite changes nothing: both builds are of the same text.")?;
    }
    for group in &report.applied {
        writeln!(out, "  applied {} ({:?}): {}", group.id, group.fix, group.title)?;
    }
    for (name, build) in [("before", &report.before), ("after", &report.after)] {
        match &build.error {
            None => writeln!(out, "{name}: built in {:.1} s", build.seconds)?,
            Some(error) => writeln!(
                out,
                "{name}: FAILED after {:.1} s\n    {}",
                build.seconds,
                error.replace('\n', "\n    ")
            )?,
        }
    }
    for difference in &report.config {
        writeln!(
            out,
            "config {}: {} → {} ({})",
            difference.field,
            difference.before,
            difference.after,
            by(&difference.declared_by)
        )?;
    }
    let declared = report.files.iter().filter(|f| !f.declared_by.is_empty()).count();
    writeln!(
        out,
        "files: {} differ ({declared} declared by the fixes), {} volatile paths ignored",
        report.files.len(),
        report.volatile_files
    )?;
    for file in report.files.iter().take(40) {
        writeln!(
            out,
            "  {} {} ({})",
            file.path,
            file.change.join(", "),
            by(&file.declared_by)
        )?;
    }
    if report.files.len() > 40 {
        writeln!(out, "  … {} more", report.files.len() - 40)?;
    }
    for (name, layers) in [("before", &report.layers.before), ("after", &report.layers.after)] {
        if layers.is_empty() {
            continue;
        }
        writeln!(out, "layers {name} (real / estimated):")?;
        for layer in layers {
            writeln!(
                out,
                "  line {:<4} {:<6} {:>12} / {}",
                layer.line,
                layer.instruction,
                layer.real.map_or("?".into(), bytes),
                match (layer.estimate_low, layer.estimate_high) {
                    (Some(low), Some(high)) if low == high => bytes(low),
                    (Some(low), Some(high)) => format!("{}–{}", bytes(low), bytes(high)),
                    _ => "unknown".into(),
                }
            )?;
        }
    }
    if let Some(start) = &report.start {
        writeln!(out, "start: {} before, {} after", start.before, start.after)?;
    }
    if report.undeclared.is_empty() {
        writeln!(out, "\nOK: every difference is one the applied fixes declare.")
    } else {
        writeln!(out, "\nUNDECLARED ({}):", report.undeclared.len())?;
        for line in &report.undeclared {
            writeln!(out, "  {line}")?;
        }
        Ok(())
    }
}

fn by(groups: &[String]) -> String {
    if groups.is_empty() {
        "undeclared".into()
    } else {
        format!("declared by {}", groups.join(", "))
    }
}

fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / 1_048_576.0),
        n if n >= 1 << 10 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_cover_homes_segments_and_children() {
        assert!(matches_pattern("/root/.cache/pip/http/x", "~/.cache/pip"));
        assert!(matches_pattern("/home/app/.npm", "~/.npm"));
        assert!(!matches_pattern("/home/app/.npmrc", "~/.npm"));
        assert!(matches_pattern("/var/lib/gems/3.1.0/doc/rake", "/var/lib/gems/*/doc"));
        assert!(!matches_pattern("/var/lib/apt", "/var/lib/apt/lists"));
        assert!(contains_pattern("/root/.cache", "~/.cache/uv") && contains_pattern("/home/app", "~/.npm"));
        assert!(!contains_pattern("/root/.cache/uv", "~/.cache/uv") && !contains_pattern("/etc", "/var/cache/apt"));
    }

    #[test]
    fn only_leading_syntax_directives_are_dropped() {
        assert_eq!(
            without_syntax_directive("# syntax=docker/dockerfile:1\n# escape=\\\nFROM a\n# syntax=x\n"),
            "# escape=\\\nFROM a\n# syntax=x\n"
        );
    }
}
