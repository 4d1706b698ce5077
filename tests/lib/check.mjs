// Check-your-answers pages (router.h, struct check_step) for the HTTP tests:
// reading the answers a check page carries back (its hidden fields and the
// signature on its confirm button) and posting them as the page's button does.

import assert from "node:assert/strict";

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
/** Text from HTML: the five entities the templates escape, as characters. */
export const unescape = (text) => text.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

/**
 * The form a check page posts: { action, fields (the hidden answers, the CSRF and submission tokens left
 * out: neither is an answer), signature, submission (the token it carries on, see docs/architecture.md
 * "One submission, one save") }.
 * Fails the test if `html` is not a check page.
 */
export function checkPage(html) {
  const action = html.match(/<form method="post" action="([^"]+)" novalidate>\s*<input type="hidden" name="csrf_token"/);
  const signature = html.match(/name="check_confirm" value="([^"]+)"/);
  assert.ok(action && signature, "a check-your-answers page");
  const fields = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    if (name !== "csrf_token" && name !== "submission") fields[unescape(name)] = unescape(value);
  const submission = html.match(/name="submission" value="([^"]*)"/)?.[1];
  return { action: unescape(action[1]), fields, signature: signature[1], submission };
}

/**
 * Posts `form` with `send(form)` (a function answering { status, text, headers }), expects the
 * check page (200, its heading matching `title`), then presses its button: resolves to
 * { check (what checkPage read), done (the answer to the confirming post) }.
 */
export async function checkThenConfirm(send, form, title) {
  const shown = await send(form);
  assert.equal(shown.status, 200, shown.text);
  assert.match(shown.text, title);
  const check = checkPage(shown.text);
  const done = await send({ ...check.fields, check_confirm: check.signature });
  return { check, done };
}
