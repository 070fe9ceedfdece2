# foo=bar
# escape=`
FROM a
RUN a `
 b
