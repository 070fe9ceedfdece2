use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{Program, RemoteVia};

pub static RULE: Rule = Rule {
    code: "S007",
    name: "remote-script-executed",
    category: Category::Security,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A downloaded script is run straight by a shell or interpreter (`curl ... | sh`).",
        why: "Whatever the server returns on the day of the build runs with root rights in your image: a \
              compromised or changed script, or a download cut off halfway, which a shell still executes \
              line by line. Download to a file, verify its checksum (or signature), then run it; or use \
              `ADD --checksum=sha256:... <url>`.",
        bad: "FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/install.sh | sh\n",
        good: "FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n    && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - \\\n    && sh /tmp/install.sh\n",
        source: "Docker docs, \"Building best practices\" (ADD --checksum); CIS Docker Benchmark 4.x (verify downloads).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (_, _, scripts) in model.runs() {
        for script in scripts {
            for exec in script.remote_executions() {
                let (Some(fetch), Some(interpreter)) = (script.get(exec.fetch), script.get(exec.interpreter)) else {
                    continue;
                };
                let url = match &fetch.program {
                    Program::Fetch(f) => f.urls.first().map(|u| u.value.clone()).unwrap_or_default(),
                    _ => String::new(),
                };
                let range = match exec.via {
                    RemoteVia::Pipe => fetch.span.start..interpreter.span.end,
                    RemoteVia::Substitution => interpreter.span.clone(),
                };
                let what = if url.is_empty() {
                    "a download".to_string()
                } else {
                    format!("`{url}`")
                };
                hits.push(Hit::new(
                    model.span(range),
                    format!(
                        "{what} is run by `{}` without being saved and verified first",
                        interpreter.name()
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
    fn fires_on_pipes_and_substitutions() {
        assert_eq!(
            flagged(&RULE, "FROM debian:12\nRUN curl -fsSL https://x/i.sh | bash -s -- -y\n"),
            ["curl -fsSL https://x/i.sh | bash -s -- -y"]
        );
        assert_eq!(
            check(&RULE, "FROM debian:12\nRUN sh -c \"$(wget -qO- https://x/i.sh)\"\n"),
            ["`https://x/i.sh` is run by `sh` without being saved and verified first"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN curl -sSL https://install.python-poetry.org | python3 -\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_on_saved_downloads() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://x/i.sh && sh /tmp/i.sh\n",
                "FROM debian:12\nRUN curl -fsSL https://x/key.asc | gpg --dearmor -o /k.gpg\n",
                "FROM debian:12\nRUN wget -O python.tar.xz https://x && tar -xf python.tar.xz\n",
            ],
        );
    }
}
