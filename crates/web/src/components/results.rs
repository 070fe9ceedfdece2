//! The analysis panel of the selected tab: findings, rewrite or layers.

use std::rc::Rc;

use dflab_core::span::Span;
use dflab_core::Analysis;
use yew::prelude::*;

use super::findings::FindingsPanel;
use super::layers::{layers_panel, LayersProps};
use super::rewrite::{rewrite_view, RewriteProps};
use crate::size_data::SizeData;
use crate::state::Panel;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub panel: Panel,
    pub analysis: Rc<Analysis>,
    /// The editor's text (the rewrite panel tells whether applying would change it).
    pub source: Rc<str>,
    /// Selects a byte span in the editor.
    pub on_select: Callback<Span>,
    pub on_opt_in: Callback<(String, bool)>,
    pub on_apply: Callback<String>,
    pub on_rule: Callback<String>,
    /// Writes a suppression comment for one finding (see [`FindingsProps::on_ignore`]).
    pub on_ignore: Callback<(String, usize)>,
    pub can_apply: bool,
    /// Where the layer estimate's size tables stand.
    pub size_data: SizeData,
    /// The rewrite's diff in one column: the pane keeps the choice while tabs change.
    pub unified: UseStateHandle<bool>,
}

/// One component for the three panels, holding the state of the one shown (a component per panel cost more
/// code). The page keys it by tab, so switching tabs starts the panel afresh, as a component of its own did.
#[function_component(ResultsPanel)]
pub fn results_panel(props: &ResultsProps) -> Html {
    let show_all = use_state(bool::default);
    let show_after = use_state(bool::default);
    let status = use_state(Option::default);
    let (analysis, on_select) = (props.analysis.clone(), props.on_select.clone());
    match props.panel {
        Panel::Findings => html! {
            <FindingsPanel {analysis} source={props.source.clone()} {on_select}
                on_ignore={props.can_apply.then(|| props.on_ignore.clone())} />
        },
        Panel::Diff => rewrite_view(
            &RewriteProps {
                analysis,
                source: props.source.clone(),
                on_opt_in: props.on_opt_in.clone(),
                on_apply: props.on_apply.clone(),
                on_rule: props.on_rule.clone(),
                can_apply: props.can_apply,
            },
            status,
            show_all,
            props.unified.clone(),
        ),
        Panel::Layers => layers_panel(
            &LayersProps {
                analysis,
                on_select,
                size_data: props.size_data.clone(),
            },
            show_after,
            show_all,
        ),
    }
}
