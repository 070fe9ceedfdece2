# escape=`
FROM a
ENV a=b`c d=e``f g=`"h`"
LABEL x="a`"b"
ARG y=1`
