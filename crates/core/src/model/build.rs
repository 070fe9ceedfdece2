//! The build model: stages, their bases and dependencies, and the variables in scope at each instruction,
//! following BuildKit's `dockerfile2llb`: ARGs before the first FROM are global and reach only FROM lines
//! (and stage ARGs that redeclare them); inside a stage, ARG and ENV apply from their line on, ENV wins
//! over ARG, and a stage built on another stage inherits its ENV.

use std::collections::HashMap;

use serde::Serialize;

use crate::span::Span;
use crate::syntax::expand::Lexer;
use crate::syntax::instructions::{Mount, View};
use crate::syntax::{Dockerfile, ImageRef, Instruction, ItemKind, Word};

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BuildModel {
    /// ARGs declared before the first FROM, with their defaults expanded.
    pub global_args: Vec<Variable>,
    pub stages: Vec<Stage>,
    /// Item index (in [`Dockerfile::items`]) of each instruction, for constant-time access.
    #[serde(skip)]
    item_of: Vec<usize>,
    /// Lower-cased stage name to the last stage of that name.
    #[serde(skip)]
    names: HashMap<String, usize>,
}

/// A variable and its value; `None` when declared without a value (e.g. `ARG VERSION`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variable {
    pub name: String,
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stage {
    pub index: usize,
    /// Stage name as written after `AS`.
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// The FROM instruction's index among [`Dockerfile::instructions`].
    pub from: usize,
    pub base: Base,
    /// Indices (among [`Dockerfile::instructions`]) of the FROM and every instruction of the stage.
    pub instructions: Vec<usize>,
    /// Stages and images this stage needs, in source order (the base first).
    pub dependencies: Vec<Dependency>,
    /// ENV at the end of the stage (inherited ones included), in definition order.
    pub env: Vec<Variable>,
    /// `--platform` of the FROM, expanded.
    pub platform: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Base {
    Scratch,
    /// An earlier stage, by index.
    Stage {
        index: usize,
    },
    /// An image: the reference with global ARGs expanded; `unresolved` names variables left as written.
    Image {
        reference: String,
        image: Box<ImageRef>,
        unresolved: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dependency {
    pub kind: DependencyKind,
    pub target: Target,
    /// Index of the instruction that creates the dependency.
    pub instruction: usize,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DependencyKind {
    /// `FROM <stage or image>`.
    Base,
    /// `COPY --from=` / `ADD --from=`.
    CopyFrom,
    /// `RUN --mount=...,from=`.
    MountFrom,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Target {
    Stage(usize),
    Image(String),
}

/// The variables visible at a point of the file, for expansion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    vars: HashMap<String, String>,
}

/// The result of expanding a word in a scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub text: String,
    /// Variables referenced but not set (left as written in `text`).
    pub unresolved: Vec<String>,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    fn set(&mut self, name: &str, value: String) {
        self.vars.insert(name.to_string(), value);
    }

    /// Expands `text` as BuildKit would with these variables, except that plain references to unknown
    /// ones (`$V`, `${V}`) stay as written, so that what cannot be known statically stays visible.
    pub fn expand(&self, text: &str, escape: char) -> Resolved {
        expand_with(|name| self.get(name), text, escape)
    }
}

/// Expands `text` as BuildKit would with the variables `get` finds, leaving plain references to unknown ones as
/// written.
fn expand_with<'v>(get: impl Fn(&str) -> Option<&'v str>, text: &str, escape: char) -> Resolved {
    let lexer = Lexer {
        escape,
        keep_unset: true,
        ..Lexer::default()
    };
    let lookup = |name: &str| get(name).map(str::to_string);
    match lexer.process(text, &lookup) {
        Ok(expansion) => Resolved {
            text: expansion.result,
            unresolved: expansion.unset,
        },
        Err(_) => Resolved {
            text: text.to_string(),
            unresolved: Vec::new(),
        },
    }
}

/// Every instruction's scope, recorded once: per stage, the variables it starts with and each later assignment
/// with the position of the instruction that makes it. A scope is then looked up by position instead of being
/// copied for every instruction, which made a stage of N `ENV` lines cost N² (see `docs/scaling.md`).
#[derive(Debug, Default)]
pub struct ScopeTable {
    lineages: Vec<Lineage>,
    /// For each instruction: its lineage and its position in it.
    at: Vec<(usize, usize)>,
}

/// The scopes of one stage (or of the global ARGs, lineage 0).
#[derive(Debug)]
struct Lineage {
    start: Scope,
    /// By name: each assignment with the position of the instruction that makes it, in order.
    sets: HashMap<String, Vec<(usize, String)>>,
}

impl Lineage {
    fn new(start: Scope) -> Self {
        Lineage {
            start,
            sets: HashMap::new(),
        }
    }
}

impl ScopeTable {
    /// The scope an instruction sees (empty for an index past the end).
    pub fn at(&self, instruction: usize) -> ScopeView<'_> {
        match self.at.get(instruction) {
            Some(&(lineage, step)) => ScopeView {
                lineage: self.lineages.get(lineage),
                step,
            },
            None => ScopeView { lineage: None, step: 0 },
        }
    }
}

/// The variables visible to one instruction, read from a [`ScopeTable`].
#[derive(Clone, Copy, Debug)]
pub struct ScopeView<'a> {
    lineage: Option<&'a Lineage>,
    step: usize,
}

impl<'a> ScopeView<'a> {
    pub fn get(&self, name: &str) -> Option<&'a str> {
        let lineage = self.lineage?;
        if let Some(sets) = lineage.sets.get(name) {
            // Assignments made by instructions before this one; the last of them wins.
            let visible = sets.partition_point(|(step, _)| *step < self.step);
            if visible > 0 {
                return Some(sets[visible - 1].1.as_str());
            }
        }
        lineage.start.get(name)
    }

    /// [`Scope::expand`] in this scope.
    pub fn expand(&self, text: &str, escape: char) -> Resolved {
        expand_with(|name| self.get(name), text, escape)
    }
}

/// Builds the model of a parsed file.
pub fn build_model(tree: &Dockerfile) -> BuildModel {
    let instructions: Vec<&Instruction> = tree.instructions().collect();
    let escape = tree.escape;
    let mut model = BuildModel {
        item_of: tree
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| matches!(item.kind, ItemKind::Instruction(_)))
            .map(|(index, _)| index)
            .collect(),
        ..BuildModel::default()
    };
    let mut global = Scope::default();
    let mut stage_scope = Scope::default();
    let mut env = EnvList::default();
    for (index, instruction) in instructions.iter().enumerate() {
        match instruction.view() {
            View::Arg(decls) if model.stages.is_empty() => {
                for decl in decls {
                    let value = decl.default.as_ref().map(|d| global.expand(d, escape).text);
                    if let Some(value) = &value {
                        global.set(&decl.name, value.clone());
                    }
                    model.global_args.push(Variable { name: decl.name, value });
                }
            }
            View::From(from) => {
                if let Some(previous) = model.stages.last_mut() {
                    previous.env = std::mem::take(&mut env).list;
                }
                let stage = new_stage(&model, &global, escape, index, &from);
                if let Some(name) = &stage.name {
                    model.names.insert(stage_key(name), stage.index);
                }
                stage_scope = Scope::default();
                if let Base::Stage { index: base } = stage.base {
                    for var in &model.stages[base].env {
                        stage_scope.set(&var.name, var.value.clone().unwrap_or_default());
                    }
                }
                model.stages.push(stage);
            }
            view => {
                let Some(stage) = model.stages.last_mut() else { continue };
                stage.instructions.push(index);
                apply(&view, &global, &mut stage_scope, escape, &mut env, &mut Vec::new());
                let dependencies = dependencies(&model, &stage_scope, escape, index, instruction);
                if let Some(stage) = model.stages.last_mut() {
                    stage.dependencies.extend(dependencies);
                }
            }
        }
    }
    if let Some(last) = model.stages.last_mut() {
        last.env = env.list;
    }
    model
}

fn new_stage(
    model: &BuildModel,
    global: &Scope,
    escape: char,
    index: usize,
    from: &crate::syntax::instructions::From,
) -> Stage {
    let resolved = global.expand(&from.image.value, escape);
    let stage_index = model.stages.len();
    let base = if resolved.text.eq_ignore_ascii_case("scratch") {
        Base::Scratch
    } else if let Some(earlier) = find_stage(model, &resolved.text) {
        Base::Stage { index: earlier }
    } else {
        let word = Word {
            value: resolved.text.clone(),
            span: from.image.span,
        };
        Base::Image {
            reference: resolved.text.clone(),
            image: Box::new(ImageRef::parse(&word)),
            unresolved: resolved.unresolved,
        }
    };
    let target = match &base {
        Base::Stage { index } => Some(Target::Stage(*index)),
        Base::Image { reference, .. } => Some(Target::Image(reference.clone())),
        Base::Scratch => None,
    };
    Stage {
        index: stage_index,
        name: from.name.as_ref().map(|n| n.value.clone()),
        name_span: from.name.as_ref().map(|n| n.span),
        from: index,
        dependencies: target
            .map(|target| Dependency {
                kind: DependencyKind::Base,
                target,
                instruction: index,
                span: from.image.span,
            })
            .into_iter()
            .collect(),
        base,
        instructions: vec![index],
        env: Vec::new(),
        platform: from
            .platform
            .as_ref()
            .and_then(|p| p.value.as_deref())
            .map(|p| global.expand(p, escape).text),
    }
}

/// How stage names are compared: BuildKit lowercases them (Go's `strings.ToLower`). Valid names are ASCII
/// (`[a-z][a-z0-9-_.]*`, see `validate.rs`) and the one non-ASCII character that lowercases into ASCII is the
/// Kelvin sign, so ASCII folding plus that one matches the same valid names as full Unicode lowercasing
/// without its tables in the wasm. (Names with other non-ASCII letters are invalid and reported as such.)
pub(crate) fn stage_key(name: &str) -> String {
    name.replace('\u{212A}', "k").to_ascii_lowercase()
}

/// A stage named `name` (case-insensitively) before the current one.
fn find_stage(model: &BuildModel, name: &str) -> Option<usize> {
    model.names.get(&stage_key(name)).copied()
}

/// A stage's ENV in definition order, with an index by name.
#[derive(Default)]
struct EnvList {
    list: Vec<Variable>,
    index: HashMap<String, usize>,
}

impl EnvList {
    fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    fn set(&mut self, name: &str, value: String) {
        match self.index.get(name) {
            Some(&at) => self.list[at].value = Some(value),
            None => {
                self.index.insert(name.to_string(), self.list.len());
                self.list.push(Variable {
                    name: name.to_string(),
                    value: Some(value),
                });
            }
        }
    }
}

/// ARG and ENV effects on the stage's scope.
/// `sets` receives each assignment made, in order.
fn apply(
    view: &View,
    global: &Scope,
    scope: &mut Scope,
    escape: char,
    env: &mut EnvList,
    sets: &mut Vec<(String, String)>,
) {
    match view {
        View::Arg(decls) => {
            for decl in decls {
                let value = match &decl.default {
                    Some(default) => Some(scope.expand(default, escape).text),
                    // Redeclaring a global ARG without a value brings its global value into the stage.
                    None => global.get(&decl.name).map(str::to_string),
                };
                // ENV of the same name wins over the ARG.
                if env.contains(&decl.name) {
                    continue;
                }
                if let Some(value) = value {
                    scope.set(&decl.name, value.clone());
                    sets.push((decl.name.clone(), value));
                }
            }
        }
        View::Env(pairs) => {
            for pair in *pairs {
                let value = scope.expand(&pair.value.value, escape).text;
                scope.set(&pair.key.value, value.clone());
                sets.push((pair.key.value.clone(), value.clone()));
                env.set(&pair.key.value, value);
            }
        }
        _ => {}
    }
}

fn dependencies(
    model: &BuildModel,
    scope: &Scope,
    escape: char,
    index: usize,
    instruction: &Instruction,
) -> Vec<Dependency> {
    let current = model.stages.len().saturating_sub(1);
    let target = |text: &str| {
        let text = scope.expand(text, escape).text;
        if let Ok(n) = text.parse::<usize>() {
            if n < current {
                return Target::Stage(n);
            }
        }
        match find_stage(model, &text).filter(|&stage| stage < current) {
            Some(stage) => Target::Stage(stage),
            None => Target::Image(text),
        }
    };
    let mut found = Vec::new();
    match instruction.view() {
        View::Copy(copy) | View::Add(copy) => {
            if let Some(flag) = copy.from {
                if let Some(value) = flag.value.as_deref() {
                    found.push(Dependency {
                        kind: DependencyKind::CopyFrom,
                        target: target(value),
                        instruction: index,
                        span: flag.span,
                    });
                }
            }
        }
        View::Run(run) => {
            for mount in &run.mounts {
                let Mount {
                    from: Some(from), span, ..
                } = mount
                else {
                    continue;
                };
                found.push(Dependency {
                    kind: DependencyKind::MountFrom,
                    target: target(from),
                    instruction: index,
                    span: *span,
                });
            }
        }
        _ => {}
    }
    found
}

impl BuildModel {
    /// The stage an instruction (index among [`Dockerfile::instructions`]) belongs to.
    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        let after = self.stages.partition_point(|s| s.from <= instruction);
        after.checked_sub(1)
    }

    fn instruction<'t>(&self, tree: &'t Dockerfile, index: usize) -> Option<&'t Instruction> {
        match &tree.items.get(*self.item_of.get(index)?)?.kind {
            ItemKind::Instruction(instruction) => Some(instruction),
            _ => None,
        }
    }

    fn global_scope(&self) -> Scope {
        let mut global = Scope::default();
        for var in &self.global_args {
            if let Some(value) = &var.value {
                global.set(&var.name, value.clone());
            }
        }
        global
    }

    fn stage_start_scope(&self, stage: &Stage) -> Scope {
        let mut scope = Scope::default();
        if let Base::Stage { index } = stage.base {
            for var in &self.stages[index].env {
                scope.set(&var.name, var.value.clone().unwrap_or_default());
            }
        }
        scope
    }

    /// The variables visible to an instruction: for FROM (and before it) the global ARGs, inside a stage
    /// its ARGs and ENV declared before the instruction (and ENV inherited from a base stage).
    /// Costs a replay of the stage up to the instruction; for every instruction use
    /// [`BuildModel::scope_table`], which is linear (the model keeps one: `Model::scope`). Kept as the simple
    /// replay that the table is tested against.
    pub fn scope_at(&self, tree: &Dockerfile, instruction: usize) -> Scope {
        let global = self.global_scope();
        let Some(stage) = self.stage_of(instruction).map(|i| &self.stages[i]) else {
            return global;
        };
        if stage.from == instruction {
            return global;
        }
        let mut scope = self.stage_start_scope(stage);
        let mut env = EnvList::default();
        for &index in stage.instructions.iter().skip(1).take_while(|&&i| i < instruction) {
            if let Some(instruction) = self.instruction(tree, index) {
                apply(
                    &instruction.view(),
                    &global,
                    &mut scope,
                    tree.escape,
                    &mut env,
                    &mut Vec::new(),
                );
            }
        }
        scope
    }

    /// Index of the stage named `name` (case-insensitive; the last of that name) or numbered `name`.
    pub fn stage_named(&self, name: &str) -> Option<usize> {
        if let Ok(n) = name.parse::<usize>() {
            return (n < self.stages.len()).then_some(n);
        }
        self.names.get(&stage_key(name)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn global_args_reach_from_lines() {
        let tree = parse(
            "ARG BASE=python:3.12\nARG TAG=${BASE}-slim\nFROM ${TAG} AS build\nRUN x\nFROM $OTHER\nFROM app:${V:-1.0}\n",
        );
        let model = build_model(&tree);
        match &model.stages[0].base {
            Base::Image { reference, image, .. } => {
                assert_eq!(reference, "python:3.12-slim");
                assert_eq!(image.tag.as_deref(), Some("3.12-slim"));
            }
            other => panic!("{other:?}"),
        }
        match &model.stages[1].base {
            Base::Image {
                reference, unresolved, ..
            } => {
                assert_eq!(reference, "$OTHER");
                assert_eq!(unresolved, &["OTHER"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn stages_dependencies_and_scopes() {
        let source = "ARG V=1\nFROM alpine AS base\nENV A=a\nFROM base AS build\nARG V\nARG W=$V-$A\nENV A=b\n\
                      RUN --mount=type=cache,target=/c,from=base x\nFROM scratch\nCOPY --from=build /x /x\nCOPY --from=0 /y /y\n\
                      COPY --from=nginx:1 /z /z\n";
        let tree = parse(source);
        let model = build_model(&tree);
        assert_eq!(model.stages.len(), 3);
        assert_eq!(model.stages[1].base, Base::Stage { index: 0 });
        assert_eq!(model.stages[2].base, Base::Scratch);
        let targets: Vec<_> = model.stages[2].dependencies.iter().map(|d| d.target.clone()).collect();
        assert_eq!(
            targets,
            [Target::Stage(1), Target::Stage(0), Target::Image("nginx:1".into())]
        );
        assert_eq!(model.stages[1].dependencies[1].kind, DependencyKind::MountFrom);
        // At the RUN (instruction 7): V from the global ARG, W expanded, A overridden by ENV.
        let scope = model.scope_at(&tree, 7);
        assert_eq!(scope.get("V"), Some("1"));
        assert_eq!(scope.get("W"), Some("1-a"));
        assert_eq!(scope.get("A"), Some("b"));
        // The global ARG is not visible in a stage that does not redeclare it.
        assert_eq!(model.scope_at(&tree, 2).get("V"), None);
        assert_eq!(model.stage_of(9), Some(2));
        assert_eq!(model.stage_named("BUILD"), Some(1));
    }
}

impl BuildModel {
    /// [`BuildModel::scope_at`] for every instruction at once, in one pass and in space proportional to the
    /// file: each stage's assignments are recorded once, with the position that makes them.
    pub fn scope_table(&self, tree: &Dockerfile) -> ScopeTable {
        let global = self.global_scope();
        let mut table = ScopeTable::default();
        table.lineages.push(Lineage::new(global.clone()));
        let mut scope = global.clone();
        let mut env = EnvList::default();
        let (mut lineage, mut step, mut in_stage) = (0, 0, false);
        let mut sets = Vec::new();
        for (index, instruction) in tree.instructions().enumerate() {
            match self.stage_of(index).map(|i| &self.stages[i]) {
                Some(stage) if stage.from == index => {
                    table.at.push((0, 0));
                    scope = self.stage_start_scope(stage);
                    table.lineages.push(Lineage::new(scope.clone()));
                    (lineage, step, in_stage) = (table.lineages.len() - 1, 0, true);
                    env = EnvList::default();
                }
                _ if in_stage => {
                    table.at.push((lineage, step));
                    apply(
                        &instruction.view(),
                        &global,
                        &mut scope,
                        tree.escape,
                        &mut env,
                        &mut sets,
                    );
                    for (name, value) in sets.drain(..) {
                        table.lineages[lineage]
                            .sets
                            .entry(name)
                            .or_default()
                            .push((step, value));
                    }
                    step += 1;
                }
                _ => table.at.push((0, 0)),
            }
        }
        table
    }
}

#[cfg(test)]
mod scopes_tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn scopes_equal_scope_at_for_every_instruction() {
        let source =
            "ARG BASE=python:3.12\nARG V=1\nFROM ${BASE} AS a\nENV P=/opt/venv/bin:$PATH X=${V:-none}\nARG V\n\
                      RUN echo $V\nENV Y=$X\nFROM a\nARG V=2\nENV Z=$Y$V\nRUN true\n";
        let tree = parse(source);
        let model = build_model(&tree);
        let table = model.scope_table(&tree);
        let all: Vec<ScopeView> = (0..tree.instructions().count()).map(|i| table.at(i)).collect();
        for (index, scope) in all.iter().enumerate() {
            let single = model.scope_at(&tree, index);
            for name in ["BASE", "V", "P", "X", "Y", "Z", "PATH"] {
                assert_eq!(
                    scope.get(name),
                    single.get(name),
                    "instruction {index}, variable {name}"
                );
            }
        }
        // `ARG V` inside the stage takes the global default.
        assert_eq!(all[5].get("V"), Some("1"));
    }
}
