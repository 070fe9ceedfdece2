//! Security: users, secrets, TLS verification, remote scripts, permissions, exposed ports.

pub mod add_instead_of_copy;
pub mod add_url_checksum;
pub mod dockerignore_secrets;
pub mod final_user_root;
pub mod missing_healthcheck;
mod nonroot_user;
pub mod remote_script;
pub mod secret_env;
pub mod secret_files;
pub mod secret_leaked;
pub mod ssh_port;
pub mod sudo;
pub mod tls_off;
pub mod user_by_name;
pub mod useradd_log_init;
pub mod world_writable;

#[cfg(test)]
mod conformance {
    use crate::rules::{testing, Category, ALL};

    /// The official `python` image Dockerfiles, when the shared conformance copies are present.
    fn official_python_dockerfiles() -> Vec<(String, String)> {
        let dir = std::path::Path::new("/work/shared/conformance/docker-library-python");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut files: Vec<(String, String)> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                Some((name, std::fs::read_to_string(e.path()).ok()?))
            })
            .collect();
        files.sort();
        files
    }

    /// A maintainer of the official images must not call any finding of these categories wrong: none fire.
    #[test]
    fn official_python_images_have_no_python_or_security_findings() {
        let mut found = Vec::new();
        for (name, source) in official_python_dockerfiles() {
            for rule in ALL
                .iter()
                .filter(|r| matches!(r.category, Category::Python | Category::Security))
            {
                for hit in testing::hits(rule, &source) {
                    found.push(format!("{name}: {} {}", rule.code, hit.message));
                }
            }
        }
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
}

#[cfg(test)]
mod robustness {
    use crate::rules::{testing, Category, ALL};

    /// Every Python and security rule runs over BuildKit's own test Dockerfiles without panicking.
    #[test]
    fn rules_never_panic_on_buildkit_test_files() {
        let dir = std::path::Path::new("/work/shared/conformance/buildkit-inline");
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.filter_map(|e| e.ok()) {
            let Ok(source) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for rule in ALL
                .iter()
                .filter(|r| matches!(r.category, Category::Python | Category::Security))
            {
                for hit in testing::hits(rule, &source) {
                    if std::env::var_os("DFLAB_SHOW").is_some() {
                        let text = source.get(hit.span.start..hit.span.end).unwrap_or("?");
                        eprintln!(
                            "{} {}: {} [{}]",
                            entry.file_name().to_string_lossy(),
                            rule.code,
                            hit.message,
                            text
                        );
                    }
                }
            }
        }
    }
}
