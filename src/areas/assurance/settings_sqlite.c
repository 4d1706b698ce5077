/*
 * settings_sqlite.c (assurance) — the SQLite side of the partnership's
 * quality assurance settings (store.h): how often each kind of audit comes
 * round, in whole months, one row of assurance_settings (migration 0197),
 * read for the cycles page's next-due dates and changed by the partnership
 * team, audited.
 */
#include "areas/assurance/store.h"

#include <stdio.h>

#include "areas/assurance/rules.h"
#include "auth/audit.h"
#include "store/db.h"

enum haven_status assurance_intervals(struct assurance_intervals *out)
{
	out->section11_months = ASSURANCE_SECTION11_MONTHS_DEFAULT;
	out->section175_months = ASSURANCE_SECTION175_MONTHS_DEFAULT;
	json_t *row = NULL;
	enum haven_status st = db_row_with(
	    db_reader(), "SELECT section11_months, section175_months FROM assurance_settings WHERE id = ?",
	    &row, DB_INT(1));
	if (st != HAVEN_OK)
		return st;
	out->section11_months = (int)json_integer_value(json_object_get(row, "section11_months"));
	out->section175_months = (int)json_integer_value(json_object_get(row, "section175_months"));
	json_decref(row);
	return HAVEN_OK;
}

enum haven_status assurance_settings(json_t **out)
{
	struct assurance_intervals in;
	enum haven_status st = assurance_intervals(&in);
	if (st == HAVEN_OK)
		*out = json_pack("{s:i, s:i}", "section11_months", in.section11_months, "section175_months",
		                 in.section175_months);
	return st;
}

struct setting {
	const struct assurance_intervals *in;
	const struct actor *actor;
};

static enum haven_status set_unit(db_conn *db, void *ctx)
{
	const struct setting *s = ctx;
	enum haven_status st = db_exec_with(
	    db, "UPDATE assurance_settings SET section11_months = ?, section175_months = ? WHERE id = 1",
	    DB_INT(s->in->section11_months), DB_INT(s->in->section175_months));
	if (st != HAVEN_OK)
		return st;
	char detail[80];
	snprintf(detail, sizeof detail, "Section 11 every %d months, Section 175/157 every %d",
	         s->in->section11_months, s->in->section175_months);
	return audit_record(db_tx(db), s->actor, "qa.settings", NULL, 0, detail);
}

static bool in_range(int months)
{
	return months >= ASSURANCE_MONTHS_MIN && months <= ASSURANCE_MONTHS_MAX;
}

enum haven_status assurance_set_intervals(const struct assurance_intervals *in, const struct actor *actor)
{
	if (!in_range(in->section11_months) || !in_range(in->section175_months))
		return HAVEN_ERR_INVALID;
	struct setting s = {in, actor};
	return db_write(set_unit, &s);
}
