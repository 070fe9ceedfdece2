//! How close the layer estimate is to real builds (issue #16): every layer of every `tests/builds/` case that
//! `dflab verify` built, its real size beside the range we showed, grouped by the model that sized it.
//! `cargo xtask verify --all` writes `docs/accuracy.md`; every verify run prints the summary and fails when a
//! layer falls outside its range without a reason in `tests/builds/accuracy-reasons.tsv`, or when the median
//! error of the package layers (apt, pip/uv) passes 15 %.

use std::collections::{BTreeMap, HashSet};

use crate::verify::Outcome;
use crate::{root, Result};

/// The bar for the package layers.
const MEDIAN_ERROR_LIMIT: f64 = 0.15;

/// Which model sized a layer (the estimate's `models`, as `dflab verify` reports them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Apt,
    Pip,
    Copy,
    SmallFiles,
    Other,
}

impl Kind {
    /// A layer with apt packages is an apt layer even when it also installs Python packages (the larger part).
    fn of(instruction: &str, models: &[&str]) -> Kind {
        if models.contains(&"apt") {
            Kind::Apt
        } else if models.contains(&"python") {
            Kind::Pip
        } else if matches!(instruction, "COPY" | "ADD") {
            Kind::Copy
        } else if models.contains(&"small-files") {
            Kind::SmallFiles
        } else {
            Kind::Other
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Apt => "apt",
            Kind::Pip => "pip / uv",
            Kind::Copy => "COPY / ADD",
            Kind::SmallFiles => "small files (users, folders, links)",
            Kind::Other => "other RUN",
        }
    }
}

/// One layer as built and as estimated.
struct Measured {
    case: String,
    /// `before` (the Dockerfile as written) or `after` (rewritten).
    which: &'static str,
    line: u64,
    kind: Kind,
    real: u64,
    low: u64,
    high: u64,
    basis: String,
}

/// Sizes closer than this to the range count as inside: directory entries and metadata, not a model's error.
const SLACK: u64 = 64 * 1024;

impl Measured {
    /// The estimate said "unknown" (the page shows no range), and the layer is not tiny.
    fn unknown(&self) -> bool {
        self.high == 0 && self.real >= SLACK
    }

    fn inside(&self) -> bool {
        (self.low.saturating_sub(SLACK)..=self.high + SLACK).contains(&self.real)
    }

    /// A range was shown and the real size is not in it.
    fn outside(&self) -> bool {
        !self.unknown() && !self.inside()
    }

    /// (midpoint − real) / real; `None` for a layer of (almost) no bytes, where a ratio says nothing.
    fn error(&self) -> Option<f64> {
        (self.real >= 64 * 1024).then(|| ((self.low + self.high) as f64 / 2.0 - self.real as f64) / self.real as f64)
    }
}

/// Why a layer may fall outside its range: `case<TAB>line<TAB>reason` rows.
fn reasons() -> Result<BTreeMap<(String, u64), String>> {
    let path = root().join("tests/builds/accuracy-reasons.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut reasons = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let mut cells = line.splitn(3, '\t');
        let (Some(case), Some(number), Some(reason)) = (cells.next(), cells.next(), cells.next()) else {
            return Err(format!("{}: not `case<TAB>line<TAB>reason`: {line}", path.display()));
        };
        let number = number
            .parse()
            .map_err(|_| format!("{}: bad line number in: {line}", path.display()))?;
        reasons.insert((case.to_string(), number), reason.to_string());
    }
    Ok(reasons)
}

fn measured(outcomes: &[Outcome]) -> Vec<Measured> {
    let mut seen = HashSet::new();
    let mut layers = Vec::new();
    for outcome in outcomes {
        let Some(report) = &outcome.report else { continue };
        for which in ["before", "after"] {
            for layer in report["layers"][which].as_array().into_iter().flatten() {
                let (Some(real), Some(low), Some(high)) = (
                    layer["real"].as_u64(),
                    layer["estimate_low"].as_u64(),
                    layer["estimate_high"].as_u64(),
                ) else {
                    continue;
                };
                let line = layer["line"].as_u64().unwrap_or_default();
                let created_by = layer["created_by"].as_str().unwrap_or_default().to_string();
                // The original's layers are the same in every mode, and a rewrite often keeps a layer as it was.
                if !seen.insert((outcome.case.clone(), created_by, real, low, high)) {
                    continue;
                }
                let instruction = layer["instruction"].as_str().unwrap_or_default().to_string();
                let basis = layer["basis"].as_str().unwrap_or_default().to_string();
                let models: Vec<&str> = layer["models"]
                    .as_array()
                    .map(|models| models.iter().filter_map(|m| m.as_str()).collect())
                    .unwrap_or_default();
                layers.push(Measured {
                    case: outcome.case.clone(),
                    which,
                    line,
                    kind: Kind::of(&instruction, &models),
                    real,
                    low,
                    high,
                    basis,
                });
            }
        }
    }
    layers.sort_by(|a, b| (a.kind, &a.case, a.which, a.line).cmp(&(b.kind, &b.case, b.which, b.line)));
    layers
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    (n > 0).then(|| {
        if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        }
    })
}

fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}

/// The summary table and the problems: layers outside their range with no reason, package layers whose median
/// error is over the limit.
fn summarize(layers: &[Measured], reasons: &BTreeMap<(String, u64), String>) -> (String, Vec<String>) {
    let mut table = String::from(
        "| layers sized by | layers | inside the range | shown as unknown | outside, with a reason | median error (≥ 64 KB) |\n|---|---:|---:|---:|---:|---:|\n",
    );
    let mut problems = Vec::new();
    let kinds: Vec<Kind> = [Kind::Apt, Kind::Pip, Kind::Copy, Kind::SmallFiles, Kind::Other]
        .into_iter()
        .filter(|kind| layers.iter().any(|l| l.kind == *kind))
        .collect();
    for kind in kinds {
        let of_kind: Vec<&Measured> = layers.iter().filter(|l| l.kind == kind).collect();
        let inside = of_kind.iter().filter(|l| l.inside()).count();
        let unknown = of_kind.iter().filter(|l| l.unknown()).count();
        let explained = of_kind
            .iter()
            .filter(|l| l.outside() && reasons.contains_key(&(l.case.clone(), l.line)))
            .count();
        // Other RUN layers have no size model, so an error of their (partial) range says nothing.
        let error = (kind != Kind::Other)
            .then(|| {
                median(
                    of_kind
                        .iter()
                        .filter(|l| !l.unknown())
                        .filter_map(|l| l.error())
                        .map(f64::abs)
                        .collect(),
                )
            })
            .flatten();
        table.push_str(&format!(
            "| {} | {} | {inside} | {unknown} | {explained} | {} |\n",
            kind.name(),
            of_kind.len(),
            error.map_or("–".into(), |e| format!("{:.1} %", e * 100.0))
        ));
        if matches!(kind, Kind::Apt | Kind::Pip) && error.is_some_and(|e| e > MEDIAN_ERROR_LIMIT) {
            problems.push(format!(
                "{}: median error {:.1} % (limit {:.0} %)",
                kind.name(),
                error.unwrap_or_default() * 100.0,
                MEDIAN_ERROR_LIMIT * 100.0
            ));
        }
        for layer in of_kind.iter().filter(|l| l.outside() && l.kind != Kind::Other) {
            if !reasons.contains_key(&(layer.case.clone(), layer.line)) {
                problems.push(format!(
                    "{} line {} ({}): real {} outside {}–{} with no reason in tests/builds/accuracy-reasons.tsv",
                    layer.case,
                    layer.line,
                    layer.which,
                    megabytes(layer.real),
                    megabytes(layer.low),
                    megabytes(layer.high)
                ));
            }
        }
    }
    (table, problems)
}

/// Prints the summary; an error lists the problems.
pub fn check(outcomes: &[Outcome]) -> Result {
    let layers = measured(outcomes);
    let (table, problems) = summarize(&layers, &reasons()?);
    println!(
        "\n==> layer estimate against the real builds ({} layers)\n{table}",
        layers.len()
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("layer estimate accuracy:\n  {}", problems.join("\n  ")))
    }
}

/// `docs/accuracy.md`.
pub fn write_doc(outcomes: &[Outcome]) -> Result {
    let layers = measured(outcomes);
    let reasons = reasons()?;
    let (table, problems) = summarize(&layers, &reasons);
    let mut doc = String::from(
        "# The layer estimate against real builds\n\n\
         Generated by `cargo xtask verify --all` (do not edit): every layer of the final image of every case of \
         `tests/builds/`, as written and as rewritten, built by `dflab verify` on Docker Engine 26.1 with the \
         stand-in base images of `tests/builds/base-images/`, its real size (`docker history`) beside the range the \
         estimate showed. The model that sized a layer is the estimate's own (`models` in `dflab verify`'s report). The error is (midpoint − real) / \
         real, for layers of at least 64 KB; a size within 64 KB of the range counts as inside (directory entries and \
         metadata). A layer whose estimate was \"unknown\" showed no range and is counted apart. Other RUN layers (builds, downloads, scripts) have no size model: \
         their range is what the estimate could say, and they are not checked. A layer outside its range is listed \
         with its reason from `tests/builds/accuracy-reasons.tsv`; `cargo xtask verify` fails on one without a \
         reason, or when the median error of the apt or pip/uv layers passes 15 %.\n\n\
         Base image sizes are not measured here: the stand-ins are assembled from `debootstrap`, not the official \
         images the table describes (see `docs/size-data.md` for their sources).\n\n",
    );
    doc.push_str(&table);
    if !problems.is_empty() {
        doc.push_str(&format!("\n**Problems:**\n\n- {}\n", problems.join("\n- ")));
    }
    doc.push_str("\n## Every layer\n\n| kind | case | Dockerfile | line | real | estimate | error | basis |\n|---|---|---|---:|---:|---|---:|---|\n");
    for layer in &layers {
        let verdict = if layer.unknown() {
            " (shown as unknown)".to_string()
        } else if layer.inside() {
            String::new()
        } else {
            match reasons.get(&(layer.case.clone(), layer.line)) {
                Some(reason) => format!(" **outside**: {reason}"),
                None => " **outside**".into(),
            }
        };
        doc.push_str(&format!(
            "| {} | {} | {} | {} | {} | {}–{} | {} | {}{} |\n",
            layer.kind.name(),
            layer.case,
            if layer.which == "before" {
                "as written"
            } else {
                "rewritten"
            },
            layer.line,
            megabytes(layer.real),
            megabytes(layer.low),
            megabytes(layer.high),
            layer.error().map_or("–".into(), |e| format!("{:+.1} %", e * 100.0)),
            layer.basis.replace('|', "\\|").chars().take(160).collect::<String>(),
            verdict
        ));
    }
    let path = root().join("docs/accuracy.md");
    std::fs::write(&path, doc).map_err(|e| format!("{}: {e}", path.display()))
}
