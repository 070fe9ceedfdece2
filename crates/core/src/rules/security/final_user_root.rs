use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::is_root_user;
use crate::rules::{Judges, Effect, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::basename;
use crate::syntax::instructions::View;
use crate::model::Base;
use crate::syntax::Keyword;

/// Runs the final image's process as root: an explicit `USER root`/`USER 0` last (hadolint DL3002), or no
/// USER at all (Trivy DS002).
///
/// Without any USER, the rule only fires on *application* images: the final stage exposes a port, runs a
/// command other than a bare shell or interpreter, or has its own CMD/ENTRYPOINT and copies files from the
/// build context. General-purpose
/// base images such as the official `python` images deliberately stay root (their users install system
/// packages on top, then pick their own user), and end with `CMD ["python3"]` and no COPY or EXPOSE; a
/// maintainer of those would rightly reject the finding. Images that install `gosu`/`su-exec`/`setpriv`
/// (or start through one) drop privileges in their entrypoint and are skipped too, as are images whose
/// base already runs unprivileged (`*-nonroot`, `*unprivileged*`, `*rootless*`) and Windows images.
pub static RULE: Rule = Rule {
    code: "S001",
    name: "final-user-root",
    category: Category::Security,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &["DL3002"],
    buildkit: &[],
    trivy: &["DS-0002"],
    fix: FixAvailability::OptIn,
    effects: &[Effect::Config(&["User"]), Effect::Ownership, Effect::Paths(&["/etc/passwd", "/etc/passwd-", "/etc/group", "/etc/group-", "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/subuid", "/etc/subgid", "/home", "/var/log/lastlog", "/var/log/faillog"])],
    explanation: Explanation {
        summary: "The final image runs its process as root.",
        why: "A process running as root inside the container is root on the container's files and, after \
              any container escape or through a mounted volume or socket, much closer to root on the host. \
              Application images rarely need it: create an unprivileged user, give it the files it must \
              write, and end with `USER <uid>`. Setup steps that need root can stay before that line.",
        bad: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
        good: "FROM python:3.12-slim\nRUN useradd --create-home --uid 10001 app\nCOPY . /app\nUSER 10001\nCMD [\"python\", \"/app/main.py\"]\n",
        source: "Docker docs, \"Building best practices\" (USER); hadolint DL3002; Trivy DS002 (AVD-DS-0002). \
                 Opt-in fix when no USER is set on a Debian/Ubuntu or Alpine base and the application uses nothing \
                 in root's home (`pip install --user`, paths under `/root`, `poetry run`/`pipenv run`): create a system user with UID \
                 10001 after the last build step, `COPY --chown` the context files to it, and `USER 10001`.",
    },
    check,
};

const SHELLS_AND_INTERPRETERS: &[&str] = &[
    "sh",
    "bash",
    "ash",
    "zsh",
    "python",
    "python3",
    "node",
    "irb",
    "ruby",
    "php",
    "pwsh",
    "powershell",
    "cmd",
];

/// Whether an image with no `USER` of its own runs as root: `scratch`, the official images, distroless
/// (but for its `nonroot` tags, skipped above), Microsoft's .NET images and the images in our tables do.
/// Other images may set a user of their own (Jupyter's run as `jovyan`, Bitnami's as 1001), and without a
/// USER line the image runs as whoever its base chose.
fn base_runs_as_root(base: &Base) -> bool {
    match base {
        Base::Scratch => true,
        Base::Stage { .. } => false,
        Base::Image { reference, image, .. } => {
            crate::rules::support::image_refs::official_name(image).is_some()
                || ["gcr.io/distroless/", "mcr.microsoft.com/dotnet/", "ghcr.io/astral-sh/uv"]
                    .iter()
                    .any(|prefix| reference.starts_with(prefix))
                || crate::knowledge::images::known_image(reference).is_some()
        }
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(stage) = model.final_stage() else { return };
    if let Base::Image { reference, .. } = model.root_base(stage) {
        let r = reference.to_ascii_lowercase();
        if [
            "nonroot",
            "unprivileged",
            "rootless",
            "windows",
            "nanoserver",
            "servercore",
        ]
        .iter()
        .any(|k| r.contains(k))
        {
            return;
        }
    }
    let instructions = model.chain_instructions(stage);
    if instructions
        .iter()
        .any(|(_, i)| i.keyword == Keyword::Shell && i.original.to_ascii_lowercase().contains("powershell"))
    {
        return;
    }
    // Images that drop privileges at start (an entrypoint using `gosu`/`su-exec`, as the official
    // postgres or redis images do) must start as root.
    let drops_privileges = instructions.iter().any(|(index, _)| {
        model.scripts(*index).iter().any(|script| {
            script.commands().iter().any(|c| {
                c.words
                    .iter()
                    .any(|w| ["gosu", "su-exec", "setpriv"].iter().any(|tool| w.value.contains(tool)))
            })
        })
    }) || model.final_command().is_some_and(|(_, words)| {
        words
            .iter()
            .any(|w| matches!(basename(w), "gosu" | "su-exec" | "setpriv" | "runuser"))
    });
    // A Wasm module (`ENTRYPOINT ["app.wasm"]`, run by WasmEdge or wasmtime) runs in the runtime's sandbox,
    // where the image's Unix user means nothing.
    let wasm = model
        .final_command()
        .is_some_and(|(_, words)| words.first().is_some_and(|w| w.ends_with(".wasm")));
    if drops_privileges || wasm {
        return;
    }
    match model.final_user() {
        Some((_, instruction)) => {
            let View::User(Some(word)) = instruction.view() else {
                return;
            };
            if is_root_user(&word.value) {
                hits.push(Hit::new(
                    word.span,
                    format!("the image ends with `USER {}`: its process runs as root", word.value),
                ));
            }
        }
        None => {
            let copies_context = instructions.iter().any(|(_, i)| {
                i.as_copy()
                    .is_some_and(|c| c.from.is_none() && c.sources.iter().any(|s| !s.value.contains("://")))
            });
            let exposes = instructions.iter().any(|(_, i)| i.keyword == Keyword::Expose);
            let runs_app = model.final_command().is_some_and(|(_, words)| {
                words
                    .first()
                    .is_some_and(|w| !SHELLS_AND_INTERPRETERS.contains(&basename(w)) || words.len() > 1)
            });
            // Without a CMD/ENTRYPOINT of its own the image runs the base image's default (or nothing, on
            // scratch): copied files alone do not make an application.
            let has_command = model.final_command().is_some();
            if !(runs_app || exposes || (has_command && copies_context)) || !base_runs_as_root(model.root_base(stage)) {
                return;
            }
            let Some(from) = model.instructions.get(stage.from) else {
                return;
            };
            let hit = Hit::new(
                model.span(from.span.start..from.span.end),
                "the final stage sets no `USER`, so the application runs as root",
            );
            hits.push(match crate::rules::restructure::nonroot_user::fix(model) {
                Some(fix) => hit.with_fix(fix),
                None => hit,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_root_users_and_app_images_without_user() {
        assert_eq!(
            flagged(&RULE, "FROM python:3.12\nUSER app\nRUN x\nUSER root\n"),
            ["root"]
        );
        assert_eq!(check(&RULE, "FROM python:3.12\nUSER 0:0\n").len(), 1);
        assert_eq!(
            check(&RULE, "FROM python:3.12\nCOPY . /app\nCMD [\"python\", \"app.py\"]\n"),
            ["the final stage sets no `USER`, so the application runs as root"]
        );
        assert_eq!(check(&RULE, "FROM python:3.12\nEXPOSE 8000\n").len(), 1);
        assert_eq!(
            check(&RULE, "FROM python:3.12\nCOPY . /app\nCMD [\"python3\"]\n").len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12 AS b\nUSER app\nFROM python:3.12\nCMD [\"gunicorn\"]\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_for_users_base_images_and_builders() {
        assert_quiet(&RULE, &[
            "FROM python:3.12\nCOPY . /app\nUSER 10001\n",
            "FROM python:3.12 AS b\nUSER app\nFROM b\nCOPY . /app\n",
            "FROM python:3.12 AS b\nCOPY . .\nFROM python:3.12\nCOPY --from=b /app /app\nUSER app\n",
            "FROM debian:bookworm-slim\nRUN apt-get update\nCMD [\"python3\"]\n",
            "FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY app.py /\n",
            "FROM python:3.12\nCOPY . /app\nUSER app\nUSER 1000\n",
            "FROM scratch\nCOPY out/ /\n",
            "FROM alpine:3.20\nCOPY data.json /data/\n",
            "FROM debian:12\nRUN apt-get install -y gosu\nCOPY entrypoint.sh /\nENTRYPOINT [\"/entrypoint.sh\"]\nCMD [\"server\"]\n",
        ]);
    }
}

#[cfg(test)]
mod fix_tests {
    use super::RULE;
    use crate::rules::testing::fixed;

    #[test]
    fn debian_images_get_a_system_user_before_the_command() {
        let before = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]\n";
        let after = "FROM python:3.12-slim\nWORKDIR /app\nCOPY --chown=10001:10001 . .\nRUN pip install --no-cache-dir -r requirements.txt\n\
                     RUN groupadd --system --gid 10001 app && useradd --system --no-log-init --uid 10001 --gid app --no-create-home app\n\
                     USER 10001\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn alpine_uses_busybox_adduser_and_the_end_of_file_works() {
        let before = "FROM python:3.12-alpine\nCOPY app.py /app/\nEXPOSE 8000\nCMD [\"python\", \"/app/app.py\"]";
        let fixed = fixed(&RULE, before).unwrap();
        assert!(
            fixed.contains("RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app\nUSER 10001\nEXPOSE"),
            "{fixed}"
        );
        assert!(fixed.contains("COPY --chown=10001:10001 app.py /app/"), "{fixed}");
    }

    #[test]
    fn refrains_when_the_image_cannot_create_users_or_root_was_chosen() {
        for source in [
            "FROM gcr.io/distroless/python3-debian12\nCOPY app.py /app/\nCMD [\"/app/app.py\"]\n",
            "FROM python:3.12-slim\nCOPY . /app\nUSER root\nCMD [\"python\", \"/app/app.py\"]\n",
            "FROM registry.example/base:1\nCOPY . /app\nCMD [\"python\", \"/app/app.py\"]\n",
            // what lives in root's home is out of the new user's reach
            "FROM python:3.12-slim\nCOPY r.txt .\nRUN pip install --user -r r.txt\nCMD [\"python\", \"app.py\"]\n",
            "FROM python:3.12-slim\nENV PIP_USER=1\nRUN pip install flask\nCMD [\"flask\", \"run\"]\n",
            "FROM python:3.12-slim\nCOPY . .\nRUN poetry install --only main\nCMD [\"poetry\", \"run\", \"python\", \"app.py\"]\n",
            "FROM python:3.12 AS build\nRUN pip install --user flask\nFROM python:3.12-slim\nCOPY --from=build /root/.local /root/.local\nENV PATH=/root/.local/bin:$PATH\nCMD [\"flask\", \"run\"]\n",
        ] {
            assert_eq!(fixed(&RULE, source), None, "{source}");
        }
    }

    /// A dev container (devcontainers/images: `src/base-debian/.devcontainer/Dockerfile`) chooses its user in
    /// `devcontainer.json`; an image for a local compose setup that runs a dev server is not production.
    #[test]
    fn quiet_in_development_images() {
        use crate::rules::testing::{assert_quiet, check};
        assert_quiet(&RULE, &[
            "FROM mcr.microsoft.com/devcontainers/base:bookworm\nRUN apt-get update && apt-get install -y git\n",
            "FROM node:22\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nCMD [\"npm\", \"run\", \"dev\"]\n",
            "FROM python:3.12\nCOPY . /app\nCMD [\"sleep\", \"infinity\"]\n",
        ]);
        let mut options = crate::Options::default();
        options.context.dockerfile_path = Some(".devcontainer/Dockerfile".into());
        let source = "FROM python:3.12\nCOPY . /app\nEXPOSE 8000\n";
        assert!(crate::rules::testing::hits_with(&RULE, source, &options).is_empty());
        assert_eq!(check(&RULE, source).len(), 1);
    }

    /// jupyter/docker-stacks recipes build on `quay.io/jupyter/base-notebook`, which ends with
    /// `USER ${NB_UID}`: without a USER of their own they run as jovyan.
    #[test]
    fn quiet_without_user_when_the_base_may_set_one() {
        use crate::rules::testing::{assert_quiet, check};
        assert_quiet(&RULE, &[
            "ARG BASE_IMAGE=quay.io/jupyter/base-notebook\nFROM $BASE_IMAGE\nRUN mamba install --yes dask\nEXPOSE 8787\n",
            "FROM bitnami/python:3.12\nCOPY . /app\nCMD [\"python\", \"/app/app.py\"]\n",
        ]);
        assert_eq!(check(&RULE, "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY . /app\nENTRYPOINT [\"dotnet\", \"app.dll\"]\n").len(), 1);
    }

    /// An ONBUILD image is a base: the images built on it pick their user.
    #[test]
    fn quiet_in_onbuild_base_images() {
        crate::rules::testing::assert_quiet(&RULE, &["FROM node:0.11.14\nWORKDIR /usr/src/app\nONBUILD COPY . /usr/src/app\nCMD [ \"npm\", \"start\" ]\n"]);
    }

    /// awesome-compose's wasmedge samples: a Wasm module in `scratch`, run by the Wasm runtime.
    #[test]
    fn quiet_for_wasm_modules() {
        crate::rules::testing::assert_quiet(&RULE, &["FROM scratch\nENTRYPOINT [ \"order_demo_service.wasm\" ]\nCOPY --link --from=build /src/app.wasm /order_demo_service.wasm\n"]);
    }
}
