use crate::analysis::{FixAvailability, Severity};
use crate::rules::base::architecture_specific_image::ARCHES;
use crate::rules::support::image_refs::official_name;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::model::Base;
use crate::syntax::ImageRef;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C027",
    name: "copy-relative-destination-without-workdir",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3045"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "COPY or ADD uses a relative destination while no WORKDIR has been set.",
        why: "A relative destination is resolved against the working directory, which this Dockerfile does not \
              set: it is `/` for most base images (`python`, `debian`, `alpine`...), so `COPY . .` spreads your \
              project over the root filesystem, next to `/bin` and `/etc`, and may overwrite system files; for \
              an image whose configuration the Dockerfile does not show, the files land wherever that image's \
              WORKDIR points, which can change with its next tag. Set `WORKDIR /app` first, or use an absolute \
              destination. Quiet on `scratch` (empty, its working directory is `/` and your files are the whole \
              image) and on official images documented to set a WORKDIR (`golang`'s `/go`, `php`'s \
              `/var/www/html`...).",
        bad: "FROM python:3.12-slim\nCOPY . .\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        source: "Dockerfile reference, COPY (relative destinations); hadolint DL3045.",
    },
    check,
};

/// Official images known to leave the working directory at `/`.
const ROOT_WORKDIR: [&str; 7] = ["python", "debian", "ubuntu", "alpine", "busybox", "node", "ruby"];

/// Official images whose Dockerfile sets a WORKDIR that their users build on.
const OWN_WORKDIR: [&str; 5] = ["golang", "php", "httpd", "tomcat", "wordpress"];

/// The official-image name of `image`, also under a per-architecture namespace (`amd64/debian`).
fn official(image: &ImageRef) -> Option<&str> {
    official_name(image).or_else(|| {
        let (namespace, name) = image.repository.split_once('/')?;
        let hub = matches!(
            image.registry.as_deref(),
            None | Some("docker.io") | Some("index.docker.io")
        );
        (hub && ARCHES.contains(&namespace) && !name.contains('/')).then_some(name)
    })
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, instruction) in model.instructions.iter().enumerate() {
        let Some(copy) = instruction.as_copy() else { continue };
        let Some(destination) = copy.destination else { continue };
        let value = destination.value.as_str();
        // BuildKit removes the quotes (`"${HOME}"/notes` is `$HOME/notes`); a leading variable's value is
        // usually a path of the image (`$HOME`, `$CONDA_DIR`), so only a leading plain name is relative.
        let unquoted = value.trim_start_matches(['"', '\'']);
        let bytes = unquoted.as_bytes();
        let absolute = unquoted.starts_with(['/', '$', '\\']) || (bytes.len() >= 2 && bytes[1] == b':');
        if absolute || copy.sources.is_empty() && copy.heredocs.is_empty() {
            continue;
        }
        let Some(stage) = model.build.stage_of(at).map(|s| &model.build.stages[s]) else {
            continue;
        };
        // On `scratch`, putting files at `/` is usually the point.
        let reference = match model.root_base(stage) {
            Base::Image { image, reference, .. } => match official(image) {
                Some(name) if ROOT_WORKDIR.contains(&name) => None,
                Some(name) if OWN_WORKDIR.contains(&name) => continue,
                _ => Some(reference),
            },
            Base::Scratch | Base::Stage { .. } => continue,
        };
        if model.inherited_before(at).iter().any(|(_, i)| i.keyword == Keyword::Workdir) {
            continue;
        }
        let message = match reference {
            None => format!("`{value}` is relative but no WORKDIR is set, so it resolves under `/`"),
            Some(reference) => format!(
                "`{value}` is relative but no WORKDIR is set, so where it lands depends on the working directory \
                 of `{reference}`, which this Dockerfile does not show; set WORKDIR or use an absolute path"
            ),
        };
        hits.push(Hit::new(destination.span, message));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_without_workdir() {
        assert_eq!(flagged(&RULE, "FROM python:3.12\nCOPY . .\n"), ["."]);
        assert_eq!(check(&RULE, "FROM python:3.12 AS b\nFROM b\nCOPY a app/\n").len(), 1);
        assert_eq!(flagged(&RULE, "FROM amd64/debian:bookworm-slim\nCOPY a b\n"), ["b"]);
    }

    #[test]
    fn fires_on_images_whose_workdir_is_not_known() {
        for source in [
            "FROM nanoserver\nCOPY foo bar\n",
            "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS b\nFROM b\nCOPY foo bar\n",
            "FROM acme/base:1\nCOPY . .\n",
            "ARG BASE\nFROM $BASE\nCOPY . .\n",
        ] {
            let found = check(&RULE, source);
            assert_eq!(found.len(), 1, "{source}");
            assert!(found[0].contains("depends on the working directory of"), "{found:?}");
        }
    }

    #[test]
    fn quiet_with_workdir_absolute_or_unknown_base() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nWORKDIR /app\nCOPY . .\n",
                "FROM python:3.12 AS b\nWORKDIR /app\nFROM b\nCOPY . .\n",
                "FROM python:3.12\nCOPY . /app/\n",
                "FROM golang:1.22\nCOPY . .\n",
                "FROM scratch\nCOPY --from=build /out/app .\n",
                "FROM python:3.12\nCOPY . $APP\n",
                "FROM scratch\nCOPY app .\n",
                "FROM scratch AS a\nFROM a\nCOPY app .\n",
                "ARG BASE=scratch\nFROM $BASE\nCOPY app .\n",
                "FROM php:8.3-apache\nCOPY src/ .\n",
                "FROM acme/base:1\nWORKDIR /srv\nCOPY . .\n",
                "FROM nanoserver\nCOPY foo C:\\\\app\\\\\n",
            ],
        );
    }

    /// jupyter/docker-stacks: `COPY ... "${HOME}"/README.ipynb` and `"${CONDA_DIR}/.condarc"` are absolute
    /// once expanded.
    #[test]
    fn a_quoted_leading_variable_is_not_relative() {
        assert_quiet(&RULE, &[
            "FROM python:3.12\nCOPY README.ipynb \"${HOME}\"/README.ipynb\n",
            "FROM python:3.12\nENV CONDA_DIR=/opt/conda\nCOPY condarc \"${CONDA_DIR}/.condarc\"\n",
        ]);
    }
}
