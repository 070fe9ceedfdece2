use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{path_has_prefix, RedirectOp};

pub static RULE: Rule = Rule {
    code: "S015",
    name: "secret-mount-written-to-layer",
    category: Category::Security,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A RUN copies a mounted build secret into a file of the image.",
        why: "A `--mount=type=secret` keeps the secret out of the image only while it stays in the mount. \
              Copying it (`cp /run/secrets/token ...`) or writing it to a file (`echo \"$TOKEN\" > ~/.npmrc`) \
              puts it in the layer, where anyone who pulls the image can read it, even if a later RUN deletes \
              the file. Point the tool at the mounted file instead (`NPM_CONFIG_USERCONFIG=/run/secrets/npmrc`), \
              or write and delete the file within the same RUN.",
        bad: "FROM node:22-slim\nRUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci\n",
        good: "FROM node:22-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n",
        source: "Docker docs, \"Build secrets\" (secret mounts).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (_, instruction, scripts) in model.runs() {
        let Some(run) = instruction.as_run() else { continue };
        let secrets: Vec<_> = run.mounts.iter().filter(|m| m.kind == "secret").collect();
        if secrets.is_empty() {
            continue;
        }
        let paths: Vec<String> = secrets
            .iter()
            .filter(|m| m.env.is_none() || m.target.is_some())
            .filter_map(|m| {
                m.target
                    .clone()
                    .or_else(|| m.id.as_ref().map(|id| format!("/run/secrets/{id}")))
            })
            .collect();
        let vars: Vec<&str> = secrets.iter().filter_map(|m| m.env.as_deref()).collect();
        for script in scripts {
            let removed = |path: &str| script.commands().iter().any(|c| c.removes_path_prefix(path));
            for command in script.commands() {
                let reads_secret = |value: &str| {
                    paths.iter().any(|p| path_has_prefix(value, p))
                        || vars
                            .iter()
                            .any(|v| value.contains(&format!("${v}")) || value.contains(&format!("${{{v}}}")))
                };
                let args = command.args();
                let copied = matches!(command.name(), "cp" | "mv" | "install" | "tee" | "ln")
                    && args.len() >= 2
                    && args[..args.len() - 1].iter().any(|a| reads_secret(&a.value));
                let written = command.redirects.iter().find_map(|r| {
                    let target = r.target.as_ref()?;
                    let to_file = matches!(
                        r.op,
                        RedirectOp::Out | RedirectOp::Append | RedirectOp::Clobber | RedirectOp::OutErr
                    ) && !target.value.starts_with("/dev/");
                    (to_file
                        && (args.iter().any(|a| reads_secret(&a.value))
                            || command.redirects.iter().any(|i| {
                                i.op == RedirectOp::In && i.target.as_ref().is_some_and(|t| reads_secret(&t.value))
                            })))
                    .then(|| target.value.clone())
                });
                let destination = if copied {
                    args.last().map(|a| a.value.clone())
                } else {
                    written
                };
                let Some(destination) = destination else { continue };
                if removed(&destination) || paths.iter().any(|p| path_has_prefix(&destination, p)) {
                    continue;
                }
                hits.push(Hit::new(
                    model.span(command.span.clone()),
                    format!("the build secret is written to `{destination}`, which stays in the layer"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_when_a_secret_reaches_a_file() {
        assert_eq!(
            check(
                &RULE,
                "FROM debian:12\nRUN --mount=type=secret,id=t cp /run/secrets/t /app/t\n"
            ),
            ["the build secret is written to `/app/t`, which stays in the layer"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM debian:12\nRUN --mount=type=secret,id=t,env=TOKEN echo \"$TOKEN\" > /root/.token\n"
            )
            .len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "FROM debian:12\nRUN --mount=type=secret,id=t,target=/s cat /s >> /etc/conf\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_when_the_secret_stays_in_the_mount() {
        assert_quiet(&RULE, &[
            "FROM debian:12\nRUN --mount=type=secret,id=t cat /run/secrets/t | docker login --password-stdin\n",
            "FROM debian:12\nRUN --mount=type=secret,id=t cp /run/secrets/t /root/.npmrc && npm ci && rm /root/.npmrc\n",
            "FROM debian:12\nRUN cp /run/secrets/t /app/t\n",
            "FROM debian:12\nRUN --mount=type=secret,id=t,env=TOKEN pip install x > /tmp/log\n",
        ]);
    }
}
