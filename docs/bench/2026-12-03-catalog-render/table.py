#!/usr/bin/env python3
"""The W1-W6 table of docs/PERFORMANCE.md from compare.sh output: table.py OUT-DIR.
CPU per request = the server process share of both CPUs over the measured window / requests."""
import json,sys
d=sys.argv[1]
L=lambda n: json.load(open(f"{d}/r1-{n}.json"))["workloads"]
f,fl,b,bn,a,an=[L(n) for n in ["fastapi","floor","arcade-before","arcade-before-nocache","arcade","arcade-nocache"]]
def cpu(w): return w["cpu"]["server_pct"]/100*2*w["seconds"]*1e6/w["requests"]
print("| workload | fastapi req/s | before, cache off | after, cache off | after ÷ before | after × fastapi | CPU µs/req before → after | fastapi CPU µs/req | floor req/s, CPU µs/req | before, cache on | after, cache on | p99 ms before → after, cache off |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for k in ["W1","W2","W3","W4","W5","W6"]:
    print(f"| {k} | {f[k]['rps']:,.0f} | {bn[k]['rps']:,.0f} | {an[k]['rps']:,.0f} | {an[k]['rps']/bn[k]['rps']:.2f}× | {an[k]['rps']/f[k]['rps']:.1f}× | {cpu(bn[k]):.0f} → {cpu(an[k]):.0f} | {cpu(f[k]):,.0f} | {fl[k]['rps']:,.0f}, {cpu(fl[k]):.0f} | {b[k]['rps']:,.0f} | {a[k]['rps']:,.0f} | {bn[k]['p99_ms']:.1f} → {an[k]['p99_ms']:.1f} |")
