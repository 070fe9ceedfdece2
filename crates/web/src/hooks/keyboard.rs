//! The page's keys outside the editor: Alt+1/2/3 for the panels, `?` for help, Ctrl+Z after a destructive
//! action, and in presenter mode PageDown/PageUp (what presentation clickers send) and the arrow keys.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, KeyboardEvent};
use yew::prelude::*;

use super::is_text_field;
use crate::browser;
use crate::components::help::HELP_ID;
use crate::examples::EXAMPLES;
use crate::lessons::{cycle, LessonAction, LessonsState};
use crate::state::{Action, Panel, State, View};

#[hook]
pub fn use_shortcuts(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with(state.undo_armed, move |&undo_armed| {
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
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

/// Presenter mode steps through the examples, or the lessons while the lesson view is open.
#[hook]
pub fn use_presenter_keys(
    present: bool,
    source: &str,
    lessons: &UseReducerHandle<LessonsState>,
    on_example: Callback<usize>,
) {
    // Read when a key is pressed, not captured when the listener is made: a second key pressed after the
    // page showed the next example but before the listener was renewed stepped from the old one.
    let current = use_mut_ref(|| None);
    *current.borrow_mut() = EXAMPLES.iter().position(|example| example.source == source);
    let deps = (present, lessons.open && lessons.pack.is_some());
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
