use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;
use crate::syntax::instructions::View;

pub static RULE: Rule = Rule {
    code: "S006",
    name: "tls-verification-disabled",
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
        summary: "A download or package install turns off TLS or signature verification.",
        why: "`curl -k`, `wget --no-check-certificate`, `apk --allow-untrusted`, `apt-get \
              --allow-unauthenticated`, `npm config set strict-ssl false`, `git config http.sslVerify false`, \
              `GIT_SSL_NO_VERIFY` and `NODE_TLS_REJECT_UNAUTHORIZED=0` accept whatever a network attacker \
              serves, and the result runs inside your image. Fix the trust store instead (install \
              `ca-certificates`, add the internal CA) and keep verification on.",
        bad: "FROM debian:bookworm-slim\nRUN curl -k -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\n",
        good: "FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\n",
        source: "curl, wget, apk, apt, npm and git manuals (verification options).",
    },
    check,
};

fn insecure_var(name: &str, value: &str) -> Option<String> {
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    match name {
        "GIT_SSL_NO_VERIFY" if !value.is_empty() && value != "0" && value != "false" => {
            Some(format!("`{name}` turns off certificate checks for every git download"))
        }
        "NODE_TLS_REJECT_UNAUTHORIZED" if value == "0" => {
            Some(format!("`{name}=0` turns off certificate checks for Node.js HTTPS"))
        }
        "CURL_INSECURE" | "NPM_CONFIG_STRICT_SSL" | "npm_config_strict_ssl"
            if matches!(value, "1" | "true" | "false") =>
        {
            let off = (name == "CURL_INSECURE") == (value != "false");
            off.then(|| format!("`{name}={value}` turns off certificate checks"))
        }
        _ => None,
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, view) in model.views().enumerate() {
        match view {
            View::Env(pairs) => {
                for pair in pairs.iter() {
                    if let Some(message) = insecure_var(&pair.key.value, &pair.value.value) {
                        hits.push(Hit::new(pair.key.span, message));
                    }
                }
            }
            View::Arg(decls) => {
                for decl in decls {
                    if let Some(message) = decl.default.as_deref().and_then(|d| insecure_var(&decl.name, d)) {
                        hits.push(Hit::new(decl.word.span, message));
                    }
                }
            }
            _ => {}
        }
        for script in model.scripts(index) {
            for command in script.commands() {
                for assignment in &command.assignments {
                    if let Some(message) = insecure_var(&assignment.name, &assignment.value) {
                        hits.push(Hit::new(model.span(assignment.word.span.clone()), message));
                    }
                }
                let args = command.args();
                let flag = |names: &[&str]| args.iter().find(|a| names.contains(&a.value.as_str()));
                let found = match &command.program {
                    Program::Fetch(f) if f.insecure => flag(&["-k", "--insecure", "--no-check-certificate"])
                        .or_else(|| {
                            args.iter().find(|a| {
                                a.value.starts_with('-') && !a.value.starts_with("--") && a.value.contains('k')
                            })
                        })
                        .map(|w| (w, format!("`{} {}` skips certificate checks", command.name(), w.value))),
                    Program::Apk(a) if a.allow_untrusted => flag(&["--allow-untrusted"]).map(|w| {
                        (
                            w,
                            "`apk --allow-untrusted` installs packages without checking signatures".to_string(),
                        )
                    }),
                    Program::AptGet(a) => flag(&[
                        "--allow-unauthenticated",
                        "--allow-insecure-repositories",
                        "--force-yes",
                    ])
                    .map(|w| {
                        (
                            w,
                            format!("`{} {}` installs packages without checking signatures", a.tool, w.value),
                        )
                    })
                    .or_else(|| {
                        args.iter()
                            .find(|w| {
                                let v = w.value.to_ascii_lowercase();
                                (v.contains("verify-peer")
                                    || v.contains("verify-host")
                                    || v.contains("allowunauthenticated")
                                    || v.contains("allowinsecurerepositories"))
                                    && (v.ends_with("=false") || v.ends_with("=true") && v.contains("allow"))
                            })
                            .map(|w| (w, format!("`{}` turns off apt's verification", w.value)))
                    }),
                    Program::Node(n) => n
                        .config
                        .as_ref()
                        .filter(|(k, v)| k == "strict-ssl" && v == "false")
                        .and_then(|_| args.iter().find(|a| a.value.contains("strict-ssl")))
                        .map(|w| {
                            (
                                w,
                                format!(
                                    "`{} config set strict-ssl false` skips certificate checks",
                                    command.name()
                                ),
                            )
                        }),
                    Program::Git(_) => args
                        .iter()
                        .enumerate()
                        .find(|(k, w)| {
                            let v = w.value.to_ascii_lowercase();
                            v == "http.sslverify=false"
                                || (v == "http.sslverify"
                                    && args.get(k + 1).is_some_and(|n| n.value.eq_ignore_ascii_case("false")))
                        })
                        .map(|(_, w)| {
                            (
                                w,
                                "`git config http.sslVerify false` skips certificate checks".to_string(),
                            )
                        }),
                    _ => None,
                };
                if let Some((word, message)) = found {
                    hits.push(Hit::new(model.span(word.span.clone()), message));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_each_tool() {
        assert_eq!(flagged(&RULE, "FROM debian:12\nRUN curl -k https://x -o f\n"), ["-k"]);
        assert_eq!(
            flagged(&RULE, "FROM debian:12\nRUN curl -fsSLk https://x -o f\n"),
            ["-fsSLk"]
        );
        assert_eq!(
            check(&RULE, "FROM debian:12\nRUN wget --no-check-certificate https://x\n").len(),
            1
        );
        assert_eq!(
            check(&RULE, "FROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/x.apk\n").len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "FROM debian:12\nRUN apt-get install -y --allow-unauthenticated x\n"
            )
            .len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "FROM debian:12\nRUN apt-get -o Acquire::https::Verify-Peer=false update\n"
            )
            .len(),
            1
        );
        assert_eq!(
            check(&RULE, "FROM node:22\nRUN npm config set strict-ssl false\n").len(),
            1
        );
        assert_eq!(
            check(&RULE, "FROM debian:12\nRUN git config --global http.sslVerify false\n").len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "FROM debian:12\nRUN git -c http.sslVerify=false clone https://x\n"
            )
            .len(),
            1
        );
        assert_eq!(
            flagged(
                &RULE,
                "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 GIT_SSL_NO_VERIFY=1\n"
            ),
            ["NODE_TLS_REJECT_UNAUTHORIZED", "GIT_SSL_NO_VERIFY"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM debian:12\nRUN GIT_SSL_NO_VERIFY=true git clone https://x\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_with_verification_on() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:12\nRUN curl -fsSL https://x -o f\n",
                "FROM debian:12\nRUN wget -O python.tar.xz https://www.python.org/x\n",
                "FROM debian:12\nRUN apt-get install -y --no-install-recommends ca-certificates\n",
                "FROM node:22\nRUN npm config set strict-ssl true\n",
                "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\n",
                "FROM debian:12\nRUN git config --global http.sslVerify true\n",
            ],
        );
    }
}
