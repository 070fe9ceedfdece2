//! Example Dockerfiles offered by the page.

pub struct Example {
    pub name: &'static str,
    pub source: &'static str,
}

pub static EXAMPLES: &[Example] = &[Example {
    name: "Flask",
    source: include_str!("../examples_df/flask.Dockerfile"),
}];

/// The example loaded when the page opens.
pub fn default_example() -> &'static Example {
    &EXAMPLES[0]
}
