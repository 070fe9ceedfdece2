use std::rc::Rc;

use dflab_core::span::Span;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::catalog::Catalog;
use super::context_files::{context_editor, ContextEditorProps};
use super::dispatch_on;
use super::editor::Editor;
use super::findings::count_summary;
use super::help::{help, HELP_ID};
use super::highlight::Marker;
use super::lessons::{LessonLoad, LessonsView};
use super::results::ResultsPanel;
use super::share::{share_link, use_share};
use super::tabs::{tab_id, tab_list, tab_panel_id, Tab, TabsProps};
use super::toolbar::{toolbar, ToolbarProps};
use crate::analysis_client::{AnalysisClient, Offload, Outcome};
use crate::browser::{self, Env};
use crate::examples::{default_example, EXAMPLES};
use crate::lessons::{self, cycle, LessonAction, LessonsState, Wanted};
use crate::state::{Action, ContextFile, Panel, State, UndoEntry, View};
use crate::storage::Storage;
use crate::text::{line_of, utf16_offset};
use crate::url_state::{self, HashRoute, Snapshot};

/// Line height of the editor in CSS pixels (`static/style.css`, `.editor`), to scroll a selection into view.
const LINE_PX: f64 = 20.0;

fn initial_state(env: &Env, storage: Storage, offload: Option<Offload>, shell: &crate::shell::Handoff) -> State {
    let theme = env
        .theme
        .clone()
        .or_else(|| storage.load_theme())
        .unwrap_or_else(|| if browser::prefers_dark() { "dark" } else { "light" }.into());
    let panel = env
        .panel
        .as_deref()
        .and_then(|p| Panel::from_key(if p == "rewrite" { "diff" } else { p }))
        .unwrap_or(Panel::Findings);
    // Embed mode and a framed app show what their link carries, never this browser's saved text.
    let saved = storage.load_snapshot();
    let default = || Snapshot {
        source: default_example().source.to_string(),
        ..Snapshot::default()
    };
    let mut history = Vec::new();
    let mut notice = None;
    let mut view = View::Lab;
    let snapshot = match url_state::route(&browser::hash()) {
        HashRoute::Shared(Ok(shared)) => {
            if let Some(saved) = saved.filter(|s| s.source != shared.source && !s.source.trim().is_empty()) {
                history.push(UndoEntry {
                    source: saved.source,
                    label: "open a shared link".into(),
                    options: None,
                });
                notice = Some("Opened the Dockerfile from the link. Undo brings back the text you had.".into());
            }
            *shared
        }
        HashRoute::Shared(Err(error)) => {
            notice = Some(format!("Could not open the link: {error}."));
            saved.unwrap_or_else(default)
        }
        HashRoute::Rule(code) => {
            view = View::Catalog(Some(code));
            saved.unwrap_or_else(default)
        }
        HashRoute::Catalog => {
            view = View::Catalog(None);
            saved.unwrap_or_else(default)
        }
        HashRoute::None | HashRoute::Lesson(_) => saved.unwrap_or_else(default),
    };
    // Typed into the static page before the app ran: the reader's latest text, over whatever it was showing.
    let snapshot = match &shell.edited_text {
        Some(text) => Snapshot {
            source: text.clone(),
            ..snapshot
        },
        None => snapshot,
    };
    // `?panel=` first, then the tab a shared link was shared from.
    let panel = env
        .panel
        .is_none()
        .then(|| snapshot.panel.as_deref().and_then(Panel::from_key))
        .flatten()
        .unwrap_or(panel);
    let mut state = State::new(snapshot, history, theme, panel, offload);
    state.view = view;
    state.notice = notice;
    state
}

/// Selects `span` (byte offsets of `source`) in the textarea, focuses it and scrolls the line into view.
fn select_span(editor: &NodeRef, source: &str, span: Span) {
    let Some(textarea) = editor.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let (start, end) = (utf16_offset(source, span.start), utf16_offset(source, span.end));
    let _ = textarea.focus();
    let _ = textarea.set_selection_range(start, end);
    let top = (line_of(source, span.start) as f64 - 1.0) * LINE_PX;
    let visible = textarea.scroll_top() as f64..(textarea.scroll_top() + textarea.client_height()) as f64 - LINE_PX;
    if !visible.contains(&top) {
        textarea.set_scroll_top((top - 3.0 * LINE_PX).max(0.0) as i32);
    }
}

fn is_text_field(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"))
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Analyse typing in a Web Worker (`crate::analysis_client`); `start` sets it, component tests do not.
    /// Embed mode never does: each widget is its own iframe, a worker each would be one more wasm instance
    /// per widget, and documentation snippets analyse in well under a millisecond.
    #[prop_or_default]
    pub offload: bool,
    /// The static page's editor, shown before the wasm ran (`crate::shell`): the app keeps what the reader
    /// typed there and their caret, then removes it.
    #[prop_or_default]
    pub shell: crate::shell::Handoff,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    // The page's environment and its worker, made once (one memo hook rather than two: less code).
    let page = use_memo((), |_| {
        let env = Env::current();
        let client = (props.offload && !env.embed)
            .then(AnalysisClient::spawn)
            .flatten()
            .map(Rc::new);
        (env, client)
    });
    let (env, client) = (&page.0, page.1.clone());
    let storage = Storage {
        persist: !env.embed && !env.framed,
    };
    let state = use_reducer(|| initial_state(env, storage, client.clone().map(Offload), &props.shell));
    let editor_ref = use_node_ref();
    // The app's own page is there: the static one goes, and its focus and caret move to the app's editor.
    {
        let (editor_ref, focus) = (editor_ref.clone(), props.shell.focus);
        use_effect_with((), move |_| {
            crate::shell::remove();
            if let (Some((start, end)), Some(editor)) = (focus, editor_ref.cast::<HtmlTextAreaElement>()) {
                let _ = editor.focus();
                let _ = editor.set_selection_range(start, end);
            }
        });
    }
    let share = use_share();
    let file_tab = use_state(usize::default);
    // The lesson view, opened by `#lesson=<id>` (a reload resumes it), `#lessons` or a `?lessons=` pack.
    let lessons = use_reducer(|| match url_state::route(&browser::hash()) {
        HashRoute::Lesson(id) => LessonsState::opened(id.map(|id| Wanted { id, resume: true })),
        _ if env.lessons.is_some() => LessonsState::opened(None),
        _ => LessonsState::default(),
    });

    // First render: a mark the e2e run reads as the first-render time.
    use_effect_with((), |_| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("dflab-first-render");
        }
    });
    // The worker's analyses into the reducer (the reducer sends it the texts).
    {
        let (client, dispatcher) = (client.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            if let Some(client) = client.as_ref() {
                client.subscribe(Callback::from(move |outcome| {
                    dispatcher.dispatch(match outcome {
                        Outcome::Analyzed { seq, analysis, ms } => Action::Analyzed { seq, analysis, ms },
                        Outcome::Failed => Action::WorkerFailed,
                    })
                }));
            }
        });
    }
    // The size tables, once the first analysis is on screen (or the text is too long to analyse): the first
    // analysis never waits for them. Then the service worker may register (see `size_data::settled`).
    {
        let (client, dispatcher) = (client.clone(), state.dispatcher());
        let first_shown = state.revision > 0 || state.unanalysed.is_some();
        use_effect_with(first_shown, move |&first_shown| {
            if first_shown {
                yew::platform::spawn_local(async move {
                    let size_data = crate::size_data::load(client.as_deref()).await;
                    dispatcher.dispatch(Action::SizeData(size_data));
                    crate::size_data::settled();
                });
            }
        });
    }
    // Texts replaced by an action are kept as drafts (in localStorage), so that opening a link or loading an
    // example never loses the user's own text, even once the tab is closed.
    let drafts = use_state(|| Rc::new(storage.load_drafts()));
    {
        let (drafts, reducer) = (drafts.clone(), state.clone());
        let kept = use_mut_ref(usize::default);
        use_effect_with(state.history.len(), move |&length| {
            let mut kept = kept.borrow_mut();
            for entry in reducer.history.iter().skip(*kept) {
                let snapshot = Snapshot {
                    source: entry.source.clone(),
                    options: entry.options.as_deref().unwrap_or(&reducer.options).clone(),
                    panel: None,
                };
                drafts.set(Rc::new(storage.keep_draft(&snapshot, js_sys::Date::now() as u64)));
            }
            *kept = length;
        });
    }
    // Theme on <html>.
    use_effect_with(state.theme.clone(), |theme| browser::apply_theme(theme));
    // A widget follows its documentation page's theme switch (never saved: the reader's own choice stays).
    {
        let dispatcher = state.dispatcher();
        let embed = env.embed;
        use_effect_with((), move |_| {
            let listener = embed
                .then(|| browser::listen_for_host_theme(move |theme| dispatcher.dispatch(Action::SetTheme(theme))))
                .flatten();
            move || drop(listener)
        });
    }
    // Autosave (a no-op in embed mode).
    use_effect_with(
        (state.source.clone(), state.options.clone()),
        move |(source, options)| {
            storage.save_snapshot(&Snapshot {
                source: source.clone(),
                options: options.clone(),
                panel: None,
            });
        },
    );
    // The hash follows the view: `#rule=<code>` in the catalog, `#lesson=<id>` with a lesson open, nothing
    // else in the lab (a shared link's hash is dropped once loaded, so a reload shows the autosaved text).
    // Embed mode never rewrites its URL.
    {
        let embed = env.embed;
        use_effect_with((state.view.clone(), lessons.hash()), move |(view, lesson_hash)| {
            if !embed {
                let current = browser::hash();
                let wanted = match view {
                    View::Lab => lesson_hash.clone(),
                    View::Catalog(Some(code)) => Some(format!("rule={code}")),
                    View::Catalog(None) => Some("rules".to_string()),
                };
                let current = current.trim_start_matches('#');
                if current != wanted.as_deref().unwrap_or("") {
                    // Opening the catalog from the lab is a place of its own: Back returns to the lab.
                    let in_catalog = |hash: &str| hash == "rules" || hash.starts_with("rule=");
                    if matches!(view, View::Catalog(_)) && !in_catalog(current) {
                        browser::push_hash(wanted.as_deref());
                    } else {
                        browser::replace_hash(wanted.as_deref());
                    }
                }
            }
        });
    }
    // Links followed inside the page (`#rule=…`, `#lesson=…`, a pasted `#v1=…`).
    {
        // The lesson open now (its `#lesson=` hash), read by the listener: Back from the catalog to the lesson
        // already open must not start it again over the reader's text.
        let open_lesson = use_mut_ref(|| None::<String>);
        *open_lesson.borrow_mut() = lessons.hash();
        let dispatcher = state.dispatcher();
        let lessons = lessons.dispatcher();
        let embed = env.embed;
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                match url_state::route(&browser::hash()) {
                    HashRoute::Shared(Ok(shared)) => {
                        let shared = *shared;
                        if let Some(panel) = shared.panel.as_deref().and_then(Panel::from_key) {
                            dispatcher.dispatch(Action::ShowPanel(panel));
                        }
                        dispatcher.dispatch(Action::Replace {
                            source: shared.source,
                            label: "open a shared link".into(),
                            options: Some(Box::new(shared.options)),
                        });
                        dispatcher.dispatch(Action::ShowView(View::Lab));
                        if !embed {
                            browser::replace_hash(None);
                        }
                    }
                    HashRoute::Shared(Err(error)) => {
                        dispatcher.dispatch(Action::Notice(Some(format!("Could not open the link: {error}."))))
                    }
                    HashRoute::Rule(code) => dispatcher.dispatch(Action::ShowView(View::Catalog(Some(code)))),
                    HashRoute::Catalog => dispatcher.dispatch(Action::ShowView(View::Catalog(None))),
                    HashRoute::Lesson(id) => {
                        dispatcher.dispatch(Action::ShowView(View::Lab));
                        let hash = id
                            .as_ref()
                            .map_or_else(|| "lessons".to_string(), |id| format!("lesson={id}"));
                        if open_lesson.borrow().as_deref() == Some(hash.as_str()) {
                            return;
                        }
                        lessons.dispatch(match id {
                            Some(id) => LessonAction::Go(Wanted { id, resume: false }),
                            None => LessonAction::Open(true),
                        });
                    }
                    // Back from the catalog to the lab's entry.
                    HashRoute::None => dispatcher.dispatch(Action::ShowView(View::Lab)),
                }
            });
            move || drop(listener)
        });
    }
    // Page-wide shortcuts: Alt+1/2/3 panels, `?` help, Ctrl+Z after a destructive action.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.undo_armed, move |&undo_armed| {
            let options = EventListenerOptions::enable_prevent_default();
            let listener =
                EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let key = event.key();
                    if event.alt_key() && !event.ctrl_key() {
                        let panel = match event.code().as_str() {
                            "Digit1" => Panel::Findings,
                            "Digit2" => Panel::Diff,
                            "Digit3" => Panel::Layers,
                            _ => return,
                        };
                        event.prevent_default();
                        dispatcher.dispatch(Action::ShowView(View::Lab));
                        dispatcher.dispatch(Action::ShowPanel(panel));
                        return;
                    }
                    if is_text_field(event.target()) {
                        return;
                    }
                    if key == "?" {
                        if let Some(dialog) = browser::by_id::<HtmlDialogElement>(HELP_ID) {
                            let _ = dialog.show_modal();
                        }
                    } else if undo_armed && (event.ctrl_key() || event.meta_key()) && key.eq_ignore_ascii_case("z") {
                        event.prevent_default();
                        dispatcher.dispatch(Action::Undo);
                    }
                });
            move || drop(listener)
        });
    }

    let source: Rc<str> = Rc::from(state.source.as_str());
    // An analysis of an earlier text would mark the wrong lines and count the wrong findings: while the text
    // has none (too large, or no worker), the editor and the tabs show nothing.
    let analysis = match state.unanalysed {
        Some(_) => Rc::new(dflab_core::Analysis::default()),
        None => state.analysis.clone(),
    };
    let on_select = {
        let (editor_ref, source, file_tab) = (editor_ref.clone(), source.clone(), file_tab.clone());
        Callback::from(move |span: Span| {
            if *file_tab != 0 {
                file_tab.set(0);
                let (editor_ref, source) = (editor_ref.clone(), source.clone());
                gloo::timers::callback::Timeout::new(0, move || select_span(&editor_ref, &source, span)).forget();
            } else {
                select_span(&editor_ref, &source, span);
            }
        })
    };
    let on_edit = dispatch_on(state.dispatcher(), Action::Edit);
    let on_undo = dispatch_on(state.dispatcher(), |()| Action::Undo);
    let on_restore = {
        let (dispatcher, drafts) = (state.dispatcher(), drafts.clone());
        Callback::from(move |index: usize| {
            if let Some(draft) = drafts.get(index) {
                dispatcher.dispatch(Action::Replace {
                    source: draft.snapshot.source.clone(),
                    label: "restore a draft".into(),
                    options: Some(Box::new(draft.snapshot.options.clone())),
                });
            }
        })
    };
    let on_example = {
        let dispatcher = state.dispatcher();
        Callback::from(move |index: usize| {
            if let Some(example) = EXAMPLES.get(index) {
                dispatcher.dispatch(Action::Replace {
                    source: example.source.to_string(),
                    label: format!("load example {}", example.name),
                    options: None,
                });
                dispatcher.dispatch(Action::ShowView(View::Lab));
            }
        })
    };
    // Presenter mode: PageDown/PageUp (what presentation clickers send) and the arrow keys step through the
    // examples, or the lessons while the lesson view is open, outside the editor.
    {
        let on_example = on_example.clone();
        // Read when a key is pressed, not captured when the listener is made: a second key pressed after the
        // page showed the next example but before the listener was renewed stepped from the old one.
        let current = use_mut_ref(|| None);
        *current.borrow_mut() = EXAMPLES.iter().position(|example| example.source == state.source);
        let deps = (env.present, lessons.open && lessons.pack.is_some());
        let lessons = lessons.dispatcher();
        use_effect_with(deps, move |&(present, by_lesson)| {
            let listener = present.then(|| {
                EventListener::new(&gloo::utils::document(), "keydown", move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if is_text_field(event.target()) {
                        return;
                    }
                    let forward = match event.key().as_str() {
                        "PageDown" | "ArrowRight" => true,
                        "PageUp" | "ArrowLeft" => false,
                        _ => return,
                    };
                    if by_lesson {
                        lessons.dispatch(LessonAction::Step(forward));
                    } else if let Some(next) = cycle(*current.borrow(), EXAMPLES.len(), forward) {
                        on_example.emit(next);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let on_apply = dispatch_on(state.dispatcher(), |text: String| Action::Replace {
        source: text,
        label: "apply the rewrite".into(),
        options: None,
    });
    let on_opt_in = dispatch_on(state.dispatcher(), |(id, on): (String, bool)| Action::SetOptIn {
        id,
        on,
    });
    let on_context = dispatch_on(state.dispatcher(), |(file, text): (ContextFile, String)| {
        Action::SetContext(file, text)
    });
    let on_rule = dispatch_on(state.dispatcher(), |code: String| {
        Action::ShowView(View::Catalog(Some(code)))
    });
    // Only while the findings shown are those of the editor's text: their offsets are then the text's.
    let on_ignore = {
        let (dispatcher, source, current) = (state.dispatcher(), state.source.clone(), !state.analysis_pending());
        Callback::from(move |(rule, at): (String, usize)| {
            if current {
                let line = crate::text::line_of(&source, at);
                dispatcher.dispatch(Action::Replace {
                    source: crate::text::with_ignore_comment(&source, at, &rule),
                    label: format!("ignore {rule} on line {line}"),
                    options: None,
                });
            }
        })
    };
    let on_theme = {
        let (dispatcher, dark) = (state.dispatcher(), state.theme == "dark");
        Callback::from(move |()| {
            let theme = if dark { "light" } else { "dark" };
            storage.save_theme(theme);
            dispatcher.dispatch(Action::SetTheme(theme.into()));
        })
    };
    let on_catalog = dispatch_on(state.dispatcher(), |()| Action::ShowView(View::Catalog(None)));
    let on_close_catalog = dispatch_on(state.dispatcher(), |()| Action::ShowView(View::Lab));
    let on_rule_enabled = dispatch_on(state.dispatcher(), |(code, on)| Action::SetRuleEnabled(code, on));
    let on_rule_severity = dispatch_on(state.dispatcher(), |(code, severity)| {
        Action::SetRuleSeverity(code, severity)
    });
    let on_lessons = {
        let (dispatcher, lessons, open) = (state.dispatcher(), lessons.dispatcher(), lessons.open);
        Callback::from(move |()| {
            dispatcher.dispatch(Action::ShowView(View::Lab));
            lessons.dispatch(LessonAction::Open(!open));
        })
    };
    // A lesson replaces the text and the context files through the same undoable action as an example.
    let on_lesson_load = {
        let (dispatcher, options) = (state.dispatcher(), state.options.clone());
        Callback::from(move |(source, context, label): LessonLoad| {
            dispatcher.dispatch(Action::Replace {
                source,
                label,
                options: Some(Box::new(lessons::with_context(&options, &context))),
            });
            dispatcher.dispatch(Action::ShowView(View::Lab));
        })
    };
    let dismiss_notice = dispatch_on(state.dispatcher(), |_: MouseEvent| Action::Notice(None));

    let (markers, messages): (Vec<Marker>, Vec<String>) = analysis
        .diagnostics
        .iter()
        .map(|d| (d.span, d.severity, &d.message))
        .chain(analysis.findings.iter().map(|f| (f.span, f.severity, &f.message)))
        .map(|(span, severity, message)| {
            let marker = Marker {
                start: span.start,
                end: span.end,
                severity,
            };
            (marker, message.clone())
        })
        .unzip();
    let (markers, messages) = (Rc::new(markers), Rc::new(messages));
    let readonly = env.readonly;

    let dockerfile_editor = html! {
        <>
            <Editor value={source.clone()} markers={markers} messages={messages} on_edit={on_edit.clone()}
                undo_armed={state.undo_armed} on_undo={on_undo.clone()} readonly={readonly} editor_ref={editor_ref.clone()} />
            if readonly {
                <p id="editor-help" class="hint">{ "Click a finding or a layer to select its text." }</p>
            } else {
                <p id="editor-help" class="hint">
                    { "Tab indents; Esc then Tab leaves the editor. Click a finding or a layer to select its text." }
                </p>
            }
        </>
    };

    let files_pane = if env.embed {
        html! {
            <section class="pane editor-pane" aria-label="Dockerfile">{ dockerfile_editor }</section>
        }
    } else {
        let mut tabs = vec![Tab {
            key: "dockerfile".into(),
            label: html! { "Dockerfile" },
        }];
        tabs.extend(ContextFile::ALL.iter().map(|file| Tab {
            key: context_key(*file).into(),
            label: html! {
                <>{ file.file_name() }if file.get(&state.options).is_some() { <span class="filled" aria-label=" (filled)">{ " •" }</span> }</>
            },
        }));
        let on_tab = {
            let file_tab = file_tab.clone();
            Callback::from(move |index: usize| file_tab.set(index))
        };
        html! {
            <section class="pane editor-pane" aria-label="Files of the build">
                { tab_list(TabsProps {
                    id: "files".into(),
                    label: "Files".into(),
                    tabs,
                    selected: *file_tab,
                    on_select: on_tab,
                }) }
                <div role="tabpanel" id={tab_panel_id("files", "dockerfile")} aria-labelledby={tab_id("files", "dockerfile")}
                    hidden={*file_tab != 0}>
                    { dockerfile_editor }
                </div>
                { for ContextFile::ALL.iter().enumerate().map(|(i, file)| {
                    let key = context_key(*file);
                    html! {
                        <div role="tabpanel" id={tab_panel_id("files", key)} aria-labelledby={tab_id("files", key)}
                            hidden={*file_tab != i + 1}>
                            { context_editor(ContextEditorProps {
                                file: *file,
                                value: file.get(&state.options).unwrap_or_default().into(),
                                on_change: on_context.clone(),
                                readonly,
                            }) }
                        </div>
                    }
                }) }
            </section>
        }
    };

    let findings_count = analysis.findings.len() + analysis.diagnostics.len();
    let panel_tabs = vec![
        Tab {
            key: "findings".into(),
            label: html! { <>{ "Findings " }<span class="count">{ findings_count }</span></> },
        },
        Tab {
            key: "diff".into(),
            label: html! { "Rewrite" },
        },
        Tab {
            key: "layers".into(),
            label: html! { "Layers" },
        },
    ];
    let selected = Panel::ALL.iter().position(|p| *p == state.panel).unwrap_or(0);
    let on_panel = dispatch_on(state.dispatcher(), |index: usize| Action::ShowPanel(Panel::ALL[index]));
    let key = state.panel.key();
    let results_pane = html! {
        <section class="pane results-pane" aria-label="Analysis">
            { tab_list(TabsProps {
                id: "panels".into(),
                label: "Analysis".into(),
                tabs: panel_tabs,
                selected,
                on_select: on_panel,
            }) }
            <div role="tabpanel" id={tab_panel_id("panels", key)} aria-labelledby={tab_id("panels", key)} tabindex="0"
                class="tab-panel">
                if let Some(unanalysed) = state.unanalysed {
                    <p class="unanalysed" role="alert">{ unanalysed.message() }</p>
                } else if state.awaiting_first() {
                    <p class="analysing" role="status">{ "Analysing… (a long text is analysed in the background; the page stays usable)" }</p>
                } else {
                    <ResultsPanel key={key} panel={state.panel} analysis={analysis.clone()} source={source.clone()}
                        size_data={state.size_data.clone()}
                        on_select={on_select.clone()} {on_opt_in} {on_apply} {on_rule} {on_ignore} can_apply={!readonly} />
                }
            </div>
        </section>
    };
    let announcement = html! {
        <p class="visually-hidden" aria-live="polite" id="announce">{ count_summary(&analysis) }</p>
    };
    let lessons_view = html! {
        if lessons.open {
            <LessonsView lessons={lessons.clone()} source={source.clone()} options={state.options.clone()}
                analysis={analysis.clone()} on_load={on_lesson_load} {storage}
                pack_address={env.lessons.clone().map(AttrValue::from)} readonly={readonly} />
        }
    };
    let revision = state.revision.to_string();
    let analysis_ms = dflab_core::num::fixed(state.analysis_ms, 3);
    // For the e2e runs: whether the worker analyses typing, and whether an analysis is on its way.
    let worker = state.offload.is_some().then_some("");
    let pending = state.analysis_pending().then_some("");
    let size_data = state.size_data.key();

    if env.present {
        let lesson = lessons.open.then(|| lessons.lesson()).flatten();
        let title = lesson.map(|lesson| lesson.title.as_str()).unwrap_or_else(|| {
            EXAMPLES
                .iter()
                .find(|example| example.source == state.source)
                .map_or("Your Dockerfile", |example| example.name)
        });
        let keys = if lessons.open {
            "PageDown / PageUp: next / previous lesson"
        } else {
            "PageDown / PageUp: next / previous example"
        };
        return html! {
            <div class="app present" data-revision={revision} data-analysis-ms={analysis_ms}
                data-worker={worker} data-pending={pending} data-size-data={size_data}>
                <div class="present-bar">
                    <span class="present-address">{ browser::page_address() }</span>
                    <span class="present-title">{ title }</span>
                    <span class="present-keys">{ keys }</span>
                </div>
                { announcement }
                { lessons_view }
                <main class="workspace">{ files_pane }{ results_pane }</main>
            </div>
        };
    }

    if env.embed {
        return html! {
            <div class="app embed" data-revision={revision} data-analysis-ms={analysis_ms}
                data-worker={worker} data-pending={pending} data-size-data={size_data}>
                <div class="embed-bar">
                    <span class="embed-title">{ "Dockerfile Lab" }</span>
                    <span class="muted">{ "runs in your browser" }</span>
                    <a class="open-full" href={share_link(&state.snapshot())} target="_blank" rel="noopener">
                        { "Open in Dockerfile Lab ↗" }
                    </a>
                </div>
                { announcement }
                { lessons_view }
                <main class="workspace">{ files_pane }{ results_pane }</main>
            </div>
        };
    }

    let undo_label = state.history.last().map(|entry| entry.label.clone());
    html! {
        <div class="app" data-revision={revision} data-analysis-ms={analysis_ms}
                data-worker={worker} data-pending={pending} data-size-data={size_data}>
            <header class="app-header">
                <div class="brand">
                    <h1>{ "Dockerfile Lab" }</h1>
                    <p class="tagline">
                        { "Findings, a safer rewrite and a layer estimate for your Dockerfile. " }
                        <strong>{ "Runs in your browser: nothing you paste is sent anywhere." }</strong>
                    </p>
                </div>
                { toolbar(ToolbarProps {
                    snapshot: state.snapshot(),
                    share,
                    undo_label,
                    on_undo,
                    drafts: (*drafts).clone(),
                    on_restore,
                    on_example,
                    theme: state.theme.clone().into(),
                    on_theme,
                    on_catalog,
                    lessons_open: lessons.open,
                    on_lessons,
                }) }
            </header>
            if let Some(notice) = &state.notice {
                <div class="notice" role="status">
                    <span>{ notice }</span>
                    <button type="button" class="dismiss" aria-label="Dismiss" onclick={dismiss_notice}>{ "✕" }</button>
                </div>
            }
            { announcement }
            { match &state.view {
                View::Lab => html! { <>{ lessons_view }<main class="workspace">{ files_pane }{ results_pane }</main></> },
                View::Catalog(focus) => html! {
                    <main class="catalog-view"><Catalog focus={focus.clone()} on_close={on_close_catalog} options={state.options.clone()}
                        on_enabled={on_rule_enabled} on_severity={on_rule_severity} /></main>
                },
            } }
            <footer class="app-footer">
                <p>
                    { "Nothing leaves this page: it fetches only its own files (its Content-Security-Policy forbids any other request), the size tables among them, and your text is kept only in this browser's local storage. " }
                    { format!("Last analysis took {} ms. ", dflab_core::num::fixed(state.analysis_ms, 1)) }
                    <a href="static/embed-snippet.html">{ "Embed it in your docs" }</a>
                </p>
            </footer>
            { help() }
        </div>
    }
}

fn context_key(file: ContextFile) -> &'static str {
    match file {
        ContextFile::Requirements => "requirements",
        ContextFile::Pyproject => "pyproject",
        ContextFile::Dockerignore => "dockerignore",
        ContextFile::Files => "context-files",
    }
}
