FROM a
RUN <<EOF cat <<E2
x
EOF
y
E2
RUN b
