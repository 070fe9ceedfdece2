//! Analysis off the main thread (issue #7): on a 2,000-line Dockerfile `analyze` blocked the page for about
//! 40 ms per keystroke, so the full app analyses what the user types in a module Web Worker.
//!
//! - Requests and replies are postcard bytes of core's own serde types, posted as transferred buffers: the
//!   serde code is much smaller than a self-describing format's (serde-wasm-bindgen cost 25 kB gzip, this
//!   about 10 kB), postcard's errors carry no message (so no formatting code comes along), and decoding needs
//!   no call into JS per field.
//! - `worker.js`, written by `scripts/post-build.mjs` with this build's hashed file names, imports the same
//!   wasm-bindgen glue and instantiates the `WebAssembly.Module` the page compiled (`loader.js` keeps it in
//!   `window.dflabWasmModule`; the client posts it as the worker's first message), so the wasm is downloaded
//!   and compiled once; then it answers each message with [`worker_reply`]. There [`crate::start`] sees no
//!   `window` and mounts nothing.
//! - The page holds one [`AnalysisClient`]: at most one request in flight plus the latest text waiting; a
//!   reply that arrives while a newer text waits is stale and dropped unread (never deserialised).
//! - If the worker cannot be created or fails, the client reports [`Outcome::Failed`] once. The page then
//!   analyses only short texts itself (as it does in embed mode and in the component tests) and keeps long
//!   ones unanalysed with a message: a long text analysed on the page could freeze it (issue #20).

use std::cell::RefCell;
use std::rc::Rc;

use dflab_core::{analyze, Analysis, Options};
use gloo::events::{EventListener, EventListenerOptions};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Performance, Worker, WorkerOptions, WorkerType};
use yew::Callback;

/// The worker script, next to index.html.
pub const WORKER_URL: &str = "./worker.js";

/// Page to worker: analyse `text` with `options`; `seq` comes back with the reply. The first request after
/// the page fetched the size tables carries them (`crate::size_data`), to be installed before analysing.
#[derive(Serialize, Deserialize)]
struct Request {
    seq: u64,
    text: String,
    options: Options,
    knowledge: Option<Vec<u8>>,
}

/// Worker to page.
#[derive(Serialize, Deserialize)]
struct Reply {
    seq: u64,
    /// How long `analyze` took in the worker, in milliseconds.
    ms: f64,
    analysis: Analysis,
}

/// Runs in the worker: one request in, one reply out (`worker.js` posts it back).
#[wasm_bindgen]
pub fn worker_reply(request: &[u8]) -> Result<Vec<u8>, JsError> {
    let bad = |_| JsError::new("bad analysis request");
    let Request {
        seq,
        text,
        options,
        knowledge,
    } = postcard::from_bytes(request).map_err(bad)?;
    if let Some(bytes) = knowledge {
        // The page installed the same bytes before sending them: a refusal here changes nothing it shows.
        let _ = dflab_core::knowledge::pack::install_owned(bytes);
    }
    let clock: Performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .map_err(|_| JsError::new("no clock"))?
        .unchecked_into();
    let started = clock.now();
    let analysis = analyze(&text, &options);
    let ms = clock.now() - started;
    postcard::to_allocvec(&Reply { seq, ms, analysis }).map_err(bad)
}

/// What the client reports to the page.
pub enum Outcome {
    Analyzed {
        seq: u64,
        analysis: Rc<Analysis>,
        ms: f64,
    },
    /// The worker is gone: analyse on the page from now on.
    Failed,
}

#[derive(Default)]
struct Inner {
    in_flight: bool,
    /// The latest text, sent when the reply in flight arrives.
    waiting: Option<Request>,
    failed: bool,
    on_outcome: Option<Callback<Outcome>>,
    /// An analysis that arrived before the page subscribed (the first, of a long text, is requested while
    /// the page's state is made, before its effects run).
    undelivered: Option<Outcome>,
    /// The size tables, sent with the next request.
    knowledge: Option<Vec<u8>>,
}

type Shared = Rc<RefCell<Inner>>;

/// The page's side of the worker.
pub struct AnalysisClient {
    worker: Worker,
    inner: Shared,
    _listeners: [EventListener; 2],
}

impl AnalysisClient {
    /// Starts the worker; `None` where the browser cannot (the page then analyses synchronously).
    pub fn spawn() -> Option<AnalysisClient> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_URL, &options).ok()?;
        // The module the page compiled (`loader.js`, written by scripts/post-build.mjs): the worker instantiates
        // it rather than downloading and compiling the wasm again. Without it the worker loads the wasm itself.
        if let Some(module) = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"dflabWasmModule".into()).ok())
            .filter(|m| m.is_instance_of::<js_sys::WebAssembly::Module>())
        {
            let _ = worker.post_message(&module);
        }
        let inner = Shared::default();
        let on_message = {
            let (inner, worker) = (inner.clone(), worker.clone());
            EventListener::new(&worker.clone(), "message", move |event| {
                if let Some(event) = event.dyn_ref::<MessageEvent>() {
                    received(&inner, &worker, event.data());
                }
            })
        };
        // A script that fails to load or throws while starting; cancelled, as the page handles it.
        let on_error = {
            let inner = inner.clone();
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&worker, "error", options, move |event| {
                event.prevent_default();
                fail(&inner);
            })
        };
        Some(AnalysisClient {
            worker,
            inner,
            _listeners: [on_message, on_error],
        })
    }

    /// Where outcomes go; reports a failure that happened before.
    pub fn subscribe(&self, on_outcome: Callback<Outcome>) {
        let (failed, undelivered) = {
            let mut inner = self.inner.borrow_mut();
            inner.on_outcome = Some(on_outcome.clone());
            (inner.failed, inner.undelivered.take())
        };
        if let Some(outcome) = undelivered {
            on_outcome.emit(outcome);
        }
        if failed {
            on_outcome.emit(Outcome::Failed);
        }
    }

    /// Asks for the analysis of `text`; replaces any text still waiting. False once the worker has failed.
    pub fn request(&self, seq: u64, text: &str, options: &Options) -> bool {
        let request = Request {
            seq,
            text: text.into(),
            options: options.clone(),
            knowledge: None,
        };
        {
            let mut inner = self.inner.borrow_mut();
            if inner.failed {
                return false;
            }
            if inner.in_flight {
                inner.waiting = Some(request);
                return true;
            }
        }
        post(&self.inner, &self.worker, request);
        !self.inner.borrow().failed
    }

    /// Hands the worker the size tables with its next request (the page then asks for the text again).
    pub fn send_knowledge(&self, bytes: Vec<u8>) {
        self.inner.borrow_mut().knowledge = Some(bytes);
    }
}

impl Drop for AnalysisClient {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The page state's handle on the client: compared by identity, so the state stays `PartialEq`.
#[derive(Clone)]
pub struct Offload(pub Rc<AnalysisClient>);

impl PartialEq for Offload {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Offload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Offload")
    }
}

fn post(inner: &Shared, worker: &Worker, mut request: Request) {
    if request.knowledge.is_none() {
        request.knowledge = inner.borrow_mut().knowledge.take();
    }
    let sent = postcard::to_allocvec(&request)
        .map_err(|_| JsValue::NULL)
        .and_then(|bytes| {
            let message = js_sys::Uint8Array::from(bytes.as_slice());
            worker.post_message_with_transfer(&message, &js_sys::Array::of1(&message.buffer()))
        });
    match sent {
        Ok(()) => inner.borrow_mut().in_flight = true,
        Err(_) => fail(inner),
    }
}

fn received(inner: &Shared, worker: &Worker, data: JsValue) {
    let (waiting, on_outcome) = {
        let mut inner = inner.borrow_mut();
        inner.in_flight = false;
        (inner.waiting.take(), inner.on_outcome.clone())
    };
    if let Some(next) = waiting {
        // The text changed while this reply was computed: skip it and analyse the latest.
        return post(inner, worker, next);
    }
    // `worker.js` replies `{ error }` when the wasm failed; that is no Reply.
    let bytes = data.dyn_into::<js_sys::Uint8Array>().map(|bytes| bytes.to_vec());
    match bytes.ok().and_then(|bytes| postcard::from_bytes::<Reply>(&bytes).ok()) {
        Some(Reply { seq, ms, analysis }) => {
            let outcome = Outcome::Analyzed {
                seq,
                analysis: Rc::new(analysis),
                ms,
            };
            match on_outcome {
                Some(on_outcome) => on_outcome.emit(outcome),
                None => inner.borrow_mut().undelivered = Some(outcome),
            }
        }
        None => fail(inner),
    }
}

fn fail(inner: &Shared) {
    let on_outcome = {
        let mut inner = inner.borrow_mut();
        if inner.failed {
            return;
        }
        inner.failed = true;
        inner.in_flight = false;
        inner.waiting = None;
        inner.on_outcome.clone()
    };
    if let Some(on_outcome) = on_outcome {
        on_outcome.emit(Outcome::Failed);
    }
}
