// Send Django's CSRF token with every HTMX request.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
});

// Search fields (organisations, areas): a chosen result fills the hidden input and the search box;
// typing again forgets the earlier choice.
document.addEventListener("click", function (event) {
  var choice = event.target.closest("[data-choice-value]");
  if (!choice) { return; }
  var box = choice.closest(".autocomplete");
  box.querySelector("input[type=hidden]").value = choice.dataset.choiceValue;
  box.querySelector("input[type=search]").value = choice.dataset.choiceLabel;
  box.querySelector(".choices").innerHTML = "";
});
document.addEventListener("input", function (event) {
  var box = event.target.closest(".autocomplete");
  if (box && event.target.type === "search") { box.querySelector("input[type=hidden]").value = ""; }
});
