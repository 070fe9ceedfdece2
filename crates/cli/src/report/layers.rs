//! The layer estimate as text: one line per layer with a bar scaled to the largest layer.

use std::io::{self, Write};

use dflab_core::layers::format_range;
use dflab_core::{ImageEstimate, LayerReport, SizeRange};

const BAR_WIDTH: u64 = 30;

pub fn write(out: &mut impl Write, path: &str, report: &LayerReport) -> io::Result<()> {
    writeln!(out, "{path}")?;
    for (title, estimate) in [
        ("before the rewrite", &report.before),
        ("after the rewrite", &report.after),
    ] {
        writeln!(out, "\n  {title}")?;
        write_estimate(out, estimate)?;
        if std::ptr::eq(estimate, &report.before) && report.before == report.after {
            writeln!(out, "\n  after the rewrite: the same")?;
            break;
        }
    }
    Ok(())
}

fn write_estimate(out: &mut impl Write, estimate: &ImageEstimate) -> io::Result<()> {
    let largest = estimate
        .stages
        .iter()
        .flat_map(|s| &s.layers)
        .map(|l| l.size.high)
        .max()
        .unwrap_or(0)
        .max(1);
    for stage in &estimate.stages {
        let name = stage.name.as_deref().map(|n| format!(" `{n}`")).unwrap_or_default();
        let role = if stage.is_final { "final image" } else { "build stage" };
        let base = stage.base.size.map_or("unknown".to_string(), format_range);
        writeln!(
            out,
            "  stage {}{name} ({role}), base `{}`: {base}",
            stage.index + 1,
            stage.base.reference
        )?;
        for layer in stage.layers.iter().filter(|l| l.creates_layer) {
            let filled = (layer.size.high * BAR_WIDTH).div_ceil(largest) as usize;
            let marks = if layer.rebuilds_on_code_change { " ↻" } else { "" };
            let wasted = if layer.wasted > 0 {
                format!(
                    " (wasted {})",
                    format_range(SizeRange {
                        low: layer.wasted,
                        high: layer.wasted
                    })
                )
            } else {
                String::new()
            };
            writeln!(
                out,
                "    line {:>4} {:<6} {:<width$}{:>pad$} {}{wasted}{marks}",
                layer.span.line,
                layer.keyword,
                "█".repeat(filled),
                "",
                format_range(layer.size),
                width = filled,
                pad = BAR_WIDTH as usize - filled,
            )?;
        }
    }
    let total = estimate.total.map_or(
        "unknown (a base image is not in the size table)".to_string(),
        format_range,
    );
    let left_out = match estimate.unknown_layers {
        0 => String::new(),
        1 => " + 1 layer of unknown size".to_string(),
        n => format!(" + {n} layers of unknown size"),
    };
    writeln!(out, "  final image: {total}{left_out}")?;
    if estimate.wasted > 0 {
        writeln!(
            out,
            "  wasted: at least {} written and then deleted or duplicated",
            format_range(SizeRange {
                low: estimate.wasted,
                high: estimate.wasted
            })
        )?;
    }
    writeln!(out, "  ↻ rebuilds when only application code changes")
}
