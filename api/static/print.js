// The report's "print or save as PDF" button (the pages allow no inline script).
for (const button of document.querySelectorAll("button.print")) {
  button.addEventListener("click", () => window.print());
}
