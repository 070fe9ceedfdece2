FROM a
RUN <<A <<B <<C cat
1
A
2
B
3
C
