// The SPARQL page: YASGUI when installed, example buttons either way (no inline script: CSP).
(function () {
  var examples = JSON.parse(document.getElementById("example-queries").textContent);
  var endpoint = document.getElementById("endpoint").textContent;
  var textarea = document.getElementById("query");
  var yasgui = null;
  if (window.Yasgui) {
    document.getElementById("plain").hidden = true;
    yasgui = new window.Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      yasqe: { value: examples[0].query },
      copyEndpointOnNewTab: false,
      persistenceId: "kotograph-yasgui"
    });
  }
  document.querySelectorAll("button[data-example]").forEach(function (button) {
    button.addEventListener("click", function () {
      var query = examples[Number(button.dataset.example)].query;
      if (yasgui) {
        yasgui.getTab().getYasqe().setValue(query);
      } else {
        textarea.value = query;
        textarea.focus();
      }
    });
  });
})();
