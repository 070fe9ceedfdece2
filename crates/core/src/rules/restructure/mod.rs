//! The opt-in restructurings behind some rules' fixes: each rewrites several instructions at once and checks
//! its own preconditions (refraining when one fails).

pub mod dependency_first;
pub mod multi_stage;
pub mod nonroot_user;
