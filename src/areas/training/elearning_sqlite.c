/*
 * elearning_sqlite.c (training) — e-learning completions: the import's
 * insert (duplicates counted, not added) and the paged list for a period.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>

#include "areas/training/elearning.h"
#include "auth/audit.h"

struct elearning_import {
	struct elearning_row *rows;
	size_t count;
};

static enum haven_status write_elearning(db_conn *db, void *ctx)
{
	struct elearning_import *w = ctx;
	size_t added = 0;
	for (size_t i = 0; i < w->count; i++) {
		struct elearning_row *r = &w->rows[i];
		if (r->reason)
			continue;
		long long user = 0;
		enum haven_status st =
		    db_integer_with(db, "SELECT id FROM users WHERE email = ?", &user, DB_TEXT(r->email));
		if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
			return HAVEN_ERR_DB;
		if (!user) {
			r->reason = "no Haven account has this email";
			r->outcome = ELEARNING_REJECTED;
			continue;
		}
		/* DO NOTHING: the unique (user, module, date) makes a repeat a duplicate, within the file or
		 * across imports */
		long long inserted = 0;
		st = db_exec_changed_with(db,
		                          "INSERT INTO training_elearning_completions (user_id, module, "
		                          "completed_on) VALUES (?, ?, ?)"
		                          " ON CONFLICT (user_id, module, completed_on) DO NOTHING",
		                          &inserted, DB_INT(user), DB_TEXT(r->module),
		                          DB_TEXT(r->completed_on));
		if (st != HAVEN_OK)
			return st;
		r->outcome = inserted == 1 ? ELEARNING_ADDED : ELEARNING_DUPLICATE;
		if (r->outcome == ELEARNING_ADDED)
			added++;
	}
	char detail[32];
	snprintf(detail, sizeof detail, "%zu", added);
	/* built by hand, not with audit_record: the row's id is how many were added (0 too), not a record */
	struct audit_event e = {
	    .action = "training.elearning_import",
	    .resource_type = "training_elearning_completions",
	    .resource_id = detail, /* how many were added: the rows themselves are in the table */
	};
	return audit_append(db_tx(db), &e);
}

enum haven_status training_elearning_import(struct elearning_row *rows, size_t count)
{
	struct elearning_import w = {rows, count};
	enum haven_status st = db_write(write_elearning, &w);
	if (st != HAVEN_OK) /* rolled back: no outcome set in the unit stands */
		for (size_t i = 0; i < count; i++)
			if (!rows[i].reason)
				rows[i].outcome = ELEARNING_REJECTED;
	return st;
}

/*
 * Completions dated in [?1, ?2] by (completed_on, id), newest first, a page
 * at a time from the cursor completion ?3, on training_elearning_by_date.
 */
#define ELEARNING_PAGE(CMP, ORDER, NO_ROW, PICK)                                                             \
	"SELECT e.id, e.module, e.completed_on, u.name, u.email, g.name AS agency_name"                      \
	" FROM training_elearning_completions e JOIN users u ON u.id = e.user_id"                            \
	" JOIN agencies g ON g.id = u.agency_id WHERE e.completed_on BETWEEN ?1 AND ?2"                      \
	" AND (e.completed_on, e.id) " CMP " (SELECT completed_on, id FROM training_elearning_completions k" \
	" WHERE k.id = ?3 UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"              \
	" ORDER BY e.completed_on " ORDER ", e.id " ORDER " LIMIT ?4"

enum haven_status training_elearning_list(const char *from, const char *to, const struct page *page,
                                          json_t **out, long long *total)
{
	const struct paged_rows completions = {
	    .after = DB_SQL(ELEARNING_PAGE("<", "DESC", "'~', 0", "ASC")),
	    .before = DB_SQL(ELEARNING_PAGE(">", "ASC", "'', 0", "DESC")),
	    .count = DB_SQL("SELECT count(*) FROM (SELECT 1 FROM training_elearning_completions"
	                    " WHERE completed_on BETWEEN ?1 AND ?2 LIMIT ?3) AS page"),
	    .none_after = 0};
	return paged_rows_read(page, &completions, DB_VALUES(DB_TEXT(from), DB_TEXT(to)), out, total);
}
