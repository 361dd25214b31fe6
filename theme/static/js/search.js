// The search page: runs the reader's words through Pagefind's JS API
// (the newest bundle's pagefind.js, with the older bundles of the language
// merged into it: plugins/search/bundles.py) and
// lists the matching stories of the page's language. Works with ?q= in the
// address, so the form is a plain GET form too. Every text from the index is
// set with textContent; excerpts are built here, from the story's own words.
(function () {
  "use strict";
  var MAX_RESULTS = 20;
  var EXCERPT_WORDS = 30;
  var DELAY_MS = 250;
  var ZWSP = "\u200B";
  // Where the build's documents (plugins/search) have the story's text start
  // (after the title, which is shown anyway) and the folded words (`doan` for
  // `đoàn`) that follow a Vietnamese text.
  var TEXT_ID = "text";
  var FOLDED_ID = "folded";

  var box = document.querySelector(".search[data-pagefind]");
  if (!box) return;
  var form = box.querySelector("form");
  var input = box.querySelector("input[name=q]");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var lang = document.documentElement.lang;
  var siteRoot = new URL(box.getAttribute("data-site-root"), document.baseURI);
  var pagefind = null;
  var latest = 0;
  var timer = null;

  function text(name, count) {
    var value = box.getAttribute("data-text-" + name) || "";
    return value.replace("{count}", String(count));
  }

  // As the build folds Vietnamese: no combining marks, đ as d.
  function fold(value) {
    return value
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/[đð]/g, "d")
      .replace(/[ĐÐ]/g, "D")
      .toLowerCase();
  }

  function parts(value) {
    return fold(value).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // A language with no story yet has no index: every search finds nothing.
  var NO_INDEX = {
    search: function () {
      return Promise.resolve({ results: [] });
    },
  };

  function load() {
    if (!box.getAttribute("data-pagefind")) return Promise.resolve(NO_INDEX);
    if (!pagefind) {
      var url = new URL(box.getAttribute("data-pagefind"), document.baseURI).href;
      // Older years are bundles of their own, searched together with it.
      var older = (box.getAttribute("data-pagefind-merge") || "")
        .split(" ")
        .filter(Boolean)
        .map(function (bundle) {
          return new URL(bundle, document.baseURI).href;
        });
      pagefind = import(url).then(function (api) {
        return Promise.all(
          older.map(function (bundle) {
            return api.mergeIndex(bundle);
          })
        )
          .then(function () {
            return api.init();
          })
          .then(function () {
            return api;
          });
      });
    }
    return pagefind;
  }

  // The story's own words (from its text to the folded words), which of them
  // to mark, and the window of the excerpt: the one with the most marks.
  function excerpt(data, query) {
    // Pagefind keeps the segments of a Thai text apart with zero-width spaces
    // only in raw_content (where it also wrote < and > as &lt; and &gt;).
    var raw = data.raw_content || "";
    var segmented = raw.indexOf(ZWSP) !== -1;
    var words = segmented
      ? raw.split(ZWSP).map(function (word) {
          return word.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
        })
      : data.content.split(/\s+/);
    var first = 0;
    var count = words.length;
    (data.anchors || []).forEach(function (anchor) {
      if (anchor.id === FOLDED_ID && anchor.location < count) count = anchor.location;
    });
    (data.anchors || []).forEach(function (anchor) {
      if (anchor.id === TEXT_ID && anchor.location < count) first = anchor.location;
    });
    var marked = {};
    (data.locations || []).forEach(function (at) {
      if (at >= first && at < count) marked[at] = true;
    });
    if (!segmented) {
      // A folded word matched (`doan`): mark the story's own `đoàn`.
      var terms = parts(query);
      for (var i = first; i < count; i++) {
        var own = parts(words[i]);
        for (var j = 0; j < own.length && !marked[i]; j++) {
          for (var k = 0; k < terms.length; k++) {
            if (own[j].indexOf(terms[k]) === 0) marked[i] = true;
          }
        }
      }
    }
    var length = Math.min(EXCERPT_WORDS, count - first);
    var start = first;
    var best = 0;
    // Integer keys come in ascending order: the earliest densest window wins.
    Object.keys(marked).forEach(function (key) {
      var from = Math.max(first, Math.min(Number(key) - 5, count - length));
      var hits = 0;
      for (var at = from; at < from + length; at++) if (marked[at]) hits++;
      if (hits > best) {
        best = hits;
        start = from;
      }
    });
    return {
      words: words,
      first: first,
      start: start,
      end: start + length,
      count: count,
      marked: marked,
      joiner: segmented ? "" : " ",
    };
  }

  function renderExcerpt(target, found) {
    var pending = found.start > found.first ? "… " : "";
    for (var i = found.start; i < found.end; i++) {
      if (i > found.start) pending += found.joiner;
      if (found.marked[i]) {
        if (pending) target.appendChild(document.createTextNode(pending));
        pending = "";
        var mark = document.createElement("mark");
        mark.textContent = found.words[i];
        target.appendChild(mark);
      } else {
        pending += found.words[i];
      }
    }
    if (found.end < found.count) pending += " …";
    if (pending) target.appendChild(document.createTextNode(pending));
  }

  // Pagefind's URL is the page's path from the site root ("/th/a.html").
  function link(data) {
    return new URL((data.raw_url || data.url).replace(/^\/+/, ""), siteRoot).href;
  }

  function render(datas, query) {
    list.textContent = "";
    datas.forEach(function (data) {
      var item = document.createElement("li");
      item.className = "card";
      var article = document.createElement("article");
      var title = document.createElement("h2");
      title.className = "card-title";
      var a = document.createElement("a");
      a.href = link(data);
      a.textContent = data.meta.title || a.href;
      title.appendChild(a);
      article.appendChild(title);
      var about = [data.meta.date, data.meta.category].filter(Boolean);
      if (about.length) {
        var meta = document.createElement("p");
        meta.className = "meta";
        meta.textContent = about.join(" · ");
        article.appendChild(meta);
      }
      var dek = document.createElement("p");
      dek.className = "dek";
      renderExcerpt(dek, excerpt(data, query));
      article.appendChild(dek);
      item.appendChild(article);
      list.appendChild(item);
    });
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) {
      status.textContent = "";
      list.textContent = "";
      return Promise.resolve();
    }
    status.textContent = text("searching");
    return load()
      .then(function (api) {
        // The filter keeps the page's language even where Pagefind falls
        // back to another language's index (a language with no story yet).
        return api.search(query, { filters: { lang: lang } });
      })
      .then(function (response) {
        if (ticket !== latest) return null;
        var top = response.results.slice(0, MAX_RESULTS);
        return Promise.all(
          top.map(function (result) {
            return result.data();
          })
        ).then(function (datas) {
          if (ticket !== latest) return;
          render(datas, query);
          var count = response.results.length;
          status.textContent = count ? text("found", count) : text("none");
        });
      })
      .catch(function (error) {
        if (ticket !== latest) return;
        list.textContent = "";
        status.textContent = text("unavailable");
        console.warn("search:", error);
      });
  }

  function remember(query) {
    var url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set("q", query.trim());
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.href);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    remember(input.value);
    search(input.value);
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      remember(input.value);
      search(input.value);
    }, DELAY_MS);
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
