//! Correctness: what BuildKit rejects or warns about, and hadolint structural checks.

pub mod duplicate_stage_name;
pub mod empty_continuation;
pub mod expose_format;
pub mod expose_proto_casing;
pub mod from_as_casing;
pub mod instruction_casing;
pub mod json_args;
pub mod legacy_key_value;
pub mod maintainer;
pub mod multiple_cmd;
pub mod multiple_entrypoint;
pub mod multiple_healthcheck;
pub mod reserved_stage_name;
pub mod stage_name_casing;
pub mod util;
