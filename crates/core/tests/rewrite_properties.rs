//! Properties of the rewriter over every Dockerfile of the conformance corpus, for the safe set and for
//! everything opted in:
//! - the output is accepted by BuildKit's parser whenever the input was (our conformant parser, and BuildKit's
//!   own through `tests/tools/buildkit-oracle.py` when the `dockerfile` PyPI package is installed, which
//!   `cargo xtask test` requires);
//! - fixing twice equals fixing once;
//! - every changed diff row names the change group behind it;
//! - only instructions on changed lines differ in BuildKit's view of the file.

use std::path::{Path, PathBuf};

use dflab_core::syntax::{self, buildkit};
use dflab_core::{analyze, DiffKind, Options};

fn corpus() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                let name = path.file_name().unwrap().to_string_lossy();
                if name != "result" && !name.ends_with(".jsonl") && !name.ends_with(".md") {
                    out.push(path);
                }
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    assert!(
        paths.len() > 500,
        "the corpus is in tests/conformance ({} files found)",
        paths.len()
    );
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

fn option_sets() -> [(&'static str, Options); 2] {
    [
        ("safe", Options::default()),
        (
            "all opted in",
            Options {
                opt_in: vec!["all".into()],
                ..Options::default()
            },
        ),
    ]
}

#[test]
fn rewrites_parse_are_idempotent_and_name_their_reasons() {
    let mut changed_files = 0;
    for (path, source) in corpus() {
        let originally_rejected = syntax::parse(&source).rejected().is_some();
        for (label, options) in option_sets() {
            let once = analyze(&source, &options).rewrite;
            let name = format!("{} ({label})", path.display());
            if once.text != source {
                changed_files += 1;
            }
            if !originally_rejected {
                let tree = syntax::parse(&once.text);
                assert!(
                    tree.rejected().is_none(),
                    "{name}: the rewrite is rejected: {:?}",
                    tree.rejected()
                );
            }
            let twice = analyze(&once.text, &options).rewrite;
            assert_eq!(twice.text, once.text, "{name}: fixing twice differs from fixing once");
            for row in &once.diff {
                if row.kind != DiffKind::Same {
                    assert!(
                        !row.groups.is_empty(),
                        "{name}: changed row {row:?} names no change group"
                    );
                }
            }
            if !originally_rejected {
                only_changed_lines_differ(&name, &source, &once.text, &once.diff);
            }
        }
    }
    eprintln!("{changed_files} file rewrites changed something");
}

/// BuildKit's instructions before and after, minus those whose lines the diff marks as changed, are equal.
fn only_changed_lines_differ(name: &str, before: &str, after: &str, diff: &[dflab_core::DiffRow]) {
    let (Ok(old), Ok(new)) = (
        buildkit::dump(&syntax::parse(before)),
        buildkit::dump(&syntax::parse(after)),
    ) else {
        return;
    };
    // A changed row touches its neighbours too: a pure deletion changes the instruction around it, which
    // has no changed line on the new side.
    let near_change = |i: usize| {
        diff[i.saturating_sub(1)..(i + 2).min(diff.len())]
            .iter()
            .any(|r| r.kind != DiffKind::Same)
    };
    let changed_old: Vec<u32> = (0..diff.len())
        .filter(|&i| near_change(i))
        .filter_map(|i| diff[i].old_line)
        .collect();
    let changed_new: Vec<u32> = (0..diff.len())
        .filter(|&i| near_change(i))
        .filter_map(|i| diff[i].new_line)
        .collect();
    let untouched = |instructions: &[buildkit::OracleInstruction], changed: &[u32]| -> Vec<String> {
        instructions
            .iter()
            .filter(|i| !changed.iter().any(|line| (i.start_line..=i.end_line).contains(line)))
            .map(|i| format!("{} {:?} {:?} {:?}", i.cmd, i.flags, i.value, i.heredocs))
            .collect()
    };
    assert_eq!(
        untouched(&old, &changed_old),
        untouched(&new, &changed_new),
        "{name}: an untouched instruction changed"
    );
}

#[test]
fn rewrites_are_accepted_by_buildkits_own_parser() {
    let has_oracle = std::process::Command::new("python3")
        .args(["-c", "import dockerfile"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_oracle {
        assert!(
            std::env::var_os("DFLAB_REQUIRE_ORACLE").is_none(),
            "BuildKit's parser is required: python3 -m pip install 'dockerfile==3.4.0' (cargo xtask setup does it)"
        );
        eprintln!("skipped: python3 package `dockerfile` (BuildKit's parser) is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("dflab-rewrites-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut written = Vec::new();
    for (i, (path, source)) in corpus().into_iter().enumerate() {
        if syntax::parse(&source).rejected().is_some() {
            continue;
        }
        for (k, (_, options)) in option_sets().into_iter().enumerate() {
            let text = analyze(&source, &options).rewrite.text;
            if text != source {
                let out = dir.join(format!("{i}-{k}.Dockerfile"));
                std::fs::write(&out, text).unwrap();
                written.push((out, path.clone()));
            }
        }
    }
    if written.is_empty() {
        return;
    }
    let oracle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/tools/buildkit-oracle.py");
    let output = std::process::Command::new("python3")
        .arg(oracle)
        .args(written.iter().map(|(p, _)| p))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let mut checked = 0;
    for (line, (_, original)) in text.lines().zip(&written) {
        assert!(
            line.contains("\"ok\": true"),
            "BuildKit rejects the rewrite of {}: {line}",
            original.display()
        );
        checked += 1;
    }
    assert_eq!(checked, written.len(), "the oracle answered for every file");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue #17: no rewrite, safe or with every opt-in chosen, makes a code change rebuild more than the original
/// does; an opt-in that would is withheld and says why.
#[test]
fn no_rewrite_makes_the_cache_worse() {
    let mut withheld = 0;
    // Besides the conformance corpus, the page's examples and the real-build projects: files with application
    // code copied into them, where opt-ins reorder.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<(PathBuf, String)> = corpus();
    for dir in ["crates/web/examples_df", "tests/builds"] {
        let mut stack = vec![root.join(dir)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir)
                .expect("the folder is in the repository")
                .flatten()
            {
                let path = entry.path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if path.is_dir() {
                    stack.push(path);
                } else if name == "Dockerfile" || name.ends_with(".Dockerfile") {
                    let text = std::fs::read_to_string(&path).expect("a readable Dockerfile");
                    files.push((path, text));
                }
            }
        }
    }
    for (path, source) in files {
        // A file BuildKit rejects (a syntax error, an unknown instruction) has no cache to compare with.
        let broken = analyze(&source, &Options::default())
            .diagnostics
            .iter()
            .any(|d| d.severity == dflab_core::Severity::Error);
        if broken {
            continue;
        }
        for (label, options) in option_sets() {
            let analysis = analyze(&source, &options);
            let (before, after) = (
                analysis.layers.before.bytes_rebuilt_on_code_change(),
                analysis.layers.after.bytes_rebuilt_on_code_change(),
            );
            assert!(
                after <= before,
                "{} ({label}): a code change rebuilds {after} B after the rewrite, {before} B before",
                path.display()
            );
            withheld += analysis.rewrite.changes.iter().filter(|g| g.withheld.is_some()).count();
        }
    }
    eprintln!("{withheld} opt-in groups withheld");
}
