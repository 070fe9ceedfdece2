//! What earlier layers of a stage wrote: paths filled by COPY/ADD and by package managers and downloads in
//! RUN, for the rules about cleanup and permission changes in later layers.

use crate::model::paths::PathIndexed;
use crate::model::Model;
use crate::rules::support::run_commands::{mounted, Cmd};
use crate::shell::{path_has_prefix, ApkAction, AptAction, NodeAction, NodeTool, PipAction, Program, RpmAction};
use crate::syntax::Instruction;
use crate::syntax::Keyword;

/// A path an earlier instruction left in its layer.
pub struct Write {
    pub path: String,
    /// Index of the instruction that wrote it.
    pub index: usize,
    /// What wrote it, for messages: "`COPY`", "`apt-get update`".
    pub by: String,
    pub copy: bool,
    /// A single copied file rather than a directory's contents.
    pub file: bool,
}

pub use crate::model::paths::{next_workdir, resolve};

/// Paths a COPY/ADD writes (directories whose contents it fills, or files).
pub fn copy_writes(instruction: &Instruction, workdir: Option<&str>) -> Vec<(String, bool)> {
    let Some(copy) = instruction.as_copy() else {
        return Vec::new();
    };
    let Some(dest) = copy.destination.and_then(|d| resolve(&d.value, workdir)) else {
        return Vec::new();
    };
    if !copy.heredocs.is_empty() {
        return Vec::new();
    }
    let into_dir = dest.ends_with('/') || copy.sources.len() > 1;
    let mut paths = Vec::new();
    for source in &copy.sources {
        let s = source.value.trim_end_matches('/');
        let name = s.rsplit('/').next().unwrap_or(s);
        let file_like = name.contains('.') && !name.starts_with('.') && !s.contains(['*', '?', '[']);
        if into_dir && file_like {
            paths.push((format!("{}/{name}", dest.trim_end_matches('/')), true));
        } else if !s.contains(['*', '?', '[']) || !into_dir {
            // A directory's contents (or a renamed file) land in `dest` itself.
            paths.push((dest.trim_end_matches('/').to_string(), false));
        }
    }
    paths.retain(|(p, _)| !p.is_empty());
    paths
}

/// Cache and download paths a RUN command fills, unless the same RUN removes them or mounts a cache there.
pub fn run_writes(model: &Model, cmd: &Cmd) -> Vec<(String, String)> {
    let mut out = run_writes_raw(cmd);
    out.retain(|(path, _)| !model.removed_after(cmd, &[path]) && !mounted(cmd.instruction, &[path]));
    out
}

/// Cache and download paths a RUN command fills.
pub fn run_writes_raw(cmd: &Cmd) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let label = |tool: &str, sub: Option<&str>| match sub {
        Some(sub) => format!("`{tool} {sub}`"),
        None => format!("`{tool}`"),
    };
    match &cmd.command.program {
        Program::AptGet(a) if a.action == AptAction::Update => {
            out.push(("/var/lib/apt/lists".into(), label(&a.tool, Some("update"))));
        }
        Program::Apk(a)
            if matches!(a.action, ApkAction::Add | ApkAction::Update | ApkAction::Upgrade) && !a.no_cache =>
        {
            out.push((
                "/var/cache/apk".into(),
                label("apk", a.subcommand.as_ref().map(|s| s.name.as_str())),
            ));
        }
        Program::Pip(p) if p.action == PipAction::Install && !p.no_cache_dir => {
            out.push(("/root/.cache/pip".into(), label("pip", Some("install"))));
        }
        Program::Node(n) if n.tool == NodeTool::Npm && matches!(n.action, NodeAction::Install | NodeAction::Ci) => {
            out.push((
                "/root/.npm".into(),
                label("npm", n.subcommand.as_ref().map(|s| s.name.as_str())),
            ));
        }
        Program::Rpm(r) if matches!(r.action, RpmAction::Install | RpmAction::Update) => {
            let sub = r.subcommand.as_ref().map(|s| s.name.as_str());
            for path in [
                "/var/cache/yum",
                "/var/cache/dnf",
                "/var/cache/zypp",
                "/var/cache/libdnf5",
            ] {
                out.push((path.into(), label(&r.tool, sub)));
            }
        }
        Program::Fetch(f) => {
            if let Some(output) = f.output.as_ref().filter(|o| o.value.starts_with('/')) {
                out.push((output.value.clone(), label(cmd.command.name(), None)));
            }
        }
        _ => {}
    }
    out
}

/// `path` (an `rm` or `chown` operand) touches `written`: it is the same path, lies under it, or (when
/// `recursive`) contains it.
pub fn touches(path: &str, written: &str, recursive: bool) -> bool {
    let path = path.trim_end_matches("/*").trim_end_matches('/');
    if path.is_empty() {
        return false;
    }
    path_has_prefix(path, written) || (recursive && path_has_prefix(written, path))
}

/// Walks the stage's instructions in order, calling `visit` for each with the writes of earlier
/// instructions and the WORKDIR in effect.
pub fn walk_stage(
    model: &Model,
    stage: usize,
    mut visit: impl FnMut(usize, &Instruction, &PathIndexed<Write>, Option<&str>),
) {
    let Some(stage) = model.build.stages.get(stage) else {
        return;
    };
    let mut writes: PathIndexed<Write> = PathIndexed::default();
    let mut workdir: Option<String> = None;
    for (index, instruction) in model.stage_instructions(stage) {
        if instruction.keyword == Keyword::From {
            continue;
        }
        visit(index, instruction, &writes, workdir.as_deref());
        for (path, file) in copy_writes(instruction, workdir.as_deref()) {
            writes.push(
                &path.clone(),
                Write {
                    path,
                    index,
                    by: format!("`{}`", instruction.keyword),
                    copy: true,
                    file,
                },
            );
        }
        for cmd in model.commands_of(index) {
            for (path, by) in run_writes(model, &cmd) {
                writes.push(
                    &path.clone(),
                    Write {
                        path,
                        index,
                        by,
                        copy: false,
                        file: false,
                    },
                );
            }
        }
        workdir = next_workdir(workdir, instruction);
    }
}
