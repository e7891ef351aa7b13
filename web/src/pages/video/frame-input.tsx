// The optional first frame of a video: an http(s) URL, or an uploaded image sent inline as a data: URL (the contract allows both).
import { ImageFileProblem, ImageInput } from "../../ui/image-input";

const MAX_FRAME_BYTES = 10 * 1024 * 1024;
const FRAME_TYPES = ["image/png", "image/jpeg", "image/webp"];

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsDataURL(file);
  });
}

async function readFrame(file: File): Promise<string> {
  if (!FRAME_TYPES.includes(file.type)) throw new ImageFileProblem("video.frameType");
  if (file.size > MAX_FRAME_BYTES) throw new ImageFileProblem("video.frameTooLarge");
  return readAsDataUrl(file);
}

const labels = {
  field: "video.firstFrame",
  url: "video.frameUrl",
  upload: "video.frameUpload",
  remove: "video.frameRemove",
  urlInvalid: "video.frameUrlInvalid",
} as const;

/** `value` is what goes into `first_frame`: "" for none. */
export function FrameInput(props: { value: string; onChange: (frame: string) => void; disabled?: boolean }) {
  return <ImageInput {...props} name="first_frame" accept={FRAME_TYPES} readFile={readFrame} labels={labels} />;
}

/** A frame the API would refuse: anything but an http(s) URL or an uploaded image. */
export function frameIsInvalid(frame: string): boolean {
  return frame !== "" && !/^https?:\/\//.test(frame) && !frame.startsWith("data:image/");
}
