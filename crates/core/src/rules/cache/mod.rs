//! Layers and cache: instruction order, consecutive RUNs, caches and cleanup left in layers.

pub mod apk_cache_left;
pub mod apt_cache_mount_docker_clean;
pub mod apt_lists_left;
pub mod cache_mount_available;
pub mod chown_after_copy;
pub mod cleanup_in_cache_mount;
pub mod cleanup_in_later_layer;
#[cfg(test)]
mod conformance;
pub mod consecutive_runs;
pub mod context_copy_dockerignore;
mod dependency_first;
pub mod dnf_cache_left;
pub mod install_after_source_copy;
pub mod npm_cache_left;
mod rpm_cache;
pub mod update_alone;
pub(crate) mod util;
mod writes;
pub mod yarn_cache_left;
pub mod yum_cache_left;
pub mod zypper_cache_left;
