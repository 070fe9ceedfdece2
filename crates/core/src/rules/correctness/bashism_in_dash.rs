use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::image_refs::official_name;
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::{Program, RedirectOp};
use crate::syntax::instructions::Command;
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "C043",
    name: "bashism-in-dash",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "A RUN uses a bash-only feature (`source`, `[[`, `pushd`, `shopt`, `declare`, `==` in `[`, a `<<<` \
                  here-string...) where `/bin/sh` is dash (Debian and Ubuntu based images).",
        why: "RUN's shell form runs `/bin/sh -c`, and on Debian, Ubuntu and the official images built on them \
              `/bin/sh` is dash, which has none of these bash features: the step fails with `source: not found` \
              or `[[: not found`. Use the POSIX form (`. venv/bin/activate`, `[ ... ]`) or switch the RUN shell \
              with `SHELL [\"/bin/bash\", \"-c\"]`.",
        bad: "FROM python:3.12-slim\nRUN python -m venv /venv && source /venv/bin/activate && pip install flask\n",
        good: "FROM python:3.12-slim\nRUN python -m venv /venv && . /venv/bin/activate && pip install flask\n",
        source: "Debian policy (/bin/sh is dash); dash(1); Dockerfile reference, RUN and SHELL.",
    },
    check,
};

const BASH_ONLY: [&str; 8] = ["source", "[[", "pushd", "popd", "shopt", "declare", "typeset", "let"];
const DEBIAN_BASED: [&str; 7] = ["debian", "ubuntu", "python", "node", "ruby", "golang", "buildpack-deps"];

/// Whether the stage's `/bin/sh` is known to be dash.
fn dash(model: &Model, at: usize) -> bool {
    let Some(stage) = model.build.stage_of(at).map(|s| &model.build.stages[s]) else {
        return false;
    };
    let Base::Image { image, .. } = model.root_base(stage) else {
        return false;
    };
    let tag = image.tag.as_deref().unwrap_or("");
    official_name(image).is_some_and(|n| DEBIAN_BASED.contains(&n))
        && !tag.contains("alpine")
        && !tag.contains("windows")
        && !tag.contains("nanoserver")
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, instruction, scripts) in model.runs() {
        let shell_form = instruction
            .as_run()
            .is_some_and(|run| matches!(run.command, Command::Shell(_)));
        if !shell_form || !instruction.heredocs.is_empty() || model.shell_at(at).is_some() || !dash(model, at) {
            continue;
        }
        let Some(script) = scripts.first() else { continue };
        // Commands inside `bash -c '...'` run in that shell, not in /bin/sh.
        for command in script.commands().iter().filter(|c| c.context.script_string == 0) {
            // A here-string is not even parsed by dash: the whole RUN fails, whatever surrounds it.
            if let Some(redirect) = command.redirects.iter().find(|r| r.op == RedirectOp::HereString) {
                hits.push(Hit::new(
                    model.span(redirect.span.clone()),
                    "`<<<` (a here-string) is a bash feature; `/bin/sh` here is dash, which cannot parse it, so \
                     this RUN fails; pipe instead (`printf '%s' \"$x\" | cmd`)",
                ));
                continue;
            }
            let outcome = if script.failure_is_fatal(command.id) {
                "so this RUN fails"
            } else {
                "so the command fails (exit status 127 or 2) and the RUN goes on as if it were false"
            };
            let name = command.program_word().map_or("", |w| w.raw.as_str());
            // `[ a == b ]`: dash's test knows only `=` ("unexpected operator").
            if matches!(command.name(), "[" | "test") {
                if let Some(operator) = command.args().iter().find(|w| w.value == "==" && !w.quoted) {
                    let edits = vec![Edit::replace(operator.span.clone(), "=")];
                    // Where the failure stops the build there is no image to change; in a condition the fix
                    // changes which branch runs, so the user decides.
                    let fix = if script.failure_is_fatal(command.id) {
                        Fix::safe("compare with `=`", edits)
                    } else {
                        Fix::opt_in(
                            "compare with `=`",
                            "the test starts to work under dash: the branch it guards runs where it did not",
                            edits,
                        )
                    };
                    hits.push(
                        Hit::new(
                            model.span(operator.span.clone()),
                            format!("`==` in `{name}` is a bash extension; dash's test knows only `=`, {outcome}"),
                        )
                        .with_fix(fix),
                    );
                }
                continue;
            }
            if !BASH_ONLY.contains(&name) {
                continue;
            }
            let mut hit = Hit::new(
                model.span(command.span.clone()),
                format!("`{name}` is a bash feature; `/bin/sh` here is dash, {outcome}"),
            );
            if let (Program::Source(source), Some(word)) = (&command.program, command.program_word()) {
                // dash cannot read a bash script (`setup.bash`, `.bashrc`): `.` would stop the RUN on its syntax,
                // where the failed `source` let a `;` chain go on.
                let posix_path = source
                    .path
                    .as_ref()
                    .is_some_and(|p| p.value.contains('/') && !p.value.contains("bash"));
                if posix_path && command.wrappers.is_empty() {
                    hit = hit.with_fix(Fix::safe(
                        "use the POSIX `.` command",
                        vec![Edit::replace(word.span.clone(), ".")],
                    ));
                }
            }
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn fires_on_bash_features_under_dash() {
        assert_eq!(
            fixed(&RULE, "FROM python:3.12\nRUN source /venv/bin/activate && pip list\n").as_deref(),
            Some("FROM python:3.12\nRUN . /venv/bin/activate && pip list\n")
        );
        assert_eq!(
            flagged(&RULE, "FROM debian:bookworm\nRUN if [[ -f /x ]]; then echo y; fi\n"),
            ["[[ -f /x ]]"]
        );
        let trap = "FROM ubuntu:24.04\nRUN source activate\n";
        assert_eq!(check(&RULE, trap).len(), 1);
        assert_eq!(fixed(&RULE, trap), None);
        assert_eq!(
            fixed(&RULE, "FROM ubuntu:24.04\nRUN source /opt/ros/jazzy/setup.bash; make\n"),
            None
        );
    }

    #[test]
    fn double_equals_and_here_strings() {
        let source = "FROM python:3.12-slim\nARG ENV=prod\nRUN [ \"$ENV\" == prod ] && echo prod > /env\n";
        assert_eq!(flagged(&RULE, source), ["=="]);
        assert!(check(&RULE, source)[0].contains("this RUN fails"));
        assert_eq!(
            fixed(&RULE, source).as_deref(),
            Some("FROM python:3.12-slim\nARG ENV=prod\nRUN [ \"$ENV\" = prod ] && echo prod > /env\n")
        );
        // In a condition the RUN goes on, down the wrong branch.
        let branch = "FROM python:3.12-slim\nRUN if [ \"$A\" == 1 ]; then echo one; fi\n";
        assert!(check(&RULE, branch)[0].contains("as if it were false"));
        assert_eq!(flagged(&RULE, "FROM debian:bookworm\nRUN grep x <<< \"$VAR\"\n"), ["<<< \"$VAR\""]);
        assert_quiet(&RULE, &["FROM python:3.12-slim\nRUN [ \"$A\" = 1 ] && echo\n", "FROM python:3.12-slim\nRUN echo \"==\"\n"]);
    }

    #[test]
    fn quiet_with_bash_alpine_or_posix() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN source /venv/bin/activate\n",
                "FROM python:3.12-alpine\nRUN source /venv/bin/activate\n",
                "FROM python:3.12\nRUN . /venv/bin/activate\n",
                "FROM python:3.12\nRUN bash -c 'source /venv/bin/activate && pip list'\n",
                "FROM acme/base:1\nRUN source /x/y\n",
                "FROM python:3.12\nRUN echo source\n",
            ],
        );
    }
}
