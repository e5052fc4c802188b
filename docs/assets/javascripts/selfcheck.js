/* 客服学院: self-checks on module pages and the 学习进度 page.
 *
 * Loaded on every portal page (mkdocs.yml extra_javascript); it does nothing where
 * neither .academy-quiz nor [data-academy-progress] exists. Only practice questions
 * are on the site: their keys are in data-answer attributes. Progress is kept in this
 * browser's localStorage under one key and never leaves the page; no request is made.
 *
 * Stored shape: {"read": {module: true}, "answers": {module: {question: {"ok": bool,
 * "value": ...}}}, "path": program id or ""}.
 */
(function () {
  "use strict";

  var KEY = "academy-progress-v1";

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      if (!data || typeof data !== "object") data = {};
      data.read = data.read || {};
      data.answers = data.answers || {};
      data.path = data.path || "";
      return data;
    } catch (e) {
      return { read: {}, answers: {}, path: "" };
    }
  }

  function save(data) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(data));
    } catch (e) {
      /* storage full or disabled: the self-check still answers, it just forgets */
    }
  }

  function parseList(text) {
    try {
      var value = JSON.parse(text);
      return Array.isArray(value) ? value.map(String) : [];
    } catch (e) {
      return [];
    }
  }

  function sameSet(a, b) {
    if (a.length !== b.length) return false;
    var seen = {};
    a.forEach(function (x) { seen[x] = true; });
    return b.every(function (x) { return seen[x] === true; });
  }

  /* The trainee's answer as stored, or null when nothing is given. */
  function valueOf(form) {
    var type = form.getAttribute("data-type");
    if (type === "fill") {
      var text = form.querySelector("input[type=text]").value;
      return text.trim() ? text : null;
    }
    if (type === "short") {
      return form.querySelector("textarea").value;
    }
    var chosen = Array.prototype.filter
      .call(form.querySelectorAll("input"), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
    if (!chosen.length) return null;
    return type === "multiple" ? chosen : chosen[0];
  }

  function isRight(form, value) {
    var type = form.getAttribute("data-type");
    var key = form.getAttribute("data-answer");
    if (type === "multiple") return sameSet(value, parseList(key));
    if (type === "fill") return parseList(key).indexOf(value.trim()) !== -1;
    return value === key;
  }

  function restoreValue(form, value) {
    var type = form.getAttribute("data-type");
    if (value === null || value === undefined) return;
    if (type === "fill") {
      form.querySelector("input[type=text]").value = value;
    } else if (type === "short") {
      form.querySelector("textarea").value = value;
    } else {
      var values = Array.isArray(value) ? value : [value];
      Array.prototype.forEach.call(form.querySelectorAll("input"), function (i) {
        i.checked = values.indexOf(i.value) !== -1;
      });
    }
  }

  function showVerdict(form, ok, message) {
    var box = form.querySelector(".academy-quiz__feedback");
    var verdict = form.querySelector("[data-verdict]");
    box.hidden = false;
    verdict.textContent = message || (ok ? "回答正确。" : "回答错误，请看解析后再试一次。");
    form.classList.toggle("academy-quiz__q--right", ok === true);
    form.classList.toggle("academy-quiz__q--wrong", ok === false);
  }

  function score(quiz, data) {
    var module = quiz.getAttribute("data-module");
    var mine = data.answers[module] || {};
    var right = 0;
    var answered = 0;
    Array.prototype.forEach.call(quiz.querySelectorAll("form[data-qid]"), function (form) {
      var entry = mine[form.getAttribute("data-qid")];
      if (entry) {
        answered += 1;
        if (entry.ok) right += 1;
      }
    });
    quiz.querySelector("[data-score]").textContent = String(right);
    quiz.querySelector("[data-answered]").textContent = String(answered);
  }

  function record(quiz, form, ok, value) {
    var data = load();
    var module = quiz.getAttribute("data-module");
    data.answers[module] = data.answers[module] || {};
    data.answers[module][form.getAttribute("data-qid")] = { ok: ok, value: value };
    data.read[module] = true;
    save(data);
    score(quiz, data);
  }

  function setUpQuiz(quiz) {
    var module = quiz.getAttribute("data-module");
    var data = load();
    data.read[module] = true; /* the page was opened: read */
    save(data);
    var mine = data.answers[module] || {};
    Array.prototype.forEach.call(quiz.querySelectorAll("form[data-qid]"), function (form) {
      var qid = form.getAttribute("data-qid");
      var entry = mine[qid];
      if (entry) {
        restoreValue(form, entry.value);
        if (form.getAttribute("data-type") === "short") {
          form.querySelector(".academy-quiz__self").hidden = false;
        }
        showVerdict(form, entry.ok, entry.ok ? "上次：回答正确。" : "上次：回答错误，可以再试一次。");
      }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var value = valueOf(form);
        var empty = form.querySelector(".academy-quiz__empty");
        if (value === null) {
          var box = form.querySelector(".academy-quiz__feedback");
          box.hidden = true;
          form.querySelector("[data-verdict]").textContent = "";
          if (empty) empty.hidden = false; /* 提交 with nothing chosen says so */
          form.querySelector("button[type=submit]").focus();
          return;
        }
        if (empty) empty.hidden = true;
        var ok = isRight(form, value);
        showVerdict(form, ok);
        record(quiz, form, ok, value);
      });
      form.addEventListener("click", function (event) {
        var action = event.target.getAttribute && event.target.getAttribute("data-action");
        if (action === "reveal") {
          form.querySelector(".academy-quiz__self").hidden = false;
          var box = form.querySelector(".academy-quiz__feedback");
          box.hidden = false;
          form.querySelector("[data-verdict]").textContent = "请对照参考答案，判断自己是否答对。";
        } else if (action === "self-right" || action === "self-wrong") {
          var ok = action === "self-right";
          showVerdict(form, ok, ok ? "已记为答对。" : "已记为未答对，复习后再试一次。");
          record(quiz, form, ok, valueOf(form));
        }
      });
    });
    var reset = quiz.querySelector("[data-action=reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        var fresh = load();
        delete fresh.answers[module];
        save(fresh);
        Array.prototype.forEach.call(quiz.querySelectorAll("form[data-qid]"), function (form) {
          form.reset();
          form.classList.remove("academy-quiz__q--right", "academy-quiz__q--wrong");
          form.querySelector(".academy-quiz__feedback").hidden = true;
          var self = form.querySelector(".academy-quiz__self");
          if (self) self.hidden = true;
        });
        score(quiz, fresh);
      });
    }
    score(quiz, data);
  }

  function setUpProgress(box) {
    var select = box.querySelector("[data-path-select]");
    var rows = Array.prototype.slice.call(box.querySelectorAll("tr[data-module]"));
    var body = rows.length ? rows[0].parentNode : null;

    function render() {
      var data = load();
      var option = select.options[select.selectedIndex];
      var path = option && option.getAttribute("data-modules");
      var wanted = path ? path.split(" ") : null;
      var read = 0;
      var checked = 0;
      /* a position's path: its modules only, in its order, numbered 1, 2, 3 … */
      var ordered = rows.slice();
      if (wanted) {
        ordered.sort(function (a, b) {
          var i = wanted.indexOf(a.getAttribute("data-module"));
          var j = wanted.indexOf(b.getAttribute("data-module"));
          return (i < 0 ? 1e9 : i) - (j < 0 ? 1e9 : j);
        });
      }
      var number = 0;
      ordered.forEach(function (row) {
        body.appendChild(row);
        var shown = wanted === null || wanted.indexOf(row.getAttribute("data-module")) !== -1;
        if (shown) number += 1;
        row.cells[0].textContent = shown ? String(number) : "";
      });
      Array.prototype.forEach.call(rows, function (row) {
        var module = row.getAttribute("data-module");
        var total = Number(row.getAttribute("data-total"));
        row.hidden = wanted !== null && wanted.indexOf(module) === -1;
        var answers = data.answers[module] || {};
        var answered = Object.keys(answers).length;
        var right = Object.keys(answers).filter(function (k) { return answers[k].ok; }).length;
        var isRead = data.read[module] === true;
        row.querySelector("[data-read]").textContent = isRead ? "已学习" : "未学习";
        var cell = row.querySelector("[data-checked]");
        if (!total) {
          cell.textContent = "无自测题";
        } else if (answered >= total) {
          cell.textContent = "已自测（答对 " + right + " / " + total + "）";
        } else if (answered > 0) {
          cell.textContent = "自测中（已答 " + answered + " / " + total + "，答对 " + right + "）";
        } else {
          cell.textContent = "未自测（共 " + total + " 题）";
        }
        row.classList.toggle("academy-progress__row--done", isRead && total > 0 && answered >= total);
        if (!row.hidden) {
          if (isRead) read += 1;
          if (total && answered >= total) checked += 1;
        }
      });
      box.querySelector("[data-summary]").textContent =
        "已学习 " + read + " 个模块，已自测 " + checked + " 个模块。";
    }

    var stored = load().path;
    Array.prototype.forEach.call(select.options, function (o, i) {
      if (o.value === stored) select.selectedIndex = i;
    });
    select.addEventListener("change", function () {
      var data = load();
      data.path = select.value;
      save(data);
      render();
    });
    var resetAll = box.querySelector("[data-action=reset-all]");
    if (resetAll) {
      resetAll.addEventListener("click", function () {
        /* everything this browser kept, on every module: ask first */
        if (!window.confirm("确定清除全部学习记录吗？所有模块的“已学习”和自测答案都会删除，不能恢复。")) {
          return;
        }
        save({ read: {}, answers: {}, path: select.value });
        render();
      });
    }
    render();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".academy-quiz"), setUpQuiz);
    Array.prototype.forEach.call(document.querySelectorAll("[data-academy-progress]"), setUpProgress);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
