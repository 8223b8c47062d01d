"""Work in processes forked from this one: they start with what it has loaded (the
content, the templates) instead of receiving it, and send their results back pickled.
Where processes cannot be forked (Windows), the work is done here, one item after
another."""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    """Whether this system starts a process as a copy of this one (not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def in_forked_process(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in a process forked from this one, which gives its memory back to
    the system when it ends (Python keeps what it freed), its result sent back pickled;
    here where processes cannot be forked."""
    if not can_fork():
        return work(*args)
    try:
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            return pool.submit(work, *args).result()
    except concurrent.futures.BrokenExecutor:  # killed, or died without a word
        raise SystemExit("the check and render stopped before their end") from None


# The work of in_processes, for the processes it forks (a closure cannot be sent to them;
# a process forked from this one has it already).
_work: Callable[[Any], Any] | None = None


def _run_work(item: Any) -> Any:
    assert _work is not None  # set by in_processes before the processes start
    return _work(item)


def in_processes(work: Callable[[T], R], items: Sequence[T], jobs: int, chunk: int = 1) -> list[R]:
    """`work(item)` of each item (small: a name, a number), in the items' order, in up
    to `jobs` processes forked from this one, `chunk` items at a time; here, one after
    another, where processes cannot be forked."""
    if not can_fork() or jobs < 2 or len(items) < 2:
        return [work(item) for item in items]
    global _work
    _work = work
    # The objects loaded so far are left out of the garbage collector's rounds: a round
    # in a forked process writes into every object it visits, and the memory pages it
    # shared with this process became its own (at 40,000 pages, 0.7 GB a process).
    gc.freeze()
    try:
        with concurrent.futures.ProcessPoolExecutor(
            min(jobs, len(items)), mp_context=multiprocessing.get_context("fork")
        ) as pool:
            return list(pool.map(_run_work, items, chunksize=chunk))
    finally:
        gc.unfreeze()
        _work = None
