//! Dockerfile Lab core: everything the web UI, the CLI and the tests show comes from [`analyze`].
//!
//! Pure Rust with no OS or browser dependencies; compiled natively and to `wasm32-unknown-unknown`.

pub mod analysis;
pub mod layers;
pub mod rewrite;
pub mod rules;
pub mod shell;
pub mod span;
pub mod syntax;

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
            if instruction.keyword == "FROM" {
                *stage = Some(stage.map_or(0, |s| s + 1));
            }
            Some(InstructionSummary {
                keyword: instruction.keyword.clone(),
                span: instruction.span,
                stage: *stage,
            })
        })
        .collect();
    let findings = run_rules(source, &dockerfile, options);
    let rewrite = rewrite::rewrite(source);
    let before = layers::estimate(&dockerfile);
    let after = layers::estimate(&syntax::parse(&rewrite.text));
    Analysis {
        schema: SCHEMA_VERSION,
        diagnostics,
        instructions,
        findings,
        rewrite,
        layers: LayerReport { before, after },
    }
}

fn run_rules(source: &str, dockerfile: &syntax::Dockerfile, options: &Options) -> Vec<Finding> {
    let named = |ids: &[String], rule: &rules::Rule| {
        ids.iter()
            .any(|id| rules::lookup(id).is_some_and(|r| std::ptr::eq(r, rule)))
    };
    let context = rules::Context { source, dockerfile };
    let mut findings = Vec::new();
    for rule in rules::ALL.iter().copied() {
        if (!options.select.is_empty() && !named(&options.select, rule)) || named(&options.ignore, rule) {
            continue;
        }
        let severity = options
            .severity
            .iter()
            .find(|(id, _)| rules::lookup(id).is_some_and(|r| std::ptr::eq(r, rule)))
            .map_or(rule.severity, |(_, severity)| *severity);
        let mut hits = Vec::new();
        (rule.check)(&context, &mut hits);
        let strings = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        findings.extend(hits.into_iter().map(|hit| Finding {
            rule: rule.code.into(),
            name: rule.name.into(),
            category: rule.category.as_str().into(),
            severity,
            message: hit.message,
            span: hit.span,
            fix: rule.fix,
            hadolint: strings(rule.hadolint),
            buildkit: strings(rule.buildkit),
            trivy: strings(rule.trivy),
        }));
    }
    findings.sort_by_key(|f| (f.span.start, f.rule.clone()));
    findings
}
