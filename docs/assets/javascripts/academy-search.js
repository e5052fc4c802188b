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
const CANDIDATES = 15; /* pages loaded to order the first results */
const PARTIAL = 6; /* pages Pagefind matched on some words only, whose text is checked for the rest */
const TEACHING = 4; /* a module page's weight in that order */
const ASKED = 3; /* a module's extra weight when its 常见问法 cover all of the question */

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

/* Question words, particles and other function words carry no topic: 证书过期了怎么办
 * is about 证书 and 过期. They are dropped while the query is cut (segment), only where
 * they are not part of an indexed word: 在 goes in 在哪里 but stays in 在线, 了 goes in
 * 过期了 but stays in 付不了款. */
const STOP = new Set([
  "什么时候", "可不可以", "是不是", "有没有", "能不能", "会不会", "怎么办", "怎么样", "为什么",
  "不小心", "怎么", "如何", "为啥", "什么", "哪些", "哪里", "多少", "多久", "是否", "可以", "应该",
  "需要", "还能", "很多", "一下", "这个", "那个", "这样", "那样", "咋办", "已经", "但是", "可是",
  "突然", "一直", "还是", "就是", "如果", "或者", "因为", "所以", "然后", "别人", "我们", "你们",
  "他们", "自己", "给我", "吗", "呢", "吧", "啊", "呀", "了", "的", "得", "地", "谁", "要", "该",
  "我", "你", "他", "她", "把", "被", "都", "才", "就", "又", "也", "还", "在", "给",
  /* adverbs of degree, time and frequency, light verbs, measure words: a sentence's
   * filler, not its topic */
  "什么样", "怎样", "哪个", "特别", "非常", "十分", "总是", "老是", "经常", "常常",
  "以后", "之后", "以前", "之前", "时候", "的时候", "遇到", "碰到", "一个", "同一个", "好几次",
  "几次", "很大", "很", "太", "真的", "到底", "究竟", "其实", "还有", "而且", "不过", "一般",
  "一些", "有些", "这种", "那种", "这些", "那些", "才能", "能", "会", "想", "说", "跟", "和",
]);
const STOP_LONGEST = 4;
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff]+/g;
const HAN_WORD = /^[\u3400-\u4dbf\u4e00-\u9fff]+$/;
const LONGEST = 6;
const UNKNOWN = 3; /* an unindexed stretch this long is a word no page holds; shorter ones are dropped */

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

/* The query's words. Each Chinese run is cut into the index's own words (the fewest
 * words covering the most characters); question words and particles (STOP) are
 * dropped where they are no part of an indexed word, and so are single characters
 * left over. A stretch of two or more
 * characters that is no indexed word is kept as a word no page holds, so the query
 * lists nothing. Other words (Latin letters, digits) are kept whole, lower-cased. */
function terms(query) {
  const text = query.toLowerCase();
  const words = [];
  for (const match of text.matchAll(HAN)) words.push(...segment(match[0]));
  for (const word of text.replace(HAN, " ").split(/[^\p{L}\p{N}]+/u)) {
    if (word) words.push(word);
  }
  return [...new Set(words)];
}

function segment(run) {
  /* best[i]: the cut of run[0..i) with the fewest uncovered characters, then fewest words */
  const best = [{ lost: 0, count: 0, words: [], gap: "" }];
  const flush = (words, gap) => (gap.length >= UNKNOWN ? [...words, gap] : words);
  for (let end = 1; end <= run.length; end++) {
    let choice = null;
    const consider = (from, word) => {
      const prev = best[from];
      let candidate;
      if (word) {
        candidate = { lost: prev.lost, count: prev.count + 1, words: [...flush(prev.words, prev.gap), word], gap: "" };
      } else if (word === "") { /* a function word, dropped */
        candidate = { lost: prev.lost, count: prev.count, words: flush(prev.words, prev.gap), gap: "" };
      } else {
        candidate = { lost: prev.lost + 1, count: prev.count, words: prev.words, gap: prev.gap + run[from] };
      }
      if (!choice || candidate.lost < choice.lost ||
          (candidate.lost === choice.lost && candidate.count < choice.count)) {
        choice = candidate;
      }
    };
    consider(end - 1, null);
    for (let n = 1; n <= Math.min(STOP_LONGEST, end); n++) {
      if (STOP.has(run.slice(end - n, end))) consider(end - n, "");
    }
    for (let n = 2; n <= Math.min(LONGEST, end); n++) {
      const word = run.slice(end - n, end);
      if (vocabulary.has(word)) consider(end - n, word);
    }
    best.push(choice);
  }
  const last = best[run.length];
  return flush(last.words, last.gap);
}

/* A word of three characters or more may also be found as its longest indexed part
 * (打电话 as 电话): cutting it further is still a cut into whole words. */
function forms(word) {
  const out = [word];
  if (!/^[\u3400-\u4dbf\u4e00-\u9fff]{3,}$/.test(word)) return out;
  for (let n = word.length - 1; n >= 2; n--) {
    for (let i = 0; i + n <= word.length; i++) {
      const part = word.slice(i, i + n);
      if (vocabulary.has(part)) return [...out, part];
    }
  }
  return out;
}

/* Pages holding words of the query, best first: Pagefind's scores summed over the
 * words a page matches, longer words counting more. ``missing`` lists the words
 * Pagefind did not find on the page (its segmenter may have cut the page's text
 * differently); run() keeps a page only when its text holds those too. A word must
 * be a whole word of the indexed pages (academy-words.json): Pagefind would
 * otherwise answer an unknown word with the words it starts with ("as" for
 * asdfqwer), and a query with such a word lists nothing. */
async function rank(pf, query) {
  const words = terms(query);
  if (!words.length || !words.every((w) => vocabulary.has(w))) return [];
  const wordForms = words.map(forms);
  const flat = [...new Set(wordForms.flat())];
  const searches = new Map(
    await Promise.all(flat.map(async (w) => [w, (await pf.search(w)).results]))
  );
  const pages = new Map();
  wordForms.forEach((alternatives, k) => {
    const best = new Map(); /* page id → its best form of this word */
    for (const form of alternatives) {
      for (const result of searches.get(form)) {
        const gain = result.score * form.length;
        const seen = best.get(result.id);
        if (!seen || seen.gain < gain) best.set(result.id, { gain, form, result });
      }
    }
    for (const [id, { gain, form, result }] of best) {
      let page = pages.get(id);
      if (!page) {
        page = { result, score: 0, top: 0, words: [], found: new Set() };
        pages.set(id, page);
      }
      page.score += gain;
      page.words.push(form);
      page.found.add(k);
      if (result.score > page.top) {
        page.top = result.score;
        page.result = result;
      }
    }
  });
  return [...pages.values()]
    .map((page) => ({
      ...page,
      missing: wordForms.filter((_, k) => !page.found.has(k)),
      words: [...new Set([...page.words, ...words])],
    }))
    .sort((a, b) => a.missing.length - b.missing.length || b.score - a.score);
}

/* How much of the question the module's 常见问法 (the words trainees ask it with,
 * its keyword line) say, 0 to 1: the share of the question's Chinese characters that
 * lie inside one of those phrases as written in the question. 很多客户同时投诉 is
 * covered by 很多客户 and 同时投诉 (the emergency module) far more than by 投诉
 * alone, so the module whose common questions the trainee used comes first. */
const ASKED_LINE = /常见问法：([^.。\s]+)/;

function asked(page, query) {
  const line = ASKED_LINE.exec(page.content || "");
  const han = (query.toLowerCase().match(HAN) || []).join("");
  if (!line || !han) return 0;
  const covered = new Array(han.length).fill(false);
  for (const phrase of line[1].toLowerCase().split("、")) {
    if (phrase.length < 2) continue;
    for (let at = han.indexOf(phrase); at >= 0; at = han.indexOf(phrase, at + 1)) {
      covered.fill(true, at, at + phrase.length);
    }
  }
  return covered.filter(Boolean).length / han.length;
}

/* Does the page's text hold the word whole: a Chinese word anywhere in the text, any
 * other word between non-letters (so "as" is not found in "asdf")? */
function holds(text, word) {
  if (HAN_WORD.test(word)) return text.includes(word);
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "iu").test(text);
}

/* The excerpt: the page's sentence holding the most of the query's words, so a
 * result shows a teaching sentence, not the module's keyword list or facts card. */
const SENTENCE = /[^。！？；\n]+[。！？；]?/g;
const FACTS = /^(常见问法|学习目标|先修模块|所属考核方案|岗位学习路径|负责人|版本|学时|课程类别|难度|最近修改)/;

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function excerpt(page, words) {
  let best = null;
  let hits = 0;
  for (const match of (page.content || "").matchAll(SENTENCE)) {
    const sentence = match[0].trim();
    if (sentence.length < 8 || FACTS.test(sentence) || (sentence.match(/、/g) || []).length > 5) {
      continue;
    }
    const count = words.filter((w) => sentence.toLowerCase().includes(w)).length;
    if (count > hits) {
      best = sentence;
      hits = count;
    }
  }
  if (!best) return page.excerpt;
  let text = escapeHtml(best.length > 120 ? best.slice(0, 120) + "……" : best);
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    text = text.split(escapeHtml(word)).join(`\u0000${escapeHtml(word)}\u0001`);
  }
  return text.replace(/\u0000/g, "<mark>").replace(/\u0001/g, "</mark>");
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
    text.innerHTML = excerpt; /* escaped page text with <mark> added (Pagefind's or ours) */
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
    const ranked = await rank(pf, query);
    if (mine !== sequence) return; /* a newer query is under way */
    /* The best candidates' pages are loaded (their URLs decide the filters and the
     * order, their text the words Pagefind missed); a module, the page that teaches,
     * counts TEACHING times its score. */
    const wanted = Object.entries(filters);
    const complete = ranked.filter((p) => !p.missing.length);
    const partial = ranked.filter((p) => p.missing.length).slice(0, PARTIAL);
    const candidates = [...(wanted.length ? complete : complete.slice(0, CANDIDATES)), ...partial];
    const loaded = await Promise.all(candidates.map((p) => p.result.data()));
    if (mine !== sequence) return;
    const root = new URL(base).pathname;
    let entries = candidates
      .map((p, k) => {
        const facet = facets.pages[new URL(loaded[k].url, location.href).pathname.slice(root.length)];
        const order = p.score * (facet ? TEACHING * (1 + ASKED * asked(loaded[k], query)) : 1);
        return { ...p, page: loaded[k], facet, order };
      })
      .filter((e) => e.missing.every((forms) => forms.some((w) => holds(e.page.content || "", w))));
    if (wanted.length) {
      entries = entries.filter(
        (e) => Boolean(e.facet) && wanted.every(([name, value]) => e.facet[name] === value),
      );
    }
    entries.sort((a, b) => b.order - a.order);
    const shown = entries.slice(0, MAX_RESULTS);
    const pages = shown.map((e) => e.page);
    const items = pages.map((page, k) => {
      const words = shown[k].words;
      const li = document.createElement("li");
      li.className = "md-search-result__item academy-search-result";
      const title = page.meta.title || page.url;
      li.append(link(withHighlights(page.url, words), article("h1", title, excerpt(page, words))));
      const headings = (page.sub_results || [])
        .filter((sub) => sub.url !== page.url && sub.title !== title)
        .slice(0, MAX_HEADINGS);
      for (const sub of headings) {
        li.append(link(withHighlights(sub.url, words), article("h2", sub.title, sub.excerpt)));
      }
      return li;
    });
    list.replaceChildren(...items);
    const total = entries.length + Math.max(0, complete.length - CANDIDATES) * (wanted.length ? 0 : 1);
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
