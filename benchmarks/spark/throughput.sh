#!/usr/bin/env bash
# Embedding throughput, Spark local[N] against the single-machine evaluation, on the same clips:
# RUNS alternating pairs, fresh cache / output each time; prints clips/s of each run and the medians.
#   spark: clips / seconds from SparkSession start to the last partition committed (printed by hares spark embed)
#   single: clips / (evaluator wall time - head training), from results.json (model loaded before the clock starts)
# Usage: benchmarks/spark/throughput.sh [RUNS] [LIMIT] [MASTER]   (defaults 3, 6, local[2])
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-3}"; LIMIT="${2:-6}"; MASTER="${3:-local[2]}"
MODEL="${MODEL:-slowfast-nfnet-f0}"
SUITE="$ROOT/demo/suite"
TASKS=(--task "esc50=$SUITE/ESC-50-master" --task "nsynth_pitch=$SUITE/nsynth")
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
spark=(); single=()
for i in $(seq "$RUNS"); do
  "$ROOT/hares" spark embed --master "$MASTER" --model "$MODEL" --limit "$LIMIT" "${TASKS[@]}" --out "$WORK/spark-$i" \
      --clips-per-partition "${CLIPS_PER_PARTITION:-8}" \
      2> "$WORK/spark-$i.log" > /dev/null
  s=$(grep -o '[0-9.]* clips/s' "$WORK/spark-$i.log" | head -1 | cut -d' ' -f1)
  clips=$(grep -o 'hares spark embed: [0-9]* clips in' "$WORK/spark-$i.log" | grep -o '[0-9]*' | head -1)
  "$ROOT/hares" eval --model "$MODEL" --protocol fast --limit "$LIMIT" "${TASKS[@]}" --cache "$WORK/cache-$i" \
      --out "$WORK/single-$i" > /dev/null 2> "$WORK/single-$i.log"
  m=$(/usr/bin/python3 -c "import json,sys; p=json.load(open(sys.argv[1]))['provenance']; \
print('%.3f' % ($clips / (p['wall_seconds'] - p['stage_seconds']['heads'])))" "$WORK/single-$i/results.json")
  echo "run $i: spark $MASTER $s clips/s, single machine $m clips/s ($clips clips)"
  spark+=("$s"); single+=("$m")
done
/usr/bin/python3 - "${spark[*]}" "${single[*]}" <<'PY'
import statistics, sys
s = [float(x) for x in sys.argv[1].split()]; m = [float(x) for x in sys.argv[2].split()]
print("median: spark %.2f clips/s, single machine %.2f clips/s, ratio %.2f" % (statistics.median(s), statistics.median(m),
      statistics.median(s) / statistics.median(m)))
PY
