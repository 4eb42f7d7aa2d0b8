"""Time small functions as timeit does, and print them as a table against tlsspec and a floor.

The key-derivation benchmarks compare three kinds of candidate: tlsspec, peer libraries, and
floors. A floor computes the HMACs that the operation needs with nothing around them:
straight-line code for one hash, no argument checks, constant labels built once.
"""

from __future__ import annotations

import dataclasses
import ssl
import timeit
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from typing import Literal

from cryptography.hazmat.backends.openssl import backend

Role = Literal["tlsspec", "peer", "floor"]


@dataclass(frozen=True)
class Candidate:
    """One implementation of the operation that a table times.

    `name` is the library, or "floor". `call` is what the row calls. `role` decides the
    ratios: each "peer" row is divided by each "tlsspec" row, and each "tlsspec" row by the
    fastest "floor" row. `outputs`, when set, runs the operation untimed and returns its
    values in the expected order, for a `function` that returns them in another.
    """

    name: str
    call: str
    function: Callable[[], object]
    hmacs: int
    role: Role
    outputs: Callable[[], object] | None = None


def flatten(result: object) -> Iterator[bytes]:
    """Yield the byte strings of a result: bytes, tuples of them, and dataclass records."""
    if isinstance(result, bytes | bytearray | memoryview):
        yield bytes(result)
    elif isinstance(result, tuple | list):
        for item in result:
            yield from flatten(item)
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        for field in dataclasses.fields(result):
            yield from flatten(getattr(result, field.name))
    else:
        raise TypeError(f"cannot compare a result of type {type(result).__name__}")


def check_outputs(candidates: list[Candidate], expected: list[bytes]) -> None:
    """Raise AssertionError unless every candidate returns the expected byte strings."""
    for candidate in candidates:
        got = list(flatten((candidate.outputs or candidate.function)()))
        if got != expected:
            raise AssertionError(
                f"{candidate.name} returned {len(got)} values that differ from the"
                f" {len(expected)} expected ones; no timing is meaningful until they agree"
            )


def best_times(candidates: list[Candidate], repeats: int) -> list[float]:
    """Return each candidate's best time per call, in seconds, over interleaved rounds.

    As the timeit command does, each candidate runs in a loop long enough to take at least
    0.2 s (the count that Timer.autorange picks), with the garbage collector off during the
    loop. Each round times every candidate once, so a slow moment of the machine hits them
    all alike; the best round is the least disturbed one.
    """
    timers = [timeit.Timer(candidate.function) for candidate in candidates]
    loops = [timer.autorange()[0] for timer in timers]
    best = [float("inf")] * len(candidates)
    for _ in range(repeats):
        for index, timer in enumerate(timers):
            best[index] = min(best[index], timer.timeit(loops[index]) / loops[index])
    return best


def report_table(title: str, unit: str, candidates: list[Candidate], repeats: int) -> str:
    """Time the candidates and return Markdown tables of the times and the ratios.

    `unit` names one call, as in "µs per key block". The last column divides each time by
    the first tlsspec row's. The ratios divide each peer's time by each tlsspec row's, each
    tlsspec row's time by the fastest floor's, and each peer's time by the fastest floor's.
    """
    times = best_times(candidates, repeats)
    ours = [i for i, candidate in enumerate(candidates) if candidate.role == "tlsspec"]
    peers = [i for i, candidate in enumerate(candidates) if candidate.role == "peer"]
    floors = [i for i, candidate in enumerate(candidates) if candidate.role == "floor"]
    floor = min(floors, key=lambda i: times[i])

    lines = [
        f"{title}: best of {repeats} interleaved rounds, each a loop of at least 0.2 s."
        f" hashlib and hmac on {ssl.OPENSSL_VERSION}; pyca/cryptography"
        f" {version('cryptography')} on {backend.openssl_version_text()}.",
        "",
        f"| implementation | call | HMACs | {unit} | / tlsspec's |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for candidate, seconds in zip(candidates, times, strict=True):
        lines.append(
            f"| {candidate.name} | {candidate.call} | {candidate.hmacs}"
            f" | {seconds * 1e6:.2f} | {seconds / times[ours[0]]:.2f} |"
        )

    floor_name = f"floor ({candidates[floor].call})"
    lines += ["", "| ratio | value |", "| --- | ---: |"]
    for our in ours:
        for peer in peers:
            ratio = times[peer] / times[our]
            lines.append(f"| {candidates[peer].name} / {candidates[our].name} | {ratio:.2f} |")
        lines.append(f"| {candidates[our].name} / {floor_name} | {times[our] / times[floor]:.2f} |")
    # A peer's time over the floor's: the speed-up on that peer of an implementation that
    # reached the floor.
    for peer in peers:
        lines.append(
            f"| {candidates[peer].name} / {floor_name} | {times[peer] / times[floor]:.2f} |"
        )
    return "\n".join(lines)
