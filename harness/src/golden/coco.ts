/** COCO instances JSON, the subset hil writes and reads for detection datasets. */
export interface CocoImage {
  id: number;
  width: number;
  height: number;
  file_name: string;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** [x, y, width, height] in pixels. */
  bbox: [number, number, number, number];
  /** Box area (w×h): the shapes carry no masks, and COCO's small/medium/large split reads this. */
  area: number;
  iscrowd: 0;
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
}

export interface CocoDataset {
  info: Record<string, unknown>;
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
}

export type SizeBucket = 'small' | 'medium' | 'large';

/** COCO's area ranges: small < 32², large > 96². */
export function sizeBucket(area: number): SizeBucket {
  return area < 32 * 32 ? 'small' : area > 96 * 96 ? 'large' : 'medium';
}
