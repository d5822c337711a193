// Where a server's CPU time went, from the .cpuprofile files `node --cpu-prof` wrote: self
// time by area (package, Next, the app's own bundles, Node, GC) and by function, and
// inclusive time by function. `npm run bench -- --cpu-prof` prints it after the run; the
// profiles themselves open in Chrome DevTools (Performance → Load profile).
//
//   npx tsx bench/profile-summary.ts <folder or .cpuprofile>...
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Samples that are not the process working: waiting for I/O, and V8's own bookkeeping. */
const NOT_WORK = new Set(["(idle)", "(program)", "(root)"]);

/** The part of the stack a frame belongs to, for a first look at where time goes. */
export function areaOf(frame: CallFrame): string {
  const name = frame.functionName;
  if (name.startsWith("(")) return name;
  const url = frame.url;
  if (!url) return "(native)";
  if (url.startsWith("node:")) return "node";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) {
    const pkg = modules[1]!;
    // Next ships React and its other dependencies precompiled inside its own dist/.
    const compiled = /next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    return compiled ? `next (compiled ${compiled[1]})` : pkg;
  }
  if (url.includes("/.next/server/")) return "app bundles (.next/server)";
  return path.basename(url);
}

function frameKey(frame: CallFrame): string {
  const where = frame.url
    ? `${frame.url.replace(/^.*node_modules\//, "").replace(/^.*\/\.next\//, ".next/")}:${frame.lineNumber + 1}`
    : "";
  return `${frame.functionName || "(anonymous)"} ${where}`.trim();
}

type Tally = Map<string, number>;
const add = (tally: Tally, key: string, micros: number) => tally.set(key, (tally.get(key) ?? 0) + micros);

/** Adds one profile's samples to the tallies; returns its working time in microseconds. */
function tallyProfile(profile: CpuProfile, self: Tally, areas: Tally, inclusive: Tally): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  let working = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node || NOT_WORK.has(node.callFrame.functionName)) return;
    working += micros;
    add(self, frameKey(node.callFrame), micros);
    add(areas, areaOf(node.callFrame), micros);
    // Each function once per sample, however often it recurs on the stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (NOT_WORK.has(frame.functionName)) continue;
      const key = frameKey(frame);
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, micros);
      }
    }
  });
  return working;
}

function profileFiles(targets: string[]): string[] {
  return targets.flatMap((target) =>
    statSync(target).isDirectory()
      ? readdirSync(target)
          .filter((name) => name.endsWith(".cpuprofile"))
          .map((name) => path.join(target, name))
      : [target],
  );
}

/** A printable summary of the profiles in `targets` (folders or files). */
export function summarizeProfiles(...targets: string[]): string {
  const files = profileFiles(targets);
  if (files.length === 0) return `no .cpuprofile in ${targets.join(", ")}`;
  const self: Tally = new Map();
  const areas: Tally = new Map();
  const inclusive: Tally = new Map();
  let working = 0;
  for (const file of files) {
    working += tallyProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, self, areas, inclusive);
  }
  const share = (micros: number) => `${((100 * micros) / working).toFixed(1).padStart(5)}%`;
  const top = (tally: Tally, n: number) =>
    [...tally.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, micros]) => `  ${share(micros)}  ${key}`)
      .join("\n");
  return [
    `CPU profile: ${files.length} process(es), ${(working / 1e6).toFixed(1)} s of work (idle excluded)`,
    `profiles: ${[...new Set(files.map((f) => path.dirname(f)))].join(", ")}`,
    "",
    "self time by area:",
    top(areas, 15),
    "",
    "self time by function:",
    top(self, 25),
    "",
    "inclusive time by function (a function's own time and its callees'):",
    top(inclusive, 40),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const targets = process.argv.slice(2);
  if (targets.length === 0) {
    console.error("usage: npx tsx bench/profile-summary.ts <folder or .cpuprofile>...");
    process.exit(2);
  }
  console.log(summarizeProfiles(...targets));
}
