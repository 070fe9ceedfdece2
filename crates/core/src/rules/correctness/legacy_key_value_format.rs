use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C007",
    name: "legacy-key-value-format",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["LegacyKeyValueFormat"],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "ENV or LABEL uses the legacy `key value` form instead of `key=value`.",
        why: "In the legacy form everything after the first space is the value, so `ENV A 1 B 2` sets `A` to \
              `1 B 2` instead of two variables, a silent mistake. The `key=value` form is unambiguous, allows \
              several pairs per instruction, and the legacy form is deprecated.",
        bad: "ENV PYTHONUNBUFFERED 1\n",
        good: "ENV PYTHONUNBUFFERED=1\n",
        source: "Docker docs, build checks: LegacyKeyValueFormat; Dockerfile reference, ENV.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, instruction) in model.instructions.iter().enumerate() {
        let (keyword, pairs) = match model.view(index) {
            View::Env(pairs) => ("ENV", pairs),
            View::Label(pairs) => ("LABEL", pairs),
            _ => continue,
        };
        for pair in pairs.iter().filter(|p| !p.equals) {
            let (key, value) = (&pair.key, &pair.value);
            let raw = &model.source[value.span.start..value.span.end];
            let mut hit = Hit::new(
                instruction.span,
                format!(
                    "`{keyword} {} {}` uses the legacy form; write `{}=...`",
                    key.value, value.value, key.value
                ),
            );
            let separator = key.span.end..value.span.start;
            let plain_separator = model.source[separator.clone()].chars().all(|c| c == ' ' || c == '\t');
            if plain_separator && raw == value.value && !raw.is_empty() {
                let needs_quotes = raw.contains([' ', '\t']);
                let quotable = !raw.contains(['"', '\'', '\\', '`']);
                if !needs_quotes || quotable {
                    let mut edits = vec![Edit::replace(separator, if needs_quotes { "=\"" } else { "=" })];
                    if needs_quotes {
                        edits.push(Edit::insert(value.span.end, "\""));
                    }
                    hit = hit.with_fix(Fix::safe(format!("write `{}=`", key.value), edits));
                }
            }
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, fixed};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(
            fixed(&RULE, "ENV PATH /usr/local/bin:$PATH\n").as_deref(),
            Some("ENV PATH=/usr/local/bin:$PATH\n")
        );
        assert_eq!(
            fixed(&RULE, "LABEL maintainer  Jane Doe\n").as_deref(),
            Some("LABEL maintainer=\"Jane Doe\"\n")
        );
        for trap in ["ENV A \"x y\"\n", "ENV A x\\ y\n", "ENV A \\\n  x\n"] {
            assert_eq!(check(&RULE, trap).len(), 1, "{trap}");
            assert_eq!(fixed(&RULE, trap), None, "{trap}");
        }
    }

    #[test]
    fn quiet_on_equals_form() {
        for source in ["ENV A=1 B=2\n", "LABEL a=b\n", "ARG A\n"] {
            assert!(check(&RULE, source).is_empty(), "{source}");
        }
    }
}
