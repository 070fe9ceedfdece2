FROM a
COPY --from="a b" x y
RUN --mount=type=bind,source=\"x\" y
COPY "--chown=1" a b
COPY --chmod=\"7\" a b
RUN --a='' --b="" x
