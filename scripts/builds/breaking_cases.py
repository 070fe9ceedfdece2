"""Writes the build-breaking suite, tests/builds/breaking/<case>/ (Dockerfile, Dockerfile.fixed, expect, context
files), from the table below: one place to read every case and its claim. Run it after adding a case, then prove
the case with `cargo xtask breaking` (the real build decides; a claim it refutes is fixed here, not in the test).

Usage: python3 scripts/builds/breaking_cases.py   (rewrites every case folder; leaves existing binary files alone)
"""
import os
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2] / "tests" / "builds" / "breaking")
APP = 'from http.server import HTTPServer, SimpleHTTPRequestHandler\nHTTPServer(("", 8000), SimpleHTTPRequestHandler).serve_forever()\n'
HEALTH_PY = 'HEALTHCHECK --interval=2s --timeout=2s --retries=2 CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/\')"'
cases = {}
def case(name, fails, error, why, broken, fixed, files=None, fixed_by=None):
    """`fixed_by`: the rule whose fix (safe or opt-in) turns `broken` into exactly `fixed`, which the test suite
    checks: the real build of `Dockerfile.fixed` then proves the fix."""
    cases[name] = dict(fails=fails, error=error, why=why, broken=broken, fixed=fixed, files=files or {}, fixed_by=fixed_by)

# ---- C044 program-not-installed
case("curl-on-slim", "build", "C044 2", "python:3.12-slim has no curl",
 "FROM python:3.12-slim\nRUN curl -fsSL https://pypi.org/simple/six/ -o /tmp/six.html\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nRUN curl -fsSL https://pypi.org/simple/six/ -o /tmp/six.html\n")
case("wget-on-slim", "build", "C044 3", "python:3.12-slim has no wget",
 "FROM python:3.12-slim\nWORKDIR /app\nRUN wget -q https://pypi.org/simple/six/ -O six.html\n",
 "FROM python:3.12-slim\nWORKDIR /app\nRUN python -c \"import urllib.request; urllib.request.urlretrieve('https://pypi.org/simple/six/', 'six.html')\"\n")
case("git-on-slim", "build", "C044 4", "python:3.12-slim has no git",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN git config --system --add safe.directory /app\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends git \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY . .\nRUN git config --system --add safe.directory /app\n",
 {"app.py": APP})
case("sudo-on-slim", "build", "C044 2", "python:3.12-slim has no sudo (and builds run as root)",
 "FROM python:3.12-slim\nRUN sudo apt-get update\n",
 "FROM python:3.12-slim\nRUN apt-get update\n")
case("make-on-slim", "build", "C044 4", "python:3.12-slim has no make",
 "FROM python:3.12-slim\nWORKDIR /src\nCOPY Makefile .\nRUN make build\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends make \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /src\nCOPY Makefile .\nRUN make build\n",
 {"Makefile": "build:\n\tpython -c \"print('built')\" > build.txt\n"})
case("unzip-on-slim", "build", "C044 3", "python:3.12-slim has no unzip",
 "FROM python:3.12-slim\nCOPY site.zip /tmp/\nRUN unzip /tmp/site.zip -d /srv && rm /tmp/site.zip\n",
 "FROM python:3.12-slim\nCOPY site.zip /tmp/\nRUN python -m zipfile -e /tmp/site.zip /srv && rm /tmp/site.zip\n",
 {"site.zip": None})
case("jq-on-slim", "build", "C044 4", "python:3.12-slim has no jq",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY package.json .\nRUN jq -r .version package.json > VERSION\n",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY package.json .\nRUN python -c \"import json; print(json.load(open('package.json'))['version'])\" > VERSION\n",
 {"package.json": '{"name": "site", "version": "1.4.2"}\n'})
case("apk-on-debian", "build", "C044 2", "python:3.12-slim is Debian: there is no apk",
 "FROM python:3.12-slim\nRUN apk add --no-cache curl\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n")
case("pip-on-debian", "build", "C044 2", "debian:bookworm-slim has no Python and no pip",
 "FROM debian:bookworm-slim\nRUN pip install six\n",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3-venv \\\n && rm -rf /var/lib/apt/lists/*\nRUN python3 -m venv /opt/venv && /opt/venv/bin/pip install six\n")
case("python-unversioned-on-debian", "build", "C044 5", "Debian's python3 package has no `python` command",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3 \\\n && rm -rf /var/lib/apt/lists/*\nRUN python -c \"print('hello')\"\n",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3 \\\n && rm -rf /var/lib/apt/lists/*\nRUN python3 -c \"print('hello')\"\n")
case("curl-in-same-run-before-install", "build", "C044 2", "curl runs before the apt-get install that brings it",
 "FROM python:3.12-slim\nRUN curl -fsSL https://pypi.org/simple/six/ -o /tmp/six.html \\\n && apt-get update && apt-get install -y --no-install-recommends curl\n",
 "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && curl -fsSL https://pypi.org/simple/six/ -o /tmp/six.html\n")
case("python3-on-debian-start", "start", "C044 4", "the CMD runs python3, which debian:bookworm-slim does not have",
 "FROM debian:bookworm-slim\nWORKDIR /app\nCOPY app.py .\nCMD [\"python3\", \"app.py\"]\n",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3 \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY app.py .\nCMD [\"python3\", \"app.py\"]\n",
 {"app.py": APP})
case("tini-entrypoint-start", "start", "C044 4", "ENTRYPOINT tini, never installed",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"python\", \"app.py\"]\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends tini \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY app.py .\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP})
case("envsubst-cmd-start", "start", "C044 4", "the shell-form CMD starts with envsubst (gettext-base), not installed",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD envsubst < config.tmpl > config.ini && python app.py\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends gettext-base \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY . .\nCMD envsubst < config.tmpl > config.ini && python app.py\n",
 {"app.py": APP, "config.tmpl": "[server]\nport = ${PORT}\n"})
case("healthcheck-curl-on-slim", "health", "C044 5", "the health check runs curl, which python:3.12-slim does not have",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nEXPOSE 8000\nHEALTHCHECK --interval=2s --timeout=2s --retries=2 CMD curl -f http://localhost:8000/ || exit 1\nCMD [\"python\", \"app.py\"]\n",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nEXPOSE 8000\nHEALTHCHECK --interval=2s --timeout=2s --retries=2 CMD python3 -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/', timeout=10)\" || exit 1\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP}, fixed_by="C044")
case("healthcheck-wget-on-slim", "health", "C044 4", "the health check runs wget, which python:3.12-slim does not have",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nHEALTHCHECK --interval=2s --timeout=2s --retries=2 CMD [\"wget\", \"-q\", \"--spider\", \"http://localhost:8000/\"]\nCMD [\"python\", \"app.py\"]\n",
 f"FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\n{HEALTH_PY}\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP})
case("healthcheck-nc-on-slim", "health", "C044 4", "the health check runs nc, which python:3.12-slim does not have",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nHEALTHCHECK --interval=2s --timeout=2s --retries=2 CMD nc -z localhost 8000\nCMD [\"python\", \"app.py\"]\n",
 f"FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\n{HEALTH_PY}\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP})

# ---- P024 apt-install-without-lists
case("apt-install-no-lists-debian", "build", "P024 2", "debian:bookworm-slim ships without package lists",
 "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends ca-certificates\n",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends ca-certificates \\\n && rm -rf /var/lib/apt/lists/*\n")
case("apt-install-no-lists-python", "build", "P024 2", "python:3.12-slim ships without package lists",
 "FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends libpq5\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends libpq5 \\\n && rm -rf /var/lib/apt/lists/*\n")
case("apt-lists-deleted-earlier", "build", "P024 5", "the first RUN deleted the lists the second one needs",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends libpq5 \\\n && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y --no-install-recommends libjpeg62-turbo\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends libpq5 \\\n && rm -rf /var/lib/apt/lists/*\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends libjpeg62-turbo \\\n && rm -rf /var/lib/apt/lists/*\n")

# ---- Y020 pip-externally-managed
case("pep668-pip3-on-debian", "build", "Y020 5", "Debian 12's python3 is externally managed (PEP 668)",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3-pip \\\n && rm -rf /var/lib/apt/lists/*\nRUN pip3 install six\n",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3-venv \\\n && rm -rf /var/lib/apt/lists/*\nRUN python3 -m venv /opt/venv && /opt/venv/bin/pip install six\n")
case("pep668-pip-user-on-debian", "build", "Y020 6", "--user does not escape PEP 668",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3-pip \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nRUN python3 -m pip install --user six\n",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3-pip python3-venv \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nRUN python3 -m venv .venv && .venv/bin/python -m pip install six\n")
case("pep668-requirements-on-debian", "build", "Y020 7", "pip install -r into Debian's python3",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3 python3-pip \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip3 install --no-cache-dir -r requirements.txt\n",
 "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends python3 python3-venv \\\n && rm -rf /var/lib/apt/lists/*\nENV PATH=/opt/venv/bin:$PATH\nWORKDIR /app\nCOPY requirements.txt .\nRUN python3 -m venv /opt/venv && pip install --no-cache-dir -r requirements.txt\n",
 {"requirements.txt": "six==1.16.0\n"})

# ---- C045 user-not-found
case("user-never-created-run", "build", "C045 3", "USER app, and no app in /etc/passwd: the next RUN cannot start",
 "FROM python:3.12-slim\nWORKDIR /app\nUSER app\nRUN python -c \"print('as app')\"\n",
 "FROM python:3.12-slim\nRUN useradd --create-home app\nWORKDIR /app\nUSER app\nRUN python -c \"print('as app')\"\n")
case("user-never-created-start", "start", "C045 4", "the final USER does not exist: the container cannot start",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nUSER appuser\nCMD [\"python\", \"app.py\"]\n",
 "FROM python:3.12-slim\nRUN useradd --no-create-home --shell /usr/sbin/nologin appuser\nWORKDIR /app\nCOPY app.py .\nUSER appuser\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP})
case("user-created-in-other-stage", "build", "C045 5", "the user was created in the builder stage, not in the final one",
 "FROM python:3.12-slim AS builder\nRUN useradd --create-home app\nRUN pip wheel --wheel-dir /wheels six\nFROM python:3.12-slim\nUSER app\nCOPY --from=builder /wheels /wheels\nRUN pip install --user --no-index /wheels/*.whl\n",
 "FROM python:3.12-slim AS builder\nRUN pip wheel --wheel-dir /wheels six\nFROM python:3.12-slim\nRUN useradd --create-home app\nUSER app\nCOPY --from=builder /wheels /wheels\nRUN pip install --user --no-index /wheels/*.whl\n")

# ---- Y021 pip-user-without-home
case("pip-user-without-home", "build", "Y021 4", "useradd without --create-home: pip cannot create ~/.local",
 "FROM python:3.12-slim\nRUN useradd app\nUSER app\nRUN pip install --user six\n",
 "FROM python:3.12-slim\nRUN useradd --create-home app\nUSER app\nRUN pip install --user six\n")
case("pip-as-user-without-home", "build", "Y021 6", "plain pip as a non-root user falls back to a user install, which needs a home",
 "FROM python:3.12-slim\nRUN useradd --system app\nWORKDIR /app\nCOPY requirements.txt .\nUSER app\nRUN pip install -r requirements.txt\n",
 "FROM python:3.12-slim\nRUN useradd --system app\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nUSER app\n",
 {"requirements.txt": "six==1.16.0\n"})

# ---- existing error rules
case("unknown-instruction", "build", "syntax-error 3", "`COPY.` is not an instruction",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY. .\n", "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", {"app.py": APP}, fixed_by="C048")
case("bashism-double-bracket", "build", "C043 3", "dash has no [[",
 "FROM python:3.12-slim\nARG ENV=production\nRUN [[ \"$ENV\" == production ]] && echo prod > /env\n",
 "FROM python:3.12-slim\nARG ENV=production\nRUN [ \"$ENV\" = production ] && echo prod > /env\n")
case("bashism-source", "build", "C043 2", "dash has no source",
 "FROM python:3.12-slim\nRUN python -m venv /venv && source /venv/bin/activate && pip install six\n",
 "FROM python:3.12-slim\nRUN python -m venv /venv && . /venv/bin/activate && pip install six\n", fixed_by="C043")
case("instruction-before-from", "build", "C031 1", "only ARG may come before FROM",
 "RUN echo hello\nFROM python:3.12-slim\n", "FROM python:3.12-slim\nRUN echo hello\n")
case("duplicate-stage-name", "build", "C002 3", "two stages named build",
 "FROM python:3.12-slim AS build\nRUN pip wheel --wheel-dir /w six\nFROM python:3.12-slim AS build\nCOPY --from=build /w /w\n",
 "FROM python:3.12-slim AS build\nRUN pip wheel --wheel-dir /w six\nFROM python:3.12-slim AS final\nCOPY --from=build /w /w\n")
case("copy-from-own-stage", "build", "C025 3", "a stage cannot copy from itself",
 "FROM python:3.12-slim AS app\nRUN pip wheel --wheel-dir /w six\nCOPY --from=app /w /wheels\n",
 "FROM python:3.12-slim AS build\nRUN pip wheel --wheel-dir /w six\nFROM python:3.12-slim AS app\nCOPY --from=build /w /wheels\n")
case("shell-form-on-scratch", "build", "C039 5", "scratch has no /bin/sh for shell form",
 "FROM python:3.12-slim AS build\nRUN echo ok > /built\nFROM scratch\nCOPY --from=build /built /built\nRUN echo done\n",
 "FROM python:3.12-slim AS build\nRUN echo ok > /built && echo done\nFROM scratch\nCOPY --from=build /built /built\n")
case("copy-multiple-sources-file", "start", "C023 2", "several sources onto a missing destination without `/`: Docker 26 makes /app a file",
 "FROM python:3.12-slim\nCOPY app.py settings.py /app\nCMD [\"python\", \"/app/app.py\"]\n",
 "FROM python:3.12-slim\nCOPY app.py settings.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
 {"app.py": APP, "settings.py": "DEBUG = False\n"})
case("expose-port-out-of-range", "build", "C022 3", "ports stop at 65535",
 "FROM python:3.12-slim\nCOPY app.py /app.py\nEXPOSE 80000\nCMD [\"python\", \"/app.py\"]\n",
 "FROM python:3.12-slim\nCOPY app.py /app.py\nEXPOSE 8000\nCMD [\"python\", \"/app.py\"]\n",
 {"app.py": APP})
case("shell-not-json", "build", "C033 2", "SHELL must be a JSON array",
 "FROM python:3.12-slim\nSHELL /bin/bash -c\nRUN echo hi\n",
 "FROM python:3.12-slim\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo hi\n")
case("exec-form-whole-command", "start", "C035 3", "one JSON element holding the whole command names a program with spaces",
 "FROM python:3.12-slim\nCOPY app.py /app/app.py\nCMD [\"python /app/app.py\"]\n",
 "FROM python:3.12-slim\nCOPY app.py /app/app.py\nCMD [\"python\", \"/app/app.py\"]\n",
 {"app.py": APP})
SCRATCH_FILES = "COPY --from=build /lib64/ld-linux-x86-64.so.2 /lib64/\nCOPY --from=build /lib/x86_64-linux-gnu/libc.so.6 /lib/x86_64-linux-gnu/\nCOPY --from=build /bin/sleep /sleep\nCMD [\"/sleep\", \"30\"]\n"
case("scratch-user-name-start", "start", "C040 3", "scratch has no /etc/passwd to look the name up",
 "FROM python:3.12-slim AS build\nFROM scratch\nUSER app\n" + SCRATCH_FILES,
 "FROM python:3.12-slim AS build\nFROM scratch\nUSER 10001:10001\n" + SCRATCH_FILES)
case("copy-from-missing-stage", "build", "C024 4", "no stage is named builder: BuildKit pulls an image of that name",
 "FROM python:3.12-slim AS build\nRUN pip wheel --wheel-dir /wheels six\nFROM python:3.12-slim\nCOPY --from=builder /wheels /wheels\nRUN pip install --no-index /wheels/*.whl\n",
 "FROM python:3.12-slim AS build\nRUN pip wheel --wheel-dir /wheels six\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-index /wheels/*.whl\n")
case("healthcheck-pgrep-on-slim", "health", "C044 4", "the health check runs pgrep (procps), which python:3.12-slim does not have",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nHEALTHCHECK --interval=2s --timeout=2s --retries=2 CMD pgrep -f app.py\nCMD [\"python\", \"app.py\"]\n",
 f"FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\n{HEALTH_PY}\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP})
case("crontab-on-slim", "build", "C044 3", "python:3.12-slim has no cron",
 "FROM python:3.12-slim\nCOPY jobs.cron /etc/jobs.cron\nRUN crontab /etc/jobs.cron\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends cron \\\n && rm -rf /var/lib/apt/lists/*\nCOPY jobs.cron /etc/jobs.cron\nRUN crontab /etc/jobs.cron\n",
 {"jobs.cron": "*/5 * * * * python /app/cleanup.py\n"})
case("locale-gen-on-slim", "build", "C044 2", "python:3.12-slim has no locales package",
 "FROM python:3.12-slim\nRUN echo 'de_DE.UTF-8 UTF-8' >> /etc/locale.gen && locale-gen\nENV LANG=de_DE.UTF-8\n",
 "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends locales \\\n && rm -rf /var/lib/apt/lists/*\nRUN echo 'de_DE.UTF-8 UTF-8' >> /etc/locale.gen && locale-gen\nENV LANG=de_DE.UTF-8\n")
case("invalid-stopsignal", "build", "C041 3", "not a signal",
 "FROM python:3.12-slim\nCOPY app.py /app.py\nSTOPSIGNAL SIGSTOPP\nCMD [\"python\", \"/app.py\"]\n",
 "FROM python:3.12-slim\nCOPY app.py /app.py\nSTOPSIGNAL SIGTERM\nCMD [\"python\", \"/app.py\"]\n",
 {"app.py": APP})

case("copy-ignored-file", "build", "C017 3", ".dockerignore excludes *.md, so README.md is not in the context",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY README.md app.py ./\nCMD [\"python\", \"app.py\"]\n",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py ./\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP, "README.md": "# site\n", ".dockerignore": "*.md\n.git\n"})
case("copy-source-typo", "build", "C046 3", "requirement.txt is not in the context (requirements.txt is)",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirement.txt .\nRUN pip install --no-cache-dir -r requirement.txt\n",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
 {"requirements.txt": "six==1.16.0\n"})
case("copy-glob-matches-nothing", "build", "C046 3", "no wheel was built into the context",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY dist/*.whl /tmp/wheels/\nRUN pip install --no-cache-dir /tmp/wheels/*.whl\n",
 "FROM python:3.12-slim AS build\nWORKDIR /src\nCOPY pyproject.toml app.py ./\nRUN pip wheel --no-deps --wheel-dir /tmp/wheels .\nFROM python:3.12-slim\nCOPY --from=build /tmp/wheels /tmp/wheels\nRUN pip install --no-cache-dir /tmp/wheels/*.whl\n",
 {"app.py": APP, "pyproject.toml": "[project]\nname = \"site\"\nversion = \"1.0\"\n\n[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n\n[tool.setuptools]\npy-modules = [\"app\"]\n"})

case("requirements-before-copy", "build", "C047 3", "pip reads requirements.txt before the COPY that brings it",
 "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP, "requirements.txt": "six==1.16.0\n"})
case("entrypoint-never-copied", "start", "C047 4", "the ENTRYPOINT script was never copied into the image",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nENTRYPOINT [\"./entrypoint.sh\"]\nCMD [\"python\", \"app.py\"]\n",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCOPY --chmod=755 entrypoint.sh .\nENTRYPOINT [\"./entrypoint.sh\"]\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP, "entrypoint.sh": "#!/bin/sh\nset -e\nexec \"$@\"\n"})
case("cmd-script-in-other-dir", "start", "C047 4", "main.py was copied to /app/src, the CMD runs /app/main.py",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY main.py /app/src/\nCMD [\"python\", \"main.py\"]\n",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY main.py /app/src/\nCMD [\"python\", \"src/main.py\"]\n",
 {"main.py": APP})
case("setup-script-before-copy", "build", "C047 3", "the setup script runs before it is copied",
 "FROM python:3.12-slim\nWORKDIR /app\nRUN sh scripts/setup.sh\nCOPY scripts/ scripts/\n",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY scripts/ scripts/\nRUN sh scripts/setup.sh\n",
 {"scripts/setup.sh": "#!/bin/sh\nset -e\nmkdir -p /app/data\n"})

case("bashism-double-equals", "build", "C043 3", "dash's test has no ==",
 "FROM python:3.12-slim\nARG APP_ENV=production\nRUN [ \"$APP_ENV\" == production ] && echo prod > /etc/app-env\n",
 "FROM python:3.12-slim\nARG APP_ENV=production\nRUN [ \"$APP_ENV\" = production ] && echo prod > /etc/app-env\n", fixed_by="C043")
case("bashism-here-string", "build", "C043 2", "dash cannot parse a <<< here-string",
 "FROM python:3.12-slim\nRUN grep -q VERSION_CODENAME <<< \"$(cat /etc/os-release)\"\n",
 "FROM python:3.12-slim\nRUN grep -q VERSION_CODENAME /etc/os-release\n")

case("copy-from-venv-path-mismatch", "build", "C049 5", "the builder made /opt/venv, the final stage copies /venv",
 "FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir six\nFROM python:3.12-slim\nENV PATH=/venv/bin:$PATH\nCOPY --from=builder /venv /venv\n",
 "FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir six\nFROM python:3.12-slim\nENV PATH=/opt/venv/bin:$PATH\nCOPY --from=builder /opt/venv /opt/venv\n")
case("cmd-single-quoted-json", "start", "C034 4", "single quotes are not JSON: the shell runs `[python,` and fails",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ['python', 'app.py']\n",
 "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n",
 {"app.py": APP})

case("apt-python312-on-bookworm", "build", "P025 2", "Debian 12 has python3.11, not python3.12",
 "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3.12 \\\n && rm -rf /var/lib/apt/lists/*\n",
 "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3 \\\n && rm -rf /var/lib/apt/lists/*\n")
case("apt-postgresql-client-16-on-bookworm", "build", "P025 3", "Debian 12 has postgresql-client-15",
 "FROM python:3.12-slim-bookworm\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends postgresql-client-16 \\\n && rm -rf /var/lib/apt/lists/*\n",
 "FROM python:3.12-slim-bookworm\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends postgresql-client \\\n && rm -rf /var/lib/apt/lists/*\n")

import zipfile, io
for name, c in cases.items():
    d=os.path.join(ROOT,name); os.makedirs(d, exist_ok=True)
    open(os.path.join(d,"Dockerfile"),"w").write(c["broken"])
    open(os.path.join(d,"Dockerfile.fixed"),"w").write(c["fixed"])
    rule, line = c["error"].split()
    fixed_by = f"fixed by: {c['fixed_by']}\n" if c["fixed_by"] else ""
    open(os.path.join(d,"expect"),"w").write(f"fails: {c['fails']}\nerror: {rule} line {line}\nwhy: {c['why']}\n{fixed_by}")
    for f, text in c["files"].items():
        p=os.path.join(d,f)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if text is None and f.endswith(".zip"):
            if os.path.exists(p):
                continue  # keep the checked-in archive byte for byte
            buf=io.BytesIO()
            with zipfile.ZipFile(buf,"w") as z:
                z.writestr("index.html","<h1>site</h1>\n")
            open(p,"wb").write(buf.getvalue())
        else:
            open(p,"w").write(text)
print(len(cases))
