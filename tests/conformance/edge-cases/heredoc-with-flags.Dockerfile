FROM a
RUN --mount=type=cache,target=/c <<EOF
x
EOF
COPY --chmod=755 <<-EOF /x
	y
	EOF
