//! Example Dockerfiles offered by the page, one file each in `examples_df/`.

pub struct Example {
    pub name: &'static str,
    pub source: &'static str,
}

pub static EXAMPLES: &[Example] = &[
    Example {
        name: "Flask",
        source: include_str!("../examples_df/flask.Dockerfile"),
    },
    Example {
        name: "FastAPI + uvicorn",
        source: include_str!("../examples_df/fastapi.Dockerfile"),
    },
    Example {
        name: "Django + PostgreSQL",
        source: include_str!("../examples_df/django.Dockerfile"),
    },
    Example {
        name: "uv project",
        source: include_str!("../examples_df/uv.Dockerfile"),
    },
    Example {
        name: "Poetry",
        source: include_str!("../examples_df/poetry.Dockerfile"),
    },
    Example {
        name: "numpy/pandas data job",
        source: include_str!("../examples_df/datajob.Dockerfile"),
    },
    Example {
        name: "The Alpine trap",
        source: include_str!("../examples_df/alpine.Dockerfile"),
    },
    Example {
        name: "Good multi-stage",
        source: include_str!("../examples_df/multistage.Dockerfile"),
    },
    Example {
        name: "BuildKit heredocs",
        source: include_str!("../examples_df/heredoc.Dockerfile"),
    },
];

/// The example loaded when the page opens.
pub fn default_example() -> &'static Example {
    &EXAMPLES[0]
}
