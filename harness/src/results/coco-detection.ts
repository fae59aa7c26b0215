/** One detection in COCO results format: bbox is [x, y, width, height] in original image pixels. */
export interface CocoDetection {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}
