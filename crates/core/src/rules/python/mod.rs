//! Python: pip, uv, poetry, pipenv, virtualenvs and interpreter settings.

pub mod pip_no_cache_dir;
pub mod pip_unpinned;
pub(crate) mod util;
pub mod uv_image_unpinned;
pub mod uv_link_mode;
pub mod uv_sync_unlocked;
pub mod unbuffered_missing;
pub mod uv_bytecode;
