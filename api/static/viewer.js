// The evidence viewer: the original PDF drawn by pdf.js (served from the npm package), at
// the fact's page, with the quoted sentence found and highlighted. A file of its own: the
// pages' Content-Security-Policy allows no inline script.
import * as pdfjsLib from "/static/pdfjs/build/pdf.mjs";

globalThis.pdfjsLib = pdfjsLib; // pdf_viewer.mjs reads the library from here
const { EventBus, PDFLinkService, PDFFindController, PDFViewer } = await import("/static/pdfjs/web/pdf_viewer.mjs");
pdfjsLib.GlobalWorkerOptions.workerSrc = "/static/pdfjs/build/pdf.worker.mjs";

const args = JSON.parse(document.getElementById("viewer-args").textContent);
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const findController = new PDFFindController({ eventBus, linkService });
const viewer = new PDFViewer({ container: document.getElementById("viewerContainer"), eventBus,
                               linkService, findController });
linkService.setViewer(viewer);

// The quote as the extraction joined it may break where the PDF breaks lines: when the
// whole sentence is not found, its first words are.
const words = args.quote.split(/\s+/).filter(Boolean);
const tries = [args.quote, words.slice(0, 8).join(" "), words.slice(0, 4).join(" ")].filter(Boolean);
const NOT_FOUND = 1;

function find(query) {
  eventBus.dispatch("find", { source: null, type: "", query, caseSensitive: false, entireWord: false,
                              highlightAll: true, findPrevious: false, matchDiacritics: false });
}

eventBus.on("updatefindcontrolstate", (e) => {
  if (e.state === NOT_FOUND && tries.length > 1) {
    tries.shift();
    find(tries[0]);
  } else {
    document.body.dataset.found = e.state === NOT_FOUND ? "no" : "yes";
  }
});
eventBus.on("pagesinit", () => {
  viewer.currentScaleValue = "page-width";
  viewer.currentPageNumber = Math.min(args.page, viewer.pagesCount);
  if (tries.length) find(tries[0]);
});

const pdf = await pdfjsLib.getDocument({
  url: args.file, isEvalSupported: false, cMapUrl: "/static/pdfjs/cmaps/", cMapPacked: true,
  standardFontDataUrl: "/static/pdfjs/standard_fonts/", wasmUrl: "/static/pdfjs/wasm/",
}).promise;
viewer.setDocument(pdf);
linkService.setDocument(pdf, null);
