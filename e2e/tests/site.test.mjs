// Browser tests of the built sample portal in Debian's Chromium:
// accessibility (axe-core, WCAG 2.1 AA tags), keyboard, reflow at 320 px,
// Vietnamese search with and without diacritics, screenshots.
// Run through e2e/run, which builds the site and sets SITE_DIR.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const siteDir = process.env.SITE_DIR || join(here, "..", "..", "public");
const artifacts = process.env.ARTIFACTS || join(here, "..", "artifacts");
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// One page of each type of the sample portal.
const pages = {
  "home": "/",
  "section": "/thong-cao-bao-chi/",
  "press-release": "/thong-cao-bao-chi/hue-wifi-cong-cong-khu-di-san/",
  "announcement": "/thong-bao/tuyen-dung-cong-chuc-nam-2026/",
  "spokesperson": "/nguoi-phat-ngon/hoang-van-lam/",
  "spokesperson-list": "/nguoi-phat-ngon/",
  "press-conference": "/hop-bao/hop-bao-dinh-ky-quy-iv-2026/",
  "press-conference-list": "/hop-bao/",
  "correction": "/cai-chinh/cai-chinh-so-lieu-phu-song-vung-kho-khan/",
  "unit": "/don-vi/van-phong-bo/",
  "withdrawn": "/thong-cao-bao-chi/cong-bo-chi-so-ket-noi-so-cap-tinh-2025/",
  "search-results": "/tim-kiem/?q=truyen+so+lieu",
  "accessibility": "/kha-nang-tiep-can/",
  "404": "/khong-co-trang-nay/",
};

let server, browser;
before(async () => {
  server = await serve(siteDir);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  await mkdir(artifacts, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// open loads path in a new page of the given width and fails on any CSP
// violation or script error.
async function open(path, width = 1280, opts = {}) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, ...opts });
  const page = await ctx.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(server.url + path, { waitUntil: "load" });
  return { page, problems, close: () => ctx.close() };
}

function problemsOf(problems) {
  // A 404 page is fetched with status 404: Chromium logs that as an error.
  return problems.filter((p) => !/status of 404/.test(p));
}

describe("accessibility (axe-core: wcag2a, wcag2aa, wcag21a, wcag21aa)", () => {
  for (const [name, path] of Object.entries(pages)) {
    test(`${name} ${path} has no violations`, async () => {
      const { page, problems, close } = await open(path);
      try {
        if (name === "search-results") await page.waitForSelector("#search-list li");
        // Evaluated through the DevTools protocol, which the page's CSP
        // (no inline script) does not block.
        await page.evaluate(axeSource);
        const res = await page.evaluate(() => window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        }));
        const report = res.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
          v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1).join(" ")}`).join("\n"));
        assert.deepEqual(report, [], `axe violations on ${path}:\n${report.join("\n")}`);
        assert.deepEqual(problemsOf(problems), [], "console errors");
        assert.ok(await page.$('footer a[href="/kha-nang-tiep-can/"]'), "footer links the accessibility statement");
      } finally {
        await close();
      }
    });
  }
});

describe("reflow at 320 px and screenshots", () => {
  for (const [name, path] of Object.entries(pages)) {
    test(`${name} ${path} fits 320 px without horizontal scrolling`, async () => {
      for (const width of [320, 1280]) {
        const { page, close } = await open(path, width);
        try {
          if (name === "search-results") await page.waitForSelector("#search-list li");
          await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
          if (width === 320) {
            const sw = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(sw <= 320, `scrollWidth is ${sw} at 320 px`);
          }
        } finally {
          await close();
        }
      }
    });
  }
});

describe("keyboard", () => {
  test("the skip link is the first Tab stop and moves focus to main", async () => {
    const { page, close } = await open(pages["press-release"]);
    try {
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => ({ cls: document.activeElement.className, href: document.activeElement.getAttribute("href") }));
      assert.equal(first.href, "#main", "first Tab stop");
      assert.ok(await page.evaluate(() => {
        const r = document.activeElement.getBoundingClientRect();
        return r.top >= 0 && r.height > 0;
      }), "skip link visible when focused");
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement.id), "main");
      // The next Tab goes into the content, not back to the header.
      await page.keyboard.press("Tab");
      assert.ok(await page.evaluate(() => document.querySelector("main").contains(document.activeElement)), "Tab after skip stays in main");
    } finally {
      await close();
    }
  });

  test("focus is visible on links", async () => {
    const { page, close } = await open(pages.home);
    try {
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, "none");
    } finally {
      await close();
    }
  });
});

// results types q into the search page's field, submits with Enter and
// returns the result URLs.
async function results(page, q) {
  await page.fill("#search-q", q);
  await page.press("#search-q", "Enter");
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status").textContent;
    return s && !/…$/.test(s);
  });
  return page.$$eval("#search-list li a", (as) => as.map((a) => new URL(a.href).pathname));
}

describe("search", () => {
  test("finds the same pages with and without diacritics, in any case", async () => {
    const { page, problems, close } = await open("/tim-kiem/");
    try {
      const want = await results(page, "truyền thông");
      assert.ok(want.length > 0, "truyền thông finds pages");
      for (const q of ["truyen thong", "TRUYỀN THÔNG", "Truyen Thong"]) {
        assert.deepEqual(await results(page, q), want, q);
      }
      const data = await results(page, "truyen so lieu");
      assert.ok(data.includes("/thong-cao-bao-chi/lam-dong-hoan-thanh-cap-quang-den-cap-xa/"), `truyen so lieu: ${data}`);
      assert.deepEqual(await results(page, "TRUYỀN SỐ LIỆU"), data);
      // đ and d match.
      const dong = await results(page, "lâm đồng");
      assert.ok(dong.length > 0);
      assert.deepEqual(await results(page, "lam dong"), dong);
      assert.deepEqual(problemsOf(problems), []);
    } finally {
      await close();
    }
  });

  test("ranks a document number match first", async () => {
    const { page, close } = await open("/tim-kiem/");
    try {
      const got = await results(page, "18/TCBC-SKNS");
      assert.equal(got[0], "/thong-cao-bao-chi/hue-wifi-cong-cong-khu-di-san/");
    } finally {
      await close();
    }
  });

  test("never finds withdrawn or expired pages", async () => {
    const { page, close } = await open("/tim-kiem/");
    try {
      const got = await results(page, "Công bố Chỉ số kết nối số cấp tỉnh năm 2025");
      assert.ok(!got.includes(pages.withdrawn), "withdrawn page found");
      const exp = await results(page, "lịch tiếp công dân tháng 3");
      assert.ok(!exp.includes("/thong-bao/lich-tiep-cong-dan-thang-3-2026/"), "expired page found");
    } finally {
      await close();
    }
  });

  test("filters by section and year", async () => {
    const { page, close } = await open("/tim-kiem/");
    try {
      await page.selectOption("#search-section", "thong-bao");
      const got = await results(page, "ket noi so");
      assert.ok(got.length > 0 && got.every((u) => u.startsWith("/thong-bao/")), `section filter: ${got}`);
      await page.selectOption("#search-section", "");
      await page.selectOption("#search-year", "2025");
      const y = await results(page, "");
      assert.ok(y.length > 0, "year filter alone finds pages");
      const dates = await page.$$eval("#search-list time", (ts) => ts.map((t) => t.getAttribute("datetime")));
      assert.equal(dates.length, y.length);
      assert.ok(dates.every((d) => d.startsWith("2025")), `year filter 2025 shows ${dates}`);
    } finally {
      await close();
    }
  });

  test("the header form leads to results, and the URL keeps the query", async () => {
    const { page, close } = await open(pages.home);
    try {
      await page.fill("#header-q", "truyen so lieu");
      await Promise.all([page.waitForURL(/\/tim-kiem\/\?q=/), page.press("#header-q", "Enter")]);
      await page.waitForSelector("#search-list li");
      assert.equal(await page.inputValue("#search-q"), "truyen so lieu");
      assert.ok(await page.isHidden("#search-nojs"));
    } finally {
      await close();
    }
  });

  test("without JavaScript the form leads to a page of sections", async () => {
    const { page, close } = await open(pages.home, 1280, { javaScriptEnabled: false });
    try {
      await page.fill("#header-q", "truyen so lieu");
      await Promise.all([page.waitForURL(/\/tim-kiem\/\?q=/), page.press("#header-q", "Enter")]);
      assert.ok(await page.isVisible("#search-nojs"));
      const links = await page.$$eval("#search-nojs a", (as) => as.map((a) => a.getAttribute("href")));
      assert.ok(links.includes("/thong-cao-bao-chi/"), `links: ${links}`);
    } finally {
      await close();
    }
  });
});
