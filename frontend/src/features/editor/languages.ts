/** Language modes: the room's language decides the syntax mode and what completion asks for. */
import { cpp } from "@codemirror/lang-cpp";
import { go } from "@codemirror/lang-go";
import { java } from "@codemirror/lang-java";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { indentUnit } from "@codemirror/language";
import { Compartment, Facet, type Extension } from "@codemirror/state";

import type { Language } from "../../api/protocol";

export const LANGUAGE_LABELS: Record<Language, string> = {
  python: "Python",
  javascript: "JavaScript",
  typescript: "TypeScript",
  c: "C",
  cpp: "C++",
  java: "Java",
  go: "Go",
  plaintext: "Plain text",
};

/** The room's language as the editor knows it, for extensions that depend on it. */
export const editorLanguage = Facet.define<Language, Language>({
  combine: (values) => values[0] ?? "plaintext",
});

/** Holds `languageSupport(...)`, so a `language` message can swap it in place. */
export const languageCompartment = new Compartment();

function syntaxFor(language: Language): Extension {
  switch (language) {
    case "python":
      // PEP 8 indents by four spaces; CodeMirror's default unit is two.
      return [python(), indentUnit.of("    ")];
    case "javascript":
      return javascript();
    case "typescript":
      return javascript({ typescript: true });
    // lang-cpp's grammar reads C as well.
    case "c":
    case "cpp":
      return cpp();
    case "java":
      return java();
    case "go":
      // gofmt indents with tabs.
      return [go(), indentUnit.of("\t")];
    case "plaintext":
      return [];
  }
}

export function languageSupport(language: Language): Extension {
  return [editorLanguage.of(language), syntaxFor(language)];
}
