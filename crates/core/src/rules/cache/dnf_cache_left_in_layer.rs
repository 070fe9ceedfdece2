use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::rpm_cache::check_rpm_cache;
use crate::rules::{Judges, Effect, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "L010",
    name: "dnf-cache-left-in-layer",
    category: Category::Cache,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &["DL3040"],
    buildkit: &[],
    trivy: &["DS-0019", "DS-0027"],
    fix: FixAvailability::Safe,
    effects: &[Effect::Paths(&["/var/cache/dnf"])],
    explanation: Explanation {
        summary: "`dnf`/`microdnf install` leaves repository metadata in the image unless the same RUN runs `dnf clean all`.",
        why: "dnf keeps repository metadata (and packages when keepcache is on) under `/var/cache`: tens of megabytes with no use at run time. A later RUN cannot remove it from the layer that wrote it, so clean in the installing RUN or use a cache mount.",
        bad: "FROM fedora:41\nRUN dnf install -y httpd\n",
        good: "FROM fedora:41\nRUN dnf install -y httpd && dnf clean all\n",
        source: "hadolint DL3040; Trivy DS019 and DS027 (microdnf).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    check_rpm_cache(model, hits, &["dnf", "dnf5", "microdnf", "tdnf"], "clean all");
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(
            check(&RULE, "FROM fedora\nRUN microdnf install -y httpd\n"),
            ["`microdnf install` leaves its package cache in the layer: add `microdnf clean all` in the same RUN"]
        );
        assert_eq!(
            fixed(&RULE, "FROM fedora\nRUN microdnf install -y httpd\n").unwrap(),
            "FROM fedora\nRUN microdnf install -y httpd && microdnf clean all\n"
        );
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_in_builders() {
        assert_quiet(
            &RULE,
            &[
                "FROM fedora\nRUN dnf install -y x && dnf clean all\n",
                "FROM fedora\nRUN dnf install -y x && rm -rf /var/cache/dnf\n",
                "FROM fedora\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y x\n",
                "FROM fedora\nRUN yum install -y x\n",
            ],
        );
    }
}
