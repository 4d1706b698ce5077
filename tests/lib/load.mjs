// A mixed load of writes for the durability tests (crash, backup): writers
// that add children (audited writes) and post feedback (plain writes),
// readers that open the children they added (audited reads, each writing an
// audit row), and now and then a save that must be refused (422). Every
// request is recorded by its outcome, so a test can check the database
// afterwards:
//
//   const load = startLoad(api, { writers: 4, readers: 2 });
//   ...                                  // kill, restart, back up...
//   await load.stop();
//   load.acknowledged   // [{kind: "child"|"feedback", id, tag, at}] answered 2xx
//   load.refused        // [{kind, tag}] answered 4xx or 5xx: must leave nothing
//   load.neverSent      // [{kind, tag}] connection refused: cannot have been saved
//   load.unknown        // [{kind, tag}] the connection broke mid-request: either way
//
// Each request carries a unique tag (in the child's family name, or the
// feedback's comments) to find it by. Not a test file.

/** What a server under this load must be started with: its writers all post feedback from one address,
 * far more than the per-address limit (HAVEN_FEEDBACK_LIMIT) lets anyone. */
export const LOAD_ENV = { HAVEN_FEEDBACK_LIMIT: "1000000" };

/** A family name made of letters only (names refuse digits): n in base 26, after a prefix. */
function letters(n) {
  let s = "";
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the load against the server behind `api` (an apiClient; the server
 * may change under it, as after a restart). opts: writers, readers, who
 * (the demo account that adds and reads children), pauseMs between one
 * worker's requests. Returns { stop(), acknowledged, refused, neverSent,
 * unknown, counts() }.
 */
export function startLoad(api, { writers = 4, readers = 2, who = "practitioner", pauseMs = 0, run = "" } = {}) {
  const acknowledged = [];
  const refused = [];
  const neverSent = [];
  const unknown = [];
  const children = []; // ids of acknowledged children, for the readers
  let stopping = false;
  let next = 0;
  const prefix = `Load${letters(Date.now() % 1e6)}${run}`;

  async function attempt(kind, tag, send) {
    let r;
    try {
      r = await send();
    } catch (err) {
      const code = err.cause?.code ?? err.code;
      (code === "ECONNREFUSED" ? neverSent : unknown).push({ kind, tag });
      if (code === "ECONNREFUSED") await sleep(20); // the server is restarting
      return null;
    }
    if (r.status >= 200 && r.status < 300) acknowledged.push({ kind, id: r.body?.id, tag, at: Date.now() });
    else refused.push({ kind, tag, status: r.status });
    return r;
  }

  async function writer() {
    while (!stopping) {
      const n = next++;
      const tag = `${prefix}${letters(n)}`;
      if (n % 10 === 9) {
        // refused: an unknown satisfaction; the comments carry the tag
        await attempt("feedback", tag, () =>
          api.call(null, "/api/v1/feedback", { method: "POST", json: { satisfaction: "thrilled", comments: tag } }),
        );
      } else if (n % 2 === 0) {
        await attempt("feedback", tag, () =>
          api.call(null, "/api/v1/feedback", { method: "POST", json: { satisfaction: "satisfied", comments: tag } }),
        );
      } else {
        const r = await attempt("child", tag, () =>
          api.call(who, "/api/v1/children", {
            method: "POST",
            json: { given_name: "Sam", family_name: tag, date_of_birth: "2016-03-04", la_code: 889, confirm_new: true },
          }),
        );
        if (r?.status === 201) children.push(r.body.id);
      }
      if (pauseMs) await sleep(pauseMs);
    }
  }

  let reads = 0;
  async function reader() {
    while (!stopping) {
      const id = children[Math.floor(Math.random() * children.length)];
      if (id) {
        try {
          const r = await api.call(who, `/api/v1/children/${id}`);
          if (r.status === 200) reads++;
        } catch {
          await sleep(20); // restarting
        }
      } else {
        await sleep(10);
      }
      if (pauseMs) await sleep(pauseMs);
    }
  }

  const workers = [
    ...Array.from({ length: writers }, writer),
    ...Array.from({ length: readers }, reader),
  ];

  return {
    acknowledged,
    refused,
    neverSent,
    unknown,
    /** Counts so far: acknowledged, refused, neverSent, unknown, audited reads answered 200. */
    counts: () => ({
      acknowledged: acknowledged.length,
      refused: refused.length,
      neverSent: neverSent.length,
      unknown: unknown.length,
      reads,
    }),
    /** Stops every worker after its request in flight; resolves when all have. */
    stop: async () => {
      stopping = true;
      await Promise.all(workers);
    },
  };
}

/**
 * Checks the database (rows read with sqlRows(dbPath, query)) against a
 * load's record: every acknowledged write is there, by its id and tag, and
 * nothing refused or never sent is. Returns the number checked; throws an
 * AssertionError naming the first miss.
 */
export function checkLoad(assert, rowsOf, load) {
  const feedback = new Map(rowsOf("SELECT id, comments AS tag FROM feedback WHERE comments LIKE 'Load%'").map((r) => [r.id, r.tag]));
  const children = new Map(rowsOf("SELECT id, family_name AS tag FROM children WHERE family_name LIKE 'Load%'").map((r) => [r.id, r.tag]));
  const table = { feedback, child: children };
  const present = { feedback: new Set(feedback.values()), child: new Set(children.values()) };
  for (const w of load.acknowledged)
    assert.equal(table[w.kind].get(w.id), w.tag, `the acknowledged ${w.kind} ${w.id} (${w.tag}) is saved`);
  for (const w of [...load.refused, ...load.neverSent])
    assert.ok(!present[w.kind].has(w.tag), `the ${w.kind} ${w.tag}, refused or never sent, left nothing`);
  return load.acknowledged.length + load.refused.length + load.neverSent.length;
}
