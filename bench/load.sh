#!/usr/bin/env bash
# Load test of `paddock serve` on loopback: many tenants, a scripted OpenAI-compatible model, an
# in-process server on a temporary SQLite database. Prints requests/s and p50/p99 of task creation
# and step listing, and the noisy-neighbour figure (a quiet tenant's p99 alone and while another
# tenant floods at 10× its rate limit).
#
# Usage: bench/load.sh [flags]     (bench/load.sh -h lists them; each phase lasts -duration, default 3s)
#        bench/load.sh --database postgres://...   the same table for one node, then two nodes on that database
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./bench/load "$@"
