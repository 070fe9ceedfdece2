//! Base image choice and pinning.

pub mod untagged_image;
