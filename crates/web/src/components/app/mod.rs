//! The app: its state, the hooks that act on it, and one layout in three modes (the full lab, a documentation
//! widget, presenter mode).

mod header;
mod initial;

use yew::prelude::*;

use super::catalog::Catalog;
use super::dispatch_on;
use super::files_pane::FilesPane;
use super::findings::count_summary;
use super::help::help;
use super::lessons::{LessonLoad, LessonsView};
use super::results_pane::ResultsPane;
use super::share::share_link;
use crate::browser::{self, Env};
use crate::examples::EXAMPLES;
use crate::hooks::analysis::{use_analysis, use_analysis_worker};
use crate::hooks::keyboard::{use_presenter_keys, use_shortcuts};
use crate::hooks::navigation::{use_followed_links, use_hash_follows_view};
use crate::hooks::persistence::{use_autosave, use_drafts};
use crate::hooks::theme::use_theme;
use crate::lessons::{self, LessonsState};
use crate::state::{Action, State, View};
use crate::storage::Storage;
use header::Header;
use initial::{initial_lessons, initial_state};

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Analyse long texts in a Web Worker (`crate::analysis_client`); `start` sets it, component tests do not.
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
    let env = use_memo((), |_| Env::current());
    let client = use_analysis_worker(props.offload && !env.embed);
    let storage = Storage {
        persist: !env.embed && !env.framed,
    };
    let state = use_reducer(|| initial_state(&env, storage, client.is_some(), &props.shell));
    let lessons = use_reducer(|| initial_lessons(&env));
    let editor_ref = use_node_ref();
    let file_tab = use_state(usize::default);

    crate::shell::use_takeover(&editor_ref, props.shell.focus);
    use_analysis(&state, client);
    let drafts = use_drafts(&state, storage);
    use_autosave(&state, storage);
    use_theme(&state, env.embed);
    use_hash_follows_view(&state.view, lessons.hash(), env.embed);
    use_followed_links(&state, &lessons, env.embed);
    use_shortcuts(&state);
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
    use_presenter_keys(env.present, &state.source, &lessons, on_example.clone());

    // The bar above the workspace: the header of the full page, or the strip of a widget or a presentation.
    let bar = if env.present {
        present_bar(&state, &lessons)
    } else if env.embed {
        html! {
            <div class="embed-bar">
                <span class="embed-title">{ "Dockerfile Lab" }</span>
                <span class="muted">{ "runs in your browser" }</span>
                <a class="open-full" href={share_link(&state.snapshot())} target="_blank" rel="noopener">
                    { "Open in Dockerfile Lab ↗" }
                </a>
            </div>
        }
    } else {
        html! { <Header page={state.clone()} lessons={lessons.clone()} {drafts} on_example={on_example} {storage} /> }
    };
    let full = !env.present && !env.embed;
    let readonly = env.readonly;
    let workspace = html! {
        <>
            if lessons.open {
                <LessonsView lessons={lessons.clone()} source={std::rc::Rc::<str>::from(state.source.as_str())}
                    options={state.options.clone()} analysis={state.shown_analysis()} on_load={lesson_loader(&state)}
                    {storage} pack_address={env.lessons.clone().map(AttrValue::from)} {readonly} />
            }
            <main class="workspace">
                <FilesPane page={state.clone()} editor_ref={editor_ref.clone()} file_tab={file_tab.clone()} {readonly} embed={env.embed} />
                <ResultsPane page={state.clone()} {editor_ref} {file_tab} {readonly} />
            </main>
        </>
    };
    let class = if env.present {
        "app present"
    } else if env.embed {
        "app embed"
    } else {
        "app"
    };
    // For the e2e runs: the analyses so far, whether the worker analyses long texts, whether an analysis is on
    // its way, and where the size tables stand.
    html! {
        <div {class} data-revision={state.revision.to_string()} data-analysis-ms={dflab_core::num::fixed(state.analysis_ms, 3)}
            data-worker={state.worker.then_some("")} data-pending={state.analysis_pending().then_some("")}
            data-size-data={state.size_data.key()}>
            { bar }
            if let (true, Some(notice)) = (full, &state.notice) {
                <div class="notice" role="status">
                    <span>{ notice }</span>
                    <button type="button" class="dismiss" aria-label="Dismiss"
                        onclick={dispatch_on(state.dispatcher(), |_: MouseEvent| Action::Notice(None))}>{ "✕" }</button>
                </div>
            }
            <p class="visually-hidden" aria-live="polite" id="announce">{ count_summary(&state.shown_analysis()) }</p>
            { match (&state.view, full) {
                (View::Catalog(focus), true) => html! {
                    <main class="catalog-view"><Catalog focus={focus.clone()} options={state.options.clone()}
                        on_close={dispatch_on(state.dispatcher(), |()| Action::ShowView(View::Lab))}
                        on_enabled={dispatch_on(state.dispatcher(), |(code, on)| Action::SetRuleEnabled(code, on))}
                        on_severity={dispatch_on(state.dispatcher(), |(code, severity)| Action::SetRuleSeverity(code, severity))} /></main>
                },
                _ => workspace,
            } }
            if full {
                <footer class="app-footer">
                    <p>
                        { "Nothing leaves this page: it fetches only its own files (its Content-Security-Policy forbids any other request), the size tables among them, and your text is kept only in this browser's local storage. " }
                        { format!("Last analysis took {} ms. ", dflab_core::num::fixed(state.analysis_ms, 1)) }
                        <a href="static/embed-snippet.html">{ "Embed it in your docs" }</a>
                    </p>
                </footer>
                { help() }
            }
        </div>
    }
}

/// A lesson replaces the text and the context files through the same undoable action as an example.
fn lesson_loader(state: &UseReducerHandle<State>) -> Callback<LessonLoad> {
    let (dispatcher, options) = (state.dispatcher(), state.options.clone());
    Callback::from(move |(source, context, label): LessonLoad| {
        dispatcher.dispatch(Action::Replace {
            source,
            label,
            options: Some(Box::new(lessons::with_context(&options, &context))),
        });
        dispatcher.dispatch(Action::ShowView(View::Lab));
    })
}

/// Presenter mode's strip: the page's address (for the room to type), what is shown, and the keys.
fn present_bar(state: &State, lessons: &LessonsState) -> Html {
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
    html! {
        <div class="present-bar">
            <span class="present-address">{ browser::page_address() }</span>
            <span class="present-title">{ title }</span>
            <span class="present-keys">{ keys }</span>
        </div>
    }
}
