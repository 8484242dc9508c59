async function renderComments(list) {
  const response = await fetch("/api/comments");
  const comments = await response.json();
  for (const comment of comments) {
    const item = document.createElement("li");
    const author = document.createElement("strong");
    author.textContent = comment.author;
    item.append(author, ": ", comment.body);
    list.appendChild(item);
  }
}
