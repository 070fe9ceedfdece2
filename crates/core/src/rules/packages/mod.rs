//! Package managers: apt, apk, yum/dnf, npm and their flags, pinning and caches.

pub mod apk_unpinned;
pub mod apk_upgrade;
pub mod apt_install_recommends;
pub mod apt_install_without_update;
pub mod apt_install_yes;
pub mod apt_not_apt_get;
pub mod apt_unpinned;
pub mod apt_upgrade;
pub mod curl_and_wget;
pub mod dnf_install_yes;
pub mod dnf_unpinned;
pub mod gem_no_document;
pub mod gem_unpinned;
pub mod go_install_unpinned;
pub mod node_dev_dependencies;
pub mod node_install_with_lockfile;
pub mod node_unpinned;
pub(crate) mod util;
pub mod wget_progress;
pub mod yum_install_yes;
pub mod yum_unpinned;
pub mod zypper_dist_upgrade;
pub mod zypper_non_interactive;
pub mod zypper_unpinned;
