// The optional reference image: an http(s) URL (downloaded by the browser at submit) or an uploaded file.
import { ImageFileProblem, ImageInput } from "../../ui/image-input";
import { blobToDataUrl, REFERENCE_TYPES, ReferenceImageError } from "./reference-image";

async function readReference(file: File): Promise<string> {
  try {
    return await blobToDataUrl(file);
  } catch (err) {
    throw err instanceof ReferenceImageError ? new ImageFileProblem(err.problem) : err;
  }
}

const labels = {
  field: "mj.reference",
  url: "mj.referenceUrl",
  upload: "mj.referenceUpload",
  remove: "mj.referenceRemove",
  urlInvalid: "mj.referenceUnreachable",
} as const;

/** `value` is "" (none), an http(s) URL as typed, or the uploaded image as a data: URL. */
export function ReferenceInput(props: { value: string; onChange: (value: string) => void; disabled?: boolean }) {
  return (
    <ImageInput {...props} name="reference_url" accept={REFERENCE_TYPES} readFile={readReference} labels={labels} />
  );
}
