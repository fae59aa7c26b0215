/**
 * Class index -> COCO category_id. hil's convention (documented for users in the manifest):
 * category_id = 1-based position of the class among the model's non-background classes, so
 * `classes[category_id - 1]` is its name. With background at index 0 (SSD, pytorch-ssd, Caffe)
 * that is simply the class index; with no background class (backgroundClass < 0) it is index + 1.
 */
export function categoryIdFor(classIndex: number, backgroundClass: number): number {
  if (backgroundClass < 0 || classIndex < backgroundClass) return classIndex + 1;
  return classIndex;
}
