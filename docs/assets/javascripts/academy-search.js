/* 客服学院: the header search over the Pagefind index (pagefind/, built by
 * academy.site.search after MkDocs has written the pages).
 *
 * Pagefind's extended build segments Chinese at index and at query time with the
 * same segmenter, and loads only the index chunks a query needs. This script draws
 * the results in the theme's own markup (md-search-result…), so the dialog looks
 * and switches to dark mode as the theme's search did: a page, then its matching
 * headings. Filters by track and level come from academy-filters.json (module
 * pages' track and level, written with the index; Pagefind's own filter files are
 * not reproducible from build to build).
 * Keys: / or s opens, Esc closes. Result links carry ?highlight=… and the target
 * page marks the words (pagefind-highlight.js, loaded only then).
 *
 * When the list for a query is drawn, #academy-search-results gets
 * data-query="<query>" (tests wait for it). Text is set with textContent; only
 * Pagefind's excerpts, which are HTML-escaped with <mark> added, use innerHTML.
 * No request leaves the site.
 */
const dialog = document.querySelector(".academy-search");
/* the site root, from the page (import() would resolve against this script) */
const base = new URL(dialog ? dialog.dataset.academyBase : "/", location.href).href;
const PARAM = "highlight";
const MAX_RESULTS = 10;
const MAX_HEADINGS = 3;

if (new URLSearchParams(location.search).has(PARAM)) {
  import(base + "pagefind/pagefind-highlight.js")
    .then((m) => new m.default({ highlightParam: PARAM, addStyles: false }))
    .catch(() => {});
}

/* Pagefind cuts the query with the browser's word segmenter, which disagrees with
 * the index's (jieba). The query is cut here instead, against the index's own words
 * (academy-words.json, written by academy.site.search), and each word is passed on
 * unsplit: Intl.Segmenter's word mode is replaced by a whitespace split for Chinese,
 * and Pagefind runs without its worker so that it sees the replacement. */
const NativeSegmenter = Intl.Segmenter;
if (NativeSegmenter) {
  Intl.Segmenter = class extends NativeSegmenter {
    constructor(locale, options) {
      super(locale, options);
      this.words = Boolean(options && options.granularity === "word");
    }
    segment(text) {
      if (!this.words) return super.segment(text);
      return String(text)
        .split(/(\s+)/)
        .filter(Boolean)
        .map((segment) => ({ segment, isWordLike: !/^\s+$/.test(segment) }));
    }
  };
}

/* Question words carry no topic: 证书过期了怎么办 is about 证书 and 过期. */
const STOP = /怎么办|怎么样|怎么|如何|为什么|什么|哪些|哪里|多少|多久|是不是|能不能|可不可以|可以|应该|需要|还能|吗|呢|吧|啊|了|的|谁|要|该|我|你/g;
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff]+/g;
const LONGEST = 6;
const COVERAGE = 0.5; /* a page must match words covering half the query's characters */

let pagefind = null;
let vocabulary = null;
let facets = { filters: {}, pages: {} };
async function engine() {
  if (!pagefind) {
    const [pf, words, filters] = await Promise.all([
      import(base + "pagefind/pagefind.js"),
      fetch(base + "pagefind/academy-words.json").then((r) => r.json()),
      fetch(base + "pagefind/academy-filters.json").then((r) => r.json()),
    ]);
    facets = filters;
    await pf.options({
      baseUrl: new URL(base).pathname, /* the site may live under a sub-path */
      highlightParam: PARAM,
      excerptLength: 24,
      noWorker: true,
      /* A module teaching a topic is long; a page that merely mentions it is short.
       * Pagefind's default (0.75) favours short pages; teaching pages come first. */
      ranking: { pageLength: 0.3 },
    });
    vocabulary = new Set(words);
    pagefind = pf;
  }
  return pagefind;
}

/* The query's terms: indexed words found in its Chinese runs, and its other words. */
function terms(query) {
  const text = query.toLowerCase().replace(STOP, " ");
  const found = [];
  let size = 0;
  for (const match of text.matchAll(HAN)) {
    const run = match[0];
    size += run.length;
    for (let i = 0; i < run.length; i++) {
      for (let n = Math.min(LONGEST, run.length - i); n >= 2; n--) {
        const word = run.slice(i, i + n);
        if (vocabulary.has(word)) found.push({ word, start: match.index + i, length: n });
      }
    }
  }
  for (const word of text.replace(HAN, " ").split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= 2) {
      found.push({ word, start: -1, length: word.length });
      size += word.length;
    }
  }
  return { found, size };
}

/* Pages matching the terms, best first: Pagefind's score summed over the terms a
 * page matches, kept when those terms cover enough of the query. */
async function rank(pf, query) {
  const { found, size } = terms(query);
  if (!found.length) return [];
  const searches = await Promise.all(found.map((t) => pf.search(t.word)));
  const pages = new Map();
  searches.forEach((search, k) => {
    const term = found[k];
    for (const result of search.results) {
      let page = pages.get(result.id);
      if (!page) {
        page = { result, score: 0, best: 0, covered: new Set(), words: [] };
        pages.set(result.id, page);
      }
      page.score += result.score * term.length;
      page.words.push(term.word);
      if (result.score > page.best) {
        page.best = result.score;
        page.result = result;
      }
      for (let c = 0; c < term.length; c++) page.covered.add(term.start < 0 ? term.word + c : term.start + c);
    }
  });
  return [...pages.values()]
    .filter((page) => page.covered.size >= COVERAGE * size)
    .sort((a, b) => b.score - a.score);
}

function withHighlights(url, words) {
  const target = new URL(url, location.href);
  target.searchParams.delete(PARAM);
  for (const word of new Set(words)) target.searchParams.append(PARAM, word);
  return target.pathname + target.search + target.hash;
}

function setup() {
  if (!dialog) return;
  const toggle = document.getElementById("__search");
  const input = document.getElementById("academy-search-input");
  const list = document.getElementById("academy-search-results");
  const meta = dialog.querySelector(".md-search-result__meta");
  const filterBox = dialog.querySelector(".academy-search__filters");
  const selects = [...dialog.querySelectorAll("select[data-filter]")];
  let sequence = 0;
  let filtersLoaded = false;

  function open() {
    toggle.checked = true;
    input.focus();
    loadFilters();
  }
  function close() {
    toggle.checked = false;
    input.blur();
  }

  async function loadFilters() {
    if (filtersLoaded) return;
    filtersLoaded = true;
    await engine();
    for (const select of selects) {
      const values = facets.filters[select.dataset.filter] || [];
      for (const value of values) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.append(option);
      }
    }
    filterBox.hidden = false;
  }

  function article(tag, title, excerpt) {
    const node = document.createElement("article");
    node.className = "md-search-result__article md-typeset";
    const heading = document.createElement(tag);
    heading.textContent = title;
    const text = document.createElement("p");
    text.innerHTML = excerpt; /* Pagefind escapes the page text and adds <mark> */
    node.append(heading, text);
    return node;
  }

  function link(href, child) {
    const a = document.createElement("a");
    a.href = href;
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    a.append(child);
    return a;
  }

  async function run() {
    const query = input.value.trim();
    const mine = ++sequence;
    delete list.dataset.query;
    const filters = {};
    for (const select of selects) {
      if (select.value) filters[select.dataset.filter] = select.value;
    }
    if (!query) {
      list.replaceChildren();
      meta.textContent = "输入关键词开始搜索";
      list.dataset.query = "";
      return;
    }
    const pf = await engine();
    let ranked = await rank(pf, query);
    if (mine !== sequence) return; /* a newer query is under way */
    const wanted = Object.entries(filters);
    let pages;
    if (wanted.length) {
      /* filtering needs each page's URL: load them all (a handful of small fragments) */
      const all = await Promise.all(ranked.map((p) => p.result.data()));
      const root = new URL(base).pathname;
      const keep = all.map((page) => {
        const facet = facets.pages[new URL(page.url, location.href).pathname.slice(root.length)];
        return Boolean(facet) && wanted.every(([name, value]) => facet[name] === value);
      });
      ranked = ranked.filter((_, k) => keep[k]);
      pages = all.filter((_, k) => keep[k]).slice(0, MAX_RESULTS);
    } else {
      pages = await Promise.all(ranked.slice(0, MAX_RESULTS).map((p) => p.result.data()));
    }
    const shown = ranked.slice(0, MAX_RESULTS);
    if (mine !== sequence) return;
    const items = pages.map((page, k) => {
      const words = shown[k].words;
      const li = document.createElement("li");
      li.className = "md-search-result__item academy-search-result";
      const title = page.meta.title || page.url;
      li.append(link(withHighlights(page.url, words), article("h1", title, page.excerpt)));
      const headings = (page.sub_results || [])
        .filter((sub) => sub.url !== page.url && sub.title !== title)
        .slice(0, MAX_HEADINGS);
      for (const sub of headings) {
        li.append(link(withHighlights(sub.url, words), article("h2", sub.title, sub.excerpt)));
      }
      return li;
    });
    list.replaceChildren(...items);
    const total = ranked.length;
    meta.textContent = total ? `找到 ${total} 个符合条件的页面` : "没有找到符合条件的页面";
    list.dataset.query = query;
  }

  input.form.addEventListener("submit", (event) => event.preventDefault());
  input.addEventListener("input", run);
  for (const select of selects) select.addEventListener("change", run);
  dialog.querySelector("button[type=reset]").addEventListener("click", () => {
    input.value = "";
    run();
    input.focus();
  });
  toggle.addEventListener("change", () => (toggle.checked ? open() : close()));
  input.addEventListener("focus", () => {
    toggle.checked = true;
    loadFilters();
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing =
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    if (event.key === "Escape" && toggle.checked) {
      close();
      event.preventDefault();
    } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
               (event.key === "/" || event.key === "s")) {
      open();
      event.preventDefault();
    }
  });
}

setup();
