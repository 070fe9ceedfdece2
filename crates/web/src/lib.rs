//! Dockerfile Lab in the browser: a Yew app over `dflab_core::analyze`. Nothing leaves the page.

pub mod analysis_client;
pub mod browser;
pub mod clipboard;
pub mod components;
pub mod examples;
pub mod hooks;
pub mod lessons;
pub mod shell;
pub mod size_data;
pub mod state;
pub mod storage;
pub mod text;
pub mod url_state;

pub use components::app::{App, AppProps};

/// Mounts the app on `<body>`, with typing analysed in a worker. In that worker (no `window`: the same wasm
/// loaded by `worker.js`) it does nothing; the worker only calls [`analysis_client::worker_reply`].
pub fn start() {
    if web_sys::window().is_some() {
        yew::Renderer::<App>::with_props(AppProps {
            offload: true,
            shell: shell::read(),
        })
        .render();
    }
}
