// The web editor's own orderedCollab.ts, loaded in Node: TypeScript's transpiler (from frontend/)
// turns it into CommonJS, and its one import, @codemirror/state, resolves from frontend/ too, so
// `frontendRequire("@codemirror/state")` hands out the very same ChangeSet and EditorState.
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

function loadOrderedCollab(frontend) {
  const frontendRequire = Module.createRequire(path.resolve(frontend, "package.json"));
  const ts = frontendRequire("typescript");
  const file = path.resolve(frontend, "src/features/editor/orderedCollab.ts");
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  });
  const loaded = new Module(file);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  loaded._compile(outputText, file);
  return { ...loaded.exports, frontendRequire };
}

module.exports = { loadOrderedCollab };
