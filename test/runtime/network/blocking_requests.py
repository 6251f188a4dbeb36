# requests (urllib3 under it) from the environment, in plain synchronous code, against the test's HTTPS
# server: it must take urllib3's socket path, as on the host, not Pyodide's browser-fetch one.
import sys

import requests

port, certificates = int(sys.argv[1]), sys.argv[2]
response = requests.get(f'https://localhost:{port}/from-requests', params={'q': 'x'}, verify=f'{certificates}/cert.pem')
print(response.status_code, response.text)
try:
    requests.get(f'https://localhost:{port}/', timeout=5)
except requests.exceptions.SSLError:
    print('untrusted certificate refused')
try:
    requests.get('http://127.0.0.1:1/', timeout=5)
except requests.exceptions.ConnectionError:
    print('refused connection')
