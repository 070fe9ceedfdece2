FROM a
RUN ["a", "b"]
RUN [ "a" , "b\"c" ] trailing
RUN ['a']
CMD ["a" "b"]
ENTRYPOINT ["\u00e9\/x", "\n"]
SHELL ["/bin/sh", "-c"]
COPY ["a b", "/c"]
VOLUME ["/a", "/b"]
VOLUME /a /b
CMD []
RUN ["unterminated"
ADD ["a","b"] c
CMD ["a"]x
CMD ["a",]
CMD {"a": 1}
