use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::image_refs::variables;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C029",
    name: "env-same-statement-reference",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3044"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "An ENV value uses a variable defined earlier in the same ENV instruction.",
        why: "All values of one ENV are expanded with the variables as they were before the instruction, so in \
              `ENV APP=/app DATA=$APP/data` the `$APP` is empty (or its old value) and `DATA` becomes `/data`. \
              Split it into two ENV instructions.",
        bad: "FROM python:3.12-slim\nENV APP_HOME=/app DATA_DIR=$APP_HOME/data\n",
        good: "FROM python:3.12-slim\nENV APP_HOME=/app\nENV DATA_DIR=$APP_HOME/data\n",
        source: "Dockerfile reference, ENV and \"Environment replacement\"; hadolint DL3044.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, view) in model.views().enumerate() {
        let View::Env(pairs) = view else { continue };
        let before = model.scope(at);
        for (i, pair) in pairs.iter().enumerate() {
            for var in variables(&pair.value.value) {
                let defined_here = pairs[..i].iter().any(|p| p.key.value == var.name);
                if defined_here && before.get(&var.name).is_none() {
                    hits.push(Hit::new(
                        pair.value.span,
                        format!(
                            "`${}` is set in this same ENV, but the value used here is the one from before it",
                            var.name
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_on_same_statement_references() {
        assert_eq!(flagged(&RULE, "FROM a\nENV A=/app B=${A}/data\n"), ["${A}/data"]);
    }

    #[test]
    fn quiet_on_separate_or_earlier_definitions() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nENV A=/app\nENV B=$A/data\n",
                "FROM a\nENV PATH=/x:$PATH\n",
                "FROM a\nENV B=$A A=1\n",
                "FROM a\nENV A=1\nENV A=2 B=$A\n",
            ],
        );
    }
}
