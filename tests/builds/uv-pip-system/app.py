import time

print("service ready", flush=True)
time.sleep(3600)
