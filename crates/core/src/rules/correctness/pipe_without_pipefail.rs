use crate::rules::support::stages::posix_shell;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::image_refs::official_name;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "C021",
    name: "pipe-without-pipefail",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL4006"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A RUN pipes a command whose failure matters into another without `pipefail`.",
        why: "A pipeline's exit status is the last command's: in `curl -fsSL $URL | tar -xz` or \
              `pip install -r r.txt | tee log`, a failed download or install is hidden as long as the last \
              command succeeds, and the build goes on with a broken layer. `set -o pipefail` makes any failure \
              fail the step, but Debian's `/bin/sh` (dash, before Debian 13) does not support it, so use \
              `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` there; busybox `ash` (Alpine) and bash do.",
        bad: "FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt\n",
        good: "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n\
               RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt\n",
        source: "hadolint DL4006; Dockerfile reference, RUN (\"Using pipes\").",
    },
    check,
};

/// Commands whose failure in the middle of a pipeline is harmless or shows up downstream anyway.
const FILTERS: &[&str] = &[
    "echo",
    "printf",
    "cat",
    "find",
    "ls",
    "grep",
    "egrep",
    "fgrep",
    "sed",
    "awk",
    "gawk",
    "mawk",
    "sort",
    "cut",
    "tr",
    "head",
    "tail",
    "uniq",
    "wc",
    "ldd",
    "scanelf",
    "dpkg-query",
    "readelf",
    "strings",
    "env",
    "true",
    "yes",
    "jq",
    "dpkg",
    "rev",
    "column",
    "basename",
    "dirname",
    "xargs",
];

fn advice(model: &Model, at: usize) -> &'static str {
    if model.shell_at(at).is_some() {
        return "add `-o pipefail` to the SHELL or `set -o pipefail &&` before the pipe";
    }
    let Some(stage) = model.build.stage_of(at).map(|s| &model.build.stages[s]) else {
        return "use `set -o pipefail` where the shell supports it";
    };
    match model.root_base(stage) {
        Base::Image { image, .. } => match official_name(image) {
            Some("alpine" | "busybox") => "add `set -o pipefail &&` before the pipe (busybox ash supports it)",
            Some(_) if image.tag.as_deref().is_some_and(|t| t.contains("alpine")) => {
                "add `set -o pipefail &&` before the pipe (busybox ash supports it)"
            }
            Some("debian" | "ubuntu" | "python" | "node" | "ruby") => {
                "`/bin/sh` is dash here (no `pipefail` before Debian 13): use `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`"
            }
            _ => "use `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` or `set -o pipefail` if the shell supports it",
        },
        _ => "use `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` or `set -o pipefail` if the shell supports it",
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, _, scripts) in model.runs() {
        if !posix_shell(model, at) {
            continue;
        }
        if model.shell_at(at).is_some_and(|words| {
            words
                .windows(2)
                .any(|w| w[0].starts_with('-') && !w[0].starts_with("--") && w[0].ends_with('o') && w[1] == "pipefail")
        }) {
            continue;
        }
        for script in scripts {
            let mut reported = Vec::new();
            for command in script.commands() {
                // Inside `$(…)` given to a program (`pip install $(cat x | grep y)`) the pipe's status is lost
                // whatever the options: only an assignment (`v=$(a | b)`) takes it as its own (issue #19).
                let status_lost = command.parent.is_some_and(|parent| {
                    script
                        .commands()
                        .iter()
                        .find(|c| c.id == parent)
                        .is_some_and(|c| !c.name().is_empty())
                });
                if command.after != Some(crate::shell::Connector::Pipe)
                    || status_lost
                    || FILTERS.contains(&command.name())
                    || command.name().is_empty()
                    || reported.contains(&command.pipeline)
                    || script.pipefail_before(command.id)
                {
                    continue;
                }
                reported.push(command.pipeline);
                hits.push(Hit::new(
                    model.span(command.span.clone()),
                    format!(
                        "a failure of `{}` is hidden by the pipe; {}",
                        command.name(),
                        advice(model, at)
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_pipes_hiding_failures() {
        assert_eq!(
            flagged(&RULE, "FROM debian:bookworm\nRUN curl -fsSL x | tar -xz\n"),
            ["curl -fsSL x"]
        );
        // An assignment takes the status of its `$(…)`: pipefail does surface that failure.
        assert_eq!(
            flagged(&RULE, "FROM debian:bookworm\nRUN v=$(curl -fsSL x | jq -r .tag) && echo $v\n"),
            ["curl -fsSL x"]
        );
        let debian = check(&RULE, "FROM python:3.12\nRUN wget -O- x | sh\n");
        assert!(debian[0].contains("dash"), "{debian:?}");
        let alpine = check(&RULE, "FROM alpine:3.22\nRUN wget -O- x | sh\n");
        assert!(alpine[0].contains("set -o pipefail &&"), "{alpine:?}");
        assert_eq!(
            check(
                &RULE,
                "FROM a\nSHELL [\"/bin/bash\", \"-c\"]\nRUN pip install x | tee log\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_with_pipefail_filters_or_other_shells() {
        assert_quiet(&RULE, &[
            "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | tar -x\n",
            "FROM alpine\nRUN set -o pipefail && curl x | tar -x\n",
            "FROM alpine\nRUN set -euxo pipefail; curl x | tar -x\n",
            "FROM a AS b\nSHELL [\"/bin/bash\", \"-euo\", \"pipefail\", \"-c\"]\nFROM b\nRUN curl x | tar -x\n",
            "FROM a\nRUN echo \"$SHA *f\" | sha256sum -c -\n",
            "FROM a\nRUN find / -name x | xargs -r ldd | awk '{print $1}' | sort -u\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x | Remove-Item\n",
            "FROM a\nRUN a || b\n",
            // The status of a pipe inside an argument's `$(…)` is lost even with pipefail (issue #19).
            "FROM a\nRUN pip install $(cat requirements.in | grep -v '^#')\n",
            "FROM a\nRUN echo \"$(curl -s x | head -c 10)\" > /version\n",
        ]);
    }
}
