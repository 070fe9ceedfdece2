# escape=`
FROM windows
RUN dir c:\ `
  && echo hi
RUN a ``
RUN b
