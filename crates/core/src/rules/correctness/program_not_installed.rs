use crate::analysis::{FixAvailability, Severity};
use crate::knowledge::images::{Os, Presence};
use crate::model::image::Point;
use crate::model::{Base, Model};
use crate::rewrite::Effect;
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::shell::Connector;
use crate::span::Span;
use crate::syntax::instructions::{Command, View};

pub static RULE: Rule = Rule {
    code: "C044",
    name: "program-not-installed",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[Effect::Config(&["Healthcheck"])],
    explanation: Explanation {
        summary: "A RUN, CMD, ENTRYPOINT or HEALTHCHECK calls a program that the image does not have at that point.",
        why: "Official images are small on purpose: `python:3.12-slim` has no `curl`, `wget`, `git`, `gcc` or \
              `sudo`, Alpine images have no `bash` and no `apt-get`, `scratch` has nothing at all. A RUN that \
              calls a missing program fails the build with `curl: not found` (exit code 127); a CMD or \
              ENTRYPOINT fails the container's start; a HEALTHCHECK fails every probe, so the container never \
              becomes healthy and whatever waits for it (compose `depends_on: condition: service_healthy`, a \
              rolling deploy) waits forever. The model knows the programs of the official images from their \
              package lists and follows every `apt-get install` before the line; it stays silent when a step it \
              cannot follow (a script, a download, a COPY onto PATH) could have installed the program. For a \
              plain `curl -f URL` or `wget --spider URL` health check in an image with Python, an opt-in fix \
              makes the same request with `urllib.request` (which fails on an HTTP error as `curl -f` does), so \
              the image needs no curl.",
        bad: "FROM python:3.12-slim\nCOPY . /app\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1\n\
              CMD [\"python\", \"/app/main.py\"]\n",
        good: "FROM python:3.12-slim\nCOPY . /app\nHEALTHCHECK CMD python -c \"import urllib.request; \
               urllib.request.urlopen('http://localhost:8000/health')\"\nCMD [\"python\", \"/app/main.py\"]\n",
        source: "docker-library/repo-info package lists of the official images; Debian Contents-amd64 (which \
                 package installs which program); POSIX sh: exit status 127 for a command not found.",
    },
    check,
};

/// Names `/bin/sh` resolves itself (dash and BusyBox ash builtins), never looked up on PATH.
const BUILTINS: &[&str] = &[
    ".", ":", "[", "alias", "bg", "break", "cd", "command", "continue", "echo", "eval", "exec", "exit", "export",
    "false", "fg", "getopts", "hash", "jobs", "kill", "local", "printf", "pwd", "read", "readonly", "return", "set",
    "shift", "test", "times", "trap", "true", "type", "ulimit", "umask", "unalias", "unset", "wait",
];

/// Where the call sits, for the message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caller {
    Run,
    Start,
    Healthcheck,
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        for (at, _) in model.stage_instructions(stage).skip(1) {
            match model.view(at) {
                View::Run(run) => match &run.command {
                    Command::Exec(words) => {
                        if let Some(first) = words.first() {
                            report(model, hits, stage.index, Point::before(at), &first.value, first.span, Caller::Run);
                        }
                    }
                    _ if model.shell_at(at).is_none() => {
                        for (script_index, script) in model.scripts(at).iter().enumerate() {
                            for command in script.commands() {
                                if !script.failure_is_fatal(command.id) {
                                    continue;
                                }
                                let point = Point {
                                    instruction: at,
                                    script: script_index,
                                    command: command.id,
                                };
                                let names = command
                                    .wrappers
                                    .iter()
                                    .map(|w| (w.name.as_str(), w.span.clone()))
                                    .chain(command.program_word().filter(|w| w.is_static()).map(|w| {
                                        (w.value.as_str(), w.span.clone())
                                    }));
                                let before = hits.len();
                                for (name, span) in names {
                                    report(model, hits, stage.index, point, name, model.span(span), Caller::Run);
                                }
                                if hits.len() > before {
                                    // The first missing program stops the RUN: nothing after it runs.
                                    break;
                                }
                            }
                        }
                    }
                    _ => {}
                },
                View::Healthcheck(health) if model.build.stages.last().is_some_and(|s| s.index == stage.index) => {
                    // The check runs in the finished image: what any instruction of the stage installs counts.
                    let end = stage.instructions.last().map_or(Point::after(at), |&last| Point::after(last));
                    if let Some((name, span)) = first_program(&health.command) {
                        let before = hits.len();
                        report(model, hits, stage.index, end, &name, span, Caller::Healthcheck);
                        let python = model.image().program(stage.index, end, "python3") == Presence::Present;
                        if hits.len() > before && python {
                            if let (Some(fix), Some(hit)) = (urllib_probe(&health.command), hits.last_mut()) {
                                hit.fix = Some(fix);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    // What the container starts: the final stage's ENTRYPOINT, or its CMD.
    let Some(stage) = model.final_stage() else { return };
    let end = stage.instructions.last().map_or(Point::before(0), |&last| Point::after(last));
    let mut start = None;
    for (at, _) in model.chain_instructions(stage) {
        match model.view(at) {
            View::Entrypoint(form) => start = Some((true, form.clone())),
            View::Cmd(form) if !start.as_ref().is_some_and(|(entry, f)| *entry && !is_empty(f)) => {
                start = Some((false, form.clone()));
            }
            _ => {}
        }
    }
    // A Wasm module is started by a Wasm runtime (`--platform wasi/wasm`), which loads it from the image's
    // root rather than through PATH.
    if let Some((name, span)) = start.and_then(|(_, form)| first_program(&form)).filter(|(name, _)| !name.ends_with(".wasm")) {
        report(model, hits, stage.index, end, &name, span, Caller::Start);
    }
}

/// The opt-in fix for `curl -f URL` / `wget -q --spider URL` in a HEALTHCHECK of an image with Python: the same
/// request with `urllib.request`, which fails on an HTTP error status as `curl -f` does. Only for the plain forms
/// (a URL and the usual quiet/fail options, `|| exit 1`): anything else is left to the user.
fn urllib_probe(form: &Command) -> Option<Fix> {
    const OPTIONS: &[&str] = &[
        "-f", "-s", "-S", "-fs", "-sf", "-fsS", "-fSs", "-sSf", "-sfS", "-Ssf", "-Sfs", "--fail", "--silent",
        "--show-error", "-q", "--spider", "-qO-", "-O-", "--quiet",
    ];
    let (words, span, shell): (Vec<&str>, std::ops::Range<usize>, bool) = match form {
        Command::Exec(words) => (
            words.iter().map(|w| w.value.as_str()).collect(),
            words.first()?.span.start..words.last()?.span.end,
            false,
        ),
        Command::Shell(word) => {
            let text = word.value.trim();
            let text = text
                .strip_suffix("|| exit 1")
                .or_else(|| text.strip_suffix("||exit 1"))
                .unwrap_or(text);
            (text.split_whitespace().collect(), word.span.start..word.span.end, true)
        }
        Command::None => return None,
    };
    let (program, args) = words.split_first()?;
    if !matches!(*program, "curl" | "wget") {
        return None;
    }
    let mut url = None;
    for arg in args {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            if url.replace(*arg).is_some() {
                return None;
            }
        } else if !OPTIONS.contains(arg) {
            return None;
        }
    }
    let url = url?;
    if url.contains(['\'', '"', '\\', '`']) || (!shell && url.contains('$')) {
        return None;
    }
    let probe = format!("import urllib.request; urllib.request.urlopen('{url}', timeout=10)");
    let replacement = if shell {
        format!("python3 -c \"{probe}\" || exit 1")
    } else {
        format!("\"python3\", \"-c\", \"{probe}\"")
    };
    Some(Fix::opt_in(
        format!("probe with Python's urllib instead of {program}"),
        "the health check runs python3 instead of installing and running curl or wget",
        vec![Edit::replace(span, replacement)],
    ))
}

fn is_empty(form: &Command) -> bool {
    matches!(form, Command::Exec(words) if words.is_empty()) || matches!(form, Command::None)
}

/// The program a CMD/ENTRYPOINT/HEALTHCHECK runs first, when it is a plain name.
fn first_program(form: &Command) -> Option<(String, Span)> {
    match form {
        Command::Exec(words) => words.first().map(|w| (w.value.clone(), w.span)),
        Command::Shell(word) => {
            let script = crate::shell::parse(&word.value, 0);
            let first = script.commands().iter().find(|c| c.context.is_top_shell())?;
            let rescued = matches!(first.after, Some(Connector::Or))
                && script
                    .commands()
                    .get(first.id + 1)
                    .is_some_and(|next| !matches!(next.name(), "exit" | "false"));
            if rescued || first.context.condition || first.context.conditional {
                return None;
            }
            let program = first.program_word().filter(|w| w.is_static())?;
            Some((program.value.clone(), word.span))
        }
        Command::None => None,
    }
}

fn report(model: &Model, hits: &mut Vec<Hit>, stage: usize, point: Point, word: &str, span: Span, caller: Caller) {
    if word.is_empty() || word.contains('$') || BUILTINS.contains(&word) {
        return;
    }
    // A path in a system directory names the program (`/usr/bin/curl`); other paths are files of the
    // image, another question.
    let name = match word.rsplit_once('/') {
        Some((dir, name)) if ["/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin"].contains(&dir) => name,
        Some(_) => return,
        None => word,
    };
    let image = model.image();
    let Presence::Absent(providers) = image.program(stage, point, name) else {
        return;
    };
    // The image as the Dockerfile names it, with the line the tables resolved it to when that differs.
    let base = match (image.known_base(stage), model.build.stages.get(stage).map(|s| model.root_base(s))) {
        (Some(known), Some(Base::Image { reference, .. })) if reference != known.facts.key => {
            format!("`{reference}` ({})", known.facts.resolved)
        }
        (Some(known), _) => format!("`{}`", known.facts.key),
        (None, _) => "this `scratch` image".to_string(),
    };
    let os = image.known_base(stage).map(|k| k.facts.os);
    let advice = match (name, os) {
        ("apt-get" | "apt", Some(Os::Alpine)) => {
            "Alpine installs packages with apk (`apk add --no-cache ...`), not apt".to_string()
        }
        ("apk", Some(Os::Debian | Os::Ubuntu)) => "this image is Debian-based: use `apt-get install`".to_string(),
        (_, None) => "copy it in from a build stage, or use an image that has it".to_string(),
        _ => match providers.iter().find(|p| **p == name).or(providers.first()) {
            Some(package) if os == Some(Os::Alpine) => format!("install it first: `apk add --no-cache {package}`"),
            Some(package) => format!(
                "install it first: `apt-get update && apt-get install -y --no-install-recommends {package}`"
            ),
            None => "use a program the image has".to_string(),
        },
    };
    let consequence = match caller {
        Caller::Run => "the build fails with \"not found\"",
        Caller::Start => "the container fails to start",
        Caller::Healthcheck => "every health check fails and the container never becomes healthy",
    };
    let advice = if caller == Caller::Healthcheck && matches!(name, "curl" | "wget") {
        format!("{advice}, or probe with Python's `urllib.request` if the image has Python")
    } else {
        advice
    };
    let message = match image.program_removed_by(stage, point, name) {
        Some(removal) => format!(
            "`{name}` was removed on line {} (its package purged or removed): {consequence}; remove it after \
             its last use, or keep its package",
            model.instructions[removal].start_line
        ),
        None => format!("`{name}` is not installed in {base} at this point: {consequence}; {advice}"),
    };
    hits.push(Hit::new(span, message));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn missing_programs_on_slim_images() {
        let source = "FROM python:3.12-slim\nRUN curl -fsSL https://example.com/x -o /tmp/x\n";
        assert_eq!(flagged(&RULE, source), ["curl"]);
        assert!(check(&RULE, source)[0].contains("apt-get install -y --no-install-recommends curl"));
        // sudo is a program too.
        assert_eq!(flagged(&RULE, "FROM python:3.12-slim\nRUN sudo apt-get update\n"), ["sudo"]);
        assert_eq!(flagged(&RULE, "FROM python:3.12-slim\nRUN git clone https://x/y.git\n"), ["git"]);
    }

    #[test]
    fn a_program_whose_package_was_removed_is_gone_from_then_on() {
        // python:3.12 (the full image) has curl; purged, the health check cannot use it.
        let purged = check(
            &RULE,
            "FROM python:3.12\nRUN apt-get purge -y curl\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
        );
        assert_eq!(purged.len(), 1, "{purged:?}");
        assert!(purged[0].starts_with("`curl` was removed on line 2"), "{purged:?}");
        // In one RUN: the use before the purge is fine, the one after is not.
        let source = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl && curl -fsSLO https://x/y \\\n    && apt-get purge -y curl && curl --version\n";
        assert_eq!(flagged(&RULE, source), ["curl"]);
        assert!(check(&RULE, source)[0].contains("removed on line 2"));
        assert_quiet(
            &RULE,
            &[
                // Installed again after the purge.
                "FROM python:3.12\nRUN apt-get purge -y curl\nRUN apt-get update && apt-get install -y curl\nRUN curl --version\n",
                // Something may have put it back on PATH since.
                "FROM python:3.12\nRUN apt-get purge -y curl\nCOPY --from=tools /curl /usr/local/bin/curl\nRUN curl --version\n",
                // Used before the purge only.
                "FROM python:3.12\nRUN curl -fsSLO https://x/y && apt-get purge -y curl\n",
            ],
        );
    }

    #[test]
    fn the_start_and_the_health_check() {
        let source = "FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD [\"gunicorn\"]\n";
        let messages = check(&RULE, source);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("never becomes healthy"));
        let start = "FROM debian:bookworm-slim\nCMD [\"python3\", \"app.py\"]\n";
        assert!(check(&RULE, start)[0].contains("fails to start"));
    }

    #[test]
    fn the_health_check_can_probe_with_urllib() {
        let source = "FROM python:3.12-slim\nHEALTHCHECK CMD curl -fsS http://localhost:8000/health || exit 1\n";
        assert_eq!(
            fixed(&RULE, source).as_deref(),
            Some(
                "FROM python:3.12-slim\nHEALTHCHECK CMD python3 -c \"import urllib.request; \
                 urllib.request.urlopen('http://localhost:8000/health', timeout=10)\" || exit 1\n"
            )
        );
        let exec = "FROM python:3.12-slim\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]\n";
        assert_eq!(
            fixed(&RULE, exec).as_deref(),
            Some(
                "FROM python:3.12-slim\nHEALTHCHECK CMD [\"python3\", \"-c\", \"import urllib.request; \
                 urllib.request.urlopen('http://localhost/', timeout=10)\"]\n"
            )
        );
        // No Python to probe with, or a command the fix does not understand: the error alone.
        assert_eq!(fixed(&RULE, "FROM debian:bookworm-slim\nHEALTHCHECK CMD curl -f http://x/\n"), None);
        assert_eq!(fixed(&RULE, "FROM python:3.12-slim\nHEALTHCHECK CMD curl -H 'X: y' http://x/\n"), None);
        // Installed later in the stage is still installed when the check runs.
        let later = "FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://x/\nRUN apt-get update && apt-get install -y curl\n";
        assert!(check(&RULE, later).is_empty());
    }

    #[test]
    fn wrong_package_manager() {
        let alpine = "FROM python:3.12-alpine3.23\nRUN apt-get update && apt-get install -y gcc\n";
        assert_eq!(flagged(&RULE, alpine), ["apt-get"]);
        assert!(check(&RULE, alpine)[0].contains("apk add"));
        assert_eq!(flagged(&RULE, "FROM python:3.12-alpine3.23\nRUN bash -c 'echo hi'\n"), ["bash"]);
    }

    #[test]
    fn installed_before_or_in_the_same_run() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl && curl -f https://x\n",
                "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nRUN curl -f https://x\n",
                // build-essential pulls gcc and make in.
                "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y build-essential && make\n",
                "FROM python:3.12-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN curl x\n",
                "FROM python:3.12\nRUN curl -f https://x && git --version && gcc --version\n",
                "FROM python:3.12-alpine3.23\nRUN apk add --no-cache bash && bash -c 'echo'\n",
            ],
        );
    }

    #[test]
    fn unknown_stays_unknown() {
        assert_quiet(
            &RULE,
            &[
                // Images the tables do not know, and variables.
                "FROM mycompany/python:3.12\nRUN curl x\n",
                "ARG BASE\nFROM ${BASE}\nRUN curl x\n",
                // A script, an unknown package or a copy onto PATH could have installed it.
                "FROM python:3.12-slim\nRUN ./install-tools.sh\nRUN curl x\n",
                "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y some-package-not-in-the-table\nRUN curl x\n",
                "FROM python:3.12-slim\nCOPY --from=tools /usr/bin/curl /usr/bin/curl\nRUN curl x\n",
                "FROM python:3.12-slim\nCOPY bin/ /usr/local/bin/\nRUN mytool\n",
                // Copied into a directory the ENV puts on PATH.
                "FROM python:3.12-slim\nENV PATH=/opt/node/bin:$PATH\nCOPY --from=node:22 /usr/local/bin/node /opt/node/bin/\nRUN node --version\n",
                "FROM python:3.12-slim\nENV PATH=/opt/tools:$PATH\nRUN cp /tmp/x /opt/tools/git\nRUN git --version\n",
                // pip installs programs of its own, but never curl.
                "FROM python:3.12-slim\nRUN pip install httpie\nRUN http --version\n",
                // Programs nobody packages.
                "FROM python:3.12-slim\nRUN my-own-tool --version\n",
            ],
        );
        assert_eq!(
            flagged(&RULE, "FROM python:3.12-slim\nRUN pip install -r requirements.txt\nRUN curl -f x\n"),
            ["curl"]
        );
    }

    #[test]
    fn failures_that_do_not_fail_the_build() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\nRUN curl --version || true\n",
                "FROM python:3.12-slim\nRUN if command -v curl; then curl x; fi\n",
                "FROM python:3.12-slim\nRUN curl x; echo done\n",
                "FROM python:3.12-slim\nRUN curl x | tee log\n",
                "FROM python:3.12-slim\nRUN echo $(git rev-parse HEAD) > version\n",
                "FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://x/ || wget -q http://x/\n",
            ],
        );
        assert_eq!(flagged(&RULE, "FROM python:3.12-slim\nRUN set -e; curl x; echo done\n"), ["curl"]);
        assert_eq!(flagged(&RULE, "FROM python:3.12-slim\nRUN curl x && echo ok\n"), ["curl"]);
    }

    /// awesome-compose's wasmedge samples: `FROM scratch`, `ENTRYPOINT ["kafka.wasm"]`, run by WasmEdge.
    #[test]
    fn a_wasm_module_is_left_to_the_wasm_runtime() {
        assert_quiet(&RULE, &["FROM scratch\nENTRYPOINT [ \"kafka.wasm\" ]\nCOPY --link --from=build /kafka.wasm /kafka.wasm\n"]);
    }
}
