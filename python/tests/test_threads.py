"""The GIL is released in long computations: two threads deconvolve concurrently and agree with one thread."""
import threading

import numpy as np

import iemlab


def test_two_threads_deconvolve_concurrently():
    s = iemlab.Sweep(duration=5.0)
    x = s.samples()
    rng = np.random.default_rng(1)
    recordings = [np.concatenate([g * x, np.zeros(4800)]) + 1e-4 * rng.standard_normal(len(x) + 4800)
                  for g in (0.5, 0.25)]
    plan = iemlab.Deconvolver(s, len(recordings[0]))
    serial = [plan(r) for r in recordings]

    results = [None, None]
    progressed = [[], []]
    counter = [0]
    done = threading.Event()

    def work(k):
        for _ in range(3):
            before = counter[0]
            results[k] = plan(recordings[k])
            progressed[k].append(counter[0] - before)

    def spin():
        # Python code running while the deconvolutions run: possible only when they release the GIL.
        while not done.is_set():
            counter[0] += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    workers = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    done.set()
    spinner.join()
    for k in range(2):
        assert np.array_equal(results[k], serial[k])
        # A call holding the GIL would leave the counter unchanged (up to a switch at its boundaries).
        assert sum(progressed[k]) > 0, progressed
