use crate::rules::support::stages::overridden_hits;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C011",
    name: "multiple-healthcheck",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3012"],
    buildkit: &["MultipleInstructionsDisallowed"],
    trivy: &["DS-0023"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A stage has more than one HEALTHCHECK; only the last one takes effect.",
        why: "Only the last HEALTHCHECK of a stage is used, so an earlier one is silently dropped, together with its interval and retries. Orchestrators then probe something other than what the reader sees first.",
        bad: "FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK CMD wget -qO- http://localhost/health\n",
        good: "FROM nginx:1.27\nHEALTHCHECK CMD wget -qO- http://localhost/health\n",
        source: "Docker docs, build checks: MultipleInstructionsDisallowed; Dockerfile reference, HEALTHCHECK; hadolint DL3012.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    overridden_hits(model, Keyword::Healthcheck, hits);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_earlier_instructions_of_a_stage() {
        let source = "FROM a\nHEALTHCHECK CMD [\"x\"]\nRUN y\nHEALTHCHECK CMD [\"z\"]\n";
        assert_eq!(flagged(&RULE, source), ["HEALTHCHECK CMD [\"x\"]"]);
        assert_eq!(
            check(&RULE, source),
            ["this `HEALTHCHECK` has no effect: the `HEALTHCHECK` on line 4 in the same stage replaces it"]
        );
    }

    #[test]
    fn quiet_on_one_per_stage() {
        assert!(check(
            &RULE,
            "FROM a AS b\nHEALTHCHECK CMD [\"x\"]\nFROM b\nHEALTHCHECK CMD [\"z\"]\n"
        )
        .is_empty());
    }
}
