//! Security: users, secrets, TLS verification, remote scripts, permissions, exposed ports.

pub mod dockerignore_secrets;
pub mod final_user_root;
pub mod secret_env;
pub mod secret_files;
pub mod sudo;
pub mod tls_off;
