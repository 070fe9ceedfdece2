//! Correctness: what BuildKit rejects or warns about, and hadolint structural checks.
