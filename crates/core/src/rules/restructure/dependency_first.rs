//! The opt-in restructuring behind L001: copy the dependency manifests, install, then copy the source.
//!
//! Preconditions, checked here (the fix refrains otherwise):
//! - the install RUN directly follows the context COPY (only comments and blank lines between), so moving
//!   it changes no WORKDIR, ENV, ARG or USER it runs with;
//! - the COPY copies the context (`.`) into the working directory (`.`/`./`) or an absolute directory;
//! - every command of the RUN needs only the manifests: `pip install -r` (no `-e`, no local paths), `uv pip
//!   install/sync -r`, `pipenv install`, `poetry install --no-root`, `npm ci`/`npm install` without packages,
//!   plus `set`/`rm`/`echo` and package managers of the OS;
//! - manifest paths are relative and stay inside the copied tree.
//!   Lockfiles are copied as `name*`: a project may have none, and a wildcard that matches nothing copies
//!   nothing instead of failing; each Node package manager gets its own lockfile.
//!   `uv sync` is split the way uv documents for Docker: `uv sync --no-install-project` before the source,
//!   the original `uv sync` after it, since the project itself needs the source.

use crate::model::Model;
use crate::rules::{Edit, Fix};
use crate::shell::{NodeAction, NodeTool, PipAction, Program};

/// The fix for the install RUN `run` (index) that follows the context COPY `copy` (index).
pub fn fix(model: &Model, copy: usize, run: usize) -> Option<Fix> {
    if run != copy + 1 {
        return None;
    }
    let copy_instruction = model.instructions[copy];
    let run_instruction = model.instructions[run];
    let view = copy_instruction.as_copy()?;
    let destination = view.destination?.value.as_str();
    let relative_destination = matches!(destination, "." | "./");
    if !relative_destination && !destination.starts_with('/') {
        return None;
    }
    let scripts = model.scripts(run);
    let [script] = scripts else { return None };
    let mut manifests: Vec<String> = Vec::new();
    let mut uv_sync = None;
    for command in script.commands() {
        match &command.program {
            Program::Pip(pip) if matches!(pip.action, PipAction::Install | PipAction::Sync) => {
                if !pip.editables.is_empty() || pip.packages.iter().any(|p| p.local || p.expansion) {
                    return None;
                }
                manifests.extend(pip.requirements.iter().chain(&pip.constraints).map(|o| o.value.clone()));
            }
            Program::Uv(uv) if uv.subcommand.as_ref().is_some_and(|s| s.name == "sync") => {
                if !uv.no_install_project {
                    uv_sync = Some(uv.subcommand.as_ref()?.span.end);
                }
                manifests.extend(["pyproject.toml".to_string(), "uv.lock*".to_string()]);
            }
            Program::Pipenv(_) => manifests.extend(["Pipfile".to_string(), "Pipfile.lock*".to_string()]),
            Program::Poetry(_) => {
                if !command.args().iter().any(|w| w.as_str() == "--no-root") {
                    return None;
                }
                manifests.extend(["pyproject.toml".to_string(), "poetry.lock*".to_string()]);
            }
            Program::Node(node)
                if matches!(node.action, NodeAction::Install | NodeAction::Ci) && node.packages.is_empty() =>
            {
                let lockfile = match node.tool {
                    NodeTool::Npm => "package-lock.json*",
                    NodeTool::Yarn => "yarn.lock*",
                    NodeTool::Pnpm => "pnpm-lock.yaml*",
                };
                manifests.extend(["package.json".to_string(), lockfile.to_string()]);
            }
            Program::Set(_)
            | Program::Rm(_)
            | Program::Echo(_)
            | Program::AptGet(_)
            | Program::Apk(_)
            | Program::Rpm(_) => {}
            _ => return None,
        }
    }
    if manifests.is_empty() {
        return None;
    }
    let mut files: Vec<String> = Vec::new();
    for manifest in manifests {
        let path = manifest.trim_start_matches("./");
        let inside = if relative_destination {
            !path.starts_with('/') && !path.split('/').any(|part| part == "..")
        } else {
            path.starts_with(&format!("{}/", destination.trim_end_matches('/')))
        };
        if !inside || path.contains('$') {
            return None;
        }
        let path = if relative_destination {
            path.to_string()
        } else {
            path[destination.trim_end_matches('/').len() + 1..].to_string()
        };
        if !files.contains(&path) {
            files.push(path);
        }
    }
    let source = model.source;
    let line_start = |at: usize| source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |at: usize| source[at..].find('\n').map_or(source.len(), |i| at + i + 1);
    let copy_line = line_start(copy_instruction.span.start);
    let indent = &source[copy_line..copy_instruction.span.start];
    let flags: String = copy_instruction
        .flags
        .iter()
        .filter(|f| matches!(f.name.as_str(), "chown" | "chmod" | "link"))
        .map(|f| format!("{} ", source[f.span.start..f.span.end].trim()))
        .collect();
    let base = if relative_destination {
        "./".to_string()
    } else {
        format!("{}/", destination.trim_end_matches('/'))
    };
    let mut copies = String::new();
    let mut by_dir: Vec<(String, Vec<&str>)> = Vec::new();
    for file in &files {
        let dir = file.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
        match by_dir.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, list)) => list.push(file),
            None => by_dir.push((dir, vec![file])),
        }
    }
    for (dir, list) in &by_dir {
        let target = if dir.is_empty() {
            base.clone()
        } else {
            format!("{base}{dir}/")
        };
        copies.push_str(&format!(
            "{indent}{} {flags}{} {target}\n",
            copy_instruction.keyword_text,
            list.join(" ")
        ));
    }
    let run_end = line_end(
        run_instruction
            .span
            .end
            .saturating_sub(1)
            .max(run_instruction.span.start),
    );
    let between_and_run = &source[line_end(copy_instruction.span.end.saturating_sub(1)).min(run_end)..run_end];
    let (edits, warning) = match uv_sync {
        Some(sync_end) => {
            let run_line = line_start(run_instruction.span.start);
            let run_text = &source[run_line..run_end];
            let offset = sync_end - run_line;
            let early = format!("{} --no-install-project{}", &run_text[..offset], &run_text[offset..]);
            let early = if early.ends_with('\n') {
                early
            } else {
                format!("{early}\n")
            };
            (
                vec![Edit::insert(copy_line, format!("{copies}{early}"))],
                format!("installs the dependencies from {} before copying the source; the project itself is still installed after it", files.join(", ")),
            )
        }
        None => {
            let moved = if between_and_run.ends_with('\n') {
                between_and_run.to_string()
            } else {
                format!("{between_and_run}\n")
            };
            let delete_from = run_end - between_and_run.len();
            (
                vec![
                    Edit::insert(copy_line, format!("{copies}{moved}")),
                    Edit::delete(delete_from..run_end),
                ],
                format!(
                    "the install runs before the source is copied: if it needs files other than {}, the build fails",
                    files.join(", ")
                ),
            )
        }
    };
    if edits.iter().any(|e| e.range.end > source.len()) {
        return None;
    }
    Some(Fix::opt_in(
        "copy the dependency manifests and install before copying the source",
        warning,
        edits,
    ))
}
