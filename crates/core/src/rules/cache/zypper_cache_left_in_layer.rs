use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::rpm_cache::check_rpm_cache;
use crate::rules::{Judges, Effect, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "L011",
    name: "zypper-cache-left-in-layer",
    category: Category::Cache,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &["DL3036"],
    buildkit: &[],
    trivy: &["DS-0020"],
    fix: FixAvailability::Safe,
    effects: &[Effect::Paths(&["/var/cache/zypp"])],
    explanation: Explanation {
        summary: "`zypper install` leaves downloaded metadata and packages in `/var/cache/zypp` unless the same RUN runs `zypper clean`.",
        why: "zypper keeps repository metadata and packages in its cache: megabytes that the running container never needs. A later RUN cannot remove them from the layer that wrote them, so clean in the installing RUN.",
        bad: "FROM opensuse/leap:15.6\nRUN zypper -n install httpd\n",
        good: "FROM opensuse/leap:15.6\nRUN zypper -n install httpd && zypper clean --all\n",
        source: "hadolint DL3036; Trivy DS020.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    check_rpm_cache(model, hits, &["zypper"], "clean --all");
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(
            check(&RULE, "FROM opensuse\nRUN zypper -n in httpd\n"),
            ["`zypper in` leaves its package cache in the layer: add `zypper clean --all` in the same RUN"]
        );
        assert_eq!(
            fixed(&RULE, "FROM opensuse\nRUN zypper -n in httpd\n").unwrap(),
            "FROM opensuse\nRUN zypper -n in httpd && zypper clean --all\n"
        );
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_in_builders() {
        assert_quiet(
            &RULE,
            &[
                "FROM opensuse\nRUN zypper -n in x && zypper clean\n",
                "FROM opensuse\nRUN zypper -n in x && zypper cc -a\n",
                "FROM opensuse\nRUN zypper -n in x && rm -rf /var/cache/zypp/*\n",
            ],
        );
    }
}
