//! The page's theme on `<html>`, and a widget following its documentation page's theme.

use yew::prelude::*;

use crate::browser;
use crate::state::{Action, State};

#[hook]
pub fn use_theme(state: &UseReducerHandle<State>, embed: bool) {
    use_effect_with(state.theme.clone(), |theme| browser::apply_theme(theme));
    // Never saved: the reader's own choice stays.
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = embed
            .then(|| browser::listen_for_host_theme(move |theme| dispatcher.dispatch(Action::SetTheme(theme))))
            .flatten();
        move || drop(listener)
    });
}
