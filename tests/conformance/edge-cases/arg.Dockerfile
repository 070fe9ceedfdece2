ARG A B=2 C="3 4"
ARG
FROM a
ARG D=${A:-x}
