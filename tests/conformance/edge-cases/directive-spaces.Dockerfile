  #   escape =   `  
#syntax=x
FROM a
RUN a `
 b
