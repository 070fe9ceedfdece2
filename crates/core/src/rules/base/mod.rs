//! Base image choice and pinning.

pub mod alpine_compiled_python;
pub mod arch_namespace;
pub mod deprecated_image;
pub mod digest_pin;
pub mod distro_floating;
pub mod final_build_platform;
pub mod full_variant;
pub mod invalid_default_arg_in_from;
pub mod invalid_reference;
pub mod latest_tag;
pub mod node_eol;
pub mod os_release_eol;
pub mod platform_constant;
pub mod python_eol;
pub mod python_minor_floating;
pub mod python_prerelease;
pub mod redundant_target_platform;
pub mod stage_python_mismatch;
pub mod undefined_arg_in_from;
pub mod unstable_distro;
pub mod untagged_image;
pub mod util;
