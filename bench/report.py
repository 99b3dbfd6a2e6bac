"""Read wrk's output for each page and print the benchmark's table with ratios and targets.

`python bench/report.py RESULTS` where RESULTS has one tab-separated line per measurement:
cache (on, off, or doc: off and no stored monograph page), page, HTTP status of the check
request, path of wrk's output (empty when the page was not loaded). Of several runs of one page,
the one with the most requests/s counts: on a shared machine it is the one other jobs disturbed
least.
"""

import re
import sys
from pathlib import Path

CEILING = "static monograph"
# (page, cache) -> the smallest ratio to the ceiling the issue asks for.
TARGETS = {("monograph", "on"): 0.8, ("monograph", "off"): 0.2}
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def milliseconds(value):
    """'812.00us' -> 0.812, '1.50ms' -> 1.5, '2.01s' -> 2010.0."""
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", value).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(text):
    """Requests/s, p50 and p99 latency (ms) and error counts from `wrk --latency` output, or
    None when wrk did not measure anything."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    percentiles = dict(re.findall(r"^ +(50|99)(?:\.000)?% +(\S+) *$", text, re.MULTILINE))
    if rps is None or len(percentiles) < 2:
        return None
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    requests = re.search(r"(\d+) requests in", text)
    return {
        "rps": float(rps[1]),
        "p50": milliseconds(percentiles["50"]),
        "p99": milliseconds(percentiles["99"]),
        "requests": int(requests[1]) if requests else 0,
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in socket.groups()) if socket else 0,
    }


def rows(results_path):
    """(cache, page, status, measurement, wrk output) per page, the best of its runs."""
    best = {}
    for line in Path(results_path).read_text().splitlines():
        cache, page, status, output = (line.split("\t") + [""])[:4]
        wrk_output = Path(output).read_text() if output else ""
        measured = parse_wrk(wrk_output)
        kept = best.get((cache, page))
        if kept is None or (measured and (kept[3] is None or measured["rps"] > kept[3]["rps"])):
            best[(cache, page)] = (cache, page, status, measured, wrk_output)
    return list(best.values())


def report(results_path):
    """Print the table; returns how many targets were missed."""
    results = rows(results_path)
    ceilings = {cache: m["rps"] for cache, page, _, m, _ in results if page == CEILING and m}
    header = (
        f"{'page':<17} {'cache':<5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}  target"
    )
    print(header)
    print("-" * len(header))
    missed, notes = 0, []
    for cache, page, status, measured, wrk_output in results:
        if measured is None:
            if status != "200":
                failure = "missing (404)" if status == "404" else f"not loaded (HTTP {status})"
            else:
                failure = "wrk measured nothing: " + " ".join(wrk_output.split())[-60:]
            print(f"{page:<17} {cache:<5} {failure}")
            continue
        ceiling = ceilings.get(cache)
        ratio = measured["rps"] / ceiling if ceiling else float("nan")
        errors = measured["non_2xx"] + measured["socket_errors"]
        target = TARGETS.get((page, cache))
        verdict = "(ceiling)" if page == CEILING else ""
        if target is not None:
            passed = ratio >= target and not errors
            missed += not passed
            verdict = f">= {target:.1f} {'PASS' if passed else 'MISS'}"
        if errors:
            verdict += " (errors, see below)"
        print(
            f"{page:<17} {cache:<5} {measured['rps']:>9.1f} {measured['p50']:>8.2f} "
            f"{measured['p99']:>8.2f} {ratio:>6.3f}  {verdict}"
        )
        if errors:
            notes.append(
                f"! {page} (cache {cache}): {measured['non_2xx']} non-2xx/3xx responses and "
                f"{measured['socket_errors']} socket errors in {measured['requests']} requests"
            )
    if any(cache == "doc" for cache, *_ in results):
        print("doc: page cache off and no stored page: rendered from the document on each request")
    for note in notes:
        print(note)
    return missed


if __name__ == "__main__":
    report(sys.argv[1])
