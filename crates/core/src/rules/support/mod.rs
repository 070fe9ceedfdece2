//! Helpers that several rules share. Rule folders hold only rules; what more than one rule needs lives here.

pub mod image_refs;
pub mod package_managers;
pub mod python;
pub mod rpm_cache;
pub mod run_commands;
pub mod stages;
pub mod writes;
