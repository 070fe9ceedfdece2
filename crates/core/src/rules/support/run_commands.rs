//! Helpers shared by the layers/cache and package-manager rules.

use crate::model::image::Point;
use crate::model::Base;
use crate::model::Model;
use crate::rules::support::stages::powershell;
use crate::rules::{Edit, Fix, Hit};
use crate::shell::{path_has_prefix, Command, Connector, Script};
use crate::syntax::Instruction;
use crate::syntax::Keyword;

/// One shell command of a RUN, with the instruction and script it belongs to.
pub struct Cmd<'a> {
    /// Index of the RUN among the instructions.
    pub index: usize,
    pub instruction: &'a Instruction,
    /// Position of the script among the RUN's scripts.
    pub script_index: usize,
    pub script: &'a Script,
    pub command: &'a Command,
}

impl Cmd<'_> {
    /// Where the command runs in the build, for questions to the image model.
    pub fn point(&self) -> Point {
        Point {
            instruction: self.index,
            script: self.script_index,
            command: self.command.id,
        }
    }
}

/// The iterator of [`Model::commands`]: a plain struct rather than nested `flat_map`s, so that the adapters
/// the rules chain onto it do not each compile their own copy of the nested loops (4 KB of gzip in the wasm).
pub struct Commands<'s, 'a> {
    model: &'s Model<'a>,
    instruction: usize,
    /// One past the last instruction to walk.
    end: usize,
    script: usize,
    command: usize,
}

impl<'s> Iterator for Commands<'s, '_> {
    type Item = Cmd<'s>;

    fn next(&mut self) -> Option<Cmd<'s>> {
        loop {
            if self.instruction >= self.end {
                return None;
            }
            let instruction: &'s Instruction = self.model.instructions.get(self.instruction)?;
            if instruction.keyword == Keyword::Run {
                if let Some(script) = self.model.scripts(self.instruction).get(self.script) {
                    if let Some(command) = script.commands().get(self.command) {
                        self.command += 1;
                        return Some(Cmd {
                            index: self.instruction,
                            instruction,
                            script_index: self.script,
                            script,
                            command,
                        });
                    }
                    self.script += 1;
                    self.command = 0;
                    continue;
                }
            }
            self.instruction += 1;
            self.script = 0;
            self.command = 0;
        }
    }
}

/// Shell-command views of [`Model::scripts`] for the layers/cache and package-manager rules.
impl Model<'_> {
    /// Every shell command of every RUN, in source order.
    pub fn commands(&self) -> Commands<'_, '_> {
        Commands {
            model: self,
            instruction: 0,
            end: self.instructions.len(),
            script: 0,
            command: 0,
        }
    }

    /// The shell commands of instruction `index` if it is a RUN: what `commands()` yields for it, without
    /// walking every RUN before it (rules that visit each RUN were quadratic in the file's length).
    pub fn commands_of(&self, index: usize) -> impl Iterator<Item = Cmd<'_>> {
        // Bounded to the one instruction: walking on to the next RUN would make every caller that visits
        // each instruction quadratic in the file's length.
        Commands {
            model: self,
            instruction: index,
            end: index.saturating_add(1),
            script: 0,
            command: 0,
        }
    }

    /// After command `cmd`, in the same RUN, some `rm` removes one of `paths` (or something under it).
    pub fn removed_after(&self, cmd: &Cmd, paths: &[&str]) -> bool {
        self.scripts(cmd.index)
            .iter()
            .enumerate()
            .skip(cmd.script_index)
            .any(|(i, script)| {
                paths.iter().any(|path| {
                    if i == cmd.script_index {
                        script.removes_path_prefix_after(cmd.command.id, path)
                    } else {
                        script.removes_path_prefix(path)
                    }
                })
            })
    }
}

/// The instruction's layers end up in the built image.
pub fn in_image(model: &Model, index: usize) -> bool {
    model
        .build
        .stage_of(index)
        .is_some_and(|stage| model.image_stages().contains(&stage))
}

/// The RUN has a cache or tmpfs mount on one of `paths` or on a directory above it, so what is written
/// there stays out of the layer.
pub fn mounted(instruction: &Instruction, paths: &[&str]) -> bool {
    let Some(run) = instruction.as_run() else { return false };
    run.mounts.iter().any(|mount| {
        matches!(mount.kind.as_str(), "cache" | "tmpfs")
            && mount
                .target
                .as_deref()
                .is_some_and(|target| paths.iter().any(|path| path_has_prefix(path, target)))
    })
}

/// The stage's root base is an Alpine, Wolfi (Chainguard) or BusyBox image (where `wget` is BusyBox's).
pub fn alpine_stage(model: &Model, index: usize) -> bool {
    let Some(stage) = model.build.stage_of(index).and_then(|s| model.build.stages.get(s)) else {
        return false;
    };
    match model.root_base(stage) {
        Base::Image { reference, .. } => {
            let lower = reference.to_ascii_lowercase();
            ["alpine", "busybox", "wolfi", "chainguard"]
                .iter()
                .any(|name| lower.contains(name))
        }
        _ => false,
    }
}

/// 1-based line of a byte offset.
pub fn line(model: &Model, offset: usize) -> u32 {
    model.span(offset..offset).line
}

/// The text of `range` on one line, as a message quotes it: a line continuation (the file's escape character at
/// the end of a line) and its line break become a space, comment lines inside the instruction go, and runs of
/// blanks become one. Every other escape character stays as written: `C:\app` in a Windows path, `\n` in a
/// string (they once became spaces).
pub fn text(model: &Model, range: std::ops::Range<usize>) -> String {
    let raw = model.source.get(range).unwrap_or("");
    let mut words: Vec<&str> = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        if i > 0 && line.trim_start().starts_with('#') {
            continue;
        }
        let line = line.trim_end();
        let line = line.strip_suffix(model.tree.escape).unwrap_or(line);
        words.extend(line.split_whitespace());
    }
    words.join(" ")
}

/// A COPY/ADD of the whole build context (`COPY . .`, `ADD ./ /app`, `COPY * ./`), not from a stage.
pub fn is_context_copy(instruction: &Instruction) -> bool {
    let Some(copy) = instruction.as_copy() else {
        return false;
    };
    copy.from.is_none()
        && copy.heredocs.is_empty()
        && copy
            .sources
            .iter()
            .any(|s| matches!(s.value.as_str(), "." | "./" | "*" | "./*" | "./."))
}

/// The single shell script of a RUN that an edit can extend safely: shell form with `\` continuations, no
/// here-documents, no PowerShell, no parse errors and no `sudo`.
fn editable_script<'m>(model: &'m Model, index: usize) -> Option<&'m Script> {
    let instruction = model.instructions.get(index)?;
    let run = instruction.as_run()?;
    if run.command.is_exec()
        || !instruction.heredocs.is_empty()
        || model.tree.escape != '\\'
        || powershell(model, index)
    {
        return None;
    }
    let [script] = model.scripts(index) else { return None };
    if !script.errors().is_empty() || script.sudo_commands().next().is_some() {
        return None;
    }
    Some(script)
}

/// An edit appending `&& text` to RUN `index`, after its last top-level command.
pub fn append_to_run(model: &Model, index: usize, text: &str) -> Option<Edit> {
    let script = editable_script(model, index)?;
    let last = script.commands().iter().rfind(|c| c.context.is_top_shell())?;
    insert_after(model, index, last, text)
}

/// An edit inserting `&& text` right after the last top-level command of the RUN that runs the same program as
/// `cmd`: there the program still exists (a later command may remove it, as `apt-get purge -y npm` does) and the
/// cleanup runs in the same shell. `None` when that command is not joined to the next one by `&&`.
pub fn insert_after_last_use(model: &Model, cmd: &Cmd, text: &str) -> Option<Edit> {
    let script = editable_script(model, cmd.index)?;
    let program = cmd.command.name();
    let last = script
        .commands()
        .iter()
        .rfind(|c| c.name() == program && !program.is_empty())?;
    if !last.context.is_top_shell() {
        return None;
    }
    insert_after(model, cmd.index, last, text)
}

fn insert_after(model: &Model, index: usize, command: &Command, text: &str) -> Option<Edit> {
    let instruction = model.instructions.get(index)?;
    if command.context.background {
        return None;
    }
    match command.after {
        None => {
            let rest = model.source.get(command.span.end..instruction.arguments_span.end)?;
            rest.trim()
                .is_empty()
                .then(|| Edit::insert(command.span.end, format!(" && {text}")))
        }
        Some(Connector::And) => Some(Edit::insert(command.span.end, format!(" && {text}"))),
        Some(_) => None,
    }
}

/// The recommendation for a cache left in a layer: a cache mount where BuildKit syntax is in use, else
/// `cleanup` in the same RUN.
pub fn cache_advice(model: &Model, target: &str, cleanup: &str) -> String {
    if model.uses_buildkit_syntax() {
        format!("use `RUN --mount=type=cache,target={target}` so the cache stays out of the image")
    } else {
        format!("add `{cleanup}` in the same RUN")
    }
}

/// A safe fix from an optional edit.
pub fn safe_fix(title: &str, edit: Option<Edit>) -> Option<Fix> {
    edit.map(|edit| Fix::safe(title.to_string(), vec![edit]))
}

/// The hit of a "cache left in the layer" rule for command `cmd`: the message with the advice (a cache
/// mount under BuildKit syntax, else the cleanup command), and the safe fix appending `cleanup` to the RUN
/// when no BuildKit syntax is in use.
pub fn cache_left_hit(model: &Model, cmd: &Cmd, what: String, target: &str, cleanup: &str) -> Hit {
    let hit = Hit::new(
        model.span(cmd.command.span.clone()),
        format!("{what}: {}", cache_advice(model, target, cleanup)),
    );
    if model.uses_buildkit_syntax() {
        return hit;
    }
    match safe_fix(&format!("add `{cleanup}`"), insert_after_last_use(model, cmd, cleanup)) {
        Some(fix) => hit.with_fix(fix),
        None => hit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Options;
    use crate::syntax;

    #[test]
    fn image_stages_follow_the_final_stage() {
        let source = "FROM python:3.12 AS a\nFROM a AS b\nFROM python:3.12 AS c\nFROM b\n";
        let tree = syntax::parse(source);
        let options = Options::default();
        let model = Model::new(&tree, &options);
        assert_eq!(model.image_stages(), [3, 1, 0]);
        assert!(!in_image(&model, 2));
        assert!(in_image(&model, 1));
    }

    #[test]
    fn mounts_cover_paths_below_their_target() {
        let tree = syntax::parse("RUN --mount=type=cache,target=/var/lib/apt apt-get update\n");
        let run = tree.instructions().next().unwrap();
        assert!(mounted(run, &["/var/lib/apt/lists"]));
        assert!(!mounted(run, &["/var/cache/apt"]));
    }

    #[test]
    fn heredoc_bodies_are_read() {
        let source = "FROM debian\nRUN <<EOF\napt-get install curl\nEOF\n";
        let tree = syntax::parse(source);
        let options = Options::default();
        let model = Model::new(&tree, &options);
        let names: Vec<_> = model.commands().map(|c| c.command.name().to_string()).collect();
        assert_eq!(names, ["", "apt-get"]);
    }
}
