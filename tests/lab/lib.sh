# shellcheck shell=bash
# shellcheck disable=SC2034  # LAB_SIP, LAB_IMPAIR...: read by the scripts
# Shared helpers for the lab tests: bin/hosted/netboot against real DHCP and
# TFTP servers, each side in a network namespace this script creates.
#
# A test script sources this file, calls lab_require with its case names
# (which prints SKIP for each and returns 1 when the lab cannot run here),
# builds a topology, starts servers and runs cases with lab_fetch.  All
# namespaces, server processes and temporary files go away on exit, whatever
# happens.  Names carry $$, so two runs never collide.
#
# Nothing here touches the host's own interfaces: every link is created
# inside a namespace of ours, and every address is a 10.77.x.x one that
# exists only inside those namespaces.

LAB_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NETBOOT=$LAB_REPO/bin/hosted/netboot
LAB_NS_PREFIX=nblab$$
LAB_TMP=
LAB_NAMESPACES=()
LAB_PIDS=()

# ---------------------------------------------------------------- skipping

# lab_require "TOOL..." CASE...: fail, printing "SKIP CASE: why" for every
# case, when this machine cannot run the lab.  A script whose client is not
# bin/hosted/netboot (a QEMU guest, say) sets LAB_NEEDS_NETBOOT=no first.
lab_require() {
  local tools=$1 why='' t probe
  shift
  if [ "$(id -u)" != 0 ]; then
    why="needs root (network namespaces, raw sockets)"
  elif [ "${LAB_NEEDS_NETBOOT:-yes}" = yes ] && [ ! -x "$NETBOOT" ]; then
    why="bin/hosted/netboot is not built (make)"
  elif [ ! -c /dev/net/tun ]; then
    why="/dev/net/tun is missing"
  else
    for t in ip ethtool timeout sha256sum $tools; do
      command -v "$t" >/dev/null 2>&1 || { why="$t is not installed (mk/deps.sh check)"; break; }
    done
  fi
  if [ -z "$why" ]; then
    # Creating a namespace is the only real test of permission: a container
    # may run us as root without CAP_SYS_ADMIN.
    probe=${LAB_NS_PREFIX}-probe
    if ip netns add "$probe" 2>/dev/null; then
      ip netns del "$probe"
    else
      why="cannot create network namespaces (ip netns add failed)"
    fi
  fi
  [ -z "$why" ] && return 0
  for t in "$@"; do echo "SKIP $t: $why"; done
  return 1
}

# ---------------------------------------------------------------- cleanup

lab_cleanup() {
  local ns pid
  for pid in "${LAB_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  # Anything else still running inside our namespaces was started by us
  # too (a client that outlived its timeout, a server's child).
  for ns in "${LAB_NAMESPACES[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  done
  wait 2>/dev/null
  for ns in "${LAB_NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
  [ -n "$LAB_TMP" ] && rm -rf "$LAB_TMP"
}

# lab_init: the temporary directory and the cleanup trap.  Call it once,
# after lab_require.
lab_init() {
  LAB_TMP=$(mktemp -d "/tmp/nblab.$$.XXXXXX")
  mkdir -p "$LAB_TMP/tftp" "$LAB_TMP/out"
  trap lab_cleanup EXIT
  # An interrupted run still cleans up: the EXIT trap runs on exit.
  trap 'exit 130' INT TERM HUP
}

# ---------------------------------------------------------------- topology

# lab_netns NAME: create namespace NAME, with lo up and IPv6 off (so no
# router solicitations or MLD reports add noise on the wire).
lab_netns() {
  ip netns add "$1" || return 1
  LAB_NAMESPACES+=("$1")
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$1" link set lo up
}

# lab_addr NS IF CIDR: give IF an address and bring it up.
# veth offers checksum offload, so a UDP datagram a server sends crosses to
# the other namespace with its checksum not yet filled in (CHECKSUM_PARTIAL:
# an AF_PACKET reader sees only the pseudo-header sum and the flag
# TP_STATUS_CSUMNOTREADY).  A real wire never carries such frames, and a
# relay that re-sends them (impair.py) would send them corrupt, so every
# interface that sends from a socket computes its checksums in software.
lab_addr() {
  ip -n "$1" addr add "$3" dev "$2" &&
    ip netns exec "$1" ethtool -K "$2" tx off >/dev/null &&
    ip -n "$1" link set "$2" up
}

# lab_bridge NS: a bridge br0 in NS that forwards at once (no STP, no
# forwarding delay), like a small unmanaged switch.
lab_bridge() {
  ip -n "$1" link add br0 type bridge stp_state 0 forward_delay 0 &&
    ip -n "$1" link set br0 up
}

# lab_tap NS NAME: a persistent TAP device NAME on the bridge br0 of NS.
# Its carrier comes up when a program attaches to it: netboot --tap, or
# QEMU run inside NS with -netdev tap,ifname=NAME,script=no,downscript=no.
lab_tap() {
  ip -n "$1" tuntap add dev "$2" mode tap &&
    ip -n "$1" link set "$2" master br0 up
}

# lab_client_ports NS: the client's NICs on the bridge br0 of NS:
#   eth0  a veth end, no address, whose peer port0 is on br0 (AF_PACKET mode)
#   tap0  a TAP device on br0 (lab_tap)
lab_client_ports() {
  ip -n "$1" link add eth0 type veth peer name port0 &&
    ip -n "$1" link set port0 master br0 up &&
    ip -n "$1" link set eth0 up &&
    lab_tap "$1" tap0
}

# lab_topology N: the basic lab.
#   $LAB_SRV  server namespace: s0 = 10.77.N.1/24
#   $LAB_CLI  client namespace: br0 joining up0 (s0's peer), eth0's peer
#             and tap0
# Sets LAB_SIP=10.77.N.1, the server's address.
lab_topology() {
  LAB_SIP=10.77.$1.1
  LAB_SRV=$LAB_NS_PREFIX-srv LAB_CLI=$LAB_NS_PREFIX-cli
  lab_netns "$LAB_SRV" && lab_netns "$LAB_CLI" && lab_bridge "$LAB_CLI" &&
    ip -n "$LAB_CLI" link add up0 type veth peer name s0 netns "$LAB_SRV" &&
    ip -n "$LAB_CLI" link set up0 master br0 up &&
    lab_addr "$LAB_SRV" s0 "$LAB_SIP/24" &&
    lab_client_ports "$LAB_CLI"
}

# lab_router_topology A B: the client's subnet and the server's subnet are
# different, joined by a router, so the client must send to the gateway.
#   $LAB_CLI  client namespace: br0 joining up0, eth0's peer and tap0
#   $LAB_RTR  router namespace: r0 = 10.77.A.1/24 (peer up0 on br0),
#             r1 = 10.77.B.1/24, forwarding on; DHCP for subnet A runs here
#   $LAB_SRV  server namespace: s0 = 10.77.B.2/24, default route via
#             10.77.B.1; TFTP runs here
# Sets LAB_GW=10.77.A.1 and LAB_SIP=10.77.B.2, the TFTP server's address.
lab_router_topology() {
  LAB_GW=10.77.$1.1 LAB_SIP=10.77.$2.2
  LAB_SRV=$LAB_NS_PREFIX-srv LAB_CLI=$LAB_NS_PREFIX-cli LAB_RTR=$LAB_NS_PREFIX-rtr
  lab_netns "$LAB_SRV" && lab_netns "$LAB_CLI" && lab_netns "$LAB_RTR" &&
    lab_bridge "$LAB_CLI" &&
    ip -n "$LAB_CLI" link add up0 type veth peer name r0 netns "$LAB_RTR" &&
    ip -n "$LAB_CLI" link set up0 master br0 up &&
    ip -n "$LAB_RTR" link add r1 type veth peer name s0 netns "$LAB_SRV" &&
    lab_addr "$LAB_RTR" r0 "$LAB_GW/24" &&
    lab_addr "$LAB_RTR" r1 "10.77.$2.1/24" &&
    ip netns exec "$LAB_RTR" sysctl -qw net.ipv4.ip_forward=1 &&
    lab_addr "$LAB_SRV" s0 "$LAB_SIP/24" &&
    ip -n "$LAB_SRV" route add default via "10.77.$2.1" &&
    lab_client_ports "$LAB_CLI"
}

# ---------------------------------------------------------------- servers

# lab_spawn NS LOG CMD...: run CMD in the background inside NS, its output
# to LOG; remembers the process for lab_stop_servers and the cleanup.
lab_spawn() {
  local ns=$1 log=$2
  shift 2
  ip netns exec "$ns" "$@" >"$log" 2>&1 &
  LAB_PIDS+=($!)
}

# lab_wait_udp NS PORT [ADDR]: wait up to 5 s until something listens on
# UDP PORT in NS (on ADDR, or on any address).
lab_wait_udp() {
  local _
  for _ in $(seq 50); do
    ip netns exec "$1" ss -Hlun "sport = :$2" | grep -qF "${3:-}:$2 " && return 0
    sleep 0.1
  done
  echo "lab: nothing listens on UDP port $2 in $1" >&2
  return 1
}

# lab_stop_servers: stop every server started so far (between cases).
lab_stop_servers() {
  local pid
  for pid in "${LAB_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${LAB_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  LAB_PIDS=()
}

# The options every dnsmasq here gets: DNS off (port 0), no config file or
# lease file of the system's, bound to one interface only (dnsmasq adds lo
# unless told not to), in the foreground so we own its process, logging to
# its stderr (our log file) rather than syslog.  --no-ping: by default it
# holds back the first offer of an address for 3 s while it pings it.  It
# runs as root: the TFTP root is in our private 0700 temporary directory,
# which its default user could not read.
lab_dnsmasq_base() {
  echo --keep-in-foreground --port=0 --conf-file=/dev/null --leasefile-ro \
    --bind-interfaces --interface="$1" --except-interface=lo \
    --user=root --group=root --log-facility=- --log-dhcp --no-ping
}

# lab_subnet NS IF: the first three numbers of IF's address (a /24).
lab_subnet() {
  ip -n "$1" -4 -o addr show dev "$2" | awk '{split($4, a, "."); print a[1] "." a[2] "." a[3]}'
}

# lab_dnsmasq NS IF BOOTFILE [OPTION...]: dnsmasq giving DHCP on IF (the
# subnet's .100-.199) naming BOOTFILE, and TFTP from $LAB_TMP/tftp.
lab_dnsmasq() {
  local ns=$1 ifc=$2 boot=$3 net
  shift 3
  net=$(lab_subnet "$ns" "$ifc")
  # shellcheck disable=SC2046
  lab_spawn "$ns" "$LAB_TMP/dnsmasq.log" dnsmasq $(lab_dnsmasq_base "$ifc") \
    --dhcp-range="$net.100,$net.199,255.255.255.0,1h" --dhcp-boot="$boot" \
    --enable-tftp --tftp-root="$LAB_TMP/tftp" "$@"
  lab_wait_udp "$ns" 67 && lab_wait_udp "$ns" 69
}

# lab_qemu LOG QEMU ARGS...: QEMU in the client namespace, its NIC on
# tap0 (-netdev n0; ARGS name the -device and the boot medium), COM1 into
# LOG, isa-debug-exit for the verdict, bounded by $limit seconds, with
# $LAB_QEMU_MEM MiB of memory (32 unless set).  In the background, so that
# an interrupt cleans up at once (lab_client).  Returns QEMU's exit status.
lab_qemu() {
  local log=$1 qemu=$2
  shift 2
  timeout -k 5 "$limit" ip netns exec "$LAB_CLI" "$qemu" -accel tcg -m "${LAB_QEMU_MEM:-32}" \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no "$@" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -serial "file:$log" -display none -monitor none -no-reboot </dev/null &
  wait $!
}

# lab_dnsmasq_dhcp NS IF BOOTFILE [OPTION...]: dnsmasq for DHCP only.
# BOOTFILE may be "file,,server-address" to name another TFTP server.
lab_dnsmasq_dhcp() {
  local ns=$1 ifc=$2 boot=$3 net
  shift 3
  net=$(lab_subnet "$ns" "$ifc")
  # shellcheck disable=SC2046
  lab_spawn "$ns" "$LAB_TMP/dnsmasq-dhcp.log" dnsmasq $(lab_dnsmasq_base "$ifc") \
    --dhcp-range="$net.100,$net.199,255.255.255.0,1h" --dhcp-boot="$boot" "$@"
  lab_wait_udp "$ns" 67
}

# lab_dnsmasq_tftp NS IF: dnsmasq for TFTP only (no --dhcp-range means no
# DHCP), from $LAB_TMP/tftp.  It stands in for tftpd-hpa, which Debian will
# not install beside atftpd.
lab_dnsmasq_tftp() {
  # shellcheck disable=SC2046
  lab_spawn "$1" "$LAB_TMP/dnsmasq-tftp.log" dnsmasq $(lab_dnsmasq_base "$2") \
    --enable-tftp --tftp-root="$LAB_TMP/tftp"
  lab_wait_udp "$1" 69
}

# lab_atftpd NS ADDR: atftpd serving $LAB_TMP/tftp on ADDR:69 only.  It
# negotiates blksize, tsize and windowsize (RFC 7440).  As root it must be
# told a user, or it switches to nobody, who cannot read our 0700 directory.
lab_atftpd() {
  lab_spawn "$1" "$LAB_TMP/atftpd.log" atftpd --daemon --no-fork \
    --bind-address "$2" --user root --group root --logfile - --verbose=5 \
    "$LAB_TMP/tftp"
  lab_wait_udp "$1" 69 "$2"
}

# lab_dhcpd_bootp NS IF BOOTFILE NEXT_SERVER: ISC dhcpd that answers BOOTP
# only.  A DHCP message always carries option 53 (DHCP message type) and a
# BOOTP request never does, so a class matches "exists dhcp-message-type"
# and the only pool denies that class: a DHCPDISCOVER finds no address and
# gets no answer, a BOOTREQUEST gets one from the dynamic-bootp range.
lab_dhcpd_bootp() {
  local ns=$1 ifc=$2 boot=$3 next=$4 net conf=$LAB_TMP/dhcpd.conf
  net=$(lab_subnet "$ns" "$ifc")
  cat >"$conf" <<EOF
# Written by tests/lab/lib.sh: BOOTP only.
ddns-update-style none;
authoritative;
# Offer at once: no ping of the address before handing it out.
ping-check false;
class "dhcp-clients" {
  match if exists dhcp-message-type;
}
subnet $net.0 netmask 255.255.255.0 {
  pool {
    deny members of "dhcp-clients";
    # dynamic-bootp: addresses BOOTP clients may be given without a fixed
    # host entry (BOOTP leases never expire).
    range dynamic-bootp $net.100 $net.199;
  }
  next-server $next;
  filename "$boot";
}
EOF
  : >"$LAB_TMP/dhcpd.leases"
  lab_spawn "$ns" "$LAB_TMP/dhcpd.log" dhcpd -4 -f -d -cf "$conf" \
    -lf "$LAB_TMP/dhcpd.leases" -pf "$LAB_TMP/dhcpd.pid" "$ifc"
  lab_wait_udp "$ns" 67
}

# ---------------------------------------------------------------- impairment

# lab_impair: lose 10% of the frames between the server and the bridge in
# both directions, delay them 2 ms and reorder some, on the link s0 - up0 of
# lab_topology.  With tc netem when the kernel has it; else (no
# CONFIG_NET_SCH_NETEM) up0 leaves the bridge and tests/lab/impair.py, a
# user-space stand-in for netem, relays frames between it and a new veth
# pair imp0 - imp1 whose imp1 end is on the bridge.  Sets LAB_IMPAIR to
# "netem" or "impair.py".
lab_impair() {
  local netem="loss 10% delay 2ms reorder 25% 50%"
  # shellcheck disable=SC2086
  if ip netns exec "$LAB_SRV" tc qdisc add dev s0 root netem $netem 2>/dev/null; then
    LAB_IMPAIR=netem
    # shellcheck disable=SC2086
    ip netns exec "$LAB_CLI" tc qdisc add dev up0 root netem $netem
    return
  fi
  LAB_IMPAIR=impair.py
  ip -n "$LAB_CLI" link set up0 nomaster &&
    ip -n "$LAB_CLI" link add imp0 type veth peer name imp1 &&
    ip -n "$LAB_CLI" link set imp1 master br0 up &&
    ip -n "$LAB_CLI" link set imp0 up || return 1
  # Not in LAB_PIDS: it stays between cases; the cleanup ends it.
  ip netns exec "$LAB_CLI" python3 "$LAB_REPO/tests/lab/impair.py" up0 imp0 \
    --loss 0.10 --reorder 0.25 --delay-ms 2 --seed $$ --limit-s 540 \
    >"$LAB_TMP/impair.log" 2>&1 &
}

# ---------------------------------------------------------------- files

# lab_make_file NAME BYTES: a file of random content in the TFTP root.
lab_make_file() {
  head -c "$2" /dev/urandom >"$LAB_TMP/tftp/$1"
}

lab_sha256() {
  sha256sum "$1" | cut -d' ' -f1
}

# ---------------------------------------------------------------- the client

# lab_client CASE TIMEOUT NETBOOT-ARG...: run netboot in $LAB_CLI, saving to
# $LAB_TMP/out/CASE.bin; its stdout goes to CASE.out, stderr to CASE.err.
# Returns its exit status (124 when it timed out).
lab_client() {
  local case=$1 secs=$2
  shift 2
  rm -f "$LAB_TMP/out/$case.bin"
  # In the background: bash runs a trap only once a foreground command
  # ends, but interrupts "wait" at once, so ^C or a kill cleans up now.
  timeout -k 5 "$secs" ip netns exec "$LAB_CLI" "$NETBOOT" --quiet \
    --save "$LAB_TMP/out/$case.bin" "$@" \
    >"$LAB_TMP/out/$case.out" 2>"$LAB_TMP/out/$case.err" &
  wait $!
}

# lab_show CASE: the client's output, indented, for a failure's log.
lab_show() {
  echo "  --- netboot stdout (last 15 lines):"
  tail -n 15 "$LAB_TMP/out/$1.out" | sed 's/^/  | /'
  echo "  --- netboot stderr (last 15 lines):"
  tail -n 15 "$LAB_TMP/out/$1.err" | sed 's/^/  | /'
}

# lab_check CASE FILE STATUS: judge a run of lab_client that should have
# fetched FILE and ended with STATUS.  It is good only when STATUS is 0,
# the last line of stdout is the summary naming FILE, the server $LAB_SIP
# and FILE's size, and the saved file's SHA-256 equals FILE's.  Sets
# LAB_WHY to what is wrong (empty when nothing is), and LAB_SECS and
# LAB_RATE to the summary's figures.
lab_check() {
  local case=$1 file=$2 rc=$3 last size re
  LAB_WHY='' LAB_SECS='' LAB_RATE=''
  size=$(stat -c %s "$LAB_TMP/tftp/$file")
  # A progress line may share the last line through carriage returns.
  last=$(tail -n 1 "$LAB_TMP/out/$case.out" | tr '\r' '\n' | tail -n 1)
  re="^netboot: fetched ${file//./\\.} from ${LAB_SIP//./\\.}: $size bytes in ([0-9.]+) s, ([0-9.]+) MB/s$"
  if [ "$rc" = 124 ]; then
    LAB_WHY="timed out"
  elif [ "$rc" != 0 ]; then
    LAB_WHY="netboot exited with status $rc"
  elif ! [[ $last =~ $re ]]; then
    LAB_WHY="no summary line for $file, $size bytes (last line: '$last')"
  elif [ ! -f "$LAB_TMP/out/$case.bin" ]; then
    LAB_WHY="no saved file"
  elif [ "$(lab_sha256 "$LAB_TMP/out/$case.bin")" != "$(lab_sha256 "$LAB_TMP/tftp/$file")" ]; then
    LAB_WHY="saved file differs from $file (SHA-256)"
  else
    LAB_SECS=${BASH_REMATCH[1]} LAB_RATE=${BASH_REMATCH[2]}
  fi
}

# lab_report CASE FILE: print the verdict of lab_check (and of any check
# the script added to LAB_WHY): PASS, with an INFO line giving the time and
# rate for files of 256 KiB and more, or FAIL with the client's output.
lab_report() {
  local kib
  if [ -n "$LAB_WHY" ]; then
    echo "FAIL $1: $LAB_WHY"
    lab_show "$1"
    return 1
  fi
  echo "PASS $1"
  kib=$(($(stat -c %s "$LAB_TMP/tftp/$2") / 1024))
  if [ "$kib" -ge 1024 ]; then
    echo "INFO $1: $((kib / 1024)) MiB in $LAB_SECS s, $LAB_RATE MB/s"
  elif [ "$kib" -ge 256 ]; then
    echo "INFO $1: $kib KiB in $LAB_SECS s, $LAB_RATE MB/s"
  fi
  return 0
}

# lab_fetch CASE FILE TIMEOUT NETBOOT-ARG...: run the client, check and
# report.
lab_fetch() {
  local case=$1 file=$2 secs=$3
  shift 3
  lab_client "$case" "$secs" "$@"
  lab_check "$case" "$file" $?
  lab_report "$case" "$file"
}

# lab_fail_all WHY CASE...: a setup step failed; every case fails with WHY.
lab_fail_all() {
  local why=$1 c
  shift
  for c in "$@"; do echo "FAIL $c: $why"; done
}

# lab_server_failed CASE LOG: a server did not start; say so with its log.
lab_server_failed() {
  echo "FAIL $1: server did not start ($(basename "$2"))"
  tail -n 15 "$2" | sed 's/^/  | /'
}
