FROM a
# last