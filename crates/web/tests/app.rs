//! Component tests in a real browser (headless Chromium via wasm-bindgen-test): the app renders the
//! core's analysis and follows edits.

use dflab_core::{analyze, Options};
use dflab_web::examples::default_example;
use dflab_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let window = gloo::utils::window();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

/// Lets Yew's scheduler run the pending renders.
async fn settle() {
    gloo::timers::future::TimeoutFuture::new(20).await;
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn editor(root: &Element) -> HtmlTextAreaElement {
    root.query_selector("#dockerfile-input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn renders_the_default_example_with_its_layers() {
    let root = mount();
    settle().await;
    assert!(editor(&root).value().contains("FROM python:3.11"));
    click(&root, "#panels-tab-layers");
    settle().await;
    assert_eq!(root.query_selector_all(".layers .stage").unwrap().length(), 1);
    click(&root, "#panels-tab-diff");
    settle().await;
    // The panel shows what the core proposes for the example: every applied change group, by rule.
    let rewrite = analyze(default_example().source, &Options::default()).rewrite;
    let panel = text_of(&root, ".rewrite");
    let applied: Vec<_> = rewrite.changes.iter().filter(|group| group.applied).collect();
    if applied.is_empty() {
        assert!(panel.contains("No changes proposed."), "{panel}");
    }
    for group in applied {
        assert!(
            panel.contains(&group.rules[0]),
            "{} missing from the rewrite panel: {panel}",
            group.rules[0]
        );
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn an_edit_reanalyses_and_shows_the_finding() {
    let root = mount();
    settle().await;
    let editor = editor(&root);
    editor.set_value("FROM python\n");
    let event = web_sys::InputEvent::new("input").unwrap();
    editor.dispatch_event(&event).unwrap();
    settle().await;
    let findings = text_of(&root, ".findings");
    assert!(findings.contains("python has no tag"), "{findings}");
    assert_eq!(text_of(&root, ".findings .count"), "1");
    assert_eq!(text_of(&root, "#announce"), "1 warning.");
    // The overlay underlines the finding's span.
    let marks = root.query_selector_all(".highlight .mark-warning").unwrap();
    let marked: String = (0..marks.length())
        .filter_map(|i| marks.item(i)?.text_content())
        .collect();
    assert_eq!(marked, "python", "the finding's span is the image word");
    root.remove();
}

/// The static page of `index.html` (shown before the wasm runs) names the file of the default example, which
/// the build writes into it: it must be the one the app opens, or the text would change under the reader.
#[wasm_bindgen_test]
fn the_static_page_shows_the_default_example() {
    let index = include_str!("../index.html");
    let named = index
        .split("data-example=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("index.html names the static editor's example");
    assert_eq!(named, "flask.Dockerfile");
    assert_eq!(
        default_example().source,
        include_str!("../examples_df/flask.Dockerfile")
    );
}

/// What the reader typed into the static page before the app started is kept, with the focus and the caret,
/// and the static page goes.
#[wasm_bindgen_test]
async fn the_app_takes_over_the_static_editor() {
    let document = gloo::utils::document();
    gloo::utils::window().local_storage().unwrap().unwrap().clear().unwrap();
    let shell = document.create_element("div").unwrap();
    shell.set_id("app-shell");
    shell.set_inner_html("<textarea data-edited>FROM alpine:3.20\nRUN echo typed early\n</textarea>");
    document.body().unwrap().append_child(&shell).unwrap();
    let static_editor: HtmlTextAreaElement = shell.query_selector("textarea").unwrap().unwrap().dyn_into().unwrap();
    static_editor.focus().unwrap();
    static_editor.set_selection_range(5, 11).unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        dflab_web::AppProps {
            offload: false,
            shell: dflab_web::shell::read(),
        },
    )
    .render();
    settle().await;
    assert!(
        document.get_element_by_id("app-shell").is_none(),
        "the static page is removed"
    );
    let editor = editor(&root);
    assert_eq!(editor.value(), "FROM alpine:3.20\nRUN echo typed early\n");
    assert_eq!(
        (editor.selection_start().unwrap(), editor.selection_end().unwrap()),
        (Some(5), Some(11))
    );
    assert!(document.active_element().is_some_and(|e| e.id() == "dockerfile-input"));
}
