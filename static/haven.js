// Haven's page script, loaded on every page as
//   <script type="module" src="/assets/haven.js"></script>
//
// The Content-Security-Policy forbids inline scripts, so this file does the
// job of GOV.UK Frontend's usual inline snippet: it marks the body with
// `govuk-frontend-supported` (the class GOV.UK Frontend's CSS and JavaScript
// use to know the browser runs ES modules), then starts every GOV.UK Frontend
// component on the page. Pages must work without it: it only enhances.

import { initAll, isSupported } from "/assets/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");

if (isSupported()) {
  initAll();
}
