FROM a
RUN	abc
EXPOSE 12
   RUN   indented   
		CMD x
