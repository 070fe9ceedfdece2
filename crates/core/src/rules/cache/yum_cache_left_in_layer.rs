use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::rpm_cache::check_rpm_cache;
use crate::rules::{Judges, Effect, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "L009",
    name: "yum-cache-left-in-layer",
    category: Category::Cache,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &["DL3032"],
    buildkit: &[],
    trivy: &["DS-0015"],
    fix: FixAvailability::Safe,
    effects: &[Effect::Paths(&["/var/cache/yum"])],
    explanation: Explanation {
        summary: "`yum install` leaves downloaded metadata and packages in `/var/cache/yum` unless the same RUN runs `yum clean all`.",
        why: "The yum cache holds repository metadata and often packages: tens to hundreds of megabytes that the running container never needs. Removing it in a later RUN cannot shrink the layer that wrote it, so clean in the installing RUN.",
        bad: "FROM centos:7\nRUN yum install -y httpd\n",
        good: "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        source: "hadolint DL3032; Trivy DS015.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    check_rpm_cache(model, hits, &["yum"], "clean all");
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(
            check(&RULE, "FROM centos\nRUN yum install -y httpd\n"),
            ["`yum install` leaves its package cache in the layer: add `yum clean all` in the same RUN"]
        );
        assert_eq!(
            fixed(&RULE, "FROM centos\nRUN yum install -y httpd\n").unwrap(),
            "FROM centos\nRUN yum install -y httpd && yum clean all\n"
        );
        // A later RUN installs from the cache alone.
        let reused = "FROM centos\nRUN yum install -y httpd\nRUN yum -C install -y mod_ssl && yum clean all\n";
        assert_eq!(check(&RULE, reused).len(), 1);
        assert_eq!(fixed(&RULE, reused), None);
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_in_builders() {
        assert_quiet(
            &RULE,
            &[
                "FROM centos\nRUN yum install -y httpd && yum clean all\n",
                "FROM centos\nRUN yum install -y x && rm -rf /var/cache/yum\n",
                "FROM centos\nRUN --mount=type=cache,target=/var/cache/yum yum install -y x\n",
                "FROM centos AS b\nRUN yum install -y gcc\nFROM centos\nCOPY --from=b /x /x\n",
                "FROM centos\nRUN dnf install -y x\n",
            ],
        );
    }
}
