# shellcheck shell=bash
# The NAT lab for tests/Sala.Nat.Tests and bench/Sala.Bench.Nat (tests/nat/lab.sh): network namespaces with nftables
# NAT and conntrack, coturn as the TURN relay, ping for the lab's own sanity checks; tests/Sala.Calls.Tests also runs
# a coturn of its own on 127.0.0.1 for the TURN allocation tests. Nothing is started here: the tests build and tear
# down the lab and start coturn themselves, and fail (not skip) when not root or a tool is missing.
packages+=(nftables conntrack coturn iputils-ping)
