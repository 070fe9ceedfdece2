use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C041",
    name: "invalid-stopsignal",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "STOPSIGNAL names a signal that does not exist.",
        why: "STOPSIGNAL must be a signal name such as `SIGTERM`, `SIGINT` or `SIGQUIT` (with or without `SIG`) or \
              a positive number; anything else fails the build with \"Invalid signal\". The signal is what \
              `docker stop` sends, so a typo would otherwise leave the app without its graceful shutdown.",
        bad: "FROM nginx:1.27\nSTOPSIGNAL SIGQUITE\n",
        good: "FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n",
        source: "Dockerfile reference, STOPSIGNAL; Linux signal(7).",
    },
    check,
};

const SIGNALS: [&str; 34] = [
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL",
    "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1",
    "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
];

fn valid(signal: &str) -> bool {
    if let Ok(number) = signal.parse::<u32>() {
        return number > 0;
    }
    let upper = signal.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    let realtime = |base: &str, sign: char| {
        name.strip_prefix(base).is_some_and(|rest| {
            rest.is_empty()
                || rest
                    .strip_prefix(sign)
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| (1..=15).contains(&n))
        })
    };
    SIGNALS.contains(&name) || realtime("RTMIN", '+') || realtime("RTMAX", '-')
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for view in model.views() {
        let View::StopSignal(Some(word)) = view else {
            continue;
        };
        if word.value.contains('$') || valid(word.value.trim()) {
            continue;
        }
        hits.push(Hit::new(word.span, format!("`{}` is not a signal", word.value)));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_unknown_signals() {
        assert_eq!(flagged(&RULE, "FROM a\nSTOPSIGNAL SIGQUITE\n"), ["SIGQUITE"]);
        assert_eq!(check(&RULE, "FROM a\nSTOPSIGNAL 0\n").len(), 1);
    }

    #[test]
    fn quiet_on_valid_signals() {
        for signal in ["SIGTERM", "term", "9", "SIGRTMIN+3", "SIGWINCH", "$SIG"] {
            assert!(
                check(&RULE, &format!("FROM a\nSTOPSIGNAL {signal}\n")).is_empty(),
                "{signal}"
            );
        }
    }
}
