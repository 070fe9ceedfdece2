import six, time
time.sleep(60)
