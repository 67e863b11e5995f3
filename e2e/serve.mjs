// A tiny static server for the built site, on 127.0.0.1 only. It sends the
// headers the build wrote in _headers, the Content-Security-Policy among them
// (so a script or style the CSP would block fails the tests as it would in
// production), serves dir/index.html for dir/, and 404.html with status 404.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize } from "node:path";

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png",
  ".jpg": "image/jpeg", ".txt": "text/plain; charset=utf-8", ".ics": "text/calendar; charset=utf-8",
  ".vcf": "text/vcard; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".pdf": "application/pdf",
};

// rules reads root/_headers (Netlify's format: a path line, then indented
// "Name: value" lines) into [{path, headers}]. Without _headers, a strict
// default CSP.
async function rules(root) {
  let text;
  try {
    text = await readFile(join(root, "_headers"), "utf8");
  } catch {
    return [{ path: "/*", headers: {
      "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'",
      "X-Content-Type-Options": "nosniff",
    } }];
  }
  const out = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) { out.push({ path: line.trim(), headers: {} }); continue; }
    const m = line.match(/^\s+([^:]+):\s*(.*)$/);
    if (m && out.length) out[out.length - 1].headers[m[1].trim()] = m[2].trim();
  }
  return out;
}

// headersFor returns the headers of the rules matching the URL path: "/*",
// a "/dir/*" prefix or the exact path.
function headersFor(all, path) {
  const h = {};
  for (const r of all) {
    const match = r.path.endsWith("*") ? path.startsWith(r.path.slice(0, -1)) : path === r.path;
    if (match) Object.assign(h, r.headers);
  }
  return h;
}

// serve starts the server on a free port and resolves to { url, close }.
export async function serve(root) {
  const all = await rules(root);
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    path = normalize(path).replace(/^(\.\.[/\\])+/, "");
    let file = join(root, path);
    let status = 200;
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      await stat(file);
    } catch {
      file = join(root, "404.html");
      status = 404;
    }
    try {
      const body = await readFile(file);
      res.writeHead(status, {
        "Content-Type": types[extname(file)] || "application/octet-stream",
        ...headersFor(all, status === 404 ? "/404.html" : path),
      });
      res.end(body);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

// Run directly: node serve.mjs DIR → prints the URL and serves until killed.
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await serve(process.argv[2] || "../public");
  console.log(s.url);
}
