# A program that runs many user lines (bench and step-back tests).
import sys


def work(limit):
    total = 0
    for i in range(limit):
        total += i  # @body
    return total  # @return


print(work(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))  # @print
