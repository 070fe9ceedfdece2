//! The base-image and correctness rules over the official `python` image Dockerfiles: a maintainer of those
//! images must not be able to call any finding wrong.

use crate::analysis::Options;
use crate::model::Model;
use crate::rules::{Category, ALL};

/// Every finding of the base and correctness rules enabled by default, as `file: code text`.
fn findings() -> Vec<String> {
    let options = Options::default();
    let mut found = Vec::new();
    for (name, source) in super::corpus("docker-library-python") {
        let tree = crate::syntax::parse(&source);
        let model = Model::new(&tree, &options);
        for rule in ALL
            .iter()
            .filter(|r| r.enabled && matches!(r.category, Category::Base | Category::Correctness))
        {
            let mut hits = Vec::new();
            (rule.check)(&model, &mut hits);
            for hit in hits {
                found.push(format!(
                    "{name}: {} {}",
                    rule.code,
                    &source[hit.span.start..hit.span.end]
                ));
            }
        }
    }
    found
}

#[test]
fn official_python_images_get_only_buildkit_legacy_env_findings() {
    let found = findings();
    // `ENV PATH /usr/local/bin:$PATH` and friends: BuildKit itself reports LegacyKeyValueFormat on these.
    assert!(found.iter().any(|f| f.contains(": C007 ENV")), "{found:#?}");
    let unexpected: Vec<&String> = found.iter().filter(|f| !f.contains(": C007 ")).collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
}

/// No rule panics or reports a span (or a fix edit) outside the file on the conformance corpora: edge cases,
/// BuildKit's parser tests and the Dockerfiles inlined in BuildKit's own tests.
#[test]
fn rules_survive_the_conformance_corpora() {
    let options = Options::default();
    for dir in ["edge-cases", "buildkit-parser", "buildkit-inline"] {
        for (name, source) in super::corpus(dir) {
            let tree = crate::syntax::parse(&source);
            let model = Model::new(&tree, &options);
            for rule in ALL {
                let mut hits = Vec::new();
                (rule.check)(&model, &mut hits);
                for hit in hits {
                    assert!(
                        source.get(hit.span.start..hit.span.end).is_some(),
                        "{}: {dir}/{name}",
                        rule.code
                    );
                    for edit in hit.fix.into_iter().flat_map(|fix| fix.edits) {
                        assert!(source.get(edit.range).is_some(), "{}: {dir}/{name}", rule.code);
                    }
                }
            }
        }
    }
}

/// Every safe fix offered on a rule's own `bad` example leaves a file that still parses and that the rule
/// reports less often.
#[test]
fn fixes_on_bad_examples_resolve_their_findings() {
    let mut fixed_examples = 0;
    for rule in ALL
        .iter()
        .filter(|r| matches!(r.category, Category::Base | Category::Correctness))
    {
        let bad = rule.explanation.bad;
        let before = crate::rules::testing::hits(rule, bad).len();
        let Some(fixed) = crate::rules::testing::fixed(rule, bad) else {
            continue;
        };
        let tree = crate::syntax::parse(&fixed);
        assert!(tree.rejected().is_none(), "{}: {fixed}", rule.code);
        let after = crate::rules::testing::hits(rule, &fixed).len();
        assert!(after < before, "{}: {before} -> {after}: {fixed}", rule.code);
        fixed_examples += 1;
    }
    assert!(fixed_examples >= 15, "{fixed_examples}");
}
