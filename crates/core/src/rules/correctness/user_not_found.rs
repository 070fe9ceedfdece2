use crate::analysis::{FixAvailability, Severity};
use crate::model::image::Point;
use crate::model::{Base, Model};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::syntax::{Keyword, View};

pub static RULE: Rule = Rule {
    code: "C045",
    name: "user-not-found",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "USER or `--chown` names a user that does not exist in the image at that point.",
        why: "Docker looks names up in the image's `/etc/passwd` when it uses them. After `USER app` with no \
              `app` in the image, the next RUN fails the build with \"unable to find user app: no matching \
              entries in passwd file\", and a final image fails at the container's start the same way. The \
              official images have only system users (plus `node` in the node images and `ubuntu` in \
              ubuntu:24.04). Create the user first (`useradd --create-home app`), or use numeric ids. The check \
              stays silent where a step it cannot follow (a script, a package that makes its own user, a copied \
              `/etc/passwd`) could have created the user.",
        bad: "FROM python:3.12-slim\nWORKDIR /app\nUSER app\nRUN pip install --user flask\n",
        good: "FROM python:3.12-slim\nRUN useradd --create-home app\nWORKDIR /app\nUSER app\nRUN pip install --user flask\n",
        source: "Dockerfile reference, USER (\"the user must exist\"); runc/moby user lookup in /etc/passwd.",
    },
    check,
};

/// The user part of a `USER`/`--chown` value, when it is a name to look up.
fn user_name(spec: &str) -> Option<&str> {
    let user = spec.split(':').next().unwrap_or_default();
    let numeric = user.bytes().all(|b| b.is_ascii_digit());
    (!user.is_empty() && !numeric && !user.contains('$') && user != "root").then_some(user)
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let final_chain: Vec<usize> = model
        .final_stage()
        .map(|stage| model.stage_chain(stage).iter().map(|s| s.index).collect())
        .unwrap_or_default();
    for stage in &model.build.stages {
        // `scratch` has no user database at all: C040 says so.
        if matches!(model.root_base(stage), Base::Scratch) {
            continue;
        }
        let instructions: Vec<usize> = stage.instructions.iter().skip(1).copied().collect();
        for (position, &at) in instructions.iter().enumerate() {
            let (spec, span, chown) = match model.view(at) {
                View::User(Some(word)) => (word.value.clone(), word.span, false),
                View::Copy(copy) | View::Add(copy) => match copy.chown.and_then(|f| Some((f.value.clone()?, f.span))) {
                    Some((spec, span)) => (spec, span, true),
                    None => continue,
                },
                _ => continue,
            };
            let spec = model.expand_at(at, &spec);
            let Some(name) = user_name(&spec) else { continue };
            if model.image().user_exists(stage.index, Point::before(at), name) != Some(false) {
                continue;
            }
            let runs_later = instructions[position + 1..]
                .iter()
                .any(|&later| model.instructions[later].keyword == Keyword::Run);
            let consequence = if chown {
                "Docker 26's BuildKit leaves the files owned by root instead (newer ones fail the build), so the \
                 owner you asked for does not get them"
            } else if runs_later {
                "the next RUN fails with \"unable to find user\""
            } else if final_chain.contains(&stage.index) {
                "the container fails to start with \"unable to find user\""
            } else {
                continue;
            };
            hits.push(Hit::new(
                span,
                format!(
                    "no user `{name}` exists in the image at this point: {consequence}; create it first \
                     (`useradd --create-home {name}`) or use a numeric id"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_users_never_created() {
        assert_eq!(flagged(&RULE, "FROM python:3.12-slim\nUSER app\nRUN pip install flask\n"), ["app"]);
        let start = check(&RULE, "FROM python:3.12-slim\nCOPY . /app\nUSER appuser:appuser\nCMD [\"python\"]\n");
        assert!(start[0].contains("fails to start"), "{start:?}");
        assert_eq!(flagged(&RULE, "FROM python:3.12-slim\nCOPY --chown=app:app . /app\n"), ["--chown=app:app"]);
    }

    #[test]
    fn quiet_for_existing_or_unknowable_users() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\nRUN useradd --create-home app\nUSER app\nRUN pip install x\n",
                "FROM python:3.12-slim\nRUN adduser --disabled-password app\nUSER app\nCMD [\"python\"]\n",
                "FROM python:3.12-slim\nUSER nobody\nCMD [\"python\"]\n",
                "FROM python:3.12-slim\nUSER www-data\nRUN id\n",
                "FROM node:22-slim\nUSER node\nRUN npm ci\n",
                "FROM python:3.12-slim\nUSER 10001:10001\nRUN id\n",
                "FROM python:3.12-slim\nARG USER\nUSER $USER\nRUN id\n",
                "FROM mycompany/python:3.12\nUSER app\nRUN id\n",
                "FROM python:3.12-slim\nRUN ./create-users.sh\nUSER app\nRUN id\n",
                "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y postgresql\nUSER postgres\nRUN id\n",
                "FROM python:3.12-slim AS base\nRUN useradd app\nFROM base\nUSER app\nRUN id\n",
                // A build stage that never runs anything as the user: nothing fails.
                "FROM python:3.12-slim AS build\nUSER app\nFROM python:3.12-slim\nCMD [\"python\"]\n",
            ],
        );
    }
}
