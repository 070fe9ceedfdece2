//! The analyses the reducer cannot make itself: long texts, which a Web Worker analyses
//! (`crate::analysis_client`), and the size tables, fetched once the first analysis is shown.

use std::rc::Rc;

use yew::prelude::*;

use crate::analysis_client::{AnalysisClient, Outcome};
use crate::state::{Action, State};

/// The page's worker, started once; `None` when not wanted (embed mode, component tests) or not possible.
#[hook]
pub fn use_analysis_worker(wanted: bool) -> Option<Rc<AnalysisClient>> {
    let client = use_memo((), move |_| wanted.then(AnalysisClient::spawn).flatten().map(Rc::new));
    (*client).clone()
}

/// Sends the worker each text the reducer left pending, delivers its answers (or its failure) to the reducer,
/// and fetches the size tables once the first analysis is on screen.
#[hook]
pub fn use_analysis(state: &UseReducerHandle<State>, client: Option<Rc<AnalysisClient>>) {
    {
        let (client, dispatcher) = (client.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            if let Some(client) = client {
                client.subscribe(Callback::from(move |outcome| {
                    dispatcher.dispatch(match outcome {
                        Outcome::Analyzed { seq, analysis, ms } => Action::Analyzed { seq, analysis, ms },
                        Outcome::Failed => Action::WorkerFailed,
                    })
                }));
            }
        });
    }
    {
        let (client, state) = (client.clone(), state.clone());
        let wanted = state.analysis_pending().then_some(state.input_seq);
        use_effect_with(wanted, move |wanted| {
            if let (Some(seq), Some(client)) = (*wanted, client) {
                if !client.request(seq, &state.source, &state.options) {
                    state.dispatch(Action::WorkerFailed);
                }
            }
        });
    }
    // The first analysis never waits for the size tables: they are fetched once it is shown (or the text is
    // too long to analyse). Then the service worker may register (see `size_data::settled`).
    let dispatcher = state.dispatcher();
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
