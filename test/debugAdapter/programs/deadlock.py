# Debug-adapter test program: two tasks each wait for an event only the other would set. Tests find lines by
# their "# @name" markers.
import asyncio


async def cook(ingredients, meal):
    await ingredients.wait()  # @cook-wait
    meal.set()
    return 'cooked'


async def shopper(ingredients, meal):
    await meal.wait()  # @shopper-wait
    ingredients.set()
    return 'shopped'


async def main():
    ingredients, meal = asyncio.Event(), asyncio.Event()
    async with asyncio.TaskGroup() as group:
        cooking = group.create_task(cook(ingredients, meal), name='cook')
        shopping = group.create_task(shopper(ingredients, meal), name='shopper')
    print('done', cooking.result(), shopping.result())


asyncio.run(main())
