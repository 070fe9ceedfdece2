use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::DiagnosticKind;

pub static RULE: Rule = Rule {
    code: "C012",
    name: "no-empty-continuation",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["NoEmptyContinuation"],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "An empty line sits inside a `\\`-continued instruction.",
        why: "Docker skips the blank line and keeps joining, so it looks like the instruction ended when it did \
              not: the next lines still belong to it. BuildKit warns that empty continuation lines will become \
              an error. Remove the blank line (a comment line is fine).",
        bad: "FROM alpine\nRUN apk add --no-cache curl \\\n\n    git\n",
        good: "FROM alpine\nRUN apk add --no-cache curl \\\n    git\n",
        source: "Docker docs, build checks: NoEmptyContinuation.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for diagnostic in &model.tree.diagnostics {
        if diagnostic.kind != DiagnosticKind::Warning || !diagnostic.message.starts_with("empty continuation") {
            continue;
        }
        let span = diagnostic.span;
        let rest = &model.source[span.end..];
        let newline = if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with('\n'))
        };
        let mut hit = Hit::new(span, "empty line inside a continued instruction");
        if newline > 0 {
            hit = hit.with_fix(Fix::safe(
                "remove the empty line",
                vec![Edit::delete(span.start..span.end + newline)],
            ));
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, fixed};

    #[test]
    fn fires_and_removes_the_line() {
        assert_eq!(
            fixed(&RULE, "FROM a\nRUN x \\\n\n  y\n").as_deref(),
            Some("FROM a\nRUN x \\\n  y\n")
        );
        assert_eq!(check(&RULE, "FROM a\nRUN x \\\n  \n  y\n").len(), 1);
    }

    #[test]
    fn quiet_on_comments_and_normal_lines() {
        for source in ["FROM a\nRUN x \\\n  # c\n  y\n", "FROM a\n\nRUN x\n"] {
            assert!(check(&RULE, source).is_empty(), "{source}");
        }
    }
}
