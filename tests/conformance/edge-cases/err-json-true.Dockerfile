FROM a
CMD [true]
