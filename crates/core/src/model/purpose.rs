//! What each stage is for. Most rules judge an image that is shipped and run in production; applied to a
//! stage that is never shipped (its files are only copied out), to a development image (a dev container, a
//! `npm run dev` image for a local compose setup) or to a template whose placeholders are filled in before
//! any build, they give advice that is right in general and wrong there. Each stage gets a [`StageKind`]
//! with the evidence for it, and each rule declares the kinds it judges ([`crate::rules::Judges`]).

use serde::Serialize;

use super::{Base, Model, Target};
use crate::syntax::instructions::View;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageKind {
    /// Part of an image that is built to be run: the last stage, a stage no other stage uses (a `--target`),
    /// and the stages these are built `FROM`.
    Shipped,
    /// Only copied from (`COPY --from`, `RUN --mount=from=`) or used by such stages: its layers never ship.
    BuildOnly,
    /// Part of an image made to develop in: a dev container, or one that runs a development server.
    Development,
    /// Built `FROM` a template placeholder that a generator fills in before any build.
    Template,
    /// An image made to be built on (it declares `ONBUILD` triggers): its users add the application and pick
    /// the user, as with the official images.
    BaseImage,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Purpose {
    pub kind: StageKind,
    /// Why, in words for a message: e.g. "its `CMD` runs `npm run dev`".
    pub evidence: String,
}

impl Purpose {
    /// A note for a finding in this stage when it is not an image that ships, e.g. "in a development image
    /// (it runs `npm run dev`, a development server)".
    pub fn note(&self) -> Option<String> {
        let kind = match self.kind {
            StageKind::Shipped => return None,
            StageKind::BuildOnly => "in a build stage",
            StageKind::Development => "in a development image",
            StageKind::Template => "in a template",
            StageKind::BaseImage => "in a base image for other images",
        };
        Some(format!("{kind} ({})", self.evidence))
    }
}

/// Placeholders of the generators that fill in a FROM: dev container templates, docker-library's
/// templates, Jinja/Go/Helm templates, and the words people leave for a human to replace.
const TEMPLATE_MARKS: &[&str] = &[
    "${templateOption:",
    "{{",
    "%%",
    "REPLACE-ME",
    "REPLACE_ME",
    "<your",
    "CHANGE-ME",
    "CHANGEME",
];

/// Base image repositories made for development containers.
const DEV_IMAGES: &[&str] = &["devcontainers/", "vscode/devcontainers/", "devcontainers-"];

/// Stage names that say the stage is a development image (also as a prefix: `dev-envs`, Docker Dev
/// Environments' stage).
const DEV_STAGE_NAMES: &[&str] = &["dev", "develop", "development", "devcontainer", "debug"];

fn is_development_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    DEV_STAGE_NAMES
        .iter()
        .any(|dev| name == *dev || name.strip_prefix(dev).is_some_and(|rest| rest.starts_with(['-', '_'])))
}

pub fn classify(model: &Model) -> Vec<Purpose> {
    let stages = &model.build.stages;
    let mut used_by_others = vec![false; stages.len()];
    for stage in stages {
        for dependency in &stage.dependencies {
            if let Target::Stage(index) = dependency.target {
                if index != stage.index && index < stages.len() {
                    used_by_others[index] = true;
                }
            }
        }
    }
    let mut purposes = vec![
        Purpose {
            kind: StageKind::BuildOnly,
            evidence: "only other stages use it: its files are copied out, its layers never ship".into(),
        };
        stages.len()
    ];
    // Targets first, then the stages they are built on inherit their kind.
    for (index, stage) in stages.iter().enumerate() {
        let is_target = index + 1 == stages.len() || !used_by_others[index];
        if !is_target {
            continue;
        }
        let purpose = if let Some(evidence) = base_image_evidence(model, stage) {
            Purpose {
                kind: StageKind::BaseImage,
                evidence,
            }
        } else {
            development_evidence(model, stage).map_or_else(
                || Purpose {
                    kind: StageKind::Shipped,
                    evidence: if index + 1 == stages.len() {
                        "the last stage: the image `docker build` makes".into()
                    } else {
                        "no other stage uses it: an image built with `--target`".into()
                    },
                },
                |evidence| Purpose {
                    kind: StageKind::Development,
                    evidence,
                },
            )
        };
        for member in model.stage_chain(stage) {
            let slot = &mut purposes[member.index];
            // A stage shared by a shipped and a development image is judged as shipped.
            if slot.kind == StageKind::BuildOnly
                || (slot.kind == StageKind::Development && purpose.kind == StageKind::Shipped)
            {
                *slot = purpose.clone();
            }
        }
    }
    for (index, stage) in stages.iter().enumerate() {
        if let Some(mark) = template_mark(model, stage.from) {
            purposes[index] = Purpose {
                kind: StageKind::Template,
                evidence: format!("its `FROM` is a template placeholder (`{mark}`) filled in before any build"),
            };
        }
    }
    purposes
}

fn template_mark(model: &Model, from: usize) -> Option<&'static str> {
    let View::From(from) = model.view(from) else {
        return None;
    };
    let written = &from.image.value;
    TEMPLATE_MARKS.iter().copied().find(|mark| written.contains(mark))
}

/// Why the image built from target `stage` is a base for other images, if it is one.
fn base_image_evidence(model: &Model, stage: &super::Stage) -> Option<String> {
    model
        .stage_instructions(stage)
        .any(|(_, instruction)| instruction.keyword == crate::syntax::Keyword::Onbuild)
        .then(|| "it declares `ONBUILD` triggers: an image made to be built on".to_string())
}

/// Why the image built from target `stage` is a development image, if it is one.
fn development_evidence(model: &Model, stage: &super::Stage) -> Option<String> {
    if let Some(path) = &model.options.context.dockerfile_path {
        if path.replace('\\', "/").split('/').any(|part| part == ".devcontainer") {
            return Some(format!("it is a dev container's Dockerfile (`{path}`)"));
        }
    }
    if let Base::Image { reference, .. } = model.root_base(stage) {
        let lower = reference.to_ascii_lowercase();
        if DEV_IMAGES.iter().any(|mark| lower.contains(mark)) {
            return Some(format!("it is built on a dev container image (`{reference}`)"));
        }
    }
    for member in model.stage_chain(stage) {
        if let Some(name) = member.name.as_ref().filter(|name| is_development_name(name)) {
            return Some(format!("it is built from the stage named `{name}`"));
        }
    }
    if let Some((_, words)) = model.stage_command(stage) {
        if let Some(what) = development_command(&words) {
            return Some(format!("it runs {what}"));
        }
    }
    for member in model.stage_chain(stage) {
        for variable in &member.env {
            let value = variable.value.as_deref().unwrap_or("").to_ascii_lowercase();
            let development = match variable.name.as_str() {
                "NODE_ENV" | "FLASK_ENV" | "RAILS_ENV" | "APP_ENV" | "ENVIRONMENT" => value == "development",
                "FLASK_DEBUG" => super::truthy(&value),
                _ => false,
            };
            if development {
                return Some(format!("it sets `{}={}`", variable.name, value));
            }
        }
    }
    None
}

/// A command that keeps a dev container alive or runs a development server, described.
fn development_command(words: &[String]) -> Option<String> {
    let joined = words.join(" ");
    let has = |word: &str| words.iter().any(|w| w == word);
    let quoted = format!("`{}`", joined.trim());
    if (has("sleep") && has("infinity")) || joined.contains("tail -f /dev/null") {
        return Some(format!(
            "{quoted}, which only keeps the container up for an editor to attach"
        ));
    }
    let dev_server = (["npm", "yarn", "pnpm", "bun"].iter().any(|tool| has(tool))
        && (has("dev")
            || joined.contains("run dev")
            || joined.contains("run start:dev")
            || joined.contains("run serve")))
        || ["nodemon", "ts-node-dev"]
            .iter()
            .any(|tool| words.iter().any(|w| w.ends_with(tool)))
        || (has("next") && has("dev"))
        || (has("ng") && has("serve"))
        || (has("vite") && !has("build") && !has("preview"))
        || (has("fastapi") && has("dev"))
        || has("--reload")
        || (has("flask") && has("run") && has("--debug"))
        || words.iter().any(|w| w.ends_with("manage.py")) && has("runserver");
    dev_server.then(|| format!("{quoted}, a development server"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Options;
    use crate::syntax;

    fn kinds_with(source: &str, options: &Options) -> Vec<StageKind> {
        let tree = syntax::parse(source);
        let model = Model::new(&tree, options);
        model.purposes().iter().map(|p| p.kind).collect()
    }

    fn kinds(source: &str) -> Vec<StageKind> {
        kinds_with(source, &Options::default())
    }

    #[test]
    fn a_stage_only_copied_from_is_build_only() {
        assert_eq!(
            kinds("FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD [\"/app\"]\n"),
            [StageKind::BuildOnly, StageKind::Shipped]
        );
    }

    #[test]
    fn a_stage_no_one_uses_is_a_target_and_its_base_is_shipped_with_it() {
        let source = "FROM python:3.12-slim AS base\nFROM base AS production\nCMD [\"gunicorn\", \"app:app\"]\nFROM base AS test\nRUN pytest\n";
        assert_eq!(
            kinds(source),
            [StageKind::Shipped, StageKind::Shipped, StageKind::Shipped]
        );
    }

    #[test]
    fn development_images_are_recognised_with_their_evidence() {
        for (source, evidence) in [
            (
                "FROM node:22\nCOPY . .\nCMD [\"npm\", \"run\", \"dev\"]\n",
                "development server",
            ),
            (
                "FROM mcr.microsoft.com/devcontainers/python:3.12\nRUN pip install ruff\n",
                "dev container image",
            ),
            (
                "FROM python:3.12\nCMD [\"sleep\", \"infinity\"]\n",
                "keeps the container up",
            ),
            (
                "FROM python:3.12\nCMD uvicorn app:app --host 0.0.0.0 --reload\n",
                "development server",
            ),
            ("FROM python:3.12 AS dev\nRUN pip install -e .\n", "named `dev`"),
            (
                "FROM python:3.12 AS development\nFROM development AS dev-envs\nRUN true\n",
                "named `dev",
            ),
            (
                "FROM node:22\nENV NODE_ENV=development\nCMD [\"node\", \"server.js\"]\n",
                "NODE_ENV=development",
            ),
        ] {
            let tree = syntax::parse(source);
            let options = Options::default();
            let model = Model::new(&tree, &options);
            let purpose = &model.purposes()[0];
            assert_eq!(purpose.kind, StageKind::Development, "{source}");
            assert!(purpose.evidence.contains(evidence), "{source}: {}", purpose.evidence);
        }
        let mut options = Options::default();
        options.context.dockerfile_path = Some("project/.devcontainer/Dockerfile".into());
        assert_eq!(
            kinds_with("FROM python:3.12\nRUN pip install ruff\n", &options),
            [StageKind::Development]
        );
    }

    #[test]
    fn production_images_are_shipped() {
        for source in [
            "FROM node:22-slim\nCOPY . .\nCMD [\"npm\", \"start\"]\n",
            "FROM python:3.12-slim\nCMD [\"gunicorn\", \"--bind\", \":8000\", \"app:app\"]\n",
            "FROM python:3.12-slim\nCMD [\"vite\", \"build\"]\n",
        ] {
            assert_eq!(kinds(source), [StageKind::Shipped], "{source}");
        }
    }

    #[test]
    fn an_image_with_onbuild_triggers_is_a_base_image() {
        assert_eq!(
            kinds("FROM node:0.10\nWORKDIR /usr/src/app\nONBUILD COPY . /usr/src/app\nCMD [\"npm\", \"start\"]\n"),
            [StageKind::BaseImage]
        );
    }

    #[test]
    fn a_template_placeholder_marks_its_stage() {
        assert_eq!(
            kinds("FROM mcr.microsoft.com/devcontainers/${templateOption:imageVariant}\nRUN true\n"),
            [StageKind::Template]
        );
        assert_eq!(kinds("FROM REPLACE-ME\nRUN true\n"), [StageKind::Template]);
    }

    #[test]
    fn a_stage_shared_by_a_shipped_and_a_development_image_is_shipped() {
        let source = "FROM node:22 AS base\nFROM base AS dev\nCMD [\"npm\", \"run\", \"dev\"]\nFROM base AS prod\nCMD [\"node\", \"server.js\"]\n";
        assert_eq!(
            kinds(source),
            [StageKind::Shipped, StageKind::Development, StageKind::Shipped]
        );
    }
}
