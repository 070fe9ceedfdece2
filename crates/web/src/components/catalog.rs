//! The rule catalog: every rule of `rules::ALL` with its explanation, searchable; `#rule=<code>` opens one.

use dflab_core::rules::{Rule, ALL};
use dflab_core::{Options, Severity};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::explanation::explanation;
use super::{by_severity, emit_on_click, severity_label};
use crate::browser::by_id;

#[derive(Properties, PartialEq)]
pub struct CatalogProps {
    /// The rule a deep link asked for.
    pub focus: Option<String>,
    pub on_close: Callback<()>,
    /// The analysis options: which rules run and at what severity (the catalog is where they are set; they
    /// travel in share links).
    pub options: Options,
    pub on_enabled: Callback<(&'static str, bool)>,
    pub on_severity: Callback<(&'static str, Option<Severity>)>,
}

/// A rule's settings: reported or not, and its severity (its own, or another).
fn rule_settings(rule: &'static Rule, props: &CatalogProps) -> Html {
    let on = dflab_core::rules::is_selected(rule, &props.options);
    let severity = dflab_core::rules::severity_of(rule, &props.options);
    let toggle = {
        let on_enabled = props.on_enabled.clone();
        Callback::from(move |event: Event| {
            on_enabled.emit((rule.code, event.target_unchecked_into::<HtmlInputElement>().checked()))
        })
    };
    let regrade = {
        let on_severity = props.on_severity.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let level = [Severity::Error, Severity::Warning, Severity::Info]
                .into_iter()
                .find(|s| s.as_str() == value);
            on_severity.emit((rule.code, level))
        })
    };
    let changed = on != rule.enabled || severity != rule.severity;
    html! {
        <div class={if changed { "rule-settings changed" } else { "rule-settings" }}>
            <label>
                <input type="checkbox" checked={on} onchange={toggle} />
                { " Report" }<span class="visually-hidden">{ format!(" {}", rule.code) }</span>
            </label>
            <label>
                { "Severity " }<span class="visually-hidden">{ format!("of {} ", rule.code) }</span>
                <select onchange={regrade} disabled={!on}>
                    <option value="" selected={severity == rule.severity}>{ format!("{} (its own)", rule.severity.as_str()) }</option>
                    { for [Severity::Error, Severity::Warning, Severity::Info].into_iter().filter(|s| *s != rule.severity).map(|s| html! {
                        <option value={s.as_str()} selected={severity == s}>{ s.as_str() }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}

/// Whether a rule matches a search (code, name, category, equivalents or explanation text).
pub fn matches(rule: &Rule, query: &str) -> bool {
    // ASCII case folding (plus the Kelvin sign, the one non-ASCII character that lowercases into ASCII): the
    // rule texts have no other letters (a core test checks), so this matches exactly what `to_lowercase` did.
    let query = query.trim().replace('\u{212A}', "k").to_ascii_lowercase();
    if query.is_empty() {
        return true;
    }
    let e = &rule.explanation;
    [rule.code, rule.name, rule.category.as_str(), e.summary, e.why, e.source]
        .into_iter()
        .chain(rule.hadolint.iter().copied())
        .chain(rule.buildkit.iter().copied())
        .chain(rule.trivy.iter().copied())
        .any(|text| text.to_ascii_lowercase().contains(&query))
}

#[function_component(Catalog)]
pub fn catalog(props: &CatalogProps) -> Html {
    let focused = props
        .focus
        .as_deref()
        .and_then(dflab_core::rules::lookup)
        .map(|r| r.code);
    let query = use_state(String::new);
    {
        let focused = focused.map(str::to_string);
        use_effect_with(focused, |focused| {
            if let Some(code) = focused {
                if let Some(entry) = by_id::<HtmlElement>(&format!("rule-{code}")) {
                    entry.scroll_into_view();
                    let _ = entry.focus();
                }
            }
        });
    }
    let oninput = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| query.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let close = emit_on_click(&props.on_close, ());
    let shown: Vec<&'static Rule> = ALL.iter().copied().filter(|r| matches(r, &query)).collect();
    let changed = ALL
        .iter()
        .filter(|rule| {
            dflab_core::rules::is_selected(rule, &props.options) != rule.enabled
                || dflab_core::rules::severity_of(rule, &props.options) != rule.severity
        })
        .count();
    html! {
        <section class="catalog panel" aria-labelledby="catalog-title">
            <div class="catalog-head">
                <h2 id="catalog-title">{ "Rule catalog" }</h2>
                <button type="button" class="back" onclick={close}>{ "← Back to the lab" }</button>
            </div>
            <label class="search">
                <span>{ "Search rules" }</span>
                <input type="search" id="rule-search" placeholder="code, name, hadolint id, word…" value={(*query).clone()} {oninput} />
            </label>
            <p class="muted" role="status">{ format!("{} of {} rules", shown.len(), ALL.len()) }</p>
            <p class="settings-note muted">
                { "Turn rules on or off and change their severity below: the page analyses with these settings, and a Share link carries them. " }
                { format!("{changed} rule{} changed from its defaults.", if changed == 1 { "" } else { "s" }) }
            </p>
            if shown.is_empty() {
                <p class="empty">{ "No rule matches." }</p>
            }
            { for shown.into_iter().map(|rule| {
                let mut equivalents = Vec::new();
                for (tool, ids) in [("hadolint", rule.hadolint), ("BuildKit", rule.buildkit), ("Trivy", rule.trivy)] {
                    if !ids.is_empty() {
                        equivalents.push(format!("{tool} {}", ids.join(", ")));
                    }
                }
                let fix = match rule.fix {
                    dflab_core::FixAvailability::None => "no automatic fix",
                    dflab_core::FixAvailability::Safe => "fixed by the rewrite",
                    dflab_core::FixAvailability::OptIn => "opt-in fix",
                };
                html! {
                    <article class={if Some(rule.code) == focused { "rule-entry focused" } else { "rule-entry" }}
                        id={format!("rule-{}", rule.code)} tabindex="-1" aria-labelledby={format!("rule-title-{}", rule.code)}>
                        <h3 id={format!("rule-title-{}", rule.code)}>
                            <code>{ rule.code }</code>{ " " }{ rule.name }
                        </h3>
                        <p class="meta">
                            <span class={by_severity(rule.severity, ["severity error", "severity warning", "severity info"])}>{ severity_label(rule.severity) }</span>
                            { format!(" · {} · {fix}", rule.category.as_str()) }
                            if !equivalents.is_empty() { { format!(" · {}", equivalents.join(" · ")) } }
                            { " · " }<a href={format!("#rule={}", rule.code)}>{ "link" }</a>
                        </p>
                        { rule_settings(rule, props) }
                        { explanation(rule.code) }
                    </article>
                }
            }) }
        </section>
    }
}
