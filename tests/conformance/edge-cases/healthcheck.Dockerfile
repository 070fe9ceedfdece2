FROM a
HEALTHCHECK NONE
HEALTHCHECK --interval=5s --timeout=3s CMD curl -f http://x/ || exit 1
HEALTHCHECK CMD ["a", "b"]
HEALTHCHECK
HEALTHCHECK	CMD	  x
