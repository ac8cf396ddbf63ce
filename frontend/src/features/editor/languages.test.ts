import { language as languageFacet, syntaxTree } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { LANGUAGES } from "../../api/protocol";
import { LANGUAGE_LABELS, languageSupport } from "./languages";

const SAMPLES = {
  c: ["int main(void) { return 0; }", "cpp"],
  cpp: ["#include <iostream>\nint main() { std::cout << 1; }", "cpp"],
  java: ["public class Main { }", "java"],
  go: ["package main\nfunc main() {}", "go"],
  typescript: ["const x: number = 1;", "typescript"],
} as const;

describe("languageSupport", () => {
  it.each(Object.entries(SAMPLES))("parses %s with its own grammar", (language, [doc, name]) => {
    const state = EditorState.create({
      doc,
      extensions: languageSupport(language as keyof typeof SAMPLES),
    });
    expect(state.facet(languageFacet)?.name).toBe(name);
    expect(syntaxTree(state).length).toBe(doc.length);
  });

  it("labels every language", () => {
    for (const language of LANGUAGES) expect(LANGUAGE_LABELS[language]).toBeTruthy();
  });
});
