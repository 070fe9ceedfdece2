pub mod app;
pub mod editor;
pub mod findings;
pub mod layers;
pub mod rewrite;
