FROM --platform=linux/amd64 a
COPY --chown="a b" --chmod='755' --link -- --x y
RUN --mount=type=cache,target=/c --network=none --security=insecure x
RUN --foo
COPY --from=a\ b c d
ADD --keep-git-dir=true --checksum=sha256:abc https://x /y
RUN -x y
RUN --=x y
