\
FROM a
\
\
RUN b
