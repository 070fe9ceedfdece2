use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::apt_config;
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::{AptAction, Program};

pub static RULE: Rule = Rule {
    code: "P002",
    name: "apt-install-recommends",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &["DL3015"],
    buildkit: &[],
    trivy: &["DS-0029"],
    fix: FixAvailability::OptIn,
    effects: &[Effect::Packages],
    explanation: Explanation {
        summary: "`apt-get install` without `--no-install-recommends` also installs every recommended package.",
        why: "Debian and Ubuntu install \"Recommends\" by default: documentation, extra tools and libraries \
              the image never uses, often tens of megabytes, each a potential vulnerability to patch. \
              `--no-install-recommends` installs what you asked for and its real dependencies only; name the \
              recommended packages you do need, such as `ca-certificates` for curl, wget or git over HTTPS \
              (the fix is not offered where that one would go missing). The fix is opt-in: which recommended \
              packages the image relies on cannot be seen from the Dockerfile (`python3-pip` recommends the \
              compilers pip needs to build packages from source, for example).",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/*\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\\n && rm -rf /var/lib/apt/lists/*\n",
        source: "Docker docs, \"Building best practices\" (apt-get); hadolint DL3015; Trivy DS029.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let configured = apt_config(model, "Install-Recommends");
    for cmd in model.commands() {
        let Program::AptGet(apt) = &cmd.command.program else {
            continue;
        };
        if apt.action != AptAction::Install || apt.no_install_recommends || apt.tool == "aptitude" {
            continue;
        }
        let Some(sub) = &apt.subcommand else { continue };
        if apt.packages.is_empty() || configured.before(model, cmd.index) {
            continue;
        }
        // curl, wget and git reach HTTPS servers through the recommended `ca-certificates`: dropping it
        // breaks them, so the flag is only suggested there, not added.
        let has = |names: &[&str]| apt.packages.iter().any(|p| names.contains(&p.name.as_str()));
        let needs_certs = has(&["curl", "wget", "git"]) && !has(&["ca-certificates"]);
        let names: Vec<String> = apt.packages.iter().take(3).map(|p| format!("`{}`", p.name)).collect();
        let more = if apt.packages.len() > 3 { ", ..." } else { "" };
        let hit = Hit::new(
            model.span(cmd.command.span.clone()),
            format!(
                "`{} {}` without `--no-install-recommends` also installs packages recommended by {}{more}",
                apt.tool,
                sub.name,
                names.join(", ")
            ),
        );
        hits.push(if needs_certs {
            hit
        } else {
            hit.with_fix(Fix::opt_in(
                "add `--no-install-recommends`",
                "recommended packages are no longer installed: add any the image needs to the list",
                vec![Edit::insert(sub.span.end, " --no-install-recommends")],
            ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::FixAvailability;
    use crate::rules::testing::{assert_quiet, check, fixed, hits};

    #[test]
    fn fires_and_names_packages() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN apt-get install -y curl git\n"),
            ["`apt-get install` without `--no-install-recommends` also installs packages recommended by `curl`, `git`"]
        );
        assert_eq!(
            check(&RULE, "FROM debian\nRUN <<EOF\napt-get install -y a b c d\nEOF\n").len(),
            1
        );
    }

    #[test]
    fn quiet_when_recommends_are_off() {
        assert_quiet(&RULE, &[
            "FROM debian\nRUN apt-get install -y --no-install-recommends curl\n",
            "FROM debian\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n",
            "FROM debian\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/01norec\nRUN apt-get install -y curl\n",
            "FROM debian\nCOPY 01norecommends /etc/apt/apt.conf.d/\nRUN apt-get install -y curl\n",
            "FROM debian\nRUN apt-get install -y -f\n",
            "FROM debian AS base\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/01norec\nFROM base\nRUN apt-get install -y curl\n",
        ]);
    }

    /// The flag on one install, an earlier command's own `-o`, or configuration in another stage configure
    /// nothing for a later install (issue #19).
    #[test]
    fn only_real_configuration_before_it_in_its_image_counts() {
        for source in [
            "FROM debian\nRUN apt-get install -y --no-install-recommends a\nRUN apt-get install -y b\n",
            "FROM debian\nRUN apt-get -o APT::Install-Recommends=false install -y a\nRUN apt-get install -y b\n",
            "FROM debian AS one\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/01norec\nFROM debian\nRUN apt-get install -y b\n",
        ] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
    }

    #[test]
    fn fix_inserts_the_flag_when_opted_in() {
        let found = hits(&RULE, "FROM debian\nRUN apt-get -y install gcc\n");
        let fix = found[0].fix.as_ref().expect("a fix");
        assert_eq!(
            fix.safety,
            FixAvailability::OptIn,
            "dropping recommended packages changes the image"
        );
        assert!(fix
            .warning
            .as_deref()
            .is_some_and(|w| w.contains("no longer installed")));
        assert_eq!(
            fixed(&RULE, "FROM debian\nRUN apt-get -y install gcc\n").unwrap(),
            "FROM debian\nRUN apt-get -y install --no-install-recommends gcc\n"
        );
        assert_eq!(
            fixed(&RULE, "FROM debian\nRUN apt-get -y install ca-certificates curl\n").unwrap(),
            "FROM debian\nRUN apt-get -y install --no-install-recommends ca-certificates curl\n"
        );
    }

    #[test]
    fn no_fix_that_would_drop_ca_certificates() {
        for source in [
            "FROM debian\nRUN apt-get -y install curl\n",
            "FROM debian\nRUN apt-get install -y git make\n",
        ] {
            let found = hits(&RULE, source);
            assert!(found.len() == 1 && found[0].fix.is_none(), "{source}");
        }
    }

    /// devcontainers/images' universal image (`CMD sleep infinity`) wants the recommended packages.
    #[test]
    fn quiet_in_development_images() {
        assert_quiet(&RULE, &[
            "FROM mcr.microsoft.com/devcontainers/base:ubuntu\nRUN apt-get update && apt-get -y install build-essential vim\nCMD [ \"sleep\", \"infinity\" ]\n",
            "FROM eclipse-temurin:17 AS builder\nRUN true\nFROM builder AS dev-envs\nRUN apt-get update && apt-get install -y git\n",
        ]);
    }
}
