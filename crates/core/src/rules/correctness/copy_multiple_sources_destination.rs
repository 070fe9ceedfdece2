use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C023",
    name: "copy-multiple-sources-destination",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3021"],
    buildkit: &[],
    trivy: &["DS-0011"],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "COPY or ADD has several sources but the destination does not end with `/`.",
        why: "With more than one source the destination must be a directory, written with a trailing slash; \
              otherwise the classic builder stops with \"When using COPY with more than one source file, the \
              destination must be a directory and end with a /\", and BuildKit, when the destination does not \
              exist yet, copies each source over the last and leaves one file. The fix adds the slash only \
              where the destination is already a directory (`.`, `..`, the WORKDIR).",
        bad: "FROM python:3.12-slim\nCOPY requirements.txt setup.py /app\n",
        good: "FROM python:3.12-slim\nCOPY requirements.txt setup.py /app/\n",
        source: "Dockerfile reference, COPY (\"If multiple source resources are specified...\"); hadolint DL3021.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, instruction) in model.instructions.iter().enumerate() {
        let Some(copy) = instruction.as_copy() else { continue };
        let Some(destination) = copy.destination else { continue };
        if copy.sources.len() < 2 || destination.value.ends_with('/') || destination.value.contains('$') {
            continue;
        }
        let raw = &model.source[destination.span.start..destination.span.end];
        // Elsewhere the slash changes a BuildKit image: a missing destination becomes a directory of every
        // source instead of a file holding the last one.
        let dir = destination.value.as_str();
        let known_directory = matches!(dir, "." | "..")
            || model.inherited_before(at).iter().any(|(_, i)| {
                i.keyword == Keyword::Workdir && model.source[i.arguments_span.start..i.arguments_span.end].trim() == dir
            });
        // Measured with Docker 26.1: into an existing directory the sources are copied as meant; otherwise
        // BuildKit writes each source over one file named like the destination and keeps the last.
        let consequence = if known_directory {
            "it works only because the directory exists".to_string()
        } else {
            format!(
                "otherwise Docker 26 writes every source over one file `{}` and keeps only the last (newer \
                 BuildKit rejects it)",
                destination.value
            )
        };
        let mut hit = Hit::new(
            destination.span,
            format!(
                "{} with {} sources needs a directory destination ending in `/`: `{}/`; {consequence}",
                instruction.keyword,
                copy.sources.len(),
                destination.value
            ),
        );
        if known_directory && !copy.json && raw == destination.value {
            hit = hit.with_fix(Fix::safe(
                "add the trailing `/`",
                vec![Edit::insert(destination.span.end, "/")],
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
    fn fires_and_appends_the_slash() {
        assert_eq!(
            fixed(&RULE, "FROM a\nWORKDIR /app\nCOPY a b /app\n").as_deref(),
            Some("FROM a\nWORKDIR /app\nCOPY a b /app/\n")
        );
        // BuildKit would leave /app a file holding `b`; the slash makes it a directory.
        assert_eq!(check(&RULE, "COPY a b /app\n").len(), 1);
        assert_eq!(fixed(&RULE, "COPY a b /app\n"), None);
        assert_eq!(
            fixed(&RULE, "ADD --chown=1 a b .\n").as_deref(),
            Some("ADD --chown=1 a b ./\n")
        );
        let json = "COPY [\"a\", \"b\", \"/app\"]\n";
        assert_eq!(check(&RULE, json).len(), 1);
        assert_eq!(fixed(&RULE, json), None);
    }

    #[test]
    fn quiet_on_single_sources_and_directories() {
        assert_quiet(
            &RULE,
            &[
                "COPY a /app\n",
                "COPY a b /app/\n",
                "COPY a b $DEST\n",
                "COPY <<EOF /x\nhi\nEOF\n",
            ],
        );
    }
}
