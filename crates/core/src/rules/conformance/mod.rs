//! Rules over real Dockerfiles in `tests/conformance/`: what maintainers of those files must agree with, and
//! that no rule panics or reports a span outside the file on any of them.

mod base_and_correctness;
mod cache_and_packages;
mod python_and_security;

use crate::test_corpus::corpus;
