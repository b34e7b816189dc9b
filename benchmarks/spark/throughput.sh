#!/usr/bin/env bash
# Embedding throughput, Spark local[N] against the single-machine evaluation, on the same clips:
# RUNS alternating pairs, fresh cache / output each time; prints clips/s of each run and the medians.
#
# What is timed (both clocks exclude JVM start and the model load, and include task loading, decoding,
# log-mel, the forward passes and writing the embeddings):
#   spark:  clips / seconds from the moment the SparkSession has started and the driver has loaded the model
#           to the last partition committed (printed by hares spark embed). In local[N] the executor task
#           slots share the driver JVM's model, so no model load is inside the clock (on a cluster each
#           executor's first task would load its own).
#   single: clips / (evaluator wall time - head training), from results.json; hares eval loads the model
#           before the evaluator's clock starts.
# The same libtorch threading on both sides: local[N] runs N task slots, each with 1 libtorch thread
# (spark.task.cpus = 1) and 1 decoding thread, around one shared model; the single machine runs hares eval at
# its defaults: N libtorch threads (-Dai.djl.pytorch.num_threads=N, 1 inter-op thread, as the Spark executors)
# shared by its extraction streams (2 by default: 2 model instances x N/2 threads),
# and N decoding threads. Both JVMs get the same heap (HEAP, default 2g) and batch size (BATCH, default 32).
#
# Usage: benchmarks/spark/throughput.sh [RUNS] [LIMIT] [MASTER]   (defaults 3, 6, local[2])
#   LIMIT: clips per split (per fold for ESC-50), as --limit; 0 = every clip of the suite. The demo suite has
#          10-17 clips per ESC-50 fold and 11 (valid) to 99 (train) notes per NSynth split: past those the splits
#          stop growing. SUITE=DIR points at another folder with ESC-50-master/ and nsynth/ (e.g. the full sets).
#   CLIPS_PER_PARTITION: default LIMIT/2 rounded up, clamped to 2..8, so the N slots always get several partitions each
#          (the last partitions then leave little idle time) while the per-partition cost stays small.
# Run it on a quiet machine: other jobs on the same cores distort both sides.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-3}"; LIMIT="${2:-6}"; MASTER="${3:-local[2]}"
MODEL="${MODEL:-slowfast-nfnet-f0}"
HEAP="${HEAP:-2g}"; BATCH="${BATCH:-32}"
SUITE="${SUITE:-$ROOT/demo/suite}"
case "$MASTER" in
  local\[[0-9]*\]) SLOTS="${MASTER//[^0-9]/}" ;;
  *) echo "MASTER must be local[N] (the comparison is against one machine with N cores)" >&2; exit 2 ;;
esac
LIMIT_ARGS=(); [ "$LIMIT" -gt 0 ] && LIMIT_ARGS=(--limit "$LIMIT")
if [ -z "${CLIPS_PER_PARTITION:-}" ]; then
  half=$(( LIMIT > 0 ? (LIMIT + 1) / 2 : 8 ))
  CLIPS_PER_PARTITION=$(( half < 2 ? 2 : half > 8 ? 8 : half ))
fi
TASKS=(--task "esc50=$SUITE/ESC-50-master" --task "nsynth_pitch=$SUITE/nsynth")
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
echo "$(lscpu | grep -m1 'Model name' | sed 's/  */ /g'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $MODEL," \
  "batch $BATCH, heap $HEAP, limit $LIMIT, $CLIPS_PER_PARTITION clips per partition, $SLOTS slots vs $SLOTS threads"
spark=(); single=()
for i in $(seq "$RUNS"); do
  HARES_JAVA_OPTS="-Xmx$HEAP" "$ROOT/hares" spark embed --master "$MASTER" --model "$MODEL" "${LIMIT_ARGS[@]}" "${TASKS[@]}" \
      --out "$WORK/spark-$i" --batch-size "$BATCH" --threads 1 --clips-per-partition "$CLIPS_PER_PARTITION" \
      2> "$WORK/spark-$i.log" > /dev/null || { cat "$WORK/spark-$i.log" >&2; exit 1; }
  s=$(grep -o '[0-9.]* clips/s' "$WORK/spark-$i.log" | head -1 | cut -d' ' -f1)
  clips=$(grep -o 'hares spark embed: [0-9]* clips in' "$WORK/spark-$i.log" | grep -o '[0-9]*' | head -1)
  partitions=$(grep -o 'in [0-9]* partitions' "$WORK/spark-$i.log" | grep -o '[0-9]*' | head -1)
  HARES_JAVA_OPTS="-Xmx$HEAP -Dai.djl.pytorch.num_threads=$SLOTS -Dai.djl.pytorch.num_interop_threads=1" \
    "$ROOT/hares" eval --model "$MODEL" --protocol fast "${LIMIT_ARGS[@]}" "${TASKS[@]}" --cache "$WORK/cache-$i" \
      --out "$WORK/single-$i" --batch-size "$BATCH" --threads "$SLOTS" > /dev/null 2> "$WORK/single-$i.log" \
      || { cat "$WORK/single-$i.log" >&2; exit 1; }
  m=$(/usr/bin/python3 -c "import json,sys; p=json.load(open(sys.argv[1]))['provenance']; \
print('%.3f' % ($clips / (p['wall_seconds'] - p['stage_seconds']['heads'])))" "$WORK/single-$i/results.json")
  echo "run $i: spark $MASTER $s clips/s, single machine $m clips/s ($clips clips, $partitions partitions)"
  spark+=("$s"); single+=("$m")
  rm -rf "$WORK/spark-$i" "$WORK/cache-$i"
done
/usr/bin/python3 - "${spark[*]}" "${single[*]}" <<'PY'
import statistics, sys
s = [float(x) for x in sys.argv[1].split()]; m = [float(x) for x in sys.argv[2].split()]
print("median: spark %.2f clips/s, single machine %.2f clips/s, ratio %.2f" % (statistics.median(s), statistics.median(m),
      statistics.median(s) / statistics.median(m)))
PY
