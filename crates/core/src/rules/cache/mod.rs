//! Layers and cache: instruction order, consecutive RUNs, caches and cleanup left in layers.

#[cfg(test)]
mod conformance;
pub(crate) mod util;
