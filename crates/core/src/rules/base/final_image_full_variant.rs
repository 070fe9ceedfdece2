use crate::rules::support::image_refs::{from_images, leading_version, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B004",
    name: "final-image-full-variant",
    category: Category::Base,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[Effect::Anything],
    explanation: Explanation {
        summary: "The final stage starts from the full variant of an official image that also comes as `-slim`.",
        why: "The full `python`, `node` and `ruby` images carry compilers, headers and hundreds of Debian \
              packages for building native extensions: several hundred MB that the running app never uses, \
              and more packages for scanners to flag. Build in a full-image stage if you need the toolchain, \
              and ship on the `-slim` variant.",
        bad: "FROM python:3.12-bookworm\nCOPY app.py .\n",
        good: "FROM python:3.12-bookworm AS build\nRUN pip wheel --wheel-dir /wheels lxml\n\
               FROM python:3.12-slim-bookworm\nCOPY --from=build /wheels /wheels\n",
        source: "Docker Hub official image docs (python, node, ruby: image variants); Docker docs, multi-stage builds.",
    },
    check,
};

const WITH_SLIM: [&str; 3] = ["python", "node", "ruby"];
const DEBIAN: [&str; 5] = ["bookworm", "trixie", "bullseye", "buster", "forky"];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(last) = model.final_stage() else { return };
    for from in from_images(model) {
        if from.stage.index != last.index {
            continue;
        }
        let Some(name) = official_name(from.image).filter(|n| WITH_SLIM.contains(n)) else {
            continue;
        };
        let Some(tag) = from.image.tag.as_deref() else { continue };
        let words: Vec<&str> = tag.split('-').collect();
        let version_like = leading_version(words[0]).is_some() || matches!(words[0], "lts" | "current");
        let full = match words.as_slice() {
            [_] => version_like,
            [_, distro] => version_like && DEBIAN.contains(distro),
            _ => false,
        };
        if !full {
            continue;
        }
        // `node` names its variants `20-bookworm-slim`; `python` and `ruby` name theirs `3.12-slim-bookworm`.
        let slim = match words.as_slice() {
            [version, distro] if name == "node" => format!("{version}-{distro}-slim"),
            [version, distro] => format!("{version}-slim-{distro}"),
            _ => format!("{tag}-slim"),
        };
        let mut hit = Hit::new(
            from.tag_span(),
            format!(
                "final image `{name}:{tag}` is the full variant; `{name}:{slim}` ships without the build toolchain"
            ),
        );
        if let (true, Some(span)) = (from.literal, from.image.tag_span) {
            hit = hit.with_fix(Fix::opt_in(
                format!("use `{name}:{slim}`"),
                "the slim image lacks the full image's compilers, headers, libraries and tools such as curl and git: \
                 build steps and programs that use them without installing them fail",
                vec![Edit::replace(span.start..span.end, slim)],
            ));
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn fires_on_full_final_images() {
        assert_eq!(flagged(&RULE, "FROM python:3.12\n"), ["3.12"]);
        assert_eq!(flagged(&RULE, "FROM node:20-bookworm\n"), ["20-bookworm"]);
        assert_eq!(
            fixed(&RULE, "FROM python:3.12-bookworm\n").as_deref(),
            Some("FROM python:3.12-slim-bookworm\n")
        );
        assert_eq!(fixed(&RULE, "FROM python:3\n").as_deref(), Some("FROM python:3-slim\n"));
        assert_eq!(
            fixed(&RULE, "FROM node:20-bookworm\n").as_deref(),
            Some("FROM node:20-bookworm-slim\n")
        );
        let through_arg = "ARG V=3.12\nFROM python:${V}\n";
        assert_eq!(check(&RULE, through_arg).len(), 1);
        assert_eq!(fixed(&RULE, through_arg), None);
    }

    #[test]
    fn quiet_on_slim_alpine_builders_and_other_images() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\n",
                "FROM python:3.12-slim-bookworm\n",
                "FROM python:3.12-alpine\n",
                "FROM python:3.12 AS build\nFROM python:3.12-slim\n",
                "FROM python:3.13-windowsservercore-ltsc2022\n",
                "FROM debian:bookworm\n",
                "FROM ghcr.io/acme/python:3.12\n",
            ],
        );
    }

    /// A dev container is built on the full image on purpose: the toolchain is the point.
    #[test]
    fn quiet_in_dev_containers() {
        assert_quiet(&RULE, &["FROM python:3.12-bookworm\nARG USERNAME=vscode\nCMD [\"sleep\", \"infinity\"]\n"]);
        assert_eq!(check(&RULE, "FROM python:3.12-bookworm\nCMD [\"gunicorn\", \"app:app\"]\n").len(), 1);
    }

    /// docker-library/node's `onbuild` images: a base for others, whose ONBUILD `npm install` needs the
    /// toolchain.
    #[test]
    fn quiet_in_onbuild_base_images() {
        assert_quiet(&RULE, &["FROM node:0.11.14\nWORKDIR /usr/src/app\nONBUILD COPY package.json /usr/src/app/\nONBUILD RUN npm install\nCMD [ \"npm\", \"start\" ]\n"]);
    }
}
