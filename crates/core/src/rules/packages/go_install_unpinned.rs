use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::report_unpinned;
use crate::rules::{Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "P010",
    name: "go-install-unpinned",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`go install module/path` without `@version` (or with `@latest`) builds whatever is newest.",
        why: "Outside a module, `go install` needs a version suffix, and `@latest` resolves a different commit \
              as the tool evolves: rebuilds silently change the binary in the image. A tagged version \
              (`@v1.2.3`) builds the same tool every time.",
        bad: "FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@latest\n",
        good: "FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@v0.26.0\n",
        source: "Go docs, \"go install\" (version suffixes).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_unpinned(model, hits, |command| match &command.program {
        Program::Go(go) if go.subcommand.as_ref().is_some_and(|s| s.name == "install") => {
            // Only remote module paths (`host.tld/...`); local packages come from the module's go.mod.
            let remote = go
                .packages
                .iter()
                .all(|p| p.name.split('/').next().is_some_and(|host| host.contains('.')));
            remote.then(|| ("go install".to_string(), go.packages.as_slice(), "NAME@<version>"))
        }
        _ => None,
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_latest_and_missing_versions() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM golang\nRUN go install github.com/a/b@latest example.com/c@v1.0.0\n"
            ),
            ["github.com/a/b@latest"]
        );
        assert_eq!(check(&RULE, "FROM golang\nRUN go install github.com/a/b\n").len(), 1);
    }

    #[test]
    fn quiet_on_local_packages_and_versions() {
        assert_quiet(
            &RULE,
            &[
                "FROM golang\nRUN go install ./...\n",
                "FROM golang\nRUN go install\n",
                "FROM golang\nRUN go install github.com/a/b@v1.2.3\n",
                "FROM golang\nRUN go build ./cmd/app\n",
            ],
        );
    }
}
