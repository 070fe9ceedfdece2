//! What a rule sees: the tree, the build model, every shell script the build runs, and the caller's options.

use std::ops::Range;

use crate::analysis::Options;
use crate::shell::{self, ParseOptions, Script};
use crate::span::{LineIndex, Span};
use crate::syntax::instructions::Command;
use crate::syntax::model::{Base, Stage};
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
}

/// Shells that run a here-document body as a script (`RUN <<EOF` or `RUN bash <<EOF`).
const SHELLS: [&str; 6] = ["sh", "bash", "ash", "dash", "zsh", "busybox"];

impl<'a> Context<'a> {
    pub fn new(tree: &'a Dockerfile, model: &'a BuildModel, options: &'a Options) -> Self {
        let source = tree.source.as_str();
        let instructions: Vec<&Instruction> = tree.instructions().collect();
        let escape = if tree.escape == '`' { b'`' } else { b'\\' };
        let scripts = instructions
            .iter()
            .map(|instruction| shell_scripts(source, instruction, escape))
            .collect();
        Context {
            source,
            tree,
            model,
            options,
            instructions,
            index: LineIndex::new(source),
            scripts,
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

fn shell_scripts(source: &str, instruction: &Instruction, escape: u8) -> Vec<Script> {
    if instruction.keyword != "RUN" {
        return Vec::new();
    }
    let Some(run) = instruction.as_run() else {
        return Vec::new();
    };
    let mut scripts = Vec::new();
    if let Command::Shell(_) = run.command {
        let range = instruction.arguments_span.start..instruction.arguments_span.end;
        if let Some(text) = source.get(range.clone()) {
            scripts.push(shell::parse_with(
                text,
                range.start,
                ParseOptions {
                    dockerfile: true,
                    escape,
                },
            ));
        }
    }
    let line_program = scripts
        .first()
        .and_then(|script| script.commands().first())
        .map(|command| shell::basename(command.name()).to_string());
    let body_is_script = line_program.as_deref().is_none_or(|program| SHELLS.contains(&program));
    if body_is_script {
        for heredoc in run.heredocs {
            let range = heredoc.body_span.start..heredoc.body_span.end;
            if let Some(text) = source.get(range.clone()) {
                scripts.push(shell::parse_with(text, range.start, ParseOptions::shell()));
            }
        }
    }
    scripts
}
