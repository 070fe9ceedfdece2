use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::Arguments;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C034",
    name: "invalid-json-array",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[Effect::Config(&["Cmd", "Entrypoint", "Shell"])],
    explanation: Explanation {
        summary: "An instruction looks like exec form (`[...]`) but is not valid JSON, so it runs as a shell command.",
        why: "Exec form must be a JSON array with double quotes. `CMD ['python', 'app.py']` is not JSON, so \
              Docker silently treats it as shell form and runs `/bin/sh -c \"['python', 'app.py']\"`, which \
              fails at container start with a confusing \"not found\" error.",
        bad: "FROM python:3.12-slim\nCMD ['python', 'app.py']\n",
        good: "FROM python:3.12-slim\nCMD [\"python\", \"app.py\"]\n",
        source: "Dockerfile reference, \"Shell and exec form\" (exec form is parsed as a JSON array).",
    },
    check,
};

/// `['a', 'b']` with plain single-quoted elements, rewritten with double quotes.
fn double_quoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let mut elements = Vec::new();
    for element in inner.split(',') {
        let element = element.trim();
        let value = element.strip_prefix('\'')?.strip_suffix('\'')?;
        if value.contains(['\'', '"', '\\']) {
            return None;
        }
        elements.push(format!("\"{value}\""));
    }
    Some(format!("[{}]", elements.join(", ")))
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        if !matches!(instruction.keyword, Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell) {
            continue;
        }
        let Arguments::Text(word) = &instruction.arguments else {
            continue;
        };
        let text = word.value.trim();
        // `[ -f x ]` is the shell's test command: exec form starts with `["` or `['` without a space.
        if !(text.starts_with("[\"") || text.starts_with("['")) || !text.ends_with(']') {
            continue;
        }
        let mut hit = Hit::new(
            word.span,
            format!(
                "`{text}` is not a valid JSON array ({}), so {} runs it through a shell",
                if text.contains('\'') {
                    "JSON needs double quotes"
                } else {
                    "check its quotes and commas"
                },
                instruction.keyword
            ),
        );
        let raw = &model.source[word.span.start..word.span.end];
        if let Some(json) = double_quoted(raw).filter(|_| raw == word.value) {
            hit = hit.with_fix(Fix::safe(
                "use double quotes",
                vec![Edit::replace(word.span.start..word.span.end, json)],
            ));
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_and_fixes_single_quotes() {
        assert_eq!(
            fixed(&RULE, "FROM a\nCMD ['python', 'app.py']\n").as_deref(),
            Some("FROM a\nCMD [\"python\", \"app.py\"]\n")
        );
        let trap = "FROM a\nENTRYPOINT [\"python\", 'app.py',]\n";
        assert_eq!(check(&RULE, trap).len(), 1);
        assert_eq!(fixed(&RULE, trap), None);
    }

    #[test]
    fn quiet_on_json_and_shell_tests() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nCMD [\"python\"]\n",
                "FROM a\nRUN [ -f x ] && echo y\n",
                "FROM a\nRUN [ -d /app ]\n",
                "FROM a\nRUN [ \"$X\" = \"y\" ]\n",
                "FROM a\nCMD python\n",
            ],
        );
    }
}
