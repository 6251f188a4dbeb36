"""A deadlock: each task waits for something only the other would provide. Under python3 this
program hangs forever; `loopscope run` stops it and lists who waits on what."""
import asyncio


async def cook(ingredients_ready, meal_ready):
    await ingredients_ready.wait()  # Waits for the shopper...
    meal_ready.set()


async def shopper(ingredients_ready, meal_ready):
    await meal_ready.wait()  # ...who waits for the meal: nobody moves.
    ingredients_ready.set()


async def main():
    ingredients_ready, meal_ready = asyncio.Event(), asyncio.Event()
    async with asyncio.TaskGroup() as group:
        group.create_task(cook(ingredients_ready, meal_ready), name="cook")
        group.create_task(shopper(ingredients_ready, meal_ready), name="shopper")


if __name__ == "__main__":
    asyncio.run(main())
