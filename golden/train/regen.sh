#!/usr/bin/env bash
# Regenerates the whole golden world from scratch: the dataset (committed val split + cached
# training pictures), the three SSD models, the pruning utilisation JSON and the manifest.
# Measured end to end from a fresh clone: 27 min on 2 cores (peak RSS 1.3 GB); allow ~90 min on a
# busy machine. Usage: npm run golden:regen   (or bash golden/train/regen.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-/usr/bin/python3}        # Debian's python3 with python3-torch 1.13, python3-onnx
CACHE=golden/.cache
HIL="node harness/dist/cli/main.js"
VGG_STEPS=${VGG_STEPS:-850}           # first cosine cycle, lr 2e-3
VGG_STEPS2=${VGG_STEPS2:-500}         # second cosine cycle from the first's weights, lr 1e-3
SQUEEZE_STEPS=${SQUEEZE_STEPS:-1500}
mkdir -p "$CACHE/ckpt" golden/models golden/datasets/shapes-v1
START=$(date +%s)
# The models as they were, to say afterwards whether retraining reproduced them byte for byte.
( cd golden/models && sha256sum -- *.onnx ) > "$CACHE/models-before.sha256" 2>/dev/null || true

npx tsc -p harness/tsconfig.json
# Validation split: rendered once with its raw 160x160 tensors for training-time evaluation,
# then the pictures and annotations are copied into the committed dataset folder.
$HIL golden generate --out "$CACHE/val-s7" --count 300 --seed 7 --raw-size 160x160
rm -rf golden/datasets/shapes-v1/images
cp -r "$CACHE/val-s7/images" "$CACHE/val-s7/annotations.json" golden/datasets/shapes-v1/
$HIL golden generate --out "$CACHE/train-s1001" --count 5000 --seed 1001 --raw-size 160x160

# The two backbones train side by side (VGG on 2 threads, SqueezeNet on 1).
GOLDEN_THREADS=2 $PY golden/train/train.py train --arch vgg --steps "$VGG_STEPS" --seed 1 --out "$CACHE/ckpt/vgg.pt" > "$CACHE/train-vgg.log" 2>&1 &
VGG=$!
GOLDEN_THREADS=1 $PY golden/train/train.py train --arch squeeze --steps "$SQUEEZE_STEPS" --seed 2 --out "$CACHE/ckpt/squeeze.pt" > "$CACHE/train-squeeze.log" 2>&1 &
SQUEEZE=$!
wait $VGG
cp "$CACHE/ckpt/vgg.pt" "$CACHE/ckpt/vgg-cycle1.pt"
GOLDEN_THREADS=2 $PY golden/train/train.py train --arch vgg --steps "$VGG_STEPS2" --lr 1e-3 --seed 11 \
  --init "$CACHE/ckpt/vgg-cycle1.pt" --out "$CACHE/ckpt/vgg.pt" > "$CACHE/train-vgg2.log" 2>&1
GOLDEN_THREADS=2 $PY golden/train/train.py prune --base "$CACHE/ckpt/vgg.pt" --out "$CACHE/ckpt/vgg-pruned.pt" \
  --gate-steps 300 --penalty 3 --gate-lr 3e-2 --stop-ratio 0.55 --finetune 300:1e-3,300:5e-4,400:5e-4 \
  --util-json golden/models/vgg-ssd-mini-pruned.utilisation.json > "$CACHE/train-prune.log" 2>&1
wait $SQUEEZE

export_model() { # checkpoint, model name, seed
  $PY golden/train/train.py export --ckpt "$CACHE/ckpt/$1.pt" --out "golden/models/$2.onnx" --seed "$3" \
    --meta "$CACHE/ckpt/$2.meta.json" --priors-json "$CACHE/ckpt/priors.json"
}
export_model vgg vgg-ssd-mini 1
export_model vgg-pruned vgg-ssd-mini-pruned 3
export_model squeeze squeezenet-ssd-mini 2
node golden/train/write-manifest.mjs
node golden/train/measure-zoo.mjs --rounds 3   # mAP and CPU latency, measured by hil
if [ -s "$CACHE/models-before.sha256" ] && ( cd golden/models && sha256sum --quiet -c "../../$CACHE/models-before.sha256" ) >/dev/null 2>&1; then
  echo "models: byte-identical to the ones before (same torch build, threads and seeds)"
else
  echo "models: retrained weights differ from the ones before (another torch build or CPU); compare the figures above"
fi
echo "golden world regenerated in $(( ($(date +%s) - START) / 60 )) minutes"
