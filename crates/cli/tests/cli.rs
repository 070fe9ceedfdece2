//! The `dflab` binary, run as users run it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn dflab(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dflab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dflab starts");
    // A command that fails before reading its input (a bad lesson file) may exit before this write ends.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

const UNTAGGED: &[u8] = b"FROM python\nRUN pip install flask\n";
const CLEAN: &[u8] = b"FROM python:3.12-slim\n";

#[test]
fn check_text_points_at_the_finding_and_exits_1() {
    let output = dflab(&["check", "--select", "B001", "-"], UNTAGGED);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("warning[B001]: `python` has no tag"), "{text}");
    assert!(text.contains("--> <stdin>:1:6"), "{text}");
    assert!(
        text.contains("1 | FROM python\n  |      ^^^^^^ base-image-untagged (DL3006"),
        "{text}"
    );
    assert!(
        text.contains("Found 1 problem (0 errors, 1 warning, 0 infos) in 1 file."),
        "{text}"
    );
}

#[test]
fn check_exits_0_when_clean_or_below_fail_on() {
    let clean = dflab(&["check", "-"], CLEAN);
    assert_eq!(clean.status.code(), Some(0));
    assert!(stdout(&clean).contains("No problems found in 1 file."));
    let run = |extra: &[&str]| {
        let args = [&["check", "--select", "B001,Y001"][..], extra, &["-"]].concat();
        dflab(&args, UNTAGGED).status.code()
    };
    assert_eq!(run(&[]), Some(1));
    assert_eq!(run(&["--fail-on", "error"]), Some(0));
    assert_eq!(run(&["--severity", "DL3006=info,Y001=info"]), Some(0));
    assert_eq!(run(&["--ignore", "base-image-untagged,pip-no-cache-dir"]), Some(0));
}

#[test]
fn check_json_lines_have_every_documented_field() {
    let output = dflab(&["check", "--format", "json", "--select", "B001", "-"], UNTAGGED);
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    for field in [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "name",
        "severity",
        "message",
        "hadolint",
        "buildkit",
        "trivy",
        "fix",
    ] {
        assert!(line.get(field).is_some(), "missing {field} in {line}");
    }
    assert_eq!(line["file"], "<stdin>");
    assert_eq!(line["rule"], "B001");
    assert_eq!(line["hadolint"][0], "DL3006");
    assert_eq!(line["fix"], "none");
}

#[test]
fn check_sarif_is_a_consistent_2_1_0_log() {
    let output = dflab(&["check", "--format=sarif", "--select=B001", "-"], UNTAGGED);
    let log: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "dflab");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at the result's rule"
        );
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1 && region["startColumn"].as_u64().unwrap() >= 1);
    }
    for rule in rules {
        assert!(rule["shortDescription"]["text"].as_str().is_some_and(|t| !t.is_empty()));
    }
}

#[test]
fn analyze_prints_the_whole_analysis_and_survives_invalid_utf8() {
    let output = dflab(&["analyze", "-"], b"FROM python:3.12\nRUN echo \xff\xfe\n");
    assert_eq!(output.status.code(), Some(0));
    let analysis: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(analysis["schema"], 2);
    for key in ["diagnostics", "instructions", "findings", "rewrite", "layers"] {
        assert!(analysis.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn explain_accepts_code_name_and_hadolint_id() {
    for id in ["B001", "base-image-untagged", "DL3006"] {
        let output = dflab(&["explain", id], b"");
        assert_eq!(output.status.code(), Some(0), "{id}");
        let text = stdout(&output);
        assert!(text.starts_with("B001 base-image-untagged"), "{text}");
        assert!(
            text.contains("Why:") && text.contains("Bad:") && text.contains("Good:"),
            "{text}"
        );
    }
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    for args in [
        &["check", "--bogus", "-"][..],
        &["check"],
        &["explain", "no-such-rule"],
        &["check", "/no/such/file"],
    ] {
        let output = dflab(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn rules_lists_the_catalog() {
    let text = stdout(&dflab(&["rules"], b""));
    assert!(
        text.lines().any(|l| l.starts_with("B001") && l.contains("DL3006")),
        "{text}"
    );
}

#[test]
fn parse_prints_buildkits_schema_and_rejects_what_buildkit_rejects() {
    let output = dflab(
        &["parse", "--format", "json", "-"],
        b"FROM python:3.12 AS base\nRUN <<EOF\necho hi\nEOF\n",
    );
    assert_eq!(output.status.code(), Some(0));
    let file: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(file["ok"], true);
    let instructions = file["instructions"].as_array().unwrap();
    assert_eq!(instructions[0]["cmd"], "FROM");
    assert_eq!(
        instructions[0]["value"],
        serde_json::json!(["python:3.12", "AS", "base"])
    );
    assert_eq!(instructions[1]["heredocs"][0]["content"], "echo hi\n");
    assert_eq!(
        (
            instructions[1]["start_line"].as_u64(),
            instructions[1]["end_line"].as_u64()
        ),
        (Some(2), Some(4))
    );

    let rejected = dflab(&["parse", "-"], b"RUN <<EOF\nnever terminated\n");
    assert_eq!(rejected.status.code(), Some(1));
    let file: Value = serde_json::from_str(stdout(&rejected).trim()).unwrap();
    assert_eq!(file["ok"], false);
}

#[test]
fn layers_text_draws_a_bar_per_layer_and_states_the_totals() {
    let source = b"FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n";
    let output = dflab(&["layers", "-"], source);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("stage 1 (final image), base `python:3.12-slim`"),
        "{text}"
    );
    assert!(text.lines().any(|l| l.contains("line    2 RUN    █")), "{text}");
    assert!(text.contains("(wasted "), "the later rm frees nothing: {text}");
    assert!(
        text.contains("final image: ") && !text.contains("final image: unknown"),
        "{text}"
    );
}

#[test]
fn layers_json_has_before_and_after() {
    let output = dflab(
        &["layers", "--format", "json", "-"],
        b"FROM unknown.example/x:1\nRUN true\n",
    );
    let report: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert!(
        report["before"]["stages"][0]["base"]["size"].is_null(),
        "unknown images stay unknown"
    );
    assert!(report["before"]["total"].is_null());
    assert!(report["after"]["stages"].is_array());
}

#[test]
fn the_rule_catalog_page_is_generated_from_the_registry() {
    let generated = stdout(&dflab(&["rules", "--format", "markdown"], b""));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is out of date: run `cargo run -q -p dflab-cli -- rules --format markdown > docs/rules.md`"
    );
    assert!(generated.contains("### B001\n\n**base-image-untagged**"));
}

const LESSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/lessons/python.json");

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn lesson_list_names_every_lesson_of_the_shipped_pack() {
    let output = dflab(&["lesson", "list", LESSONS], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("Python Dockerfiles, step by step ("), "{text}");
    for id in ["slim-base", "cache-order", "non-root-user", "uv", "alpine-wheels"] {
        assert!(text.lines().any(|l| l.trim_start().starts_with(id)), "{id}: {text}");
    }
}

#[test]
fn lesson_show_prints_the_goal_and_the_starting_dockerfile() {
    let output = dflab(&["lesson", "show", LESSONS, "cache-order"], b"");
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("  - no findings of L001 (install-after-source-copy)"),
        "{text}"
    );
    assert!(
        text.contains("Starting Dockerfile:\n\nFROM python:3.12-slim\n"),
        "{text}"
    );
    assert!(
        text.contains("Context file requirements.txt (replace it with `lesson check --requirements FILE`):"),
        "{text}"
    );

    let start = dflab(&["lesson", "start", LESSONS, "cache-order"], b"");
    assert_eq!(start.status.code(), Some(0));
    let dockerfile = stdout(&start);
    assert!(dockerfile.starts_with("FROM python:3.12-slim\n"), "{dockerfile}");
    let check = dflab(&["lesson", "check", LESSONS, "cache-order", "-"], dockerfile.as_bytes());
    assert_eq!(check.status.code(), Some(1), "the start fails its goal");
}

#[test]
fn lesson_check_marks_each_check_and_exits_1_until_the_goal_is_met() {
    let start = b"FROM python:latest\nCMD [\"python\"]\n";
    let output = dflab(&["lesson", "check", LESSONS, "slim-base", "-"], start);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with("lesson `slim-base`: "), "{text}");
    assert!(
        text.contains("✗ no findings of B001 (base-image-untagged), B002 (base-image-latest-tag)"),
        "{text}"
    );
    assert!(text.contains("1 finding of B002 remains: line 1"), "{text}");
    assert!(
        text.contains("✗ final image estimated under 300 MB: estimated "),
        "{text}"
    );
    assert!(text.contains("Goal not met: 2 of 2 checks fail."), "{text}");

    let solved = dflab(
        &["lesson", "check", LESSONS, "slim-base", "-"],
        b"FROM python:3.12-slim\nCMD [\"python\"]\n",
    );
    assert_eq!(solved.status.code(), Some(0));
    let text = stdout(&solved);
    assert!(text.contains("✓ no findings of B001"), "{text}");
    assert!(text.contains("Goal met: all 2 checks pass."), "{text}");

    let json = dflab(
        &["lesson", "check", "--format", "json", LESSONS, "slim-base", "-"],
        start,
    );
    assert_eq!(json.status.code(), Some(1));
    let report: Value = serde_json::from_str(stdout(&json).trim()).unwrap();
    assert_eq!(report["passed"], false);
    assert_eq!(report["checks"][1]["check"]["final_image_under_mb"], 300);
}

#[test]
fn lesson_check_reads_context_files_in_place_of_the_lessons() {
    let dir = std::env::temp_dir().join(format!("dflab-lesson-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ignore = dir.join(".dockerignore");
    std::fs::write(&ignore, ".git\n.venv\n__pycache__/\n*.pyc\n.env\n").unwrap();
    let dockerfile = b"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n";
    let without = dflab(&["lesson", "check", LESSONS, "dockerignore", "-"], dockerfile);
    assert_eq!(
        without.status.code(),
        Some(1),
        "the lesson's own .dockerignore misses .env"
    );
    assert!(stdout(&without).contains("S005"), "{}", stdout(&without));
    let with = dflab(
        &[
            "lesson",
            "check",
            "--dockerignore",
            ignore.to_str().unwrap(),
            LESSONS,
            "dockerignore",
            "-",
        ],
        dockerfile,
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(with.status.code(), Some(0), "{}", stdout(&with));
}

#[test]
fn lesson_errors_exit_2_with_a_clear_message() {
    let unknown = dflab(&["lesson", "check", LESSONS, "no-such-lesson", "-"], b"FROM python\n");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("no lesson `no-such-lesson`"),
        "{}",
        stderr(&unknown)
    );

    let dir = std::env::temp_dir().join(format!("dflab-pack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format": 1, "title": "T", "lessons": [{"id": "a", "title": "A", "summary": "s", "practice": "p",
            "start": "FROM python\n", "goal": [{"no_warnings": true}], "solution": "FROM python:3.12\n"}]}"#,
    )
    .unwrap();
    let malformed = dflab(&["lesson", "list", bad.to_str().unwrap()], b"");
    assert_eq!(malformed.status.code(), Some(2));
    assert!(
        stderr(&malformed).contains(
            "not a lesson pack: lessons[0].goal[0]: unknown variant `no_warnings`, expected one of `no_findings`"
        ),
        "{}",
        stderr(&malformed)
    );

    std::fs::write(
        &bad,
        r#"{"format": 1, "title": "T", "lessons": [{"id": "a", "title": "A", "summary": "s", "practice": "p",
            "start": "FROM python\n", "goal": [{"no_findings": ["X999"]}], "solution": "FROM python:3.12\n"}]}"#,
    )
    .unwrap();
    let invalid = dflab(&["lesson", "list", bad.to_str().unwrap()], b"");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(invalid.status.code(), Some(2));
    assert!(
        stderr(&invalid).contains("lesson `a`: unknown rule `X999`"),
        "{}",
        stderr(&invalid)
    );

    assert_eq!(dflab(&["lesson"], b"").status.code(), Some(2));
    assert_eq!(dflab(&["lesson", "check", LESSONS, "uv"], b"").status.code(), Some(2));
}

const FIXABLE: &[u8] = b"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]\n";

#[test]
fn fix_prints_the_safe_rewrite_and_offers_opt_in_groups() {
    let output = dflab(&["fix", "-"], FIXABLE);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("RUN pip install --no-cache-dir -r requirements.txt\n"),
        "{text}"
    );
    assert!(!text.contains("USER"), "opt-in groups wait to be asked for: {text}");
    let offers = String::from_utf8(output.stderr).unwrap();
    assert!(
        offers.contains("opt-in available") && offers.contains("--opt-in S001"),
        "{offers}"
    );
    let opted = stdout(&dflab(&["fix", "--opt-in", "S001,L001", "-"], FIXABLE));
    assert!(opted.contains("USER 10001\n"), "{opted}");
    assert!(
        opted.find("COPY requirements.txt ./").unwrap() < opted.find("COPY --chown=10001:10001 . .").unwrap(),
        "{opted}"
    );
}

#[test]
fn fix_diff_hunks_name_their_rules() {
    let text = stdout(&dflab(&["fix", "--diff", "-"], FIXABLE));
    assert!(
        text.starts_with("--- -\n+++ - (rewritten)\n@@ -1,6 +1,6 @@ Y001\n"),
        "{text}"
    );
    assert!(
        text.contains("-RUN pip install -r requirements.txt\n+RUN pip install --no-cache-dir -r requirements.txt\n"),
        "{text}"
    );
    assert!(
        stdout(&dflab(&["fix", "--diff", "-"], CLEAN)).is_empty(),
        "nothing to change, no diff"
    );
}

#[test]
fn fix_changes_a_file_only_with_write() {
    let dir = std::env::temp_dir().join(format!("dflab-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("Dockerfile");
    std::fs::write(&file, FIXABLE).unwrap();
    let path = file.to_str().unwrap();
    dflab(&["fix", path], b"");
    dflab(&["fix", "--diff", path], b"");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        FIXABLE,
        "without --write the file is untouched"
    );
    let output = dflab(&["fix", "--write", path], b"");
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("(Y001)"), "{}", stdout(&output));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("--no-cache-dir"));
    assert_eq!(
        dflab(&["fix", "--write", "-"], FIXABLE).status.code(),
        Some(2),
        "stdin cannot be written"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unknown_rule_is_an_error_naming_the_closest_one() {
    for (flag, value, suggestion) in [
        ("--select", "NOPE", None),
        ("--select", "base-image-untaged", Some("base-image-untagged")),
        ("--ignore", "DL300", None),
        (
            "--severity",
            "base-image-latst-tag=error",
            Some("base-image-latest-tag"),
        ),
    ] {
        let output = dflab(&["check", flag, value, "-"], UNTAGGED);
        assert_eq!(output.status.code(), Some(2), "{flag} {value}");
        let message = stderr(&output);
        let rule = value.split('=').next().unwrap();
        assert!(message.contains(&format!("no rule named `{rule}`")), "{message}");
        if let Some(name) = suggestion {
            assert!(message.contains(&format!("did you mean `{name}`")), "{message}");
        }
        assert!(output.stdout.is_empty(), "nothing is checked: {}", stdout(&output));
    }
    let output = dflab(&["fix", "--opt-in", "no-such-fix", "-"], FIXABLE);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--opt-in: no rule named `no-such-fix`"));
    // `all` is not a rule but is what --opt-in documents.
    assert_eq!(dflab(&["fix", "--opt-in", "all", "-"], FIXABLE).status.code(), Some(0));
}

/// BuildKit rejects `COPY.` (no such instruction): the build fails, so check reports an error in every format.
#[test]
fn check_reports_syntax_errors_in_every_format() {
    const BROKEN: &[u8] = b"FROM python:3.12-slim\nCOPY.\n";
    let text = dflab(&["check", "-"], BROKEN);
    assert_eq!(text.status.code(), Some(1));
    assert!(
        stdout(&text).contains("error[syntax-error]: unknown instruction: COPY.")
            && stdout(&text).contains("<stdin>:2:1"),
        "{}",
        stdout(&text)
    );
    // A syntax error fails even a check that only fails on errors, and survives --select.
    assert_eq!(
        dflab(&["check", "--fail-on", "error", "--select", "B001", "-"], BROKEN)
            .status
            .code(),
        Some(1)
    );
    let json = dflab(&["check", "--format", "json", "-"], BROKEN);
    let line: Value = serde_json::from_str(stdout(&json).lines().next().unwrap()).unwrap();
    assert_eq!(
        (line["rule"].as_str(), line["line"].as_u64()),
        (Some("syntax-error"), Some(2))
    );
    let sarif: Value = serde_json::from_str(&stdout(&dflab(&["check", "--format", "sarif", "-"], BROKEN))).unwrap();
    let run = &sarif["runs"][0];
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "syntax-error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "syntax-error");
}

#[test]
fn every_subcommand_has_its_own_help() {
    for (subcommand, mentions) in [
        (&["check"][..], &["Usage: dflab check", "--fail-on", "--select"][..]),
        (&["fix"], &["Usage: dflab fix", "--opt-in", "--write", "--diff"]),
        (&["analyze"], &["Usage: dflab analyze", "--opt-in"]),
        (&["layers"], &["Usage: dflab layers", "--format"]),
        (&["parse"], &["Usage: dflab parse", "ast"]),
        (&["rules"], &["Usage: dflab rules", "markdown"]),
        (&["explain"], &["Usage: dflab explain"]),
        (&["lesson", "check"], &["Usage: dflab lesson check", "--requirements"]),
    ] {
        let args: Vec<&str> = subcommand.iter().copied().chain(["--help"]).collect();
        let output = dflab(&args, b"");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        for text in mentions {
            assert!(
                stdout(&output).contains(text),
                "{args:?} help lacks {text}: {}",
                stdout(&output)
            );
        }
    }
    // Without a subcommand the help lists them all, and a stray word is still an analysis of that file.
    let help = stdout(&dflab(&["--help"], b""));
    for subcommand in [
        "check", "fix", "analyze", "parse", "layers", "rules", "explain", "lesson",
    ] {
        assert!(help.contains(subcommand), "{help}");
    }
    assert_eq!(dflab(&["-"], CLEAN).status.code(), Some(0));
}

/// Without Docker, `dflab verify` says what it needs instead of failing obscurely.
#[test]
fn verify_explains_when_docker_is_absent() {
    let empty = std::env::temp_dir().join(format!("dflab-no-docker-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_dflab"))
        .args(["verify", "."])
        .env("PATH", &empty)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&empty).ok();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("builds your Dockerfile with Docker, and `docker` is not on PATH"),
        "{}",
        stderr(&output)
    );
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dflab-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A Latin-1 `é` in a comment the fix does not touch must not become U+FFFD: the file is refused, untouched.
#[test]
fn fix_refuses_files_that_are_not_utf8_and_leaves_them_alone() {
    let dir = scratch("latin1");
    let file = dir.join("Dockerfile");
    let mut bytes = b"# caf\xe9\n".to_vec();
    bytes.extend_from_slice(FIXABLE);
    std::fs::write(&file, &bytes).unwrap();
    let output = dflab(&["fix", "--write", file.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not UTF-8"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    // Showing the diff is harmless.
    assert_eq!(
        dflab(&["fix", "--diff", file.to_str().unwrap()], b"").status.code(),
        Some(0)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// With the disk full (here: a file-size limit), the write fails and the original stays whole.
#[test]
fn fix_write_on_a_full_disk_keeps_the_original() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("full-disk");
    let file = dir.join("Dockerfile");
    // Over the 1 KiB limit, so that the rewrite cannot be written.
    let mut original = String::from_utf8(FIXABLE.to_vec()).unwrap();
    original.push_str(&"# padding so the file is larger than the limit\n".repeat(40));
    std::fs::write(&file, &original).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 1; exec '{}' fix --write '{}'",
            env!("CARGO_BIN_EXE_dflab"),
            file.display()
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    // Without the limit the same command rewrites it, keeping its permissions.
    assert_eq!(
        dflab(&["fix", "--write", file.to_str().unwrap()], b"").status.code(),
        Some(0)
    );
    assert_ne!(std::fs::read_to_string(&file).unwrap(), original);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    std::fs::remove_dir_all(&dir).ok();
}

/// ESC and BEL in the Dockerfile reach the terminal only as visible escapes, in every text report.
#[test]
fn text_reports_cannot_drive_the_terminal() {
    let hostile = b"FROM python:3.12-slim\nRUN echo \x1b]0;owned\x07 \x1b[2J && pip install flask\nCMD python app.py\n";
    for (args, quotes_the_run) in [
        (&["check", "-"][..], true),
        (&["fix", "--diff", "-"], true),
        (&["layers", "-"], false),
    ] {
        let output = dflab(args, hostile);
        assert!(
            !output.stdout.contains(&0x1b) && !output.stdout.contains(&0x07),
            "{args:?}"
        );
        if quotes_the_run {
            assert!(stdout(&output).contains("\\x1b"), "{args:?}: {}", stdout(&output));
        }
    }
    // The rewritten file itself is written as it is: it is meant for a file, not a terminal.
    assert!(dflab(&["fix", "-"], hostile).stdout.contains(&0x1b));
}

/// `dflab check` in a project folder reads `./Dockerfile` and its context, like `docker build .`.
#[test]
fn check_in_a_project_folder_reads_the_dockerfile_and_its_context() {
    let project = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/builds/full-image-build-tools");
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_dflab"))
            .args(args)
            .current_dir(&project)
            .output()
            .expect("dflab starts");
        let rules: Vec<String> = stdout(&output)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter_map(|finding| finding["rule"].as_str().map(str::to_string))
            .collect();
        rules
    };
    // The folder's .dockerignore is read: no advice to write one.
    let with_context = run(&["check", "--format", "json"]);
    assert!(!with_context.is_empty(), "the project's Dockerfile was checked");
    assert!(!with_context.contains(&"L002".to_string()), "{with_context:?}");
    let without = run(&["check", "--format", "json", "--no-context"]);
    assert!(without.contains(&"L002".to_string()), "{without:?}");
    // Elsewhere, `--context DIR` names the folder.
    let from_elsewhere = Command::new(env!("CARGO_BIN_EXE_dflab"))
        .args(["check", "--format", "json", "--context"])
        .arg(&project)
        .arg("-")
        .stdin(std::fs::File::open(project.join("Dockerfile")).expect("the project's Dockerfile"))
        .output()
        .expect("dflab starts");
    assert!(
        !stdout(&from_elsewhere).contains("\"L002\""),
        "{}",
        stdout(&from_elsewhere)
    );
}

/// BuildKit applies `<Dockerfile>.dockerignore` beside the Dockerfile before the context's own, and
/// `--dockerignore FILE` names one, read even with `--no-context` (the file list stays unknown).
#[test]
fn a_dockerfile_specific_or_named_ignore_file_is_read() {
    let dir = std::env::temp_dir().join(format!("dflab-ignore-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dockerfile = dir.join("app.Dockerfile");
    std::fs::write(
        &dockerfile,
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    )
    .unwrap();
    let rules = |args: &[&str]| -> Vec<String> {
        let output = Command::new(env!("CARGO_BIN_EXE_dflab"))
            .args(args)
            .output()
            .expect("dflab starts");
        stdout(&output)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter_map(|finding| finding["rule"].as_str().map(str::to_string))
            .collect()
    };
    let path = dockerfile.to_str().unwrap();
    assert!(rules(&["check", "--format", "json", path]).contains(&"L002".to_string()));
    std::fs::write(
        dir.join("app.Dockerfile.dockerignore"),
        ".git\n.venv\n__pycache__\n.env\n",
    )
    .unwrap();
    assert!(!rules(&["check", "--format", "json", path]).contains(&"L002".to_string()));
    let ignore = dir.join("app.Dockerfile.dockerignore");
    std::fs::rename(&ignore, dir.join("elsewhere")).unwrap();
    let named = dir.join("elsewhere");
    let with_named = rules(&[
        "check",
        "--format",
        "json",
        "--no-context",
        "--dockerignore",
        named.to_str().unwrap(),
        path,
    ]);
    assert!(
        !with_named.is_empty() && !with_named.contains(&"L002".to_string()),
        "{with_named:?}"
    );
    let missing = Command::new(env!("CARGO_BIN_EXE_dflab"))
        .args(["check", "--dockerignore", "/nonexistent/.dockerignore", path])
        .output()
        .expect("dflab starts");
    assert_ne!(missing.status.code(), Some(0), "{missing:?}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A finding in a stage that does not ship says so, with the evidence, in text and JSON.
#[test]
fn a_finding_in_a_build_stage_names_its_stage() {
    let source = b"FROM debian:bookworm AS fetch\nRUN curl -fsSL https://example.com/install.sh | sh\nFROM debian:bookworm-slim\nCOPY --from=fetch /opt /opt\n";
    let text = stdout(&dflab(&["check", "--select", "S007", "-"], source));
    assert!(
        text.contains("= note: in a build stage (only other stages use it"),
        "{text}"
    );
    let json = stdout(&dflab(&["check", "--format", "json", "--select", "S007", "-"], source));
    let finding: Value = serde_json::from_str(json.lines().next().expect("one finding")).unwrap();
    assert!(
        finding["stage"]
            .as_str()
            .is_some_and(|s| s.starts_with("in a build stage")),
        "{json}"
    );
    let shipped = stdout(&dflab(
        &["check", "--format", "json", "--select", "S007", "-"],
        b"FROM debian:bookworm\nRUN curl -fsSL https://example.com/install.sh | sh\n",
    ));
    assert!(!shipped.contains("\"stage\""), "{shipped}");
}

/// `dflab layers` reads the build context like `check`: the pip layer of a project's requirements.txt
/// gets a size, which it cannot have without the file.
#[test]
fn layers_reads_the_requirements_of_the_context() {
    let project = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/builds/pip-requirements-slim");
    let dockerfile = project.join("Dockerfile");
    let unknown = |args: &[&str]| -> Value {
        let output = Command::new(env!("CARGO_BIN_EXE_dflab"))
            .args(["layers", "--format", "json"])
            .args(args)
            .arg(&dockerfile)
            .output()
            .expect("dflab starts");
        let report: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
        report["before"]["unknown_layers"].clone()
    };
    assert_eq!(
        unknown(&[]),
        0,
        "with the context's requirements.txt every layer has a size"
    );
    assert_eq!(unknown(&["--no-context"]), 1, "without it the pip layer is unknown");
}

#[test]
fn check_without_a_dockerfile_here_is_a_clear_error() {
    let empty = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let output = Command::new(env!("CARGO_BIN_EXE_dflab"))
        .arg("check")
        .current_dir(&empty)
        .output()
        .expect("dflab starts");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("Dockerfile"),
        "{output:?}"
    );
}

/// The Markdown report, rendered by a CommonMark + GFM renderer as GitHub would: one table row per finding
/// (the JSON format's count), and nothing from the file turns into markup.
#[test]
fn check_markdown_renders_one_table_row_per_finding() {
    // The image reference is quoted in messages: `|` inside a code span in a table, and `<img`.
    let source = b"FROM python|x<img src=y>\nRUN pip install flask | tee /x\n";
    let output = dflab(&["check", "--format", "markdown", "-"], source);
    assert_eq!(output.status.code(), Some(1));
    let markdown = stdout(&output);
    let findings = stdout(&dflab(&["check", "--format", "json", "-"], source))
        .lines()
        .count();
    assert!(findings >= 3, "{markdown}");
    let mut html = String::new();
    let options = pulldown_cmark::Options::ENABLE_TABLES;
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&markdown, options));
    assert_eq!(html.matches("<tr>").count(), findings + 1, "{html}");
    assert_eq!(html.matches("<table>").count(), 1);
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("<code>python|x&lt;img</code>"), "{html}");
    assert!(html.contains("<td><code>syntax-error</code></td>"), "{html}");
    assert!(
        html.starts_with(&format!(
            "<h3>Dockerfile Lab: {findings} problems in <code>&lt;stdin&gt;</code></h3>"
        )),
        "{html}"
    );
    // Every row has the four cells of the header.
    for row in html.split("<tr>").skip(2) {
        assert_eq!(row.matches("<td>").count(), 4, "{row}");
    }
}
