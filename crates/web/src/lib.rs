//! Dockerfile Lab in the browser: a Yew app over `dflab_core::analyze`. Nothing leaves the page.

pub mod browser;
pub mod clipboard;
pub mod components;
pub mod examples;
pub mod lessons;
pub mod state;
pub mod storage;
pub mod text;
pub mod tokenize;
pub mod url_state;

pub use components::app::App;

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
