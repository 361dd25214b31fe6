"""Offline reading for members on weak networks.

- `offline.html` per language (`offline.html`, `th/offline.html`, …) from the
  theme's `offline.html` template: what a member sees when a page is neither
  online nor saved on the phone;
- `sw.js` at the output root (a worker only controls pages under its own
  folder). Its VERSION is a hash of the asset manifest, the offline pages and
  the worker's code, so a deploy that changes any of them gets new caches and
  the worker deletes the old ones on `activate`.

The worker precaches the shell (fingerprinted CSS/JS/icons, each language's
home and offline page), serves pages network-first (falling back to the cache,
then to the offline page of the address's language), keeps the last
OFFLINE_RECENT_PAGES pages opened in a separate cache, and serves fingerprinted
assets cache-first. Pagefind, feeds, sitemaps and calendars are never cached.
All URLs are relative to the worker's scope, so a site under a sub-path works.
"""

import hashlib
import json
import logging
import os
from functools import partial

from assets.assets import ASSETS_DIR, HASH_LENGTH
from pelican import signals
from pelican.generators import Generator

logger = logging.getLogger(__name__)

WORKER = "sw.js"
OFFLINE_PAGE = "offline.html"
RECENT_PAGES = 30
# Asset manifest keys (theme/static paths) precached with the shell.
SHELL_SUFFIXES = (".css", ".js", ".svg", ".woff2")
VERSION_LENGTH = 12

WORKER_JS = r"""'use strict';
// Written by the `offline` plugin at build time. Do not edit.
const CONFIG = __CONFIG__;
const VERSION = CONFIG.version;
const SCOPE = new URL(self.registration.scope);
const PREFIX = 'loa:' + SCOPE.pathname + ':';
const SHELL = PREFIX + 'shell:' + VERSION;
// Pages a member opened survive deploys: old asset URLs fall back to new ones.
const PAGES = PREFIX + 'pages';
const at = (path) => new URL(path, SCOPE).href;
const ASSETS = new Map(Object.entries(CONFIG.assets).map(([k, v]) => [k, at(v)]));
const FINGERPRINT = new RegExp('^' + CONFIG.assetsDir + '/(.+)\\.[0-9a-f]{' +
  CONFIG.hashLength + '}(\\.[a-z0-9]+)$');

function local(url) {
  // The address below the scope ('th/x.html'), or null outside the site.
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) {
    return null;
  }
  return url.pathname.slice(SCOPE.pathname.length);
}

function uncacheable(path) {
  return path.split('/').includes('pagefind') || path.split('/').includes('feeds') ||
    /\.(ics|xml|txt|json)$/.test(path) || path === 'sw.js';
}

function offlinePage(path) {
  const prefix = CONFIG.prefixes.find((p) => p && path.startsWith(p)) || '';
  return at(prefix + CONFIG.offlinePage);
}

async function matchPage(request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  const keys = [url.href];
  if (url.pathname.endsWith('/')) keys.push(url.href + 'index.html');
  if (url.pathname.endsWith('/index.html')) keys.push(url.href.slice(0, -10));
  for (const key of keys) {
    const hit = await caches.match(key);
    if (hit) return hit;
  }
  return null;
}

async function trim(cache) {
  const keys = await cache.keys();
  for (let i = 0; i < keys.length - CONFIG.recentPages; i++) {
    await cache.delete(keys[i]);
  }
}

async function remember(request, response) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (CONFIG.shell.some((p) => at(p) === url.href)) {
    await (await caches.open(SHELL)).put(url.href, response);
    return;
  }
  const cache = await caches.open(PAGES);
  await cache.delete(url.href); // re-opened pages become the newest
  await cache.put(url.href, response);
  await trim(cache);
}

async function navigate(event, path) {
  try {
    const response = await fetch(event.request);
    const type = response.headers.get('Content-Type') || '';
    if (response.ok && response.type === 'basic' && !response.redirected &&
        type.includes('text/html') &&
        !uncacheable(path)) {
      event.waitUntil(remember(event.request, response.clone()));
    }
    return response;
  } catch (error) {
    return (await matchPage(event.request)) ||
      (await caches.match(offlinePage(path))) ||
      new Response('Offline', {status: 503, headers: {'Content-Type': 'text/plain'}});
  }
}

async function asset(request, path) {
  const hit = await caches.match(request, {ignoreSearch: true});
  if (hit) return hit;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      const copy = response.clone();
      caches.open(SHELL).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    // A saved page of an older deploy asks for an older fingerprint.
    const match = FINGERPRINT.exec(path);
    const current = match && ASSETS.get(match[1] + match[2]);
    const fallback = current && await caches.match(current);
    if (fallback) return fallback;
    throw error;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    await cache.addAll(CONFIG.shell.map((p) => new Request(at(p), {cache: 'reload'})));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== SHELL && name !== PAGES) {
        await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const path = local(url);
  if (path === null || uncacheable(path)) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event, path));
  } else if (path.startsWith(CONFIG.assetsDir + '/')) {
    event.respondWith(asset(request, path));
  }
});
"""


def worker_source(config):
    return WORKER_JS.replace("__CONFIG__", json.dumps(config, sort_keys=True, indent=1))


def version_of(manifest, pages):
    """A hash of what the worker precaches: assets, offline pages, its code."""
    digest = hashlib.sha256()
    digest.update(json.dumps(manifest, sort_keys=True).encode())
    for data in pages:
        digest.update(hashlib.sha256(data).digest())
    digest.update(WORKER_JS.encode())
    return digest.hexdigest()[:VERSION_LENGTH]


class OfflineGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        sites = self.context["LANGUAGE_SITES"]
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        template = self.get_template("offline")
        pages = []
        for site in sites.values():
            save_as = site.url(OFFLINE_PAGE)
            write(
                save_as,
                template,
                self.context,
                template_name="offline",
                page_name=save_as[: -len(".html")],
                url=save_as,
                lang=site.code,
            )
            with open(os.path.join(self.output_path, save_as), "rb") as f:
                pages.append(f.read())
        manifest = self.context.get("ASSET_MANIFEST") or {}
        if not manifest:
            logger.warning("offline: no ASSET_MANIFEST; list 'offline' with 'assets'")
        shell = [
            url for key, url in sorted(manifest.items()) if key.endswith(SHELL_SUFFIXES)
        ]
        for site in sites.values():
            shell += [site.home_link, site.url(OFFLINE_PAGE)]
        config = {
            "version": version_of(manifest, pages),
            "assets": manifest,
            "assetsDir": ASSETS_DIR,
            "hashLength": HASH_LENGTH,
            "shell": shell,
            "prefixes": [site.prefix for site in sites.values()],
            "offlinePage": OFFLINE_PAGE,
            "recentPages": self.settings.get("OFFLINE_RECENT_PAGES", RECENT_PAGES),
        }
        with open(os.path.join(self.output_path, WORKER), "w", encoding="utf-8") as f:
            f.write(worker_source(config))
        logger.info(
            "offline: %s version %s, %d shell files",
            WORKER,
            config["version"],
            len(shell),
        )


def get_generators(pelican):
    return OfflineGenerator


def register():
    signals.get_generators.connect(get_generators)
