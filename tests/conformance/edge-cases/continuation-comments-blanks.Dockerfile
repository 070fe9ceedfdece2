FROM a
RUN a \
# comment \

   
  # indented comment
  b
