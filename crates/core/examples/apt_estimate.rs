//! Prints the size tables' estimate for `apt-get install <packages>` as JSON (bytes), so
//! `scripts/accuracy/apt_accuracy.py` measures the real lookup code.
//!
//!     cargo run -q -p dflab-core --example apt_estimate -- [--recommends] [--release bookworm|trixie]
//!         [--base debian|debian-slim|python-slim|python] gcc libpq-dev

use dflab_core::layers::tables::{apt_basis, apt_install_size, AptBase, BaseFamily, Release};

fn main() {
    let mut recommends = false;
    let mut base = BaseFamily::Debian;
    let mut release = Release::Bookworm;
    let mut packages = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--recommends" => recommends = true,
            "--base" => {
                base = match args.next().as_deref() {
                    Some("debian-slim") => BaseFamily::DebianSlim,
                    Some("python-slim") => BaseFamily::PythonSlim,
                    Some("python") => BaseFamily::PythonFull,
                    Some("other") => BaseFamily::Other,
                    _ => BaseFamily::Debian,
                }
            }
            "--release" => {
                release = match args.next().as_deref() {
                    Some("trixie") => Release::Trixie,
                    _ => Release::Bookworm,
                }
            }
            _ => packages.push(arg),
        }
    }
    let names: Vec<&str> = packages.iter().map(String::as_str).collect();
    let e = apt_install_size(&names, recommends, AptBase { family: base, release });
    let (label, generated) = apt_basis(release).expect("the embedded knowledge pack");
    let out = serde_json::json!({
        "packages": names,
        "recommends": recommends,
        "base": format!("{base:?}"),
        "low": e.low,
        "high": e.high,
        "unknown": e.unknown_packages,
        "basis": { "release": label, "generated": generated },
    });
    println!("{out}");
}
