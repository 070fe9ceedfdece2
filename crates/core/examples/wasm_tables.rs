//! Size probe for `scripts/sizes/measure_tables.sh`: a binary that keeps every size table alive, so
//! its wasm32 build minus `wasm_baseline`'s measures what the tables cost the bundle.

use dflab_core::layers::tables::{apt_install_size, base_image_size, pip_estimate, BaseFamily};
use std::hint::black_box;

fn main() {
    let name: String = black_box(String::from("requests"));
    let pip = pip_estimate(&[name.as_str()]);
    let apt = apt_install_size(&[name.as_str()], black_box(true), BaseFamily::PythonSlim);
    let base = base_image_size(&name);
    black_box((pip, apt, base));
}
