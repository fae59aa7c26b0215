/**
 * Precision as a test dimension: a suite lists per model the precisions its GPU rows run at. Each
 * is its own row in results, tables and Allure, named `<model>@<precision>` (`vgg-ssd-mini@int8`);
 * the plain name is the model as its ONNX file is (FP32, or INT8 for an explicitly quantized one).
 */
export const PRECISIONS = ['fp32', 'fp16', 'int8'] as const;
export type Precision = (typeof PRECISIONS)[number];

export function withPrecision(model: string, precision: Precision): string {
  return precision === 'fp32' ? model : `${model}@${precision}`;
}

/** `vgg@int8` → { model: 'vgg', precision: 'int8' }; a plain name has no precision of its own. */
export function splitPrecision(name: string): { model: string; precision: Precision | undefined } {
  const at = name.lastIndexOf('@');
  const suffix = at > 0 ? name.slice(at + 1) : '';
  if ((PRECISIONS as readonly string[]).includes(suffix)) return { model: name.slice(0, at), precision: suffix as Precision };
  return { model: name, precision: undefined };
}

export const PRECISION_LABEL: Readonly<Record<Precision, string>> = { fp32: 'FP32', fp16: 'FP16', int8: 'INT8' };
