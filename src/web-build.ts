import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';
import { projectRoot } from './common/paths.js';

/** The pages in src/web/pages, each its own bundle, with the title its HTML shell carries. */
export const WEB_PAGES = {
  home: 'Lắng Nghe: phiên đối thoại',
  citizen: 'Gửi ý kiến: Lắng Nghe',
  console: 'Bàn điều hành: Lắng Nghe',
  screen: 'Màn hình hội trường: Lắng Nghe',
  report: 'Báo cáo: Lắng Nghe',
  minutes: 'Biên bản phiên đối thoại: Lắng Nghe',
} as const;

export type WebPage = keyof typeof WEB_PAGES;

/** A page is src/web/pages/<page>.tsx, or a folder src/web/pages/<page>/ whose index.tsx is the page. */
function pageEntry(web: string, page: string): string {
  const folder = path.join(web, 'pages', page, 'index.tsx');
  return fs.existsSync(folder) ? folder : path.join(web, 'pages', `${page}.tsx`);
}

/**
 * Bundles src/web into `outDir` (dist/web): one minified ES module per page and one stylesheet,
 * named by content hash so browsers may keep them for good, a gzip copy of each for slow phones,
 * and one HTML shell per page (`<page>.html`) that loads them. Nothing refers to another host.
 */
export async function buildWeb(outDir = path.join(projectRoot(), 'dist', 'web')): Promise<void> {
  const root = projectRoot();
  const web = path.join(root, 'src', 'web');
  const assets = path.join(outDir, 'assets');
  fs.rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: [...Object.keys(WEB_PAGES).map((page) => ({ in: pageEntry(web, page), out: page })), { in: path.join(web, 'styles.css'), out: 'styles' }],
    bundle: true,
    format: 'esm',
    splitting: false,
    minify: true,
    // ES2020: Chrome 80+ (Android 5 and later with an updated WebView), Firefox 78, Safari 14.
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(web, 'tsconfig.json'),
    outdir: assets,
    entryNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs: Record<string, string> = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    // entryNames '[name]-[hash]': the name is the entry's `out` (a page), the hash has no dash.
    const name = /^(.+)-[^-]+\.(js|css)$/.exec(path.basename(file))?.[1];
    if (name) outputs[name] = `/assets/${path.basename(file)}`;
  }
  fs.copyFileSync(path.join(web, 'icon.svg'), path.join(assets, 'icon.svg'));
  for (const icon of fs.readdirSync(path.join(web, 'icons'))) fs.copyFileSync(path.join(web, 'icons', icon), path.join(assets, icon));
  // The citizen page's service worker, at the root so it may serve /s/*: it keeps what that page loads.
  const precache = [outputs.citizen, outputs.styles, '/assets/icon.svg'];
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(web, 'sw.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    tsconfig: path.join(web, 'tsconfig.json'),
    outfile: path.join(outDir, 'sw.js'),
    define: { PRECACHE: JSON.stringify(precache), CACHE_NAME: JSON.stringify(`citizen-${precache.map((a) => path.basename(a)).join('+')}`) },
    legalComments: 'none',
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(outDir, 'sw.js.gz'), zlib.gzipSync(fs.readFileSync(path.join(outDir, 'sw.js')), { level: 9 }));
  for (const [page, title] of Object.entries(WEB_PAGES)) {
    const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="/assets/icon-192.png">
<meta name="theme-color" content="#9b1c1c">
<link rel="stylesheet" href="${outputs.styles}">
<script type="module" src="${outputs[page]}"></script>
</head>
<body class="page-${page}">
<div id="app"><noscript>Trang này cần JavaScript.</noscript></div>
</body>
</html>
`;
    fs.writeFileSync(path.join(outDir, `${page}.html`), html);
  }
  for (const file of fs.readdirSync(assets)) {
    if (file.endsWith('.png')) continue; // compressed already
    fs.writeFileSync(path.join(assets, `${file}.gz`), zlib.gzipSync(fs.readFileSync(path.join(assets, file)), { level: 9 }));
  }
}

// `node dist/web-build.js` (npm run build, npm start).
if (process.argv[1] && path.basename(process.argv[1]).startsWith('web-build')) {
  await buildWeb();
}
