use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{line, text};
use crate::rules::support::writes::{resolve, touches, walk_stage, Write};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "L004",
    name: "chown-after-copy",
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
        summary: "A RUN `chown`/`chmod` changes files an earlier COPY wrote, so the image stores them twice.",
        why: "Changing the owner or mode of a file rewrites it into the new layer: after `COPY . /app` and \
              `RUN chown -R app /app` the application ships twice, once per layer, and the RUN takes time on \
              every build. `COPY --chown=app:app` (and `--chmod`) sets ownership and mode as the files are \
              copied, in a single layer.",
        bad: "FROM python:3.12-slim\nCOPY . /app\nRUN chown -R app:app /app\n",
        good: "FROM python:3.12-slim\nCOPY --chown=app:app . /app\n",
        source: "Docker docs, Dockerfile reference (COPY --chown, --chmod).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in model.image_stages() {
        walk_stage(model, stage, |index, instruction, writes, workdir| {
            if instruction.keyword != Keyword::Run {
                return;
            }
            let mut cd = false;
            // Directories this RUN made, and whether with `-p` (which keeps a copied one as it is).
            let mut made: Vec<(String, bool)> = Vec::new();
            for cmd in model.commands_of(index) {
                let (tool, flag, recursive, paths) = match &cmd.command.program {
                    Program::Cd(_) => {
                        cd = true;
                        continue;
                    }
                    Program::Mkdir(m) if !cd => {
                        made.extend(
                            m.paths
                                .iter()
                                .filter_map(|p| Some((resolve(&p.value, workdir)?, m.parents))),
                        );
                        continue;
                    }
                    Program::Chown(c) => (cmd.command.name(), "--chown", c.recursive, &c.paths),
                    Program::Chmod(c) => ("chmod", "--chmod", c.recursive, &c.paths),
                    _ => continue,
                };
                let flag = if tool == "chgrp" { "--chown" } else { flag };
                let copied = paths.iter().find_map(|p| {
                    let path = if cd && !p.value.starts_with('/') {
                        None
                    } else {
                        resolve(&p.value, workdir)
                    }?;
                    if path == "/" {
                        return None;
                    }
                    // Deleted later in the same RUN, the file leaves only a deletion in this layer, not a
                    // second copy (issue #19).
                    if model.removed_after(&cmd, &[path.as_str()]) {
                        return None;
                    }
                    // A directory just made holds nothing copied: changing it alone rewrites one new entry.
                    let same = |dir: &String| dir.trim_end_matches('/') == path.trim_end_matches('/');
                    if made.iter().any(|(dir, parents)| same(dir) && (!recursive || !parents)) {
                        return None;
                    }
                    // Without `-R`, changing a copied directory itself rewrites one entry, not its files.
                    let rewritten = |w: &&Write| {
                        let dir_itself = !recursive && !w.file && path.trim_end_matches('/') == w.path;
                        w.copy && touches(&path, &w.path, recursive) && !dir_itself
                    };
                    // Name the COPY whose destination holds the path (the latest wins), not a file inside it.
                    let holds = |w: &&Write| touches(&path, &w.path, false);
                    writes
                        .related(&path)
                        .rfind(|w| rewritten(w) && holds(w))
                        .or_else(|| writes.related(&path).find(rewritten))
                });
                let Some(write) = copied else { continue };
                hits.push(Hit::new(
                    model.span(cmd.command.span.clone()),
                    format!(
                        "`{}` rewrites files that {} on line {} copied, storing them twice: use `COPY {flag}=...` \
                         instead",
                        text(model, cmd.command.span.clone()),
                        write.by,
                        line(model, model.instructions[write.index].span.start)
                    ),
                ));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_ownership_changes_of_copied_files() {
        assert_eq!(
            check(&RULE, "FROM python\nCOPY . /app\nRUN useradd app && chown -R app:app /app\n"),
            ["`chown -R app:app /app` rewrites files that `COPY` on line 2 copied, storing them twice: use `COPY --chown=...` instead"]
        );
        // the COPY that filled the changed directory, not an earlier file inside it
        assert_eq!(
            check(&RULE, "FROM python\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN chown -R app /app\n"),
            ["`chown -R app /app` rewrites files that `COPY` on line 5 copied, storing them twice: use `COPY --chown=...` instead"]
        );
        for source in [
            "FROM python\nWORKDIR /app\nCOPY . .\nRUN chmod -R g+w .\n",
            "FROM python\nCOPY entrypoint.sh /usr/local/bin/\nRUN chmod +x /usr/local/bin/entrypoint.sh\n",
            "FROM python\nCOPY --from=build /app/dist /srv/app\nRUN chown -R www-data /srv\n",
            // `mkdir -p` leaves a copied directory with its files
            "FROM python\nCOPY . /app\nRUN mkdir -p /app/data && chown -R app /app/data\n",
        ] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
    }

    #[test]
    fn quiet_on_other_paths_and_builders() {
        assert_quiet(
            &RULE,
            &[
                "FROM python\nCOPY . /app\nRUN mkdir /data && chown app /data\n",
                // Run once and deleted in the same RUN: no second copy is stored (issue #19).
                "FROM python\nCOPY install.sh /tmp/\nRUN chmod +x /tmp/install.sh && /tmp/install.sh && rm /tmp/install.sh\n",
                "FROM python\nCOPY setup/ /tmp/setup/\nRUN chmod -R +x /tmp/setup && /tmp/setup/run && rm -rf /tmp/setup\n",
                "FROM python\nCOPY . /app\nRUN chmod 755 /app\n",
                "FROM python\nCOPY app.py /usr/local/bin/\nRUN chmod +x /usr/local/bin/other\n",
                "FROM python AS build\nCOPY . /app\nRUN chown -R app /app\nFROM python\nCOPY --from=build /app /app\n",
                "FROM python\nCOPY --chown=app . /app\n",
                "FROM python\nCOPY . /app\nRUN chown -R app /\n",
                // made by this RUN: a new directory, not copied files
                "FROM python\nWORKDIR /app\nCOPY . .\nRUN mkdir -p /app/uploads && chmod 775 /app/uploads\n",
                "FROM python\nWORKDIR /app\nCOPY . .\nRUN mkdir uploads && chown -R app uploads\n",
            ],
        );
    }
}
