#!/usr/bin/env bash
# Whole-process figures at each size: what a person waits for at the
# prompt. Usage: benches/scale.sh [SIZES] [RUNS]   (default 1000,10000,100000 and 5)
#
# Per size it uses (or makes, timing it) target/bench-data/demo-N.db, the
# file the criterion benches use, and prints one line per command: the
# median and the range of RUNS runs, and the peak resident memory. The
# TUI is started in tmux at 80x24; its resident memory is read from /proc
# once its lists have loaded and a filter has been typed.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-1000,10000,100000}
runs=${2:-5}
work=${SALESBENCH_BENCH_DIR:-target/bench-data}
mkdir -p "$work"
cargo build --release --quiet
bin=$PWD/target/release/salesbench
export SALESBENCH_NOW=2026-11-23T09:00:00+09:00 TZ=Asia/Tokyo LANG=C

# median and range (seconds) and peak KB of `runs` runs of a command.
measure() {
  local label=$1
  shift
  local times=() peak=0 t kb
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/.time" "$@" > /dev/null
    read -r t kb < "$work/.time"
    times+=("$t")
    ((kb > peak)) && peak=$kb
  done
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  printf '%-32s median %6.3f s  (%s-%s)  peak %4d MB\n' "$label" \
    "$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")" \
    "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)" $((peak / 1024))
}

for n in ${sizes//,/ }; do
  db="$work/demo-$n.db"
  if [ ! -f "$work/demo-$n.ok" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    /usr/bin/time -f '%e %M' -o "$work/.time" "$bin" --db "$db" demo --accounts "$n" --seed 1 > /dev/null
    read -r t kb < "$work/.time"
    echo ok > "$work/demo-$n.ok"
    echo "demo --accounts $n: generated in $t s, peak $((kb / 1024)) MB"
  fi
  echo "== $n accounts: file $(du -m "$db" | cut -f1) MB, $(sqlite3 "file:$db?mode=ro" 'select count(*) from conversations' 2>/dev/null || echo '?') conversations"
  # The day's first command takes the daily backup: take it before timing.
  "$bin" --db "$db" account show 1 > /dev/null
  measure "account list --search tanaka" "$bin" --db "$db" account list --search tanaka
  measure "quiet --json" "$bin" --db "$db" quiet --json
  measure "today --json" "$bin" --db "$db" today --json
  measure "report churn --json" "$bin" --db "$db" report churn --json
  measure "log (one call)" "$bin" --db "$db" log 1 --summary "scale bench call"
  empty="$work/scale-empty.db"
  rm -f "$empty" "$empty-wal" "$empty-shm"
  "$bin" --db "$empty" account add "Scale Bench" > /dev/null
  measure "log (one call, empty file)" "$bin" --db "$empty" log 1 --summary "scale bench call"

  if command -v tmux > /dev/null; then
    session="scale-$n-$$"
    tmux new-session -d -s "$session" -x 80 -y 24 "$bin --db $db --lang en"
    pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
    # On the Accounts screen, wait for the lists: its count line
    # ("1000 of 1000") stands where "Loading…" stood.
    sleep 0.5
    tmux send-keys -t "$session" 1
    for _ in $(seq 1200); do
      sleep 0.1
      tmux capture-pane -p -t "$session" | grep -q "^$n of $n" && break
    done
    tmux send-keys -t "$session" / t a n a k a
    sleep 1
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
    printf '%-32s %d MB resident (peak %d MB)\n' "TUI after load + filter" "$rss" "$hwm"
    # Insight (values, plans) is computed after the lists: read again once
    # it has settled, as a rep would find the TUI after a minute.
    sleep 30
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
    printf '%-32s %d MB resident (peak %d MB)\n' "TUI 30 s later" "$rss" "$hwm"
    tmux kill-session -t "$session"
  fi
done
