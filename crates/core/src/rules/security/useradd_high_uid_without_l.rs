use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "S012",
    name: "useradd-high-uid-without-l",
    category: Category::Security,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3046"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[Effect::Paths(&["/var/log/lastlog", "/var/log/faillog"])],
    explanation: Explanation {
        summary: "`useradd` with a high UID runs without `-l`/`--no-log-init`.",
        why: "`useradd` reserves a slot for the new UID in `/var/log/lastlog` and `/var/log/faillog`, which are \
              sparse files indexed by UID. Image layers do not keep files sparse, so a UID like 100000 adds \
              tens of megabytes of zeros to the layer, and very large UIDs can exhaust the disk. `-l` skips \
              those databases, which a container does not use.",
        bad: "FROM debian:bookworm-slim\nRUN useradd -u 123456 app\n",
        good: "FROM debian:bookworm-slim\nRUN useradd -l -u 123456 app\n",
        source: "Docker docs, \"Building best practices\" (USER); hadolint DL3046.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (_, _, scripts) in model.runs() {
        for script in scripts {
            for command in script.commands() {
                let Program::User(user) = &command.program else {
                    continue;
                };
                if user.tool != "useradd" || user.no_log_init {
                    continue;
                }
                let Some(id) = user.id.as_ref() else { continue };
                let Ok(uid) = id.value.parse::<u64>() else { continue };
                if uid <= 65535 {
                    continue;
                }
                let Some(program) = command.program_word() else {
                    continue;
                };
                hits.push(
                    Hit::new(
                        model.span(id.span.clone()),
                        format!("`useradd` with UID {uid} and no `-l` writes a large sparse lastlog into the layer"),
                    )
                    .with_fix(Fix::safe("add `-l`", vec![Edit::insert(program.span.end, " -l")])),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_on_high_uids() {
        assert_eq!(
            check(&RULE, "FROM debian:12\nRUN useradd --uid 1000000 app\n"),
            ["`useradd` with UID 1000000 and no `-l` writes a large sparse lastlog into the layer"]
        );
        assert_eq!(
            fixed(&RULE, "FROM debian:12\nRUN useradd -u 70000 -m app\n").unwrap(),
            "FROM debian:12\nRUN useradd -l -u 70000 -m app\n"
        );
    }

    #[test]
    fn quiet_on_low_uids_and_l() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:12\nRUN useradd -u 10001 app\n",
                "FROM debian:12\nRUN useradd -l -u 123456 app\n",
                "FROM debian:12\nRUN useradd --no-log-init -u 123456 app\n",
                "FROM debian:12\nRUN useradd -u $UID app\n",
                "FROM alpine:3.20\nRUN adduser -D -u 123456 app\n",
            ],
        );
    }
}
