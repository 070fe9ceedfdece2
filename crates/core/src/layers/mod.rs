//! Layer breakdown: a static estimate of every layer's size and cache behaviour.
//!
//! Every number is a range with its basis. RUN layers are read through the shell model ([`run`]): apt/apk
//! packages with their dependency closure minus what the base already has, Python packages with theirs,
//! caches and bytecode left behind. COPY from the build context uses the files the user gave or a stated
//! default; `COPY --from` carries what the source stage wrote under the copied path. Bytes deleted or
//! re-owned (`chown -R`) by a later layer still count where they were written, and are reported as wasted.
//! Unknown base images are stated as unknown, and the total then is too.

mod requirements;
mod run;
pub mod tables;

use crate::analysis::{BaseImage, ImageEstimate, Layer, Options, SizeModel, SizeRange, StageEstimate};
use crate::model::paths::PathIndexed;
use crate::model::Model;
use crate::model::{Base, BuildModel};
use crate::syntax::Instruction;
use crate::syntax::Keyword;
use run::{absolute, under, Written};

/// What a `COPY . .` brings in when the user has not said: a small application without its history.
pub const DEFAULT_CONTEXT: SizeRange = SizeRange {
    low: 1 << 20,
    high: 20 << 20,
};
/// A single named file (`COPY app.py .`) the user has not provided.
const NAMED_FILE: SizeRange = SizeRange { low: 0, high: 1 << 20 };

/// Dependency manifests: copying them alone does not make a layer rebuild on code changes.
const MANIFESTS: &[&str] = &[
    "pyproject.toml",
    "uv.lock",
    "poetry.lock",
    "Pipfile",
    "Pipfile.lock",
    "setup.cfg",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
];

fn is_manifest(source: &str) -> bool {
    let name = source.rsplit('/').next().unwrap_or(source);
    MANIFESTS.contains(&name)
        || (name.starts_with("requirements") && name.ends_with(".txt"))
        || name.starts_with("constraints")
}

/// Formats a byte range for people: `12.3 MB` or `10.1–14.0 MB`.
pub fn format_range(size: SizeRange) -> String {
    let mb = |bytes: u64| crate::num::fixed(bytes as f64 / 1_000_000.0, 1);
    if size.low == size.high {
        format!("{} MB", mb(size.low))
    } else {
        format!("{}–{} MB", mb(size.low), mb(size.high))
    }
}

/// Per-stage state carried to later stages that build on it or copy from it.
#[derive(Clone, Default)]
struct StageSummary {
    total: Option<SizeRange>,
    /// Layers of this stage and the stages it is built on whose size is unknown (not in `total`).
    unknown_layers: usize,
    wasted: u64,
    /// Everything written under a path by this stage and the stages it is built on.
    writes: PathIndexed<Written>,
    workdir: String,
    code_copied: bool,
}

/// The estimate for the Dockerfile the context was built from.
pub fn estimate(model: &Model) -> ImageEstimate {
    let (build, options) = (&model.build, model.options);
    let instructions = &model.instructions;
    let mut summaries: Vec<StageSummary> = Vec::new();
    let mut stages = Vec::new();
    for stage in &build.stages {
        let (base, inherited) = match &stage.base {
            Base::Scratch => (
                BaseImage {
                    reference: "scratch".into(),
                    size: Some(SizeRange::default()),
                    basis: "empty image".into(),
                },
                StageSummary {
                    total: Some(SizeRange::default()),
                    workdir: "/".into(),
                    ..StageSummary::default()
                },
            ),
            Base::Stage { index } => {
                let from = summaries.get(*index).cloned().unwrap_or_default();
                let name = build
                    .stages
                    .get(*index)
                    .and_then(|s| s.name.clone())
                    .unwrap_or_else(|| index.to_string());
                let basis = format!("stage `{name}`: its base and layers");
                (
                    BaseImage {
                        reference: name,
                        size: from.total,
                        basis,
                    },
                    StageSummary {
                        wasted: from.wasted,
                        ..from
                    },
                )
            }
            Base::Image { reference, .. } => {
                let size = tables::base_image_size(reference);
                let basis = match &size {
                    Some(s) => format!(
                        "{}{}: {} ({})",
                        s.matched,
                        if s.exact { "" } else { ", the nearest known tag" },
                        s.source,
                        s.date
                    ),
                    None if tables::loaded() => "not in the base image size table: unknown".into(),
                    None => tables::LOADING.into(),
                };
                let range = size.map(|s| SizeRange {
                    low: s.low,
                    high: s.high,
                });
                let summary = StageSummary {
                    total: range,
                    workdir: "/".into(),
                    ..StageSummary::default()
                };
                (
                    BaseImage {
                        reference: reference.clone(),
                        size: range,
                        basis,
                    },
                    summary,
                )
            }
        };
        let family = match model_root_reference(build, stage.index) {
            Some(reference) => tables::AptBase::from_reference(&reference),
            None => None,
        };
        let mut summary = inherited;
        // Each layer lists only what it adds: its cache also depends on every layer above it, so listing
        // all earlier triggers again would make the estimate quadratic in the stage's length.
        let mut triggers = vec![format!("base `{}`", base.reference)];
        let mut layers = Vec::new();
        for &index in stage.instructions.iter().filter(|&&i| i != stage.from) {
            let Some(instruction) = instructions.get(index) else {
                continue;
            };
            let mut layer = Layer {
                keyword: instruction.keyword_name(),
                span: instruction.span,
                creates_layer: instruction.keyword.creates_layer(),
                size: SizeRange::default(),
                basis: "metadata only: adds no bytes".into(),
                models: Vec::new(),
                own_cache_triggers: Vec::new(),
                rebuilds_on_code_change: false,
                wasted: 0,
            };
            match instruction.keyword {
                Keyword::Workdir => {
                    let dir = instruction.values().join(" ");
                    if !dir.contains('$') {
                        summary.workdir = absolute(&summary.workdir, &dir);
                    }
                }
                Keyword::Arg => triggers.extend(
                    instruction
                        .values()
                        .iter()
                        .map(|arg| format!("build arg `{}`", arg.split('=').next().unwrap_or(arg))),
                ),
                Keyword::Run => {
                    let mounts = instruction.as_run().map(|r| r.mounts).unwrap_or_default();
                    let input = run::RunInput {
                        scripts: model.scripts(index),
                        mounts: &mounts,
                        family,
                        scope: model.scope(index),
                        workdir: &summary.workdir,
                        options,
                    };
                    let estimate = run::estimate(&input);
                    let mut size = estimate.size;
                    let mut basis = estimate.basis;
                    for path in &estimate.rewrites {
                        let again = sum_under(&summary.writes, path);
                        if again.high > 0 {
                            size.low += again.low;
                            size.high += again.high;
                            layer.wasted += again.low;
                            basis.push(format!(
                                "`{path}` copied again by a recursive chown/chmod: {}",
                                format_range(again)
                            ));
                        }
                    }
                    layer.wasted += estimate
                        .writes
                        .iter()
                        .filter(|w| w.waste)
                        .map(|w| w.size.low)
                        .sum::<u64>();
                    for path in &estimate.removes {
                        let freed = sum_under(&summary.writes, path);
                        if freed.high > 0 {
                            // What was already wasted where it was written (a cache) is not wasted twice.
                            layer.wasted += freed.low - sum_under_matching(&summary.writes, path, |w| w.waste).low;
                            basis.push(format!(
                                "removing `{path}` frees nothing: an earlier layer still holds {}",
                                format_range(freed)
                            ));
                        }
                    }
                    if !estimate.unknown_commands.is_empty() {
                        basis.push(if basis.is_empty() {
                            format!(
                                "no size model for {} (a build, a download, a script…): size unknown, left out of the total",
                                estimate.unknown_commands
                            )
                        } else {
                            format!("{}: no size model, not counted", estimate.unknown_commands)
                        });
                    } else if basis.is_empty() {
                        basis.push("writes nothing".into());
                    }
                    layer.size = size;
                    layer.basis = basis.join("; ");
                    layer.models = estimate.models;
                    for written in estimate.writes {
                        summary.writes.push(&written.path.clone(), written);
                    }
                }
                Keyword::Copy | Keyword::Add => {
                    let (size, basis, code, trigger) = copy_size(instruction, build, &summaries, options);
                    layer.size = size;
                    layer.basis = basis;
                    if size.high > 0 {
                        layer.models.push(SizeModel::Files);
                    }
                    summary.code_copied |= code;
                    triggers.push(trigger);
                    if let Some(copy) = instruction.as_copy() {
                        if let Some(destination) = copy.destination {
                            let what = format!("{} at line {}", instruction.keyword, instruction.start_line);
                            let path = absolute(&summary.workdir, &destination.value);
                            summary.writes.push(
                                &path.clone(),
                                Written {
                                    path,
                                    size,
                                    what,
                                    waste: false,
                                },
                            );
                        }
                    }
                }
                _ => {}
            }
            layer.own_cache_triggers = std::mem::take(&mut triggers);
            layer.rebuilds_on_code_change = summary.code_copied;
            summary.wasted += layer.wasted;
            summary.unknown_layers += usize::from(!layer.size_is_known());
            if let Some(total) = &mut summary.total {
                total.low += layer.size.low;
                total.high += layer.size.high;
            }
            layers.push(layer);
        }
        stages.push(StageEstimate {
            index: stage.index,
            name: stage.name.clone(),
            is_final: false,
            base,
            layers,
        });
        summaries.push(summary);
    }
    if let Some(last) = stages.last_mut() {
        last.is_final = true;
    }
    let last = summaries.last().cloned().unwrap_or_default();
    ImageEstimate {
        stages,
        total: last.total,
        unknown_layers: last.unknown_layers,
        wasted: last.wasted,
    }
}

/// The image reference a stage ultimately starts from, following `FROM <stage>`.
fn model_root_reference(model: &BuildModel, mut index: usize) -> Option<String> {
    for _ in 0..=model.stages.len() {
        match &model.stages.get(index)?.base {
            Base::Stage { index: earlier } if *earlier < index => index = *earlier,
            Base::Image { reference, .. } => return Some(reference.clone()),
            _ => return None,
        }
    }
    None
}

/// Bytes written under `path` (fully) or around it (partly: up to all of it).
fn sum_under(writes: &PathIndexed<Written>, path: &str) -> SizeRange {
    sum_under_matching(writes, path, |_| true)
}

fn sum_under_matching(writes: &PathIndexed<Written>, path: &str, keep: impl Fn(&Written) -> bool) -> SizeRange {
    let mut sum = SizeRange::default();
    for write in writes.related(path).filter(|write| keep(write)) {
        if under(&write.path, path) {
            sum.low += write.size.low;
            sum.high += write.size.high;
        } else if under(path, &write.path) {
            sum.high += write.size.high;
        }
    }
    sum
}

/// (size, basis, copies application code, cache trigger) of a COPY or ADD.
fn copy_size(
    instruction: &Instruction,
    model: &BuildModel,
    summaries: &[StageSummary],
    options: &Options,
) -> (SizeRange, String, bool, String) {
    let Some(copy) = instruction.as_copy() else {
        return (
            SizeRange::default(),
            "no sources".into(),
            false,
            "the instruction text".into(),
        );
    };
    if !copy.heredocs.is_empty() {
        let bytes: u64 = copy.heredocs.iter().map(|h| h.content.len() as u64).sum();
        return (
            SizeRange {
                low: bytes,
                high: bytes,
            },
            "inline here-document".into(),
            false,
            "the instruction text".into(),
        );
    }
    let sources: Vec<&str> = copy.sources.iter().map(|w| w.value.as_str()).collect();
    if let Some(from) = copy.from.and_then(|f| f.value.as_deref()) {
        let Some(stage) = model
            .stage_named(from)
            .or_else(|| from.parse::<usize>().ok().filter(|&i| i < summaries.len()))
        else {
            return (
                SizeRange::default(),
                format!("files from image `{from}`: size unknown"),
                false,
                format!("image `{from}`"),
            );
        };
        let Some(source) = summaries.get(stage) else {
            return (
                SizeRange::default(),
                format!("stage `{from}` comes later: size unknown"),
                false,
                format!("stage `{from}`"),
            );
        };
        let mut size = SizeRange::default();
        for path in &sources {
            let part = sum_under(&source.writes, &absolute(&source.workdir, path));
            size.low += part.low;
            size.high += part.high;
        }
        let basis = format!(
            "what stage `{from}` wrote under {}: {} (files of its base image not counted)",
            sources.join(", "),
            format_range(size)
        );
        return (size, basis, source.code_copied, format!("stage `{from}` output"));
    }
    let mut size = SizeRange::default();
    let mut basis = Vec::new();
    let mut code = false;
    for &source in &sources {
        let name = source.rsplit('/').next().unwrap_or(source);
        let provided = match name {
            n if n.starts_with("requirements") && n.ends_with(".txt") => options.context.requirements_txt.as_deref(),
            "pyproject.toml" => options.context.pyproject_toml.as_deref(),
            _ => None,
        };
        code |= !is_manifest(source);
        let part = if let Some(text) = provided {
            basis.push(format!("`{source}` as provided"));
            SizeRange {
                low: text.len() as u64,
                high: text.len() as u64,
            }
        } else if source.starts_with("http://") || source.starts_with("https://") || source.starts_with("git@") {
            basis.push(format!("`{source}`: remote, size unknown"));
            SizeRange::default()
        } else if matches!(source, "." | "./" | "*" | "./*") || !name.contains('.') || source.contains('*') {
            match options.context.context_copy_bytes {
                Some(bytes) => {
                    basis.push(format!("`{source}`: the build context size you set"));
                    SizeRange {
                        low: bytes,
                        high: bytes,
                    }
                }
                None => {
                    basis.push(format!(
                        "`{source}`: the build context's size is not known here, assumed {}",
                        format_range(DEFAULT_CONTEXT)
                    ));
                    DEFAULT_CONTEXT
                }
            }
        } else {
            basis.push(format!("`{source}`: a single file, assumed under 1 MB"));
            NAMED_FILE
        };
        size.low += part.low;
        size.high += part.high;
    }
    (size, basis.join("; "), code, format!("files: {}", sources.join(" ")))
}

#[cfg(test)]
mod tests;
