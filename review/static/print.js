// The printed case summary: the print button (no inline script: the CSP forbids it).
document.getElementById("print-now").addEventListener("click", () => window.print());
