"""Where a page's time goes: `python bench/pages.py PATH...` requests each path in-process, one at
a time, and prints the median total time, the number of queries, their time and the slowest one.

It uses the project's settings (bench/run sets them) and Django's test client, so the figures
leave out the WSGI server and the network, and include the SQL logging the capture needs.
"""

import logging
import statistics
import sys
import time

from generate import setup

REPEAT = 15


def measure(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    totals, sql_times = [], []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            totals.append((time.perf_counter() - started) * 1000)
        queries = captured.captured_queries
        sql_times.append(sum(float(query["time"]) for query in queries) * 1000)
    slowest = max(queries, key=lambda query: float(query["time"]), default=None)
    print(
        f"{path:<28} HTTP {response.status_code}, {len(response.content):>7} bytes, "
        f"{statistics.median(totals):6.1f} ms, {len(queries)} queries "
        f"taking {statistics.median(sql_times):5.1f} ms"
    )
    if slowest is not None:
        sql = " ".join(slowest["sql"].split())
        print(f"  slowest query ({float(slowest['time']) * 1000:.1f} ms): {sql[:300]}")


def main(paths):
    setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a missing page is reported
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for path in paths:
        client.get(path)  # first request: imports, template compilation, connection
        measure(client, path)


if __name__ == "__main__":
    main(sys.argv[1:])
