// A tiny static server for the built site, on 127.0.0.1 only. It sends
// the Content-Security-Policy the build wrote in _headers (so a script or
// style the CSP would block fails the tests as it would in production),
// serves dir/index.html for dir/, and 404.html with status 404.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize } from "node:path";

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png",
  ".jpg": "image/jpeg", ".txt": "text/plain; charset=utf-8", ".ics": "text/calendar; charset=utf-8",
  ".vcf": "text/vcard; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".pdf": "application/pdf",
};

// csp returns the policy of the "/*" rule in root/_headers, or a strict default.
async function csp(root) {
  try {
    const text = await readFile(join(root, "_headers"), "utf8");
    const m = text.match(/^\s*Content-Security-Policy:\s*(.+)$/m);
    if (m) return m[1].trim();
  } catch { /* no _headers: use the default */ }
  return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'";
}

// serve starts the server on a free port and resolves to { url, close }.
export async function serve(root) {
  const policy = await csp(root);
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
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
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
