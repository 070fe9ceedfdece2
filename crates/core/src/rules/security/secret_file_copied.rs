use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::basename;

pub static RULE: Rule = Rule {
    code: "S004",
    name: "secret-file-copied",
    category: Category::Security,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "COPY or ADD puts a file that usually holds secrets into the image (`.env`, private keys, `.npmrc`, `.git`...).",
        why: "Every file copied into a layer can be read by anyone who pulls the image, even if a later RUN \
              deletes it: the earlier layer still holds it. Environment files, SSH and TLS private keys, \
              registry credentials (`.npmrc`, `.pypirc`, `.netrc`, `.aws`) and the `.git` directory (with \
              its history and remotes) do not belong in an image. Mount them as build secrets \
              (`RUN --mount=type=secret`) or pass them to the container at run time.",
        bad: "FROM python:3.12-slim\nCOPY .env /app/.env\n",
        good: "FROM python:3.12-slim\nCOPY app/ /app/\n",
        source: "Docker docs, \"Build secrets\" and \".dockerignore files\".",
    },
    check,
};

/// Why a source path is a secret, if it is.
fn secret_kind(path: &str) -> Option<&'static str> {
    let path = path.trim_end_matches('/');
    let name = basename(path);
    let lower = name.to_ascii_lowercase();
    let example = ["example", "sample", "template", "dist", "defaults"]
        .iter()
        .any(|e| lower.ends_with(e));
    Some(match lower.as_str() {
        ".env" => "an environment file",
        n if n.starts_with(".env.") && !example => "an environment file",
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | ".ssh" => "an SSH key",
        ".npmrc" | ".pypirc" | ".netrc" | ".git-credentials" | ".dockercfg" | ".htpasswd" => {
            "registry or login credentials"
        }
        ".aws" | "credentials.json" | "service-account.json" | ".boto" => "cloud credentials",
        ".git" => "the Git repository with its history",
        n if n.ends_with(".key") || n.ends_with(".p12") || n.ends_with(".pfx") || n.ends_with(".jks") => {
            "a private key"
        }
        n if n.ends_with(".pem") && (n.contains("key") || n.contains("private")) => "a private key",
        _ if path.ends_with(".docker/config.json") || path.ends_with(".aws/credentials") => {
            "cloud or registry credentials"
        }
        _ => return None,
    })
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        let Some(copy) = instruction.as_copy() else { continue };
        if copy.from.is_some() {
            continue;
        }
        for source in &copy.sources {
            if source.value.contains("://") || source.value.starts_with("<<") {
                continue;
            }
            if let Some(kind) = secret_kind(&source.value) {
                hits.push(Hit::new(
                    source.span,
                    format!("`{}` is {kind}: once copied, every layer after keeps it", source.value),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_secret_files() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM python:3.12\nCOPY .env id_rsa certs/server.key app/ /app/\n"
            ),
            [".env", "id_rsa", "certs/server.key"]
        );
        assert_eq!(check(&RULE, "FROM python:3.12\nADD .git /src/.git\n").len(), 1);
        assert_eq!(
            check(&RULE, "FROM python:3.12\nCOPY [\".npmrc\", \"/root/\"]\n").len(),
            1
        );
        assert_eq!(check(&RULE, "FROM python:3.12\nCOPY .env.production ./\n").len(), 1);
    }

    #[test]
    fn quiet_on_ordinary_files_and_examples() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nCOPY .env.example /app/\n",
                "FROM python:3.12\nCOPY ca.pem /usr/local/share/ca-certificates/\n",
                "FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b /app/.env /app/\n",
                "FROM python:3.12\nCOPY keys.py /app/\n",
            ],
        );
    }
}
