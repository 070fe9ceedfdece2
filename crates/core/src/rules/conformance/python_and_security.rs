//! The Python and security rules over the official `python` image Dockerfiles.

use crate::rules::{testing, Category, ALL};

/// A maintainer of the official images must not call any finding of these categories wrong: none fire.
#[test]
fn official_python_images_have_no_python_or_security_findings() {
    let mut found = Vec::new();
    for (name, source) in super::corpus("docker-library-python") {
        for rule in ALL
            .iter()
            .filter(|r| matches!(r.category, Category::Python | Category::Security))
        {
            for hit in testing::hits(rule, &source) {
                found.push(format!("{name}: {} {}", rule.code, hit.message));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
