#!/usr/bin/env python3
"""The report of tests/bench/bench.sh: tables on stdout and in bench.md,
the chart bench.png (gnuplot).

    report.py DIR RUNS ELAPSED_S

Reads DIR/results.tsv (SETUP NIC CLIENT METRIC RUN VALUE; VALUE "fail"
for a failed run), DIR/sizes.tsv (tests/bench/sizes.sh) and
DIR/skipped.txt.  A cell shows the median with min-max of the runs that
worked, and how many failed; the ratio is ours / iPXE of the medians.
"""
import os
import statistics
import subprocess
import sys

SETUPS = ["slirp", "dnsmasq", "atftpd"]
NICS = ["e1000", "virtio-net"]
SETUP_NAMES = {
    "slirp": "QEMU slirp",
    "dnsmasq": "lab: dnsmasq",
    "atftpd": "lab: dnsmasq + atftpd",
}


def load(path):
    """{(setup, nic, client, metric): ([values], failures)}"""
    data = {}
    for line in open(path):
        setup, nic, client, metric, _run, value = line.rstrip("\n").split("\t")
        vals, fails = data.setdefault((setup, nic, client, metric), ([], [0]))
        if value == "fail":
            fails[0] += 1
        else:
            vals.append(float(value))
    return data


def cell(data, key, fmt):
    """(text, median or None) of one client's runs."""
    if key not in data:
        return "-", None
    vals, fails = data[key]
    note = " (%d failed)" % fails[0] if fails[0] else ""
    if not vals:
        return "failed" + note, None
    med = statistics.median(vals)
    if len(vals) == 1:
        return (fmt % med) + note, med
    return "%s (%s-%s)%s" % (fmt % med, fmt % min(vals), fmt % max(vals), note), med


def ratio(a, b):
    return "%.2f" % (a / b) if a is not None and b else "-"


def figures(data):
    """Rows: setup, NIC, figure, ours, iPXE, ratio, limit."""
    rows = []
    for setup in SETUPS:
        for nic in NICS:
            if not any(k[0] == setup and k[1] == nic for k in data):
                continue
            name = (SETUP_NAMES[setup], nic)
            ours, om = cell(data, (setup, nic, "ours", "ttp"), "%.2f")
            ipxe, im = cell(data, (setup, nic, "ipxe", "ttp"), "%.2f")
            lim, _ = cell(data, (setup, nic, "limit", "ttp"), "%.2f")
            rows.append(name + ("time to payload, s", ours, ipxe, ratio(om, im), lim))
            ours, om = cell(data, (setup, nic, "ours", "tftp"), "%.1f")
            ipxe, im = cell(data, (setup, nic, "ipxe", "tftp"), "%.1f")
            lim, _ = cell(data, (setup, nic, "limit", "tftp"), "%.1f")
            rows.append(name + ("TFTP 64 MiB, MB/s", ours, ipxe, ratio(om, im), lim))
            ours, om = cell(data, (setup, nic, "ours-stamped", "tftp"), "%.1f")
            rows.append(name + ("TFTP, both host-stamped", ours, ipxe, ratio(om, im), ""))
            if (setup, nic, "linux", "tftp") in data:
                lin, _ = cell(data, (setup, nic, "linux", "tftp"), "%.1f")
                rows.append(name + ("TFTP, Linux guest (busybox)", "", "", "", lin))
    return rows


def sizes(path):
    rows = []
    for line in open(path):
        ours, osz, theirs, tsz = line.rstrip("\n").split("\t")
        r = "%.2f" % (int(osz) / int(tsz)) if osz.isdigit() and tsz.isdigit() else "-"
        rows.append((ours, osz, theirs, tsz, r))
    return rows


def table(head, rows):
    """Markdown table; the same text reads well on a terminal."""
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join(out + [line(r) for r in rows])


def chart(outdir, data):
    """Two clustered bar charts, ours beside iPXE per cell; gnuplot."""
    dat = os.path.join(outdir, "chart.dat")
    with open(dat, "w") as f:
        f.write("# cell, medians: ours ttp, iPXE ttp, ours TFTP, iPXE TFTP\n")
        for setup in SETUPS:
            for nic in NICS:
                vals = []
                for client, metric in (("ours", "ttp"), ("ipxe", "ttp"),
                                       ("ours", "tftp"), ("ipxe", "tftp")):
                    v = data.get((setup, nic, client, metric), ([], 0))[0]
                    vals.append("%.3f" % statistics.median(v) if v else "0")
                if any(v != "0" for v in vals):
                    f.write('"%s\\n%s" %s\n' % (setup, nic, " ".join(vals)))
    script = """
set terminal pngcairo size 1000,900 font ",10"
set output "%s"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key above horizontal
set yrange [0:*]
set grid ytics
set bmargin 4
set multiplot layout 2,1
set title "Time to payload (QEMU start to the payload's first COM1 line; lower is better)"
set ylabel "seconds"
plot "%s" using 2:xtic(1) title "ours", "" using 3 title "iPXE (Debian 2019)"
set title "TFTP rate, 64 MiB (higher is better)"
set ylabel "MB/s"
plot "%s" using 4:xtic(1) title "ours", "" using 5 title "iPXE (Debian 2019)"
unset multiplot
""" % (os.path.join(outdir, "bench.png"), dat, dat)
    try:
        subprocess.run(["gnuplot"], input=script.encode(), check=True)
        return True
    except (OSError, subprocess.CalledProcessError) as e:
        print("report: gnuplot failed: %s" % e, file=sys.stderr)
        return False


def main():
    outdir, runs, elapsed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    data = load(os.path.join(outdir, "results.tsv"))
    fig = table(("setup", "NIC", "figure", "ours", "iPXE", "ours/iPXE", "limit"),
                figures(data))
    siz = table(("ours", "bytes", "iPXE", "bytes", "ours/iPXE"),
                sizes(os.path.join(outdir, "sizes.tsv")))
    skipped = open(os.path.join(outdir, "skipped.txt")).read().strip()
    text = """# Benchmark: our client against iPXE

%d run(s) of each client per cell, alternating; median (min-max).
QEMU %s, TCG.  iPXE: Debian's ipxe-qemu ROMs (2019), booted as the NIC's
ROM like ours.  Total run time %d min %d s.  ours/iPXE below 1 is better
for ours in time and size, above 1 in rate.

## Figures

%s

- time to payload: host clock, QEMU start to the payload's marker on COM1
  (a 4.7 KiB multiboot ELF).  Limit: QEMU start to our ROM's first byte on
  COM1, printed at its BEV entry, when the BIOS hands over.
- TFTP: ours is the figure it prints (first request to last block); iPXE's
  is 64 MiB over the host-stamped time from its "tftp://..." text to the
  "ok" closing that line.  Those two texts come just before its request
  and just after its last block, so the stamps add the client's own
  overhead around the transfer, milliseconds in seconds.  The
  "host-stamped" row measures ours the same way ("TFTP: fetching" to its
  summary line): it agrees with ours' own figure within about 1%%, which
  bounds the method's error.  Limit: our hosted client on the same TAP
  and server, no emulated NIC or guest (lab setups only).
- Linux guest (BENCH_LINUX=1): Debian's kernel and busybox tftp through
  the same NIC and server, a reference rather than a bound: the emulated
  kernel is slow under TCG.
- iPXE's "Configuring (net0 ...)" also waits for its IPv6 autoconfiguration;
  slirp answers its router solicitation, the lab (IPv6 off, as in many
  IPv4-only LANs) does not, so there it ends only when that times out:
  about 16 s after the DHCP ACK, which arrives at 3 s (capture of one run).
- The machine is shared and has 2 cores: other work shifts every figure;
  the alternation spreads that over both clients, the min-max shows it.

## Image sizes (bytes)

%s

## Skipped

%s
""" % (runs, qemu_version(), elapsed // 60, elapsed % 60, fig, siz, skipped or "nothing")
    drawn = chart(outdir, data)
    if drawn:
        text += "\n![chart](bench.png)\n"
    with open(os.path.join(outdir, "bench.md"), "w") as f:
        f.write(text)
    print(text)
    print("bench: wrote build/bench/bench.md%s" % (" and bench.png" if drawn else ""))


def qemu_version():
    try:
        out = subprocess.run(["qemu-system-i386", "--version"], capture_output=True,
                             text=True).stdout
        return out.split()[3]
    except (OSError, IndexError):
        return "?"


if __name__ == "__main__":
    main()
