//! Tests of the web crate's pure parts, run in headless Chromium like the rest: URL state, findings
//! grouping, diff rows, the overlay's pieces and offsets (the highlighter itself is the core's, tested there).

use dflab_core::span::Span;
use dflab_core::syntax::highlight::HighlightKind as Kind;
use dflab_core::{
    Analysis, ChangeGroup, DiffKind, DiffRow, DiffSegment, Finding, FixAvailability, LayerReport, Options, Rewrite,
    Severity,
};
use dflab_web::components::findings::group_findings;
use dflab_web::components::highlight::{pieces, Marker};
use dflab_web::components::rewrite::{labelled_rows, rewrite_view, RewriteProps};
use dflab_web::text::{human_bytes, utf16_offset};
use dflab_web::url_state::{self, base64url, lz, HashRoute, Snapshot};
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A link made by the first release of the v1 format: it must open forever.
const V1_FIXTURE: &str =
    "v1=gAFkODM6RlJPTSBweXRob246My4xMi1zbGltCiMgY2Fmw6kg4piVIPCfkLMKUlVOIHBpcCBpbnN0YWxsIGZsYXNrJxYMbzM6YWxs";

#[wasm_bindgen_test]
fn url_state_round_trips_unicode_and_options() {
    let snapshot = Snapshot {
        source: "FROM python:3.12\n# ünïcødé ✓ 🐳 — 日本語\nRUN echo 'a'\r\nRUN echo 'a'\n".into(),
        options: Options {
            opt_in: vec!["R101".into(), "all".into()],
            ignore: vec!["DL3006".into()],
            extend_select: vec!["P005".into()],
            severity: [("P005".to_string(), dflab_core::Severity::Error)]
                .into_iter()
                .collect(),
            context: dflab_core::ContextFiles {
                requirements_txt: Some("flask==3.0\n".into()),
                dockerignore: Some(".git\n".into()),
                ..Default::default()
            },
            ..Default::default()
        },
        panel: Some("layers".into()),
    };
    let hash = url_state::encode(&snapshot);
    assert!(hash.starts_with("v2="));
    assert!(
        hash.bytes().all(|b| b.is_ascii_alphanumeric() || b"=-_".contains(&b)),
        "{hash}"
    );
    assert_eq!(
        url_state::route(&format!("#{hash}")),
        HashRoute::Shared(Ok(Box::new(snapshot)))
    );
    let empty = Snapshot::default();
    assert_eq!(
        url_state::route(&url_state::encode(&empty)),
        HashRoute::Shared(Ok(Box::new(empty)))
    );
}

#[wasm_bindgen_test]
fn the_v1_fixture_stays_decodable() {
    let HashRoute::Shared(Ok(snapshot)) = url_state::route(V1_FIXTURE) else {
        panic!("the v1 fixture no longer decodes")
    };
    assert_eq!(
        snapshot.source,
        "FROM python:3.12-slim\n# café ☕ 🐳\nRUN pip install flask\nRUN pip install flask\n"
    );
    assert_eq!(snapshot.options.opt_in, ["all"]);
}

#[wasm_bindgen_test]
fn routes_and_bad_links() {
    assert_eq!(url_state::route(""), HashRoute::None);
    assert_eq!(url_state::route("#rules"), HashRoute::Catalog);
    assert_eq!(url_state::route("#rule=B001"), HashRoute::Rule("B001".into()));
    assert_eq!(url_state::route("#rule=DL%33006"), HashRoute::Rule("DL3006".into()));
    assert!(matches!(url_state::route("#v9=abc"), HashRoute::Shared(Err(e)) if e.contains("v9")));
    assert!(matches!(url_state::route("#v1=!!!"), HashRoute::Shared(Err(_))));
    assert!(matches!(url_state::route("#v1=AQ"), HashRoute::Shared(Err(_))));
    assert_eq!(url_state::route("#section"), HashRoute::None);
    assert_eq!(url_state::route("#lessons"), HashRoute::Lesson(None));
    assert_eq!(url_state::route("#lesson=uv"), HashRoute::Lesson(Some("uv".into())));
    let plain = url_state::route("#text=FROM%20python%3A3.12%0A%23%20caf%C3%A9%0A");
    assert!(
        matches!(&plain, HashRoute::Shared(Ok(s)) if s.source == "FROM python:3.12\n# café\n" && s.options == Default::default()),
        "{plain:?}"
    );
}

#[wasm_bindgen_test]
fn lz_and_base64url_round_trip() {
    let mut data: Vec<u8> = Vec::new();
    let mut x: u32 = 12345;
    for i in 0..5000u32 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        data.push(if i % 7 < 4 {
            b'a' + (i % 5) as u8
        } else {
            (x >> 16) as u8
        });
    }
    for input in [
        &b""[..],
        b"a",
        b"aaaaaaaaaaaaaaaaaaaaaaaaa",
        b"abcabcabcabcabcabc",
        &data,
    ] {
        let packed = lz::compress(input);
        assert_eq!(lz::decompress(&packed, input.len()).as_deref(), Ok(input));
        if !input.is_empty() {
            assert_eq!(lz::decompress(&packed, input.len() - 1), Err(lz::Refused::TooLarge));
        }
        assert_eq!(base64url::decode(&base64url::encode(&packed)), Some(packed));
    }
    let dockerfile = "RUN apt-get update && apt-get install -y curl\n".repeat(20);
    assert!(lz::compress(dockerfile.as_bytes()).len() < dockerfile.len() / 5);
    assert_eq!(
        lz::decompress(&[3, 9], 100),
        Err(lz::Refused::Malformed),
        "a match before any output is rejected"
    );
}

#[wasm_bindgen_test]
fn crc32_is_the_standard_one() {
    // The check value of CRC-32/ISO-HDLC (the zip and PNG checksum) and a value from Python's zlib.crc32.
    assert_eq!(url_state::crc32::checksum(b"123456789"), 0xCBF4_3926);
    assert_eq!(url_state::crc32::checksum(b""), 0);
    assert_eq!(url_state::crc32::checksum(b"FROM python:3.12-slim\n"), 0xEE21_33D3);
}

#[wasm_bindgen_test]
fn links_that_expand_past_the_limit_or_were_damaged_are_refused() {
    // A link of a few dozen characters whose matches expand to 8 MB (issue #20): refused before expanding.
    let text = format!("FROM x\n{}", "ENV A=1\n".repeat(1_000_000));
    let records = format!("d{}:{text}", text.len());
    let bomb = format!("#v1={}", base64url::encode(&lz::compress(records.as_bytes())));
    assert!(bomb.len() < 200, "{}", bomb.len());
    assert!(
        matches!(url_state::route(&bomb), HashRoute::Shared(Err(e)) if e.contains("over 2 MB")),
        "{bomb}"
    );
    let plain = format!("#text={}", "A".repeat(7_000_000));
    assert!(matches!(url_state::route(&plain), HashRoute::Shared(Err(e)) if e.contains("over 2 MB")));
    // One character of a v2 link changed: the checksum no longer matches.
    let snapshot = Snapshot {
        source: "FROM python:3.12-slim\nRUN pip install flask\n".into(),
        ..Snapshot::default()
    };
    let link = url_state::encode(&snapshot);
    let mut damaged = link.clone().into_bytes();
    let middle = damaged.len() / 2;
    damaged[middle] = if damaged[middle] == b'A' { b'B' } else { b'A' };
    let damaged = String::from_utf8(damaged).unwrap();
    assert!(
        matches!(url_state::route(&damaged), HashRoute::Shared(Err(e)) if e.contains("damaged")),
        "{damaged}"
    );
    assert_eq!(url_state::route(&link), HashRoute::Shared(Ok(Box::new(snapshot))));
}

fn finding(rule: &str, category: &str, severity: Severity, start: usize) -> Finding {
    Finding {
        rule: rule.into(),
        name: "test-rule".into(),
        category: category.into(),
        severity,
        message: format!("{rule} at {start}"),
        span: Span {
            start,
            end: start + 1,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
        },
        fix: FixAvailability::None,
        hadolint: vec![],
        buildkit: vec![],
        trivy: vec![],
        stage_note: None,
    }
}

#[wasm_bindgen_test]
fn findings_group_by_severity_then_category() {
    let findings = vec![
        finding("C1", "cache", Severity::Info, 0),
        finding("S1", "security", Severity::Error, 1),
        finding("B1", "base", Severity::Warning, 2),
        finding("P1", "packages", Severity::Warning, 3),
        finding("B2", "base", Severity::Warning, 4),
    ];
    let groups = group_findings(&findings);
    type Shape<'a> = Vec<(Severity, usize, Vec<(&'a str, Vec<&'a str>)>)>;
    let shape: Shape = groups
        .iter()
        .map(|g| {
            (
                g.severity,
                g.count,
                g.categories
                    .iter()
                    .map(|(c, list)| (*c, list.iter().map(|f| f.rule.as_str()).collect()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (Severity::Error, 1, vec![("security", vec!["S1"])]),
            (
                Severity::Warning,
                3,
                vec![("base", vec!["B1", "B2"]), ("packages", vec!["P1"])]
            ),
            (Severity::Info, 1, vec![("cache", vec!["C1"])]),
        ]
    );
    assert!(group_findings(&[]).is_empty());
}

fn segment(text: &str, changed: bool) -> DiffSegment {
    DiffSegment {
        text: text.into(),
        changed,
    }
}

fn synthetic_analysis() -> Analysis {
    let mut analysis = dflab_core::analyze("FROM python:3.12\nRUN pip install flask\n", &Options::default());
    analysis.rewrite = Rewrite {
        text: "FROM python:3.12\nRUN pip install --no-cache-dir flask\n".into(),
        changes: vec![ChangeGroup {
            id: "g1".into(),
            rules: vec!["B001".into()],
            title: "Skip the pip cache".into(),
            fix: FixAvailability::OptIn,
            applied: true,
            warning: Some("changes what is installed".into()),
            withheld: None,
        }],
        diff: vec![
            DiffRow {
                kind: DiffKind::Same,
                old_line: Some(1),
                new_line: Some(1),
                old: vec![segment("FROM python:3.12", false)],
                new: vec![segment("FROM python:3.12", false)],
                groups: vec![],
            },
            DiffRow {
                kind: DiffKind::Changed,
                old_line: Some(2),
                new_line: Some(2),
                old: vec![segment("RUN pip install flask", false)],
                new: vec![
                    segment("RUN pip install ", false),
                    segment("--no-cache-dir ", true),
                    segment("flask", false),
                ],
                groups: vec!["g1".into()],
            },
        ],
        dockerignore: Some(".git\n".into()),
    };
    analysis.layers = LayerReport::default();
    analysis
}

#[wasm_bindgen_test]
fn diff_rows_get_group_labels() {
    let analysis = synthetic_analysis();
    let rows = labelled_rows(&analysis.rewrite.diff);
    assert_eq!(rows.len(), 3);
    assert!(rows[0].0.is_none());
    assert_eq!(rows[1].0, Some(&["g1".to_string()][..]));
    assert!(rows[2].1.is_some_and(|r| r.kind == DiffKind::Changed));
}

/// The rewrite panel with its own state, as [`dflab_web::components::results::ResultsPanel`] holds it.
#[yew::function_component(RewritePanel)]
fn rewrite_panel(props: &RewriteProps) -> yew::Html {
    rewrite_view(
        props,
        yew::use_state(Option::default),
        yew::use_state(bool::default),
        yew::use_state(bool::default),
    )
}

/// Mounts the rewrite panel for `analysis` of `source` in a fresh element of the page, and lets it render.
async fn mount_rewrite_panel(analysis: dflab_core::Analysis, source: &str) -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = RewriteProps {
        analysis: Rc::new(analysis),
        source: Rc::from(source),
        on_opt_in: yew::Callback::noop(),
        on_apply: yew::Callback::noop(),
        on_rule: yew::Callback::noop(),
        can_apply: true,
    };
    yew::Renderer::<RewritePanel>::with_root_and_props(root.clone(), props).render();
    gloo::timers::future::TimeoutFuture::new(20).await;
    root
}

#[wasm_bindgen_test]
async fn the_diff_renders_word_highlights_groups_and_toggles() {
    let root = mount_rewrite_panel(synthetic_analysis(), "FROM python:3.12\nRUN pip install flask\n").await;
    let text = |selector: &str| {
        root.query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
            .text_content()
            .unwrap_or_default()
    };
    assert_eq!(text(".diff-row.changed .new mark"), "--no-cache-dir ");
    assert_eq!(text(".group-label"), "Skip the pip cache");
    assert_eq!(root.query_selector_all(".diff-row").unwrap().length(), 2);
    assert!(root
        .query_selector(".change-group.opt-in input[type=checkbox]")
        .unwrap()
        .is_some());
    assert!(text(".change-group").contains("changes what is installed"));
    assert!(root.query_selector(".download-ignore").unwrap().is_some());
    // One changed row and one group: counted in the singular.
    assert_eq!(text(".rewrite .summary").trim(), "1 line differs; 1 change group.");
    root.remove();
}

#[wasm_bindgen_test]
fn overlay_pieces_cover_the_text_and_carry_markers() {
    let source = "FROM python\nRUN é\n";
    let markers = [Marker {
        start: 5,
        end: 11,
        severity: Severity::Warning,
    }];
    let pieces = pieces(source, &markers);
    let text: String = pieces.iter().map(|p| &source[p.start..p.end]).collect();
    assert_eq!(text, source, "the pieces are the text, in order, without gaps");
    let marked: Vec<&str> = pieces
        .iter()
        .filter(|p| p.mark == Some(Severity::Warning))
        .map(|p| &source[p.start..p.end])
        .collect();
    assert_eq!(marked, ["python"]);
    assert!(pieces
        .iter()
        .any(|p| &source[p.start..p.end] == "FROM" && p.kind == Some(Kind::Keyword)));
}

#[wasm_bindgen_test]
fn offsets_convert_to_utf16_and_sizes_read_well() {
    let source = "# é 🐳\nFROM x\n";
    let from = source.find("FROM").unwrap();
    assert_eq!(from, 10);
    assert_eq!(utf16_offset(source, from), 7);
    assert_eq!(utf16_offset(source, 3), 2, "inside é: clamped to its start");
    assert_eq!(utf16_offset(source, 1000), source.encode_utf16().count() as u32);
    assert_eq!(human_bytes(999), "999 B");
    assert_eq!(human_bytes(1_500_000), "1.5 MB");
    assert_eq!(human_bytes(125_000_000), "125 MB");
}

#[wasm_bindgen_test]
fn long_texts_are_kept_but_never_analysed_on_the_page() {
    use dflab_web::state::{Action, Panel, State, Unanalysed, MAX_INPUT_BYTES, ON_PAGE_MAX_BYTES};
    use yew::Reducible;
    let short = "FROM python:3.12-slim\nENV A=1\n";
    let long: String = std::iter::once("FROM python:3.12-slim\n".to_string())
        .chain((0..).map(|i| format!("ENV VAR_{i}=value_{i}\n")))
        .scan(0, |length, line| {
            *length += line.len();
            (*length <= ON_PAGE_MAX_BYTES + 100).then_some(line)
        })
        .collect();
    let state = |source: &str| {
        Rc::new(State::new(
            Snapshot {
                source: source.into(),
                ..Snapshot::default()
            },
            Vec::new(),
            "light".into(),
            Panel::Findings,
            false,
        ))
    };
    // With a worker, the reducer only marks a long text as pending: sending it is the analysis hook's effect.
    let with_worker = Rc::new(State::new(
        Snapshot {
            source: long.clone(),
            ..Snapshot::default()
        },
        Vec::new(),
        "light".into(),
        Panel::Findings,
        true,
    ));
    assert!(with_worker.analysis_pending(), "waits for the worker");
    assert_eq!(with_worker.unanalysed, None);
    assert!(with_worker.awaiting_first());
    // The worker could not take it: kept, with the reason, and nothing pending any more.
    let failed = with_worker.reduce(Action::WorkerFailed);
    assert_eq!(failed.unanalysed, Some(Unanalysed::NoWorker));
    assert!(!failed.analysis_pending());
    assert!(!failed.worker);
    // Without a worker (embed mode, or after it failed), a long text is kept and not analysed.
    let at_load = state(&long);
    assert_eq!(at_load.source, long);
    assert_eq!(at_load.unanalysed, Some(Unanalysed::NoWorker));
    assert!(!at_load.analysis_pending(), "nothing is on its way");
    assert!(
        at_load.analysis.instructions.is_empty(),
        "no analysis at all, not an old one"
    );
    // Typing it shorter analyses it again, on the page.
    let shorter = at_load.reduce(Action::Edit(short.into()));
    assert_eq!(shorter.unanalysed, None);
    assert_eq!(shorter.analysis.instructions.len(), 2);
    // Over the limit nothing is analysed, with a message that says how large the text is.
    let huge = "#".repeat(MAX_INPUT_BYTES + 1);
    let refused = shorter.reduce(Action::Replace {
        source: huge.clone(),
        label: "paste".into(),
        options: None,
    });
    assert_eq!(refused.source, huge, "the text is kept");
    assert_eq!(
        refused.unanalysed,
        Some(Unanalysed::TooLarge {
            bytes: MAX_INPUT_BYTES + 1
        })
    );
    assert!(refused.unanalysed.unwrap().message().contains("2.0 MB"));
    assert_eq!(
        refused.analysis.instructions.len(),
        2,
        "the panels show the message, not this"
    );
}

#[wasm_bindgen_test]
fn the_reducer_undoes_destructive_actions_and_wires_options() {
    use dflab_web::state::{Action, ContextFile, Panel, State};
    use yew::Reducible;
    let state = Rc::new(State::new(
        Snapshot {
            source: "FROM python\n".into(),
            ..Snapshot::default()
        },
        Vec::new(),
        "light".into(),
        Panel::Findings,
        false,
    ));
    assert_eq!(state.analysis.findings.len(), 1);
    assert!(!state.undo_armed);
    let state = state.reduce(Action::Replace {
        source: "FROM python:3.12-slim\n".into(),
        label: "load example X".into(),
        options: None,
    });
    assert!(state.undo_armed);
    assert!(state.analysis.findings.is_empty(), "re-analysed");
    let typed = state
        .clone()
        .reduce(Action::Edit("FROM python:3.12-slim\n# mine\n".into()));
    assert!(!typed.undo_armed, "typing disarms Ctrl+Z-undo");
    let undone = typed.reduce(Action::Undo);
    assert_eq!(undone.source, "FROM python\n");
    assert!(undone.history.is_empty());
    assert_eq!(undone.analysis.findings.len(), 1);

    let with_file = undone.reduce(Action::SetContext(ContextFile::Requirements, "flask\n".into()));
    assert_eq!(with_file.options.context.requirements_txt.as_deref(), Some("flask\n"));
    let cleared = with_file.reduce(Action::SetContext(ContextFile::Requirements, String::new()));
    assert_eq!(
        cleared.options.context.requirements_txt, None,
        "empty means not provided"
    );
    let opted = cleared.reduce(Action::SetOptIn {
        id: "g1".into(),
        on: true,
    });
    assert_eq!(opted.options.opt_in, ["g1"]);
    let revision = opted.revision;
    let off = opted.reduce(Action::SetOptIn {
        id: "g1".into(),
        on: false,
    });
    assert!(off.options.opt_in.is_empty());
    assert_eq!(off.revision, revision + 1, "a toggle re-analyses");

    // Loading a lesson replaces the context files too; Undo brings back the user's.
    let mine = off.reduce(Action::SetContext(ContextFile::Dockerignore, ".git\n".into()));
    let mut lesson_options = mine.options.clone();
    lesson_options.context.dockerignore = None;
    lesson_options.context.requirements_txt = Some("flask==3.0.3\n".into());
    let lesson = mine.clone().reduce(Action::Replace {
        source: mine.source.clone(),
        label: "open lesson X".into(),
        options: Some(Box::new(lesson_options)),
    });
    assert!(
        lesson.undo_armed,
        "same Dockerfile, other context files: still undoable"
    );
    assert_eq!(lesson.options.context.dockerignore, None);
    let back = lesson.reduce(Action::Undo);
    assert_eq!(back.options.context, mine.options.context);
}

#[wasm_bindgen_test]
fn lesson_packs_read_in_the_browser_like_serde_json_and_every_error_is_a_message() {
    use dflab_core::lessons::LessonPack;
    use dflab_web::lessons::parse_pack;
    let text = include_str!("../../../static/lessons/python.json");
    // Every field read is the field written: serde_json writes the pack back to the same JSON (the shipped
    // pack spells out no defaults), and that text reads back to the same pack.
    let pack: LessonPack = parse_pack(text).unwrap();
    assert_eq!(
        serde_json::to_value(&pack).unwrap(),
        serde_json::from_str::<serde_json::Value>(text).unwrap(),
        "the core's reader, in the browser, reads the shipped pack as serde_json does"
    );
    assert_eq!(parse_pack(&serde_json::to_string(&pack).unwrap()).unwrap(), pack);

    let lesson = r#"{"id": "a", "title": "A", "summary": "s", "practice": "p", "start": "FROM python\n",
        "goal": [{"no_findings": ["B001"]}, {"max_findings": {"severity": "error", "count": 0}}],
        "solution": "FROM python:3.12-slim\n"}"#;
    let pack = |lessons: &str| format!(r#"{{"format": 1, "title": "T", "lessons": [{lessons}]}}"#);
    assert_eq!(parse_pack(&pack(lesson)).unwrap().lessons[0].id, "a");
    let error = |text: &str| parse_pack(text).unwrap_err();
    assert!(error("{").starts_with("not valid JSON: "), "{}", error("{"));
    assert!(error("[]").starts_with("not a lesson pack: "), "{}", error("[]"));
    let extra = error(&pack(lesson).replacen("\"title\": \"T\"", "\"title\": \"T\", \"author\": \"me\"", 1));
    assert!(
        extra.starts_with(
            "not a lesson pack: unknown field `author`, expected one of `format`, `title`, `lessons` at line 1"
        ),
        "{extra}"
    );
    let misspelled_context = error(&pack(&lesson.replacen(
        "\"goal\"",
        "\"context\": {\".dockerignor\": \"x\"}, \"goal\"",
        1,
    )));
    assert!(
        misspelled_context.starts_with("not a lesson pack: lessons[0].context: unknown field `.dockerignor`"),
        "{misspelled_context}"
    );
    let max = error(&pack(&lesson.replacen("\"count\": 0", "\"count\": 0, \"level\": 1", 1)));
    assert!(
        max.starts_with(
            "not a lesson pack: lessons[0].goal[1].max_findings: unknown field `level`, expected `severity` or `count`"
        ),
        "{max}"
    );
    let variant = error(&pack(&lesson.replacen("no_findings", "no_warnings", 1)));
    assert!(
        variant.starts_with("not a lesson pack: lessons[0].goal[0]: unknown variant `no_warnings`"),
        "{variant}"
    );
    let format = error(&pack(lesson).replacen("\"format\": 1", "\"format\": 2", 1));
    assert_eq!(format, "unsupported pack format 2 (this version reads format 1)");
    let invalid = error(&pack(&lesson.replacen("\"id\": \"a\"", "\"id\": \"A b\"", 1)));
    assert!(
        invalid.contains("the id may only contain a-z, 0-9 and `-`"),
        "{invalid}"
    );
    let wrong_type = error(&pack(&lesson.replacen("\"count\": 0", "\"count\": \"none\"", 1)));
    assert!(
        wrong_type.starts_with(
            "not a lesson pack: lessons[0].goal[1].max_findings.count: invalid type: string \"none\", expected usize"
        ),
        "{wrong_type}"
    );
}

#[wasm_bindgen_test]
fn the_reducer_keeps_only_the_worker_analysis_of_the_latest_text() {
    use dflab_web::state::{Action, Panel, State};
    use yew::Reducible;
    let state = State::new(
        Snapshot {
            source: "FROM python\n".into(),
            ..Snapshot::default()
        },
        Vec::new(),
        "light".into(),
        Panel::Findings,
        false,
    );
    assert!(!state.analysis_pending());
    // As after two keystrokes sent to the worker: text number 3 is on its way, the shown analysis is of 1.
    let pending = Rc::new(State {
        source: "FROM python:3.12-slim\n".into(),
        input_seq: 3,
        ..state
    });
    assert!(pending.analysis_pending());
    let fresh = Rc::new(dflab_core::analyze("FROM python:3.12-slim\n", &Options::default()));
    let stale = pending.clone().reduce(Action::Analyzed {
        seq: 2,
        analysis: fresh.clone(),
        ms: 1.0,
    });
    assert!(Rc::ptr_eq(&stale, &pending), "a reply for an older text is dropped");
    let shown = pending.clone().reduce(Action::Analyzed {
        seq: 3,
        analysis: fresh.clone(),
        ms: 1.5,
    });
    assert!(!shown.analysis_pending());
    assert_eq!(shown.revision, pending.revision + 1);
    assert_eq!(shown.analysis_ms, 1.5);
    assert!(shown.analysis.findings.is_empty());

    // The worker failed while a text was pending: the page analyses it itself.
    let here = pending.clone().reduce(Action::WorkerFailed);
    assert!(!here.analysis_pending());
    assert!(!here.worker);
    assert_eq!(here.analysis, fresh);
}

/// The worker sends analyses as postcard, which is not self-describing: a field that serde skips when empty
/// (`skip_serializing_if`) breaks every reply. Round-trips an analysis with every part filled (change groups,
/// a withheld opt-in, layers).
#[wasm_bindgen_test]
fn an_analysis_survives_the_workers_postcard_round_trip() {
    let source = "FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN apt-get update\nRUN apt-get install -y build-essential libpq-dev\nRUN pip install -r requirements.txt\nCMD flask run\n";
    let options = Options {
        opt_in: vec!["all".into()],
        ..Default::default()
    };
    let analysis = dflab_core::analyze(source, &options);
    assert!(
        analysis.rewrite.changes.iter().any(|g| g.withheld.is_some()),
        "the sample has a withheld group"
    );
    let bytes = postcard::to_allocvec(&analysis).expect("serialises");
    let back: dflab_core::Analysis = postcard::from_bytes(&bytes).expect("deserialises");
    assert_eq!(back, analysis);
}

/// Issue #17: with every opt-in chosen, the multi-stage build would make a code change rebuild more; the panel
/// shows it withheld, its checkbox still checked (the choice is the user's), with the reason.
#[wasm_bindgen_test]
async fn a_withheld_opt_in_stays_checked_and_says_why() {
    let source = "FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN apt-get update\nRUN apt-get install -y build-essential libpq-dev\nRUN pip install -r requirements.txt\nCMD flask run\n";
    let options = Options {
        opt_in: vec!["all".into()],
        ..Default::default()
    };
    // The page after its size tables arrived (crate::size_data): the cache check sizes the package layers.
    let _ = dflab_core::knowledge::pack::install(include_bytes!("../../core/data/knowledge.pack"));
    let root = mount_rewrite_panel(dflab_core::analyze(source, &options), source).await;
    let group = root
        .query_selector("#group-Y019")
        .unwrap()
        .expect("the multi-stage group is listed");
    let why = group
        .query_selector(".withheld-text")
        .unwrap()
        .expect("it says why it is withheld");
    assert!(why.text_content().unwrap_or_default().contains("cache worse"));
    let checkbox: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::dyn_into(group.query_selector("input").unwrap().unwrap()).unwrap();
    assert!(checkbox.checked());
    let diff = root
        .query_selector(".diff")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert!(
        !diff.contains("AS builder"),
        "the multi-stage build is not in the rewrite"
    );
}
