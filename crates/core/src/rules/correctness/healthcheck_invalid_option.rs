use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C037",
    name: "healthcheck-invalid-option",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A HEALTHCHECK duration has no unit (`--interval=30`) or `--retries` is not a number.",
        why: "HEALTHCHECK durations use Go's duration syntax and need a unit (`30s`, `1m30s`, `500ms`); a bare \
              number fails the build with \"missing unit in duration\". `--retries` must be a whole number.",
        bad: "FROM nginx:1.27\nHEALTHCHECK --interval=30 CMD curl -f http://localhost/\n",
        good: "FROM nginx:1.27\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/\n",
        source: "Dockerfile reference, HEALTHCHECK; Go time.ParseDuration.",
    },
    check,
};

/// Go's `time.ParseDuration` accepts the text (`0`, or numbers each followed by a unit).
fn is_duration(text: &str) -> bool {
    let text = text.strip_prefix(['+', '-']).unwrap_or(text);
    if text == "0" {
        return true;
    }
    let mut rest = text;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let number = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').len();
        if number == 0 || rest[..number] == *"." {
            return false;
        }
        rest = &rest[number..];
        let unit = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
            .iter()
            .filter(|u| rest.starts_with(*u))
            .max_by_key(|u| u.len());
        match unit {
            Some(unit) => rest = &rest[unit.len()..],
            None => return false,
        }
    }
    true
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for view in model.views() {
        let View::Healthcheck(health) = view else {
            continue;
        };
        for flag in [
            health.interval,
            health.timeout,
            health.start_period,
            health.start_interval,
        ]
        .into_iter()
        .flatten()
        {
            let value = flag.value.as_deref().unwrap_or("");
            if !value.contains('$') && !is_duration(value) {
                hits.push(Hit::new(
                    flag.span,
                    format!(
                        "`--{}={value}` is not a duration; add a unit such as `{value}s`",
                        flag.name
                    ),
                ));
            }
        }
        if let Some(flag) = health.retries {
            let value = flag.value.as_deref().unwrap_or("");
            if !value.contains('$') && value.parse::<i64>().is_err() {
                hits.push(Hit::new(
                    flag.span,
                    format!("`--retries={value}` is not a whole number"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_on_unitless_durations_and_bad_retries() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM a\nHEALTHCHECK --interval=30 --timeout=5s --retries=three CMD x\n"
            ),
            ["--interval=30", "--retries=three"]
        );
    }

    #[test]
    fn quiet_on_valid_options() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nHEALTHCHECK --interval=1m30s --timeout=500ms --start-period=0 --retries=3 CMD x\n",
                "FROM a\nHEALTHCHECK NONE\n",
                "FROM a\nHEALTHCHECK --interval=1.5s CMD x\n",
            ],
        );
    }
}
