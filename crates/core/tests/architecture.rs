//! The crate's layering, checked on its sources: syntax → model → rules / rewrite / layers. The model, the
//! rewrite and the layer estimate never reach into the rules (the rewrite gets its fixes through
//! `rewrite::FixSource`), so each can be read and changed on its own.

use std::path::{Path, PathBuf};

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir)];
    let mut files = Vec::new();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            files.push((path, text));
        }
    }
    assert!(!files.is_empty(), "src/{dir} has no sources");
    files
}

#[test]
fn model_rewrite_and_layers_do_not_depend_on_rules() {
    for dir in ["model", "rewrite", "layers", "syntax", "shell"] {
        for (path, text) in sources(dir) {
            for (number, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                assert!(
                    !code.contains("crate::rules") && !code.contains("super::rules"),
                    "{}:{} uses the rules: {line}",
                    path.display(),
                    number + 1
                );
            }
        }
    }
}

#[test]
fn syntax_does_not_depend_on_the_model() {
    for (path, text) in sources("syntax") {
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            assert!(
                !code.contains("crate::model"),
                "{}:{} uses the model: {line}",
                path.display(),
                number + 1
            );
        }
    }
}
