use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "P003",
    name: "apt-in-scripts",
    category: Category::Packages,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3027"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "`apt` is the interactive front end; scripts and Dockerfiles should call `apt-get`.",
        why: "`apt` warns that its command-line interface is not stable for scripts: its output, progress \
              bars and defaults may change between releases. `apt-get` keeps a stable interface, so the same \
              RUN behaves the same on the next Debian or Ubuntu release.",
        bad: "FROM ubuntu:24.04\nRUN apt update && apt install -y curl\n",
        good: "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n",
        source: "apt(8) manual (\"SCRIPT USAGE\"); hadolint DL3027.",
    },
    check,
};

/// Subcommands `apt-get` runs the same way as `apt` (`apt upgrade` also installs new packages, so it is
/// not renamed; `apt-get reinstall` came releases after `apt reinstall`).
const SAME_IN_APT_GET: [&str; 8] = [
    "install",
    "update",
    "remove",
    "purge",
    "autoremove",
    "clean",
    "autoclean",
    "dist-upgrade",
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Program::AptGet(apt) = &cmd.command.program else {
            continue;
        };
        if apt.tool != "apt" {
            continue;
        }
        let Some(word) = cmd.command.program_word() else {
            continue;
        };
        let sub = apt.subcommand.as_ref().map(|s| s.name.as_str());
        let mut hit = Hit::new(
            model.span(word.span.clone()),
            match sub {
                Some(sub) => format!("`apt {sub}` in a script: use `apt-get {sub}`"),
                None => "`apt` in a script: use `apt-get`".to_string(),
            },
        );
        let renamable = sub.is_some_and(|s| SAME_IN_APT_GET.contains(&s)) && word.raw == word.value;
        if renamable {
            hit = hit.with_fix(Fix::safe("use `apt-get`", vec![Edit::insert(word.span.end, "-get")]));
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged, hits};

    #[test]
    fn fires_on_apt() {
        assert_eq!(
            check(&RULE, "FROM ubuntu\nRUN apt update && apt install -y curl\n"),
            [
                "`apt update` in a script: use `apt-get update`",
                "`apt install` in a script: use `apt-get install`"
            ]
        );
        assert_eq!(
            flagged(&RULE, "FROM ubuntu\nRUN sudo /usr/bin/apt install -y x\n"),
            ["/usr/bin/apt"]
        );
    }

    #[test]
    fn quiet_on_apt_get_and_other_programs() {
        assert_quiet(
            &RULE,
            &[
                "FROM ubuntu\nRUN apt-get install -y curl\n",
                "FROM ubuntu\nRUN apt-cache policy curl\n",
                "FROM ubuntu\nRUN echo apt install\n",
            ],
        );
    }

    #[test]
    fn fix_renames_only_equivalent_subcommands() {
        assert_eq!(
            fixed(&RULE, "FROM ubuntu\nRUN apt install -y curl\n").unwrap(),
            "FROM ubuntu\nRUN apt-get install -y curl\n"
        );
        assert_eq!(
            fixed(&RULE, "FROM ubuntu\nRUN /usr/bin/apt update\n").unwrap(),
            "FROM ubuntu\nRUN /usr/bin/apt-get update\n"
        );
        // `apt upgrade` installs new dependencies, `apt-get upgrade` does not; `apt list` has no apt-get twin.
        for source in [
            "FROM ubuntu\nRUN apt upgrade -y\n",
            "FROM ubuntu\nRUN apt list --installed\n",
            "FROM ubuntu:20.04\nRUN apt reinstall -y ca-certificates\n",
        ] {
            assert!(hits(&RULE, source)[0].fix.is_none(), "{source}");
        }
    }
}
