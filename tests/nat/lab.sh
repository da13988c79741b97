#!/usr/bin/env bash
# Sala's NAT lab: a small internet of network namespaces with real nftables NAT, for tests/Sala.Nat.Tests and
# bench/Sala.Bench.Nat. Derived from shared/recipes/nat-lab/topo.sh; everything is named nt*, every address exists
# only inside the namespaces, nothing touches the root namespace's network.
#
#   lab.sh up                     build the lab from scratch (ends a previous one first); NAT_A / NAT_B (or NAT_KIND
#                                 for both) choose the routers' kinds, cone by default
#   lab.sh nat A|B KIND [B KIND]  re-apply one router's NAT rules (or both) and flush its conntrack, lab kept up
#   lab.sh down                   end whatever runs inside (by PID), delete the namespaces; idempotent
#   lab.sh status                 namespaces, addresses, the routers' kinds and nft rules
#
#                        ntinet  ("the internet", forwarding OFF, so 10.x/8 is never routed)
#        bridge ntbr0: 198.51.100.10 (registry) .20 .21 (coturn, primary+alternate) .254 (routers' gateway)
#                      2001:db8:100::10 (the only IPv6 segment)
#          |                     |                        |                           |
#    ntrA 198.51.100.1     ntrB 198.51.100.2        ntpub 198.51.100.30         ntpub2 198.51.100.31
#      NAT, bridge ntbrA     NAT, ntrB-lan 10.2.0.1       2001:db8:100::30            2001:db8:100::31
#      10.1.0.1                |
#      |          |          nthB 10.2.0.2
#    nthA        nthA2
#    10.1.0.2    10.1.0.3   (two hosts in home A for the same-LAN control)
#
# NAT kinds (per router):
#   cone      nft "masquerade": keeps the source port when it is free -> endpoint-independent mapping;
#             inbound only through conntrack -> address-and-port-dependent filtering ("port-restricted cone").
#   fullcone  cone + a DNAT of unsolicited UDP to the router's first home host (a DMZ host).
#   symmetric nft "masquerade random": a new random port per destination (the first one too) ->
#             address-and-port-dependent mapping.
# Each router also has a forward filter: from the WAN only established/related or DNATed traffic enters the LAN.
# IPv6 is enabled only in ntinet, ntpub and ntpub2 (DAD off, so the addresses are usable at once); every other
# namespace has it disabled, so a home host has no IPv6 at all.
set -euo pipefail

NSES=(ntinet ntrA ntrB nthA nthA2 nthB ntpub ntpub2)
STATE_DIR=${NATLAB_STATE:-${TMPDIR:-/tmp}/sala-natlab}

ns_has() { ip netns list | awk '{print $1}' | grep -qx "$1"; }
link_has() { ip -n "$1" link show "$2" >/dev/null 2>&1; }
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

ns_add() {   # NS FORWARD IPV6(0|1)
    local ns=$1 forward=$2 ipv6=$3
    ns_has "$ns" || ip netns add "$ns"
    # Explicit sysctls: new namespaces copy net.ipv4.conf.{all,default} from the root namespace
    # (net.core.devconf_inherit_init_net=0), so a host with rp_filter=1 or forwarding=1 leaks into the lab.
    nsx "$ns" sysctl -qw net.ipv4.ip_forward="$forward"
    nsx "$ns" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
    # br_netfilter is built in (bridge-nf-call-iptables=1 per namespace): bridged frames would go through this
    # namespace's nft hooks and conntrack. Keep bridges pure L2.
    if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
        nsx "$ns" sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-ip6tables=0 \
            net.bridge.bridge-nf-call-arptables=0
    fi
    # Set before any interface exists here: a device takes the namespace's "default" settings when it appears.
    if [ "$ipv6" = 1 ]; then
        nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 \
            net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
            net.ipv6.conf.all.forwarding=0
    else
        nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    fi
    nsx "$ns" ip link set lo up
}

# veth NS1 DEV1 NS2 DEV2 (idempotent)
veth() {
    link_has "$1" "$2" || ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
    nsx "$1" ip link set "$2" up
    nsx "$3" ip link set "$4" up
}

bridge_add() {   # NS BR
    link_has "$1" "$2" || nsx "$1" ip link add "$2" type bridge
    nsx "$1" ip link set "$2" up
}

addr() { nsx "$1" ip addr replace "$3" dev "$2"; }             # NS DEV ADDR/LEN
addr6() { nsx "$1" ip -6 addr replace "$3" dev "$2" nodad; }   # NS DEV ADDR/LEN, usable at once

router_of() {   # A|B -> the router namespace and its WAN, LAN net, public address, DMZ host
    case "$1" in
        A) echo "ntrA ntrA-wan 10.1.0.0/24 198.51.100.1 10.1.0.2" ;;
        B) echo "ntrB ntrB-wan 10.2.0.0/24 198.51.100.2 10.2.0.2" ;;
        *) echo "router must be A or B (got '$1')" >&2; exit 2 ;;
    esac
}

router_rules() {   # A|B KIND
    local which=$1 kind=$2 ns wan lannet pub dmz masq pre=""
    read -r ns wan lannet pub dmz <<<"$(router_of "$which")"
    case "$kind" in
        cone) masq="masquerade" ;;
        fullcone)
            masq="masquerade"
            pre="iifname \"$wan\" ip daddr $pub udp dport 1024-65535 counter dnat to $dmz" ;;
        symmetric) masq="masquerade random" ;;
        *) echo "NAT kind must be cone, symmetric or fullcone (got '$kind')" >&2; exit 2 ;;
    esac
    ns_has "$ns" || { echo "no lab: run '$0 up' first" >&2; exit 1; }
    # "table X {}; delete table X; table X {...}" in one transaction = replace (nft 1.0.6 has no 'destroy').
    nsx "$ns" nft -f - <<EOF
table ip ntnat {}
delete table ip ntnat
table ip ntnat {
    chain nt_pre {
        type nat hook prerouting priority dstnat; policy accept;
        $pre
    }
    chain nt_post {
        type nat hook postrouting priority srcnat; policy accept;
        oifname "$wan" ip saddr $lannet counter $masq
    }
}
table inet ntfw {}
delete table inet ntfw
table inet ntfw {
    chain nt_fwd {
        type filter hook forward priority filter; policy accept;
        iifname "$wan" ct state established,related accept
        iifname "$wan" ct status dnat accept
        iifname "$wan" counter drop
    }
    # The router's own input from the internet is firewalled too, as on every home router (OpenWrt: wan input
    # REJECT). Without it an unsolicited packet to the router's address is confirmed in conntrack, and the NAT
    # then gives the host's next flow to that peer another source port: the first check of a hole punch that
    # arrives before the host's own would turn this "cone" into a symmetric NAT.
    chain nt_in {
        type filter hook input priority filter; policy accept;
        iifname "$wan" ct state established,related accept
        iifname "$wan" counter drop
    }
}
EOF
    # Mappings made under the previous rules would survive in conntrack (30 s unreplied, 120 s answered).
    nsx "$ns" conntrack -F >/dev/null 2>&1 || true
    echo "$kind" >"$STATE_DIR/nat_$which"
}

check_tools() {
    local tool missing=()
    for tool in ip nft conntrack sysctl ping; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "missing: ${missing[*]} (apt-get install -y nftables conntrack iproute2 procps iputils-ping; ./test.sh does it)" >&2
    exit 1
}

up() {
    check_tools
    local kind_a=${NAT_A:-${NAT_KIND:-cone}} kind_b=${NAT_B:-${NAT_KIND:-cone}}
    # From scratch: a previous run killed before its own 'down' may have left namespaces or a turnserver behind.
    down >/dev/null

    ns_add ntinet 0 1          # forwarding off: "the internet" drops packets for 10.x (not routed)
    ns_add ntrA 1 0
    ns_add ntrB 1 0
    ns_add nthA 0 0
    ns_add nthA2 0 0
    ns_add nthB 0 0
    ns_add ntpub 0 1
    ns_add ntpub2 0 1

    # public segment
    bridge_add ntinet ntbr0
    for a in 198.51.100.10 198.51.100.20 198.51.100.21 198.51.100.254; do addr ntinet ntbr0 $a/24; done
    addr6 ntinet ntbr0 2001:db8:100::10/64
    veth ntrA ntrA-wan ntinet ntbr-rA
    veth ntrB ntrB-wan ntinet ntbr-rB
    veth ntpub ntpub-eth0 ntinet ntbr-pub
    veth ntpub2 ntpub2-eth0 ntinet ntbr-pub2
    for p in ntbr-rA ntbr-rB ntbr-pub ntbr-pub2; do nsx ntinet ip link set "$p" master ntbr0; done
    addr ntrA ntrA-wan 198.51.100.1/24
    addr ntrB ntrB-wan 198.51.100.2/24
    addr ntpub ntpub-eth0 198.51.100.30/24
    addr ntpub2 ntpub2-eth0 198.51.100.31/24
    addr6 ntpub ntpub-eth0 2001:db8:100::30/64
    addr6 ntpub2 ntpub2-eth0 2001:db8:100::31/64
    for ns in ntrA ntrB ntpub ntpub2; do nsx "$ns" ip route replace default via 198.51.100.254; done

    # home A: a bridge in the router, two hosts
    bridge_add ntrA ntbrA
    addr ntrA ntbrA 10.1.0.1/24
    veth nthA nthA-eth0 ntrA ntrA-h1
    veth nthA2 nthA2-eth0 ntrA ntrA-h2
    nsx ntrA ip link set ntrA-h1 master ntbrA
    nsx ntrA ip link set ntrA-h2 master ntbrA
    addr nthA nthA-eth0 10.1.0.2/24
    addr nthA2 nthA2-eth0 10.1.0.3/24
    nsx nthA ip route replace default via 10.1.0.1
    nsx nthA2 ip route replace default via 10.1.0.1

    # home B
    veth nthB nthB-eth0 ntrB ntrB-lan
    addr ntrB ntrB-lan 10.2.0.1/24
    addr nthB nthB-eth0 10.2.0.2/24
    nsx nthB ip route replace default via 10.2.0.1

    router_rules A "$kind_a"
    router_rules B "$kind_b"

    # sanity: the homes reach the internet, the internet does not reach 10.x, the public hosts speak IPv6
    local ok=1
    nsx nthA ping -c1 -W1 198.51.100.10 >/dev/null || { echo "nthA cannot reach 198.51.100.10" >&2; ok=0; }
    nsx nthB ping -c1 -W1 198.51.100.10 >/dev/null || { echo "nthB cannot reach 198.51.100.10" >&2; ok=0; }
    nsx nthA ping -c1 -W1 10.1.0.3 >/dev/null || { echo "nthA cannot reach nthA2" >&2; ok=0; }
    nsx ntpub ping -c1 -W1 198.51.100.31 >/dev/null || { echo "ntpub cannot reach ntpub2" >&2; ok=0; }
    nsx ntpub ping -6 -c1 -W1 2001:db8:100::31 >/dev/null || { echo "ntpub cannot reach 2001:db8:100::31" >&2; ok=0; }
    nsx ntpub2 ping -6 -c1 -W1 2001:db8:100::10 >/dev/null || { echo "ntpub2 cannot reach 2001:db8:100::10" >&2; ok=0; }
    if nsx nthA ping -c1 -W1 10.2.0.2 >/dev/null 2>&1; then echo "nthA reaches 10.2.0.2: NAT leak" >&2; ok=0; fi
    # The pings above made mappings: start every test from empty tables.
    nsx ntrA conntrack -F >/dev/null 2>&1 || true
    nsx ntrB conntrack -F >/dev/null 2>&1 || true
    [ "$ok" = 1 ] || { echo "lab up with errors: A=$kind_a B=$kind_b" >&2; return 1; }
    echo "lab up: A=$kind_a B=$kind_b"
}

nat() {   # A|B KIND [A|B KIND]...
    [ $# -ge 2 ] && [ $(($# % 2)) -eq 0 ] || usage
    check_tools
    while [ $# -gt 0 ]; do
        router_rules "$1" "$2"
        echo "router $1: $2"
        shift 2
    done
}

down() {
    local ns pids
    for ns in "${NSES[@]}"; do
        ns_has "$ns" || continue
        # Everything inside our namespaces was started by us: end it by PID, then the namespace.
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        if [ -n "$pids" ]; then
            # shellcheck disable=SC2086
            kill $pids 2>/dev/null || true
            for _ in 1 2 3 4 5 6 7 8 9 10; do
                pids=$(ip netns pids "$ns" 2>/dev/null || true)
                [ -z "$pids" ] && break
                sleep 0.2
            done
            # shellcheck disable=SC2086
            [ -n "$pids" ] && kill -9 $pids 2>/dev/null || true
        fi
        ip netns del "$ns" 2>/dev/null || true
    done
    rm -f "$STATE_DIR"/nat_A "$STATE_DIR"/nat_B
    local left
    left=$(ip netns list | awk '{print $1}' | grep -xE "$(IFS='|'; echo "${NSES[*]}")" || true)
    [ -z "$left" ] || { echo "namespaces left behind: $left" >&2; return 1; }
    echo "lab down"
}

status() {
    ip netns list | grep -E '^nt' || echo "no nt* namespaces"
    for ns in "${NSES[@]}"; do
        ns_has "$ns" || continue
        echo "== $ns"; nsx "$ns" ip -br addr | grep -v '^lo'
    done
    for r in A B; do
        [ -f "$STATE_DIR/nat_$r" ] && echo "router $r: $(cat "$STATE_DIR/nat_$r")"
    done
    for ns in ntrA ntrB; do
        ns_has "$ns" && { echo "== $ns nft"; nsx "$ns" nft list ruleset; }
    done
    return 0
}

usage() {
    echo "usage: [NAT_A=KIND] [NAT_B=KIND] $0 up | $0 nat A|B cone|symmetric|fullcone [A|B KIND] | $0 down | $0 status" >&2
    exit 2
}

[ "$(id -u)" = 0 ] || { echo "lab.sh: run as root (network namespaces and nftables need it)" >&2; exit 1; }
mkdir -p "$STATE_DIR"
case "${1:-}" in
    up) up ;;
    nat) shift; nat "$@" ;;
    down) down ;;
    status) status ;;
    *) usage ;;
esac
