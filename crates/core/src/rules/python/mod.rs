//! Python: pip, uv, poetry, pipenv, virtualenvs and interpreter settings.

pub mod break_system_packages;
pub mod build_tools_in_final;
pub mod distro_python;
pub mod editable_install;
pub mod index_credentials;
pub mod install_not_copied;
mod multi_stage;
pub mod pip_no_cache_dir;
pub mod pip_outside_venv;
pub mod pip_tls_off;
pub mod pip_unpinned;
pub mod pip_user_invisible;
pub mod pipenv_deploy;
pub mod poetry_dev;
pub mod unbuffered_missing;
pub(crate) mod util;
pub mod uv_bytecode;
pub mod uv_image_unpinned;
pub mod uv_link_mode;
pub mod uv_sync_unlocked;
pub mod venv_moved;
