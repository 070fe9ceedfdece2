use crate::rules::support::image_refs::{leading_version, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::model::{Base, DependencyKind, Target};

pub static RULE: Rule = Rule {
    code: "B021",
    name: "python-stage-mismatch",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::NOT_TEMPLATES,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A stage copies files from a stage built on a different Python minor version or C library \
                  (Debian glibc vs Alpine musl).",
        why: "Virtual environments, `site-packages` and compiled wheels are tied to the Python minor version \
              (`python3.12/site-packages`, `cpython-312` extension names) and to the C library they were \
              compiled against. Copying them from a `python:3.12` builder into `python:3.13` or an `-alpine` \
              image gives `ModuleNotFoundError` or `Error loading shared library` only at run time. Build and \
              run on the same Python version and variant family.",
        bad: "FROM python:3.12-bookworm AS build\nRUN python -m venv /venv && /venv/bin/pip install lxml\n\
              FROM python:3.13-alpine\nCOPY --from=build /venv /venv\n",
        good: "FROM python:3.12-bookworm AS build\nRUN python -m venv /venv && /venv/bin/pip install lxml\n\
               FROM python:3.12-slim-bookworm\nCOPY --from=build /venv /venv\n",
        source: "Python packaging: platform compatibility tags (PEP 425, PEP 600, PEP 656); Docker docs, multi-stage builds.",
    },
    check,
};

const PYTHON_PATHS: [&str; 9] = [
    "venv",
    "site-packages",
    "dist-packages",
    "/lib/python",
    "wheel",
    ".whl",
    "/.local",
    "/usr/local",
    "/install",
];

/// `(minor version, musl)` of a stage built on an official `python` image with a versioned tag.
fn python_of(model: &Model, stage: usize) -> Option<(String, bool)> {
    let Base::Image { image, unresolved, .. } = model.root_base(&model.build.stages[stage]) else {
        return None;
    };
    if !unresolved.is_empty() || official_name(image) != Some("python") {
        return None;
    }
    let tag = image.tag.as_deref()?;
    let (major, minor) = leading_version(tag)?;
    Some((format!("{major}.{}", minor?), tag.contains("alpine")))
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let Some((version, musl)) = python_of(model, stage.index) else {
            continue;
        };
        for dependency in &stage.dependencies {
            let (DependencyKind::CopyFrom, Target::Stage(source)) = (dependency.kind, &dependency.target) else {
                continue;
            };
            let Some((source_version, source_musl)) = python_of(model, *source) else {
                continue;
            };
            // Only what carries interpreter-specific files: environments, site-packages, wheels, prefixes.
            let python_files = model
                .instructions
                .get(dependency.instruction)
                .and_then(|i| i.as_copy())
                .is_some_and(|copy| {
                    copy.sources
                        .iter()
                        .any(|s| PYTHON_PATHS.iter().any(|p| s.value.contains(p)))
                });
            if !python_files {
                continue;
            }
            let libc = |musl: bool| if musl { "musl (Alpine)" } else { "glibc (Debian)" };
            let message = if source_version != version {
                format!("copies from a Python {source_version} stage into Python {version}: virtualenvs and compiled packages do not carry over")
            } else if source_musl != musl {
                format!(
                    "copies from a {} stage into a {} one: compiled packages will not load",
                    libc(source_musl),
                    libc(musl)
                )
            } else {
                continue;
            };
            hits.push(Hit::new(dependency.span, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_version_or_libc_mismatch() {
        let source = "FROM python:3.12 AS build\nFROM python:3.13-slim\nCOPY --from=build /venv /venv\n";
        assert_eq!(flagged(&RULE, source), ["--from=build"]);
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12 AS b\nFROM python:3.12-alpine\nCOPY --from=b /venv /venv\n"
            )
            .len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "ARG V=3.11\nFROM python:${V} AS b\nFROM python:3.12-slim\nCOPY --from=b /wheels /w\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_on_matching_stages_and_other_images() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-bookworm AS b\nFROM python:3.12-slim-bookworm\nCOPY --from=b /venv /venv\n",
                "FROM python:3.12-alpine AS b\nFROM python:3.12-alpine3.22\nCOPY --from=b /venv /venv\n",
                "FROM node:22 AS web\nFROM python:3.12-slim\nCOPY --from=web /dist /dist\n",
                "FROM python:3.12 AS b\nFROM python:3.13-slim\nCOPY --from=python:3.12 /x /x\n",
                "FROM python:3.12 AS b\nFROM python:3.13-slim\nCOPY --from=b /app/static /app/static\n",
            ],
        );
    }
}
