use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::basename;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "S013",
    name: "service-without-healthcheck",
    category: Category::Security,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &["DS-0026"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A service image (it exposes a port or runs a server) has no HEALTHCHECK.",
        why: "Without a health check Docker only knows whether the process exists, not whether it answers: a \
              deadlocked or misconfigured server keeps receiving traffic and is never restarted. A \
              `HEALTHCHECK` lets Docker, Compose and Swarm mark it unhealthy. Kubernetes ignores it and uses \
              its own probes, so this is advice, and the base image may define one already.",
        bad: "FROM python:3.12-slim\nEXPOSE 8000\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n",
        good: "FROM python:3.12-slim\nEXPOSE 8000\n\
               HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"]\n\
               CMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n",
        source: "Dockerfile reference, \"HEALTHCHECK\"; Trivy DS026 (AVD-DS-0026).",
    },
    check,
};

const SERVERS: &[&str] = &[
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "granian",
    "waitress-serve",
    "uwsgi",
    "nginx",
    "httpd",
    "apache2",
    "caddy",
    "flask",
    "streamlit",
    "fastapi",
    "php-fpm",
    "puma",
    "rails",
    "redis-server",
    "postgres",
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(stage) = model.final_stage() else { return };
    let instructions = model.chain_instructions(stage);
    if instructions.iter().any(|(_, i)| i.keyword == Keyword::Healthcheck) {
        return;
    }
    let exposes = instructions.iter().any(|(_, i)| i.keyword == Keyword::Expose);
    let server = model.final_command().and_then(|(_, words)| {
        words
            .iter()
            .map(|w| basename(w))
            .find(|w| SERVERS.contains(w) || matches!(*w, "runserver" | "manage.py"))
            .map(str::to_string)
    });
    if !exposes && server.is_none() {
        return;
    }
    let Some(from) = model.instructions.get(stage.from) else {
        return;
    };
    let what = match server {
        Some(s) => format!("runs `{s}`"),
        None => "exposes a port".to_string(),
    };
    hits.push(Hit::new(
        model.span(from.span.start..from.span.end),
        format!("the final image {what} but has no `HEALTHCHECK`"),
    ));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_services() {
        assert_eq!(
            check(&RULE, "FROM python:3.12\nEXPOSE 80\n"),
            ["the final image exposes a port but has no `HEALTHCHECK`"]
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12\nCMD [\"uvicorn\", \"app:app\"]\n"),
            ["the final image runs `uvicorn` but has no `HEALTHCHECK`"]
        );
    }

    #[test]
    fn quiet_with_healthcheck_or_no_service() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nEXPOSE 80\nHEALTHCHECK CMD curl -f http://localhost/\n",
                "FROM python:3.12 AS b\nHEALTHCHECK NONE\nFROM b\nEXPOSE 80\n",
                "FROM python:3.12\nCMD [\"python3\"]\n",
                "FROM python:3.12 AS b\nEXPOSE 80\nFROM python:3.12\nCMD [\"python\", \"job.py\"]\n",
            ],
        );
    }

    /// The uv Docker example's `CMD uv run fastapi dev ...` and awesome-compose's `npm run dev` images run a
    /// development server for a local compose setup: no orchestrator waits on their health.
    #[test]
    fn quiet_for_development_servers() {
        assert_quiet(&RULE, &[
            "FROM python:3.12-slim\nCOPY . /app\nCMD [\"uv\", \"run\", \"fastapi\", \"dev\", \"--host\", \"0.0.0.0\", \"src/app\"]\n",
            "FROM node:22\nCOPY . .\nCMD [\"npm\", \"run\", \"dev\"]\n",
        ]);
        assert_eq!(check(&RULE, "FROM python:3.12-slim\nCOPY . /app\nCMD [\"uv\", \"run\", \"fastapi\", \"run\", \"src/app\"]\n").len(), 1);
    }
}
