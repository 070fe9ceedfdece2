//! The rewriter: fixes contributed by rules, applied as text edits on spans (issue 5). Until fixes exist the
//! rewrite is the original text, and the diff says so row by row.

pub mod diff;

use crate::analysis::Rewrite;

pub fn rewrite(source: &str) -> Rewrite {
    let text = source.to_string();
    let diff = diff::line_diff(source, &text);
    Rewrite {
        text,
        changes: Vec::new(),
        diff,
        dockerignore: None,
    }
}
