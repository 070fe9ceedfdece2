use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C004",
    name: "expose-proto-casing",
    category: Category::Correctness,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["ExposeProtoCasing"],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "An EXPOSE protocol is not lowercase (`80/TCP`).",
        why: "Protocols are `tcp`, `udp` and `sctp` in lowercase. Uppercase happens to work today because it is \
              normalised, but tools that read the image config compare the text, and BuildKit reports it.",
        bad: "EXPOSE 53/UDP\n",
        good: "EXPOSE 53/udp\n",
        source: "Docker docs, build checks: ExposeProtoCasing.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for view in model.views() {
        let View::Expose(ports) = view else {
            continue;
        };
        for port in ports {
            let word = &port.word;
            let Some(at) = word.value.rfind('/') else { continue };
            let protocol = &word.value[at + 1..];
            if protocol == protocol.to_ascii_lowercase() {
                continue;
            }
            let lower = protocol.to_ascii_lowercase();
            let mut hit = Hit::new(
                word.span,
                format!("protocol `{protocol}` should be lowercase: `{lower}`"),
            );
            let raw = &model.source[word.span.start..word.span.end];
            if raw == word.value {
                let start = word.span.start + at + 1;
                hit = hit.with_fix(Fix::safe(
                    format!("write `{lower}`"),
                    vec![Edit::replace(start..word.span.end, lower)],
                ));
            }
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, fixed};

    #[test]
    fn fires_and_lowercases() {
        assert_eq!(
            fixed(&RULE, "EXPOSE 80/TCP 53/Udp\n").as_deref(),
            Some("EXPOSE 80/tcp 53/Udp\n")
        );
        assert_eq!(check(&RULE, "EXPOSE 80/TCP 53/Udp\n").len(), 2);
    }

    #[test]
    fn quiet_on_lowercase() {
        for source in ["EXPOSE 80/tcp\n", "EXPOSE 80\n"] {
            assert!(check(&RULE, source).is_empty(), "{source}");
        }
    }
}
