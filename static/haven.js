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
// the time has run out the page goes to /sign-in, and a form the person had
// started typing is kept first (see keepEdited), so that after signing in
// again they are back at it, filled in. Without JavaScript the dialog never
// opens, the header says when the session ends, and a form sent after the
// end is kept by the server all the same.
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

  // The form being typed into: the one most recently edited that the server
  // can keep. Only a page's own POST form (never a GET one such as a search,
  // never the header's sign-out). Not one with a file input: a browser never
  // lets a script resend a file's contents to a new request anyway, and the
  // server keeps no form of a route that takes a file (its fields would be
  // kept without the file the person chose), so such a page goes to sign-in
  // as before.
  let edited = null;
  const actionOf = (form) => new URL(form.getAttribute("action") ?? "", window.location.href);
  const keepable = (form) =>
    form instanceof HTMLFormElement &&
    (form.getAttribute("method") ?? "").toLowerCase() === "post" &&
    actionOf(form).origin === window.location.origin &&
    actionOf(form).pathname !== "/sign-out" &&
    !form.querySelector('input[type="file"]');
  const noteEdit = (event) => {
    if (keepable(event.target.form)) edited = event.target.form;
  };
  document.addEventListener("input", noteEdit);
  document.addEventListener("change", noteEdit);

  // At the end the page asks Haven, with the header X-Haven-Keep-Only, and
  // the server, not this page, decides. The edited form goes to its own
  // address: if the session has really ended the server keeps it as one sent
  // after the end, and answers with the way to /sign-in; if another tab has
  // used the session since this page loaded, it keeps nothing and says when
  // the session now ends (200, {"session_ends_in": seconds}). It acts on the
  // form in neither case. One request, rather than asking first and sending
  // after, so no other tab can revive the session in between; and not
  // form.submit(), which would skip the page's checks and land wherever the
  // server sends it. Its text fields only, with its CSRF token (which proves
  // the form is this session's): the button is the person's to choose when
  // they send it again. With no form edited the page asks the same of its
  // own address, so a session still in use elsewhere is not left either.
  let expiring = false;
  const expire = async () => {
    clearInterval(tick);
    if (expiring) return;
    expiring = true;
    const ask = {
      headers: { "X-Haven-Keep-Only": "1" },
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual",
    };
    if (edited) {
      ask.method = "POST";
      ask.body = new URLSearchParams();
      for (const [name, value] of new FormData(edited)) {
        if (typeof value === "string") ask.body.append(name, value);
      }
    }
    try {
      const res = await fetch(edited ? actionOf(edited) : window.location.pathname, ask);
      if (res.status >= 500) throw new Error(`Haven could not answer (${res.status})`);
      if (res.status === 200) {
        const { session_ends_in: seconds } = await res.json();
        endsAt = Date.now() + seconds * 1000;
        expiring = false;
        warning.close();
        schedule();
        return;
      }
      window.location.assign("/sign-in");
    } catch {
      // Haven cannot be reached or answer: stay on the page with what was typed, and try again.
      expiring = false;
      setTimeout(expire, 10_000);
    }
  };

  const update = () => {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    if (left === 0) {
      expire();
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
      if (!warning.open) warning.showModal();
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
      // too late to stay (the computer slept, say): what was typed is kept as at the end
      expire();
    }
  });
  // Escape closes a modal dialog: that is a choice to stay too.
  warning.addEventListener("cancel", (e) => {
    e.preventDefault();
    warning.querySelector('[data-timeout-action="stay"]').click();
  });
  schedule();
}
