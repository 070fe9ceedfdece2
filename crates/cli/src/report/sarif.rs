//! SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) ingest.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::Checked;
use dflab_core::{rules, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn write(out: &mut impl Write, files: &[Checked]) -> io::Result<()> {
    let mut catalog: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            let e = &rule.explanation;
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": e.summary },
                "fullDescription": { "text": e.why },
                "help": { "text": format!("{}\n\nBad:\n{}\nGood:\n{}\nSource: {}", e.why, e.bad, e.good, e.source) },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "tags": [rule.category.as_str()], "hadolint": rule.hadolint, "buildkit": rule.buildkit, "trivy": rule.trivy },
            })
        })
        .collect();
    // Syntax errors come last, after the rules, so that a rule's index is its position in `rules::ALL`.
    catalog.push(json!({
        "id": crate::SYNTAX_ERROR,
        "name": crate::SYNTAX_ERROR,
        "shortDescription": { "text": "BuildKit's parser rejects the Dockerfile: the build fails before any step runs." },
        "defaultConfiguration": { "level": "error" },
        "properties": { "tags": ["syntax"] },
    }));
    let syntax_index = catalog.len() - 1;
    let results: Vec<Value> = files
        .iter()
        .flat_map(|file| file.findings.iter().map(move |f| (file, f)))
        .map(|(file, f)| {
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": file.path },
                        "region": {
                            "startLine": f.span.line,
                            "startColumn": f.span.column,
                            "endLine": f.span.end_line,
                            "endColumn": f.span.end_column,
                        }
                    }
                }],
            });
            let index = if f.rule == crate::SYNTAX_ERROR {
                Some(syntax_index)
            } else {
                rules::ALL.iter().position(|rule| rule.code == f.rule)
            };
            if let Some(index) = index {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "dflab",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": catalog,
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
