#!/usr/bin/env python3
"""Forward Ethernet frames between two interfaces, losing, delaying and
reordering some: a stand-in for `tc netem` on kernels built without it
(CONFIG_NET_SCH_NETEM).  Seeded, so a failing run can be repeated.

usage: impair.py IF_A IF_B [--loss P] [--reorder P] [--delay-ms MS]
                 [--seed N] [--limit-s S]

Both interfaces must be up and carry no address.  Each frame is dropped
with probability --loss; a kept frame is held back by --delay-ms, except
that with probability --reorder it goes out at once, overtaking the frames
still held (netem's "reorder").  It exits after --limit-s seconds at the
latest.
"""
import argparse
import heapq
import random
import select
import signal
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def open_if(name):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((name, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.setblocking(False)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--loss", type=float, default=0.0)
    ap.add_argument("--reorder", type=float, default=0.0)
    ap.add_argument("--delay-ms", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit-s", type=float, default=300.0)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    socks = {args.a: open_if(args.a), args.b: open_if(args.b)}
    peer = {args.a: socks[args.b], args.b: socks[args.a]}
    counts = {"in": 0, "dropped": 0, "reordered": 0}
    stop = time.monotonic() + args.limit_s
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        relay(socks, peer, rng, args, stop, counts)
    finally:
        print("impair: %(in)d frames, %(dropped)d dropped, %(reordered)d reordered"
              % counts, file=sys.stderr)


def relay(socks, peer, rng, args, stop, counts):
    queue = []          # (send time, sequence, socket, frame)
    seq = 0

    while time.monotonic() < stop:
        now = time.monotonic()
        timeout = max(0.0, queue[0][0] - now) if queue else 0.05
        ready, _, _ = select.select(list(socks.values()), [], [], min(timeout, 0.05))
        for name, s in socks.items():
            if s not in ready:
                continue
            while True:
                try:
                    frame, addr = s.recvfrom(65536)
                except OSError:
                    # Nothing more now, or the link went down while the
                    # client restarts: keep relaying either way.
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                counts["in"] += 1
                if rng.random() < args.loss:
                    counts["dropped"] += 1
                    continue
                out = peer[name]
                now = time.monotonic()
                if rng.random() < args.reorder:
                    counts["reordered"] += 1
                    when = now
                else:
                    when = now + args.delay_ms / 1000.0
                heapq.heappush(queue, (when, seq, out, frame))
                seq += 1
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, frame = heapq.heappop(queue)
            try:
                out.send(frame)
            except OSError:
                pass


if __name__ == "__main__":
    main()
