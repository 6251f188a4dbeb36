"""Coroutines: `async def` makes a coroutine function; calling it only creates a coroutine
object, and `await` runs it to completion, suspending the caller meanwhile."""
import asyncio


async def multiply(a, b):
    print(f"multiplying {a} x {b}")
    await asyncio.sleep(0.5)  # Hands control back to the event loop for half a second.
    return a * b


async def area_of_rooms():
    kitchen = await multiply(3, 4)  # Runs multiply() and waits for its result.
    bedroom = await multiply(4, 5)
    print(f"total area: {kitchen + bedroom}")


if __name__ == "__main__":
    coroutine = area_of_rooms()  # Nothing runs yet: this is just a coroutine object.
    print(type(coroutine).__name__)
    asyncio.run(coroutine)  # Creates an event loop, runs the coroutine, closes the loop.
