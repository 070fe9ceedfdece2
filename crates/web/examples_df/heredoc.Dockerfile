# syntax=docker/dockerfile:1
# BuildKit heredocs: a multi-line script and an inline config file.
FROM debian:bookworm-slim
ARG APP_USER=app

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv
rm -rf /var/lib/apt/lists/*
EOF

COPY <<-'CONF' /etc/app/config.ini
	[server]
	user = ${APP_USER}
CONF

USER ${APP_USER}
CMD ["python3", "-m", "http.server"]
