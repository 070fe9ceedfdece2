use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C008",
    name: "maintainer-deprecated",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL4000"],
    buildkit: &["MaintainerDeprecated"],
    trivy: &["DS-0022"],
    fix: FixAvailability::Safe,
    effects: &[Effect::Config(&["Labels"])],
    explanation: Explanation {
        summary: "MAINTAINER is deprecated; the author belongs in a label.",
        why: "MAINTAINER sets a legacy image field that registries and tools no longer read. The OCI label \
              `org.opencontainers.image.authors` is what scanners, registries and `docker inspect` users look \
              for, and sits with your other metadata labels.",
        bad: "FROM python:3.12\nMAINTAINER Jane Doe <jane@example.com>\n",
        good: "FROM python:3.12\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\n",
        source: "Docker docs, build checks: MaintainerDeprecated; OCI image spec, annotations; hadolint DL4000.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, instruction) in model.instructions.iter().enumerate() {
        let View::Maintainer(word) = model.view(index) else {
            continue;
        };
        let mut hit = Hit::new(
            instruction.keyword_span,
            "`MAINTAINER` is deprecated; use `LABEL org.opencontainers.image.authors=\"...\"`",
        );
        if let Some(word) = word {
            let raw = &model.source[word.span.start..word.span.end];
            if raw == word.value && !raw.contains(['"', '\\', '$', '`', '\n']) {
                hit = hit.with_fix(Fix::safe(
                    "replace with the `org.opencontainers.image.authors` label",
                    vec![Edit::replace(
                        instruction.keyword_span.start..word.span.end,
                        format!("LABEL org.opencontainers.image.authors=\"{raw}\""),
                    )],
                ));
            }
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, fixed};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(
            fixed(&RULE, "FROM a\nMAINTAINER Jane <j@x.org>\n").as_deref(),
            Some("FROM a\nLABEL org.opencontainers.image.authors=\"Jane <j@x.org>\"\n")
        );
        let trap = "FROM a\nMAINTAINER \"Jane\" $USER\n";
        assert_eq!(check(&RULE, trap).len(), 1);
        assert_eq!(fixed(&RULE, trap), None);
    }

    #[test]
    fn quiet_without_maintainer() {
        assert!(check(&RULE, "FROM a\nLABEL org.opencontainers.image.authors=x\n").is_empty());
    }
}
