FROM a
RUN  x
COPY  a b
RUN　x
