use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::report_unpinned;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "P010",
    name: "go-install-unpinned",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3062"],
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

/// Whether the stage of instruction `at` starts from a `golang` image older than Go 1.16, whose `go get`
/// works in GOPATH mode by default (module mode became the default in 1.16).
fn gopath_mode_image(model: &Model, at: usize) -> bool {
    let Some(stage) = model.build.stage_of(at).map(|s| &model.build.stages[s]) else { return false };
    let crate::model::Base::Image { image, .. } = model.root_base(stage) else { return false };
    if image.repository.rsplit('/').next() != Some("golang") {
        return false;
    }
    let Some(tag) = image.tag.as_deref() else { return false };
    let mut parts = tag.split(['.', '-']);
    match (parts.next().and_then(|m| m.parse::<u32>().ok()), parts.next().and_then(|m| m.parse::<u32>().ok())) {
        (Some(1), Some(minor)) => minor < 16,
        _ => false,
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    // `go get` installs a program only in GOPATH mode (`GO111MODULE=off`); in module mode it edits go.mod,
    // whose go.sum pins it (issue #19).
    let gopath_gets: Vec<std::ops::Range<usize>> = model
        .commands()
        .filter(|cmd| {
            let Program::Go(go) = &cmd.command.program else { return false };
            let off = |value: &str| value.trim_matches(['"', '\'']).eq_ignore_ascii_case("off");
            go.subcommand.as_ref().is_some_and(|s| s.name == "get")
                && (cmd.command.assignments.iter().any(|a| a.name == "GO111MODULE" && off(&a.value))
                    || model.scope(cmd.index).get("GO111MODULE").is_some_and(off)
                    || gopath_mode_image(model, cmd.index))
        })
        .map(|cmd| cmd.command.span.clone())
        .collect();
    report_unpinned(model, hits, |command| match &command.program {
        Program::Go(go) => {
            let sub = go.subcommand.as_ref().map(|s| s.name.as_str());
            let installs = sub == Some("install") || (sub == Some("get") && gopath_gets.contains(&command.span));
            // Only remote module paths (`host.tld/...`); local packages come from the module's go.mod.
            let remote = go
                .packages
                .iter()
                .all(|p| p.name.split('/').next().is_some_and(|host| host.contains('.')));
            (installs && remote).then(|| (format!("go {}", sub.unwrap_or("install")), go.packages.as_slice(), "NAME@<version>"))
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
        // In GOPATH mode `go get` installs the latest commit too (issue #19).
        assert_eq!(check(&RULE, "FROM golang:1.15\nENV GO111MODULE=off\nRUN go get github.com/a/b\n").len(), 1);
        assert_eq!(check(&RULE, "FROM golang\nRUN GO111MODULE=off go get -u github.com/a/b\n").len(), 1);
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
                // Module mode: `go get` edits go.mod, which go.sum pins.
                "FROM golang\nRUN go get github.com/a/b\n",
            ],
        );
    }

    /// Before Go 1.16, `go get` installed programs in GOPATH mode by default (jessfraz/dockerfiles).
    #[test]
    fn go_get_in_a_gopath_mode_image_installs_unpinned() {
        assert_eq!(check(&RULE, "FROM golang:1.10-alpine\nRUN go get github.com/x/tool\n").len(), 1);
        assert_quiet(&RULE, &[
            "FROM golang:1.22\nRUN go get github.com/x/tool\n",
            "FROM golang:1.10\nRUN go get github.com/x/tool@v1.2.3\n",
        ]);
    }
}
