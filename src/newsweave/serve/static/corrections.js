// Event corrections: each form posts its fields as JSON to the API, then opens the event it returns.
// Fields named in data-list are sent as lists (checkboxes); "{field}" in the action is filled in.
document.querySelectorAll("form[data-correction]").forEach((form) => {
  form.addEventListener("submit", async (submit) => {
    submit.preventDefault();
    const fields = new FormData(form);
    const lists = (form.dataset.list || "").split(" ").filter(Boolean);
    const body = {};
    for (const name of new Set(fields.keys())) {
      body[name] = lists.includes(name) ? fields.getAll(name) : String(fields.get(name)).trim();
    }
    const url = form.getAttribute("action").replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(body[name] || ""));
    const output = form.querySelector("output");
    output.textContent = "";
    const response = await fetch(url, {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) {
      output.textContent = `${answer.error} (${answer.hint})`;
      return;
    }
    window.location = form.dataset.next.replace("{id}", encodeURIComponent(answer.id));
  });
});
