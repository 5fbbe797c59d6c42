/** Where a browser remembers the last models chosen in chat (the first-run guide writes its defaults here too). */
export const LAST_MODELS_KEY = "prism.chat.models";
