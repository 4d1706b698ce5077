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

  // At the end the page asks Haven at POST /session/keep, and the server,
  // not this page, decides. The edited form's text fields, with its CSRF
  // token (which proves the form is this session's) and its address as
  // form_path: if the session has really ended the server keeps the form as
  // one sent after the end and answers {"session_ends_in": 0}, and the page
  // goes to /sign-in; if another tab has used the session since this page
  // loaded, it keeps nothing and says when the session now ends. That
  // address never acts on a form (a form sent to its own address would be
  // acted on if the session were alive), and it is one request, rather than
  // asking first and sending after, so no other tab can revive the session
  // in between. With no form edited the page asks the same with nothing, so
  // a session still in use elsewhere is not left either. The button is the
  // person's to choose when they send the form again.
  //
  // Tabs of one browser ask one at a time (Web Locks), so the cookie the
  // browser is left with is that of the form kept last: Haven keeps one
  // form for each session, the newest. Without Web Locks they ask at once.
  const oneTabAtATime = (ask) =>
    navigator.locks?.request ? navigator.locks.request("haven-session-keep", ask) : ask();
  let expiring = false;
  const expire = async () => {
    clearInterval(tick);
    if (expiring) return;
    expiring = true;
    const body = new URLSearchParams();
    if (edited) {
      for (const [name, value] of new FormData(edited)) {
        if (typeof value === "string") body.append(name, value);
      }
      body.append("form_path", actionOf(edited).pathname);
    }
    let seconds;
    try {
      seconds = await oneTabAtATime(async () => {
        const res = await fetch("/session/keep", { method: "POST", body, credentials: "same-origin", cache: "no-store" });
        if (res.status !== 200) throw new Error(`Haven could not answer (${res.status})`);
        const { session_ends_in: left } = await res.json();
        if (!Number.isInteger(left) || left < 0) throw new Error("Haven's answer was not understood");
        return left;
      });
    } catch {
      // Haven cannot be reached, or answered something unexpected: whether the
      // session has ended is not known, so stay on the page with what was
      // typed, and ask again.
      expiring = false;
      setTimeout(expire, 10_000);
      return;
    }
    if (seconds === 0) {
      window.location.assign("/sign-in");
      return;
    }
    endsAt = Date.now() + seconds * 1000;
    expiring = false;
    warning.close();
    schedule();
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
