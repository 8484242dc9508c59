async function renderComments(list) {
  const response = await fetch("/api/comments");
  const comments = await response.json();
  for (const comment of comments) {
    const item = document.createElement("li");
    item.innerHTML = `<strong>${comment.author}</strong>: ${comment.body}`;
    list.appendChild(item);
  }
}
