//! Clipboard and downloads: the only ways text leaves the page, both local to the user's machine.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why text could not leave through the clipboard or a download.
#[derive(Debug, PartialEq)]
pub struct Unavailable;

/// Copies `text`; `Err` when the clipboard API is missing or refused (the caller then shows the text).
pub async fn copy(text: &str) -> Result<(), Unavailable> {
    let window = web_sys::window().ok_or(Unavailable)?;
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts; check before calling.
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false);
    if !has_clipboard {
        return Err(Unavailable);
    }
    JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| Unavailable)
}

/// Saves `text` as a file named `name` through a blob URL (nothing is uploaded).
pub fn download(name: &str, text: &str) -> Result<(), Unavailable> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or(Unavailable)?;
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| Unavailable)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| Unavailable)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| Unavailable)?
        .dyn_into()
        .map_err(|_| Unavailable)?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
