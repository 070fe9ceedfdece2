import http.server, six
http.server.HTTPServer(("", 8000), http.server.SimpleHTTPRequestHandler).serve_forever()
