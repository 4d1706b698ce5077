/*
 * match_sqlite.c (children) — the register's side of matching (see
 * match.h): the search for likely duplicates of a child, and the writes that
 * add a child (with the keys of their other names), link an agency to one,
 * take an offered record and fill in missing name keys, each inside the
 * caller's unit of work.
 */
#include "areas/children/match.h"

#include <stdio.h>
#include <string.h>

#include "areas/children/match_internal.h"
#include "auth/actor.h"
#include "auth/audit.h"
#include "core/json_sort.h"
#include "store/db.h"

/* ---- the register ---- */

struct name_keys {
	char given_key[MATCH_KEY_SIZE], family_key[MATCH_KEY_SIZE];
	char given_sound[MATCH_KEY_SIZE], family_sound[MATCH_KEY_SIZE];
};

static void keys_of(const char *given_name, const char *family_name, struct name_keys *k)
{
	match_name_key(given_name, k->given_key, sizeof k->given_key);
	match_name_key(family_name, k->family_key, sizeof k->family_key);
	match_name_sound(given_name, k->given_sound, sizeof k->given_sound);
	match_name_sound(family_name, k->family_sound, sizeof k->family_sound);
}

/* A text given (not NULL, not empty) as its value, else NULL (bound without a copy, as all text is). */
static struct db_value given_or_null(const char *text)
{
	return text && *text ? DB_TEXT(text) : DB_NULL;
}

static bool same(const char *a, const char *b)
{
	return a && b && *a && strcmp(a, b) == 0;
}

static bool starts(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na == 0 || nb == 0)
		return false;
	return na < nb ? strncmp(a, b, na) == 0 : strncmp(a, b, nb) == 0;
}

/* The reasons (appended to `reasons`) a register row's names are similar to the query's; false if they are
 * not. */
static bool names_similar(const struct name_keys *q, const char *given_key, const char *family_key,
                          const char *given_sound, const char *family_sound, json_t *reasons)
{
	bool family_same = same(q->family_key, family_key);
	bool family_sounds = !family_same && same(q->family_sound, family_sound);
	bool given_same = same(q->given_key, given_key);
	bool given_sounds = !given_same && same(q->given_sound, given_sound);
	bool given_starts = !given_same && !given_sounds && given_key && starts(q->given_key, given_key);
	if ((family_same || family_sounds) && (given_same || given_sounds || given_starts)) {
		json_array_append_new(
		    reasons, json_string(family_same ? "same family name" : "family name sounds the same"));
		json_array_append_new(reasons,
		                      json_string(given_same     ? "same given name"
		                                  : given_sounds ? "given name sounds the same"
		                                                 : "one given name starts the other"));
		return true;
	}
	bool swapped = (same(q->given_key, family_key) || same(q->given_sound, family_sound)) &&
	               (same(q->family_key, given_key) || same(q->family_sound, given_sound));
	if (swapped) {
		json_array_append_new(reasons, json_string("given and family names swapped"));
		return true;
	}
	return false;
}

/* Whether array `list` holds the string `s`. */
static bool has_string(const json_t *list, const json_t *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) if (json_equal(v, s)) return true;
	return false;
}

/* The first character (a whole UTF-8 sequence) of `name`, as a new JSON string ("" for none). */
static json_t *initial_of(const char *name)
{
	if (!name || !*name)
		return json_string("");
	unsigned cp = 0;
	size_t n = match_utf8_next((const unsigned char *)name, &cp);
	if (cp == 0xFFFD && n == 1)
		return json_string("");
	return json_stringn(name, n);
}

/*
 * Adds a candidate row (from the SELECT below) to `found`, or merges its reasons into an entry already there.
 * Only what recognising the child needs is kept: the given name's initial, never the whole name.
 */
static void add_candidate(json_t *found, db_stmt *stmt, const char *strength, json_t *reasons)
{
	long long id = db_column_int(stmt, 0);
	size_t i;
	json_t *c;
	json_array_foreach(found, i, c)
	{
		if (json_integer_value(json_object_get(c, "id")) == id) {
			json_t *existing = json_object_get(c, "reasons");
			size_t j;
			json_t *r;
			json_array_foreach(reasons, j, r) if (!has_string(existing, r))
			    json_array_append(existing, r);
			json_decref(reasons);
			return;
		}
	}
	json_t *row = json_object();
	json_object_set_new(row, "id", json_integer(id));
	json_object_set_new(row, "given_initial", initial_of(db_column_text(stmt, 1)));
	static const char *const text_columns[] = {"family_name", "date_of_birth", "expected_date_of_birth"};
	for (int col = 0; col < 3; col++) {
		const char *t = db_column_text(stmt, col + 2);
		json_object_set_new(row, text_columns[col], t ? json_string(t) : json_null());
	}
	json_object_set_new(row, "la_code",
	                    db_column_is_null(stmt, 5) ? json_null() : json_integer(db_column_int(stmt, 5)));
	const char *la = db_column_text(stmt, 6);
	json_object_set_new(row, "la_name", la ? json_string(la) : json_null());
	json_object_set_new(row, "strength", json_string(strength));
	json_object_set_new(row, "reasons", reasons);
	json_array_append_new(found, row);
}

static const char *column_text(db_stmt *stmt, int col)
{
	const char *t = db_column_text(stmt, col);
	return t ? t : "";
}

/* Why a row found by date (column 3: its date of birth, NULL for an unborn child) has the query's date. */
static const char *date_reason(db_stmt *stmt, bool query_born)
{
	bool row_born = !db_column_is_null(stmt, 3);
	return row_born && query_born     ? "same date of birth"
	       : !row_born && !query_born ? "same expected date of birth"
	                                  : "date of birth is the other's expected date of birth";
}

/*
 * Adds to `found` the rows of a candidate query, bound already: with an
 * identifier's `reason`, each as a certain match (the date is part of such a
 * query: a number alone, which anyone could guess or mistype, must not show
 * whose it is); without, each whose names are similar to `names` as a
 * likely one. Stepped by hand: the rows are read by column into candidates,
 * on the search's path at national scale.
 */
static enum haven_status add_candidates(db_stmt *stmt, bool query_born, const char *reason,
                                        const struct name_keys *names, json_t *found)
{
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW) {
		json_t *reasons = json_array();
		if (reason)
			json_array_append_new(reasons, json_string(reason));
		json_array_append_new(reasons, json_string(date_reason(stmt, query_born)));
		if (reason)
			add_candidate(found, stmt, "certain", reasons);
		else if (names_similar(names, column_text(stmt, 7), column_text(stmt, 8),
		                       column_text(stmt, 9), column_text(stmt, 10), reasons))
			add_candidate(found, stmt, "likely", reasons);
		else
			json_decref(reasons);
	}
	db_done(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

/* The certain matches by an identifier `value` (normalised) with the date `date`, added to `found`. */
static enum haven_status certain_by(db_stmt *stmt, const char *value, const char *date, bool query_born,
                                    const char *reason, json_t *found)
{
	if (!db_bind(stmt, DB_TEXT(value), DB_TEXT(date)))
		return HAVEN_ERR_DB;
	return add_candidates(stmt, query_born, reason, NULL, found);
}

/*
 * A record found (m) is offered as the record it was merged into, if it was
 * (c): a merged-away record is never a candidate, but what it held (an NHS
 * number, a spelling of the name) still finds the child. The name keys are
 * the found record's, the rest the offered one's.
 */
#define CANDIDATE_COLUMNS                                                                                    \
	"SELECT c.id, c.given_name, c.family_name, c.date_of_birth, c.expected_date_of_birth, c.la_code, "   \
	"la.name,"                                                                                           \
	" m.given_name_key, m.family_name_key, m.given_name_sound, m.family_name_sound"                      \
	" FROM children m JOIN children c ON c.id = coalesce(m.merged_into, m.id)"                           \
	" LEFT JOIN local_authorities la ON la.code = c.la_code"

static int strength_rank(const json_t *c)
{
	return strcmp(json_string_value(json_object_get(c, "strength")), "certain") == 0 ? 0 : 1;
}

static int compare_candidates(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int rx = strength_rank(x), ry = strength_rank(y);
	if (rx != ry)
		return rx - ry;
	size_t nx = json_array_size(json_object_get(x, "reasons")),
	       ny = json_array_size(json_object_get(y, "reasons"));
	if (nx != ny)
		return nx > ny ? -1 : 1;
	long long ix = json_integer_value(json_object_get(x, "id")),
	          iy = json_integer_value(json_object_get(y, "id"));
	return ix < iy ? -1 : ix > iy;
}

enum haven_status children_likely_matches(struct store_tx *tx, const struct child_identity *q, json_t **out)
{
	db_conn *db = db_tx_conn(tx);
	*out = NULL;
	json_t *found = json_array();
	enum haven_status st = HAVEN_OK;
	char ident[MATCH_UPN_SIZE];
	const char *date = match_given(q->date_of_birth) ? q->date_of_birth : q->expected_date_of_birth;
	bool query_born = match_given(q->date_of_birth);
	/* an identifier counts only with the same date (born or expected): without a date it matches nothing
	 */
	if (match_given(date) && match_given(q->nhs_number) &&
	    match_nhs_number_normalise(q->nhs_number, ident))
		st = certain_by(db_prepare(db, CANDIDATE_COLUMNS
		                           " WHERE m.nhs_number = ?1"
		                           " AND (m.date_of_birth = ?2 OR m.expected_date_of_birth = ?2)"),
		                ident, date, query_born, "same NHS number", found);
	if (st == HAVEN_OK && match_given(date) && match_given(q->upn) && match_upn_normalise(q->upn, ident))
		st = certain_by(db_prepare(db, CANDIDATE_COLUMNS
		                           " WHERE m.upn = ?1"
		                           " AND (m.date_of_birth = ?2 OR m.expected_date_of_birth = ?2)"),
		                ident, date, query_born, "same unique pupil number", found);

	if (st == HAVEN_OK && match_given(date)) {
		struct name_keys k;
		keys_of(q->given_name, q->family_name, &k);
		/* both indexes (children_by_birth, children_by_expected_birth) serve this OR */
		db_stmt *stmt = db_prepare(db, CANDIDATE_COLUMNS
		                           " WHERE m.date_of_birth = ?1 OR m.expected_date_of_birth = ?1");
		st = db_bind(stmt, DB_TEXT(date)) ? add_candidates(stmt, query_born, NULL, &k, found)
		                                  : HAVEN_ERR_DB;
	}
	if (st != HAVEN_OK) {
		json_decref(found);
		return st;
	}
	/* a certain match found again by date and name is still certain: its name reasons were merged in */
	json_sort_array(found, compare_candidates);
	*out = found;
	return HAVEN_OK;
}

/* ---- taking an existing record, accountably ---- */

enum haven_status children_audit_shown(struct store_tx *tx, const json_t *candidates,
                                       const struct actor *actor)
{
	db_conn *db = db_tx_conn(tx);
	size_t i;
	json_t *c;
	json_array_foreach(candidates, i, c)
	{
		enum haven_status st = audit_record(db_tx(db), actor, "child.match", "child",
		                                    json_integer_value(json_object_get(c, "id")), NULL);
		if (st != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}

enum haven_status children_take_offered(struct store_tx *tx, long long child_id,
                                        const struct child_identity *typed, const char *reason,
                                        const struct actor *actor)
{
	db_conn *db = db_tx_conn(tx);
	if (!actor || actor->agency_id <= 0)
		return HAVEN_ERR_NOT_FOUND;
	json_t *found = NULL;
	enum haven_status st = children_likely_matches(tx, typed, &found);
	if (st != HAVEN_OK)
		return st;
	bool offered = false;
	size_t i;
	json_t *c;
	json_array_foreach(found, i, c) offered =
	    offered || json_integer_value(json_object_get(c, "id")) == child_id;
	json_decref(found);
	if (!offered)
		return HAVEN_ERR_NOT_FOUND;
	if ((st = children_link(tx, child_id, actor->agency_id, "raised_concern")) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), actor, "child.link", "child", child_id, reason);
}

/* The identifiers as the register stores them: normalised, or "" when not given. */
struct stored_identifiers {
	char postcode[MATCH_POSTCODE_SIZE], upn[MATCH_UPN_SIZE], nhs[MATCH_NHS_SIZE];
};

static void identifiers_of(const struct child_identity *c, struct stored_identifiers *out)
{
	if (match_given(c->postcode) && !match_postcode_normalise(c->postcode, out->postcode))
		snprintf(out->postcode, sizeof out->postcode, "%.8s", c->postcode);
	if (!match_given(c->postcode))
		out->postcode[0] = '\0';
	if (!match_given(c->upn) || !match_upn_normalise(c->upn, out->upn))
		out->upn[0] = '\0';
	if (!match_given(c->nhs_number) || !match_nhs_number_normalise(c->nhs_number, out->nhs))
		out->nhs[0] = '\0';
}

/*
 * A child's identity as the register row holds it, in the order in which
 * children_update and children_insert name the columns (?1..?14). The values
 * point into `keys` and `ids` (and the identity), so the row must outlive the
 * statement.
 */
#define IDENTITY_VALUES 14
struct identity_row {
	struct name_keys keys;
	struct stored_identifiers ids;
	struct db_value values[IDENTITY_VALUES + 1]; /* and one more: the statement's last value */
};

static void identity_row_of(const struct child_identity *c, struct identity_row *row)
{
	keys_of(c->given_name, c->family_name, &row->keys);
	identifiers_of(c, &row->ids);
	const struct db_value values[IDENTITY_VALUES] = {
	    DB_TEXT(c->given_name ? c->given_name : ""),
	    DB_TEXT(c->family_name ? c->family_name : ""),
	    given_or_null(c->other_names),
	    given_or_null(c->date_of_birth),
	    given_or_null(c->expected_date_of_birth),
	    given_or_null(c->sex),
	    given_or_null(row->ids.postcode),
	    given_or_null(row->ids.upn),
	    given_or_null(row->ids.nhs),
	    c->la_code ? DB_INT(c->la_code) : DB_NULL,
	    DB_TEXT(row->keys.given_key),
	    DB_TEXT(row->keys.family_key),
	    DB_TEXT(row->keys.given_sound),
	    DB_TEXT(row->keys.family_sound),
	};
	memcpy(row->values, values, sizeof values);
}

/*
 * The keys of a child's other names (child_other_name_keys, 0180), one row a
 * name, written again whenever the record is: the search finds a child by
 * any of them through the agencies' name index, which 0180's triggers keep
 * in step with these rows.
 */
static enum haven_status write_other_name_keys(db_conn *db, long long child_id, const char *other_names)
{
	enum haven_status st =
	    db_exec_with(db, "DELETE FROM child_other_name_keys WHERE child_id = ?", DB_INT(child_id));
	const char *cursor = other_names;
	char key[MATCH_KEY_SIZE];
	while (st == HAVEN_OK && match_next_other_name_key(&cursor, key))
		st = db_exec_with(db,
		                  "INSERT INTO child_other_name_keys (child_id, name_key) VALUES (?, ?)"
		                  " ON CONFLICT (child_id, name_key) DO NOTHING",
		                  DB_INT(child_id), DB_TEXT(key));
	return st;
}

enum haven_status children_update(struct store_tx *tx, long long child_id, const struct child_identity *c)
{
	db_conn *db = db_tx_conn(tx);
	struct identity_row row;
	identity_row_of(c, &row);
	row.values[IDENTITY_VALUES] = DB_INT(child_id);
	enum haven_status st = db_exec_values(
	    db_prepare(
	        db,
	        "UPDATE children SET given_name = ?, family_name = ?, other_names = ?, date_of_birth = ?,"
	        " expected_date_of_birth = ?, sex = ?, postcode = ?, upn = ?, nhs_number = ?, la_code = ?,"
	        " given_name_key = ?, family_name_key = ?, given_name_sound = ?, family_name_sound = ? WHERE "
	        "id = ?"),
	    row.values, IDENTITY_VALUES + 1);
	if (st == HAVEN_OK)
		st = write_other_name_keys(db, child_id, c->other_names);
	if (st != HAVEN_OK)
		return st;
	/* the local authority link follows the child's area */
	st = db_exec_with(
	    db,
	    "DELETE FROM child_links WHERE child_id = ?1 AND relationship = 'local_authority' AND "
	    "agency_id NOT IN"
	    " (SELECT a.id FROM children c JOIN agencies a ON a.la_code = c.la_code WHERE c.id = ?1)",
	    DB_INT(child_id));
	if (st != HAVEN_OK)
		return st;
	return children_link_local_authority(tx, child_id);
}

enum haven_status children_insert(struct store_tx *tx, const struct child_identity *c,
                                  long long created_by_user_id, long long *id)
{
	struct identity_row row;
	identity_row_of(c, &row);
	row.values[IDENTITY_VALUES] = created_by_user_id > 0 ? DB_INT(created_by_user_id) : DB_NULL;
	db_conn *db = db_tx_conn(tx);
	enum haven_status st = db_integer_values(
	    db_prepare(
	        db, "INSERT INTO children (given_name, family_name, other_names, date_of_birth, "
	            "expected_date_of_birth, sex,"
	            " postcode, upn, nhs_number, la_code, given_name_key, family_name_key, given_name_sound,"
	            " family_name_sound, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	            " RETURNING id"),
	    id, row.values, IDENTITY_VALUES + 1);
	return st == HAVEN_OK ? write_other_name_keys(db, *id, c->other_names) : st;
}

enum haven_status children_link(struct store_tx *tx, long long child_id, long long agency_id,
                                const char *relationship)
{
	db_conn *db = db_tx_conn(tx);
	/* a record merged away links nobody: the link follows its merges to the record kept (a merge into a
	 * merged record is refused, but the kept record may itself be merged later, so the chain is walked)
	 */
	db_stmt *kept = db_prepare(
	    db,
	    "WITH RECURSIVE chain (id, next, depth) AS (SELECT id, merged_into, 0 FROM children WHERE id = ?1"
	    " UNION ALL SELECT c.id, c.merged_into, chain.depth + 1 FROM chain JOIN children c"
	    " ON c.id = chain.next WHERE chain.depth < 100)"
	    " SELECT (SELECT id FROM chain WHERE next IS NULL), (SELECT 1 FROM agencies WHERE id = ?2)");
	if (!db_bind(kept, DB_INT(child_id), DB_INT(agency_id)))
		return HAVEN_ERR_DB;
	bool both =
	    db_step(kept) == DB_STEP_ROW && !db_column_is_null(kept, 0) && db_column_int(kept, 1) == 1;
	long long kept_id = both ? db_column_int(kept, 0) : 0;
	db_done(kept);
	if (!both)
		return HAVEN_ERR_NOT_FOUND;
	return db_exec_with(db,
	                    "INSERT INTO child_links (child_id, agency_id, relationship) VALUES (?, ?, ?)"
	                    " ON CONFLICT (child_id, agency_id, relationship) DO NOTHING",
	                    DB_INT(kept_id), DB_INT(agency_id), DB_TEXT(relationship));
}

enum haven_status children_link_local_authority(struct store_tx *tx, long long child_id)
{
	db_conn *db = db_tx_conn(tx);
	return db_exec_with(
	    db,
	    "INSERT INTO child_links (child_id, agency_id, relationship)"
	    " SELECT c.id, a.id, 'local_authority' FROM children c"
	    " JOIN agencies a ON a.type = 'local_authority' AND a.la_code = c.la_code WHERE c.id = ?"
	    " ON CONFLICT (child_id, agency_id, relationship) DO NOTHING",
	    DB_INT(child_id));
}

enum haven_status children_fill_keys(struct store_tx *tx, long long *count)
{
	db_conn *db = db_tx_conn(tx);
	/* read all first: updating the rows being stepped over is not safe. A child with other names but
	 * no keys for them (the demo's, or a record from before 0180) is filled too: every other names a
	 * record takes has letters, so has a key */
	json_t *missing_keys = db_rows(db_prepare(
	    db, "SELECT id, given_name, family_name, other_names,"
	        " CASE WHEN given_name_key IS NULL OR family_name_key IS NULL OR given_name_sound IS NULL"
	        "  OR family_name_sound IS NULL THEN 1 ELSE 0 END AS names_missing"
	        " FROM children c WHERE given_name_key IS NULL OR family_name_key IS NULL"
	        " OR given_name_sound IS NULL OR family_name_sound IS NULL"
	        " OR (other_names IS NOT NULL AND NOT EXISTS"
	        "  (SELECT 1 FROM child_other_name_keys k WHERE k.child_id = c.id))"));
	if (!missing_keys)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *row;
	json_array_foreach(missing_keys, i, row)
	{
		long long id = json_integer_value(json_object_get(row, "id"));
		const char *given = json_string_value(json_object_get(row, "given_name")),
		           *family = json_string_value(json_object_get(row, "family_name"));
		struct name_keys k;
		keys_of(given ? given : "", family ? family : "", &k);
		if (json_integer_value(json_object_get(row, "names_missing")))
			st = db_exec_with(db,
			                  "UPDATE children SET given_name_key = ?, family_name_key = ?, "
			                  "given_name_sound = ?, family_name_sound = ?"
			                  " WHERE id = ?",
			                  DB_TEXT(k.given_key), DB_TEXT(k.family_key), DB_TEXT(k.given_sound),
			                  DB_TEXT(k.family_sound), DB_INT(id));
		if (st == HAVEN_OK)
			st = write_other_name_keys(db, id,
			                           json_string_value(json_object_get(row, "other_names")));
		if (st != HAVEN_OK)
			break;
	}
	if (count)
		*count = st == HAVEN_OK ? (long long)json_array_size(missing_keys) : 0;
	json_decref(missing_keys);
	return st;
}
