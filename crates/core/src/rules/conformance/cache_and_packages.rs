//! The layers/cache and package-manager rules over the official `python` image Dockerfiles: a maintainer of
//! those images must be able to agree with every finding.

use crate::analysis::Options;
use crate::rules::{testing, Category, ALL};

/// Every finding of our categories' enabled rules, as `file: code line message`.
fn findings() -> Vec<String> {
    let mut out = Vec::new();
    for (name, source) in super::corpus("docker-library-python") {
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
