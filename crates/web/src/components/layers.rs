use dflab_core::Layer;
use yew::prelude::*;

use super::findings::PanelProps;

#[function_component(LayersPanel)]
pub fn layers_panel(props: &PanelProps) -> Html {
    let estimate = &props.analysis.layers.before;
    html! {
        <section class="panel layers" aria-labelledby="layers-title">
            <h2 id="layers-title">{ "Layers" }</h2>
            if estimate.stages.is_empty() {
                <p class="empty">{ "No build stage: the Dockerfile has no FROM." }</p>
            }
            { for estimate.stages.iter().map(|stage| html! {
                <div class="stage">
                    <h3>
                        { format!("Stage {}", stage.index + 1) }
                        if let Some(name) = &stage.name { { format!(" “{name}”") } }
                        if stage.is_final { <span class="badge">{ "final image" }</span> }
                    </h3>
                    <p class="base">{ "Base: " }<code>{ &stage.base.reference }</code>{ " — " }{ &stage.base.basis }</p>
                    <table class="layer-table">
                        <thead><tr><th scope="col">{ "Line" }</th><th scope="col">{ "Instruction" }</th><th scope="col">{ "Writes a layer" }</th><th scope="col">{ "Size" }</th></tr></thead>
                        <tbody>{ for stage.layers.iter().map(layer_row) }</tbody>
                    </table>
                </div>
            }) }
        </section>
    }
}

fn layer_row(layer: &Layer) -> Html {
    html! {
        <tr class={classes!("layer", layer.creates_layer.then_some("filesystem"))}>
            <td>{ layer.span.line }</td>
            <td><code>{ &layer.keyword }</code></td>
            <td>{ if layer.creates_layer { "yes" } else { "no (metadata)" } }</td>
            <td>{ &layer.basis }</td>
        </tr>
    }
}
