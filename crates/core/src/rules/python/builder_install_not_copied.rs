use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::{is_python, stage_label, under, venv_created};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{PipAction, PipInvocation, Program};
use crate::syntax::instructions::View;
use crate::model::{Base, DependencyKind, Target};

pub static RULE: Rule = Rule {
    code: "Y010",
    name: "builder-install-not-copied",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A builder stage installs the dependencies, but nothing copies the directory they went to.",
        why: "In a multi-stage build only what is copied with `COPY --from` reaches the final image. When the \
              builder installs into a virtualenv, a `--prefix`/`--target` directory, `~/.local` or the system \
              site-packages and the final stage copies some other path, the install is wasted build time \
              and the application starts without its dependencies (`ModuleNotFoundError`). Copy the \
              directory the packages were installed into.",
        bad: "FROM python:3.12-slim AS build\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt\n\
              FROM python:3.12-slim\nCOPY --from=build /app /app\n",
        good: "FROM python:3.12-slim AS build\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt\n\
               FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n",
        source: "Docker docs, \"Multi-stage builds\"; Python Packaging User Guide, \"Installing packages\".",
    },
    check,
};

/// Commands that build an artifact to copy, or test and lint in place: an install in such a stage may be
/// build or test tooling rather than the application's dependencies.
fn builds_artifact(command: &crate::shell::Command) -> bool {
    let args = command.args();
    let first = args.first().map(|a| a.value.as_str());
    match command.name() {
        "poetry" | "uv" | "pdm" | "hatch" => matches!(first, Some("build" | "export")),
        "pyinstaller" | "nuitka" | "nuitka3" | "pex" | "shiv" | "cython" | "maturin" => true,
        // A test or lint stage uses its packages in place.
        "pytest" | "tox" | "nox" | "mypy" | "ruff" | "flake8" | "pylint" | "coverage" | "black" | "bandit" => true,
        name if is_python(name) => args.iter().any(|a| {
            matches!(
                a.value.as_str(),
                "build" | "bdist_wheel" | "nuitka" | "PyInstaller" | "pytest" | "unittest" | "mypy" | "tox"
            )
        }),
        _ => matches!(&command.program, Program::Pip(p) if p.action == PipAction::Wheel),
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(last) = model.final_stage() else { return };
    let final_chain: Vec<usize> = model.stage_chain(last).iter().map(|s| s.index).collect();
    for builder in &model.build.stages {
        if final_chain.contains(&builder.index) {
            continue;
        }
        // Paths any stage takes from the builder (or its descendants built FROM it: then skip).
        let mut taken: Vec<String> = Vec::new();
        let mut used = false;
        for stage in &model.build.stages {
            if matches!(stage.base, Base::Stage { index } if index == builder.index) {
                taken.push("/".into());
            }
            for dependency in &stage.dependencies {
                if dependency.target != Target::Stage(builder.index) {
                    continue;
                }
                used = true;
                let instruction = model.instructions.get(dependency.instruction);
                match (dependency.kind, instruction.map(|i| i.view())) {
                    (DependencyKind::CopyFrom, Some(View::Copy(copy) | View::Add(copy))) => {
                        taken.extend(
                            copy.sources
                                .iter()
                                .map(|s| model.expand_at(dependency.instruction, &s.value)),
                        );
                    }
                    (DependencyKind::MountFrom, Some(View::Run(run))) => {
                        for mount in &run.mounts {
                            taken.push(mount.source.clone().unwrap_or_else(|| "/".into()));
                        }
                    }
                    _ => taken.push("/".into()),
                }
            }
        }
        if !used
            || taken
                .iter()
                .any(|t| t.contains('$') || t.contains('*') || !t.starts_with('/'))
        {
            continue;
        }
        let mut installs = Vec::new();
        let mut venv: Option<String> = None;
        let mut workdir = String::from("/");
        let mut artifact = false;
        for (index, _) in model.chain_instructions(builder) {
            if let View::Workdir(Some(word)) = model.view(index) {
                let dir = model.expand_at(index, &word.value);
                workdir = if dir.starts_with('/') {
                    dir
                } else {
                    format!("{}/{dir}", workdir.trim_end_matches('/'))
                };
            }
            let path = model.var_at(index, "PATH").unwrap_or_default();
            for script in model.scripts(index) {
                for command in script.commands() {
                    artifact |= builds_artifact(command);
                    if let Some(word) = venv_created(command) {
                        let dir = model.expand_at(index, &word.value);
                        venv = Some(if dir.starts_with('/') {
                            dir
                        } else {
                            format!("{}/{dir}", workdir.trim_end_matches('/'))
                        });
                        continue;
                    }
                    let dir = match &command.program {
                        Program::Pip(pip) if pip.action == PipAction::Install => {
                            let project = pip.packages.iter().any(|p| p.local) || !pip.requirements.is_empty();
                            if !project && !pip.args.has(&["--target", "-t", "--prefix", "--root", "--user"]) {
                                continue;
                            }
                            let explicit = pip
                                .args
                                .value(&["--target", "-t", "--prefix", "--root"])
                                .map(str::to_string);
                            let program = command
                                .program_word()
                                .map(|w| model.expand_at(index, &w.value))
                                .unwrap_or_default();
                            if let Some(dir) = explicit {
                                Some(dir)
                            } else if pip.user {
                                Some("/root/.local".to_string())
                            } else if let Some(bin) =
                                program.rsplit_once('/').and_then(|(dir, _)| dir.strip_suffix("/bin"))
                            {
                                Some(bin.to_string())
                            } else if pip.invocation == PipInvocation::Uv {
                                None
                            } else if let Some(v) = venv.as_ref().filter(|v| path.split(':').any(|p| under(p, v))) {
                                Some(v.clone())
                            } else {
                                Some("/usr/local/lib".to_string())
                            }
                        }
                        Program::Uv(uv) if uv.subcommand.as_ref().is_some_and(|s| s.name == "sync") => Some(
                            model
                                .var_at(index, "UV_PROJECT_ENVIRONMENT")
                                .unwrap_or_else(|| format!("{}/.venv", workdir.trim_end_matches('/'))),
                        ),
                        _ => continue,
                    };
                    let Some(dir) = dir.filter(|d| d.starts_with('/') && !d.contains('$')) else {
                        continue;
                    };
                    let Some(span) = command.program_word().map(|w| w.span.clone()) else {
                        continue;
                    };
                    installs.push((dir, span));
                }
            }
        }
        if artifact || installs.is_empty() {
            continue;
        }
        let copied = |dir: &str| taken.iter().any(|t| under(dir, t) || under(t, dir));
        if installs.iter().any(|(dir, _)| copied(dir)) {
            continue;
        }
        let (dir, span) = &installs[0];
        hits.push(Hit::new(
            model.span(span.clone()),
            format!(
                "packages installed into `{dir}` in stage `{}` are never copied out: later stages take only {}",
                stage_label(builder),
                taken.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_when_the_install_dir_is_not_copied() {
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS b\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install -r r.txt\nFROM python:3.12\nCOPY --from=b /app /app\n"),
            ["packages installed into `/opt/venv` in stage `b` are never copied out: later stages take only `/app`"]
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS b\nWORKDIR /app\nRUN uv sync --locked\nFROM python:3.12\nCOPY --from=b /app/src /app/src\n").len(),
            1
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS b\nRUN pip install --prefix=/install -r r.txt\nFROM python:3.12\nCOPY --from=b /app /app\n").len(),
            1
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS b\nRUN pip install --user -r r.txt\nFROM python:3.12\nCOPY --from=b /usr/local /usr/local\n").len(),
            1
        );
    }

    #[test]
    fn quiet_when_copied_mounted_or_building_artifacts() {
        assert_quiet(&RULE, &[
            "FROM python:3.12 AS b\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install -r r.txt\nFROM python:3.12\nCOPY --from=b /opt/venv /opt/venv\n",
            "FROM python:3.12 AS b\nWORKDIR /app\nRUN uv sync --locked\nFROM python:3.12\nCOPY --from=b /app /app\n",
            "FROM python:3.12 AS b\nRUN pip install --prefix=/install -r r.txt\nFROM python:3.12\nCOPY --from=b /install /usr/local\n",
            "FROM python:3.12 AS b\nRUN pip install -r r.txt\nFROM python:3.12\nCOPY --from=b /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages\n",
            "FROM python:3.12 AS b\nRUN pip install -r r.txt && python -m build\nFROM python:3.12\nCOPY --from=b /app/dist /dist\n",
            "FROM python:3.12 AS b\nRUN pip wheel -r r.txt -w /wheels\nFROM python:3.12\nRUN --mount=from=b,source=/wheels,target=/w pip install /w/*.whl\n",
            "FROM python:3.12 AS b\nRUN pip install -r r.txt\nFROM b\n",
            "FROM python:3.12 AS b\nRUN pip install -r r.txt\nFROM python:3.12\nCOPY . .\n",
            "FROM python:3.12 AS b\nRUN pip install poetry\nFROM python:3.12\nCOPY --from=b /app /app\n",
            "FROM python:3.12 AS test\nRUN pip install -r dev.txt && pytest --junitxml=/r.xml\nFROM python:3.12\nCOPY --from=test /r.xml /r.xml\n",
        ]);
    }
}
