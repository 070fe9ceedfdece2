FROM a
ENV A B C
ENV A=1 B="2 3" C='4 5' D=6\ 7
ENV E=
ENV F="" G\=H=i
LABEL a=b "c d"=e
LABEL legacy value with spaces
ENV X=a\
  Y=b
env
LABEL
