FROM a
RUN <<EOF
echo hi
EOF
RUN python3 <<PY
print(1)
PY
COPY <<a <<b /dst/
A
a
B
b
RUN <<-EOF
	echo tab
	EOF
RUN <<'EOF' cat
$X
EOF
RUN 3<<"EOF" x
q
EOF
RUN cat<<EOF
RUN echo "<<EOF"
RUN ["a"] <<EOF
RUN <<EOF \
  && echo more
body
EOF
ADD <<EOF /x
EOF
RUN <<E"O"F
z
EOF
RUN <<EOF
last
EOF