/*
 * settings_sqlite.c (training) — the SQLite side of the partnership's
 * training settings (store.h): the cancellation cut-off in working days,
 * one row of training_settings (migration 0196), read where the cut-off is
 * worked out and changed by the partnership team, audited.
 */
#include "areas/training/store.h"
#include "areas/training/store_sqlite.h"

#include <stdio.h>

#include "areas/training/rules.h"
#include "auth/audit.h"
#include "store/db.h"

enum haven_status training_cutoff_days_in(db_conn *db, int *days)
{
	*days = TRAINING_CUTOFF_DEFAULT;
	long long value = TRAINING_CUTOFF_DEFAULT;
	enum haven_status st = db_integer_with(
	    db, "SELECT cutoff_working_days FROM training_settings WHERE id = ?", &value, DB_INT(1));
	if (st == HAVEN_OK)
		*days = (int)value;
	return st;
}

enum haven_status training_cutoff_days(int *days)
{
	db_conn *db = db_reader();
	*days = TRAINING_CUTOFF_DEFAULT;
	return db ? training_cutoff_days_in(db, days) : HAVEN_ERR_DB;
}

enum haven_status training_settings(json_t **out)
{
	int days = TRAINING_CUTOFF_DEFAULT;
	enum haven_status st = training_cutoff_days(&days);
	if (st == HAVEN_OK)
		*out = json_pack("{s:i}", "cutoff_working_days", days);
	return st;
}

struct setting {
	int cutoff_working_days;
	const struct actor *actor;
};

static enum haven_status set_unit(db_conn *db, void *ctx)
{
	const struct setting *s = ctx;
	enum haven_status st =
	    db_exec_with(db, "UPDATE training_settings SET cutoff_working_days = ? WHERE id = 1",
	                 DB_INT(s->cutoff_working_days));
	if (st != HAVEN_OK)
		return st;
	char detail[48];
	snprintf(detail, sizeof detail, "cut-off %d working days", s->cutoff_working_days);
	return audit_record(db_tx(db), s->actor, "training.settings", NULL, 0, detail);
}

enum haven_status training_set_cutoff(int cutoff_working_days, const struct actor *actor)
{
	if (cutoff_working_days < TRAINING_CUTOFF_MIN || cutoff_working_days > TRAINING_CUTOFF_MAX)
		return HAVEN_ERR_INVALID;
	struct setting s = {cutoff_working_days, actor};
	return db_write(set_unit, &s);
}
