FROM a
RUN a \   
  b \	
  c
RUN d \\
RUN e
