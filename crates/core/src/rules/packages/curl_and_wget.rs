use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::line;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{FetchTool, Program};

pub static RULE: Rule = Rule {
    code: "P019",
    name: "curl-and-wget",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &["DL4001"],
    buildkit: &[],
    trivy: &["DS-0014"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A stage downloads with both `curl` and `wget`, where one tool would do.",
        why: "Each downloader you install adds its own binaries, libraries and future security updates to the \
              image. Using one of them consistently keeps the image smaller and the download options (retries, \
              failure on HTTP errors, quiet output) uniform.",
        bad: "FROM debian:bookworm-slim\nRUN curl -fsSLo a.tgz https://example.com/a.tgz \\\n && wget -q https://example.com/b.tgz\n",
        good: "FROM debian:bookworm-slim\nRUN curl -fsSLo a.tgz https://example.com/a.tgz \\\n && curl -fsSLO https://example.com/b.tgz\n",
        source: "hadolint DL4001; Trivy DS014.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let (mut curl, mut wget) = (None, None);
        for cmd in stage.instructions.iter().flat_map(|&index| model.commands_of(index)) {
            let Program::Fetch(fetch) = &cmd.command.program else {
                continue;
            };
            let slot = if fetch.tool == FetchTool::Curl {
                &mut curl
            } else {
                &mut wget
            };
            if slot.is_none() {
                *slot = Some(
                    cmd.command
                        .program_word()
                        .map_or(cmd.command.span.clone(), |w| w.span.clone()),
                );
            }
        }
        let (Some(curl), Some(wget)) = (curl, wget) else {
            continue;
        };
        let (first, second, second_name, first_name) = if curl.start < wget.start {
            (curl, wget, "wget", "curl")
        } else {
            (wget, curl, "curl", "wget")
        };
        hits.push(Hit::new(
            model.span(second.clone()),
            format!(
                "`{second_name}` is used although this stage already downloads with `{first_name}` (line {}): one \
                 downloader is enough",
                line(model, first.start)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_once_per_stage() {
        let source = "FROM debian\nRUN curl -fsSLO https://a\nRUN wget -q https://b && wget -q https://c\n";
        assert_eq!(
            check(&RULE, source),
            ["`wget` is used although this stage already downloads with `curl` (line 2): one downloader is enough"]
        );
        assert_eq!(flagged(&RULE, source), ["wget"]);
    }

    #[test]
    fn quiet_across_stages_and_on_mentions() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian AS a\nRUN curl -fsSLO https://a\nFROM alpine\nRUN wget -q https://b\n",
                "FROM debian\nRUN apt-get install -y curl wget\n",
                "FROM debian\nRUN command -v wget && curl -fsSLO https://a\n",
            ],
        );
    }

    /// Both tools in a build stage cost nothing in the shipped image.
    #[test]
    fn quiet_in_build_only_stages() {
        assert_quiet(&RULE, &["FROM debian:bookworm AS fetch\nRUN curl -fsSLo /a https://x/a && wget -O /b https://x/b\nFROM debian:bookworm-slim\nCOPY --from=fetch /a /b /opt/\n"]);
    }
}
