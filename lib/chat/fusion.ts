/**
 * The collaborative prompt: the fuser sees every model's answer, labelled, and must write one answer
 * that cites its sources per point and names where the models disagree.
 */
export function fusionPrompt(
  question: string,
  answers: { model: string; text: string }[],
): { system: string; user: string } {
  const system = [
    "You combine answers that several AI models gave to the same question into one answer that is better than each of them.",
    "Rules:",
    "- Keep what is correct and useful from every answer; drop repetition; fix mistakes you are sure of.",
    "- After every point, cite the model(s) it came from in square brackets using their exact names, e.g. [Model A, Model B].",
    "- End with a section headed '## Disagreements' that lists each point where the models disagree, saying which model said what. If they agree on everything, write 'None: the models agree.' under that heading.",
    "- Use Markdown.",
  ].join("\n");
  const blocks = answers.map((a) => `### Answer from ${a.model}\n${a.text.trim()}`).join("\n\n");
  const user = `Question:\n${question.trim()}\n\n${blocks}\n\nWrite the combined answer now.`;
  return { system, user };
}
