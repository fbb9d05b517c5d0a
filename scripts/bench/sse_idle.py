#!/usr/bin/env python3
"""Idle storefront tabs on the live-theme stream, and how fast a publish reaches them.

    python3 scripts/bench/sse_idle.py --addr 127.0.0.1:PORT --pid SERVER_PID \\
        --email ADMIN_EMAIL --out result.json          (password in $ARCADE_BENCH_PASSWORD)

Against `arcade serve --platform-domain platform.test` on the `seed --bench` data set
(loopback only; stdlib only; raw HTTP/1.1 over asyncio):

1. reads the server's VmRSS (/proc/PID/status);
2. opens --stores x --per-store connections (default 100 x 50 = 5,000) to
   `GET /events/theme` with `Host: tNNNN.platform.test`, stores t0001..t0100, and waits
   until every one has its `200 text/event-stream` header; VmRSS again at once and after
   --settle seconds: (after - before) / N is the server's memory per idle connection;
3. reads the server's CPU time (utime + stime, /proc/PID/stat) over --idle seconds with all
   connections open and nothing else sent;
4. signs in as a platform admin and publishes a theme on --publishes different stores
   (every 5th of the 100, shifted by --round), alternating two colours: the draft is saved
   first, then t0 is taken just before `theme_publish` is sent; every connection timestamps
   the moment it reads `event: theme` (in the socket's data callback). Latency = that - t0,
   per delivery, and per publish for the last of that store's connections to get it;
5. checks that every connection of a published store got exactly one event, carrying the
   new primary colour, and that no connection of any other store got one; also the fan-out
   (last - first connection of one publish) and the CPUs' use during the publishes;
6. with --ready-file/--stop-file: writes the ready file and keeps every connection open
   until the stop file exists (for a load run beside them), noting any that closes;
7. closes everything and reads VmRSS once more.

With --path /health --publishes 0 the connections make one ordinary request each and stay
open idle (keep-alive): what any idle HTTP/1.1 connection costs, for comparison.

Prints a summary and writes everything (with raw per-delivery latencies) to --out.
Exit status 1 if a connection failed, closed or got a wrong event, or a delivery timed out.
"""
import argparse
import asyncio
import json
import math
import os
import sys
import time
import urllib.parse

COLOURS = ("#1565c0", "#c62828")  # dark blue, dark red: both readable on white
THEME = {"secondary": "#00bfa5", "accent": "#ff6d00", "background": "#ffffff", "text": "#1f2328",
         "font": "system", "radius": "8", "layout": "grid", "hero_heading": "", "hero_text": ""}
CLK_TCK = os.sysconf("SC_CLK_TCK")


def now_ns():
    return time.perf_counter_ns()


# ---------------------------------------------------------------- the server's process

def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "VmData"):
                out[k + "_kB"] = int(v.split()[0])
            elif k == "Threads":
                out["threads"] = int(v)
    out["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    return out


def sockstat():  # kernel TCP sockets of the whole machine (both ends of loopback)
    with open("/proc/net/sockstat") as f:
        for line in f:
            if line.startswith("TCP:"):
                p = line.split()[1:]
                d = dict(zip(p[::2], map(int, p[1::2])))
                return {"tcp_inuse": d.get("inuse"), "tcp_mem_kB": d.get("mem", 0) * os.sysconf("SC_PAGE_SIZE") // 1024}
    return {}


def listen_overflows():
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            d = dict(zip(names.split()[1:], map(int, values.split()[1:])))
            return {"ListenOverflows": d.get("ListenOverflows"), "ListenDrops": d.get("ListenDrops")}
    return {}


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])  # fields 14 and 15: utime, stime


def machine_ticks():
    with open("/proc/stat") as f:
        v = list(map(int, f.readline().split()[1:9]))
    return sum(v), v[3] + v[4]  # total, idle + iowait


def sample(pid, label):
    s = {"at": label, "t": round(time.time(), 3)} | proc_status(pid) | sockstat()
    return s


# ---------------------------------------------------------------- SSE connections

class Hub:
    """Every connection reports its events here; a publish waits on its store."""

    def __init__(self):
        self.waiting_store = None
        self.waiting_need = 0
        self.waiting_got = 0
        self.done = None
        self.closed = []  # (conn index, store, when, why)

    def on_event(self, conn):
        if conn.store == self.waiting_store:
            self.waiting_got += 1
            if self.waiting_got >= self.waiting_need and self.done and not self.done.done():
                self.done.set_result(None)

    def on_closed(self, conn, why):
        self.closed.append({"conn": conn.idx, "store": conn.store, "t": round(time.time(), 3), "why": why})


class SseConn(asyncio.Protocol):
    """One storefront tab: HTTP/1.1 by hand, chunked body decoded, SSE lines parsed."""

    def __init__(self, idx, store, host, hub, loop, path="/events/theme"):
        self.idx, self.store, self.host, self.hub, self.path = idx, store, host, hub, path
        self.head = loop.create_future()
        self.raw = bytearray()      # bytes not yet decoded
        self.text = bytearray()     # decoded body not yet split into lines
        self.in_head = True
        self.chunked = False
        self.chunk_left = -1        # -1: expecting a size line
        self.need_crlf = False
        self.field = {}
        self.t_event = None
        self.events = []            # (t_ns of "event:" line, name, id, data)
        self.comments = 0
        self.transport = None
        self.closing = False
        self.status = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write((f"GET {self.path} HTTP/1.1\r\nHost: {self.host}\r\n"
                         "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").encode())

    def data_received(self, data):
        t = now_ns()
        self.raw += data
        if self.in_head:
            end = self.raw.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.raw[:end]).decode("latin-1").split("\r\n")
            del self.raw[:end + 4]
            self.in_head = False
            self.status = int(head[0].split()[1])
            hdrs = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:])}
            self.chunked = "chunked" in hdrs.get("transfer-encoding", "").lower()
            stream = hdrs.get("content-type", "").startswith("text/event-stream")
            ok = self.status == 200 and (stream or self.path != "/events/theme")
            if not self.head.done():
                if ok:
                    self.head.set_result(None)
                else:
                    self.head.set_exception(RuntimeError(f"{self.host}: {head[0]} {hdrs.get('content-type')}"))
        self._decode()
        self._lines(t)

    def _decode(self):
        if not self.chunked:
            self.text += self.raw
            self.raw.clear()
            return
        raw = self.raw
        while raw:
            if self.need_crlf:
                if len(raw) < 2:
                    return
                del raw[:2]
                self.need_crlf = False
            elif self.chunk_left < 0:
                nl = raw.find(b"\r\n")
                if nl < 0:
                    return
                size = int(bytes(raw[:nl]).split(b";")[0], 16)
                del raw[:nl + 2]
                if size == 0:
                    raw.clear()
                    return
                self.chunk_left = size
            else:
                take = min(self.chunk_left, len(raw))
                self.text += raw[:take]
                del raw[:take]
                self.chunk_left -= take
                if self.chunk_left == 0:
                    self.chunk_left = -1
                    self.need_crlf = True

    def _lines(self, t):
        while True:
            nl = self.text.find(b"\n")
            if nl < 0:
                return
            line = bytes(self.text[:nl]).rstrip(b"\r").decode()
            del self.text[:nl + 1]
            if line == "":
                if self.field:
                    self.events.append((self.t_event, self.field.get("event", "message"),
                                        self.field.get("id"), self.field.get("data")))
                    self.field = {}
                    self.hub.on_event(self)
            elif line.startswith(":"):
                self.comments += 1
            else:
                k, _, v = line.partition(":")
                v = v[1:] if v.startswith(" ") else v
                if k == "event":
                    self.t_event = t  # the moment `event: theme` was read
                self.field[k] = v if k != "data" or "data" not in self.field else self.field[k] + "\n" + v

    def connection_lost(self, exc):
        if not self.head.done():
            self.head.set_exception(ConnectionError(f"{self.host}: closed before the header ({exc!r})"))
        if not self.closing:
            self.hub.on_closed(self, repr(exc) if exc else "EOF")


# ---------------------------------------------------------------- the admin's HTTP client

class Http:
    """A keep-alive HTTP/1.1 client on one connection (asyncio streams)."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.r = self.w = None

    async def request(self, method, path, host, headers=(), body=b""):
        if self.w is None:
            self.r, self.w = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers]
        self.w.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.w.drain()
        status_line = (await self.r.readline()).decode("latin-1").strip()
        if not status_line:
            raise ConnectionError(f"{method} {path}: connection closed")
        hdrs = []
        while (line := (await self.r.readline()).decode("latin-1").rstrip("\r\n")):
            k, _, v = line.partition(":")
            hdrs.append((k.strip().lower(), v.strip()))
        h = dict(hdrs)
        if "content-length" in h:
            data = await self.r.readexactly(int(h["content-length"]))
        elif "chunked" in h.get("transfer-encoding", ""):
            data = b""
            while (size := int((await self.r.readline()).split(b";")[0], 16)):
                data += await self.r.readexactly(size)
                await self.r.readline()
            await self.r.readline()
        else:
            data = await self.r.read()
        if h.get("connection", "").lower() == "close":
            self.w.close()
            self.r = self.w = None
        return int(status_line.split()[1]), hdrs, data


# ---------------------------------------------------------------- measurement

def pct(values, q):  # nearest rank
    v = sorted(values)
    return v[max(0, math.ceil(q * len(v)) - 1)] if v else None


def dist(values_ms):
    if not values_ms:
        return {"n": 0}
    return {"n": len(values_ms), "min_ms": round(min(values_ms), 3), "p50_ms": round(pct(values_ms, 0.5), 3),
            "p99_ms": round(pct(values_ms, 0.99), 3), "max_ms": round(max(values_ms), 3),
            "mean_ms": round(sum(values_ms) / len(values_ms), 3)}


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


async def main(a):
    loop = asyncio.get_running_loop()
    host, port = a.addr.rsplit(":", 1)
    port = int(port)
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("sse_idle.py: loopback targets only")
    password = os.environ.get("ARCADE_BENCH_PASSWORD", "")
    n = a.stores * a.per_store
    res = {"config": {k: v for k, v in vars(a).items() if k not in ("out",)}, "connections": n,
           "samples": [], "errors": []}
    hub = Hub()

    def snap(label):
        s = sample(a.pid, label)
        res["samples"].append(s)
        return s

    # 0: optionally pay one-time costs first (threads, database pool, resolver cache)
    if a.warm:
        ws = []
        for k in range(a.warm):
            _, c = await loop.create_connection(
                lambda: SseConn(-1, "", f"t{a.first_store + k % a.stores:04d}.{a.domain}", Hub(), loop), host, port)
            await asyncio.wait_for(c.head, 30)
            ws.append(c)
        for c in ws:
            c.closing = True
            c.transport.close()
        log(f"warm-up: {a.warm} theme streams opened and closed")
        await asyncio.sleep(a.settle)

    # 1-2: open every connection
    before = snap("before")
    overflows_before = listen_overflows()
    log(f"server pid {a.pid}: VmRSS {before['VmRSS_kB']} kB, {before['threads']} threads, {before['fds']} fds")
    conns = []
    sem = asyncio.Semaphore(a.connect_concurrency)
    codes = [f"t{s:04d}" for s in range(a.first_store, a.first_store + a.stores)]

    async def open_one(idx, code):
        async with sem:
            c = None
            try:
                _, c = await loop.create_connection(
                    lambda: SseConn(idx, code, f"{code}.{a.domain}", hub, loop, a.path), host, port)
                await asyncio.wait_for(c.head, 30)
                return c
            except Exception as e:  # noqa: BLE001 - every failure is counted and reported
                res["errors"].append({"phase": "connect", "conn": idx, "store": code, "error": repr(e)})
                if c and c.transport:
                    c.closing = True
                    c.transport.close()
                return None

    t_open = time.perf_counter()
    # store-major interleaving: connection k goes to store k % stores, so every store fills evenly
    tasks = [open_one(k, codes[k % a.stores]) for k in range(n)]
    opened = await asyncio.gather(*tasks)
    conns = [c for c in opened if c is not None]
    open_s = time.perf_counter() - t_open
    after_open = snap("after_open")
    overflows_after = listen_overflows()
    res["open"] = {"seconds": round(open_s, 3), "opened": len(conns), "failed": n - len(conns),
                   "listen_overflows_before": overflows_before, "listen_overflows_after": overflows_after}
    log(f"opened {len(conns)}/{n} streams in {open_s:.1f} s; VmRSS {after_open['VmRSS_kB']} kB, "
        f"{after_open['fds']} fds, kernel TCP memory {after_open.get('tcp_mem_kB')} kB")
    await asyncio.sleep(a.settle)
    settled = snap("after_settle")
    per_conn = lambda s: round((s["VmRSS_kB"] - before["VmRSS_kB"]) * 1024 / max(len(conns), 1))
    res["memory"] = {
        "rss_before_kB": before["VmRSS_kB"], "rss_after_open_kB": after_open["VmRSS_kB"],
        "rss_after_settle_kB": settled["VmRSS_kB"],
        "bytes_per_connection_after_open": per_conn(after_open),
        "bytes_per_connection_after_settle": per_conn(settled),
        "kernel_tcp_mem_kB_before": before.get("tcp_mem_kB"), "kernel_tcp_mem_kB_after": settled.get("tcp_mem_kB"),
        "note": "VmRSS of the server process; kernel socket buffers (both ends, whole machine) are not in it",
    }
    log(f"after {a.settle:g} s: VmRSS {settled['VmRSS_kB']} kB -> "
        f"{per_conn(settled)} bytes per connection ({per_conn(after_open)} right after opening)")

    # 3: idle CPU
    comments0 = sum(c.comments for c in conns)
    c0, (m0, i0), t0 = cpu_ticks(a.pid), machine_ticks(), time.perf_counter()
    log(f"idle for {a.idle:g} s with {len(conns)} streams open ...")
    await asyncio.sleep(a.idle)
    c1, (m1, i1), t1 = cpu_ticks(a.pid), machine_ticks(), time.perf_counter()
    secs = t1 - t0
    busy = c1 - c0
    res["idle_cpu"] = {
        "seconds": round(secs, 2), "server_ticks": busy, "clk_tck": CLK_TCK,
        "server_cpu_seconds": busy / CLK_TCK,
        "server_cpu_pct_of_one_core": round(100 * busy / CLK_TCK / secs, 3),
        "machine_busy_pct": round(100 * ((m1 - m0) - (i1 - i0)) / max(m1 - m0, 1), 1),
        "heartbeats_received": sum(c.comments for c in conns) - comments0,
        "loadavg_after": open("/proc/loadavg").read().split()[:3],
    }
    snap("after_idle")
    log(f"idle: server used {busy / CLK_TCK:.2f} s CPU in {secs:.1f} s "
        f"({res['idle_cpu']['server_cpu_pct_of_one_core']} % of one core); "
        f"{res['idle_cpu']['heartbeats_received']} heartbeats received")

    # 4: publishes
    by_store = {}
    for c in conns:
        by_store.setdefault(c.store, []).append(c)
    step = max(1, a.stores // max(a.publishes, 1))
    pub_codes = [codes[(a.round - 1) * 2 % step + step * k] for k in range(a.publishes)] if a.publishes else []
    http = Http(host, port)
    origin = f"http://{a.domain}"
    cookie = None
    if pub_codes:
        body = urllib.parse.urlencode({"email": a.email, "password": password, "next": "/"}).encode()
        st, hdrs, data = await http.request("POST", "/api/auth/login", a.domain, [
            ("Origin", origin), ("Content-Type", "application/x-www-form-urlencoded")], body)
        for k, v in hdrs:
            if k == "set-cookie" and v.startswith("arcade_session="):
                cookie = v.split(";", 1)[0]
        if not cookie:
            sys.exit(f"sign-in failed: {st} {data[:300]!r}")
        log(f"signed in as {a.email}")
    api_headers = [("Origin", origin), ("Cookie", cookie or ""), ("Content-Type", "application/json")]
    publishes, deliveries = [], []
    pc0, (pm0, pi0) = cpu_ticks(a.pid), machine_ticks()
    pself0 = sum(os.times()[:2])
    for k, code in enumerate(pub_codes):
        colour = COLOURS[k % 2]
        st, _, data = await http.request("POST", f"/store/{code}/api/dashboard/theme_save", a.domain, api_headers,
                                         json.dumps({"theme": {"primary": colour} | THEME}).encode())
        if st != 200:
            sys.exit(f"theme_save {code}: {st} {data[:300]!r}")
        mine = by_store.get(code, [])
        hub.waiting_store, hub.waiting_need, hub.waiting_got = code, len(mine), 0
        hub.done = loop.create_future()
        seen_before = {id(c): len(c.events) for c in conns}
        t_pub = now_ns()
        st, _, data = await http.request("POST", f"/store/{code}/api/dashboard/theme_publish", a.domain,
                                         api_headers, b"{}")
        t_resp = now_ns()
        if st != 200:
            sys.exit(f"theme_publish {code}: {st} {data[:300]!r}")
        timed_out = False
        try:
            await asyncio.wait_for(hub.done, a.delivery_timeout)
        except asyncio.TimeoutError:
            timed_out = True
        await asyncio.sleep(a.gap)  # stray events (to other stores) would show up by now
        lat = []
        for c in mine:
            new = c.events[seen_before[id(c)]:]
            if new:
                lat.append((new[0][0] - t_pub) / 1e6)
        others = sum(len(c.events) - seen_before[id(c)] for c in conns if c.store != code)
        p = {"store": code, "colour": colour, "publish_status": st,
             "publish_response_ms": round((t_resp - t_pub) / 1e6, 3), "delivered": len(lat),
             "expected": len(mine), "timed_out": timed_out, "events_at_other_stores": others,
             "first_ms": round(min(lat), 3) if lat else None, "last_ms": round(max(lat), 3) if lat else None,
             "fan_out_ms": round(max(lat) - min(lat), 3) if lat else None,
             "latencies_ms": [round(x, 3) for x in sorted(lat)]}
        publishes.append(p)
        deliveries += lat
        log(f"publish {k + 1:2}/{len(pub_codes)} {code} {colour}: response {p['publish_response_ms']:.2f} ms, "
            f"{len(lat)}/{len(mine)} delivered, first {p['first_ms']} ms, last {p['last_ms']} ms"
            + (f", {others} EVENTS AT OTHER STORES" if others else "") + (" TIMED OUT" if timed_out else ""))
    hub.waiting_store = None
    pc1, (pm1, pi1) = cpu_ticks(a.pid), machine_ticks()
    pself1 = sum(os.times()[:2])
    total = max(pm1 - pm0, 1)
    busy_pct = 100 * ((pm1 - pm0) - (pi1 - pi0)) / total
    server_pct = 100 * (pc1 - pc0) / total
    self_pct = 100 * (pself1 - pself0) * CLK_TCK / total
    publish_cpu = {"machine_busy_pct": round(busy_pct, 1), "server_pct": round(server_pct, 1),
                   "client_pct": round(self_pct, 1), "other_pct": round(busy_pct - server_pct - self_pct, 1),
                   "note": "percent of all CPUs over the publish phase (gaps included)"}
    if http.w:
        http.w.close()

    # 5: every connection got exactly what it should
    published = {p["store"]: p["colour"] for p in publishes}
    wrong = []
    for c in conns:
        theme_events = [e for e in c.events if e[1] == "theme"]
        want = 1 if c.store in published else 0
        bad = len(theme_events) != want or len(c.events) != len(theme_events)
        if not bad and want:
            pairs = dict(json.loads(theme_events[0][3] or "[]"))
            bad = pairs.get("--primary-color", "").lower() != published[c.store]
        if bad:
            wrong.append({"conn": c.idx, "store": c.store, "events": [e[1:] for e in c.events]})
    res["publishes"] = publishes
    res["delivery"] = {
        "per_delivery": dist(deliveries),
        "per_publish_last_connection": dist([p["last_ms"] for p in publishes if p["last_ms"] is not None]),
        "per_publish_first_connection": dist([p["first_ms"] for p in publishes if p["first_ms"] is not None]),
        "per_publish_fan_out": dist([p["fan_out_ms"] for p in publishes if p["fan_out_ms"] is not None]),
        "publish_response": dist([p["publish_response_ms"] for p in publishes]),
        "cpu_during_publishes": publish_cpu if publishes else None,
        "timed_out": sum(p["timed_out"] for p in publishes),
        "events_at_other_stores": sum(p["events_at_other_stores"] for p in publishes),
        "connections_with_wrong_events": len(wrong), "wrong_examples": wrong[:10],
        "note": "latency = time the connection read `event: theme` - time just before theme_publish was sent; "
                "percentiles by nearest rank",
    }
    snap("after_publishes")
    if publishes:
        d = res["delivery"]
        log(f"per delivery ({d['per_delivery']['n']}): p50 {d['per_delivery']['p50_ms']} ms, "
            f"p99 {d['per_delivery']['p99_ms']} ms, max {d['per_delivery']['max_ms']} ms")
        log(f"last connection per publish ({d['per_publish_last_connection']['n']}): "
            f"p50 {d['per_publish_last_connection']['p50_ms']} ms, p99 {d['per_publish_last_connection']['p99_ms']} ms, "
            f"max {d['per_publish_last_connection']['max_ms']} ms")
        log(f"fan-out (last - first stream of a publish): p50 {d['per_publish_fan_out']['p50_ms']} ms, "
            f"max {d['per_publish_fan_out']['max_ms']} ms; publish answered in p50 {d['publish_response']['p50_ms']} ms; "
            f"CPUs during publishes: {publish_cpu['machine_busy_pct']} % busy, {publish_cpu['other_pct']} % other processes")
        log(f"check: {d['connections_with_wrong_events']} connections with a wrong or missing event, "
            f"{d['events_at_other_stores']} events at other stores, {d['timed_out']} timeouts")

    # 6: hold for a load run beside them
    if a.ready_file and a.stop_file:
        hb0 = sum(c.comments for c in conns)
        closed0 = len(hub.closed)
        with open(a.ready_file, "w") as f:
            f.write(f"{len(conns)}\n")
        log(f"holding {len(conns)} streams open until {a.stop_file} exists")
        t_hold = time.perf_counter()
        while not os.path.exists(a.stop_file):
            await asyncio.sleep(0.5)
        res["hold"] = {"seconds": round(time.perf_counter() - t_hold, 1),
                       "closed_during": len(hub.closed) - closed0,
                       "heartbeats_received": sum(c.comments for c in conns) - hb0}
        snap("after_hold")
        log(f"held {res['hold']['seconds']} s; {res['hold']['closed_during']} closed meanwhile")

    # 7: close everything
    res["closed_by_server"] = hub.closed
    still_open = sum(1 for c in conns if not c.transport.is_closing())
    for c in conns:
        c.closing = True
        c.transport.close()
    await asyncio.sleep(a.settle)
    gone = snap("after_close")
    res["memory"]["rss_after_close_kB"] = gone["VmRSS_kB"]
    res["open_at_end"] = still_open
    log(f"closed {still_open} streams; after {a.settle:g} s VmRSS {gone['VmRSS_kB']} kB, {gone['fds']} fds")

    failed = (res["open"]["failed"] or hub.closed or (publishes and (
        res["delivery"]["timed_out"] or res["delivery"]["connections_with_wrong_events"]
        or res["delivery"]["events_at_other_stores"])))
    res["ok"] = not failed
    if a.out:
        with open(a.out, "w") as f:
            json.dump(res, f, indent=1)
        log(f"wrote {a.out}")
    return 1 if failed else 0


def args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--addr", required=True, help="HOST:PORT of the server (loopback)")
    p.add_argument("--pid", type=int, required=True, help="the server's process id")
    p.add_argument("--domain", default="platform.test", help="the server's --platform-domain")
    p.add_argument("--email", default="bench@admin.test", help="platform admin (password: $ARCADE_BENCH_PASSWORD)")
    p.add_argument("--stores", type=int, default=100)
    p.add_argument("--first-store", type=int, default=1)
    p.add_argument("--per-store", type=int, default=50)
    p.add_argument("--connect-concurrency", type=int, default=200, help="connections being opened at once")
    p.add_argument("--settle", type=float, default=10)
    p.add_argument("--idle", type=float, default=60)
    p.add_argument("--publishes", type=int, default=20)
    p.add_argument("--warm", type=int, default=0,
                   help="first open and close this many theme streams (one-time costs), then wait --settle")
    p.add_argument("--path", default="/events/theme",
                   help="open the connections on this path instead (e.g. /health: one request, then an idle "
                        "keep-alive connection, for comparison; use with --publishes 0)")
    p.add_argument("--round", type=int, default=1, help="shifts which stores are published")
    p.add_argument("--gap", type=float, default=0.5, help="seconds between a publish's last delivery and the next")
    p.add_argument("--delivery-timeout", type=float, default=10)
    p.add_argument("--ready-file")
    p.add_argument("--stop-file")
    p.add_argument("--out")
    return p.parse_args()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(args())))
