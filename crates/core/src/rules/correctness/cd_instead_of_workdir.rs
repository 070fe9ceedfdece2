use crate::rules::support::stages::posix_shell;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{Connector, Program};

pub static RULE: Rule = Rule {
    code: "C018",
    name: "cd-instead-of-workdir",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3003"],
    buildkit: &[],
    trivy: &["DS-0013"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A RUN changes directory with `cd` where WORKDIR is meant: at the end of the RUN, to set up \
                  where the rest of the build happens, or into a lasting directory that another RUN `cd`s into too.",
        why: "Every instruction starts again in the WORKDIR, so a `cd` does not carry over: `RUN cd /app` alone \
              does nothing, and `RUN cd /app && pip install -e .` must repeat the `cd` in every later RUN, \
              while COPY and CMD still use the old directory. WORKDIR sets it once for RUN, COPY, CMD and \
              ENTRYPOINT; a `cd /src/x` repeated in several RUNs is a WORKDIR written out each time. (A `cd` into a \
              temporary build directory in the middle of a RUN is fine.)",
        bad: "FROM python:3.12-slim\nCOPY . /app\nRUN cd /app && pip install --no-cache-dir -e .\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -e .\n",
        source: "Docker docs, \"Building best practices\" (WORKDIR); hadolint DL3003.",
    },
    check,
};

const TEMPORARY: [&str; 4] = ["/tmp", "/usr/src", "/var/tmp", "/root/.cache"];

/// Absolute targets of the top-level `cd`s of each RUN, with the RUN's index.
fn cd_targets(model: &Model) -> Vec<(usize, String)> {
    let mut targets = Vec::new();
    for (at, _, scripts) in model.runs() {
        for command in scripts.iter().flat_map(|s| s.commands()) {
            if let Program::Cd(cd) = &command.program {
                let target = cd.target.as_ref().map_or("~", |t| t.value.as_str());
                if command.context.is_top_shell() && target.starts_with('/') && target != "/" {
                    targets.push((at, target.trim_end_matches('/').to_string()));
                }
            }
        }
    }
    targets
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let targets = cd_targets(model);
    for (at, _, scripts) in model.runs() {
        if !posix_shell(model, at) {
            continue;
        }
        for script in scripts {
            let top: Vec<_> = script
                .commands()
                .iter()
                .filter(|c| c.context.is_top_shell() && !c.context.conditional && !c.context.function)
                .collect();
            for (position, command) in top.iter().enumerate() {
                let Program::Cd(cd) = &command.program else { continue };
                if command.in_pipeline() {
                    continue;
                }
                let last = position + 1 == top.len();
                let target = cd.target.as_ref().map_or("~", |t| t.value.as_str());
                let first = position == 0 && command.before.is_none_or(|c| c == Connector::Newline);
                let temporary = TEMPORARY.iter().any(|t| crate::shell::path_has_prefix(target, t))
                    || target.contains("$(")
                    || target == "-";
                let message = if last {
                    format!("`cd {target}` at the end of a RUN has no effect: the next instruction starts in the WORKDIR again")
                } else if first && !temporary && target.starts_with('/') && !script.removes_path_prefix(target) {
                    format!("`cd {target}` sets where this RUN works; use `WORKDIR {target}` so later instructions use it too")
                } else if let Some(other) =
                    (!temporary && target.starts_with('/') && !script.removes_path_prefix(target))
                        .then(|| repeated_in(model, &targets, at, target))
                        .flatten()
                {
                    format!("`cd {target}` is repeated in the RUN on line {other}: set `WORKDIR {target}` once instead")
                } else {
                    continue;
                };
                hits.push(Hit::new(model.span(command.span.clone()), message));
            }
        }
    }
}

/// The line of another RUN of the same stage that also `cd`s into `target`.
fn repeated_in(model: &Model, targets: &[(usize, String)], at: usize, target: &str) -> Option<u32> {
    let stage = model.build.stage_of(at);
    let target = target.trim_end_matches('/');
    targets
        .iter()
        .find(|(other, t)| *other != at && t == target && model.build.stage_of(*other) == stage)
        .map(|(other, _)| crate::rules::support::run_commands::line(model, model.instructions[*other].span.start))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_setup_and_trailing_cd() {
        assert_eq!(flagged(&RULE, "FROM a\nRUN cd /app && make\n"), ["cd /app"]);
        assert_eq!(flagged(&RULE, "FROM a\nRUN make && cd /app\n"), ["cd /app"]);
        assert_eq!(check(&RULE, "FROM a\nRUN cd /app\n").len(), 1);
    }

    #[test]
    fn fires_on_a_cd_repeated_across_runs() {
        let source = "FROM a\nRUN git clone x /src/lvm && cd /src/lvm && git checkout v1\nRUN cd /src/lvm && make\n";
        assert_eq!(flagged(&RULE, source), ["cd /src/lvm", "cd /src/lvm"]);
        assert!(check(&RULE, source)[0].contains("repeated in the RUN on line 3"));
        for source in [
            "FROM a\nRUN git clone x /src/lvm && cd /src/lvm && make\n",
            "FROM a\nRUN mkdir /b && cd /b && make && rm -rf /b\nRUN mkdir /b && cd /b && make && rm -rf /b\n",
            "FROM a\nRUN make && cd /b && make\nFROM c\nRUN cd /b && make\n",
        ] {
            assert_eq!(
                check(&RULE, source).len(),
                usize::from(source.contains("FROM c")),
                "{source}"
            );
        }
    }

    #[test]
    fn quiet_on_build_directories_and_other_shells() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nRUN wget x && mkdir -p /usr/src/p && cd /usr/src/p && make && cd / && rm -rf /usr/src/p\n",
                "FROM a\nRUN cd /tmp && curl -O x && tar xf x\n",
                "FROM a\nRUN cd /src && make && rm -rf /src\n",
                "FROM a\nRUN if [ -d /x ]; then cd /x; fi; make\n",
                "FROM a\nRUN (cd /x && make) && ls\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN cd C:\\\\x\n",
                "FROM a\nRUN pip install x\n",
            ],
        );
    }
}
