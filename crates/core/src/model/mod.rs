//! The model of the build that every feature reads: the tree, the stages and their scopes ([`build`]), the
//! shell scripts every RUN executes ([`scripts`]) and the caller's options. [`crate::analyze`] builds it once
//! per text; rules, the rewrite and the layer estimate query it (as rust-analyzer's features query hir).

pub mod build;
pub mod context;
pub mod image;
pub mod paths;
pub mod purpose;
pub mod scripts;

pub use build::*;

use std::ops::Range;

use crate::analysis::Options;
use crate::shell::Script;
use crate::span::{LineIndex, Span};
use crate::syntax::instructions::{Command, View};
use crate::syntax::Keyword;
use crate::syntax::{Dockerfile, Instruction};
use scripts::run_scripts;

pub struct Model<'a> {
    pub source: &'a str,
    pub tree: &'a Dockerfile,
    /// Stages, their bases, dependencies and variable scopes.
    pub build: BuildModel,
    pub options: &'a Options,
    /// Instructions in source order; the build model's instruction indices point into this.
    pub instructions: Vec<&'a Instruction>,
    /// The typed view of each instruction, built once: rules ask for them again and again.
    views: Vec<View<'a>>,
    index: LineIndex<'a>,
    scripts: Vec<Vec<Script>>,
    scopes: ScopeTable,
    /// For each instruction, the SHELL instruction in effect there (`None`: the default `/bin/sh -c`).
    shells: Vec<Option<usize>>,
    /// The build context the builder receives (files and `.dockerignore`), as far as the caller gave it.
    pub context: context::BuildContext,
    /// The image at every instruction, computed on first use (only rules about it need it).
    image: std::cell::OnceCell<image::ImageModel>,
    /// What each stage is for, computed on first use.
    purposes: std::cell::OnceCell<Vec<purpose::Purpose>>,
}

/// The SHELL in effect at each instruction, in one pass over the stages: a stage built on an earlier one
/// (`FROM <stage>`) starts with the shell that stage ended with. Rules ask this for every RUN, so a scan of
/// the stage per question would be quadratic in its length.
fn shells_in_effect(build: &BuildModel, instructions: &[&Instruction]) -> Vec<Option<usize>> {
    let mut in_effect = vec![None; instructions.len()];
    let mut at_stage_end: Vec<Option<usize>> = Vec::with_capacity(build.stages.len());
    for stage in &build.stages {
        let mut current = match stage.base {
            Base::Stage { index } if index < stage.index => at_stage_end.get(index).copied().flatten(),
            _ => None,
        };
        for &index in &stage.instructions {
            if let Some(slot) = in_effect.get_mut(index) {
                *slot = current;
            }
            if instructions.get(index).is_some_and(|i| i.keyword == Keyword::Shell) {
                current = Some(index);
            }
        }
        at_stage_end.push(current);
    }
    in_effect
}

impl<'a> Model<'a> {
    pub fn new(tree: &'a Dockerfile, options: &'a Options) -> Self {
        let build = build::build_model(tree);
        let source = tree.source.as_str();
        let instructions: Vec<&Instruction> = tree.instructions().collect();
        let scripts = instructions
            .iter()
            .map(|instruction| run_scripts(source, instruction, tree.escape))
            .collect();
        let scopes = build.scope_table(tree);
        let views = instructions.iter().map(|instruction| instruction.view()).collect();
        let shells = shells_in_effect(&build, &instructions);
        Model {
            source,
            tree,
            build,
            options,
            instructions,
            views,
            index: LineIndex::new(source),
            scripts,
            scopes,
            shells,
            context: context::BuildContext::new(&options.context),
            image: std::cell::OnceCell::new(),
            purposes: std::cell::OnceCell::new(),
        }
    }

    /// The image being built at every instruction: programs, users, package lists, Python.
    pub fn image(&self) -> &image::ImageModel {
        self.image.get_or_init(|| image::ImageModel::new(self))
    }

    /// What each stage is for (shipped, build-only, development, template), with the evidence.
    pub fn purposes(&self) -> &[purpose::Purpose] {
        self.purposes.get_or_init(|| purpose::classify(self))
    }

    /// What the stage of the instruction starting at or before `line` is for (`None` before the first FROM).
    pub fn purpose_at_line(&self, line: u32) -> Option<&purpose::Purpose> {
        let stage = self.build.stages.partition_point(|stage| {
            self.instructions
                .get(stage.from)
                .is_some_and(|from| from.start_line <= line)
        });
        self.purposes().get(stage.checked_sub(1)?)
    }

    /// Span of a byte range of the Dockerfile (shell spans are such ranges).
    pub fn span(&self, range: Range<usize>) -> Span {
        self.index.span(range.start, range.end)
    }

    /// The typed view of instruction `index` (of [`Model::instructions`]).
    pub fn view(&self, index: usize) -> &View<'a> {
        &self.views[index]
    }

    /// The typed views of all instructions, in source order.
    pub fn views(&self) -> impl Iterator<Item = &View<'a>> {
        self.views.iter()
    }

    /// The shell scripts an instruction runs: a shell-form RUN's command line, and here-document bodies that
    /// a shell executes. Empty for other instructions and exec form.
    pub fn scripts(&self, instruction: usize) -> &[Script] {
        self.scripts.get(instruction).map_or(&[], Vec::as_slice)
    }

    /// The ARG and ENV values visible to an instruction (computed once for all instructions).
    pub fn scope(&self, instruction: usize) -> ScopeView<'_> {
        self.scopes.at(instruction)
    }

    /// Every RUN instruction with its scripts, in source order.
    pub fn runs(&self) -> impl Iterator<Item = (usize, &'a Instruction, &[Script])> + '_ {
        self.instructions
            .iter()
            .enumerate()
            .filter(|(_, i)| i.keyword == Keyword::Run)
            .map(|(index, instruction)| (index, *instruction, self.scripts(index)))
    }

    /// The stage the image is built from: the last one (BuildKit's default target).
    pub fn final_stage(&self) -> Option<&Stage> {
        self.build.stages.last()
    }

    /// The instructions of a stage, with their indices.
    pub fn stage_instructions<'s>(&'s self, stage: &'s Stage) -> impl Iterator<Item = (usize, &'a Instruction)> + 's {
        stage
            .instructions
            .iter()
            .filter_map(|&index| Some((index, *self.instructions.get(index)?)))
    }

    /// The stage and the stages it is built on (`FROM <stage>`), nearest first: the stage itself, its base
    /// stage, that stage's base, and so on. Only links to earlier stages are followed (BuildKit rejects the
    /// others), so the chain always ends.
    pub fn stage_chain<'s>(&'s self, stage: &'s Stage) -> Vec<&'s Stage> {
        let mut chain = vec![stage];
        let mut current = stage;
        while let Base::Stage { index } = current.base {
            if index >= current.index || chain.len() > self.build.stages.len() {
                break;
            }
            current = &self.build.stages[index];
            chain.push(current);
        }
        chain
    }

    /// Indices of the stages whose layers end up in the built image: the final stage and the stages it is
    /// built `FROM`, nearest first.
    pub fn image_stages(&self) -> Vec<usize> {
        self.final_stage()
            .map(|stage| self.stage_chain(stage).iter().map(|s| s.index).collect())
            .unwrap_or_default()
    }

    /// Follows `FROM <stage>` links to the image a stage ultimately starts from.
    pub fn root_base<'s>(&'s self, stage: &'s Stage) -> &'s Base {
        let chain = self.stage_chain(stage);
        &chain[chain.len() - 1].base
    }

    /// Instructions of a stage and of the stages it is built on, in build order (the root stage's first).
    pub fn chain_instructions(&self, stage: &Stage) -> Vec<(usize, &'a Instruction)> {
        let mut out = Vec::new();
        for stage in self.stage_chain(stage).into_iter().rev() {
            out.extend(self.stage_instructions(stage));
        }
        out
    }

    /// Instructions visible to instruction `at`: those of its stage before it, then those of the stages it is
    /// built on, nearest first (reverse source order within each stage).
    pub fn inherited_before(&self, at: usize) -> Vec<(usize, &'a Instruction)> {
        let Some(stage) = self.build.stage_of(at).map(|s| &self.build.stages[s]) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for (depth, stage) in self.stage_chain(stage).into_iter().enumerate() {
            let mut own: Vec<(usize, &Instruction)> = self
                .stage_instructions(stage)
                .filter(|(index, _)| depth > 0 || *index < at)
                .collect();
            own.reverse();
            found.extend(own);
        }
        found
    }

    /// The `SHELL` in effect at instruction `at` (its exec words), `None` for the default `/bin/sh -c`.
    pub fn shell_at(&self, at: usize) -> Option<Vec<String>> {
        self.shells
            .get(at)
            .copied()
            .flatten()
            .map(|index| match self.view(index) {
                View::Shell(Command::Exec(words)) => words.iter().map(|w| w.value.clone()).collect(),
                _ => Vec::new(),
            })
    }

    /// What the final image runs: ENTRYPOINT words followed by CMD words (the last of each in the final
    /// stage and the stages it builds on; an ENTRYPOINT resets an inherited CMD), with the index of the
    /// instruction that decides it.
    pub fn final_command(&self) -> Option<(usize, Vec<String>)> {
        self.stage_command(self.final_stage()?)
    }

    /// What an image built from `stage` (e.g. with `--target`) runs, as [`Model::final_command`] says it.
    pub fn stage_command(&self, stage: &Stage) -> Option<(usize, Vec<String>)> {
        let mut entrypoint: Option<(usize, Vec<String>)> = None;
        let mut cmd: Option<(usize, Vec<String>)> = None;
        for (index, _) in self.chain_instructions(stage) {
            match self.view(index) {
                View::Entrypoint(form) => {
                    entrypoint = Some((index, command_words(form)));
                    cmd = None;
                }
                View::Cmd(form) => cmd = Some((index, command_words(form))),
                _ => {}
            }
        }
        match (entrypoint, cmd) {
            // `ENTRYPOINT []` clears the entrypoint: the CMD alone is what runs, and what decides it.
            (Some((_, words)), Some(cmd)) if words.is_empty() => Some(cmd),
            (Some((index, mut words)), Some((_, more))) => {
                words.extend(more);
                Some((index, words))
            }
            (Some(e), None) => Some(e),
            (None, c) => c,
        }
    }

    /// The last USER in the final stage (or a stage it builds on), with its index.
    pub fn final_user(&self) -> Option<(usize, &'a Instruction)> {
        let stage = self.final_stage()?;
        self.chain_instructions(stage)
            .into_iter()
            .rfind(|(_, i)| i.keyword == Keyword::User)
    }

    /// The value of a variable (ARG or ENV) in scope at an instruction.
    pub fn var_at(&self, index: usize, name: &str) -> Option<String> {
        self.scope(index).get(name).map(str::to_string)
    }

    /// Text with the ARG/ENV in scope at the instruction expanded.
    pub fn expand_at(&self, index: usize, text: &str) -> String {
        self.scope(index).expand(text, self.tree.escape).text
    }

    /// Whether the user told the analysis that the build uses BuildKit features (a `# syntax=` directive,
    /// or any `RUN --mount`), so cache mounts can be recommended.
    pub fn uses_buildkit_syntax(&self) -> bool {
        self.tree.directives.iter().any(|d| d.name == "syntax")
            || self
                .instructions
                .iter()
                .any(|i| i.flags.iter().any(|f| f.name == "mount"))
    }
}

/// A boolean environment value as uv and most tools read it.
pub fn truthy(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on" | "y" | "t"
    )
}

/// Words of a CMD/ENTRYPOINT: the JSON array, or the shell form split on blanks.
pub fn command_words(form: &Command) -> Vec<String> {
    match form {
        Command::Exec(words) => words.iter().map(|w| w.value.clone()).collect(),
        Command::Shell(word) => word
            .value
            .split_whitespace()
            .map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_string())
            .collect(),
        Command::None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn with_model(source: &str, check: impl FnOnce(&Model)) {
        let tree = syntax::parse(source);
        let options = Options::default();
        check(&Model::new(&tree, &options));
    }

    #[test]
    fn chains_follow_stage_bases() {
        let source = "FROM python:3.12 AS a\nSHELL [\"/bin/bash\", \"-c\"]\nUSER app\nENTRYPOINT [\"tini\"]\n\
                      FROM a AS b\nCMD python app.py\nFROM alpine AS c\nRUN true\nFROM b\nRUN true\n";
        with_model(source, |model| {
            let last = model.final_stage().unwrap();
            let chain: Vec<usize> = model.stage_chain(last).iter().map(|s| s.index).collect();
            assert_eq!(chain, [3, 1, 0]);
            assert!(matches!(model.root_base(last), Base::Image { reference, .. } if reference == "python:3.12"));
            // Build order: the root stage's instructions first.
            let keywords: Vec<&str> = model
                .chain_instructions(last)
                .iter()
                .map(|(_, i)| i.keyword.as_str())
                .collect();
            assert_eq!(
                keywords,
                ["FROM", "SHELL", "USER", "ENTRYPOINT", "FROM", "CMD", "FROM", "RUN"]
            );
            // Nearest first, and only what comes before the instruction in its own stage.
            let before: Vec<usize> = model.inherited_before(5).iter().map(|(i, _)| *i).collect();
            assert_eq!(before, [4, 3, 2, 1, 0]);
            assert_eq!(model.shell_at(9), Some(vec!["/bin/bash".to_string(), "-c".to_string()]));
            assert_eq!(model.shell_at(7), None, "stage c does not build on a");
            assert_eq!(model.shell_at(1), None, "SHELL applies after itself");
            let (at, words) = model.final_command().unwrap();
            assert_eq!((at, words.join(" ").as_str()), (3, "tini python app.py"));
            assert_eq!(model.final_user().map(|(at, _)| at), Some(2));
            assert_eq!(model.image_stages(), [3, 1, 0]);
        });
    }

    #[test]
    fn an_entrypoint_resets_an_inherited_cmd() {
        with_model(
            "FROM python AS a\nCMD [\"serve\"]\nFROM a\nENTRYPOINT [\"run\"]\n",
            |model| {
                assert_eq!(model.final_command(), Some((3, vec!["run".to_string()])));
            },
        );
    }

    #[test]
    fn variables_in_scope() {
        with_model("FROM python\nARG V=1\nENV P=/opt/$V\nRUN true\n", |model| {
            assert_eq!(model.var_at(3, "P").as_deref(), Some("/opt/1"));
            assert_eq!(model.var_at(1, "V"), None);
            assert_eq!(model.expand_at(3, "$P/bin"), "/opt/1/bin");
        });
    }
}
