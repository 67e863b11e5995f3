// Lighthouse (default mobile emulation, simulated throttling) on one page of
// each type of the built sample portal, in Debian's Chromium: accessibility,
// best practices and SEO must be 100, performance at least 95.
// Run through e2e/run, which builds the site and sets SITE_DIR. Reports
// (JSON and HTML) go to $ARTIFACTS/lighthouse/.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const here = dirname(fileURLToPath(import.meta.url));
const siteDir = process.env.SITE_DIR || join(here, "..", "..", "public");
const reports = join(process.env.ARTIFACTS || join(here, "..", "artifacts"), "lighthouse");

// The pages issue 6 names. The 404 page is audited at /404.html (the same
// document, status 200): at a missing URL Lighthouse's SEO audit "Page has
// successful HTTP status code" fails by design.
const pages = [
  ["home", "/"],
  ["section", "/thong-cao-bao-chi/"],
  ["press-release", "/thong-cao-bao-chi/hue-wifi-cong-cong-khu-di-san/"],
  ["announcement", "/thong-bao/tuyen-dung-cong-chuc-nam-2026/"],
  ["spokesperson", "/nguoi-phat-ngon/hoang-van-lam/"],
  ["press-conference", "/hop-bao/hop-bao-dinh-ky-quy-iv-2026/"],
  ["correction", "/cai-chinh/cai-chinh-so-lieu-phu-song-vung-kho-khan/"],
  ["search", "/tim-kiem/?q=truyen+so+lieu"],
  ["404", "/404.html"],
];

// Targets: score in 0..1.
// LIGHTHOUSE_MIN_PERFORMANCE lowers the performance gate where the score is
// known to be noisy (simulated throttling on a 2-core machine: see README.md).
const targets = { "accessibility": 1, "best-practices": 1, "seo": 1,
  "performance": Number(process.env.LIGHTHOUSE_MIN_PERFORMANCE || 95) / 100 };
// Performance is computed from a trace (simulated throttling) but still
// depends on the CPU time the page got: on a loaded machine a run may score
// low. A page below target is run again, up to this many runs, and the best
// run counts. The other categories do not depend on load and are not retried.
const runs = Number(process.env.LIGHTHOUSE_RUNS || 3);

// serve runs serve.mjs in a process of its own: in this process the
// server would answer only when Lighthouse's event loop is free, and a late
// stylesheet changes the trace being measured.
async function serve(dir) {
  const proc = spawn(process.execPath, [join(here, "..", "serve.mjs"), dir], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = once(proc, "exit").then(([code]) => { throw new Error(`serve.mjs exited with ${code}`); });
  const [line] = await Promise.race([once(proc.stdout, "data"), exited]);
  exited.catch(() => {});
  return { url: String(line).trim(), close: () => proc.kill() };
}

let server, chrome;
before(async () => {
  server = await serve(siteDir);
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || process.env.CHROME_PATH || "/usr/bin/chromium",
    chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  await mkdir(reports, { recursive: true });
  // The first navigation of a fresh browser pays for starting the renderer,
  // fonts and caches: a run whose score is not counted.
  await audit(server.url + "/");
});
after(async () => {
  await chrome?.kill();
  await server?.close();
});

// audit runs Lighthouse on url and returns its result (lhr) and the JSON
// and HTML reports. A run that Lighthouse itself ends with a runtime error
// ("NO_NAVSTART: Something went wrong with recording the trace … Please run
// Lighthouse again", seen on a fresh machine's first pages) is run again,
// up to 3 times: such a run measured nothing about the page.
async function audit(url) {
  let res;
  for (let attempt = 1; attempt <= 3; attempt++) {
    res = await lighthouse(url, {
      port: chrome.port, output: ["json", "html"], logLevel: "error",
      onlyCategories: Object.keys(targets),
    });
    assert.ok(res, `lighthouse returned nothing for ${url}`);
    if (!res.lhr.runtimeError) break;
    console.log(`# ${url}: lighthouse ${res.lhr.runtimeError.code} (attempt ${attempt} of 3)`);
  }
  assert.equal(res.lhr.runtimeError, undefined, `lighthouse: ${JSON.stringify(res.lhr.runtimeError)}`);
  return { lhr: res.lhr, json: res.report[0], html: res.report[1] };
}

// failing lists the scored audits of a category that did not pass, with
// their displayed values, so that a failure says what to fix.
function failing(lhr, id) {
  return lhr.categories[id].auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => {
      const a = lhr.audits[ref.id];
      const items = (a.details?.items || []).slice(0, 3)
        .map((i) => i.node?.snippet || i.url || i.sourceLocation?.url || i.description || "").filter(Boolean);
      return `    ${ref.id} (${a.score}${a.displayValue ? ", " + a.displayValue : ""}): ${a.title}` +
        (items.length ? `\n      ${items.join("\n      ")}` : "");
    }).join("\n");
}

const scores = {};
describe("lighthouse (mobile): accessibility, best practices, SEO 100; performance ≥ 95", () => {
  // LIGHTHOUSE_PAGES="home search" audits only these pages.
  const only = (process.env.LIGHTHOUSE_PAGES || "").split(/[\s,]+/).filter(Boolean);
  for (const [name, path] of pages) {
    if (only.length && !only.includes(name)) continue;
    test(`${name} ${path}`, async () => {
      let best;
      for (let i = 1; i <= runs; i++) {
        const r = await audit(server.url + path);
        if (!best || r.lhr.categories.performance.score > best.lhr.categories.performance.score) best = r;
        if (best.lhr.categories.performance.score >= targets.performance) break;
        if (i < runs) console.log(`# ${name}: performance ${Math.round(r.lhr.categories.performance.score * 100)} ` +
          `(host benchmark index ${Math.round(r.lhr.environment.benchmarkIndex)}), run ${i} of ${runs}; again`);
      }
      await writeFile(join(reports, `${name}.report.json`), best.json);
      await writeFile(join(reports, `${name}.report.html`), best.html);
      const got = Object.fromEntries(Object.keys(targets).map((id) => [id, Math.round(best.lhr.categories[id].score * 100)]));
      scores[name] = got;
      console.log(`# ${name}: ${Object.entries(got).map(([k, v]) => `${k} ${v}`).join(", ")}` +
        ` (host benchmark index ${Math.round(best.lhr.environment.benchmarkIndex)})`);
      const bad = Object.keys(targets).filter((id) => best.lhr.categories[id].score < targets[id]);
      assert.deepEqual(bad, [], `${path} below target (report: ${join(reports, name)}.report.html):\n` +
        bad.map((id) => `  ${id} ${got[id]}:\n${failing(best.lhr, id)}`).join("\n") +
        (best.lhr.runWarnings.length ? `\n  warnings: ${best.lhr.runWarnings.join("; ")}` : ""));
    });
  }
  after(async () => {
    await writeFile(join(reports, "scores.json"), JSON.stringify(scores, null, 2) + "\n");
  });
});
