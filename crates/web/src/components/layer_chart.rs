//! The layer chart: an SVG drawn with Yew elements (no innerHTML), one bar per filesystem layer and base
//! image, the known low part solid, the uncertain low–high part light, wasted bytes marked, and unknown
//! sizes drawn as dashed outlines labelled "unknown" (never as zero).

use std::rc::Rc;

use dflab_core::span::Span;
use dflab_core::{Analysis, Layer, SizeRange};
use yew::prelude::*;

use super::emit_on_click;
use crate::text::{human_bytes, px, size_text};

pub struct LayerChartProps {
    /// The estimate drawn is the analysis's layers before the rewrite, or after it when `after`. (The
    /// analysis rather than a copy of the estimate: comparing props is then a pointer comparison.)
    pub analysis: Rc<Analysis>,
    pub after: bool,
    /// Per stage, how many of its layers to draw (`None`: not the stage at all), as in the panel's table.
    pub shown: Vec<Option<usize>>,
    pub on_select: Callback<Span>,
    /// Accessible name, e.g. "Layers of the original Dockerfile".
    pub label: AttrValue,
}

/// A layer's size, or `None` when the core has no estimate: a layer writing files with a 0–0 range means
/// "not estimated" (the core's `Layer.size` has no unknown state yet).
pub fn known_size(layer: &Layer) -> Option<SizeRange> {
    (!layer.creates_layer || layer.size.high > 0).then_some(layer.size)
}

const WIDTH: f64 = 540.0;
const LABEL: f64 = 130.0;
const BAR: f64 = 270.0;
const ROW: f64 = 26.0;
/// Characters of the monospace label that fit in [`LABEL`] (11.5 px font: about 7 px a character).
const LABEL_CHARS: usize = 17;

/// The label cut with an ellipsis where it would run into the bar (the row's title has it whole).
fn fitted_label(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let kept: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{kept}…")
}

/// (A plain view function, not a component: it has no state, and a component costs more code.)
pub fn layer_chart(props: LayerChartProps) -> Html {
    let report = &props.analysis.layers;
    let estimate = if props.after { &report.after } else { &report.before };
    let max = estimate
        .stages
        .iter()
        .flat_map(|s| {
            s.base
                .size
                .map(|r| r.high)
                .into_iter()
                .chain(s.layers.iter().filter_map(|l| known_size(l).map(|r| r.high)))
        })
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let scale = |bytes: u64| (bytes as f64 / max * BAR).max(if bytes > 0 { 2.0 } else { 0.0 });
    let mut rows: Vec<Html> = Vec::new();
    let mut y = 0.0;
    let mut hidden = 0;
    for (stage, shown) in estimate.stages.iter().zip(&props.shown) {
        let Some(shown) = *shown else {
            hidden += stage.layers.iter().filter(|l| l.creates_layer).count();
            continue;
        };
        hidden += stage.layers[shown..].iter().filter(|l| l.creates_layer).count();
        let title = match &stage.name {
            Some(name) => format!(
                "Stage {} “{name}”{}",
                stage.index + 1,
                if stage.is_final { " (final image)" } else { "" }
            ),
            None => format!(
                "Stage {}{}",
                stage.index + 1,
                if stage.is_final { " (final image)" } else { "" }
            ),
        };
        rows.push(html! { <text class="stage-title" x="0" y={px(y + 18.0)}>{ title }</text> });
        y += ROW;
        rows.push(bar(
            y,
            &format!("base {}", shorten(&stage.base.reference, 16)),
            stage.base.size,
            0,
            false,
            None,
            &scale,
        ));
        y += ROW;
        for layer in stage.layers[..shown].iter().filter(|l| l.creates_layer) {
            let span = layer.span;
            let on_select = props.on_select.clone();
            rows.push(bar(
                y,
                &format!("L{} {}", layer.span.line, layer.keyword),
                known_size(layer),
                layer.wasted,
                layer.rebuilds_on_code_change,
                Some(Callback::from(move |()| on_select.emit(span))),
                &scale,
            ));
            y += ROW;
        }
    }
    if hidden > 0 {
        rows.push(html! {
            <text class="stage-title" x="0" y={px(y + 18.0)}>{ format!("… and {hidden} more (Show all, below)") }</text>
        });
        y += ROW;
    }
    let height = y.max(ROW) + 4.0;
    html! {
        <div class="chart-scroll">
        <svg class="layer-chart" role="group" aria-label={props.label.clone()}
            viewBox={format!("0 0 {} {}", px(WIDTH), px(height))} width={px(WIDTH)} height={px(height)}
            preserveAspectRatio="xMinYMin meet">
            { for rows }
        </svg>
        </div>
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

fn bar(
    y: f64,
    label: &str,
    size: Option<SizeRange>,
    wasted: u64,
    rebuilds: bool,
    on_select: Option<Callback<()>>,
    scale: &dyn Fn(u64) -> f64,
) -> Html {
    let value = size_text(size);
    let mut description = format!("{label}: {value}");
    if wasted > 0 {
        description.push_str(&format!(", {} wasted", human_bytes(wasted)));
    }
    if rebuilds {
        description.push_str(", rebuilds on a code change");
    }
    let top = y + 4.0;
    let h = ROW - 8.0;
    let shapes = match size {
        Some(r) => html! {
            <>
                <rect class="bar-low" x={px(LABEL)} y={px(top)} width={px(scale(r.low))} height={px(h)} />
                <rect class="bar-range" x={px(LABEL + scale(r.low))} y={px(top)}
                    width={px((scale(r.high) - scale(r.low)).max(0.0))} height={px(h)} />
                if wasted > 0 {
                    <rect class="bar-wasted" x={px(LABEL)} y={px(top + h - 4.0)} width={px(scale(wasted))} height="4" />
                }
            </>
        },
        None => html! {
            <rect class="bar-unknown" x={px(LABEL)} y={px(top)} width="60" height={px(h)} />
        },
    };
    let value_x = LABEL + size.map_or(60.0, |r| scale(r.high)) + 6.0;
    let value_text = format!(
        "{value}{}{}",
        if wasted > 0 {
            format!(" ({} wasted)", human_bytes(wasted))
        } else {
            String::new()
        },
        if rebuilds { " ↻" } else { "" }
    );
    let content = html! {
        <>
            <title>{ description.clone() }</title>
            <rect class="hit" x="0" y={px(y)} width={px(WIDTH)} height={px(ROW)} />
            <text class="bar-label" x="0" y={px(y + 17.0)}>{ fitted_label(label) }</text>
            { shapes }
            <text class={if size.is_none() { "bar-value unknown" } else { "bar-value" }} x={px(value_x)} y={px(y + 17.0)}>{ value_text }</text>
        </>
    };
    match on_select {
        Some(on_select) => {
            let onclick = emit_on_click(&on_select, ());
            let onkeydown = Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Enter" || event.key() == " " {
                    event.prevent_default();
                    on_select.emit(());
                }
            });
            html! {
                <g class={if rebuilds { "layer-bar rebuilds" } else { "layer-bar" }} role="button" tabindex="0"
                    aria-label={format!("{description}. Select in the editor")} {onclick} {onkeydown}>
                    { content }
                </g>
            }
        }
        None => html! { <g class="base-bar" role="img" aria-label={description}>{ content }</g> },
    }
}
