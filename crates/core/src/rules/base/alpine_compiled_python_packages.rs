use crate::rules::support::image_refs::official_name;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::PipAction;
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "B005",
    name: "alpine-compiled-python-packages",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A Python package with compiled extensions is pip-installed on an Alpine-based image.",
        why: "Alpine uses musl libc, so the manylinux wheels most projects publish do not apply. Unless the exact \
              version ships a musllinux wheel for your architecture, pip compiles it from source: the build \
              needs gcc and headers, takes minutes, and often ends up bigger than the Debian `-slim` image it was \
              meant to beat. Use `python:3.x-slim` for scientific, database and crypto packages.",
        bad: "FROM python:3.12-alpine\nRUN pip install --no-cache-dir numpy pandas\n",
        good: "FROM python:3.12-slim-bookworm\nRUN pip install --no-cache-dir numpy pandas\n",
        source:
            "PEP 600 (manylinux) and PEP 656 (musllinux) platform tags; Docker Hub python image docs (alpine variant).",
    },
    check,
};

const COMPILED: &[&str] = &[
    "numpy",
    "pandas",
    "scipy",
    "psycopg2",
    "cryptography",
    "lxml",
    "grpcio",
    "pillow",
    "matplotlib",
    "scikit-learn",
    "pyarrow",
    "shapely",
    "h5py",
    "mysqlclient",
    "gevent",
    "uvloop",
    "scikit-image",
    "opencv-python",
    "torch",
];

fn is_alpine(model: &Model, stage: usize) -> bool {
    let Base::Image { image, .. } = model.root_base(&model.build.stages[stage]) else {
        return false;
    };
    match official_name(image) {
        Some("alpine") => true,
        Some("python") => image.tag.as_deref().is_some_and(|t| t.contains("alpine")),
        _ => false,
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, _, scripts) in model.runs() {
        let Some(stage) = model.build.stage_of(index) else {
            continue;
        };
        if !is_alpine(model, stage) {
            continue;
        }
        for script in scripts {
            for (_, pip) in script.pip() {
                if pip.action != PipAction::Install {
                    continue;
                }
                for package in &pip.packages {
                    let name = package.name.to_ascii_lowercase().replace('_', "-");
                    if package.local || !COMPILED.contains(&name.as_str()) {
                        continue;
                    }
                    hits.push(Hit::new(
                        model.span(package.span.clone()),
                        format!(
                            "`{}` has compiled extensions; on Alpine (musl) pip may build it from source, \
                             which is slow and needs a toolchain",
                            package.name
                        ),
                    ));
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
    fn fires_on_compiled_packages_on_alpine() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM python:3.12-alpine\nRUN pip install flask numpy==2.0 psycopg2\n"
            ),
            ["numpy==2.0", "psycopg2"]
        );
        assert_eq!(
            flagged(&RULE, "FROM alpine:3.22 AS base\nFROM base\nRUN pip3 install Pillow\n"),
            ["Pillow"]
        );
        assert_eq!(
            check(
                &RULE,
                "ARG TAG=3.12-alpine3.22\nFROM python:${TAG}\nRUN sh <<EOF\npip install lxml\nEOF\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_on_debian_and_pure_python() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\nRUN pip install numpy\n",
                "FROM python:3.12-alpine\nRUN pip install flask requests\n",
                "FROM python:3.12-alpine\nRUN pip uninstall -y numpy\n",
                "FROM python:3.12-alpine AS build\nFROM debian:bookworm\nRUN pip install numpy\n",
            ],
        );
    }
}
