#!/usr/bin/env python3
"""Where an uncached page's CPU goes, from `perf script -F comm,tid,ip,sym` of a build with
frame pointers: the share of samples in each part of a request, and the functions under a
given frame. Usage: breakdown.py SCRIPT.txt [FRAME-SUBSTRING]"""
import collections
import sys


def samples(path):
    out, cur = [], None
    for line in open(path, errors="replace"):
        if not line.strip():
            if cur is not None:
                out.append(cur)
            cur = None
        elif not line[0].isspace():
            cur = (line.split()[0], [])
        elif cur is not None:
            parts = line.strip().split(" ", 1)
            cur[1].append(parts[1] if len(parts) > 1 else "?")
    if cur is not None:
        out.append(cur)
    return out


PARTS = [
    ("SQLite worker threads (sqlx-sqlite)", lambda comm, st: comm.startswith("sqlx-sqlite")),
    ("the product query on tokio (db::products::list)", lambda comm, st: any("db::products::list" in f for f in st)),
    ("rendering the app (async_stream_builder)", lambda comm, st: any("async_stream_builder" in f for f in st)),
    ("the shell, contexts, meta tags (leptos_axum)", lambda comm, st: any("handle_response_inner" in f for f in st)),
    ("middleware: tenancy, policy, headers", lambda comm, st: any("security_headers::ResponseFuture" in f for f in st)),
]

all_samples = samples(sys.argv[1])
n = len(all_samples)
counts = collections.Counter()
for comm, stack in all_samples:
    counts[next((name for name, test in PARTS if test(comm, stack)), "other: hyper I/O, tokio, sqlx pool")] += 1
print(f"{n} samples")
for name, c in counts.most_common():
    print(f"{100 * c / n:5.1f}%  {name}")
if len(sys.argv) > 2:
    frame, leaves = sys.argv[2], collections.Counter()
    for comm, stack in all_samples:
        if any(frame in f for f in stack):
            leaves[stack[0][:120] if stack else "?"] += 1
    print(f"\nleaf functions under {frame}:")
    for name, c in leaves.most_common(25):
        print(f"{100 * c / n:5.1f}%  {name}")
