use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::instructions::View;

pub static RULE: Rule = Rule {
    code: "Y011",
    name: "python-tls-verification-off",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary:
            "pip or Python is told not to verify TLS (`--trusted-host`, `PIP_TRUSTED_HOST`, `PYTHONHTTPSVERIFY=0`).",
        why: "A trusted host is served over plain HTTP or with any certificate, so anyone on the network path \
              of the build can substitute packages, and the code they inject runs in your image. \
              `PYTHONHTTPSVERIFY=0` turns off certificate checks for Python's HTTPS clients at run time as \
              well. If a private index uses an internal CA, give pip the CA (`--cert`, `PIP_CERT`) instead.",
        bad: "FROM python:3.12-slim\nRUN pip install --no-cache-dir --trusted-host pypi.internal -r requirements.txt\n",
        good: "FROM python:3.12-slim\nCOPY internal-ca.pem /etc/ssl/internal-ca.pem\n\
               RUN pip install --no-cache-dir --cert /etc/ssl/internal-ca.pem -r requirements.txt\n",
        source: "pip docs, \"HTTPS certificates\" and `--trusted-host`; Python docs, PEP 493 (`PYTHONHTTPSVERIFY`).",
    },
    check,
};

/// Why a variable assignment turns verification off, if it does.
fn insecure_var(name: &str, value: Option<&str>) -> Option<String> {
    let value = value.map(|v| v.trim_matches(|c| c == '"' || c == '\''));
    match (name, value) {
        ("PIP_TRUSTED_HOST" | "UV_INSECURE_HOST", Some(v)) if !v.is_empty() => {
            Some(format!("`{name}={v}` turns off TLS verification for `{v}`"))
        }
        ("PYTHONHTTPSVERIFY", Some("0")) => {
            Some("`PYTHONHTTPSVERIFY=0` turns off certificate checks for Python's HTTPS clients".into())
        }
        _ => None,
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, view) in model.views().enumerate() {
        match view {
            View::Env(pairs) => {
                for pair in pairs.iter() {
                    if let Some(message) = insecure_var(&pair.key.value, Some(&pair.value.value)) {
                        hits.push(Hit::new(pair.key.span, message));
                    }
                }
            }
            View::Arg(decls) => {
                for decl in decls {
                    if let Some(message) = insecure_var(&decl.name, decl.default.as_deref()) {
                        hits.push(Hit::new(decl.word.span, message));
                    }
                }
            }
            _ => {}
        }
        for script in model.scripts(index) {
            for command in script.commands() {
                for assignment in &command.assignments {
                    if let Some(message) = insecure_var(&assignment.name, Some(&assignment.value)) {
                        hits.push(Hit::new(model.span(assignment.word.span.clone()), message));
                    }
                }
                let args = command.args();
                for (k, arg) in args.iter().enumerate() {
                    let v = arg.value.as_str();
                    let host = if v == "--trusted-host" || v == "--allow-insecure-host" {
                        args.get(k + 1).map(|w| w.value.clone())
                    } else if let Some(h) = v
                        .strip_prefix("--trusted-host=")
                        .or_else(|| v.strip_prefix("--allow-insecure-host="))
                    {
                        Some(h.to_string())
                    } else if v.ends_with(".trusted-host") && command.name().starts_with("pip") {
                        args.get(k + 1).map(|w| w.value.clone())
                    } else {
                        None
                    };
                    if let Some(host) = host {
                        hits.push(Hit::new(
                            model.span(arg.span.clone()),
                            format!("`{v}` turns off TLS verification for `{host}`"),
                        ));
                    }
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
    fn fires_on_trusted_hosts_and_verify_off() {
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN pip install --trusted-host mirror.example.com x\n"
            ),
            ["`--trusted-host` turns off TLS verification for `mirror.example.com`"]
        );
        assert_eq!(
            flagged(
                &RULE,
                "FROM python:3.12\nENV PIP_TRUSTED_HOST=pypi.internal PYTHONHTTPSVERIFY=0\n"
            ),
            ["PIP_TRUSTED_HOST", "PYTHONHTTPSVERIFY"]
        );
        assert_eq!(check(&RULE, "FROM python:3.12\nARG PYTHONHTTPSVERIFY=0\n").len(), 1);
        assert_eq!(
            check(&RULE, "FROM python:3.12\nRUN PIP_TRUSTED_HOST=x pip install y\n").len(),
            1
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12\nRUN pip config set global.trusted-host x\n").len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN uv pip install --allow-insecure-host=x y\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_on_verified_installs() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nRUN pip install --cert /ca.pem x\n",
                "FROM python:3.12\nENV PYTHONHTTPSVERIFY=1\n",
                "FROM python:3.12\nENV PIP_TRUSTED_HOST=\"\"\n",
                "FROM python:3.12\nRUN echo --trusted-host\n",
            ],
        );
    }
}
