use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::context::clean;
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "C017",
    name: "copy-ignored-file",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["CopyIgnoredFile"],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "COPY or ADD names a source that `.dockerignore` excludes from the build context (checked when \
                  the `.dockerignore` is provided).",
        why: "Excluded files never reach the builder, so the instruction fails with \"not found\" or, with a \
              wildcard or directory, silently copies less than you expect. Either stop ignoring the file or stop \
              copying it.",
        bad: "FROM python:3.12-slim\nCOPY .env /app/\n",
        good: "FROM python:3.12-slim\nCOPY app.py /app/\n",
        source: "Docker docs, build checks: CopyIgnoredFile; Docker docs, \".dockerignore files\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    if !model.context.has_dockerignore() {
        return;
    }
    for instruction in &model.instructions {
        let Some(copy) = instruction.as_copy() else { continue };
        if copy.from.is_some() || !copy.heredocs.is_empty() {
            continue;
        }
        for source in &copy.sources {
            let value = source.value.as_str();
            if value.contains(['$', '*', '?', '[']) || value.contains("://") || value.starts_with("git@") {
                continue;
            }
            let path = clean(value);
            if path.is_empty() || path.starts_with("..") {
                continue;
            }
            if let Some(pattern) = model.context.excluded_by(&path) {
                hits.push(Hit::new(
                    source.span,
                    format!(
                        "`{value}` is excluded by the `.dockerignore` pattern `{pattern}`, so it is not in the build \
                         context: {} fails with \"not found\"",
                        instruction.keyword
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::Options;
    use crate::rules::testing::hits_with;

    fn flagged(source: &str, ignore: &str) -> Vec<String> {
        let mut options = Options::default();
        options.context.dockerignore = Some(ignore.into());
        hits_with(&RULE, source, &options)
            .into_iter()
            .map(|h| source[h.span.start..h.span.end].to_string())
            .collect()
    }

    #[test]
    fn fires_on_ignored_sources() {
        let source = "FROM a\nCOPY .env ./config/settings.py /app/\nCOPY docs/readme.md /d/\n";
        assert_eq!(flagged(source, ".env\nconfig\n"), [".env", "./config/settings.py"]);
        assert_eq!(flagged(source, "**/*.md\n"), ["docs/readme.md"]);
        assert_eq!(flagged(source, "*\n!config\n"), [".env", "docs/readme.md"]);
    }

    #[test]
    fn quiet_without_dockerignore_or_match() {
        let source = "FROM a\nCOPY . /app\nCOPY --from=b /x /y\nCOPY app.py /app/\n";
        assert!(flagged(source, "*.md\n.git\n").is_empty());
        assert!(crate::rules::testing::check(&RULE, "FROM a\nCOPY .env /app/\n").is_empty());
    }
}
