#!/usr/bin/env bash
# Times `nianbao filter` against `fzf --filter` on the same generated million-line input
# and prints both times, their ratio and both peak memories (needs fzf and GNU time).
# Usage: scripts/bench-filter.sh [LINES] [QUERY...]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
shift || true
queries=("$@")
[ ${#queries[@]} -gt 0 ] || queries=("case 12" "jiaxing 2023" "嘉兴技师" "jxjs")

for tool in fzf /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install fzf time)"; exit 2; }
done
cargo build --release --quiet
nianbao=target/release/nianbao
input=$(mktemp)
trap 'rm -f "$input"' EXIT

# Deterministic lines mixing Chinese names, pinyin-free Latin words, numbers and paths.
awk -v n="$lines" 'BEGIN {
  split("嘉兴技师学院 海宁卫生学校 平湖市职业中等专业学校 嘉善县中等专业学校 桐乡市卫生学校 海盐县商贸学校 嘉兴市交通学校 长三角 行业导师", school, " ");
  split("jiaxing haining pinghu jiashan tongxiang haiyan report case figure table", word, " ");
  split("规模和结构 设施设备 教师队伍 立德树人 职普融通 技能成才 职业发展 产教融合", section, " ");
  seed = 42;
  for (i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648; a = seed % 9 + 1;
    seed = (seed * 1103515245 + 12345) % 2147483648; b = seed % 10 + 1;
    seed = (seed * 1103515245 + 12345) % 2147483648; c = seed % 8 + 1;
    printf "%s/%d/%s/%s - case %d %s.txt\n", word[b], 2018 + i % 6, school[a], section[c], seed % 1000, word[(b + c) % 10 + 1];
  }
}' > "$input"

measure() { # prints "seconds peak_kib" for a command reading $input
  /usr/bin/time -f "%e %M" "$@" < "$input" > /dev/null 2> >(tail -1 > "$input.time"); wait
  cat "$input.time"
}
printf '%s lines\n' "$lines"
printf '%-14s %10s %10s %8s %12s %12s %8s\n' query nianbao_s fzf_s ratio nianbao_MiB fzf_MiB matches
for query in "${queries[@]}"; do
  read -r ours ours_kib < <(measure "$nianbao" filter "$query")
  read -r theirs theirs_kib < <(measure fzf --filter "$query")
  matches=$("$nianbao" filter "$query" < "$input" | wc -l)
  ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-14s %10s %10s %8s %12d %12d %8d\n' "$query" "$ours" "$theirs" "$ratio" \
    $((ours_kib / 1024)) $((theirs_kib / 1024)) "$matches"
done
rm -f "$input.time"
