"""ui.serve.coalesce_loop_wakeups: fewer self-pipe writes, and no callback left waiting."""
import asyncio
import random
import threading

from ui.serve import coalesce_loop_wakeups


def test_coalesced_wakeups_lose_no_callback_and_write_less():
    coalesce_loop_wakeups()
    coalesce_loop_wakeups()  # idempotent: not wrapped twice
    loop = asyncio.new_event_loop()
    writes = []
    original_send = loop._csock.send

    class CountingSocket:  # the loop's write end, counting what is written
        def __init__(self, sock):
            self._sock = sock

        def send(self, data):
            writes.append(data)
            return original_send(data)

        def __getattr__(self, name):
            return getattr(self._sock, name)

    loop._csock = CountingSocket(loop._csock)
    runner = threading.Thread(target=loop.run_forever, daemon=True)
    runner.start()
    done = []
    lock = threading.Lock()

    def note(index):
        with lock:
            done.append(index)

    def writer(first):
        rng = random.Random(first)
        for index in range(first, first + 500):
            loop.call_soon_threadsafe(note, index)
            if rng.random() < 0.05:
                threading.Event().wait(rng.random() / 1000)  # let the loop sleep now and then

    threads = [threading.Thread(target=writer, args=(n * 1000,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # A lost wake-up would leave callbacks queued while the loop waits in select.
    finished = threading.Event()
    deadline = threading.Timer(5, finished.set)
    deadline.start()
    while len(done) < 4000 and not finished.is_set():
        finished.wait(0.01)
    deadline.cancel()
    loop.call_soon_threadsafe(loop.stop)
    runner.join(5)
    loop.close()
    assert sorted(done) == sorted(n * 1000 + i for n in range(8) for i in range(500))
    assert 0 < len(writes) < 4000  # one byte per wake-up pending, not one per callback

