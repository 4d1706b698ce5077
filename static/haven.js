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

// The GOV.UK timeout warning: before the session ends (it ends after a
// while unused), a modal dialog says so and offers to stay signed in, which
// uses the session once (any page does) so it starts its wait again. When
// the time has run out the page goes to /sign-in, where Haven says a form
// sent now is kept. Without JavaScript the dialog never opens, and the
// header says when the session ends.
const warning = document.getElementById("timeout-warning");
if (warning && typeof warning.showModal === "function") {
  const WARN_SECONDS = 120;
  const when = warning.querySelector(".haven-timeout-warning__when");
  const idleSeconds = Number(warning.dataset.idleSeconds);
  let endsAt = Date.now() + Number(warning.dataset.secondsLeft) * 1000;
  let warnTimer, tick;

  const inWords = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `in ${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const update = () => {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    if (left === 0) {
      clearInterval(tick);
      window.location.assign("/sign-in");
      return;
    }
    // Screen readers hear the minutes, not every second.
    const words = inWords(left);
    if (when.textContent !== words) when.textContent = words;
  };

  const schedule = () => {
    clearTimeout(warnTimer);
    const wait = Math.max(0, endsAt - Date.now() - WARN_SECONDS * 1000);
    warnTimer = setTimeout(() => {
      update();
      warning.showModal();
      tick = setInterval(update, 1000);
    }, wait);
  };

  warning.querySelector('[data-timeout-action="stay"]').addEventListener("click", async () => {
    clearInterval(tick);
    try {
      const res = await fetch("/dashboard", { method: "HEAD", credentials: "same-origin", cache: "no-store" });
      if (!res.ok || res.redirected) throw new Error(`the session has ended (${res.status})`);
      endsAt = Date.now() + idleSeconds * 1000;
      warning.close();
      schedule();
    } catch {
      window.location.assign("/sign-in");
    }
  });
  // Escape closes a modal dialog: that is a choice to stay too.
  warning.addEventListener("cancel", (e) => {
    e.preventDefault();
    warning.querySelector('[data-timeout-action="stay"]').click();
  });
  schedule();
}
