import requests, time
time.sleep(3600)
