// npm run sandbox:vocabulary – rewrites stripe-vocabulary.generated.ts from the installed SDK's types
import { writeFileSync } from "node:fs";
import path from "node:path";
import { GENERATED_FILE, REPO_ROOT, readStripeVocabulary, renderVocabulary } from "./read-sdk-types";

const vocabulary = readStripeVocabulary();
writeFileSync(GENERATED_FILE, await renderVocabulary(vocabulary));
console.log(
  `${path.relative(REPO_ROOT, GENERATED_FILE)}: ${vocabulary.eventTypes.length} event types, ` +
    `${vocabulary.checkoutUiModes.length} Checkout UI modes, from stripe ${vocabulary.sdkVersion}`,
);
