FROM a
COPY [1, "a"]
