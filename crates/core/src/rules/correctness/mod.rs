//! Correctness: what BuildKit rejects or warns about, and hadolint structural checks.

pub mod bashism;
pub mod cd_in_run;
pub mod container_irrelevant_command;
pub mod copy_dest_slash;
pub mod copy_from_self;
pub mod copy_from_stage;
// Not in `ALL` yet: it fires only with a `.dockerignore` in the options, and the shared test requires every
// rule's `bad` example to fire with default options.
#[allow(dead_code)]
pub mod copy_ignored_file;
pub mod copy_missing_destination;
pub mod copy_relative_destination;
pub mod definition_description;
pub mod duplicate_stage_name;
pub mod empty_continuation;
pub mod entrypoint_ignores_cmd;
pub mod env_self_reference;
pub mod exec_form_spaces;
pub mod exec_form_variable;
pub mod expose_format;
pub mod expose_port_range;
pub mod expose_proto_casing;
pub mod from_as_casing;
pub mod global_arg_in_run;
pub mod healthcheck_duration;
pub mod instruction_before_from;
pub mod instruction_casing;
pub mod invalid_json_array;
pub mod json_args;
pub mod label_key;
pub mod legacy_key_value;
pub mod ln_sh;
pub mod maintainer;
pub mod multiple_cmd;
pub mod multiple_entrypoint;
pub mod multiple_healthcheck;
#[cfg(test)]
mod official_images;
pub mod onbuild_trigger;
pub mod pipefail;
pub mod reserved_stage_name;
pub mod shell_form_without_shell;
pub mod shell_json;
pub mod stage_name_casing;
pub mod stopsignal;
pub mod undefined_var;
pub mod user_on_scratch;
pub mod util;
pub mod workdir_relative;
