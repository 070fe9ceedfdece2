//! The base-image and correctness rules over the official `python` image Dockerfiles: a maintainer of those
//! images must not be able to call any finding wrong.

use crate::analysis::Options;
use crate::rules::{Category, Context, ALL};

/// Every finding of the base and correctness rules enabled by default, as `file: code text`.
fn findings() -> Vec<String> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/conformance/docker-library-python"
    );
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("conformance files")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    let options = Options::default();
    let mut found = Vec::new();
    for path in entries {
        let source = std::fs::read_to_string(&path).unwrap();
        let tree = crate::syntax::parse(&source);
        let model = crate::syntax::model(&tree);
        let context = Context::new(&tree, &model, &options);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for rule in ALL
            .iter()
            .filter(|r| r.enabled && matches!(r.category, Category::Base | Category::Correctness))
        {
            let mut hits = Vec::new();
            (rule.check)(&context, &mut hits);
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

/// No rule of these categories panics on the conformance corpora (edge cases, BuildKit's parser tests).
#[test]
fn rules_survive_the_conformance_corpora() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance");
    let mut files = 0;
    for dir in ["edge-cases", "buildkit-parser", "buildkit-inline"] {
        let mut stack = vec![std::path::PathBuf::from(root).join(dir)];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(
                    std::fs::read_dir(&path)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path()),
                );
                continue;
            }
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            let tree = crate::syntax::parse(&source);
            let model = crate::syntax::model(&tree);
            let options = Options::default();
            let context = Context::new(&tree, &model, &options);
            for rule in ALL
                .iter()
                .filter(|r| matches!(r.category, Category::Base | Category::Correctness))
            {
                let mut hits = Vec::new();
                (rule.check)(&context, &mut hits);
                for hit in hits {
                    assert!(
                        source.get(hit.span.start..hit.span.end).is_some(),
                        "{}: {path:?}",
                        rule.code
                    );
                    if let Some(fix) = hit.fix {
                        for edit in fix.edits {
                            assert!(source.get(edit.range.clone()).is_some(), "{}: {path:?}", rule.code);
                        }
                    }
                }
            }
            files += 1;
        }
    }
    assert!(files > 10);
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
