FROM a
LABEL "a b"=c 'd'="e f"
ARG a="b c" d
ENV a="b\"c" d='e\'
RUN x # not a comment
ENV  spaced   value  with  spaces  
