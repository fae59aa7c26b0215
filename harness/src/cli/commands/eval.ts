import { Option, type Command } from 'commander';
import { evaluateDetectionFiles, EVAL_METRICS, type EvalFilesResult, type EvalMetric } from '../../datasets/evaluate-detection-files.js';
import { EXIT_CODES } from '../../errors.js';
import { formatCocoSummary } from '../../metrics/coco-eval-summarize.js';
import { formatPythonFixed } from '../../metrics/python-format.js';
import type { SetExitCode } from '../set-exit-code.js';

/** Console text: pycocotools' 12 summary lines, or voc_eval's per-class lines and mean. */
export function formatEvalResult(result: EvalFilesResult): string {
  if (result.metric === 'coco') return formatCocoSummary(result.stats);
  const lines = Object.entries(result.perClass).map(
    ([name, ap]) => `AP for ${name} = ${ap === null ? 'n/a (no ground truth)' : formatPythonFixed(ap, 4)}`,
  );
  lines.push(`Mean AP = ${result.map === null ? 'n/a' : formatPythonFixed(result.map, 4)}  (${result.metric === 'voc07' ? 'VOC2007 11-point' : 'VOC2010+ all-point'})`);
  return lines.join('\n');
}

/** The `--json` document: `{"metric":"coco","stats":[12]}` or `{"metric":"voc07","map":x,"perClass":{...}}`. */
export function evalResultJson(result: EvalFilesResult): object {
  return result.metric === 'coco'
    ? { metric: result.metric, stats: result.stats }
    : { metric: result.metric, map: result.map, perClass: result.perClass };
}

/** `hil eval --annotations GT.json --detections DT.json [--metric coco|voc07|voc12] [--json]`. */
export function registerEval(program: Command, setExitCode: SetExitCode): void {
  program
    .command('eval')
    .description('Score detections (COCO results JSON) against ground truth (COCO instances JSON): COCO mAP as pycocotools, or PASCAL VOC AP')
    .requiredOption('--annotations <file>', 'ground truth, COCO instances format')
    .requiredOption('--detections <file>', 'detections, COCO results format')
    .addOption(new Option('--metric <metric>', 'coco: the 12 COCOeval stats; voc07: VOC2007 11-point AP; voc12: VOC2010+ all-point AP').choices([...EVAL_METRICS]).default('coco'))
    .option('--json', 'print the result as one JSON document')
    .action(async (options: { annotations: string; detections: string; metric: EvalMetric; json?: boolean }) => {
      const result = await evaluateDetectionFiles(options);
      process.stdout.write(options.json ? `${JSON.stringify(evalResultJson(result))}\n` : `${formatEvalResult(result)}\n`);
      setExitCode(EXIT_CODES.ok);
    });
}
