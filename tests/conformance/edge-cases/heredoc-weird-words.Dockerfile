FROM a
RUN <<EOF>/out
x
EOF>/out
RUN <<"" x
RUN <<${X} y
z
${X}
RUN <<EOF"
RUN <<-
RUN <<'EO F'
q
EO F
