// The elements that stick out of the screen, unless a box that scrolls sideways holds them, and the page
// itself when it is wider than the screen: [] when the page fits. Read by tests/test_browser.py and
// scripts/review_site.py, and evaluated in the page.
() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    let parent = element.parentElement, scrolls = false;
    for (; parent && parent !== document.body; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow === "auto" || overflow === "scroll") { scrolls = true; break; }
    }
    if (!scrolls) found.push(element.tagName.toLowerCase() + "." + element.className + " → " + Math.round(box.right));
  }
  return found.concat(document.documentElement.scrollWidth > width ? ["page " + document.documentElement.scrollWidth] : []);
}
