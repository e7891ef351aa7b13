// Sizes offered in the form; the API accepts any WxH within 64..4096, these are the common square/portrait/landscape ones.
export const imageSizes = ["1024x1024", "512x512", "768x1024", "1024x768", "1280x720", "720x1280"] as const;
export const imageCounts = [1, 2, 3, 4] as const;
