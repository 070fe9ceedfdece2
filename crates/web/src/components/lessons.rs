//! The lesson view: the pack's lessons with their done state, the lesson card (its goal checked live on the
//! editor's text, hints one at a time, the solution as a diff), and loading another pack from a file or from
//! this page's own host.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use dflab_core::lessons::{Lesson, LessonContext, LessonPack};
use dflab_core::{Analysis, Options};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::rewrite::{diff_row, diff_table};
use super::{aria_bool, dispatch_on, emit_on_click, rich_text};
use crate::lessons::{
    current_marker, decode_done, encode_done, fetch_text, file_text, goal_report, parse_pack, progress_key,
    LessonAction, LessonsState, Pack, Wanted, CURRENT_KEY, SHIPPED_PACK,
};
use crate::storage::Storage;

/// A lesson's Dockerfile and context files for the editor, and what to call the replacement (for Undo).
pub type LessonLoad = (String, LessonContext, String);

#[derive(Properties, PartialEq)]
pub struct LessonsProps {
    pub lessons: UseReducerHandle<LessonsState>,
    pub source: Rc<str>,
    pub options: Options,
    pub analysis: Rc<Analysis>,
    /// Puts a lesson's text and context files in the editor, undoably (the path loading an example takes).
    pub on_load: Callback<LessonLoad>,
    pub storage: Storage,
    /// `?lessons=`: the pack to open instead of the shipped one.
    #[prop_or_default]
    pub pack_address: Option<AttrValue>,
    #[prop_or_default]
    pub readonly: bool,
}

/// Reading a pack's text: from an address or a file.
type Read = Pin<Box<dyn Future<Output = Result<String, String>>>>;

/// Loads a pack's text from `read` in the background; its outcome (the pack, or why not) lands in the state.
/// (`read` is boxed so this is compiled once, not once per source.)
fn load_pack(lessons: UseReducerDispatcher<LessonsState>, storage: Storage, what: String, read: Read) {
    lessons.dispatch(LessonAction::Loading(what.clone()));
    yew::platform::spawn_local(async move {
        match read.await.and_then(|text| parse_pack(&text)) {
            Ok(pack) => {
                // Embed mode shows what its link carries, never this browser's progress.
                let done = storage
                    .persist
                    .then(|| storage.load(&progress_key(&pack.title)))
                    .flatten()
                    .map(|text| decode_done(&text, &pack))
                    .unwrap_or_default();
                lessons.dispatch(LessonAction::Loaded(Pack(Rc::new(pack)), done));
            }
            Err(error) => lessons.dispatch(LessonAction::Failed(format!("{what}: {error}"))),
        }
    });
}

fn load_address(lessons: UseReducerDispatcher<LessonsState>, storage: Storage, address: String) {
    let what = address.clone();
    load_pack(
        lessons,
        storage,
        what,
        Box::pin(async move { fetch_text(&address).await }),
    );
}

/// How long the text must stay unchanged before a goal met (or failed again) changes the lesson's done state.
const SETTLE_MS: u32 = 800;

#[function_component(LessonsView)]
pub fn lessons_view(props: &LessonsProps) -> Html {
    let lessons = &props.lessons;
    let storage = props.storage;
    let pack_address = use_state(String::new);
    let lesson = lessons.lesson();
    let report = lesson.map(|lesson| goal_report(lesson, &props.source, &props.options, &props.analysis));
    // Fetch the pack when the view first opens (never at page load); go to a wanted lesson, whose text and
    // context files replace the editor's undoably unless a reload resumes it.
    {
        let (dispatcher, on_load, address) = (lessons.dispatcher(), props.on_load.clone(), props.pack_address.clone());
        let idle = lessons.pack.is_none() && lessons.loading.is_none() && lessons.error.is_none();
        use_effect_with(
            (idle, lessons.pack.clone(), lessons.wanted.clone()),
            move |(idle, pack, wanted)| {
                if *idle {
                    let address = address.map_or_else(|| SHIPPED_PACK.to_string(), |a| decode(&a));
                    load_address(dispatcher, storage, address);
                    return;
                }
                let Some(pack) = pack else { return };
                if let Some(wanted) = wanted {
                    let Some(index) = pack.lessons.iter().position(|lesson| lesson.id == wanted.id) else {
                        return dispatcher.dispatch(LessonAction::NotFound(wanted.id.clone()));
                    };
                    let lesson = &pack.lessons[index];
                    let marker = current_marker(&pack.title, &lesson.id);
                    if !(wanted.resume && storage.load(CURRENT_KEY).as_ref() == Some(&marker)) {
                        on_load.emit((lesson.start.clone(), lesson.context.clone(), "open a lesson".into()));
                    }
                    storage.save(CURRENT_KEY, &marker);
                    dispatcher.dispatch(LessonAction::Shown(index));
                }
            },
        );
    }
    // A lesson is done once its goal is met by a file that builds and the text has settled (a goal met for a
    // moment while typing is not done); a done lesson whose goal fails again, settled, is no longer done. The
    // progress is stored (a no-op in embed mode).
    {
        let dispatcher = lessons.dispatcher();
        let judged = lesson
            .zip(report.as_ref())
            .map(|(lesson, report)| (lesson.id.clone(), report.passed));
        let (pack, done) = (lessons.pack.clone(), lessons.done.clone());
        use_effect_with((judged, props.source.clone()), move |(judged, _)| {
            let settle = judged.clone().zip(pack).map(|((id, passed), pack)| {
                gloo::timers::callback::Timeout::new(SETTLE_MS, move || {
                    let mut next = done.clone();
                    let action = if passed && !done.contains(&id) {
                        next.push(id.clone());
                        LessonAction::Done(id)
                    } else if !passed && done.contains(&id) {
                        next.retain(|d| *d != id);
                        LessonAction::Undone(id)
                    } else {
                        return;
                    };
                    storage.save(&progress_key(&pack.title), &encode_done(&next));
                    dispatcher.dispatch(action);
                })
            });
            // A change of the text before the time is up cancels the judgement.
            move || drop(settle)
        });
    }

    let go = |id: String| {
        let dispatcher = lessons.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(LessonAction::Go(Wanted {
                id: id.clone(),
                resume: false,
            }))
        })
    };
    let close = dispatch_on(lessons.dispatcher(), |_: MouseEvent| LessonAction::Open(false));
    let title = lessons.pack.as_ref().map_or("Lessons", |pack| pack.title.as_str());
    let count = lessons.pack.as_ref().map_or(0, |pack| pack.lessons.len());

    html! {
        <section class="lessons" id="lessons" aria-labelledby="lessons-title">
            <div class="lessons-head">
                <h2 id="lessons-title">{ title }</h2>
                if count > 0 {
                    <span class="progress muted">{ format!("{} of {count} done", lessons.done.len()) }</span>
                }
                <button type="button" class="close-lessons" onclick={close}>{ "Close lessons" }</button>
            </div>
            if let Some(what) = &lessons.loading {
                <p class="status">{ "Loading " }{ what }{ "…" }</p>
            }
            if let Some(error) = &lessons.error {
                <p class="pack-error" role="alert">{ "✖ " }{ error }</p>
            }
            if let Some(pack) = &lessons.pack {
                <div class="lessons-body">
                    <nav class="lesson-nav-list" aria-label="Lessons of the pack">
                        <ol class="lesson-list">
                            { for pack.lessons.iter().enumerate().map(|(i, l)| {
                                let current = lessons.current == Some(i);
                                let done = lessons.is_done(&l.id);
                                html! {
                                    <li>
                                        <button type="button" class={if current { "lesson-item current" } else { "lesson-item" }}
                                            aria-current={current.then_some("step")} onclick={go(l.id.clone())}>
                                            <span class="lesson-title">{ &l.title }</span>
                                            if done { <span class="done-mark">{ "✓ done" }</span> }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ol>
                    </nav>
                    { match (lesson, &report) {
                        (Some(lesson), Some(report)) => lesson_card(props, pack, lesson, report, &go),
                        _ => html! { <p class="lesson-pick muted">{ "Pick a lesson: its Dockerfile opens in the editor, and what you had stays one Undo away." }</p> },
                    } }
                </div>
            }
            { pack_loader(lessons.dispatcher(), storage, pack_address) }
            <p class="visually-hidden" aria-live="polite" id="lesson-announce">{ &lessons.announcement }</p>
        </section>
    }
}

fn lesson_card(
    props: &LessonsProps,
    pack: &LessonPack,
    lesson: &Lesson,
    report: &dflab_core::lessons::GoalReport,
    go: &dyn Fn(String) -> Callback<MouseEvent>,
) -> Html {
    let lessons = &props.lessons;
    let index = lessons.current.unwrap_or_default();
    let done = lessons.is_done(&lesson.id);
    let hints = lesson.hints.len();
    let shown = lessons.hints_shown.min(hints);
    let show_hint = dispatch_on(lessons.dispatcher(), |_: MouseEvent| LessonAction::ShowHint);
    let toggle_solution = dispatch_on(lessons.dispatcher(), |_: MouseEvent| LessonAction::ToggleSolution);
    let load_solution = emit_on_click(
        &props.on_load,
        (
            lesson.solution.clone(),
            lesson.solution_context().clone(),
            "load a lesson's solution".to_string(),
        ),
    );
    let neighbour = |offset: usize| &pack.lessons[(index + offset) % pack.lessons.len()];
    let passing = report.checks.iter().filter(|c| c.passed).count();
    html! {
        <article class="lesson-card" aria-labelledby="lesson-title">
            <p class="lesson-position muted">{ format!("Lesson {} of {}", index + 1, pack.lessons.len()) }</p>
            <h3 id="lesson-title">
                { &lesson.title }
                if done { <span class="done-badge">{ "✓ done" }</span> }
            </h3>
            <p class="lesson-summary">{ rich_text(&lesson.summary) }</p>
            <p class="lesson-practice"><strong>{ "Practice: " }</strong>{ rich_text(&lesson.practice) }</p>
            <h4>{ "Goal" }</h4>
            <ul class="goal-checks">
                if let Some(why) = &report.syntax_error {
                    <li class="goal-check fail">
                        <span class="check-state">{ "✗ not met" }</span>
                        <span class="check-description">{ "the file builds" }</span>
                        <span class="check-message">{ format!("{why}: BuildKit rejects the file, so no goal is met") }</span>
                    </li>
                }
                { for report.checks.iter().map(|check| html! {
                    <li class={if check.passed { "goal-check pass" } else { "goal-check fail" }}>
                        <span class="check-state">{ if check.passed { "✓ met" } else { "✗ not met" } }</span>
                        <span class="check-description">{ &check.description }</span>
                        <span class="check-message">{ rich_text(&check.message) }</span>
                    </li>
                }) }
            </ul>
            <p class={if report.passed { "goal-state pass" } else { "goal-state" }}>
                { if report.passed {
                    "✓ Goal met: every check passes.".to_string()
                } else if report.syntax_error.is_some() {
                    "The file does not build: fix it first.".to_string()
                } else {
                    format!("{passing} of {} checks pass.", report.checks.len())
                } }
            </p>
            if hints > 0 {
                <h4>{ "Hints" }</h4>
                if shown > 0 {
                    <ol class="hints">{ for lesson.hints[..shown].iter().map(|hint| html! { <li>{ rich_text(hint) }</li> }) }</ol>
                }
                <button type="button" class="show-hint" onclick={show_hint} disabled={shown == hints}>
                    { if shown == hints { format!("All {hints} hints shown") } else { format!("Show hint {} of {hints}", shown + 1) } }
                </button>
            }
            <div class="actions">
                <button type="button" class="show-solution" onclick={toggle_solution}
                    aria-expanded={aria_bool(lessons.solution_shown)} aria-controls="lesson-solution">
                    { if lessons.solution_shown { "Hide solution" } else { "Show solution" } }
                </button>
                if lessons.solution_shown && !props.readonly {
                    <button type="button" class="load-solution" onclick={load_solution}>{ "Load the solution into the editor" }</button>
                }
            </div>
            if lessons.solution_shown {
                { solution(lesson) }
            }
            <div class="lesson-steps">
                <button type="button" class="previous-lesson" onclick={go(neighbour(pack.lessons.len() - 1).id.clone())}>
                    { "← Previous lesson" }
                </button>
                <button type="button" class="next-lesson" onclick={go(neighbour(1).id.clone())}>{ "Next lesson →" }</button>
            </div>
        </article>
    }
}

/// The solution as a diff against the start, and the context files it changes.
fn solution(lesson: &Lesson) -> Html {
    let files = |context: &LessonContext| {
        [
            (".dockerignore", context.dockerignore.clone()),
            ("requirements.txt", context.requirements_txt.clone()),
            ("pyproject.toml", context.pyproject_toml.clone()),
        ]
    };
    let changed: Vec<(&str, String)> = files(lesson.solution_context())
        .into_iter()
        .zip(files(&lesson.context))
        .filter(|(solution, start)| solution.1 != start.1)
        .map(|((name, text), _)| (name, text.unwrap_or_default()))
        .collect();
    html! {
        <div class="lesson-solution" id="lesson-solution">
            { diff_table(
                ["The starting Dockerfile and the solution, aligned line by line", "Start", "Solution"],
                lesson.solution_diff().iter().map(diff_row).collect(),
            ) }
            { for changed.into_iter().map(|(name, text)| html! {
                <>
                    <h4>{ name }{ " in the solution" }</h4>
                    <pre class="dockerignore"><code>{ text }</code></pre>
                </>
            }) }
        </div>
    }
}

/// `?lessons=` values arrive percent-encoded.
fn decode(address: &str) -> String {
    js_sys::decode_uri_component(address).map_or_else(|_| address.to_string(), String::from)
}

/// "Load a lesson pack": from a file, or from an address on this page's host; `address` is the address
/// field's text. (A plain view function with its state in the lesson view, which always shows it: a
/// component costs more code.)
fn pack_loader(lessons: UseReducerDispatcher<LessonsState>, storage: Storage, address: UseStateHandle<String>) -> Html {
    let on_file = {
        let dispatcher = lessons.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                load_pack(dispatcher.clone(), storage, file.name(), Box::pin(file_text(file)));
            }
            // The same file again is a new choice (an instructor fixing a pack and reloading it).
            input.set_value("");
        })
    };
    let on_address = {
        let address = address.clone();
        Callback::from(move |event: InputEvent| address.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_submit = {
        let (dispatcher, address) = (lessons, address.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let wanted = address.trim().to_string();
            if !wanted.is_empty() {
                load_address(dispatcher.clone(), storage, wanted);
            }
        })
    };
    html! {
        <details class="pack-loader">
            <summary>{ "Load a lesson pack" }</summary>
            <p class="hint">
                { "A pack is a JSON file (see docs/lessons.md). Only files on this page's own host can be loaded by address: nothing leaves the page, so other hosts are blocked. Your progress is kept in this browser, per pack." }
            </p>
            <label class="pack-file">
                { "From a file: " }
                <input type="file" id="pack-file" accept=".json,application/json" onchange={on_file} />
            </label>
            <form class="pack-address" onsubmit={on_submit}>
                <label for="pack-address">{ "From this site: " }</label>
                <input type="text" id="pack-address" placeholder="static/lessons/python.json" value={(*address).clone()}
                    oninput={on_address} spellcheck="false" autocomplete="off" />
                <button type="submit">{ "Load" }</button>
            </form>
        </details>
    }
}
