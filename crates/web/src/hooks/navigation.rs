//! The address bar: the hash follows what the page shows, and links followed inside the page change it.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::browser;
use crate::lessons::{LessonAction, LessonsState, Wanted};
use crate::state::{Action, Panel, State, View};
use crate::url_state::{self, HashRoute};

/// `#rule=<code>` in the catalog, `#lesson=<id>` with a lesson open, nothing else in the lab (a shared link's
/// hash is dropped once loaded, so a reload shows the autosaved text). Embed mode never rewrites its URL.
#[hook]
pub fn use_hash_follows_view(view: &View, lesson_hash: Option<String>, embed: bool) {
    use_effect_with((view.clone(), lesson_hash), move |(view, lesson_hash)| {
        if embed {
            return;
        }
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
    });
}

/// Links followed inside the page (`#rule=…`, `#lesson=…`, a pasted `#v1=…`), and Back and Forward.
#[hook]
pub fn use_followed_links(state: &UseReducerHandle<State>, lessons: &UseReducerHandle<LessonsState>, embed: bool) {
    // The lesson open now (its `#lesson=` hash), read by the listener: Back from the catalog to the lesson
    // already open must not start it again over the reader's text.
    let open_lesson = use_mut_ref(|| None::<String>);
    *open_lesson.borrow_mut() = lessons.hash();
    let (dispatcher, lessons) = (state.dispatcher(), lessons.dispatcher());
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
