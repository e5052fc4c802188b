/* 客服学院: a table wider than the screen scrolls inside its own box (the theme's
 * md-typeset__scrollwrap). Such a box can be reached with the keyboard and scrolled
 * with the arrow keys, and a screen reader names it after the table's first header. */
function markScrollingTables() {
  for (const box of document.querySelectorAll(".md-typeset__scrollwrap")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      const first = box.querySelector("th");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "表格（可左右滚动）" + (first ? "：" + first.textContent.trim() : ""));
    } else if (!scrolls && box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}

if (window.document$) window.document$.subscribe(markScrollingTables);
else markScrollingTables();
window.addEventListener("resize", markScrollingTables);
