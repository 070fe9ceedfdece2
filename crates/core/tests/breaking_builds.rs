//! The build-breaking suite (`tests/builds/breaking/`): each case is a Dockerfile that a real build proved
//! to fail (`cargo xtask breaking` builds it, and its `Dockerfile.fixed`, on a Docker engine) and the
//! error the analysis must report for it, on the instruction that breaks. The control set is every case of
//! `tests/builds/` that really builds and starts: it must get no error at all.

use std::path::{Path, PathBuf};

use dflab_core::analysis::{ContextFiles, Options, Severity};

fn builds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/builds")
}

fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("folder entry").path())
        .filter(|path| path.join("Dockerfile").is_file())
        .collect();
    folders.sort();
    folders
}

/// The options `dflab check` builds from a project folder.
fn options(dir: &Path) -> Options {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    Options {
        context: ContextFiles {
            requirements_txt: read("requirements.txt"),
            pyproject_toml: read("pyproject.toml"),
            dockerignore: read(".dockerignore"),
            files: Some(list(dir)),
            ..ContextFiles::default()
        },
        ..Options::default()
    }
}

/// The files of a case folder, relative to it, as `dflab check` lists a context.
fn list(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&relative))
            .expect("readable folder")
            .flatten()
        {
            let path = relative.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else {
                files.push(path.to_string_lossy().into_owned());
            }
        }
    }
    files
}

/// Every error of the analysis: `(rule or "syntax-error", 1-based line)`.
fn errors(dir: &Path, file: &str) -> Vec<(String, u32)> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{}/{file}: {e}", dir.display()));
    let analysis = dflab_core::analyze(&text, &options(dir));
    let syntax = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| ("syntax-error".to_string(), d.span.line));
    let findings = analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule.clone(), f.span.line));
    syntax.chain(findings).collect()
}

fn expect_field<'e>(expect: &'e str, key: &str) -> Option<&'e str> {
    expect
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .map(str::trim)
}

#[test]
fn every_breaking_case_is_an_error_on_the_breaking_line_and_its_fix_is_clean() {
    let cases = folders(&builds().join("breaking"));
    assert!(
        cases.len() >= 40,
        "the issue asks for at least 40 cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let expect = std::fs::read_to_string(case.join("expect")).unwrap_or_else(|e| panic!("{name}/expect: {e}"));
        let wanted = expect_field(&expect, "error").unwrap_or_else(|| panic!("{name}/expect has no `error:`"));
        let (rule, line) = wanted
            .split_once(" line ")
            .unwrap_or_else(|| panic!("{name}/expect: `error: RULE line N`, got {wanted}"));
        let line: u32 = line
            .parse()
            .unwrap_or_else(|_| panic!("{name}/expect: bad line {line}"));
        let found = errors(case, "Dockerfile");
        if !found.iter().any(|(r, l)| r == rule && *l == line) {
            failures.push(format!("{name}: expected {rule} on line {line}, got {found:?}"));
        }
        let fixed = errors(case, "Dockerfile.fixed");
        if !fixed.is_empty() {
            failures.push(format!("{name}: the fixed Dockerfile still has errors {fixed:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Where a case names the rule whose fix repairs it (`fixed by: RULE`), that fix alone (the rule selected and
/// opted in) turns the Dockerfile into exactly `Dockerfile.fixed`, which the real build proves.
#[test]
fn fixes_named_by_a_case_produce_its_fixed_file() {
    let mut checked = 0;
    for case in folders(&builds().join("breaking")) {
        let expect = std::fs::read_to_string(case.join("expect")).expect("expect file");
        let Some(rule) = expect_field(&expect, "fixed by") else {
            continue;
        };
        checked += 1;
        let read = |file: &str| std::fs::read_to_string(case.join(file)).expect("case file");
        let options = Options {
            select: vec![rule.to_string()],
            opt_in: vec![rule.to_string()],
            ..options(&case)
        };
        let rewrite = dflab_core::analyze(&read("Dockerfile"), &options).rewrite;
        assert_eq!(
            rewrite.text,
            read("Dockerfile.fixed"),
            "{}: {rule}'s fix",
            case.display()
        );
    }
    assert!(checked >= 4, "{checked} cases name their fix");
}

#[test]
fn files_that_build_and_start_get_no_error() {
    let mut control = 0;
    let mut failures = Vec::new();
    for case in folders(&builds()) {
        let expect = std::fs::read_to_string(case.join("expect")).unwrap_or_default();
        if ["before fails", "start fails", "health fails"]
            .iter()
            .any(|key| expect_field(&expect, key).is_some())
        {
            continue;
        }
        control += 1;
        let found = errors(&case, "Dockerfile");
        if !found.is_empty() {
            failures.push(format!("{}: {found:?}", case.display()));
        }
    }
    assert!(control >= 20, "the control set has {control} files");
    assert!(
        failures.is_empty(),
        "files that really build got errors:\n{}",
        failures.join("\n")
    );
}
