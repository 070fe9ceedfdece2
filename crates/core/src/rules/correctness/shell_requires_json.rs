use crate::rules::support::stages::{json_array, plain_words};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::Arguments;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C033",
    name: "shell-requires-json",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "SHELL is written in shell form; it only accepts a JSON array.",
        why: "SHELL names the program and options that run shell-form instructions, so it cannot itself go \
              through a shell: BuildKit rejects `SHELL /bin/bash -c` with \"SHELL requires the arguments to be \
              in JSON form\" and the build stops.",
        bad: "FROM debian:bookworm-slim\nSHELL /bin/bash -o pipefail -c\n",
        good: "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
        source: "Dockerfile reference, SHELL.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        if instruction.keyword != Keyword::Shell {
            continue;
        }
        let Arguments::Text(word) = &instruction.arguments else {
            continue;
        };
        let mut hit = Hit::new(word.span, format!("`SHELL {}` must be a JSON array", word.value));
        let raw = &model.source[word.span.start..word.span.end];
        if let Some(words) = plain_words(raw).filter(|_| !raw.contains('\n')) {
            let json = json_array(&words);
            hit = hit.with_fix(Fix::safe(
                format!("write `SHELL {json}`"),
                vec![Edit::replace(word.span.start..word.span.end, json)],
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
    fn fires_and_converts_plain_shells() {
        assert_eq!(
            fixed(&RULE, "FROM a\nSHELL /bin/bash -c\n").as_deref(),
            Some("FROM a\nSHELL [\"/bin/bash\", \"-c\"]\n")
        );
        let trap = "FROM a\nSHELL powershell -Command $ErrorActionPreference = 'Stop';\n";
        assert_eq!(check(&RULE, trap).len(), 1);
        assert_eq!(fixed(&RULE, trap), None);
    }

    #[test]
    fn quiet_on_json() {
        assert!(check(&RULE, "FROM a\nSHELL [\"/bin/sh\", \"-c\"]\n").is_empty());
    }
}
