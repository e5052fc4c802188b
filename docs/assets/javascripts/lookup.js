/* 客服学院: certificate lookup and the print button of certificate pages.
 *
 * Loaded on every portal page (mkdocs.yml extra_javascript) and on the standalone
 * certificate pages; it does nothing where neither #academy-lookup nor a
 * [data-academy-print] button exists.
 *
 * A query is normalised (NFKC, no spaces, upper case) and hashed with 32-bit
 * FNV-1a over its UTF-8 bytes; the top byte, as two hex digits, names the one
 * shard to load: certificates/data/lookup/<xx>.json. academy.core.addresses
 * writes the shards with the same function. Results are built with textContent
 * only, never as HTML. No request leaves the site.
 */
(function () {
  "use strict";

  var STATUSES = ["active", "renewal_due", "expired", "revoked", "superseded"];
  var CERT_ID = /^[A-Z]{1,6}[0-9]{7,}$/;
  var PARAM = "cert"; /* ?cert=CS2024001 (the theme's search owns ?q=) */
  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/javascripts\/lookup\.js(?:[?#].*)?$/, "") : "";

  function normalise(text) {
    return text.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
  }

  function fnv1a32(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function shardOf(key) {
    return ("0" + (fnv1a32(key) >>> 24).toString(16)).slice(-2);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function line(label, value) {
    var p = el("p");
    p.appendChild(el("span", "academy-lookup__label", label + "："));
    p.appendChild(document.createTextNode(value || "—"));
    return p;
  }

  function card(record) {
    var status = STATUSES.indexOf(record.status) >= 0 ? record.status : "expired";
    var box = el("div", "academy-lookup__card cert-status--" + status);
    var head = el("p");
    if (CERT_ID.test(record.id)) {
      var link = el("a", "academy-lookup__id", record.id);
      link.href = root + "certificates/" + record.id + "/";
      head.appendChild(link);
    } else {
      head.appendChild(el("span", "academy-lookup__id", record.id));
    }
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "cert-badge cert-badge--" + status, record.status_label));
    box.appendChild(head);
    box.appendChild(line("持证人", record.name + "（工号 " + record.employee_id + "）"));
    box.appendChild(line("部门", record.department));
    box.appendChild(line("项目与等级", record.program + " · " + record.level));
    box.appendChild(line("发证日期 / 有效期至", record.issued_on + " / " + record.valid_until));
    return box;
  }

  function show(results, nodes) {
    results.replaceChildren.apply(results, nodes);
  }

  function message(text) {
    return el("p", "academy-lookup__message", text);
  }

  function search(container, query) {
    var results = container.querySelector(".academy-lookup__results");
    var key = normalise(query);
    if (!key) {
      show(results, [message("请输入证书编号或工号。")]);
      return;
    }
    show(results, [message("正在查询……")]);
    var url = root + "certificates/data/lookup/" + shardOf(key) + ".json";
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 404) return { keys: {} };
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var found = (data.keys && data.keys[key]) || [];
        if (!found.length) {
          show(results, [message("没有找到“" + query.trim() + "”的证书。请核对证书编号或工号。")]);
          return;
        }
        var nodes = [message("找到 " + found.length + " 张证书（状态按 " + (data.as_of || "") + " 计算）：")];
        found.forEach(function (record) {
          nodes.push(card(record));
        });
        show(results, nodes);
      })
      .catch(function () {
        show(results, [message("查询失败，请稍后再试，或在证书名册中浏览。")]);
      });
  }

  function setUpLookup() {
    var container = document.getElementById("academy-lookup");
    if (!container || container.dataset.ready) return;
    container.dataset.ready = "1";
    var form = container.querySelector("form");
    var input = container.querySelector("input");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(window.location.href);
      url.searchParams.set(PARAM, input.value.trim());
      window.history.replaceState(null, "", url);
      search(container, input.value);
    });
    var initial = new URL(window.location.href).searchParams.get(PARAM);
    if (!initial && container.dataset.fromPath) {
      /* the not-found page: the number a scanned QR code pointed at, if any */
      var parts = window.location.pathname.split("/").filter(Boolean);
      var last = parts.length ? decodeURIComponent(parts[parts.length - 1]) : "";
      if (CERT_ID.test(normalise(last))) initial = last;
    }
    if (initial) {
      input.value = initial;
      search(container, initial);
    }
  }

  function setUpPrint() {
    var buttons = document.querySelectorAll("[data-academy-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () {
        window.print();
      });
    }
  }

  /* 防伪码: the same normalisation and hash as academy.printcodes (SHA-256 of
   * salt + ":" + code, Crockford base 32 read leniently: I/L→1, O→0, U→V). */
  function normaliseCode(text) {
    return text
      .toUpperCase()
      .replace(/[^0-9A-Z]/g, "")
      .replace(/[IL]/g, "1")
      .replace(/O/g, "0")
      .replace(/U/g, "V");
  }

  function sha256Hex(text) {
    return window.crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(text))
      .then(function (buffer) {
        return Array.prototype.map
          .call(new Uint8Array(buffer), function (b) {
            return ("0" + b.toString(16)).slice(-2);
          })
          .join("");
      });
  }

  function setUpCodeCheck() {
    var forms = document.querySelectorAll("form[data-academy-code]");
    for (var i = 0; i < forms.length; i++) {
      (function (form) {
        if (form.dataset.ready) return;
        form.dataset.ready = "1";
        var records = [];
        try {
          records = JSON.parse(form.dataset.academyCode || "[]");
        } catch (e) {
          records = [];
        }
        var result = form.querySelector(".cert-code__result");
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          var code = normaliseCode(form.querySelector("input").value);
          if (code.length !== 16) {
            result.textContent = "防伪码应为 16 位字母和数字，请核对后重新输入。";
            return;
          }
          if (!window.crypto || !window.crypto.subtle) {
            result.textContent = "此浏览器无法在本地核验防伪码，请换用新版浏览器。";
            return;
          }
          Promise.all(
            records.map(function (r) {
              return sha256Hex(r.salt + ":" + code).then(function (h) {
                return h === r.sha256 ? r : null;
              });
            })
          ).then(function (found) {
            var hit = found.filter(Boolean)[0];
            result.className = "cert-code__result cert-code__result--" + (hit ? "ok" : "bad");
            result.textContent = hit
              ? "防伪码正确：这张纸质证书由本院签发（打印于 " + hit.printed_on + "）。证书当前状态以本页上方为准。"
              : "防伪码不符：本证书没有这个防伪码。纸质证书可能是伪造或被改动的，请向培训部核实。";
          });
        });
      })(forms[i]);
    }
  }

  function setUp() {
    setUpLookup();
    setUpPrint();
    setUpCodeCheck();
  }

  /* Material's instant navigation swaps pages without reloading scripts. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
