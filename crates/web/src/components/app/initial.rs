//! The page's first state: which text it opens (a shared link, the autosave, the default example, or what the
//! reader typed into the static page) and which view, theme and tab.

use crate::browser::{self, Env};
use crate::examples::default_example;
use crate::lessons::{LessonsState, Wanted};
use crate::shell::Handoff;
use crate::state::{Panel, State, UndoEntry, View};
use crate::storage::Storage;
use crate::url_state::{self, HashRoute, Snapshot};

pub fn initial_state(env: &Env, storage: Storage, worker: bool, shell: &Handoff) -> State {
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
    let mut state = State::new(snapshot, history, theme, panel, worker);
    state.view = view;
    state.notice = notice;
    state
}

/// The lesson view, opened by `#lesson=<id>` (a reload resumes it), `#lessons` or a `?lessons=` pack.
pub fn initial_lessons(env: &Env) -> LessonsState {
    match url_state::route(&browser::hash()) {
        HashRoute::Lesson(id) => LessonsState::opened(id.map(|id| Wanted { id, resume: true })),
        _ if env.lessons.is_some() => LessonsState::opened(None),
        _ => LessonsState::default(),
    }
}
