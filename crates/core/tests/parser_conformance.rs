//! Conformance with BuildKit's own parser, on the data in `tests/conformance/` (see its README):
//! BuildKit's parser test fixtures, its negative cases, and 737 oracle records made with BuildKit v0.12.5 (204 of them public Dockerfiles).

use std::fs;
use std::path::{Path, PathBuf};

use dflab_core::syntax::{self, buildkit};
use serde_json::Value;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

fn read(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", path.display()))
}

fn dirs(path: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(path)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Every file of the data set, for the round-trip test.
fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all_files(&path, out);
        } else if path.extension().is_none_or(|e| e != "jsonl" && e != "md") {
            out.push(path);
        }
    }
}

/// The oracle binding (the `dockerfile` Python package) drops a NUL character from one fixture's values
/// (its C strings end at NUL); BuildKit's own `result` dump of that fixture has it, and so do we. Records
/// are compared after removing NULs from our side for that fixture only.
const NUL_QUIRK: &str = "buildkit-parser/testfiles/";

fn strip_nul(value: &mut Value) {
    match value {
        Value::String(s) => s.retain(|c| c != '\0'),
        Value::Array(items) => items.iter_mut().for_each(strip_nul),
        Value::Object(map) => map.values_mut().for_each(strip_nul),
        _ => {}
    }
}

#[test]
fn oracle_records_match_field_for_field() {
    let oracle = read(&data().join("buildkit-oracle.jsonl"));
    let mut total = 0;
    let mut failures = Vec::new();
    for line in oracle.lines().filter(|l| !l.trim().is_empty()) {
        total += 1;
        let mut expected: Value = serde_json::from_str(line).unwrap();
        let file = expected["file"].as_str().unwrap().to_string();
        let tree = syntax::parse(&read(&data().join(&file)));
        let mut actual = serde_json::to_value(buildkit::dump_file(&file, &tree)).unwrap();
        let object = expected.as_object_mut().unwrap();
        object.remove("group");
        if let Some(Value::String(error)) = object.get_mut("error") {
            *error = error.trim_start_matches("GoParseError: ").to_string();
        }
        if file.starts_with(NUL_QUIRK) {
            strip_nul(&mut actual);
        }
        if actual != expected {
            failures.push(format!("{file}\n  expected {expected}\n  actual   {actual}"));
        }
    }
    assert_eq!(total, 737, "the oracle has 737 records");
    assert!(
        failures.is_empty(),
        "{}/{total} oracle records differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn buildkit_parser_fixtures_reproduce_their_result() {
    let mut failures = Vec::new();
    let cases = dirs(&data().join("buildkit-parser/testfiles"));
    assert_eq!(cases.len(), 33);
    for case in &cases {
        let tree = syntax::parse(&read(&case.join("Dockerfile")));
        assert!(tree.rejected().is_none(), "{}: {:?}", case.display(), tree.rejected());
        let expected = read(&case.join("result"));
        let actual = buildkit::ast_dump(&tree);
        for (e, a) in expected.trim_end().lines().zip(actual.trim_end().lines()) {
            if e != a {
                failures.push(format!("{}\n  expected {e}\n  actual   {a}", case.display()));
            }
        }
        if expected.trim_end().lines().count() != actual.trim_end().lines().count() {
            failures.push(format!("{}: instruction count differs", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn buildkit_negative_fixtures_are_rejected() {
    let cases = dirs(&data().join("buildkit-parser/testfiles-negative"));
    assert_eq!(cases.len(), 4);
    for case in cases {
        let tree = syntax::parse(&read(&case.join("Dockerfile")));
        assert!(tree.rejected().is_some(), "{} should be rejected", case.display());
    }
}

#[test]
fn line_numbers_fixture() {
    let tree = syntax::parse(&read(&data().join("buildkit-parser/testfile-line/Dockerfile")));
    let lines: Vec<(u32, u32)> = tree.instructions().map(|i| (i.start_line, i.end_line)).collect();
    // BuildKit's TestParseLineNumber expects exactly these ranges.
    assert_eq!(lines, [(5, 5), (11, 12), (17, 31)]);
}

#[test]
fn every_file_round_trips() {
    let mut files = Vec::new();
    all_files(&data(), &mut files);
    assert!(files.len() > 500, "{}", files.len());
    for file in files {
        let Ok(text) = String::from_utf8(fs::read(&file).unwrap()) else {
            continue;
        };
        let tree = syntax::parse(&text);
        assert_eq!(tree.print(), text, "{}", file.display());
        let mut at = 0;
        for item in &tree.items {
            assert_eq!(item.span.start, at, "{}: items must tile the source", file.display());
            at = item.span.end;
        }
        assert_eq!(at, text.len(), "{}", file.display());
    }
}

#[test]
fn official_python_images_have_no_diagnostics() {
    let dir = data().join("docker-library-python");
    let mut count = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let tree = syntax::parse(&read(&path));
        assert!(
            tree.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            tree.diagnostics
        );
        let model = dflab_core::model::build_model(&tree);
        assert!(!model.stages.is_empty(), "{}", path.display());
        count += 1;
    }
    assert_eq!(count, 42);
}
