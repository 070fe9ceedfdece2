//! The size tables of the layer estimate, fetched after the first analysis (issue #16).
//!
//! The wasm carries no size data: the first analysis needs only the code. Once it is on screen the page
//! fetches the knowledge pack that `scripts/post-build.mjs` put beside it (its content-hashed name is in
//! `<meta name="dflab-knowledge">`), installs it in its own wasm instance (for what it analyses itself) and
//! hands the same bytes to the analysis worker with the next request (`AnalysisClient::send_knowledge`).
//! The service worker keeps it for offline visits like every other file of the build.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::analysis_client::AnalysisClient;

/// Where the layer sizes stand, for the Layers panel to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SizeData {
    /// Not fetched yet: sizes from the tables show as waiting.
    Loading,
    /// Installed; the date its newest table was made.
    Ready { generated: &'static str },
    /// Could not be had: why. Sizes from the tables stay unknown.
    Unavailable(String),
}

impl SizeData {
    /// For the e2e runs (`data-size-data`): `loading`, `ready` or `unavailable`.
    pub fn key(&self) -> &'static str {
        match self {
            SizeData::Loading => "loading",
            SizeData::Ready { .. } => "ready",
            SizeData::Unavailable(_) => "unavailable",
        }
    }

    /// A sentence for the Layers panel, when there is something to say.
    pub fn message(&self) -> Option<String> {
        match self {
            SizeData::Loading => {
                Some("Loading the size tables… package and base image sizes follow in a moment.".into())
            }
            SizeData::Ready { .. } => None,
            SizeData::Unavailable(why) => Some(format!(
                "The size tables could not be loaded ({why}): package and base image sizes are unknown."
            )),
        }
    }
}

/// The pack's address, as the built page names it.
fn pack_url() -> Option<String> {
    let meta = web_sys::window()?
        .document()?
        .query_selector("meta[name=dflab-knowledge]")
        .ok()??;
    meta.get_attribute("content").filter(|url| !url.is_empty())
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "offline, and not saved by an earlier visit".to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "no response")?;
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    let buffer = response.array_buffer().map_err(|_| "unreadable response")?;
    let buffer = JsFuture::from(buffer).await.map_err(|_| "the download broke off")?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Fetches and installs the pack: here, and in the worker with its next request.
pub async fn load(client: Option<&AnalysisClient>) -> SizeData {
    let Some(url) = pack_url() else {
        return SizeData::Unavailable("this page names no size tables".into());
    };
    let bytes = match fetch_bytes(&url).await {
        Ok(bytes) => bytes,
        Err(why) => return SizeData::Unavailable(why),
    };
    match dflab_core::knowledge::pack::install_owned(bytes.clone()) {
        Ok(summary) => {
            if let Some(client) = client {
                client.send_knowledge(bytes);
            }
            SizeData::Ready {
                generated: summary.generated,
            }
        }
        Err(error) => SizeData::Unavailable(error.to_string()),
    }
}

/// Tells `loader.js` the pack has been fetched (or not), so it registers the service worker now: its
/// precache then finds the pack in the HTTP cache instead of downloading it a second time meanwhile.
pub fn settled() {
    if let Some(window) = web_sys::window() {
        if let Ok(event) = web_sys::Event::new("dflab-size-data") {
            let _ = window.dispatch_event(&event);
        }
    }
}
