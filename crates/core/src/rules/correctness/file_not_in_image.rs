use crate::analysis::{FixAvailability, Severity};
use crate::model::image::Point;
use crate::model::Model;
use crate::rules::support::python::is_python;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::shell::{Command as ShellCommand, Program};
use crate::span::Span;
use crate::syntax::instructions::{Command, View};

pub static RULE: Rule = Rule {
    code: "C047",
    name: "file-not-in-image",
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
        summary: "A RUN, or the container's start, reads a file that no instruction has put into the image yet.",
        why: "Only what COPY, ADD and earlier RUNs put into the image is there: `pip install -r \
              requirements.txt` before the COPY that brings the file fails the build with \"Could not open \
              requirements file\", and an ENTRYPOINT script that was never copied fails the container's start \
              with \"no such file or directory\". The usual cause is an order mistake (the COPY comes later) or a \
              file copied into another directory than the one the command runs in. The check looks at paths \
              under directories the official images leave empty (`/app`, `/src`, `/code`, `/srv`, ...), and \
              stays silent after a step it cannot follow, which may have written anything.",
        bad: "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install -r requirements.txt\nCOPY . .\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n\
               COPY . .\n",
        source: "Dockerfile reference, COPY and WORKDIR; pip (requirements files are read at install time).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        for &at in stage.instructions.iter().skip(1) {
            let View::Run(run) = model.view(at) else { continue };
            // A mounted file or folder is there for this RUN only: files under a mount target are left alone.
            let workdir = model.image().workdir(stage.index, at);
            let mounted: Vec<String> = run
                .mounts
                .iter()
                .filter_map(|m| crate::model::paths::resolve(m.target.as_deref()?, workdir))
                .collect();
            for (script_index, script) in model.scripts(at).iter().enumerate() {
                for command in script.commands() {
                    // A `cd` earlier in the script moves relative paths away from the WORKDIR.
                    if command.name() == "cd" {
                        break;
                    }
                    if !script.failure_is_fatal(command.id) {
                        continue;
                    }
                    let point = Point {
                        instruction: at,
                        script: script_index,
                        command: command.id,
                    };
                    for (path, span) in files_read(command) {
                        let absolute = crate::model::paths::resolve(&path, workdir).unwrap_or_default();
                        if mounted.iter().any(|m| {
                            let m = m.trim_end_matches('/');
                            absolute == m || absolute.starts_with(&format!("{m}/"))
                        }) {
                            continue;
                        }
                        report(model, hits, stage.index, at, point, &path, model.span(span), false);
                    }
                }
            }
        }
    }
    // The container's start: what the final stage's ENTRYPOINT or CMD runs first.
    let Some(stage) = model.final_stage() else { return };
    let Some(&last) = stage.instructions.last() else { return };
    let mut start = None;
    for (at, _) in model.chain_instructions(stage) {
        match model.view(at) {
            View::Entrypoint(Command::Exec(words)) if !words.is_empty() => start = Some((at, words.to_vec())),
            View::Entrypoint(_) => start = None,
            View::Cmd(Command::Exec(words)) if !start.as_ref().is_some_and(|(i, _)| is_entrypoint(model, *i)) => {
                start = Some((at, words.to_vec()));
            }
            _ => {}
        }
    }
    let Some((at, words)) = start else { return };
    if stage.instructions.binary_search(&at).is_err() {
        return;
    }
    let values: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
    let file = match values.as_slice() {
        [program, ..] if program.contains('/') => Some(0),
        [program, script, ..] if is_interpreter(program) && !script.starts_with('-') => Some(1),
        _ => None,
    };
    if let Some(i) = file {
        report(model, hits, stage.index, last + 1, Point::after(last), values[i], words[i].span, true);
    }
}

fn is_entrypoint(model: &Model, at: usize) -> bool {
    matches!(model.view(at), View::Entrypoint(_))
}

fn is_interpreter(program: &str) -> bool {
    is_python(program) || matches!(program, "sh" | "bash" | "dash" | "node")
}

/// Files a command reads, as written, with their spans.
fn files_read(command: &ShellCommand) -> Vec<(String, std::ops::Range<usize>)> {
    let mut files = Vec::new();
    let plain = |value: &str| !value.contains(['$', '*', '?', '`']) && !value.is_empty();
    match &command.program {
        Program::Pip(pip) if pip.action == crate::shell::PipAction::Install => {
            for operand in pip.requirements.iter().chain(&pip.constraints) {
                files.push((operand.value.clone(), operand.span.clone()));
            }
        }
        Program::Source(source) => {
            if let Some(path) = &source.path {
                files.push((path.value.clone(), path.span.clone()));
            }
        }
        Program::Shell(shell) => {
            if let Some(script) = &shell.script {
                files.push((script.value.clone(), script.span.clone()));
            }
        }
        _ => {
            let name = command.name();
            // A program in a system directory (`/usr/bin/curl`) is C044's question.
            let system = |path: &str| {
                path.rsplit_once('/')
                    .is_some_and(|(dir, _)| ["/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin"].contains(&dir))
            };
            if let Some(word) = command
                .program_word()
                .filter(|w| w.value.contains('/') && w.is_static() && !system(&w.value))
            {
                files.push((word.value.clone(), word.span.clone()));
            } else if is_python(name) {
                if let Some(script) = command.args().first().filter(|a| a.value.ends_with(".py")) {
                    files.push((script.value.clone(), script.span.clone()));
                }
            }
        }
    }
    files.retain(|(value, _)| plain(value) && !value.starts_with("/dev/") && !value.starts_with("/proc/"));
    files
}

#[allow(clippy::too_many_arguments)]
fn report(model: &Model, hits: &mut Vec<Hit>, stage: usize, at: usize, point: Point, file: &str, span: Span, start: bool) {
    let image = model.image();
    let Some(absolute) = crate::model::paths::resolve(file, image.workdir(stage, at)) else {
        return;
    };
    let (Some(false), later) = image.path_exists(stage, point, &absolute) else {
        return;
    };
    let consequence = if start {
        "the container fails to start with \"no such file or directory\""
    } else {
        "this RUN fails"
    };
    let hint = match later {
        Some(placement) => format!(
            "; the instruction on line {} puts it there, after this one",
            model.instructions[placement.point.instruction].span.line
        ),
        None => "; copy it in first".to_string(),
    };
    hits.push(Hit::new(
        span,
        format!("`{file}` ({absolute}) is not in the image at this point: {consequence}{hint}"),
    ));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_files_read_before_the_copy() {
        let source = "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install -r requirements.txt\nCOPY . .\n";
        assert_eq!(flagged(&RULE, source), ["requirements.txt"]);
        assert!(check(&RULE, source)[0].contains("line 4"), "{:?}", check(&RULE, source));
        let script = "FROM python:3.12-slim\nWORKDIR /app\nRUN sh ./setup.sh\n";
        assert_eq!(flagged(&RULE, script), ["./setup.sh"]);
        let start = "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nENTRYPOINT [\"./entrypoint.sh\"]\n";
        assert!(check(&RULE, start)[0].contains("fails to start"));
        let python = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app.py /app/\nCMD [\"python\", \"main.py\"]\n";
        assert_eq!(flagged(&RULE, python), ["\"main.py\""]);
    }

    #[test]
    fn quiet_when_the_file_is_there_or_unknowable() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
                "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n",
                "FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nCMD [\"python\", \"app.py\"]\n",
                "FROM python:3.12-slim\nWORKDIR /app\nCOPY src/ ./\nENTRYPOINT [\"./entrypoint.sh\"]\n",
                // Outside the directories the images leave empty, and after steps the model cannot follow.
                "FROM python:3.12-slim\nRUN pip install -r /etc/requirements.txt\n",
                "FROM python:3.12-slim\nWORKDIR /app\nRUN git clone https://x/y.git . && pip install -r requirements.txt\n",
                "FROM python:3.12-slim\nWORKDIR /app\nRUN curl -o requirements.txt https://x\nRUN pip install -r requirements.txt\n",
                "FROM python:3.12-slim\nWORKDIR /app\nRUN echo flask > requirements.txt && pip install -r requirements.txt\n",
                "FROM python:3.12-slim\nWORKDIR /app\nRUN cd /tmp && pip install -r requirements.txt\n",
                "FROM mycompany/python:3.12\nWORKDIR /app\nRUN pip install -r requirements.txt\n",
                "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY . .\nFROM build\nRUN pip install -r requirements.txt\n",
                "FROM python:3.12-slim\nWORKDIR /app\nRUN python -m venv .venv && .venv/bin/pip install flask\n",
                "FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=bind,source=requirements.txt,target=requirements.txt pip install -r requirements.txt\n",
                "FROM python:3.12-slim\nWORKDIR /app\nCMD [\"python\", \"-m\", \"app\"]\n",
            ],
        );
    }
}
