FROM a
RUN a \
  b

ENV X=1 \
    Y=2
RUN <<EOF
body
EOF
