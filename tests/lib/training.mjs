// What the training approval tests set up alike (tests/http/training-approval.test.mjs,
// training-approval-mail.test.mjs, training-lapse.test.mjs): a manager in the practitioner's agency who may
// approve, a course that needs approval, sessions on it, and the course without approval for a while.
// Each takes the test file's `post` (tests/lib/api.mjs apiClient) and checks that Haven answered as asked.

import assert from "node:assert/strict";
import { plusDays } from "./api.mjs";

/**
 * Adds `name` (`email`, signing in with `password`) to the practitioner's agency, demo-teaching-hospitals,
 * as a practitioner, a role that may approve training bookings: their account's id.
 */
export async function addManager(post, { name, email, password }) {
  const u = await post("admin", "/api/v1/users", {
    name, email, agency: "demo-teaching-hospitals", roles: ["practitioner"], password,
  });
  assert.equal(u.status, 201, u.text);
  return u.body.id;
}

/** Adds a course `title`, open to everyone, that needs a manager's approval: its id. */
export async function approvalCourse(post, title) {
  const c = await post("partnership", "/api/v1/training/courses", {
    title, description: "Needs a manager's approval", areas: ["neglect"], audience: "Everyone",
    level: "introductory", duration_minutes: 120, outcomes: ["Outcome one"], open_to: "everyone", needs_approval: true,
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.needs_approval, true);
  return c.body.id;
}

/** Adds a session 30 days on, 09:30 to 12:30 at the Town Hall, with `capacity` places, to course `courseId`: its id. */
export async function newSession(post, courseId, capacity = 5) {
  const r = await post("partnership", `/api/v1/training/courses/${courseId}/sessions`, {
    date: plusDays(30), starts: "09:30", ends: "12:30", mode: "venue", venue: "Town Hall", capacity, trainer: "Jo Trainer",
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

/** Runs `work` while course `courseId` needs no approval (a place is booked straight away), then needs it again. */
export async function withoutApproval(post, courseId, work) {
  assert.equal((await post("partnership", `/api/v1/training/courses/${courseId}/approval`, { needs_approval: false })).status, 200);
  try {
    return await work();
  } finally {
    await post("partnership", `/api/v1/training/courses/${courseId}/approval`, { needs_approval: true });
  }
}
