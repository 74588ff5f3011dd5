#!/usr/bin/env bash
# Whole-process comparison: `salesbench account list --search Q` against
# `fzf --filter Q` over the same 100,000 names. Prints both times and the
# ratio. Usage: benches/fzf_compare.sh [ACCOUNTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-100000}
runs=${2:-10}
work=${SALESBENCH_BENCH_DIR:-target/bench-data}
mkdir -p "$work"
db="$work/fzf-compare-$accounts.db"
names="$work/fzf-compare-$accounts.txt"

if ! command -v fzf >/dev/null 2>&1; then
  echo "installing fzf (Debian package)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq fzf >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq fzf >/dev/null; fi
fi

cargo build --release --quiet
bin=target/release/salesbench
export SALESBENCH_NOW=2026-11-23T09:00:00+09:00 TZ=Asia/Tokyo LANG=C
if [ ! -s "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  "$bin" --db "$db" demo --accounts "$accounts" --seed 1 >/dev/null
fi
# The same haystack for both: every account's name, one per line.
"$bin" --db "$db" account list | cut -f2 > "$names"
echo "haystack: $(wc -l < "$names") names ($(fzf --version | cut -d' ' -f1) vs salesbench)"

time_runs() { # command... -> mean seconds over $runs runs
  local start end
  start=$(date +%s.%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null; done
  end=$(date +%s.%N)
  echo "scale=4; ($end - $start) / $runs" | bc
}

# fzf exits 1 when nothing matches.
fzf_run() { fzf --filter "$1" < "$names" || true; }

printf '%-10s %12s %12s %8s %8s %8s\n' query salesbench_s fzf_s ratio hits fzf_hits
for q in a tan 田中 tanaka sato 0312 tnk たなか; do
  ours=$(time_runs "$bin" --db "$db" account list --search "$q")
  theirs=$(time_runs fzf_run "$q")
  hits=$("$bin" --db "$db" account list --search "$q" | wc -l)
  fzf_hits=$(fzf_run "$q" | wc -l)
  ratio=$(echo "scale=2; $ours / $theirs" | bc)
  printf '%-10s %12s %12s %8s %8s %8s\n' "$q" "$ours" "$theirs" "$ratio" "$hits" "$fzf_hits"
done
echo "ratio = salesbench / fzf (whole processes; salesbench also opens SQLite and loads 100k search keys)"
