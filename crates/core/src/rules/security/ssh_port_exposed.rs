use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::instructions::View;

pub static RULE: Rule = Rule {
    code: "S009",
    name: "ssh-port-exposed",
    category: Category::Security,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &["DS-0004"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "The image exposes port 22 (SSH).",
        why: "Running an SSH server in a container adds a long-lived login surface with its own keys and \
              passwords to manage, and is almost never needed: `docker exec` and `kubectl exec` give a shell \
              without one. Remove the SSH server and the `EXPOSE 22`.",
        bad: "FROM debian:bookworm-slim\nEXPOSE 22\n",
        good: "FROM debian:bookworm-slim\nEXPOSE 8080\n",
        source: "Trivy DS004 (AVD-DS-0004); Docker docs, \"docker exec\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for view in model.views() {
        let View::Expose(ports) = view else {
            continue;
        };
        for port in ports {
            let includes_22 = match port.port.split_once('-') {
                Some((low, high)) => {
                    low.parse::<u32>().is_ok_and(|l| l <= 22) && high.parse::<u32>().is_ok_and(|h| h >= 22)
                }
                None => port.port == "22",
            };
            if includes_22 && port.protocol == "tcp" {
                hits.push(Hit::new(
                    port.word.span,
                    format!("`EXPOSE {}` exposes SSH", port.word.value),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_port_22() {
        assert_eq!(flagged(&RULE, "FROM debian:12\nEXPOSE 80 22/tcp\n"), ["22/tcp"]);
        assert_eq!(check(&RULE, "FROM debian:12\nEXPOSE 20-25\n").len(), 1);
    }

    #[test]
    fn quiet_on_other_ports() {
        for source in ["FROM debian:12\nEXPOSE 2222 220\n", "FROM debian:12\nEXPOSE 22/udp\n"] {
            assert!(check(&RULE, source).is_empty(), "{source}");
        }
    }
}
