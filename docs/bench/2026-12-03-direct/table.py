"""The round's table: req/s and server CPU us per request (as report.py computes it:
server_pct of 2 CPUs over the window, divided by requests). Run in the round's folder."""
import json, os, sys

os.chdir(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(__file__) + "/round")
names = ["fastapi", "floor", "arcade-base-nocache", "arcade-before-nocache", "arcade-nocache", "arcade"]
d = {n: json.load(open(f"r1-{n}.json"))["workloads"] for n in names}
ncpu = 2


def cpu(w):
    return w["cpu"]["server_pct"] / 100 * ncpu * w["seconds"] / w["requests"] * 1e6


print("| workload | fastapi req/s, CPU µs | floor req/s, CPU µs | 2444130 off | 3141f90 off | now off | now off × fastapi | now off p99 ms | now on |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for wid in ["W1", "W2", "W3", "W4", "W5", "W6"]:
    cell = lambda n: f"{d[n][wid]['rps']:,.0f}, {cpu(d[n][wid]):.0f}"
    ratio = d["arcade-nocache"][wid]["rps"] / d["fastapi"][wid]["rps"]
    print(f"| {wid} | {cell('fastapi')} | {cell('floor')} | {cell('arcade-base-nocache')} | "
          f"{cell('arcade-before-nocache')} | {cell('arcade-nocache')} | {ratio:.1f}× | "
          f"{d['arcade-nocache'][wid]['p99_ms']:.1f} | {cell('arcade')} |")
