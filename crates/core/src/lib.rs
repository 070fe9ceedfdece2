//! Dockerfile Lab core: everything the web UI, the CLI and the tests show comes from [`analyze`].
//!
//! Pure Rust with no OS or browser dependencies; compiled natively and to `wasm32-unknown-unknown`.

use crate::syntax::Keyword;

pub mod analysis;
pub mod ascii;
mod cache_check;
pub mod json;
pub mod knowledge;
pub mod layers;
pub mod lessons;
pub mod markdown;
pub mod model;
pub mod num;
pub mod rewrite;
pub mod rules;
pub mod shell;
pub mod sort;
pub mod span;
pub mod syntax;
#[cfg(test)]
mod test_corpus;

pub use analysis::*;

/// Analyses one Dockerfile: diagnostics, findings, the rewrite with its diff, and the layer estimate.
/// Never panics and never fails: any text yields an [`Analysis`].
pub fn analyze(source: &str, options: &Options) -> Analysis {
    let dockerfile = syntax::parse(source);
    let diagnostics = dockerfile
        .diagnostics
        .iter()
        .map(|d| Diagnostic {
            severity: d.severity,
            message: d.message.clone(),
            span: d.span,
        })
        .collect();
    let instructions = dockerfile
        .instructions()
        .scan(None, |stage: &mut Option<usize>, instruction| {
            if instruction.keyword == Keyword::From {
                *stage = Some(stage.map_or(0, |s| s + 1));
            }
            Some(InstructionSummary {
                keyword: instruction.keyword_name(),
                span: instruction.span,
                stage: *stage,
            })
        })
        .collect();
    let model = model::Model::new(&dockerfile, options);
    let checked = rules::run(&model, options);
    let offers = rules::offers(&checked);
    let findings = checked.into_iter().map(|checked| checked.finding).collect();
    let before = layers::estimate(&model);
    let (rewrite, after) = cache_check::rewrite_no_worse(&model, &offers, &before);
    Analysis {
        schema: SCHEMA_VERSION,
        diagnostics,
        instructions,
        findings,
        rewrite,
        layers: LayerReport { before, after },
    }
}
