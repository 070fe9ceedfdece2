//! Prints, for each file, what `buildkit-oracle.py` prints: one JSON record per line in the oracle schema.
//! Handy to diff our parser against BuildKit on any file:
//!
//!     cargo run -p dflab-core --example oracle_dump -- FILE... > ours.jsonl
//!     /work/shared/tools/buildkit-oracle.py FILE... > buildkit.jsonl

use dflab_core::syntax::{self, buildkit};

fn main() {
    for path in std::env::args().skip(1) {
        let record = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => buildkit::dump_file(&path, &syntax::parse(&text)),
                Err(_) => buildkit::OracleFile {
                    file: path.clone(),
                    ok: false,
                    instructions: None,
                    error: Some("not UTF-8".into()),
                },
            },
            Err(error) => buildkit::OracleFile {
                file: path.clone(),
                ok: false,
                instructions: None,
                error: Some(error.to_string()),
            },
        };
        println!("{}", serde_json::to_string(&record).expect("records serialise"));
    }
}
