  # escape = `
FROM a
RUN b `
 c
