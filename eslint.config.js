// ESLint for the reference portal (web/): `make lint` runs it (installed by `npm ci` on first use).
// The portal is native ES modules in the browser; config.js alone is a classic script, written at deployment.
import js from "@eslint/js";
import globals from "globals";

// Rules that catch real mistakes, on top of eslint:recommended (no-undef, no-unused-vars, no-redeclare…).
const mistakes = {
  eqeqeq: "error",
  "max-len": ["error", { code: 120 }],
  "no-implicit-globals": "error",
  "no-var": "error",
  "prefer-const": "error",
  "no-shadow": "error",
  "no-use-before-define": ["error", { functions: false, classes: true, variables: false }],
  "no-eval": "error",
  "no-implied-eval": "error",
  "no-new-func": "error",
  "no-self-compare": "error",
  "no-template-curly-in-string": "error",
  "no-unmodified-loop-condition": "error",
  "no-promise-executor-return": "error",
  "no-throw-literal": "error",
  "no-unused-expressions": "error",
  // Window properties that a missing declaration silently turns into something else (`status`, `name`…).
  "no-restricted-globals": ["error", "event", "name", "status", "length", "origin", "top", "parent", "self",
    "close", "closed", "open", "opener", "find", "print", "stop", "focus", "blur", "external", "frames"],
};

export default [
  { ignores: ["node_modules/", ".venv*/", ".aws-sam/", "test-artifacts/"] },
  {
    files: ["web/**/*.js"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: { ...js.configs.recommended.rules, ...mistakes },
  },
  {
    files: ["web/config.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["eslint.config.js"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
    rules: { ...js.configs.recommended.rules, ...mistakes },
  },
];
