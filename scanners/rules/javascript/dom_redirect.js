function afterLogin() {
  const next = new URLSearchParams(window.location.search).get("next");
  // ruleid: javascript.browser.dom-open-redirect-taint
  window.location.href = next;
  // ok: javascript.browser.dom-open-redirect-taint
  window.location.href = "/search?q=" + encodeURIComponent(next);
  // ok: javascript.browser.dom-open-redirect-taint
  location.assign("/dashboard");
}

function fromHash() {
  // ruleid: javascript.browser.dom-open-redirect-taint
  location.replace(location.hash.slice(1));
}
