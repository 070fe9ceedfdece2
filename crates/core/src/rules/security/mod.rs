//! Security: users, secrets, TLS verification, remote scripts, permissions, exposed ports.

pub mod add_instead_of_copy;
pub mod add_url_checksum;
pub mod dockerignore_secrets;
pub mod final_user_root;
pub mod remote_script;
pub mod secret_env;
pub mod secret_files;
pub mod ssh_port;
pub mod sudo;
pub mod tls_off;
pub mod useradd_log_init;
pub mod world_writable;
