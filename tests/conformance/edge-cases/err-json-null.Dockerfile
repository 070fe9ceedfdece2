FROM a
RUN ["a", null]
