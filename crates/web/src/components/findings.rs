use std::rc::Rc;

use dflab_core::{Analysis, Finding};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub analysis: Rc<Analysis>,
}

#[function_component(FindingsPanel)]
pub fn findings_panel(props: &PanelProps) -> Html {
    let findings = &props.analysis.findings;
    let diagnostics = &props.analysis.diagnostics;
    let count = findings.len() + diagnostics.len();
    html! {
        <section class="panel findings" aria-labelledby="findings-title">
            <h2 id="findings-title">{ "Findings " }<span class="count" aria-live="polite">{ count }</span></h2>
            if count == 0 {
                <p class="empty">{ "No problems found." }</p>
            } else {
                <ul class="finding-list">
                    { for diagnostics.iter().map(|d| html! {
                        <li class={classes!("finding", d.severity.as_str())}>
                            <span class="severity">{ d.severity.as_str() }</span>
                            <span class="location">{ format!("line {}", d.span.line) }</span>
                            <span class="message">{ &d.message }</span>
                        </li>
                    }) }
                    { for findings.iter().map(finding_item) }
                </ul>
            }
        </section>
    }
}

fn finding_item(finding: &Finding) -> Html {
    let equivalents: Vec<&str> = finding
        .hadolint
        .iter()
        .chain(&finding.buildkit)
        .chain(&finding.trivy)
        .map(String::as_str)
        .collect();
    html! {
        <li class={classes!("finding", finding.severity.as_str())}>
            <span class="severity">{ finding.severity.as_str() }</span>
            <span class="location">{ format!("line {}", finding.span.line) }</span>
            <span class="message">{ &finding.message }</span>
            <span class="rule">
                <code>{ &finding.rule }</code>{ " " }{ &finding.name }
                if !equivalents.is_empty() {
                    <span class="equivalents">{ format!(" ({})", equivalents.join(", ")) }</span>
                }
            </span>
        </li>
    }
}
