//! The data shapes that cross the core's boundary: what callers pass in ([`Options`]) and what every
//! front end shows ([`Analysis`]). The web UI, the CLI and the tests all read these and nothing else.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Version of the [`Analysis`] JSON shape; bumped on any incompatible change (2: a layer lists its
/// `own_cache_triggers` instead of every trigger above it).
pub const SCHEMA_VERSION: u32 = 2;

/// What the caller can change about an analysis. Every field has a default, so `{}` is valid JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Opt-in fix groups or rules to apply in the rewrite (rule codes or names, or `all`).
    pub opt_in: Vec<String>,
    /// Rules to run; empty means every rule enabled by default. Accepts codes, names and equivalent ids (DL3008).
    pub select: Vec<String>,
    /// Rules to run besides those `select` gives (codes, names, or equivalent ids): turns on a rule that is
    /// off by default, such as the pinning rules, without listing every other rule.
    pub extend_select: Vec<String>,
    /// Rules never to report (codes, names, or equivalent ids).
    pub ignore: Vec<String>,
    /// Severity given to a rule instead of its default.
    pub severity: BTreeMap<String, Severity>,
    /// Files from the build context that sharpen rules and estimates when the user provides them.
    pub context: ContextFiles,
}

/// Optional companions of the Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContextFiles {
    pub requirements_txt: Option<String>,
    pub pyproject_toml: Option<String>,
    pub dockerignore: Option<String>,
    /// Assumed size in bytes of what a `COPY . .` brings in when nothing better is known.
    pub context_copy_bytes: Option<u64>,
    /// Every file of the build context, relative to it (`src/app.py`), before `.dockerignore`; `None` when
    /// not known, and then no rule says a source is missing.
    pub files: Option<Vec<String>>,
    /// The Dockerfile's path as the user named it (`.devcontainer/Dockerfile` marks a development image).
    pub dockerfile_path: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Everything a front end shows for one Dockerfile. The default is "nothing analysed yet" (schema 0).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema: u32,
    /// Problems of the text itself (syntax), with BuildKit's verdicts.
    pub diagnostics: Vec<Diagnostic>,
    /// One entry per instruction, in source order: a compact outline for panels and the layer view.
    pub instructions: Vec<InstructionSummary>,
    /// Best-practice findings from the rules.
    pub findings: Vec<Finding>,
    pub rewrite: Rewrite,
    pub layers: LayerReport,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructionSummary {
    /// Upper-cased keyword, e.g. `RUN`.
    pub keyword: String,
    pub span: Span,
    /// Index of the build stage (0-based) the instruction belongs to; `None` before the first FROM.
    pub stage: Option<usize>,
}

/// Whether a finding's rule can rewrite it, and how safely.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    None,
    /// Applied by default; never changes what the image does beyond the rule's intent.
    Safe,
    /// Offered; may change behaviour, so the user must ask for it.
    OptIn,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable short code, e.g. `B001`.
    pub rule: String,
    /// Kebab-case name, e.g. `base-image-untagged`.
    pub name: String,
    pub category: String,
    pub severity: Severity,
    /// Names the instance, not just the rule.
    pub message: String,
    pub span: Span,
    pub fix: FixAvailability,
    /// Equivalent ids in other tools, where they exist.
    pub hadolint: Vec<String>,
    pub buildkit: Vec<String>,
    pub trivy: Vec<String>,
    /// What the finding's stage is for when it is not an image that ships (a build stage, a development or
    /// base image), with the evidence: why the advice matters there is for the reader to weigh.
    pub stage_note: Option<String>,
}

/// The rewritten Dockerfile and how it differs from the original.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rewrite {
    pub text: String,
    /// Groups of edits, each produced by one or more rules; opt-in groups may be unapplied.
    pub changes: Vec<ChangeGroup>,
    /// Line-aligned diff of original vs rewritten text.
    pub diff: Vec<DiffRow>,
    /// A suggested `.dockerignore`, when one of the rewrites proposes it.
    pub dockerignore: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeGroup {
    pub id: String,
    pub rules: Vec<String>,
    pub title: String,
    pub fix: FixAvailability,
    pub applied: bool,
    /// For opt-in groups: the one-line warning of what changes.
    pub warning: Option<String>,
    /// Why an opt-in group the user chose was not applied: with the other changes it would make a code change
    /// rebuild more of the image than the original does. (Always serialised: the worker's replies are postcard,
    /// which is not self-describing, so a skipped field would break them.)
    #[serde(default)]
    pub withheld: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    Same,
    Changed,
    Added,
    Removed,
}

/// One aligned row of the side-by-side diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffRow {
    pub kind: DiffKind,
    pub old_line: Option<u32>,
    pub new_line: Option<u32>,
    pub old: Vec<DiffSegment>,
    pub new: Vec<DiffSegment>,
    /// Ids of the change groups this row belongs to.
    pub groups: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSegment {
    pub text: String,
    pub changed: bool,
}

/// Layer estimates for the original and the rewritten Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerReport {
    pub before: ImageEstimate,
    pub after: ImageEstimate,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageEstimate {
    pub stages: Vec<StageEstimate>,
    /// The final image: the last stage's base plus its layers whose size is known. `None` when the base's size
    /// is unknown.
    pub total: Option<SizeRange>,
    /// Layers of the final image (its stage and the stages it is built on) whose size is unknown, so left out of
    /// `total`.
    #[serde(default)]
    pub unknown_layers: usize,
    /// Bytes written in one layer and deleted or duplicated by a later one.
    pub wasted: u64,
}

impl ImageEstimate {
    /// What a code change costs: the bytes (low estimate: what it surely rebuilds) of every layer, of every
    /// stage (all are built), that it rebuilds, and [`UNSIZED_LAYER_COST`] for each such layer whose size is
    /// unknown. A `RUN useradd` that moved after `COPY . .` (small files, from 0 bytes) costs a second, not a
    /// cache; a download, a build or a package install the size tables cannot size yet (the page before they
    /// arrive) is not free.
    pub fn bytes_rebuilt_on_code_change(&self) -> u64 {
        self.stages
            .iter()
            .flat_map(|stage| &stage.layers)
            .filter(|layer| layer.creates_layer && layer.rebuilds_on_code_change)
            .map(|layer| {
                if layer.size_is_known() {
                    layer.size.low
                } else {
                    UNSIZED_LAYER_COST
                }
            })
            .sum()
    }
}

/// The cost the rewrite's cache check gives a rebuilt layer of unknown size: a nominal megabyte, so that
/// moving one after the code copy is never free.
pub const UNSIZED_LAYER_COST: u64 = 1 << 20;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEstimate {
    pub index: usize,
    pub name: Option<String>,
    pub is_final: bool,
    pub base: BaseImage,
    pub layers: Vec<Layer>,
}

impl StageEstimate {
    /// Everything that invalidates the cache of the layer at `position` in this stage: its own triggers
    /// and those of every layer above it, in order.
    pub fn cache_triggers(&self, position: usize) -> impl Iterator<Item = &str> {
        self.layers
            .iter()
            .take(position.saturating_add(1))
            .flat_map(|layer| layer.own_cache_triggers.iter().map(String::as_str))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseImage {
    pub reference: String,
    /// `None` when the image is not in the size table: stated as unknown, never guessed.
    pub size: Option<SizeRange>,
    pub basis: String,
}

/// A model of the layer estimate (`docs/size-data.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SizeModel {
    /// Debian packages with their closures, minus the base's; apt's lists and bookkeeping.
    Apt,
    /// Alpine packages (only those the base image is known to have).
    Apk,
    /// Python distributions installed by pip, uv, poetry or pipenv: their wheels, bytecode and caches.
    Python,
    /// Wheels left in a folder by `pip wheel` / `pip download`.
    Wheels,
    /// A virtual environment of its own (its pip, compiled).
    Venv,
    /// Folders, users, links, modes and small configuration files.
    SmallFiles,
    /// Files from the build context, another stage or an image.
    Files,
}

/// A size estimate in bytes, low to high.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeRange {
    pub low: u64,
    pub high: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    pub keyword: String,
    pub span: Span,
    /// RUN, COPY and ADD write a filesystem layer; other instructions change only metadata.
    pub creates_layer: bool,
    pub size: SizeRange,
    /// Where the numbers come from.
    pub basis: String,
    /// The size models the estimate used for the layer (a RUN can combine several; none for metadata, a command
    /// with no model, or a file of unknown size; the models' tables may still be loading): what `basis` says in
    /// words, for tools that group layers by model.
    pub models: Vec<SizeModel>,
    /// What invalidates this layer's cache besides what invalidates the layers above it in the stage
    /// (a layer is rebuilt whenever its parent is): the base image for the first, the files a COPY
    /// reads, the build args an ARG declares. Empty when the layer adds none of its own.
    pub own_cache_triggers: Vec<String>,
    /// Whether the layer rebuilds when only application source code changes.
    pub rebuilds_on_code_change: bool,
    pub wasted: u64,
}

impl Layer {
    /// Whether the estimate knows this layer's size: metadata-only instructions add nothing, and a filesystem
    /// layer of unknown size is estimated as 0–0 with a basis that says why.
    pub fn size_is_known(&self) -> bool {
        !self.creates_layer || self.size.high > 0
    }
}
