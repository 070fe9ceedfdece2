//! The shipped lesson pack teaches what it claims (every start fails its goal, every solution meets it), and
//! each goal check passes and fails where it should.

use dflab_core::lessons::{check_goal, validate_pack, without_suppressions, Check, Goal, LessonPack, FORMAT_VERSION};
use dflab_core::{analyze, Options, Severity};

const PYTHON_PACK: &str = include_str!("../../../static/lessons/python.json");

fn python_pack() -> LessonPack {
    LessonPack::from_json(PYTHON_PACK).expect("static/lessons/python.json deserializes")
}

fn goal(checks: Vec<Check>) -> Goal {
    Goal { checks }
}

fn run(check: Check, source: &str) -> (bool, String) {
    let report = check_goal(&goal(vec![check]), &analyze(source, &Options::default()));
    assert_eq!(report.checks.len(), 1);
    let result = &report.checks[0];
    assert_eq!(report.passed, result.passed);
    (result.passed, result.message.clone())
}

#[test]
fn python_pack_validates_and_has_at_least_ten_lessons() {
    let pack = python_pack();
    assert_eq!(pack.format, FORMAT_VERSION);
    assert_eq!(validate_pack(&pack), Vec::<String>::new());
    assert!(pack.lessons.len() >= 10, "{} lessons", pack.lessons.len());
    for lesson in &pack.lessons {
        assert!(!lesson.hints.is_empty(), "{} has no hints", lesson.id);
    }
}

#[test]
fn every_start_fails_its_goal_and_every_solution_meets_it() {
    for lesson in python_pack().lessons {
        let (_, start) = lesson.check(&lesson.start, &lesson.context);
        assert!(
            !start.passed,
            "lesson `{}`: the start already meets the goal",
            lesson.id
        );
        let (_, solution) = lesson.check(&lesson.solution, lesson.solution_context());
        let failed: Vec<_> = solution
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| format!("{}: {}", c.description, c.message))
            .collect();
        assert!(
            solution.passed,
            "lesson `{}`: the solution fails {failed:#?}",
            lesson.id
        );
    }
}

#[test]
fn the_pack_round_trips_through_serde() {
    let pack = python_pack();
    let json = serde_json::to_string(&pack).unwrap();
    assert_eq!(LessonPack::from_json(&json).unwrap(), pack);
}

#[test]
fn every_start_fails_the_first_check_which_is_the_practice_itself() {
    // Convention of the pack (docs/lessons.md): the first check is the lesson's own practice, so a start that
    // fails only an incidental check would not teach anything.
    for lesson in python_pack().lessons {
        let (_, report) = lesson.check(&lesson.start, &lesson.context);
        let first = &report.checks[0];
        assert!(
            !first.passed,
            "lesson `{}`: the start meets `{}`",
            lesson.id, first.description
        );
        assert!(!first.message.is_empty(), "lesson `{}`", lesson.id);
    }
}

const MINIMAL: &str = r#"{"format": 1, "title": "T", "lessons": [{
    "id": "one", "title": "One", "summary": "s", "practice": "p",
    "start": "FROM python\n", "goal": [{"no_findings": ["B001"]}], "hints": ["h"],
    "solution": "FROM python:3.12-slim\n"}]}"#;

#[test]
fn a_minimal_pack_parses_with_optional_fields_left_out() {
    let pack = LessonPack::from_json(MINIMAL).unwrap();
    assert_eq!(validate_pack(&pack), Vec::<String>::new());
    assert!(pack.lessons[0].context.is_empty());
    assert_eq!(pack.lessons[0].solution_context, None);
}

#[test]
fn malformed_packs_are_errors_not_panics() {
    let unknown_check = MINIMAL.replace("no_findings", "no_warnings");
    let error = LessonPack::from_json(&unknown_check).unwrap_err();
    assert!(error.contains("unknown variant `no_warnings`"), "{error}");
    assert!(
        error.contains("no_findings"),
        "the error lists the known kinds: {error}"
    );

    let unknown_context = MINIMAL.replace(r#""goal""#, r#""context": {"setup.py": ""}, "goal""#);
    let error = LessonPack::from_json(&unknown_context).unwrap_err();
    assert!(error.contains("setup.py"), "{error}");

    let missing_solution = MINIMAL.replace(",\n    \"solution\": \"FROM python:3.12-slim\\n\"", "");
    let error = LessonPack::from_json(&missing_solution).unwrap_err();
    assert!(error.contains("missing field `solution`"), "{error}");

    let wrong_type = MINIMAL.replace(r#"["B001"]"#, r#""B001""#);
    assert!(LessonPack::from_json(&wrong_type).is_err());
    let bad_severity = MINIMAL.replace(
        r#"{"no_findings": ["B001"]}"#,
        r#"{"max_findings": {"severity": "fatal", "count": 0}}"#,
    );
    assert!(LessonPack::from_json(&bad_severity).is_err());
    let two_keys = MINIMAL.replace(
        r#"{"no_findings": ["B001"]}"#,
        r#"{"min_stages": 2, "user_not_root": true}"#,
    );
    assert!(LessonPack::from_json(&two_keys).is_err());
    for garbage in ["", "[]", "{}", "{\"format\": 1", "null"] {
        assert!(LessonPack::from_json(garbage).is_err(), "{garbage:?}");
    }
}

#[test]
fn validate_pack_reports_semantic_problems() {
    let mut pack = LessonPack::from_json(MINIMAL).unwrap();
    pack.format = 2;
    let mut second = pack.lessons[0].clone();
    second.start = "  \n".into();
    second.goal = goal(vec![
        Check::NoFindings(vec!["X999".into(), "DL3008".into()]),
        Check::MinStages(0),
    ]);
    pack.lessons.push(second);
    let mut third = pack.lessons[0].clone();
    third.id = "Bad Id".into();
    third.goal = goal(vec![]);
    third.solution = "RUN <<EOF\nnever terminated\n".into();
    pack.lessons.push(third);
    let problems = validate_pack(&pack);
    let expect = [
        "unsupported pack format 2",
        "lesson `one`: duplicate id",
        "lesson `one`: empty start",
        "lesson `one`: unknown rule `X999` in `no_findings`",
        "lesson `one`: rule `DL3008` (P005) is off by default",
        "lesson `one`: `min_stages` of 0 always passes",
        "lesson `Bad Id`: the id may only contain",
        "lesson `Bad Id`: the goal has no checks",
        "lesson `Bad Id`: solution would be rejected by BuildKit",
    ];
    for expected in expect {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "missing `{expected}` in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), expect.len(), "{problems:#?}");

    let empty = LessonPack {
        format: 1,
        title: String::new(),
        lessons: vec![],
    };
    assert_eq!(
        validate_pack(&empty),
        ["the pack has an empty title", "the pack has no lessons"]
    );
}

#[test]
fn no_findings_passes_when_clean_and_lists_remaining_lines() {
    let source = "FROM python:3.12-slim\nRUN pip install flask\nRUN pip install gunicorn\n";
    let (passed, message) = run(Check::NoFindings(vec!["pip-no-cache-dir".into()]), source);
    assert!(!passed);
    assert!(
        message.starts_with("2 findings of Y001 remain: lines 2, 3 (`pip install` without `--no-cache-dir`"),
        "{message}"
    );
    // Hadolint ids resolve to our rules.
    let (passed, _) = run(Check::NoFindings(vec!["DL3042".into()]), source);
    assert!(!passed);
    let (passed, message) = run(
        Check::NoFindings(vec!["Y001".into(), "DL3006".into()]),
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
    );
    assert!(passed, "{message}");
    let (passed, message) = run(Check::NoFindings(vec!["X999".into()]), "FROM python:3.12-slim\n");
    assert!(!passed);
    assert!(message.contains("unknown rule `X999`"), "{message}");
}

#[test]
fn max_findings_counts_at_or_above_the_severity() {
    let source = "FROM python\nRUN pip install flask\n";
    let check = |severity, count| Check::MaxFindings { severity, count };
    let (passed, message) = run(check(Severity::Error, 0), source);
    assert!(passed, "{message}");
    let (passed, message) = run(check(Severity::Warning, 0), source);
    assert!(!passed);
    assert!(
        message.contains("B001 line 1") && message.contains("Y001 line 2"),
        "{message}"
    );
    assert!(message.contains("(at most 0 allowed)"), "{message}");
    let (passed, _) = run(check(Severity::Warning, 10), source);
    assert!(passed);
}

#[test]
fn final_image_under_mb_uses_the_high_estimate_and_fails_when_unknown() {
    let (passed, message) = run(Check::FinalImageUnderMb(300), "FROM python:3.12-slim\n");
    assert!(passed, "{message}");
    assert!(
        message.starts_with("estimated ") && message.ends_with(" MB"),
        "{message}"
    );
    let (passed, message) = run(Check::FinalImageUnderMb(300), "FROM python:3.12\n");
    assert!(!passed);
    assert!(message.contains("over 300 MB"), "{message}");
    let (passed, message) = run(Check::FinalImageUnderMb(300), "FROM registry.example.com/private:1\n");
    assert!(!passed);
    assert!(message.contains("size is unknown"), "{message}");
}

#[test]
fn has_instruction_looks_at_the_final_stage_in_any_case() {
    let check = || Check::HasInstruction("healthcheck".into());
    let (passed, message) = run(
        check(),
        "FROM python:3.12-slim\nHEALTHCHECK CMD [\"python\", \"-c\", \"1\"]\n",
    );
    assert!(passed, "{message}");
    assert_eq!(message, "HEALTHCHECK on line 2");
    let (passed, message) = run(
        check(),
        "FROM python:3.12-slim AS build\nHEALTHCHECK NONE\nFROM python:3.12-slim\n",
    );
    assert!(!passed);
    assert_eq!(message, "the final stage has no HEALTHCHECK instruction");
}

#[test]
fn user_not_root_needs_a_user_in_the_final_stage() {
    let (passed, message) = run(Check::UserNotRoot(true), "FROM python:3.12-slim\nUSER 10001\n");
    assert!(passed, "{message}");
    let (passed, message) = run(Check::UserNotRoot(true), "FROM python:3.12-slim\n");
    assert!(!passed);
    assert!(
        message.contains("runs as root") || message.contains("USER"),
        "{message}"
    );
    let (passed, message) = run(Check::UserNotRoot(true), "FROM python:3.12-slim\nUSER root\n");
    assert!(!passed, "{message}");
    let (passed, _) = run(
        Check::UserNotRoot(true),
        "FROM python:3.12-slim AS build\nUSER 10001\nFROM python:3.12-slim\n",
    );
    assert!(!passed, "a USER in an earlier stage does not count");
    let (passed, _) = run(Check::UserNotRoot(false), "FROM python:3.12-slim\n");
    assert!(passed);
}

#[test]
fn min_stages_counts_from_instructions() {
    let two = "FROM python:3.12-slim AS build\nRUN true\nFROM python:3.12-slim\n";
    assert_eq!(run(Check::MinStages(2), two), (true, "2 stages".into()));
    assert_eq!(
        run(Check::MinStages(2), "FROM python:3.12-slim\n"),
        (false, "1 stage".into())
    );
    assert_eq!(run(Check::MinStages(1), ""), (false, "0 stages".into()));
}

#[test]
fn a_goal_passes_only_when_every_check_does() {
    let analysis = analyze("FROM python:3.12-slim\nUSER 10001\n", &Options::default());
    let both = goal(vec![Check::UserNotRoot(true), Check::MinStages(2)]);
    let report = check_goal(&both, &analysis);
    assert!(!report.passed);
    assert_eq!(
        report.checks.iter().map(|c| c.passed).collect::<Vec<_>>(),
        [true, false]
    );
    assert_eq!(report.checks[1].description, "at least 2 build stages");
    assert!(check_goal(&goal(vec![Check::UserNotRoot(true)]), &analysis).passed);
}

/// A pack of one lesson whose goal is `goal` (JSON), for reading checks.
fn pack_with_goal(goal: &str) -> String {
    MINIMAL.replace(r#"[{"no_findings": ["B001"]}]"#, goal)
}

#[test]
fn checks_serialize_as_documented() {
    let pack = LessonPack::from_json(&pack_with_goal(
        r#"[{"no_findings": ["Y001", "pip-no-cache-dir", "DL3042"]},
            {"max_findings": {"severity": "warning", "count": 0}},
            {"final_image_under_mb": 250}, {"has_instruction": "HEALTHCHECK"},
            {"user_not_root": true}, {"min_stages": 2}]"#,
    ))
    .unwrap();
    let checks = &pack.lessons[0].goal.checks;
    assert_eq!(
        checks[1],
        Check::MaxFindings {
            severity: Severity::Warning,
            count: 0
        }
    );
    assert_eq!(checks[3], Check::HasInstruction("HEALTHCHECK".into()));
    assert_eq!(
        serde_json::to_string(&checks[2]).unwrap(),
        r#"{"final_image_under_mb":250}"#
    );
}

/// Every check variant, every severity and every optional field, written out by serde and read back.
#[test]
fn every_check_and_optional_field_round_trips_through_serde() {
    use dflab_core::lessons::{Lesson, LessonContext};
    let full = Lesson {
        id: "full".into(),
        title: "Every field \"quoted\" and ünïcödé 😀".into(),
        summary: "s\n\ttabbed\\".into(),
        practice: "p".into(),
        start: "FROM python\n".into(),
        context: LessonContext {
            requirements_txt: Some("flask\n".into()),
            pyproject_toml: Some("[project]\nname = \"x\"\n".into()),
            dockerignore: Some(".git\n".into()),
        },
        goal: goal(vec![
            Check::NoFindings(vec!["Y001".into(), "DL3042".into()]),
            Check::NoFindings(vec![]),
            Check::MaxFindings {
                severity: Severity::Info,
                count: 0,
            },
            Check::MaxFindings {
                severity: Severity::Warning,
                count: 3,
            },
            Check::MaxFindings {
                severity: Severity::Error,
                count: u32::MAX as usize,
            },
            Check::FinalImageUnderMb(u64::MAX),
            Check::HasInstruction("HEALTHCHECK".into()),
            Check::UserNotRoot(true),
            Check::UserNotRoot(false),
            Check::MinStages(2),
        ]),
        hints: vec!["one".into(), "two".into()],
        solution: "FROM python:3.12-slim\n".into(),
        solution_context: Some(LessonContext {
            dockerignore: Some("*\n".into()),
            ..LessonContext::default()
        }),
    };
    let mut sparse = full.clone();
    sparse.id = "sparse".into();
    sparse.context = LessonContext::default();
    sparse.hints = vec![];
    sparse.solution_context = Some(LessonContext::default());
    let mut left_out = sparse.clone();
    left_out.id = "left-out".into();
    left_out.solution_context = None;
    for pack in [
        LessonPack {
            format: FORMAT_VERSION,
            title: "Round trip".into(),
            lessons: vec![full, sparse, left_out],
        },
        LessonPack {
            format: u32::MAX,
            title: String::new(),
            lessons: vec![],
        },
        python_pack(),
    ] {
        for json in [
            serde_json::to_string(&pack).unwrap(),
            serde_json::to_string_pretty(&pack).unwrap(),
        ] {
            assert_eq!(LessonPack::from_json(&json).as_ref(), Ok(&pack), "{json}");
        }
    }
}

#[test]
fn the_documented_example_pack_is_valid_and_teaches_what_it_claims() {
    let docs = include_str!("../../../docs/lessons.md");
    let start = docs.find("```json\n").expect("docs/lessons.md has a JSON example") + "```json\n".len();
    let end = start + docs[start..].find("```").unwrap();
    let pack = LessonPack::from_json(&docs[start..end]).expect("the documented example parses");
    assert_eq!(validate_pack(&pack), Vec::<String>::new());
    for lesson in &pack.lessons {
        assert!(!lesson.check(&lesson.start, &lesson.context).1.passed);
        let (_, report) = lesson.check(&lesson.solution, lesson.solution_context());
        assert!(report.passed, "{report:#?}");
    }
}

#[test]
fn suppression_comments_do_not_meet_a_goal() {
    let pack = python_pack();
    let lesson = pack.lessons.iter().find(|l| l.id == "pip-no-cache").unwrap();
    for silenced in [
        format!("# dflab global ignore=Y001,L005\n{}", lesson.start),
        format!(
            "# check=skip=all\n# hadolint global ignore=DL3042,DL3059\n{}",
            lesson.start
        ),
        lesson.start.replace(
            "RUN pip",
            "# hadolint ignore=DL3042,DL3059\n  # dflab ignore=pip-no-cache-dir\r\nRUN pip",
        ),
    ] {
        let (analysis, report) = lesson.check(&silenced, &lesson.context);
        assert!(!report.passed, "{silenced}");
        // The blanked text keeps every offset: spans point into the learner's text.
        for finding in &analysis.findings {
            assert!(silenced.is_char_boundary(finding.span.start) && finding.span.end <= silenced.len());
        }
        assert_eq!(without_suppressions(&silenced).len(), silenced.len());
    }
    assert_eq!(
        without_suppressions("# syntax=docker/dockerfile:1\n # check = skip=all\nFROM x # dflab\n# check the tag\n"),
        format!(
            "# syntax=docker/dockerfile:1\n #{}\nFROM x # dflab\n# check the tag\n",
            " ".repeat(17)
        )
    );
}

#[test]
fn unknown_fields_inside_a_check_are_errors() {
    let extra = r#"[{"max_findings": {"severity": "warning", "count": 0, "rules": ["Y001"]}}]"#;
    let error = LessonPack::from_json(&pack_with_goal(extra)).unwrap_err();
    assert!(
        error.contains("lessons[0].goal[0].max_findings: unknown field `rules`, expected `severity` or `count`"),
        "{error}"
    );
    let negative = r#"[{"final_image_under_mb": -5}]"#;
    let error = LessonPack::from_json(&pack_with_goal(negative)).unwrap_err();
    assert!(
        error.contains("lessons[0].goal[0].final_image_under_mb: invalid value: number `-5`, expected u64"),
        "{error}"
    );
}

#[test]
fn the_solution_diff_shows_what_changes() {
    use dflab_core::DiffKind;
    let pack = python_pack();
    let lesson = pack.lessons.iter().find(|l| l.id == "pip-no-cache").unwrap();
    let rows = lesson.solution_diff();
    assert!(rows.iter().any(|r| r.kind != DiffKind::Same));
    let changed = rows.iter().find(|r| {
        r.kind == DiffKind::Changed
            && r.new.iter().any(|s| s.changed)
            && r.new
                .iter()
                .map(|s| s.text.as_str())
                .collect::<String>()
                .contains("--no-cache-dir")
    });
    assert!(changed.is_some(), "{rows:#?}");
}

/// One stray character that makes the file unparseable (a `C` before `COPY`) once made goals "met": the
/// analysis of a file BuildKit rejects can miss the very finding a check looks for. No solution meets its goal
/// then, and the report says why.
#[test]
fn a_solution_broken_by_a_stray_character_meets_no_goal() {
    for lesson in python_pack().lessons {
        let Some(at) = lesson
            .solution
            .find("\nCOPY ")
            .or_else(|| lesson.solution.find("\nRUN "))
        else {
            continue;
        };
        let broken = format!("{}\nC{}", &lesson.solution[..at], &lesson.solution[at + 1..]);
        let (_, report) = lesson.check(&broken, lesson.solution_context());
        assert!(
            !report.passed,
            "lesson `{}`: a file BuildKit rejects met the goal",
            lesson.id
        );
        let why = report.syntax_error.expect("the report names the syntax error");
        assert!(why.starts_with("line "), "{why}");
    }
}
