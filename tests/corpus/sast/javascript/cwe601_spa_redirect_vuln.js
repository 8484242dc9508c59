export function completeOAuth() {
  const params = new URLSearchParams(window.location.search);
  const destination = params.get("redirect_uri");
  window.location.href = destination;
}
