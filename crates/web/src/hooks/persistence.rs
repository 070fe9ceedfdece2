//! What the page keeps in this browser: the text and options as they change (autosave), and the texts that
//! actions replaced (drafts), so opening a link or loading an example never loses the reader's own text.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::State;
use crate::storage::{Draft, Storage};
use crate::url_state::Snapshot;

/// Saves the text and its options whenever they change (a no-op in embed mode).
#[hook]
pub fn use_autosave(state: &State, storage: Storage) {
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
}

/// The drafts kept so far; each text an action replaces (its undo entry) is added, even once the tab is closed.
#[hook]
pub fn use_drafts(state: &UseReducerHandle<State>, storage: Storage) -> Rc<Vec<Draft>> {
    let drafts = use_state(|| Rc::new(storage.load_drafts()));
    let (setter, state) = (drafts.setter(), state.clone());
    let kept = use_mut_ref(usize::default);
    use_effect_with(state.history.len(), move |&length| {
        let mut kept = kept.borrow_mut();
        for entry in state.history.iter().skip(*kept) {
            let snapshot = Snapshot {
                source: entry.source.clone(),
                options: entry.options.as_deref().unwrap_or(&state.options).clone(),
                panel: None,
            };
            setter.set(Rc::new(storage.keep_draft(&snapshot, js_sys::Date::now() as u64)));
        }
        *kept = length;
    });
    (*drafts).clone()
}
