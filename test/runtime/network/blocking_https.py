# Blocking HTTPS from synchronous code and from inside a coroutine (where it holds the event loop), against
# the test's HTTPS server whose certificate the program trusts.
import asyncio
import http.client
import ssl
import sys
import urllib.error
import urllib.request

port, certificates = int(sys.argv[1]), sys.argv[2]
trusting = ssl.create_default_context(cafile=f'{certificates}/cert.pem')

print(urllib.request.urlopen(f'https://localhost:{port}/first?x=1', context=trusting).read())
connection = http.client.HTTPSConnection('localhost', port, context=trusting)
connection.request('GET', '/second')
response = connection.getresponse()
print(response.status, response.read())
connection.close()
try:
    urllib.request.urlopen(f'https://localhost:{port}/', context=ssl.create_default_context())
except urllib.error.URLError as error:
    print('refused:', type(error.reason).__name__, error.reason.verify_message)


async def main():
    ticks = []

    async def ticker():
        while True:
            ticks.append(1)
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    before = len(ticks)
    body = urllib.request.urlopen(f'https://localhost:{port}/in-a-coroutine', context=trusting).read()
    print(body, 'other tasks ran meanwhile:', len(ticks) != before)
    task.cancel()


asyncio.run(main())
