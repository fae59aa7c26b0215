/**
 * Turns a planned scene into JPEG bytes with sharp: SVG rasterised by librsvg, Gaussian sensor
 * noise added from the seeded stream, optional blur, then a fixed-quality JPEG encode.
 */
import sharp from 'sharp';
import type { Rng } from './prng.js';
import { objectSvg, type Scene } from './scene.js';

export const JPEG_QUALITY = 85;

export function sceneSvg(scene: Scene): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}">` +
    scene.backgroundSvg +
    scene.objects.map(objectSvg).join('') +
    scene.foregroundSvg +
    '</svg>'
  );
}

export async function renderScene(scene: Scene, noiseRng: Rng): Promise<Buffer> {
  const { data, info } = await sharp(Buffer.from(sceneSvg(scene)))
    .flatten({ background: '#808080' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (scene.noiseSigma > 0) {
    for (let i = 0; i < data.length; i += 1) {
      const v = (data[i] as number) + noiseRng.gauss() * scene.noiseSigma;
      data[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  let image = sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } });
  if (scene.blurSigma >= 0.3) image = image.blur(scene.blurSigma);
  return image.jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:2:0' }).toBuffer();
}

/** The bytes hil's preprocessing would feed a model: stretched to width×height, raw RGB. */
export async function resizeRaw(jpeg: Buffer, width: number, height: number): Promise<Buffer> {
  // lanczos3 (sharp's default, named so it cannot drift): the zoo's manifest declares the same
  // `resizeKernel`, so hil evaluates on exactly the pixels the models were trained on.
  return sharp(jpeg).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).removeAlpha().raw().toBuffer();
}
