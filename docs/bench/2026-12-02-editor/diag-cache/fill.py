#!/usr/bin/env python3
"""Sequential passes over the W1..W4 targets on one keep-alive connection; server CPU per request
from /proc/PID/stat (utime+stime) and client-side latency. Usage: fill.py PORT PID PASS..."""
import http.client, os, sys, time, statistics
port, pid, passes = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
HOSTS = "/work/shared/peers/bench/hosts"
TICK = os.sysconf("SC_CLK_TCK")
def targets(name, path):
    for line in open(os.path.join(HOSTS, name)):
        h, *p = line.split()
        yield h, (p[0] if p else path)
W = {"W1": ("subdomain.txt", "/shop/products"), "W2": ("custom-domain.txt", "/shop/products"),
     "W3": ("path-prefix.txt", None), "W4": ("subdomain.txt", "/api/v1/products")}
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TICK
def rss():
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS"): return l.split()[1] + " kB"
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
for p in passes:
    lst, path = W[p]
    lat, c0, t0 = [], cpu(), time.time()
    for h, pa in targets(lst, path):
        s = time.perf_counter(); c.request("GET", pa, headers={"Host": h}); r = c.getresponse(); r.read()
        lat.append((time.perf_counter() - s) * 1000); assert r.status == 200, (h, pa, r.status)
    n, dc = len(lat), cpu() - c0
    lat.sort()
    print(f"{p}: {n} requests, server CPU {dc*1e6/n:,.0f} us/req, latency mean {statistics.mean(lat):.2f} ms "
          f"p50 {lat[n//2]:.2f} p99 {lat[int(n*.99)]:.2f} max {lat[-1]:.2f}, wall {time.time()-t0:.1f}s, rss {rss()}", flush=True)
