use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "S011",
    name: "add-instead-of-copy",
    category: Category::Security,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3020"],
    buildkit: &[],
    trivy: &["DS-0005"],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "`ADD` copies local files that `COPY` copies just as well.",
        why: "`ADD` also fetches URLs and unpacks local tar archives (detected by content, not by name). \
              Using it for plain files hides those side effects: a file that happens to be a tar archive \
              gets extracted, and readers must check each source to know what the line does. `COPY` does \
              exactly one thing. The fix is offered only when every source is a directory or a file whose \
              extension rules out a tar archive.",
        bad: "FROM python:3.12-slim\nADD requirements.txt /app/\n",
        good: "FROM python:3.12-slim\nCOPY requirements.txt /app/\n",
        source: "Docker docs, \"Building best practices\" (ADD or COPY); hadolint DL3020; Trivy DS005.",
    },
    check,
};

/// Extensions that name plain (non-tar) files. ADD detects archives by content, not name, so only these
/// sources (and directories) get the safe fix.
const PLAIN: &[&str] = &[
    "py",
    "txt",
    "toml",
    "cfg",
    "ini",
    "json",
    "yaml",
    "yml",
    "md",
    "sh",
    "conf",
    "lock",
    "js",
    "ts",
    "html",
    "css",
    "env",
    "sql",
    "xml",
    "csv",
    "rst",
    "pyi",
    "pth",
    "whl",
    "zip",
    "jar",
    "pem",
    "crt",
    "properties",
    "go",
    "rs",
];
const ARCHIVE: &[&str] = &[
    ".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst", ".gz", ".bz2", ".xz", ".zst", ".lz", ".lzma", ".z", ".tlz",
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        if instruction.keyword != Keyword::Add {
            continue;
        }
        let Some(add) = instruction.as_copy() else { continue };
        if add.checksum.is_some() || add.keep_git_dir.is_some() || add.unpack.is_some() || !add.heredocs.is_empty() {
            continue;
        }
        if add.sources.is_empty() {
            continue;
        }
        let mut safe = true;
        let mut remote_or_archive = false;
        for source in &add.sources {
            let v = source.value.to_ascii_lowercase();
            if v.contains("://")
                || v.starts_with("git@")
                || v.contains(".git#")
                || v.ends_with(".git")
                || v.contains('$')
                || ARCHIVE.iter().any(|e| v.ends_with(e))
            {
                remote_or_archive = true;
                break;
            }
            let directory = v == "." || v.ends_with('/') || v == "./";
            let name = v.rsplit('/').next().unwrap_or(&v);
            let plain = name
                .rsplit_once('.')
                .is_some_and(|(stem, ext)| !stem.is_empty() && PLAIN.contains(&ext));
            safe &= directory || (plain && !v.contains(['*', '?', '[']));
        }
        if remote_or_archive {
            continue;
        }
        let keyword = if instruction.keyword_text == instruction.keyword_text.to_ascii_lowercase() {
            "copy"
        } else {
            "COPY"
        };
        let span = instruction.keyword_span;
        let sources = add
            .sources
            .iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let hit = Hit::new(span, format!("`ADD {sources}` copies local files: use `COPY`"));
        hits.push(if safe {
            hit.with_fix(Fix::safe(
                "replace `ADD` with `COPY`",
                vec![Edit::replace(span.start..span.end, keyword)],
            ))
        } else {
            hit
        });
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, hits};

    #[test]
    fn fires_on_local_sources() {
        assert_eq!(
            check(&RULE, "FROM debian:12\nADD app.py /app/\n"),
            ["`ADD app.py` copies local files: use `COPY`"]
        );
        assert_eq!(
            fixed(&RULE, "FROM debian:12\nADD --chown=1:1 . /app\n").unwrap(),
            "FROM debian:12\nCOPY --chown=1:1 . /app\n"
        );
        assert_eq!(
            fixed(&RULE, "FROM debian:12\nadd a.py /a\n").unwrap(),
            "FROM debian:12\ncopy a.py /a\n"
        );
        // A file without a telling extension could be a tar archive by content: no fix.
        let h = hits(&RULE, "FROM debian:12\nADD bundle /opt/\n");
        assert!(h.len() == 1 && h[0].fix.is_none());
    }

    #[test]
    fn quiet_on_urls_archives_and_add_only_flags() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:12\nADD https://x/a /a\n",
                "FROM debian:12\nADD rootfs.tar.xz /\n",
                "FROM debian:12\nADD app.tgz /opt/\n",
                "FROM debian:12\nADD git@github.com:o/r.git /src\n",
                "FROM debian:12\nADD --checksum=sha256:abc https://x/a /a\n",
                "FROM debian:12\nCOPY a.py /a\n",
            ],
        );
    }
}
