use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "S008",
    name: "world-writable-permissions",
    category: Category::Security,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`chmod 777` (or `a+rwx`, `o+w`, `COPY --chmod=777`) makes files writable by every user.",
        why: "World-writable files let any process in the container, whatever its user, change the \
              application's code or configuration, which turns a small compromise into a persistent one. \
              Give ownership to the user that needs to write (`chown` or `COPY --chown`) and keep modes like \
              `755`/`644`. Shared directories such as `/tmp` use the sticky bit (`1777`), which is fine. \
              No automatic fix: tightening permissions can break whatever relies on them.",
        bad: "FROM python:3.12-slim\nCOPY . /app\nRUN chmod -R 777 /app\n",
        good: "FROM python:3.12-slim\nCOPY --chown=10001:10001 . /app\nUSER 10001\n",
        source: "CIS Docker Benchmark (file permissions); Docker docs, COPY `--chown`/`--chmod`.",
    },
    check,
};

/// Whether a chmod mode grants write to others, without the sticky bit.
pub fn world_writable(mode: &str) -> bool {
    if !mode.is_empty() && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let digits = mode.as_bytes();
        let others = digits[digits.len() - 1] - b'0';
        let sticky = digits.len() == 4 && (digits[0] - b'0') & 1 == 1;
        return others & 2 != 0 && !sticky;
    }
    // Symbolic: `o+w`, `a+rwx`, `ugo=rwx`, `+w` is umask-limited and left alone.
    mode.split(',').any(|clause| {
        let (who, rest) = match clause.find(['+', '=']) {
            Some(at) => (&clause[..at], &clause[at + 1..]),
            None => return false,
        };
        (who.contains('o') || who.contains('a')) && rest.contains('w') && !rest.contains('t')
    })
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, instruction) in model.instructions.iter().enumerate() {
        if let Some(copy) = instruction.as_copy() {
            if let Some(flag) = copy.chmod {
                if flag.value.as_deref().is_some_and(world_writable) {
                    hits.push(Hit::new(
                        flag.span,
                        format!("`{}` makes the copied files writable by every user", flag.raw),
                    ));
                }
            }
        }
        for script in model.scripts(index) {
            for command in script.commands() {
                let Program::Chmod(chmod) = &command.program else {
                    continue;
                };
                let Some(mode) = chmod.mode.as_ref().filter(|m| world_writable(&m.value)) else {
                    continue;
                };
                let paths = chmod
                    .paths
                    .iter()
                    .map(|p| format!("`{}`", p.value))
                    .collect::<Vec<_>>()
                    .join(", ");
                hits.push(Hit::new(
                    model.span(mode.span.clone()),
                    format!("`chmod {}` makes {paths} writable by every user", mode.value),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{world_writable, RULE};
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn modes() {
        for mode in ["777", "0777", "666", "772", "a+rwx", "o+w", "u+x,o+w", "ugo=rwx"] {
            assert!(world_writable(mode), "{mode}");
        }
        for mode in ["755", "1777", "0755", "644", "+x", "u+rwx", "g+w", "a+rx", "a+rwxt"] {
            assert!(!world_writable(mode), "{mode}");
        }
    }

    #[test]
    fn fires_on_chmod_and_copy_chmod() {
        assert_eq!(
            check(&RULE, "FROM debian:12\nRUN chmod -R 777 /app\n"),
            ["`chmod 777` makes `/app` writable by every user"]
        );
        assert_eq!(
            flagged(&RULE, "FROM debian:12\nCOPY --chmod=777 a /a\n"),
            ["--chmod=777"]
        );
    }

    #[test]
    fn quiet_on_safe_modes() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:12\nRUN chmod 1777 /tmp/shared\n",
                "FROM debian:12\nRUN chmod +x /entrypoint.sh\n",
                "FROM debian:12\nCOPY --chmod=755 a /a\n",
            ],
        );
    }

    /// devcontainers/images' dotnet image opens the SDK folder to its developer on purpose.
    #[test]
    fn quiet_in_dev_containers() {
        assert_quiet(&RULE, &["FROM mcr.microsoft.com/devcontainers/dotnet:8.0\nRUN chmod -R a+w /usr/share/dotnet\n"]);
    }
}
