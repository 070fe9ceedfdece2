//! A Docker engine for real builds, the ground truth of what we say about images.
//!
//! Debian trixie's `docker.io`, `docker-cli` and `docker-buildx` packages are extracted under
//! `target/docker/root/` (their binaries run on bookworm) and started with bookworm's `containerd` and `runc`:
//! `dockerd --storage-driver=overlay2 --iptables=false --bridge=none` on a socket of our own, so nothing of the
//! machine's is touched. No registry can be reached, so the base images the test Dockerfiles start from are
//! stand-ins assembled here ([`BASE_IMAGES`]): a `debootstrap --variant=minbase bookworm` root imported as an
//! image, and Dockerfiles on top of it (`tests/builds/base-images/`). Every step is skipped when its result is
//! already there, and an engine this module started is stopped when its [`Engine`] is dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::{root, run, Result};

/// The uv release whose binaries stand in for `ghcr.io/astral-sh/uv` (from PyPI's `uv` wheel).
pub const UV_VERSION: &str = "0.13.9";

/// The stand-in base images, built in this order from `tests/builds/base-images/<name>/Dockerfile`; each
/// folder's `tags` file lists the image names it stands in for.
pub const BASE_IMAGES: [&str; 5] = ["debian", "debian-slim", "python-slim", "python", "uv"];

/// The image the debootstrap root is imported as; the recipes start `FROM` it.
const ROOTFS_IMAGE: &str = "dflab/debootstrap:bookworm";

fn dir() -> PathBuf {
    root().join("target/docker")
}

fn bin(path: &str) -> PathBuf {
    dir().join("root").join(path)
}

/// A running engine: `docker()` talks to it. Stops the daemon on drop when this process started it.
pub struct Engine {
    socket: PathBuf,
    daemon: Option<Child>,
}

impl Engine {
    /// The docker CLI (trixie's, matching the engine), pointed at this engine, with buildx as a plugin.
    pub fn docker(&self) -> Command {
        let mut command = Command::new(bin("usr/bin/docker"));
        self.with_env(&mut command);
        command
    }

    /// Another program (e.g. `dflab verify`) run with this engine's docker CLI, buildx and socket.
    pub fn with_env(&self, command: &mut Command) {
        command
            .env("DOCKER_HOST", format!("unix://{}", self.socket.display()))
            .env("DOCKER_CONFIG", dir().join("config"))
            .env("PATH", path_with_engine());
    }

    fn responds(&self) -> bool {
        self.docker()
            .args(["version", "--format", "{{.Server.Version}}"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Some(mut daemon) = self.daemon.take() {
            println!("docker: stopping the engine this task started");
            let _ = Command::new("kill").arg(daemon.id().to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = daemon.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            let _ = daemon.kill();
            let _ = daemon.wait();
        }
    }
}

/// PATH with the extracted engine binaries (dockerd, docker-init, docker-proxy) first.
fn path_with_engine() -> std::ffi::OsString {
    let mut paths = vec![bin("usr/sbin"), bin("usr/bin"), bin("usr/libexec/docker/cli-plugins")];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(paths).expect("paths have no separators")
}

/// Installs what is missing, starts the engine unless one of ours already answers, and builds the base
/// images that are missing or whose recipe changed.
pub fn start_with_base_images() -> Result<Engine> {
    install()?;
    let engine = start()?;
    base_images(&engine)?;
    Ok(engine)
}

fn as_root(program: &str) -> Command {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut command = if is_root {
        Command::new(program)
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg(program);
        sudo
    };
    command.env("DEBIAN_FRONTEND", "noninteractive");
    command
}

fn on_path(program: &str) -> bool {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .any(|dir| dir.join(program).is_file())
}

/// The engine's packages: bookworm's containerd, runc and debootstrap installed by apt; trixie's docker
/// packages downloaded and extracted (never installed, so bookworm's system stays as it is).
fn install() -> Result {
    install_packages()?;
    // The docker CLI finds buildx in `$DOCKER_CONFIG/cli-plugins`: a config folder of our own, not the home's.
    let plugin = dir().join("config/cli-plugins/docker-buildx");
    if !plugin.exists() {
        std::fs::create_dir_all(plugin.parent().expect("has a parent")).map_err(|e| e.to_string())?;
        std::fs::copy(bin("usr/libexec/docker/cli-plugins/docker-buildx"), &plugin)
            .map_err(|e| format!("{}: {e}", plugin.display()))?;
    }
    Ok(())
}

fn install_packages() -> Result {
    let have_system = ["containerd", "runc", "debootstrap"].iter().all(|p| on_path(p));
    let have_docker = [
        "usr/sbin/dockerd",
        "usr/bin/docker",
        "usr/libexec/docker/cli-plugins/docker-buildx",
    ]
    .iter()
    .all(|p| bin(p).is_file());
    if have_system && have_docker {
        return Ok(());
    }
    println!("docker: installing the engine (Debian trixie's docker.io, docker-cli, docker-buildx; bookworm's containerd, runc, debootstrap)");
    let sources = Path::new("/etc/apt/sources.list.d/dflab-trixie.sources");
    if !sources.exists() {
        // Trixie is pinned below bookworm: only the packages asked for by `name/trixie` come from it.
        let write = |path: &str, text: &str| -> Result {
            let mut tee = as_root("tee");
            tee.arg(path).stdin(Stdio::piped()).stdout(Stdio::null());
            let mut child = tee.spawn().map_err(|e| format!("tee {path}: {e}"))?;
            std::io::Write::write_all(child.stdin.as_mut().expect("piped"), text.as_bytes())
                .map_err(|e| format!("{path}: {e}"))?;
            drop(child.stdin.take());
            child.wait().map_err(|e| format!("{path}: {e}"))?;
            Ok(())
        };
        write(
            "/etc/apt/sources.list.d/dflab-trixie.sources",
            "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\n\
             Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n",
        )?;
        write(
            "/etc/apt/preferences.d/dflab-trixie",
            "Package: *\nPin: release n=trixie\nPin-Priority: 100\n",
        )?;
    }
    run(as_root("apt-get").args(["update", "-qq"]))?;
    if !have_system {
        run(as_root("apt-get").args([
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "containerd",
            "runc",
            "debootstrap",
        ]))?;
    }
    if !have_docker {
        let debs = dir().join("debs");
        std::fs::create_dir_all(&debs).map_err(|e| format!("{}: {e}", debs.display()))?;
        run(Command::new("apt-get")
            .args([
                "download",
                "docker.io/trixie",
                "docker-cli/trixie",
                "docker-buildx/trixie",
            ])
            .current_dir(&debs))?;
        for entry in std::fs::read_dir(&debs).map_err(|e| e.to_string())? {
            let deb = entry.map_err(|e| e.to_string())?.path();
            if deb.extension().is_some_and(|e| e == "deb") {
                run(Command::new("dpkg").arg("-x").arg(&deb).arg(dir().join("root")))?;
            }
        }
    }
    Ok(())
}

/// Starts `dockerd` on our socket, or reuses the engine already listening there.
fn start() -> Result<Engine> {
    let socket = dir().join("docker.sock");
    let reused = Engine {
        socket: socket.clone(),
        daemon: None,
    };
    if reused.responds() {
        println!("docker: using the engine already running on {}", socket.display());
        return Ok(reused);
    }
    let _ = std::fs::remove_file(&socket);
    let log_path = dir().join("dockerd.log");
    let log = std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    println!("docker: starting dockerd (log: {})", log_path.display());
    let daemon = Command::new(bin("usr/sbin/dockerd"))
        .args(["--storage-driver=overlay2", "--iptables=false", "--bridge=none"])
        .arg(format!("--data-root={}", dir().join("data").display()))
        .arg(format!("--exec-root={}", dir().join("exec").display()))
        .arg(format!("--pidfile={}", dir().join("dockerd.pid").display()))
        .arg(format!("--host=unix://{}", socket.display()))
        .env("PATH", path_with_engine())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start dockerd: {e}"))?;
    let engine = Engine {
        socket,
        daemon: Some(daemon),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if engine.responds() {
            return Ok(engine);
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let tail = std::fs::read_to_string(&log_path).unwrap_or_default();
    let tail: Vec<&str> = tail.lines().rev().take(15).collect();
    Err(format!(
        "dockerd did not answer within 60 s; the end of its log:\n{}",
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    ))
}

/// The debootstrap root as an image, then each recipe of [`BASE_IMAGES`] whose label does not match.
fn base_images(engine: &Engine) -> Result {
    let has_image = |name: &str| {
        engine
            .docker()
            .args(["image", "inspect", name])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has_image(ROOTFS_IMAGE) {
        let rootfs = dir().join("bookworm");
        if !rootfs.join("usr/bin/apt-get").exists() {
            println!("docker: debootstrap --variant=minbase bookworm (about a minute)");
            let _ = std::fs::remove_dir_all(&rootfs);
            run(as_root("debootstrap")
                .args(["--variant=minbase", "bookworm"])
                .arg(&rootfs)
                .arg(mirror()))?;
        }
        println!("docker: importing the bookworm root as {ROOTFS_IMAGE}");
        let tar = Command::new("tar")
            .args(["-C"])
            .arg(&rootfs)
            .args(["--numeric-owner", "-c", "."])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("tar: {e}"))?;
        run(engine
            .docker()
            .args([
                "import",
                "--change",
                "CMD [\"bash\"]",
                "--change",
                "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "-",
                ROOTFS_IMAGE,
            ])
            .stdin(tar.stdout.expect("piped")))?;
    }
    let recipes = root().join("tests/builds/base-images");
    for name in BASE_IMAGES {
        let recipe = recipes.join(name);
        let dockerfile = read(&recipe.join("Dockerfile"))?;
        let tags: Vec<String> = read(&recipe.join("tags"))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|tag| tag.replace("{uv}", UV_VERSION))
            .collect();
        let label = hex(&Sha256::digest(format!(
            "{dockerfile}\n{}\n{UV_VERSION}",
            tags.join(",")
        )));
        let current = engine
            .docker()
            .args([
                "image",
                "inspect",
                "--format",
                "{{ index .Config.Labels \"dflab.recipe\" }}",
                &tags[0],
            ])
            .output()
            .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == label);
        if current && tags.iter().all(|t| has_image(t)) {
            continue;
        }
        println!("docker: building the stand-in for {}", tags.join(", "));
        let context = dir().join("contexts").join(name);
        let _ = std::fs::remove_dir_all(&context);
        std::fs::create_dir_all(&context).map_err(|e| e.to_string())?;
        std::fs::write(context.join("Dockerfile"), &dockerfile).map_err(|e| e.to_string())?;
        // HTTPS from inside builds goes through the same proxy as the host's: the images trust its bundle.
        std::fs::copy("/etc/ssl/certs/ca-certificates.crt", context.join("host-ca.crt"))
            .map_err(|e| format!("the host's CA bundle: {e}"))?;
        if name == "uv" {
            uv_binaries(&context)?;
        }
        let mut build = engine.docker();
        build
            .args(["build", "--network", "host", "--label"])
            .arg(format!("dflab.recipe={label}"));
        for tag in &tags {
            build.args(["-t", tag]);
        }
        run(build.arg(&context))?;
    }
    Ok(())
}

/// The mirror apt uses on this machine (the stand-ins must install what the host can reach).
fn mirror() -> String {
    let sources = std::fs::read_to_string("/etc/apt/sources.list.d/debian.sources").unwrap_or_default();
    sources
        .lines()
        .find_map(|l| l.strip_prefix("URIs:"))
        .map(|uri| uri.trim().to_string())
        .unwrap_or_else(|| "http://deb.debian.org/debian".into())
}

/// `uv` and `uvx` from PyPI's wheel of [`UV_VERSION`], into the uv recipe's context.
fn uv_binaries(context: &Path) -> Result {
    let wheels = dir().join("uv-wheel");
    let has_wheel = |dir: &Path| {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("uv-{UV_VERSION}-"))
            })
            .map(|e| e.path())
    };
    if has_wheel(&wheels).is_none() {
        run(Command::new("python3")
            .args(["-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"])
            .args(["--platform", "manylinux2014_x86_64", "-d"])
            .arg(&wheels)
            .arg(format!("uv=={UV_VERSION}")))?;
    }
    let wheel = has_wheel(&wheels).ok_or("the uv wheel did not download")?;
    let unpacked = dir().join("uv-unpacked");
    let _ = std::fs::remove_dir_all(&unpacked);
    run(Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(&unpacked))?;
    for program in ["uv", "uvx"] {
        let from = unpacked.join(format!("uv-{UV_VERSION}.data/scripts/{program}"));
        std::fs::copy(&from, context.join(program)).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    Ok(())
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
