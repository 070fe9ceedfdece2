//! The layers/cache and package-manager rules over the official `python` image Dockerfiles: a maintainer of
//! those images must be able to agree with every finding.

use crate::analysis::Options;
use crate::rules::{testing, Category, ALL};

const DIR: &str = "../../../shared/conformance/docker-library-python";

/// Every finding of our categories' enabled rules, as `file: code line message`.
fn findings() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for rule in ALL
            .iter()
            .filter(|r| matches!(r.category, Category::Cache | Category::Packages) && r.enabled)
        {
            for hit in testing::hits_with(rule, &source, &Options::default()) {
                out.push(format!("{name}: {} {} {}", rule.code, hit.span.line, hit.message));
            }
        }
    }
    out
}

#[test]
fn official_python_images_get_only_agreeable_findings() {
    let found = findings();
    for line in &found {
        eprintln!("{line}");
    }
    // GNU wget's dot progress really does fill the Debian builds' logs (info); nothing else is reported.
    for line in &found {
        assert!(line.contains(": P018 "), "unexpected finding: {line}");
    }
}
