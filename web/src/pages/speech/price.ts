// Speech's estimated price before the call, by the server's own rule (@waule/shared/pricing): characters
// (code points, as billed) per started 1K × the model's price.
import { speechCredits } from "@waule/shared/pricing";
import { speechCharacters } from "@waule/shared/speech";
import type { ModelEntry } from "../../api/models";

/** Null when the model lists no per-1K-characters price, so the page shows no number rather than a wrong one. */
export function estimateSpeechCredits(model: ModelEntry | undefined, input: string): number | null {
  const price = model?.waule.price;
  if (price === undefined || model?.waule.price_unit !== "per_1k_chars") return null;
  return speechCredits({ price }, speechCharacters(input));
}

/** Voices offered in the picker; a provider may accept others, so the field stays free text. */
export const suggestedVoices = ["alloy", "ash", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer"] as const;

/** Formats a browser can play back from a URL; `pcm` (raw samples) cannot be, so it is not offered. */
export const playableFormats = ["mp3", "wav", "opus", "aac", "flac"] as const;
