FROM a
CMD [1e400]
CMD [01]
RUN [ "a",	"b" ]
RUN ["\u00e9\ud83d\ude00"]
RUN ["a"]]
RUN ["a\x"]
RUN ["tab	here"]
CMD ["a", "b",]
