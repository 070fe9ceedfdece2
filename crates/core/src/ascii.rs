//! ASCII case-insensitive matching without allocating: rules ask it of every word of every command, where
//! `to_ascii_lowercase().contains(..)` allocated a string each time.

/// Whether `text` contains `needle` in any ASCII case (other bytes compare exactly).
pub fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    needle.is_empty()
        || text
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::contains_ignoring_case;

    #[test]
    fn matches_like_lowercasing_both_sides() {
        let cases = [
            ("Acquire::HTTP::Proxy", "acquire::http"),
            ("mcr.microsoft.com/windows/ServerCore:ltsc2022", "servercore"),
            ("python:3.12", "windows"),
            ("", ""),
            ("x", ""),
            ("", "x"),
            ("ÄBC", "äbc"),
            ("ÄBC", "bc"),
        ];
        for (text, needle) in cases {
            let expected = text.to_ascii_lowercase().contains(&needle.to_ascii_lowercase());
            assert_eq!(contains_ignoring_case(text, needle), expected, "{text:?} {needle:?}");
        }
    }
}
