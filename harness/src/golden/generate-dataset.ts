/**
 * Writes a golden dataset (independent pictures) or a frame sequence (moving objects) as JPEG files
 * plus COCO instances JSON. Picture i is drawn from `fork(i)` of the seeded stream, so the bytes of
 * each picture depend only on (seed, i, size) and every run writes identical files.
 */
import { mkdir, writeFile, open } from 'node:fs/promises';
import path from 'node:path';
import { sizeBucket, type CocoAnnotation, type CocoDataset, type CocoImage, type SizeBucket } from './coco.js';
import { createRng, type Rng } from './prng.js';
import { renderScene, resizeRaw } from './render-scene.js';
import { planBackground, planObjects, planScene, type Scene, type SceneObject } from './scene.js';
import { GOLDEN_CLASSES, f, geometryBox, translateGeometry } from './shapes.js';

/** Bump when the generator's output changes; recorded in the JSON and the model provenance. */
export const GENERATOR_VERSION = 'shapes-v1';

export interface GenerateOptions {
  outDir: string;
  count: number;
  seed: number;
  width?: number;
  height?: number;
  /** Also write `raw-WxH.u8`: every picture stretched to W×H raw RGB, concatenated (for training). */
  rawSize?: [number, number];
  /** Consecutive frames with moving objects instead of independent pictures. */
  sequence?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateSummary {
  outDir: string;
  annotationsFile: string;
  rawFile: string | null;
  images: number;
  annotations: number;
  bySize: Record<SizeBucket, number>;
  byClass: Record<string, number>;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

function annotationsOf(scene: Scene, imageId: number, firstId: number): CocoAnnotation[] {
  return scene.objects.map((o, k) => {
    // Clip to the picture: moving objects may leave it partly.
    const x1 = Math.max(0, o.box.x);
    const y1 = Math.max(0, o.box.y);
    const x2 = Math.min(scene.width, o.box.x + o.box.w);
    const y2 = Math.min(scene.height, o.box.y + o.box.h);
    const bbox: [number, number, number, number] = [round2(x1), round2(y1), round2(x2 - x1), round2(y2 - y1)];
    return { id: firstId + k, image_id: imageId, category_id: o.categoryId, bbox, area: round2(bbox[2] * bbox[3]), iscrowd: 0 };
  });
}

/** Folds an unbounded coordinate back into [0, span], as if bouncing off both ends. */
function bounce(p: number, span: number): number {
  if (span <= 0) return 0;
  const m = ((p % (2 * span)) + 2 * span) % (2 * span);
  return m <= span ? m : 2 * span - m;
}

/** A sequence moves each object with its own constant velocity, bouncing off the borders. */
function sequenceFrames(rng: Rng, width: number, height: number): (frame: number) => Scene {
  const backgroundSvg = planBackground(rng, width, height);
  const objects = planObjects(rng, width, height, 6);
  const velocities = objects.map(() => [rng.range(-2.5, 2.5), rng.range(-2.5, 2.5)] as [number, number]);
  // Static thin bars in front: objects pass under them (partial occlusion that changes over time).
  const bars = Array.from({ length: rng.int(1, 3) }, () =>
    `<rect x="${f(rng.range(0, width))}" y="0" width="${f(rng.range(4, 10))}" height="${height}" fill="#3a3a3a" transform="rotate(${rng.range(-25, 25).toFixed(1)} ${width / 2} ${height / 2})"/>`,
  ).join('');
  const noiseSigma = rng.range(3, 8);
  return (frame) => {
    const moved: SceneObject[] = objects.map((o, k) => {
      const [vx, vy] = velocities[k] as [number, number];
      const b = o.box;
      const dx = bounce(b.x + vx * frame, width - b.w) - b.x;
      const dy = bounce(b.y + vy * frame, height - b.h) - b.y;
      const geometry = translateGeometry(o.geometry, dx, dy);
      return { ...o, geometry, box: geometryBox(geometry) };
    });
    return { width, height, backgroundSvg, objects: moved, foregroundSvg: bars, noiseSigma, blurSigma: 0 };
  };
}

export async function generateDataset(options: GenerateOptions): Promise<GenerateSummary> {
  const width = options.width ?? 256;
  const height = options.height ?? 256;
  const root = createRng(options.seed);
  const imagesDir = path.join(options.outDir, 'images');
  await mkdir(imagesDir, { recursive: true });
  const rawFile = options.rawSize ? path.join(options.outDir, `raw-${options.rawSize[0]}x${options.rawSize[1]}.u8`) : null;
  const raw = rawFile ? await open(rawFile, 'w') : null;
  const frameAt = options.sequence ? sequenceFrames(root.fork(0x5e9), width, height) : null;
  const images: CocoImage[] = [];
  const annotations: CocoAnnotation[] = [];
  try {
    for (let i = 0; i < options.count; i += 1) {
      const id = i + 1;
      const scene = frameAt ? frameAt(i) : planScene(root.fork(2 * i), width, height);
      const jpeg = await renderScene(scene, root.fork(2 * i + 1));
      const fileName = `images/${String(id).padStart(6, '0')}.jpg`;
      await writeFile(path.join(options.outDir, fileName), jpeg);
      if (raw && options.rawSize) await raw.write(await resizeRaw(jpeg, options.rawSize[0], options.rawSize[1]));
      images.push({ id, width, height, file_name: fileName });
      annotations.push(...annotationsOf(scene, id, annotations.length + 1));
      options.onProgress?.(i + 1, options.count);
    }
  } finally {
    await raw?.close();
  }
  const dataset: CocoDataset = {
    info: {
      description: options.sequence ? 'hil golden frame sequence' : 'hil golden synthetic shapes',
      version: GENERATOR_VERSION,
      seed: options.seed,
      sequence: Boolean(options.sequence),
    },
    images,
    annotations,
    categories: GOLDEN_CLASSES.map((name, k) => ({ id: k + 1, name, supercategory: 'shape' })),
  };
  const annotationsFile = path.join(options.outDir, 'annotations.json');
  await writeFile(annotationsFile, `${JSON.stringify(dataset)}\n`);
  const bySize: Record<SizeBucket, number> = { small: 0, medium: 0, large: 0 };
  const byClass: Record<string, number> = Object.fromEntries(GOLDEN_CLASSES.map((c) => [c, 0]));
  for (const a of annotations) {
    bySize[sizeBucket(a.area)] += 1;
    const name = GOLDEN_CLASSES[a.category_id - 1] as string;
    byClass[name] = (byClass[name] ?? 0) + 1;
  }
  return { outDir: options.outDir, annotationsFile, rawFile, images: images.length, annotations: annotations.length, bySize, byClass };
}
