import asyncio

import helper_module

async def main():
    print(helper_module.greet("loopscope"))
    print(await helper_module.double_later(21))

asyncio.run(main())
