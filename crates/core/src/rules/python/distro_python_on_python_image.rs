use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{ApkAction, AptAction, Program};
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "Y016",
    name: "distro-python-on-python-image",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "The distribution's Python is installed on top of an official `python` image.",
        why: "The `python` images already bring their own interpreter, pip and headers in `/usr/local`. \
              `apt-get install python3-pip` (or `apk add py3-pip`) adds a second, older interpreter from \
              the distribution: tens of megabytes more, and `pip`, `python3` and the packages you install \
              may belong to different interpreters depending on `PATH`. Use the image's `python` and \
              `pip` instead.",
        bad: "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip \\\n    && rm -rf /var/lib/apt/lists/*\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir --upgrade pip==24.2\n",
        source: "Docker Official Images: `python` image documentation (interpreter built into `/usr/local`).",
    },
    check,
};

fn is_distro_python(name: &str) -> bool {
    let name = name.split(['=', ':']).next().unwrap_or(name);
    matches!(
        name,
        "python"
            | "python3"
            | "python-pip"
            | "python3-pip"
            | "python3-venv"
            | "python3-dev"
            | "python3-full"
            | "python-is-python3"
            | "python3-setuptools"
            | "python3-wheel"
            | "python3-distutils"
            | "py3-pip"
            | "py3-setuptools"
            | "py3-wheel"
            | "python3-minimal"
    ) || name.strip_prefix("python3.").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .split('-')
                .next()
                .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit()))
    })
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let Base::Image { image, .. } = model.root_base(stage) else {
            continue;
        };
        let repository = image.repository.trim_start_matches("library/");
        let official = repository == "python" && image.registry.as_deref().is_none_or(|r| r == "docker.io");
        if !official {
            continue;
        }
        for (index, _) in model.stage_instructions(stage) {
            for script in model.scripts(index) {
                for command in script.commands() {
                    let packages = match &command.program {
                        Program::AptGet(apt) if apt.action == AptAction::Install => &apt.packages,
                        Program::Apk(apk) if apk.action == ApkAction::Add => &apk.packages,
                        _ => continue,
                    };
                    for package in packages.iter().filter(|p| is_distro_python(&p.name)) {
                        hits.push(Hit::new(
                            model.span(package.span.clone()),
                            format!(
                                "`{}` installs the distribution's Python next to the image's own `/usr/local/bin/python`",
                                package.name
                            ),
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_distro_python_packages() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM python:3.12-slim\nRUN apt-get install -y python3 python3-pip curl python3.11-venv\n"
            ),
            ["python3", "python3-pip", "python3.11-venv"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12-alpine AS a\nFROM a\nRUN apk add --no-cache py3-pip\n"
            )
            .len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "ARG V=3.12\nFROM python:${V}\nRUN apt-get install -y python3-dev\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_on_other_images_and_packages() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:bookworm-slim\nRUN apt-get install -y python3 python3-pip\n",
                "FROM ubuntu:24.04\nRUN apt-get install -y python3-venv\n",
                "FROM python:3.12\nRUN apt-get install -y libpq-dev python3-tk-dbg-not\n",
                "FROM python:3.12\nRUN apt-get remove -y python3\n",
            ],
        );
    }
}
