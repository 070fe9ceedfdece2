//! The results pane of the page's first screen, rendered at build time (`examples/prerender.rs`): the default
//! example's analysis, by the same components and the same core as the app's own first render (without the
//! size tables, which the page does not have yet either), written into the static page by
//! `scripts/post-build.mjs`. A visitor who lands on the page sees its findings before the wasm has arrived;
//! `static/shell.js` removes them when the page opens another text or another view.

use yew::prelude::*;

use super::results_pane::ResultsPane;
use crate::examples::default_example;
use crate::state::{Panel, State};
use crate::url_state::Snapshot;

#[function_component(FirstResults)]
pub fn first_results() -> Html {
    let page = use_reducer(|| {
        let snapshot = Snapshot {
            source: default_example().source.to_string(),
            ..Snapshot::default()
        };
        State::new(snapshot, Vec::new(), "light".into(), Panel::Findings, false)
    });
    let (editor_ref, file_tab) = (use_node_ref(), use_state(usize::default));
    html! { <ResultsPane {page} {editor_ref} {file_tab} readonly={false} /> }
}
