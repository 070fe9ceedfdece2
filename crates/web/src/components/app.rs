use yew::prelude::*;

use super::{editor::Editor, findings::FindingsPanel, layers::LayersPanel, rewrite::RewritePanel};
use crate::examples::default_example;
use crate::state::{Action, State};

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::new(default_example().source.to_string()));
    let on_edit = {
        let state = state.dispatcher();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    let analysis = state.analysis.clone();
    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "Dockerfile Lab" }</h1>
                <p class="tagline">
                    { "Findings, a safer rewrite and a layer estimate for your Dockerfile. " }
                    <strong>{ "Everything runs in your browser; nothing is sent anywhere." }</strong>
                </p>
            </header>
            <main class="workspace">
                <section class="pane editor-pane" aria-label="Dockerfile">
                    <h2>{ "Dockerfile" }</h2>
                    <Editor value={state.source.clone()} on_edit={on_edit} />
                </section>
                <section class="pane results-pane" aria-label="Analysis">
                    <FindingsPanel analysis={analysis.clone()} />
                    <RewritePanel analysis={analysis.clone()} />
                    <LayersPanel analysis={analysis} />
                </section>
            </main>
        </div>
    }
}
