export function completeOAuth() {
  const params = new URLSearchParams(window.location.search);
  const page = params.get("page") === "settings" ? "/settings" : "/home";
  window.location.href = page;
}
