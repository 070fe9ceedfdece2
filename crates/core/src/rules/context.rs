//! What a rule sees: the tree, the build model, every shell script the build runs, and the caller's options.

use std::ops::Range;

use crate::analysis::Options;
use crate::scripts::run_scripts;
use crate::shell::Script;
use crate::span::{LineIndex, Span};
use crate::syntax::model::{Base, Scope, Stage};
use crate::syntax::{BuildModel, Dockerfile, Instruction};

pub struct Context<'a> {
    pub source: &'a str,
    pub tree: &'a Dockerfile,
    pub model: &'a BuildModel,
    pub options: &'a Options,
    /// Instructions in source order; the build model's instruction indices point into this.
    pub instructions: Vec<&'a Instruction>,
    index: LineIndex<'a>,
    scripts: Vec<Vec<Script>>,
    scopes: Vec<Scope>,
}

impl<'a> Context<'a> {
    pub fn new(tree: &'a Dockerfile, model: &'a BuildModel, options: &'a Options) -> Self {
        let source = tree.source.as_str();
        let instructions: Vec<&Instruction> = tree.instructions().collect();
        let scripts = instructions
            .iter()
            .map(|instruction| run_scripts(source, instruction, tree.escape))
            .collect();
        let scopes = model.scopes(tree);
        Context {
            source,
            tree,
            model,
            options,
            instructions,
            index: LineIndex::new(source),
            scripts,
            scopes,
        }
    }

    /// Span of a byte range of the Dockerfile (shell spans are such ranges).
    pub fn span(&self, range: Range<usize>) -> Span {
        self.index.span(range.start, range.end)
    }

    /// The shell scripts an instruction runs: a shell-form RUN's command line, and here-document bodies that
    /// a shell executes. Empty for other instructions and exec form.
    pub fn scripts(&self, instruction: usize) -> &[Script] {
        self.scripts.get(instruction).map_or(&[], Vec::as_slice)
    }

    /// The ARG and ENV values visible to an instruction (computed once for all instructions).
    pub fn scope(&self, instruction: usize) -> &Scope {
        static EMPTY: std::sync::OnceLock<Scope> = std::sync::OnceLock::new();
        self.scopes
            .get(instruction)
            .unwrap_or_else(|| EMPTY.get_or_init(Scope::default))
    }

    /// Every RUN instruction with its scripts, in source order.
    pub fn runs(&self) -> impl Iterator<Item = (usize, &'a Instruction, &[Script])> + '_ {
        self.instructions
            .iter()
            .enumerate()
            .filter(|(_, i)| i.keyword == "RUN")
            .map(|(index, instruction)| (index, *instruction, self.scripts(index)))
    }

    /// The stage the image is built from: the last one (BuildKit's default target).
    pub fn final_stage(&self) -> Option<&'a Stage> {
        self.model.stages.last()
    }

    /// The instructions of a stage, with their indices.
    pub fn stage_instructions<'s>(&'s self, stage: &'s Stage) -> impl Iterator<Item = (usize, &'a Instruction)> + 's {
        stage
            .instructions
            .iter()
            .filter_map(|&index| Some((index, *self.instructions.get(index)?)))
    }

    /// Follows `FROM <stage>` links to the image a stage ultimately starts from.
    pub fn root_base(&self, stage: &'a Stage) -> &'a Base {
        let mut current = stage;
        for _ in 0..self.model.stages.len() {
            match &current.base {
                Base::Stage { index } if *index < current.index => current = &self.model.stages[*index],
                _ => break,
            }
        }
        &current.base
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
