use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C022",
    name: "expose-port-out-of-range",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3011"],
    buildkit: &[],
    trivy: &["DS-0008"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "EXPOSE names a port outside 0-65535 or a protocol other than tcp, udp or sctp.",
        why: "TCP and UDP ports are 16-bit numbers, so `EXPOSE 80800` can never be listened on or published; the \
              build fails with an invalid port error, or the typo hides the port the app really uses.",
        bad: "EXPOSE 80800\n",
        good: "EXPOSE 8080\n",
        source: "Dockerfile reference, EXPOSE; hadolint DL3011.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for view in model.views() {
        let View::Expose(ports) = view else {
            continue;
        };
        for port in ports {
            if port.port.contains('$') || port.port.contains(':') {
                continue;
            }
            let numbers: Vec<&str> = port.port.split('-').collect();
            let bad_number = numbers.iter().find(|n| !n.parse::<u32>().is_ok_and(|v| v <= 65535));
            let message = if let Some(number) = bad_number {
                format!("`{number}` is not a port number (0-65535)")
            } else if !matches!(port.protocol.as_str(), "tcp" | "udp" | "sctp") {
                format!("`{}` is not a protocol EXPOSE accepts (tcp, udp, sctp)", port.protocol)
            } else {
                continue;
            };
            hits.push(Hit::new(port.word.span, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_on_impossible_ports() {
        assert_eq!(
            flagged(&RULE, "EXPOSE 80 80800 70000-70010/udp 53/icmp\n"),
            ["80800", "70000-70010/udp", "53/icmp"]
        );
    }

    #[test]
    fn quiet_on_valid_ports() {
        assert_quiet(
            &RULE,
            &[
                "EXPOSE 0 65535 8000-8010/udp 9/SCTP\n",
                "EXPOSE $PORT\n",
                "EXPOSE 80:80\n",
            ],
        );
    }
}
