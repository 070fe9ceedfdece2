use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{line, text};
use crate::rules::support::writes::{resolve, touches, walk_stage, Write};
use crate::model::paths::PathIndexed;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{Command, Program};
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "L003",
    name: "cleanup-in-later-layer",
    category: Category::Cache,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A RUN deletes files that an earlier layer wrote, which cannot make the image smaller.",
        why: "Layers only add: deleting in a later RUN hides the files but the earlier layer still ships them, \
              so the image keeps its size and the deletion only costs build time. Delete caches in the same RUN \
              that creates them, and keep unwanted files out of COPY with `.dockerignore` or `COPY --exclude`.",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
        source: "Docker docs, \"Building best practices\" (apt-get: clean up in the same RUN); Docker docs, \"Layers\".",
    },
    check,
};

/// Commands that cannot create files a later `rm` in the same RUN would then clean up.
fn inert(command: &Command) -> bool {
    matches!(
        &command.program,
        Program::Rm(_)
            | Program::Find(_)
            | Program::Set(_)
            | Program::Cd(_)
            | Program::Echo(_)
            | Program::Chmod(_)
            | Program::Chown(_)
            | Program::None
    ) || matches!(command.name(), "true" | "ls" | "du" | "test" | "[")
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in model.image_stages() {
        // What earlier RUNs of the chain already deleted (instruction, path, recursive), indexed by path so
        // that looking a write up stays cheap in a long file: a later cleanup of the same files is not
        // blamed on the instruction that wrote them (that deletion came first).
        let mut deleted: PathIndexed<(usize, String, bool)> = PathIndexed::default();
        walk_stage(model, stage, |index, instruction, writes, workdir| {
            if instruction.keyword != Keyword::Run || writes.is_empty() {
                return;
            }
            let mut deleted_here: Vec<(String, bool)> = Vec::new();
            let commands: Vec<_> = model.commands_of(index).collect();
            for (k, cmd) in commands.iter().enumerate() {
                let paths: Vec<String> = match &cmd.command.program {
                    Program::Rm(rm) => rm.paths.iter().map(|p| p.value.clone()).collect(),
                    Program::Find(find) if find.delete || find.exec_rm => {
                        find.paths.iter().map(|p| p.value.clone()).collect()
                    }
                    _ => continue,
                };
                let recursive = matches!(&cmd.command.program, Program::Rm(rm) if rm.recursive);
                let before = &commands[..k];
                let cd_before = before.iter().any(|c| matches!(c.command.program, Program::Cd(_)));
                let all_inert = before.iter().all(|c| inert(c.command));
                let hit = paths.iter().find_map(|p| {
                    let path = if cd_before && !p.starts_with('/') {
                        None
                    } else {
                        resolve(p, workdir)
                    }?;
                    writes.related(&path).find(|w: &&Write| {
                        // The same RUN wrote there again before cleaning: that cleanup does shrink its layer.
                        let rewritten = before.iter().any(|c| {
                            crate::rules::support::writes::run_writes_raw(c)
                                .iter()
                                .any(|(wp, _)| *wp == w.path)
                        });
                        let find_delete = !matches!(&cmd.command.program, Program::Rm(_));
                        let already_deleted = deleted
                            .related(&w.path)
                            .any(|(at, gone, deep)| *at > w.index && touches(gone, &w.path, *deep));
                        touches(&path, &w.path, recursive && !find_delete)
                            && !rewritten
                            && !already_deleted
                            && (!w.copy || all_inert)
                    })
                });
                if !cd_before {
                    for p in &paths {
                        if let Some(resolved) = resolve(p, workdir) {
                            deleted_here.push((resolved, recursive));
                        }
                    }
                }
                let Some(write) = hit else { continue };
                let advice = if write.copy {
                    "keep those files out of the copy (`.dockerignore` or `COPY --exclude`)"
                } else {
                    "delete them in the RUN that creates them"
                };
                hits.push(Hit::new(
                    model.span(cmd.command.span.clone()),
                    format!(
                        "`{}` cannot shrink the image: {} on line {} wrote those files into an earlier layer; {advice}",
                        text(model, cmd.command.span.clone()),
                        write.by,
                        line(model, model.instructions[write.index].span.start)
                    ),
                ));
            }
            for (path, deep) in deleted_here {
                deleted.push(&path.clone(), (index, path, deep));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_late_cleanup() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n"),
            ["`rm -rf /var/lib/apt/lists/*` cannot shrink the image: `apt-get update` on line 2 wrote those files into an earlier layer; delete them in the RUN that creates them"]
        );
        assert_eq!(
            check(&RULE, "FROM python\nWORKDIR /app\nCOPY . .\nRUN rm -rf tests docs\n"),
            ["`rm -rf tests docs` cannot shrink the image: `COPY` on line 3 wrote those files into an earlier layer; keep those files out of the copy (`.dockerignore` or `COPY --exclude`)"]
        );
        for source in [
            "FROM python\nCOPY app.tar.gz /tmp/\nRUN tar xf /tmp/app.tar.gz -C /opt\nRUN rm /tmp/app.tar.gz\n",
            "FROM debian\nRUN wget -q -O /tmp/x.tgz https://x\nRUN tar xf /tmp/x.tgz && rm /tmp/x.tgz\n",
            "FROM python\nRUN pip install flask\nRUN rm -rf /root/.cache/pip\n",
            "FROM python\nCOPY . /app\nRUN find /app -name '*.pyc' -delete\n",
        ] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
    }

    #[test]
    fn quiet_on_same_layer_cleanup_and_builders() {
        assert_quiet(&RULE, &[
            "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n",
            "FROM python\nCOPY . /app\nRUN cd /app && make && rm -rf /app/build\n",
            "FROM python\nCOPY . /app\nRUN rm -rf /tmp/*\n",
            "FROM python\nCOPY app.py /usr/local/bin/\nRUN rm -rf /usr/local/bin/python2\n",
            "FROM python AS build\nCOPY . /app\nRUN rm -rf /app/tests\nFROM python\nCOPY --from=build /app /app\n",
            "FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\nRUN rm -rf /root/.cache/pip\n",
        ]);
    }

    /// A cleanup of files an earlier RUN already deleted is not blamed on the COPY that wrote them: that
    /// earlier RUN is the finding.
    #[test]
    fn a_second_cleanup_is_not_blamed_on_the_write() {
        assert_eq!(
            flagged(&RULE, "FROM python:3.12\nCOPY x /tmp/x\nRUN rm /tmp/x\nRUN rm -f /tmp/x\n"),
            ["rm /tmp/x"]
        );
    }
}
