use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::instructions::View;
use crate::syntax::Keyword;

/// Like BuildKit's SecretsUsedInArgOrEnv, by name, but narrower: a bare `KEY` token is not enough
/// (`GPG_KEY` in the official python images is a public key fingerprint), and names ending in a
/// file/path/URL/id word hold a reference to a secret, not the secret, and those ending in a duration or
/// limit word (`ACCESS_TOKEN_EXPIRE_MINUTES`, `TOKEN_LIMIT`) a setting about one.
pub static RULE: Rule = Rule {
    code: "S003",
    name: "secret-in-arg-or-env",
    category: Category::Security,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3064"],
    buildkit: &["SecretsUsedInArgOrEnv"],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "An ARG or ENV looks like it carries a secret (password, token, API key...).",
        why: "ENV values are stored in the image config and visible to anyone who can pull the image \
              (`docker inspect`); ARG values used by a RUN are recorded in the image history. Both outlive \
              any later `unset`. Pass secrets with BuildKit secret mounts (`RUN --mount=type=secret,id=...`), \
              which never reach a layer, and give runtime secrets to the container at start.",
        bad: "FROM python:3.12-slim\nARG GITHUB_TOKEN\nRUN pip install --no-cache-dir -r requirements.txt\n",
        good: "FROM python:3.12-slim\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN \\\n    pip install --no-cache-dir -r requirements.txt\n",
        source: "Docker docs, \"Build secrets\"; BuildKit build check SecretsUsedInArgOrEnv.",
    },
    check,
};

const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pword",
    "secret",
    "token",
    "apikey",
    "credential",
    "credentials",
    "passphrase",
];
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("api", "key"),
    ("access", "key"),
    ("private", "key"),
    ("secret", "key"),
    ("signing", "key"),
    ("encryption", "key"),
    ("master", "key"),
    ("auth", "token"),
];
const REFERENCE_WORDS: &[&str] = &[
    "file",
    "path",
    "dir",
    "url",
    "uri",
    "name",
    "id",
    "type",
    "endpoint",
    "length",
    "len",
    "size",
    "ttl",
    "expiry",
    "header",
    "env",
    "var",
    "mode",
    "location",
    "ref",
    "arn",
    "enabled",
    "version",
    "seconds",
    "minutes",
    "hours",
    "days",
    "timeout",
    "expire",
    "expires",
    "expiration",
    "lifetime",
    "limit",
    "dummy",
];
const PUBLIC_WORDS: &[&str] = &["public", "gpg", "pgp", "fingerprint", "pub"];

/// Whether a variable name names a secret.
pub fn secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let tokens: Vec<&str> = lower.split(['_', '-', '.']).filter(|t| !t.is_empty()).collect();
    let Some(last) = tokens.last() else { return false };
    if REFERENCE_WORDS.contains(last) || tokens.iter().any(|t| PUBLIC_WORDS.contains(t)) {
        return false;
    }
    tokens.iter().any(|t| SECRET_WORDS.contains(t)) || tokens.windows(2).any(|w| SECRET_PAIRS.contains(&(w[0], w[1])))
}

/// Index URLs with credentials are reported by the Python rule `index-url-credentials`.
const INDEX_VARS: &[&str] = &[
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "UV_INDEX_URL",
    "UV_EXTRA_INDEX_URL",
    "UV_INDEX",
    "UV_DEFAULT_INDEX",
];

/// A URL with a literal password (`scheme://user:password@host`).
fn url_with_password(value: &str) -> bool {
    let Some((_, rest)) = value.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit_once('@')
        .and_then(|(info, _)| info.split_once(':'))
        .is_some_and(|(_, password)| !password.is_empty() && !password.starts_with('$'))
}

/// Whether a value looks like a well-known token format.
fn secret_value(value: &str) -> bool {
    let v = value.trim_matches(|c| c == '"' || c == '\'');
    [
        "ghp_",
        "gho_",
        "ghs_",
        "github_pat_",
        "glpat-",
        "xoxb-",
        "xoxp-",
        "hf_",
        "-----BEGIN",
    ]
    .iter()
    .any(|p| v.starts_with(p) && v.len() > 20)
        || (v.starts_with("AKIA") && v.len() == 20 && v.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

/// A variable's name, value and the span of its name.
type Entry = (String, Option<String>, crate::span::Span);

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for index in 0..model.instructions.len() {
        let (keyword, entries): (Keyword, Vec<Entry>) = match model.view(index) {
            View::Env(pairs) => (
                Keyword::Env,
                pairs
                    .iter()
                    .map(|p| (p.key.value.clone(), Some(p.value.value.clone()), p.key.span))
                    .collect(),
            ),
            View::Arg(decls) => (
                Keyword::Arg,
                decls
                    .iter()
                    .map(|d| {
                        let name_span = crate::span::Span {
                            end: d.word.span.start + d.name.len().min(d.word.span.end - d.word.span.start),
                            end_column: d.word.span.column + d.name.chars().count() as u32,
                            ..d.word.span
                        };
                        (d.name.clone(), d.default.clone(), name_span)
                    })
                    .collect(),
            ),
            _ => continue,
        };
        for (name, value, span) in entries {
            let (name, value) = (name.as_str(), value.as_deref());
            let empty = value.is_some_and(|v| v.trim_matches(|c| c == '"' || c == '\'').is_empty());
            let by_name = secret_name(name) && !(keyword == Keyword::Env && empty);
            let by_value = value.is_some_and(secret_value);
            let by_url = !INDEX_VARS.contains(&name) && value.is_some_and(url_with_password);
            if by_name || by_value || by_url {
                let why = if by_name {
                    "its name says it holds a secret"
                } else if by_url {
                    "its URL carries a password"
                } else {
                    "its value looks like a token"
                };
                let kept = if keyword == Keyword::Env {
                    "the image config"
                } else {
                    "the image history"
                };
                hits.push(Hit::new(
                    span,
                    format!("`{keyword} {name}`: {why}, and {kept} keeps it; use a secret mount"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{secret_name, RULE};
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn names() {
        for name in [
            "DB_PASSWORD",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "API_KEY",
            "apikey",
            "HF_TOKEN",
            "AWS_ACCESS_KEY_ID2",
        ] {
            assert!(secret_name(name), "{name}");
        }
        for name in [
            "GPG_KEY",
            "PASSWORD_FILE",
            "TOKEN_URL",
            "PUBLIC_KEY",
            "TOKENIZERS_PARALLELISM",
            "KEYRING",
            "SECRET_KEY_PATH",
            "PYTHON_SHA256",
            "ACCESS_TOKEN_EXPIRE_MINUTES",
            "PASSWORD_RESET_TIMEOUT",
            "TOKEN_LIMIT",
            "SECRET_KEY_BASE_DUMMY",
        ] {
            assert!(!secret_name(name), "{name}");
        }
    }

    #[test]
    fn fires_on_secret_names_and_token_values() {
        assert_eq!(
            check(&RULE, "FROM python:3.12\nARG NPM_TOKEN\n"),
            ["`ARG NPM_TOKEN`: its name says it holds a secret, and the image history keeps it; use a secret mount"]
        );
        assert_eq!(flagged(&RULE, "FROM python:3.12\nARG DB_PASSWORD=x\n"), ["DB_PASSWORD"]);
        assert_eq!(
            flagged(&RULE, "FROM python:3.12\nENV A=1 DJANGO_SECRET_KEY=abc\n"),
            ["DJANGO_SECRET_KEY"]
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12\nENV GH=ghp_0123456789abcdefghijklmnop\n").len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nENV DATABASE_URL=postgres://app:s3cret@db/app\n"
            ),
            ["`ENV DATABASE_URL`: its URL carries a password, and the image config keeps it; use a secret mount"]
        );
    }

    #[test]
    fn quiet_on_public_and_reference_names() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\n",
                "FROM python:3.12\nENV PASSWORD_FILE=/run/secrets/db\n",
                "FROM python:3.12\nARG AUTH_URL=https://auth.example.com\n",
                "FROM python:3.12\nENV DB_PASSWORD=\"\"\n",
                "FROM python:3.12\nENV DATABASE_URL=postgres://app@db/app REDIS_URL=redis://:${REDIS_PW}@r/0\n",
                "FROM python:3.12\nENV PIP_INDEX_URL=https://u:p@h/simple\n",
                "FROM python:3.12\nENV PIP_INDEX_URL=https://u:p@h/simple\n",
            ],
        );
    }
}
