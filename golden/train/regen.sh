#!/usr/bin/env bash
# Regenerates the whole golden world from scratch: the dataset (committed val split + cached
# training pictures), the SSD models (VGG, its pruned and int8 copies, SqueezeNet, PVANet), the
# Tiny-YOLO-v2 model, the pruning utilisation JSON, the manifest and the INT8 calibration caches.
# Three models took 27 min end to end on 2 cores (peak RSS 1.3 GB); the six took 64 min, then 53
# min with passive OpenMP waiting (Dec 2026, byte-identical models and calibration caches)
# (PVA and YOLO train on one thread each after SqueezeNet and the pruning, see below); allow much
# longer on a busy machine. Usage: npm run golden:regen   (or bash golden/train/regen.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-/usr/bin/python3}        # Debian's python3 with python3-torch 1.13, python3-onnx
CACHE=golden/.cache
HIL="node harness/dist/cli/main.js"
VGG_STEPS=${VGG_STEPS:-850}           # first cosine cycle, lr 2e-3
VGG_STEPS2=${VGG_STEPS2:-500}         # second cosine cycle from the first's weights, lr 1e-3
SQUEEZE_STEPS=${SQUEEZE_STEPS:-1500}
PVA_STEPS=${PVA_STEPS:-2000}
YOLO_STEPS=${YOLO_STEPS:-1200}
mkdir -p "$CACHE/ckpt" golden/models golden/datasets/shapes-v1
# Lane 1 runs 2 OpenMP threads beside lane 2's one, on 2 cores: with libgomp's default spin-wait
# the waiting threads burn the cores the others need. Passive waiting made that phase 30% faster
# (40 VGG + 60 SqueezeNet steps: 47 s -> 33 s) with bit-identical weights (only `seconds` differs).
export OMP_WAIT_POLICY=PASSIVE
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

# Two lanes on the 2 cores. Lane 1: VGG (2 threads), its second cycle and the pruning, then
# Tiny-YOLO-v2 (1 thread). Lane 2: SqueezeNet (1 thread), then PVANet (1 thread), which starts
# while the VGG side still runs. Each result depends only on its own seed and thread count, never
# on what runs beside it.
GOLDEN_THREADS=2 $PY golden/train/train.py train --arch vgg --steps "$VGG_STEPS" --seed 1 --out "$CACHE/ckpt/vgg.pt" > "$CACHE/train-vgg.log" 2>&1 &
VGG=$!
( GOLDEN_THREADS=1 $PY golden/train/train.py train --arch squeeze --steps "$SQUEEZE_STEPS" --seed 2 --out "$CACHE/ckpt/squeeze.pt" > "$CACHE/train-squeeze.log" 2>&1
  GOLDEN_THREADS=1 $PY golden/train/train.py train --arch pva --steps "$PVA_STEPS" --seed 5 --out "$CACHE/ckpt/pva.pt" > "$CACHE/train-pva.log" 2>&1 ) &
SQUEEZE_PVA=$!
wait $VGG
cp "$CACHE/ckpt/vgg.pt" "$CACHE/ckpt/vgg-cycle1.pt"
GOLDEN_THREADS=2 $PY golden/train/train.py train --arch vgg --steps "$VGG_STEPS2" --lr 1e-3 --seed 11 \
  --init "$CACHE/ckpt/vgg-cycle1.pt" --out "$CACHE/ckpt/vgg.pt" > "$CACHE/train-vgg2.log" 2>&1
GOLDEN_THREADS=2 $PY golden/train/train.py prune --base "$CACHE/ckpt/vgg.pt" --out "$CACHE/ckpt/vgg-pruned.pt" \
  --gate-steps 300 --penalty 3 --gate-lr 3e-2 --stop-ratio 0.55 --finetune 300:1e-3,300:5e-4,400:5e-4 \
  --util-json golden/models/vgg-ssd-mini-pruned.utilisation.json > "$CACHE/train-prune.log" 2>&1
GOLDEN_THREADS=1 $PY golden/train/train.py yolo --steps "$YOLO_STEPS" --seed 7 --out "$CACHE/ckpt/yolo.pt" > "$CACHE/train-yolo.log" 2>&1
wait $SQUEEZE_PVA

export_model() { # checkpoint, model name, seed
  $PY golden/train/train.py export --ckpt "$CACHE/ckpt/$1.pt" --out "golden/models/$2.onnx" --seed "$3" \
    --meta "$CACHE/ckpt/$2.meta.json" --priors-json "$CACHE/ckpt/priors.json"
}
export_model vgg vgg-ssd-mini 1
export_model vgg-pruned vgg-ssd-mini-pruned 3
export_model squeeze squeezenet-ssd-mini 2
export_model pva pva-ssd-mini 5
# int8: post-training quantization of the exported FP32 pruned model, calibrated on training pictures.
GOLDEN_THREADS=2 $PY golden/train/train.py quantize --fp32 golden/models/vgg-ssd-mini-pruned.onnx \
  --out golden/models/vgg-ssd-mini-pruned-int8.onnx --seed 8 --calib 1000 \
  --meta "$CACHE/ckpt/vgg-ssd-mini-pruned-int8.meta.json" > "$CACHE/quantize-int8.log" 2>&1
# YOLO: raw region output; the reference decoder's detections (3 val pictures in detail, all as COCO results).
$PY golden/train/train.py yolo-export --ckpt "$CACHE/ckpt/yolo.pt" --out golden/models/tiny-yolo-v2-mini.onnx --seed 7 \
  --meta "$CACHE/ckpt/tiny-yolo-v2-mini.meta.json" --reference-json "$CACHE/tiny-yolo-v2-mini.reference.json" \
  --expected-detections "$CACHE/tiny-yolo-v2-mini.expected-detections.json"
node golden/train/write-manifest.mjs
# INT8 calibration caches (TensorRT EntropyCalibration2) of every FP32 model, on the first 500
# training pictures, for the TensorRT of the INT8-capable emulated GPUs: the Drive PX2's discrete
# Pascal (8.2.1, unconfirmed, see devices/drivepx2.yaml), Xavier NX (JetPack 5.1.2, 8.5.2), Orin
# Nano (JetPack 6.2, 10.3.0). The scales are computed once; only each file's header differs.
$HIL models calibrate --images "$CACHE/train-s1001" --count 500 --trt 8.2.1 --trt 8.5.2 --trt 10.3.0
node golden/train/measure-zoo.mjs --rounds 3   # mAP and CPU latency, measured by hil
if [ -s "$CACHE/models-before.sha256" ] && ( cd golden/models && sha256sum --quiet -c "../../$CACHE/models-before.sha256" ) >/dev/null 2>&1; then
  echo "models: byte-identical to the ones before (same torch build, threads and seeds)"
else
  echo "models: retrained weights differ from the ones before (another torch build or CPU); compare the figures above"
fi
echo "golden world regenerated in $(( ($(date +%s) - START) / 60 )) minutes"
