use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C032",
    name: "invalid-label-key",
    category: Category::Correctness,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3048"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A LABEL key does not follow Docker's key format or uses a reserved namespace.",
        why: "Label keys should be lowercase letters, digits, `.` and `-`, start and end with a letter or digit, \
              and use reverse-DNS namespaces; `com.docker.*`, `io.docker.*` and `org.dockerproject.*` are \
              reserved for Docker. Tools that filter or index labels (registries, scanners, orchestrators) may \
              reject or misread other keys.",
        bad: "FROM python:3.12-slim\nLABEL Version_Info=1.0\n",
        good: "FROM python:3.12-slim\nLABEL org.opencontainers.image.version=1.0\n",
        source: "Docker docs, \"Docker object labels\" (key format recommendations); hadolint DL3048.",
    },
    check,
};

fn problem(key: &str) -> Option<&'static str> {
    let bytes = key.as_bytes();
    if key.contains('$') {
        return None;
    }
    if key.is_empty() {
        return Some("is empty");
    }
    if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|p| key.starts_with(p))
    {
        return Some("uses a namespace reserved for Docker");
    }
    if !bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-'))
    {
        return Some("should only contain lowercase letters, digits, `.` and `-`");
    }
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.first().is_some_and(alnum) || !bytes.last().is_some_and(alnum) {
        return Some("should start and end with a letter or digit");
    }
    if key.contains("..") || key.contains("--") {
        return Some("should not repeat `.` or `-`");
    }
    None
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for view in model.views() {
        let View::Label(pairs) = view else {
            continue;
        };
        for pair in pairs.iter() {
            let raw = pair.key.value.as_str();
            // BuildKit removes the quotes around a key (`'d'=x` and `"d"=x` set `d`).
            let quoted = raw.len() >= 2
                && (raw.starts_with('"') && raw.ends_with('"') || raw.starts_with('\'') && raw.ends_with('\''));
            let key = if quoted { &raw[1..raw.len() - 1] } else { raw };
            if let Some(problem) = problem(key) {
                hits.push(Hit::new(pair.key.span, format!("label key `{key}` {problem}")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_bad_keys() {
        assert_eq!(
            flagged(&RULE, "LABEL Version=1 com.docker.x=1 -a=1 a..b=1 ok.key=1\n"),
            ["Version", "com.docker.x", "-a", "a..b"]
        );
    }

    #[test]
    fn quiet_on_good_keys() {
        assert!(check(
            &RULE,
            "LABEL org.opencontainers.image.source=x maintainer=\"me\" a1-b.c=2 'd'=x \"e\"=y\n"
        )
        .is_empty());
    }
}
