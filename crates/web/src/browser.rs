//! Small wrappers over the page's location, history, theme and clock.

use wasm_bindgen::JsCast;

/// How the page was opened: `?embed&theme=dark&panel=diff&readonly`, or `?present` for a projector.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Env {
    pub embed: bool,
    /// Presenter mode: large type, high contrast, no chrome, the page address shown, PageUp/PageDown through
    /// the examples.
    pub present: bool,
    pub readonly: bool,
    pub theme: Option<String>,
    pub panel: Option<String>,
    /// `?lessons=<address>`: a lesson pack on this page's host, opened in the lesson view (percent-encoded).
    pub lessons: Option<String>,
    /// The page runs inside a frame. The full app framed (not `?embed`) could be made to show any text by
    /// whoever frames it, so it then neither reads nor writes the user's saved text (issue #20).
    pub framed: bool,
}

impl Env {
    pub fn from_query(search: &str) -> Env {
        let mut env = Env::default();
        for pair in search.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "embed" => env.embed = value != "0" && value != "false",
                "present" => env.present = value != "0" && value != "false",
                "readonly" => env.readonly = value != "0" && value != "false",
                "theme" if matches!(value, "light" | "dark") => env.theme = Some(value.into()),
                "panel" => env.panel = Some(value.into()),
                "lessons" if !value.is_empty() => env.lessons = Some(value.into()),
                _ => {}
            }
        }
        env
    }

    pub fn current() -> Env {
        let window = web_sys::window();
        let search = window
            .as_ref()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        // `top` is this window unless the page is framed; a browser that will not say counts as framed.
        let framed = window.is_none_or(|w| w.top().ok().flatten().is_none_or(|top| top != w));
        Env {
            framed,
            ..Env::from_query(&search)
        }
    }
}

pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's address without query or hash, for building links to the full page.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| {
            let location = w.location();
            Some(format!("{}{}", location.origin().ok()?, location.pathname().ok()?))
        })
        .unwrap_or_else(|| "./".into())
}

/// Replaces the hash without a navigation or a history entry (`None` removes it).
pub fn replace_hash(hash: Option<&str>) {
    set_hash(hash, false);
}

/// Sets the hash with a history entry of its own, so the browser's Back returns to the current view.
pub fn push_hash(hash: Option<&str>) {
    set_hash(hash, true);
}

fn set_hash(hash: Option<&str>, new_entry: bool) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let path = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        hash.map(|h| format!("#{h}")).unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = if new_entry {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        };
    }
}

/// Whether the system asks for a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Sets `data-theme` on `<html>`, which the stylesheet reads.
pub fn apply_theme(theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// Milliseconds from the page's clock (0 where there is none, as in the native build that prerenders the static
/// page, where calling into the browser would panic).
pub fn now() -> f64 {
    if !cfg!(target_arch = "wasm32") {
        return 0.0;
    }
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

pub fn by_id<T: JsCast>(id: &str) -> Option<T> {
    web_sys::window()?.document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// The address to show an audience: origin and path, without the query or hash.
pub fn page_address() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default()))
        .unwrap_or_default()
}

/// In embed mode, the documentation page that holds the widget may set its theme (`static/embed.js`,
/// `DockerfileLab.setTheme`): listens for `{ dockerfileLab: "theme", theme }` from the parent window only, then
/// tells the parent the widget is ready, so a theme switched while it loaded still arrives.
pub fn listen_for_host_theme(on_theme: impl Fn(String) + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    // Compared by identity: a parent on another origin is a cross-origin WindowProxy, which fails an
    // `instanceof Window` check.
    let from_parent = wasm_bindgen::JsValue::from(parent.clone());
    let listener = gloo::events::EventListener::new(&window, "message", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        let sender = event
            .source()
            .map_or(wasm_bindgen::JsValue::NULL, wasm_bindgen::JsValue::from);
        if !js_sys::Object::is(&sender, &from_parent) {
            return;
        }
        let data = event.data();
        let field = |name: &str| {
            js_sys::Reflect::get(&data, &name.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        if field("dockerfileLab").as_deref() == Some("theme") {
            if let Some(theme) = field("theme").filter(|t| t == "light" || t == "dark") {
                on_theme(theme);
            }
        }
    });
    let ready = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&ready, &"dockerfileLab".into(), &"ready".into());
    // "*": the widget does not know the page's origin, and the message says nothing but that it is ready.
    let _ = parent.post_message(&ready, "*");
    Some(listener)
}

/// The width below which the page takes its phone layout (`static/style.css` switches at the same width): the
/// editor wraps long lines, the rewrite's diff starts unified.
pub const NARROW: &str = "(max-width: 560px)";

/// The media query for [`NARROW`] (none outside a browser, as in the native build that prerenders the page).
pub fn narrow_query() -> Option<web_sys::MediaQueryList> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?.match_media(NARROW).ok()?
}

/// Whether the window is phone-wide now.
pub fn is_narrow() -> bool {
    narrow_query().is_some_and(|q| q.matches())
}
