use std::rc::Rc;

use dflab_core::span::Span;
use dflab_core::{Analysis, ImageEstimate, Layer};
use yew::prelude::*;

use super::layer_chart::{known_size, layer_chart, LayerChartProps};
use super::{aria_bool, emit_on_click, linked_text, rich_text, set_on_click};
use crate::size_data::SizeData;
use crate::text::{human_bytes, range_text, size_text};

pub struct LayersProps {
    pub analysis: Rc<Analysis>,
    pub on_select: Callback<Span>,
    pub size_data: SizeData,
}

/// The final image's size, saying how many layers of unknown size it leaves out.
fn total_text(estimate: &ImageEstimate) -> String {
    let total = size_text(estimate.total);
    match estimate.unknown_layers {
        0 => total,
        1 => format!("{total} + 1 layer of unknown size"),
        n => format!("{total} + {n} layers of unknown size"),
    }
}

/// How many layers (table rows, and their bars in the chart) the panel renders before a "Show all" button: a
/// long file has hundreds, re-rendered on every keystroke while the panel is shown (issue #7).
pub const LAYERS_SHOWN_AT_FIRST: usize = 100;

/// Per stage, how many of its layers to render (`None`: the stage is not rendered at all), the first `limit`
/// layers of the file in source order. Shared by the chart and the table so they show the same layers.
pub fn shown_per_stage(estimate: &ImageEstimate, limit: usize) -> Vec<Option<usize>> {
    let mut left = limit;
    estimate
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| {
            // A stage is rendered while layers are left to show (the first always, for its base image).
            (index == 0 || left > 0).then(|| {
                let shown = stage.layers.len().min(left);
                left -= shown;
                shown
            })
        })
        .collect()
}

/// The layers panel; `show_after` and `show_all` are its state, kept by [`super::results::ResultsPanel`].
pub fn layers_panel(props: &LayersProps, show_after: UseStateHandle<bool>, show_all: UseStateHandle<bool>) -> Html {
    let report = &props.analysis.layers;
    let differs = report.before != report.after;
    let after = *show_after && differs;
    let estimate = if after { &report.after } else { &report.before };
    let choose = |value: bool| set_on_click(&show_after, value);
    let total: usize = estimate.stages.iter().map(|s| s.layers.len()).sum();
    let limit = if *show_all { usize::MAX } else { LAYERS_SHOWN_AT_FIRST };
    let shown = shown_per_stage(estimate, limit);
    let show_more = set_on_click(&show_all, true);
    html! {
        <section class="panel layers" aria-labelledby="layers-title">
            <h2 id="layers-title">{ "Layers" }</h2>
            if let Some(message) = props.size_data.message() {
                <p class="size-data" role="status">{ message }</p>
            }
            if estimate.stages.is_empty() {
                <p class="empty">{ "No build stage: the Dockerfile has no FROM." }</p>
            } else {
                if differs {
                    <div class="segmented" role="group" aria-label="Which Dockerfile">
                        <button type="button" aria-pressed={aria_bool(!after)} onclick={choose(false)}>{ "Original" }</button>
                        <button type="button" aria-pressed={aria_bool(after)} onclick={choose(true)}>{ "After the rewrite" }</button>
                    </div>
                } else {
                    <p class="muted">{ "The rewrite changes no layer." }</p>
                }
                <dl class="totals">
                    <div><dt>{ if differs { "Final image (original)" } else { "Final image" } }</dt><dd class="total-before">{ total_text(&report.before) }</dd></div>
                    if differs {
                        <div><dt>{ "After the rewrite" }</dt><dd class="total-after">{ total_text(&report.after) }</dd></div>
                    }
                    <div><dt>{ "Wasted" }</dt><dd class="wasted">{
                        if estimate.wasted > 0 { human_bytes(estimate.wasted) } else { "none found".into() }
                    }</dd></div>
                </dl>
                // Scrolls sideways on a phone rather than cutting the sizes off.
                <div class="table-scroll">{ layer_chart(LayerChartProps {
                    analysis: props.analysis.clone(),
                    after,
                    shown: shown.clone(),
                    on_select: props.on_select.clone(),
                    label: if after { "Layers after the rewrite" } else { "Layers of the original Dockerfile" }.into(),
                }) }</div>
                <p class="legend muted">
                    <span class="key key-low"></span>{ " estimate (low) " }
                    <span class="key key-range"></span>{ " up to high " }
                    <span class="key key-wasted"></span>{ " wasted " }
                    <span class="key key-unknown"></span>{ " unknown · ↻ rebuilds on a code change" }
                </p>
                <h3>{ "Cache: what rebuilds when only your code changes" }</h3>
                { for estimate.stages.iter().zip(&shown).filter_map(|(stage, shown)| Some((stage, (*shown)?))).map(|(stage, shown)| html! {
                    <div class="stage">
                        <h4>
                            { format!("Stage {}", stage.index + 1) }
                            if let Some(name) = &stage.name { { format!(" “{name}”") } }
                            if stage.is_final { <span class="badge">{ "final image" }</span> }
                        </h4>
                        <p class="base">{ "Base: " }<code>{ &stage.base.reference }</code>{ " — " }
                            { stage.base.size.map_or_else(|| "size unknown".to_string(), range_text) }
                            { " (" }{ linked_text(&stage.base.basis) }{ ")" }</p>
                        <div class="table-scroll">
                            <table class="layer-table">
                                <thead><tr>
                                    <th scope="col">{ "Line" }</th>
                                    <th scope="col">{ "Instruction" }</th>
                                    <th scope="col">{ "Size" }</th>
                                    <th scope="col">{ "On a code change" }</th>
                                    <th scope="col">{ "Cache invalidated by" }</th>
                                </tr></thead>
                                <tbody>{ for stage.layers.iter().take(shown).enumerate().map(|(position, layer)| layer_row(layer, position == 0, &props.on_select)) }</tbody>
                            </table>
                        </div>
                    </div>
                }) }
                if total > limit {
                    <p class="shown-count">
                        { format!("Showing the first {LAYERS_SHOWN_AT_FIRST} of {total} layers (the totals count them all). ") }
                        <button type="button" class="show-all" onclick={show_more}>{ "Show all" }</button>
                    </p>
                }
            }
        </section>
    }
}

fn layer_row(layer: &Layer, first: bool, on_select: &Callback<Span>) -> Html {
    let onclick = emit_on_click(on_select, layer.span);
    let size = if !layer.creates_layer {
        "metadata only".to_string()
    } else {
        size_text(known_size(layer))
    };
    html! {
        <tr class={match (layer.creates_layer, layer.rebuilds_on_code_change) {
            (false, false) => "layer",
            (true, false) => "layer filesystem",
            (false, true) => "layer rebuilds",
            (true, true) => "layer filesystem rebuilds",
        }}>
            <td><button type="button" class="link" {onclick} aria-label={format!("Select line {} in the editor", layer.span.line)}>{ layer.span.line }</button></td>
            <td><code>{ &layer.keyword }</code></td>
            <td title={layer.basis.clone()}>{ size }
                if layer.wasted > 0 { <span class="wasted-note">{ format!(" ({} wasted)", human_bytes(layer.wasted)) }</span> }
                // Why a size is unknown is said where it is shown, not only in the tooltip.
                if !layer.size_is_known() { <span class="unknown-why">{ rich_text(&layer.basis) }</span> }
            </td>
            <td>{ if !layer.creates_layer {
                "—"
            } else if layer.rebuilds_on_code_change {
                "↻ rebuilds"
            } else {
                "✓ stays cached"
            } }</td>
            // Each layer lists only its own triggers (the core keeps them linear in the stage's length);
            // a layer is also rebuilt whenever a layer above it is.
            <td class="triggers">
                { rich_text(&layer.own_cache_triggers.join(", ")) }
                if !first {
                    <span class="muted">{ if layer.own_cache_triggers.is_empty() { "as above" } else { " + above" } }</span>
                }
            </td>
        </tr>
    }
}
