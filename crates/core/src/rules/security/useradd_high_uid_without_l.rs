use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::layers::tables::split_reference;
use crate::model::{Base, Model};
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
        summary: "`useradd` with a high UID runs without `-l`/`--no-log-init` on a release whose shadow is older \
                  than 4.6.",
        why: "Before shadow 4.6 (2018), `useradd` wrote a zeroed slot for the new UID into `/var/log/lastlog` \
              (292 bytes per UID) and `/var/log/faillog` (32 bytes per UID), even far past their end: sparse \
              files, which image layers do not keep sparse, so a UID like 123456 added about 40 MB of zeros to \
              the layer. `-l` skips those databases, which a container does not use. Since 4.6 `useradd` leaves \
              a slot past the end alone: a real build of `useradd -u 123456` on Debian 12 (shadow 4.13) writes \
              4.3 kB, with or without `-l`, so this rule speaks only of base images whose tag names an older \
              release (Debian 10 buster and before, Ubuntu 18.04 bionic and before). hadolint's DL3046 warns on \
              every image.",
        bad: "FROM python:3.8-buster\nRUN useradd -u 123456 app\n",
        good: "FROM python:3.8-buster\nRUN useradd -l -u 123456 app\n",
        source: "shadow's `useradd.c` (`lastlog_reset`: nothing is written for a UID past the file's end since \
                 4.6); Docker docs, \"Building best practices\" (USER); hadolint DL3046; a real build \
                 (`tests/builds/useradd-high-uid`).",
    },
    check,
};

/// Releases whose `useradd` comes from a shadow older than 4.6: Debian 10 and before, Ubuntu 18.04 and before
/// (Debian 11 and Ubuntu 20.04 have 4.8).
const SHADOW_BEFORE_4_6: &[&str] = &["buster", "stretch", "jessie", "wheezy", "bionic", "xenial", "trusty"];

/// The release with an old shadow that `reference`'s tag names (`python:3.8-buster`, `debian:10`,
/// `ubuntu:18.04`), if any.
fn old_shadow_release(reference: &str) -> Option<String> {
    let (name, tag) = split_reference(reference)?;
    if let Some(release) = tag.split(['-', '.']).find(|part| SHADOW_BEFORE_4_6.contains(part)) {
        return Some(release.to_string());
    }
    let major = tag.split(['-', '.']).next()?;
    match name.as_str() {
        "debian" if matches!(major, "7" | "8" | "9" | "10") => Some(format!("Debian {major}")),
        "ubuntu" if ["14.04", "16.04", "18.04"].iter().any(|old| tag.starts_with(old)) => {
            Some(format!("Ubuntu {}", &tag[..5]))
        }
        _ => None,
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, _, scripts) in model.runs() {
        let Some(stage) = model.build.stage_of(index) else { continue };
        let Base::Image { reference, .. } = model.root_base(&model.build.stages[stage]) else {
            continue;
        };
        let Some(release) = old_shadow_release(reference) else {
            continue;
        };
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
                let zeros = uid * (292 + 32) / 1_000_000;
                hits.push(
                    Hit::new(
                        model.span(id.span.clone()),
                        format!(
                            "`useradd` with UID {uid} and no `-l` on {release} (shadow before 4.6) writes about \
                             {zeros} MB of zeros into the layer (lastlog and faillog)"
                        ),
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
    fn fires_on_high_uids_where_shadow_is_older_than_4_6() {
        assert_eq!(
            check(&RULE, "FROM python:3.8-buster\nRUN useradd --uid 1000000 app\n"),
            ["`useradd` with UID 1000000 and no `-l` on buster (shadow before 4.6) writes about 324 MB of zeros \
              into the layer (lastlog and faillog)"]
        );
        assert_eq!(
            check(&RULE, "FROM ubuntu:18.04 AS base\nFROM base\nRUN useradd -u 123456 app\n").len(),
            1,
            "through a stage on the old image"
        );
        assert_eq!(check(&RULE, "FROM debian:10-slim\nRUN useradd -u 70000 app\n").len(), 1);
        assert_eq!(
            fixed(&RULE, "FROM debian:stretch\nRUN useradd -u 70000 -m app\n").unwrap(),
            "FROM debian:stretch\nRUN useradd -l -u 70000 -m app\n"
        );
    }

    #[test]
    fn quiet_on_low_uids_l_and_current_releases() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:10\nRUN useradd -u 10001 app\n",
                "FROM debian:10\nRUN useradd -l -u 123456 app\n",
                "FROM debian:10\nRUN useradd --no-log-init -u 123456 app\n",
                "FROM debian:10\nRUN useradd -u $UID app\n",
                "FROM alpine:3.20\nRUN adduser -D -u 123456 app\n",
                // shadow 4.13 and 4.8: a real build of this line on Debian 12 writes 4.3 kB (tests/builds).
                "FROM debian:12\nRUN useradd -u 123456 app\n",
                "FROM python:3.12-slim\nRUN useradd -u 123456 app\n",
                "FROM ubuntu:20.04\nRUN useradd -u 123456 app\n",
                "FROM debian:bullseye\nRUN useradd -u 123456 app\n",
                // An image the rule cannot date: most images today have a current shadow.
                "FROM example.com/team/base:1\nRUN useradd -u 123456 app\n",
            ],
        );
    }
}
