use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::instructions::View;

pub static RULE: Rule = Rule {
    code: "Y012",
    name: "index-url-credentials",
    category: Category::Python,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A package index URL carries a user name or token (`https://user:token@host/...`).",
        why: "The URL is part of the RUN command line or of an ENV/ARG value, and both are stored in the \
              image: `docker history` and the image config show them to anyone who can pull the image, \
              even when a later stage drops the layer. Pass the credential with a BuildKit secret \
              (`RUN --mount=type=secret,id=pip,env=PIP_INDEX_URL pip install ...`) or a secret-mounted \
              `pip.conf`/`.netrc`, so it never reaches a layer or the history.",
        bad: "FROM python:3.12-slim\nRUN pip install --no-cache-dir --index-url https://ci:s3cr3t@pypi.example.com/simple -r requirements.txt\n",
        good: "FROM python:3.12-slim\nRUN --mount=type=secret,id=pip_index,env=PIP_INDEX_URL pip install --no-cache-dir -r requirements.txt\n",
        source: "Docker docs, \"Build secrets\"; BuildKit check SecretsUsedInArgOrEnv; pip docs, \"Authentication\".",
    },
    check,
};

const URL_VARS: [&str; 7] = [
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "UV_INDEX_URL",
    "UV_EXTRA_INDEX_URL",
    "UV_INDEX",
    "UV_DEFAULT_INDEX",
    "POETRY_REPOSITORIES_URL",
];

/// The user-info part of a URL (`user:token` in `https://user:token@host/`), when present.
fn userinfo(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (info, _) = authority.rsplit_once('@')?;
    (!info.is_empty()).then_some(info)
}

/// The variables a text expands (`$TOKEN`, `${TOKEN}`).
fn variables(text: &str) -> Vec<&str> {
    text.split('$')
        .skip(1)
        .map(|part| {
            let part = part.strip_prefix('{').unwrap_or(part);
            let end = part
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(part.len());
            &part[..end]
        })
        .filter(|name| !name.is_empty())
        .collect()
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, instruction) in model.instructions.iter().enumerate() {
        match model.view(index) {
            View::Env(pairs) => {
                for pair in pairs.iter() {
                    if URL_VARS.contains(&pair.key.value.as_str()) && userinfo(&pair.value.value).is_some() {
                        hits.push(Hit::new(
                            pair.value.span,
                            format!(
                                "`{}` holds credentials that are stored in the image config",
                                pair.key.value
                            ),
                        ));
                    }
                }
            }
            View::Arg(decls) => {
                for decl in decls {
                    let default = decl.default.as_deref().unwrap_or("");
                    if URL_VARS.contains(&decl.name.as_str()) && userinfo(default).is_some() {
                        hits.push(Hit::new(
                            decl.word.span,
                            format!(
                                "`{}` default holds credentials that are stored in the image history",
                                decl.name
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
        let Some(run) = instruction.as_run() else { continue };
        // Variables a secret mount provides are expanded by the shell at build time, not recorded.
        let secret_env: Vec<&str> = run
            .mounts
            .iter()
            .filter(|m| m.kind == "secret")
            .filter_map(|m| m.env.as_deref())
            .collect();
        for script in model.scripts(index) {
            // Variables the script sets itself (e.g. `TOKEN=$(cat /run/secrets/t)`).
            let set_by_script: Vec<&str> = script
                .commands()
                .iter()
                .flat_map(|c| c.assignments.iter().map(|a| a.name.as_str()))
                .collect();
            for (_, pip) in script.pip() {
                for url in pip.index_urls.iter().chain(&pip.extra_index_urls) {
                    let Some(info) = userinfo(&url.value) else { continue };
                    let vars = variables(info);
                    let baked = if vars.is_empty() {
                        true
                    } else {
                        vars.iter().any(|v| {
                            !secret_env.contains(v) && !set_by_script.contains(v) && model.var_at(index, v).is_some()
                        })
                    };
                    if baked {
                        hits.push(Hit::new(
                            model.span(url.span.clone()),
                            "index URL with credentials: the RUN command line, and the token with it, is stored in the image history",
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
    fn fires_on_credentials_in_urls() {
        assert_eq!(
            flagged(&RULE, "FROM python:3.12\nRUN pip install -i https://u:p@h/simple x\n"),
            ["https://u:p@h/simple"]
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12\nARG TOKEN=x\nRUN pip install --extra-index-url https://__token__:${TOKEN}@h/simple x\n").len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nENV PIP_INDEX_URL=https://user:pw@pypi.example.com/simple\n"
            ),
            ["`PIP_INDEX_URL` holds credentials that are stored in the image config"]
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12\nARG UV_INDEX_URL=https://t@h/simple\n").len(),
            1
        );
    }

    #[test]
    fn quiet_without_credentials_or_with_secrets() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nRUN pip install -i https://pypi.example.com/simple x\n",
                "FROM python:3.12\nENV PIP_INDEX_URL=https://pypi.example.com/simple\n",
                "FROM python:3.12\nRUN --mount=type=secret,id=t,env=TOKEN pip install -i https://u:$TOKEN@h/simple x\n",
                "FROM python:3.12\nRUN TOKEN=$(cat /run/secrets/t) && pip install -i https://u:$TOKEN@h/simple x\n",
                "FROM python:3.12\nRUN pip install -i https://u:$UNKNOWN@h/simple x\n",
                "FROM python:3.12\nRUN pip install git+https://github.com/o/r.git@v1.0\n",
            ],
        );
    }
}
