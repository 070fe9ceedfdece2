FROM aRUN b
RUN c
RUN d 
