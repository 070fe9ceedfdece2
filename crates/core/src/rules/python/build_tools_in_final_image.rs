use crate::analysis::{FixAvailability, Severity};
use crate::rules::restructure::multi_stage::{self, build_tool, Kind};
use crate::rules::{Judges, Effect, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{ApkAction, AptAction, Program};

pub static RULE: Rule = Rule {
    code: "Y019",
    name: "build-tools-in-final-image",
    category: Category::Python,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[Effect::Anything],
    explanation: Explanation {
        summary: "The final image installs compilers and `-dev` packages to build Python dependencies, and keeps them.",
        why: "Compilers, headers and `-dev` packages are needed only while pip builds C extensions; shipped in the \
              final image they add tens to hundreds of megabytes and a toolchain an attacker can use, and they \
              grow the list of packages scanners report. Build in a first stage into a virtualenv, then start \
              the final stage from the same (or the `-slim`) image, install only the runtime libraries, and copy \
              the virtualenv.",
        bad: "FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
        good: "FROM python:3.12 AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n && rm -rf /var/lib/apt/lists/*\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n\nFROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
        source: "Docker docs, \"Multi-stage builds\"; pythonspeed.com, \"Multi-stage builds #2: Python specifics\" \
                 (virtualenv copied from a build stage). Opt-in fix for a single-stage `python` image that \
                 pip-installs requirements: builder stage with a virtualenv in `/opt/venv`, final stage from the \
                 same image (or its `-slim` variant of the same version and Debian release) with only the runtime \
                 libraries; for `uv sync` projects, uv's layout (the final stage copies the project directory \
                 with its `.venv`).",
    },
    check,
};

const PACKAGING: &[&str] = &["pip", "setuptools", "wheel"];

/// The build-tool packages the final image installs (and does not remove in the same RUN), with their
/// spans, when it also installs Python packages.
fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(stage) = model.final_stage() else { return };
    let instructions = model.chain_instructions(stage);
    let python_installs = instructions.iter().any(|(index, _)| {
        model.scripts(*index).iter().any(|script| {
            script.commands().iter().any(|c| match &c.program {
                // Installing only the packaging tools (as the official images do) builds nothing.
                Program::Pip(p) => {
                    matches!(
                        p.action,
                        crate::shell::PipAction::Install | crate::shell::PipAction::Sync
                    ) && (!p.requirements.is_empty()
                        || !p.editables.is_empty()
                        || p.packages
                            .iter()
                            .any(|p| !PACKAGING.contains(&p.name.to_ascii_lowercase().as_str())))
                }
                Program::Uv(u) => u.subcommand.as_ref().is_some_and(|s| s.name == "sync"),
                Program::Poetry(p) => p.subcommand.as_ref().is_some_and(|s| s.name == "install"),
                Program::Pipenv(p) => p.subcommand.as_ref().is_some_and(|s| s.name == "install"),
                _ => false,
            })
        })
    });
    if !python_installs {
        return;
    }
    let mut tools: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for (index, _) in &instructions {
        for script in model.scripts(*index) {
            let removes = script.commands().iter().any(|c| match &c.program {
                Program::AptGet(a) => matches!(a.action, AptAction::Remove | AptAction::Purge),
                Program::Apk(a) => a.action == ApkAction::Del,
                _ => false,
            });
            if removes {
                continue;
            }
            for command in script.commands() {
                let (kind, packages) = match &command.program {
                    Program::AptGet(a) if a.action == AptAction::Install => (Kind::Apt, &a.packages),
                    Program::Apk(a) if a.action == ApkAction::Add => (Kind::Apk, &a.packages),
                    _ => continue,
                };
                for package in packages {
                    if build_tool(kind, &package.name).is_some() && !tools.iter().any(|(n, _)| *n == package.name) {
                        tools.push((package.name.clone(), package.span.clone()));
                    }
                }
            }
        }
    }
    let Some((_, first)) = tools.first() else { return };
    let names: Vec<String> = tools.iter().map(|(n, _)| format!("`{n}`")).collect();
    let listed = match names.len() {
        1 => names[0].clone(),
        n if n <= 4 => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
        n => format!("{} and {} more", names[..3].join(", "), n - 3),
    };
    let (verb, are) = if names.len() == 1 {
        ("stays", "is")
    } else {
        ("stay", "are")
    };
    let hit = Hit::new(
        model.span(first.clone()),
        format!(
            "{listed} {verb} in the final image but {are} only needed to build the Python packages: install \
             those into a virtualenv in a builder stage and copy just the virtualenv"
        ),
    );
    hits.push(match multi_stage::fix(model) {
        Some(fix) => hit.with_fix(fix),
        None => hit,
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_build_tools_next_to_a_pip_install() {
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc libpq-dev\nRUN pip install -r requirements.txt\n"
            ),
            ["`gcc` and `libpq-dev` stay in the final image but are only needed to build the Python packages: install those into a virtualenv in a builder stage and copy just the virtualenv"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12-alpine\nRUN apk add --no-cache build-base\nRUN pip install flask\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_without_build_tools_or_python_installs_or_when_removed() {
        assert_quiet(&RULE, &[
            "FROM python:3.12\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\n",
            "FROM debian\nRUN apt-get update && apt-get install -y gcc\n",
            "FROM buildpack-deps:bookworm\nRUN apt-get update && apt-get install -y tk-dev\nRUN pip install --no-cache-dir setuptools==65.5.1 wheel\n",
            "FROM python:3.12-alpine\nRUN apk add --virtual .b gcc musl-dev && pip install x && apk del .b\n",
            "FROM python:3.12 AS b\nRUN apt-get install -y gcc\nRUN pip install x\nFROM python:3.12-slim\nRUN pip install y\n",
        ]);
    }
}

#[cfg(test)]
mod fix_tests {
    use super::RULE;
    use crate::rules::testing::fixed;

    #[test]
    fn splits_an_apt_build_into_builder_and_slim_final_stage() {
        let before = "FROM python:3.12\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends build-essential libpq-dev curl \\\n && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]";
        let after = "FROM python:3.12 AS builder\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends build-essential libpq-dev curl \\\n && rm -rf /var/lib/apt/lists/*\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n\nFROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 curl && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY . .\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn keeps_the_release_and_drops_tools_without_runtime_libraries() {
        let before = "FROM python:3.11-slim-bookworm\nRUN apt-get update && apt-get install -y gcc default-libmysqlclient-dev pkg-config\nRUN pip install mysqlclient==2.2.4 && pip install -r requirements.txt\nCOPY . /app\nUSER 10001\nCMD [\"python\", \"/app/main.py\"]\n";
        let after = "FROM python:3.11-slim-bookworm AS builder\nRUN apt-get update && apt-get install -y gcc default-libmysqlclient-dev pkg-config\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install mysqlclient==2.2.4 && pip install -r requirements.txt\n\nFROM python:3.11-slim-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends libmariadb3 && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY . /app\nUSER 10001\nCMD [\"python\", \"/app/main.py\"]\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
        let before = "FROM python:3.12-bookworm\nRUN apt-get update && apt-get install -y gcc libffi-dev\nRUN pip install --no-cache-dir cffi==1.17.1\nCMD [\"python\"]\n";
        let after = "FROM python:3.12-bookworm AS builder\nRUN apt-get update && apt-get install -y gcc libffi-dev\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install --no-cache-dir cffi==1.17.1\n\nFROM python:3.12-slim-bookworm\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCMD [\"python\"]\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn alpine_stays_alpine_and_the_stage_name_moves_to_the_final_stage() {
        let before = "FROM python:3.11-alpine AS app\nRUN apk add --no-cache build-base postgresql-dev\nRUN pip install --no-cache-dir psycopg2==2.9.9\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n";
        let after = "FROM python:3.11-alpine AS builder\nRUN apk add --no-cache build-base postgresql-dev\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install --no-cache-dir psycopg2==2.9.9\n\nFROM python:3.11-alpine AS app\nRUN apk add --no-cache libpq\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn uv_projects_copy_the_project_directory_with_its_venv() {
        let before = "FROM python:3.12-bookworm\nCOPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /uvx /bin/\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nENV UV_LINK_MODE=copy\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\nCOPY . .\nRUN uv sync --locked\nENV PATH=\"/app/.venv/bin:$PATH\"\nCMD [\"uv\", \"run\", \"app.py\"]\n";
        let after = "FROM python:3.12-bookworm AS builder\nCOPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /uvx /bin/\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nENV UV_LINK_MODE=copy\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\nCOPY . .\nRUN uv sync --locked\n\nFROM python:3.12-slim-bookworm\nCOPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /uvx /bin/\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nENV UV_LINK_MODE=copy\nCOPY --from=builder /app /app\nENV PATH=\"/app/.venv/bin:$PATH\"\nCMD [\"uv\", \"run\", \"app.py\"]\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
        // Without the PATH, the final stage gets one; uv installed with pip stays in the builder.
        let before = "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\nRUN pip install uv==0.5.11\nWORKDIR /srv\nCOPY . .\nRUN uv sync --frozen --no-dev\nCMD [\"python\", \"main.py\"]\n";
        let after = "FROM python:3.12 AS builder\nRUN apt-get update && apt-get install -y gcc\nRUN pip install uv==0.5.11\nWORKDIR /srv\nCOPY . .\nRUN uv sync --frozen --no-dev\n\nFROM python:3.12-slim\nWORKDIR /srv\nCOPY --from=builder /srv /srv\nENV PATH=/srv/.venv/bin:$PATH\nCMD [\"python\", \"main.py\"]\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn steps_between_two_installs_run_with_the_virtualenv() {
        let before = "FROM python:3.12\nWORKDIR /app\nRUN apt-get update && apt-get install -y gcc libpq-dev\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN python manage.py collectstatic --noinput\nRUN pip install gunicorn\nCMD [\"gunicorn\", \"site.wsgi\"]\n";
        let after = "FROM python:3.12 AS builder\nWORKDIR /app\nRUN apt-get update && apt-get install -y gcc libpq-dev\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN python manage.py collectstatic --noinput\nRUN pip install gunicorn\n\nFROM python:3.12-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY . .\nRUN python manage.py collectstatic --noinput\nCMD [\"gunicorn\", \"site.wsgi\"]\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn refrains_outside_its_preconditions() {
        let apt = "RUN apt-get update && apt-get install -y gcc libpq-dev\n";
        for (why, source) in [
            ("several stages", format!("FROM python:3.12 AS base\nFROM base\n{apt}RUN pip install -r r.txt\n")),
            ("editable install", format!("FROM python:3.12\n{apt}COPY . .\nRUN pip install -e .\n")),
            ("local install", format!("FROM python:3.12\n{apt}COPY . .\nRUN pip install .\n")),
            ("unknown -dev package", "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc libgdal-dev\nRUN pip install gdal==3.6.2\n".into()),
            ("uv pip", format!("FROM python:3.12\n{apt}RUN uv pip install --system -r r.txt\n")),
            ("--user install", format!("FROM python:3.12\n{apt}RUN pip install --user -r r.txt\n")),
            ("compiles after the install", format!("FROM python:3.12\n{apt}RUN pip install -r r.txt\nCOPY . .\nRUN make\n")),
            ("installs after the install", format!("FROM python:3.12\n{apt}RUN pip install -r r.txt\nCOPY . .\nRUN pip install .\n")),
            ("build tools after the install", "FROM python:3.12\nRUN pip install -r r.txt\nRUN apt-get update && apt-get install -y gcc\n".into()),
            ("a virtualenv already", format!("FROM python:3.12\n{apt}RUN python -m venv /venv\nENV PATH=/venv/bin:$PATH\nRUN pip install -r r.txt\n")),
            ("USER before the install", format!("FROM python:3.12\n{apt}USER app\nRUN pip install -r r.txt\n")),
            ("not the python image", format!("FROM debian:bookworm\n{apt}RUN pip install --break-system-packages -r r.txt\n")),
            ("tools mixed with other commands", "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc && curl -O https://x/y\nRUN pip install -r r.txt\n".into()),
            ("a here-document RUN", format!("FROM python:3.12\n{apt}RUN pip install -r r.txt\nRUN <<EOF\nmake\nEOF\n")),
            ("an exec-form RUN", format!("FROM python:3.12\n{apt}RUN pip install -r r.txt\nRUN [\"make\"]\n")),
            ("uv without a WORKDIR", "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\nCOPY . /app\nRUN uv sync --project /app\n".into()),
            ("uv with its environment elsewhere", format!("FROM python:3.12\n{apt}WORKDIR /app\nENV UV_PROJECT_ENVIRONMENT=/venv\nCOPY . .\nRUN uv sync --locked\n")),
            ("uv and pip mixed", format!("FROM python:3.12\n{apt}WORKDIR /app\nCOPY . .\nRUN uv sync --locked\nRUN pip install -r r.txt\n")),
            ("a RUN that compiles before", format!("FROM python:3.12\n{apt}RUN gcc -o /usr/local/bin/x x.c\nRUN pip install -r r.txt\n")),
            ("curl, which the slim image lacks", format!("FROM python:3.12\n{apt}RUN curl -fsSLo /bin/w https://x/w\nRUN pip install -r r.txt\n")),
            ("a program by its system path", format!("FROM python:3.12\n{apt}RUN pip install -r r.txt\nENTRYPOINT [\"/usr/local/bin/gunicorn\", \"app:app\"]\n")),
            ("uv from pip run in the final stage", "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\nRUN pip install uv\nWORKDIR /srv\nCOPY . .\nRUN uv sync --frozen\nCMD [\"uv\", \"run\", \"main.py\"]\n".into()),
            ("a health check with curl", format!("FROM python:3.12\n{apt}RUN pip install -r r.txt\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n")),
            ("git after the install", format!("FROM python:3.12\n{apt}RUN pip install -r r.txt\nRUN git clone https://x/y /y\n")),
        ] {
            assert_eq!(fixed(&RULE, &source), None, "{why}: {source}");
        }
    }
}

#[cfg(test)]
mod rewrite_tests {
    use crate::analysis::Options;

    /// The rewrite as the fixes make it, before `analyze` withholds an opt-in that makes the cache worse (its
    /// own tests are in `cache_check`): these tests are about the restructuring itself.
    fn rewritten(source: &str, options: &Options) -> String {
        let tree = crate::syntax::parse(source);
        let model = crate::model::Model::new(&tree, options);
        let offers = crate::rules::offers(&crate::rules::run(&model, options));
        let fixes = crate::rules::RuleFixes { options, withheld: &[] };
        crate::rewrite::rewrite(&model, &offers, &fixes).0.text
    }

    /// With every fix opted in, the restructuring goes first (it replaces the stage, so the other fixes wait
    /// a pass and then apply to the new stages), and a second rewrite changes nothing.
    #[test]
    fn the_full_rewrite_restructures_first_and_settles() {
        let options = Options {
            opt_in: vec!["all".into()],
            ..Options::default()
        };
        let source = "FROM python:3.12\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends build-essential libpq-dev curl \\\n && rm -rf /var/lib/apt/lists/*\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]\n";
        let once = rewritten(source, &options);
        let twice = rewritten(&once, &options);
        assert_eq!(once, twice);
        let (builder, last) = once.split_once("\n\nFROM ").expect("two stages");
        assert!(builder.starts_with("FROM python:3.12 AS builder\n"), "{once}");
        assert!(!builder.contains("USER"), "{once}");
        assert!(last.starts_with("python:3.12-slim\n"), "{once}");
        assert!(last.contains("COPY --from=builder /opt/venv /opt/venv\n"), "{once}");
        assert!(last.contains("USER 10001\n"), "{once}");
        assert!(
            !last.contains("build-essential") && last.contains("libpq5 curl"),
            "{once}"
        );
    }

    /// The corpus has no Dockerfile this restructuring applies to, so its properties are checked here: the
    /// result parses, a second rewrite changes nothing, and it has two stages.
    #[test]
    fn restructured_files_parse_and_settle() {
        for only in [vec!["Y019".to_string()], vec!["all".to_string()]] {
            let options = Options {
                opt_in: only,
                ..Options::default()
            };
            for source in [
                "FROM python:3.11-alpine AS app\nRUN apk add --no-cache build-base postgresql-dev\nRUN pip install --no-cache-dir psycopg2==2.9.9\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
                "FROM --platform=linux/amd64 python:3.11-slim-bookworm\nARG APP=/srv\nRUN apt-get update && apt-get install -y gcc default-libmysqlclient-dev pkg-config\nRUN pip install mysqlclient==2.2.4 && pip install -r requirements.txt\nWORKDIR $APP\nCOPY . .\nRUN python manage.py collectstatic --noinput\nUSER 10001\nCMD [\"gunicorn\", \"app:app\"]",
                "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\nRUN pip install uv==0.5.11\nWORKDIR /srv\nCOPY . .\nRUN uv sync --frozen --no-dev\nCMD [\"python\", \"main.py\"]\n",
                "# syntax=docker/dockerfile:1\nFROM python:3.12-bookworm AS builder\nRUN apt-get update && apt-get install -y gcc libffi-dev\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\"]\n",
            ] {
                let once = rewritten(source, &options);
                let tree = crate::syntax::parse(&once);
                assert!(tree.rejected().is_none(), "{once}");
                assert_eq!(crate::model::build_model(&tree).stages.len(), 2, "{once}");
                assert_eq!(rewritten(&once, &options), once, "{source}");
            }
        }
    }
}
