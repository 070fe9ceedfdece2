use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "S010",
    name: "add-url-without-checksum",
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
        summary: "`ADD <url>` downloads a file without `--checksum`.",
        why: "Whatever the server returns is put in the image unchecked: a changed or compromised file, or a \
              different release behind the same URL, slips in silently. BuildKit's `ADD --checksum=sha256:...` \
              fails the build when the content differs (Dockerfile syntax 1.6 or newer).",
        bad: "FROM debian:bookworm-slim\nADD https://example.com/tool-1.2.tar.gz /tmp/\n",
        good: "# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\n\
               ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0ea2b8c0b55 https://example.com/tool-1.2.tar.gz /tmp/\n",
        source: "Dockerfile reference, \"ADD --checksum\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        if instruction.keyword != Keyword::Add {
            continue;
        }
        let Some(add) = instruction.as_copy() else { continue };
        if add.checksum.is_some() {
            continue;
        }
        for source in &add.sources {
            let v = source.value.as_str();
            let url = v.starts_with("http://") || v.starts_with("https://");
            let git = v.ends_with(".git") || v.contains(".git#") || v.contains("github.com/") && v.contains('#');
            if url && !git {
                hits.push(Hit::new(
                    source.span,
                    format!("`ADD {v}` is not checked against a `--checksum`"),
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
    fn fires_on_unchecked_urls() {
        assert_eq!(
            flagged(&RULE, "FROM debian:12\nADD https://x/a.tgz /a.tgz\n"),
            ["https://x/a.tgz"]
        );
        assert_eq!(check(&RULE, "FROM debian:12\nadd http://x/a /a\n").len(), 1);
    }

    #[test]
    fn quiet_on_checksums_git_and_local_files() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:12\nADD --checksum=sha256:abc https://x/a.tgz /a\n",
                "FROM debian:12\nADD https://github.com/o/r.git#v1 /src\n",
                "FROM debian:12\nADD a.tgz /a\n",
                "FROM debian:12\nCOPY https://x/a /a\n",
            ],
        );
    }
}
